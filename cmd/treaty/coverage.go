package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// coverage collects, per model, what the checked expectations of
// 'treaty test --coverage' exercise.
type coverage struct {
	order  []string // model paths in order of first use
	models map[string]*modelCov
}

// modelCov is the coverage of one model: every item, and those hit.
type modelCov struct {
	path      string
	m         *treaty.Model
	scenarios int
	// Each category maps the item's name to whether it was exercised;
	// names lists them in model order.
	cats [4]covCat
}

type covCat struct {
	names []string
	hit   map[string]bool
}

func (c *covCat) declare(name string) {
	if _, ok := c.hit[name]; !ok {
		c.hit[name] = false
		c.names = append(c.names, name)
	}
}

// Coverage categories.
const (
	covInstruments = iota
	covRelations
	covReadingStatuses
	covAtoms
)

func newCoverage() *coverage { return &coverage{models: map[string]*modelCov{}} }

// statuses lists every status, in the order of the package documentation.
var statuses = []treaty.Status{treaty.NotInForce, treaty.NotDue, treaty.Undetermined, treaty.Due, treaty.Fulfilled, treaty.Violated}

// relationName names the j-th relation of instrument inst.
func relationName(inst *treaty.Instrument, j int) string {
	r := inst.Relations[j]
	return fmt.Sprintf("%s/relations/%d (%s %s)", inst.ID, j, r.Kind, r.Target)
}

// model returns the coverage of the model at path, declaring its items
// the first time.
func (c *coverage) model(path string, m *treaty.Model) *modelCov {
	abs := absPath(path)
	if mc, ok := c.models[abs]; ok {
		return mc
	}
	mc := &modelCov{path: path, m: m}
	for i := range mc.cats {
		mc.cats[i].hit = map[string]bool{}
	}
	c.models[abs] = mc
	c.order = append(c.order, abs)
	readings := m.Readings
	if len(readings) == 0 {
		for _, p := range m.Parties {
			readings = append(readings, treaty.Reading{ID: p.ID, Party: p.ID})
		}
	}
	// Fulfilled and violated are reachable only with a clause whose
	// performance is a fact (and, for violated, a deadline or a
	// prohibition): without one they are not items.
	reachable := map[treaty.Status]bool{treaty.NotInForce: true, treaty.NotDue: true, treaty.Undetermined: true, treaty.Due: true}
	for i := range m.Instruments {
		for _, cl := range m.Instruments[i].Clauses {
			if cl.Performed != "" {
				reachable[treaty.Fulfilled] = true
				if cl.Deadline != nil || cl.Kind == treaty.Prohibition {
					reachable[treaty.Violated] = true
				}
			}
		}
	}
	for _, r := range readings {
		id := cmpOr(r.ID, r.Party)
		for _, st := range statuses {
			if !reachable[st] {
				continue
			}
			mc.cats[covReadingStatuses].declare(id + " " + string(st))
		}
	}
	// Conditions that relations add or put in place count for the
	// clauses they target (or every clause of a targeted instrument).
	relConds := map[string][]conditions.Expr{}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		if len(inst.Clauses) > 0 || slices.ContainsFunc(inst.Relations, effectual) {
			mc.cats[covInstruments].declare(inst.ID)
		}
		for j, r := range inst.Relations {
			if effectual(r) {
				mc.cats[covRelations].declare(relationName(inst, j))
			}
			if !r.Condition.IsZero() {
				relConds[r.Target] = append(relConds[r.Target], r.Condition)
			}
		}
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		for _, cl := range inst.Clauses {
			conds := append([]conditions.Expr{cl.Condition}, relConds[cl.ID]...)
			conds = append(conds, relConds[inst.ID]...)
			for _, e := range conds {
				if e.IsZero() {
					continue
				}
				r, err := conditions.Eval(e, nil)
				if err != nil {
					continue
				}
				for _, a := range atomsOf(r.Explanation, false) {
					mc.cats[covAtoms].declare(cl.ID + ": " + a)
				}
			}
		}
	}
	return mc
}

