package treaty

import (
	"fmt"
	"strings"
)

// findDisputes lists the clauses whose status differs between readings.
func findDisputes(results []Result) []Dispute {
	byClause := map[string][]Result{}
	var order []string
	for _, r := range results {
		if _, ok := byClause[r.Clause]; !ok {
			order = append(order, r.Clause)
		}
		byClause[r.Clause] = append(byClause[r.Clause], r)
	}
	disputes := []Dispute{}
	for _, id := range order {
		rs := byClause[id]
		differ := false
		for _, r := range rs[1:] {
			if r.Status != rs[0].Status {
				differ = true
			}
		}
		if !differ {
			continue
		}
		d := Dispute{Clause: id}
		count := map[string]int{}
		seen := map[string]Part{}
		var keys []string
		var desc []string
		inForce := 0
		for _, r := range rs {
			d.Statuses = append(d.Statuses, ReadingStatus{Reading: r.Reading, Status: r.Status, Value: r.Value})
			if r.Status == NotInForce {
				// The difference is not in the condition but in
				// whether the clause applies at all: say why.
				desc = append(desc, fmt.Sprintf("%s %s (%s)", r.Reading, r.Status, r.Reason))
				continue
			}
			inForce++
			desc = append(desc, fmt.Sprintf("%s %s", r.Reading, r.Status))
			for _, p := range r.Parts {
				k := p.Origin + "\x00" + p.Condition
				if _, ok := seen[k]; !ok {
					seen[k] = p
					keys = append(keys, k)
				}
				count[k]++
			}
		}
		d.Parts = []Part{}
		var diff []string
		for _, k := range keys {
			if count[k] < inForce {
				p := seen[k]
				d.Parts = append(d.Parts, p)
				diff = append(diff, fmt.Sprintf("%q (%s by %s)", p.Condition, strings.ReplaceAll(p.Relation, "_", " "), p.Origin))
			}
		}
		d.Summary = fmt.Sprintf("%s: %s", id, strings.Join(desc, ", "))
		if len(diff) > 0 {
			d.Summary += "; differs by " + strings.Join(diff, ", ")
		}
		disputes = append(disputes, d)
	}
	return disputes
}
