package treaty

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// randomPowerModel returns a small random model with one power in
// instrument "t" and a scenario whose facts are all known.
func randomPowerModel(rng *rand.Rand) (*Model, *Scenario) {
	facts := []string{"f0", "f1", "f2", "ex", "bl", "done"}
	m := &Model{ID: "prop"}
	for _, f := range facts {
		m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: f, Type: conditions.Bool}})
	}
	m.Parties = []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}}
	cond := func() conditions.Expr {
		switch rng.IntN(5) {
		case 0:
			return conditions.Expr{}
		case 1:
			return conditions.MustParse(fmt.Sprintf("not f%d", rng.IntN(3)))
		case 2:
			return conditions.MustParse(fmt.Sprintf("f%d or f%d", rng.IntN(3), rng.IntN(3)))
		}
		return conditions.MustParse(fmt.Sprintf("f%d", rng.IntN(3)))
	}
	t := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: MustDate("2000-01-01")}
	n := 1 + rng.IntN(3)
	for i := range n {
		c := Clause{ID: fmt.Sprintf("c%d", i), Kind: []Deontic{Obligation, Prohibition, Permission}[rng.IntN(3)],
			Bearer: "A", Action: "act", Condition: cond(), Dormant: rng.IntN(4) == 0}
		if rng.IntN(2) == 0 {
			c.Performed = "done"
		}
		t.Clauses = append(t.Clauses, c)
	}
	pt := &PowerTerms{Exercise: "ex", After: Period{Days: rng.IntN(40)}}
	if rng.IntN(2) == 0 {
		pt.BlockedBy = conditions.MustParse("bl")
	}
	for i := range n {
		if rng.IntN(3) == 0 && !t.Clauses[i].Dormant {
			continue
		}
		var e Relation
		switch k := rng.IntN(4); {
		case t.Clauses[i].Dormant:
			e = Relation{Kind: Activates}
		case k == 0:
			e = Relation{Kind: Terminates}
		case k == 1:
			e = Relation{Kind: Suspends}
		case k == 2:
			e = Relation{Kind: AddsCondition, Condition: conditions.MustParse(fmt.Sprintf("f%d", rng.IntN(3)))}
		default:
			e = Relation{Kind: ReplacesCondition, Condition: conditions.MustParse(fmt.Sprintf("not f%d", rng.IntN(3)))}
		}
		e.Target = t.Clauses[i].ID
		pt.Effects = append(pt.Effects, e)
	}
	if len(pt.Effects) == 0 {
		pt.Effects = []Relation{{Kind: Terminates, Target: "c0"}}
		if t.Clauses[0].Dormant {
			pt.Effects[0].Kind = Activates
		}
	}
	t.Clauses = append(t.Clauses, Clause{ID: "p", Kind: Power, Bearer: "A", Action: "exercise", Condition: cond(), Power: pt})
	m.Instruments = []Instrument{t}
	if rng.IntN(2) == 0 {
		// A statement only B's reading counts, adding to a clause.
		m.Instruments = append(m.Instruments, Instrument{ID: "s", Title: "S", Kind: KindStatement, Author: "B",
			Signed: MustDate("2000-03-01"), Relations: []Relation{{Kind: AddsCondition, Target: "c0", Condition: conditions.MustParse(fmt.Sprintf("f%d", rng.IntN(3)))}}})
	}
	sc := &Scenario{ID: "s", AsOf: MustDate("2000-01-01").AddDays(rng.IntN(400)), Facts: map[string]Fact{}}
	for _, f := range facts {
		fv := Fact{Value: rng.IntN(2) == 0}
		if f == "ex" {
			fv.Value = false
		}
		d := MustDate("1999-12-01")
		for range rng.IntN(5) {
			d = d.AddDays(1 + rng.IntN(90))
			fv.History = append(fv.History, Change{From: d, Value: rng.IntN(2) == 0})
		}
		sc.Facts[f] = fv
	}
	return m, sc
}

// factOn returns the value of fact name on date d in s (the plain
// definition: the base value, then the last change on or before d).
func factOn(s *Scenario, name string, d Date) any {
	f, ok := s.Facts[name]
	if !ok {
		return nil
	}
	v := f.Value
	for _, ch := range f.History {
		if !ch.From.After(d) {
			v = ch.Value
		}
	}
	return v
}

func factsOnDate(s *Scenario, d Date) conditions.Facts {
	out := conditions.Facts{}
	for name := range s.Facts {
		if v := factOn(s, name, d); v != nil {
			out[name] = v
		}
	}
	return out
}

// expandPower returns m with its power "p" replaced by the relations it
// produced, dated as the plain definition gives, day by day: the first
// exercise (a day on which "ex" turns true) on which the power's
// instrument is in force and its condition holds, and after which "bl"
// holds on none of the days of the delay, takes effect after the delay.
func expandPower(t *testing.T, m *Model, s *Scenario) *Model {
	t.Helper()
	out := cloneModel(m)
	inst := &out.Instruments[0]
	k := slices.IndexFunc(inst.Clauses, func(c Clause) bool { return c.ID == "p" })
	p := inst.Clauses[k]
	inst.Clauses = slices.Delete(inst.Clauses, k, k+1)
	var eff Date
	prev := false
	for d := MustDate("1999-11-01"); d.Before(MustDate("2002-01-01")) && eff.IsZero(); d = d.AddDays(1) {
		now := factOn(s, "ex", d) == true
		if now && !prev && !d.Before(inst.Signed) {
			res, err := conditions.Eval(p.Condition, factsOnDate(s, d))
			require.NoError(t, err)
			end := d.Add(p.Power.After)
			blocked := false
			for y := d; y.Before(end) && !p.Power.BlockedBy.IsZero(); y = y.AddDays(1) {
				if b, err := conditions.Eval(p.Power.BlockedBy, factsOnDate(s, y)); err == nil && b.Value == conditions.True {
					blocked = true
				}
			}
			if res.Value == conditions.True && !blocked {
				eff = end
			}
		}
		prev = now
	}
	if !eff.IsZero() {
		for _, e := range p.Power.Effects {
			e.From = eff
			inst.Relations = append(inst.Relations, e)
		}
	}
	return out
}

// TestPowerEqualsExpandedModel checks, on random small models, that
// evaluating a model with a power gives, for every other clause and
// reading, exactly the results of the plain model in which the power is
// replaced by the relations it produced, dated by hand.
func TestPowerEqualsExpandedModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	effective := 0
	defer func(min int) { incrementalMin = min }(incrementalMin)
	for i := range 300 {
		// Every other case composes conditions incrementally.
		incrementalMin = 16
		if i%2 == 1 {
			incrementalMin = 1
		}
		m, s := randomPowerModel(rng)
		plain := expandPower(t, m, s)
		got, err := Evaluate(m, s)
		require.NoError(t, err, "case %d", i)
		want, err := Evaluate(plain, s)
		require.NoError(t, err, "case %d", i)
		var gotRes []Result
		for _, r := range got.Results {
			if r.Clause != "p" {
				gotRes = append(gotRes, r)
			}
		}
		if len(plain.Instruments[0].Relations) > 0 {
			effective++
		}
		if diff := cmp.Diff(want.Results, gotRes); diff != "" {
			mj, _ := m.Encode()
			sj, _ := s.Encode()
			t.Fatalf("case %d: power model and expanded model differ (-expanded +power):\n%s\nmodel: %s\nscenario: %s", i, diff, mj, sj)
		}
	}
	// The cases must exercise both outcomes.
	require.Greater(t, effective, 50)
	require.Less(t, effective, 250)
}