// effectual reports whether a relation of kind r can change a result:
// reaffirmations and rejections change nothing by themselves, so they are
// not coverage items.
func effectual(r treaty.Relation) bool {
	return r.Kind != treaty.Reaffirms && r.Kind != treaty.Rejects
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// atomsOf returns the texts of the atoms under x: the nodes that are not
// and, or, not, atleast or a literal. With decisiveOnly it returns only
// the atoms that decided their parent (the root counts as decisive: it
// decides the clause), reached through decisive nodes.
func atomsOf(x *conditions.Explanation, decisiveOnly bool) []string {
	var out []string
	var walk func(n *conditions.Explanation, root bool)
	walk = func(n *conditions.Explanation, root bool) {
		if n == nil || (decisiveOnly && !root && !n.Decisive) {
			return
		}
		switch n.Op {
		case "and", "or", "not", "atleast":
			for _, c := range n.Children {
				walk(c, false)
			}
		case "literal":
		default:
			out = append(out, n.Expr)
		}
	}
	walk(x, true)
	return out
}

// add records what the expectations selected (indexes into s.Expect) of
// scenario s exercise in rep, the report of s on the model m at path.
func (c *coverage) add(path string, m *treaty.Model, rep *treaty.Report, s *treaty.Scenario, selected []int) {
	mc := c.model(path, m)
	mc.scenarios++
	relOf := map[string]bool{} // instrument id -> has relations
	for i := range m.Instruments {
		relOf[m.Instruments[i].ID] = len(m.Instruments[i].Relations) > 0
	}
	for _, i := range selected {
		x := s.Expect[i]
		res, ok := rep.Result(x.Clause, x.Reading)
		if !ok {
			continue
		}
		hit := func(cat int, name string) {
			if _, declared := mc.cats[cat].hit[name]; declared {
				mc.cats[cat].hit[name] = true
			}
		}
		hit(covInstruments, res.Instrument)
		hit(covReadingStatuses, res.Reading+" "+string(res.Status))
		for _, p := range res.Parts {
			hit(covInstruments, p.Origin)
		}
		for k := range m.Instruments {
			inst := &m.Instruments[k]
			for j, r := range inst.Relations {
				if r.Target != res.Clause && r.Target != res.Instrument {
					continue
				}
				used := false
				switch r.Kind {
				case treaty.AddsCondition, treaty.ReplacesCondition:
					used = slices.ContainsFunc(res.Parts, func(p treaty.Part) bool {
						return p.Origin == inst.ID && p.Relation == string(r.Kind) && p.Condition == r.Condition.String()
					})
				default:
					// Suspensions and endings put the clause out of force
					// with a reason that names them.
					// A fulfilled or violated status kept after the end
					// names the ending in Ended.
					used = res.Status == treaty.NotInForce &&
						strings.HasPrefix(res.Reason, inst.ID+" "+string(r.Kind)+" "+r.Target+" from ") ||
						res.Ended != nil && res.Ended.By == inst.ID && res.Ended.How == string(r.Kind)
				}
				if used {
					hit(covRelations, relationName(inst, j))
					hit(covInstruments, inst.ID)
				}
			}
		}
		for _, a := range atomsOf(res.Explanation, true) {
			hit(covAtoms, res.Clause+": "+a)
		}
	}
}

// modelCoverage is the coverage of one model in 'treaty test --coverage'.
type modelCoverage struct {
	Model string `json:"model"`
	File  string `json:"file"`
	// Scenarios counts the scenarios with checked expectations.
	Scenarios int `json:"scenarios"`
	// Percent is the share of all the items below that is exercised.
	Percent         float64     `json:"percent"`
	Instruments     coverageSet `json:"instruments"`
	Relations       coverageSet `json:"relations"`
	ReadingStatuses coverageSet `json:"reading_statuses"`
	Atoms           coverageSet `json:"atoms"`
}

// coverageSet is one category of items.
type coverageSet struct {
	Covered int `json:"covered"`
	Total   int `json:"total"`
	// Exercised and Missed list the items' names in model order.
	Exercised []string `json:"exercised"`
	Missed    []string `json:"missed"`
}

func (c *coverage) report() []modelCoverage {
	out := []modelCoverage{}
	for _, abs := range c.order {
		mc := c.models[abs]
		var sets [4]coverageSet
		covered, total := 0, 0
		for i, cat := range mc.cats {
			s := coverageSet{Exercised: []string{}, Missed: []string{}, Total: len(cat.names)}
			for _, n := range cat.names {
				if cat.hit[n] {
					s.Exercised = append(s.Exercised, n)
				} else {
					s.Missed = append(s.Missed, n)
				}
			}
			s.Covered = len(s.Exercised)
			covered += s.Covered
			total += s.Total
			sets[i] = s
		}
		pct := 100.0
		if total > 0 {
			pct = float64(int(1000*float64(covered)/float64(total))) / 10 // round down to 0.1
		}
		out = append(out, modelCoverage{Model: mc.m.ID, File: mc.path, Scenarios: mc.scenarios, Percent: pct,
			Instruments: sets[covInstruments], Relations: sets[covRelations], ReadingStatuses: sets[covReadingStatuses], Atoms: sets[covAtoms]})
	}
	return out
}

// writeCoverageText writes the coverage section of the text output.
func writeCoverageText(w io.Writer, d *testDoc) {
	for _, mc := range d.Coverage {
		fmt.Fprintf(w, "\ncoverage of model %s (%s) by %d scenario%s: %s of items exercised\n", mc.Model, mc.File, mc.Scenarios, plural(mc.Scenarios), formatPercent(mc.Percent))
		for _, c := range []struct {
			name string
			set  coverageSet
		}{
			{"instruments", mc.Instruments},
			{"relations", mc.Relations},
			{"reading statuses", mc.ReadingStatuses},
			{"decisive atoms", mc.Atoms},
		} {
			fmt.Fprintf(w, "  %-17s %d/%d", c.name+":", c.set.Covered, c.set.Total)
			if len(c.set.Missed) > 0 {
				fmt.Fprintf(w, "; not exercised: %s", strings.Join(c.set.Missed, ", "))
			}
			fmt.Fprintln(w)
		}
	}
	if d.CoverageMin != nil {
		for _, mc := range d.Coverage {
			if mc.Percent < *d.CoverageMin {
				fmt.Fprintf(w, "FAIL coverage of model %s: %s, below --coverage-min %s\n", mc.Model, formatPercent(mc.Percent), formatPercent(*d.CoverageMin))
			}
		}
	}
	fmt.Fprintln(w)
}
