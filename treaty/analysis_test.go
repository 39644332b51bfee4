package treaty

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// kurilLike is the founding case reduced to its logic: a clause conditioned
// on a peace treaty, and a memorandum by the bearer adding the withdrawal
// of foreign troops, which the other party rejects.
func kurilLike(t *testing.T, clause, added string) *Model {
	return &Model{
		ID: "kuril-like",
		Facts: []FactDecl{
			{Field: conditions.Field{Name: "a", Type: conditions.Bool}}, {Field: conditions.Field{Name: "b", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "c", Type: conditions.Bool}}, {Field: conditions.Field{Name: "d", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "peace", Type: conditions.Bool}}, {Field: conditions.Field{Name: "withdrawn", Type: conditions.Bool}},
		},
		Parties: []Party{{ID: "JP", Name: "Japan"}, {ID: "SU", Name: "USSR"}},
		Instruments: []Instrument{
			{ID: "decl", Title: "Declaration", Kind: KindJointDeclaration, Parties: []string{"JP", "SU"}, Signed: MustDate("1956-10-19"), InForce: MustDate("1956-12-12"),
				Clauses: []Clause{{ID: "transfer", Kind: Obligation, Bearer: "SU", Action: "transfer", Condition: cond(t, clause)}}},
			{ID: "memo", Title: "Memorandum", Kind: KindMemorandum, Author: "SU", Signed: MustDate("1960-01-27"),
				Relations: []Relation{{Kind: AddsCondition, Target: "transfer", Condition: cond(t, added)}}},
		},
		Readings: []Reading{{ID: "JP", Party: "JP"}, {ID: "SU", Party: "SU"}},
	}
}

func TestWhatItTakesKuril(t *testing.T) {
	m := kurilLike(t, "peace", "withdrawn")
	s := &Scenario{ID: "open", AsOf: MustDate("2018-12-31")}
	p, err := WhatItTakes(m, s, "transfer")
	require.NoError(t, err)

	require.Len(t, p.Readings, 2)
	assert.Equal(t, []conditions.Assignment{{"peace": true}}, p.Readings[0].ToBeDue, "Japan needs a peace treaty")
	assert.Equal(t, []conditions.Assignment{{"peace": true, "withdrawn": true}}, p.Readings[1].ToBeDue, "Russia needs a peace treaty and the withdrawal")
	assert.Equal(t, []conditions.Assignment{{"peace": false}}, p.Readings[0].ToBeNotDue)
	assert.Len(t, p.Readings[1].ToBeNotDue, 2, "either missing condition keeps it from being due under Russia's reading")
	assert.Equal(t, []conditions.Assignment{{"peace": true, "withdrawn": true}}, p.CommonGround, "both readings agree once both hold")
	require.Len(t, p.Disputed, 1)
	assert.Equal(t, conditions.Assignment{"peace": true, "withdrawn": false}, p.Disputed[0].Assignment, "a peace treaty without withdrawal is disputed")
	assert.Equal(t, []ReadingStatus{{"JP", Due, conditions.True}, {"SU", NotDue, conditions.False}}, p.Disputed[0].Statuses)

	// Known facts are fixed unless opened.
	s.Facts = map[string]Fact{"peace": {Value: false}, "withdrawn": {Value: false}}
	p, err = WhatItTakes(m, s, "transfer")
	require.NoError(t, err)
	assert.Empty(t, p.Readings[0].ToBeDue, "with no peace treaty as a fixed fact, nothing makes it due")
	assert.Equal(t, []conditions.Assignment{{}}, p.Readings[0].ToBeNotDue, "it is already not due whatever else happens")
	p, err = WhatItTakes(m, s, "transfer", OpenFacts("peace"))
	require.NoError(t, err)
	assert.Equal(t, []conditions.Assignment{{"peace": true}}, p.Readings[0].ToBeDue)
	assert.Empty(t, p.Readings[1].ToBeDue, "withdrawal stays fixed at false")

	// Before the memorandum, there is nothing to dispute.
	p, err = WhatItTakes(m, &Scenario{ID: "1957", AsOf: MustDate("1957-06-01")}, "transfer")
	require.NoError(t, err)
	assert.Empty(t, p.Disputed)

	_, err = WhatItTakes(m, s, "nope")
	assert.ErrorContains(t, err, `no clause "nope"`)
}

