package treaty

// ReadingGroup is a set of readings that agree on something about a
// clause: Key is what they agree on, as [Report.GroupReadings] was told to
// compute it.
type ReadingGroup struct {
	Key      string
	Readings []string
}

// GroupReadings groups the readings of the report's results for clause by
// key(result), so that readings that agree are said once: for example by
// status and reason, or by effective condition. Groups come in the order
// their first reading appears in Results, and the readings of a group in
// Results order. A clause the report has no result for gives no groups.
func (r *Report) GroupReadings(clause string, key func(Result) string) []ReadingGroup {
	if r == nil {
		return nil
	}
	var groups []ReadingGroup
	index := map[string]int{}
	for _, res := range r.Results {
		if res.Clause != clause {
			continue
		}
		k := key(res)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, ReadingGroup{Key: k})
		}
		groups[i].Readings = append(groups[i].Readings, res.Reading)
	}
	return groups
}
