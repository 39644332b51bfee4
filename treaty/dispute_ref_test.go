package treaty

import "github.com/treatycond/treatycond/conditions"

// refDisputedRegion is the former disputedRegion, kept as the reference
// of the differential test: it compares every pair of readings.
func refDisputedRegion(lives []liveReading, facts conditions.Facts) ([]DisputedAssignment, error) {
	out := []DisputedAssignment{}
	var differ []conditions.Expr
	for i := range lives {
		for j := i + 1; j < len(lives); j++ {
			a, b := lives[i].cond, lives[j].cond
			differ = append(differ,
				conditions.And(a, conditions.Not(b)),
				conditions.And(conditions.Not(a), b))
		}
	}
	if len(differ) == 0 {
		return out, nil
	}
	region, err := takes(conditions.Or(differ...), facts, conditions.True)
	if err != nil || len(region) == 0 {
		return out, err
	}
	for i := range lives {
		l := &lives[i]
		if l.due == nil {
			if l.due, err = takes(l.cond, facts, conditions.True); err != nil {
				return nil, err
			}
		}
		if l.not == nil {
			if l.not, err = takes(l.cond, facts, conditions.False); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range region {
		d := DisputedAssignment{Assignment: a}
		for _, l := range lives {
			st := Undetermined
			switch {
			case containsSubset(a, l.due):
				st = Due
			case containsSubset(a, l.not):
				st = NotDue
			}
			d.Statuses = append(d.Statuses, ReadingStatus{Reading: l.id, Status: st, Value: truthOf(st)})
		}
		out = append(out, d)
	}
	return out, nil
}