// TestWhatItTakesBruteForce checks common ground and disputed region
// against brute force over every assignment of four boolean facts, for
// random clause and memorandum conditions.
func TestWhatItTakesBruteForce(t *testing.T) {
	names := []string{"a", "b", "c", "d"}
	rng := rand.New(rand.NewPCG(7, 11))
	var gen func(depth int) string
	gen = func(depth int) string {
		if depth == 0 || rng.IntN(3) == 0 {
			lit := names[rng.IntN(len(names))]
			if rng.IntN(3) == 0 {
				return "not " + lit
			}
			return lit
		}
		op := []string{" and ", " or "}[rng.IntN(2)]
		return "(" + gen(depth-1) + op + gen(depth-1) + ")"
	}
	for i := range 150 {
		clause, added := gen(3), gen(2)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			m := kurilLike(t, clause, added)
			p, err := WhatItTakes(m, &Scenario{ID: "s", AsOf: MustDate("2000-01-01")}, "transfer")
			require.NoError(t, err)
			jp := cond(t, clause)
			su := conditions.And(jp, cond(t, added))
			both := func(f conditions.Facts) bool { return truth(t, jp, f) && truth(t, su, f) }
			differ := func(f conditions.Facts) bool { return truth(t, jp, f) != truth(t, su, f) }
			checkMinimalComplete(t, names, p.CommonGround, both, "common ground of %s / %s", clause, added)
			var region []conditions.Assignment
			for _, d := range p.Disputed {
				region = append(region, d.Assignment)
			}
			checkMinimalComplete(t, names, region, differ, "disputed region of %s / %s", clause, added)
		})
	}
}

func truth(t *testing.T, e conditions.Expr, f conditions.Facts) bool {
	r, err := conditions.Eval(e, f)
	require.NoError(t, err)
	require.NotEqual(t, conditions.Unknown, r.Value, "complete facts decide %s", e)
	return r.Value == conditions.True
}

// checkMinimalComplete checks, by enumerating all partial assignments over
// names, that got is exactly the set of minimal assignments sufficient for
// pred.
func checkMinimalComplete(t *testing.T, names []string, got []conditions.Assignment, pred func(conditions.Facts) bool, msg string, args ...any) {
	t.Helper()
	n := len(names)
	sufficient := func(a conditions.Assignment) bool {
		for bits := 0; bits < 1<<n; bits++ {
			f := conditions.Facts{}
			ok := true
			for i, name := range names {
				v := bits&(1<<i) != 0
				if w, set := a[name]; set && w != v {
					ok = false
					break
				}
				f[name] = v
			}
			if ok && !pred(f) {
				return false
			}
		}
		return true
	}
	var want []string
	pow3 := 1
	for range n {
		pow3 *= 3
	}
	for code := range pow3 {
		a := conditions.Assignment{}
		c := code
		for _, name := range names {
			switch c % 3 {
			case 1:
				a[name] = true
			case 2:
				a[name] = false
			}
			c /= 3
		}
		if !sufficient(a) {
			continue
		}
		minimal := true
		for k := range a {
			b := conditions.Assignment{}
			for k2, v := range a {
				if k2 != k {
					b[k2] = v
				}
			}
			if sufficient(b) {
				minimal = false
				break
			}
		}
		if minimal {
			want = append(want, key(a))
		}
	}
	var have []string
	for _, a := range got {
		have = append(have, key(a))
	}
	assert.ElementsMatch(t, want, have, append([]any{msg}, args...)...)
}

func key(a conditions.Assignment) string {
	var parts []string
	for _, k := range []string{"a", "b", "c", "d"} {
		if v, ok := a[k]; ok {
			parts = append(parts, fmt.Sprintf("%s=%v", k, v))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}
