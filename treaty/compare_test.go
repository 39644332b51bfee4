package treaty

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestCompareReadingsCounterexamplesRun checks, on random pairs of
// readings, that every counterexample is a scenario under which the two
// readings' statuses differ and that passes its own expectations, and that
// the relation agrees with the statuses over every completion of the
// facts.
func TestCompareReadingsCounterexamplesRun(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 2026))
	atoms := []string{"a", "b", "c", "n > 1", "n < 3", "n == 2"}
	gen := func() string {
		var build func(depth int) string
		build = func(depth int) string {
			if depth == 0 || r.IntN(3) == 0 {
				return atoms[r.IntN(len(atoms))]
			}
			op := []string{"and", "or"}[r.IntN(2)]
			s := "(" + build(depth-1) + " " + op + " " + build(depth-1) + ")"
			if r.IntN(4) == 0 {
				s = "not " + s
			}
			return s
		}
		return build(3)
	}
	checked := 0
	for n := range 50 {
		m := bystander(t)
		m.Facts = []FactDecl{{Field: conditions.Field{Name: "a", Type: conditions.Bool}}, {Field: conditions.Field{Name: "b", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "c", Type: conditions.Bool}}, {Field: conditions.Field{Name: "n", Type: conditions.Number}}}
		ca, cb := gen(), gen()
		m.Instruments[0].Clauses[0].Condition = cond(t, ca)
		m.Instruments[1].Relations[0] = Relation{Kind: ReplacesCondition, Target: "cede", Condition: cond(t, cb)}
		s := &Scenario{ID: fmt.Sprint("case", n), AsOf: MustDate("2002-01-01"), Facts: map[string]Fact{}}
		if r.IntN(2) == 0 {
			s.Facts["a"] = Fact{Value: r.IntN(2) == 0}
		}
		c, err := CompareReadings(m, s, "cede", "A", "B")
		require.NoError(t, err)
		name := fmt.Sprintf("A: %s; B: %s; facts %v", ca, cb, s.Facts)

		// Every completion over a grid that covers the regions of n.
		seen := map[[2]Status]bool{}
		for mask := range 8 {
			for _, nv := range []float64{0, 1, 1.5, 2, 2.5, 3, 4} {
				f := map[string]Fact{"n": {Value: nv}}
				for i, name := range []string{"a", "b", "c"} {
					f[name] = Fact{Value: mask&(1<<i) != 0}
				}
				if v, ok := s.Facts["a"]; ok {
					f["a"] = v
				}
				rep, err := Evaluate(m, &Scenario{ID: "x", AsOf: s.AsOf, Facts: f}, ForClauses("cede"), ForReadings("A", "B"))
				require.NoError(t, err)
				seen[[2]Status{rep.Results[0].Status, rep.Results[1].Status}] = true
			}
		}
		assert.Equal(t, !seen[[2]Status{Due, NotDue}], c.AImpliesB, "A implies B: %s", name)
		assert.Equal(t, !seen[[2]Status{NotDue, Due}], c.BImpliesA, "B implies A: %s", name)
		assert.Equal(t, !seen[[2]Status{Due, Due}], c.Disjoint, "disjoint: %s", name)
		if c.Relation == conditions.Equivalent {
			assert.Nil(t, c.Counterexample, name)
			continue
		}
		require.NotNil(t, c.Counterexample, name)
		ce := c.Counterexample
		rep, err := Evaluate(m, ce)
		require.NoError(t, err)
		assert.Empty(t, rep.Check(ce.Expect), "the counterexample passes its expectations: %s", name)
		require.Len(t, ce.Expect, 2)
		assert.NotEqual(t, ce.Expect[0].Status, ce.Expect[1].Status, "the statuses differ: %s", name)
		checked++
	}
	assert.Greater(t, checked, 12, "enough cases with a counterexample")
}
