package conditions

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomCase is a random condition problem for the brute-force checks of
// Compare and Impacts: conditions over boolean facts b0..b4 and number
// facts n0, n1 compared with the constants 0 and 1, some facts known.
type randomCase struct {
	es    []Expr
	atoms []string // the atoms the conditions were built from, canonical
	known Facts
}

// numberGrid covers every region that the constants 0 and 1 delimit.
var numberGrid = []float64{-0.5, 0, 0.5, 1, 1.5}

func newRandomCase(r *rand.Rand, nExprs int) randomCase {
	nAtoms := 1 + r.IntN(12)
	ops := []string{"<", "<=", ">", ">=", "==", "!="}
	var pool []string
	for len(pool) < nAtoms {
		var a string
		if r.IntN(2) == 0 {
			a = fmt.Sprintf("b%d", r.IntN(5))
		} else {
			a = fmt.Sprintf("n%d %s %d", r.IntN(2), ops[r.IntN(len(ops))], r.IntN(2))
		}
		a = MustParse(a).String()
		if !slices.Contains(pool, a) {
			pool = append(pool, a)
		}
	}
	var gen func(depth int) string
	gen = func(depth int) string {
		if depth == 0 || r.IntN(3) == 0 {
			a := pool[r.IntN(len(pool))]
			if r.IntN(4) == 0 {
				return "not (" + a + ")"
			}
			return a
		}
		switch r.IntN(5) {
		case 0:
			return "not (" + gen(depth-1) + ")"
		case 1:
			k := 1 + r.IntN(2)
			return fmt.Sprintf("atleast(%d, %s, %s, %s)", k, gen(depth-1), gen(depth-1), gen(depth-1))
		case 2, 3:
			return "(" + gen(depth-1) + " and " + gen(depth-1) + ")"
		}
		return "(" + gen(depth-1) + " or " + gen(depth-1) + ")"
	}
	c := randomCase{atoms: pool, known: Facts{}}
	for range nExprs {
		c.es = append(c.es, MustParse(gen(4)))
	}
	if r.IntN(2) == 0 {
		c.known[fmt.Sprintf("b%d", r.IntN(5))] = r.IntN(2) == 0
	}
	if r.IntN(3) == 0 {
		c.known[fmt.Sprintf("n%d", r.IntN(2))] = numberGrid[r.IntN(len(numberGrid))]
	}
	return c
}

// unknownFacts returns the facts the conditions read that c leaves
// unknown.
func (c randomCase) unknownFacts() []string {
	var out []string
	for _, e := range c.es {
		for _, f := range e.Facts() {
			if _, ok := c.known[f]; !ok && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

// completions returns every completion of the known facts over the grid.
func (c randomCase) completions() []Facts {
	out := []Facts{{}}
	for k, v := range c.known {
		out[0][k] = v
	}
	for _, name := range c.unknownFacts() {
		var vals []any
		if strings.HasPrefix(name, "b") {
			vals = []any{false, true}
		} else {
			for _, x := range numberGrid {
				vals = append(vals, x)
			}
		}
		var next []Facts
		for _, f := range out {
			for _, v := range vals {
				g := make(Facts, len(f)+1)
				for k, x := range f {
					g[k] = x
				}
				g[name] = v
				next = append(next, g)
			}
		}
		out = next
	}
	return out
}

func mustEval(t *testing.T, e Expr, f Facts) Truth {
	t.Helper()
	r, err := Eval(e, f)
	require.NoError(t, err)
	require.NotEqual(t, Unknown, r.Value, "a completion decides %s", e)
	return r.Value
}

// TestCompareBruteForce checks Compare against enumeration of every
// completion on random conditions.
func TestCompareBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2026))
	for n := range 220 {
		c := newRandomCase(r, 2)
		a, b := c.es[0], c.es[1]
		got, err := Compare(a, b, c.known)
		require.NoError(t, err)
		seen := map[[2]Truth]bool{}
		for _, f := range c.completions() {
			seen[[2]Truth{mustEval(t, a, f), mustEval(t, b, f)}] = true
		}
		name := fmt.Sprintf("case %d: a = %s; b = %s; known %v", n, a, b, c.known)
		assert.Equal(t, !seen[[2]Truth{True, False}], got.AImpliesB, "a implies b: %s", name)
		assert.Equal(t, !seen[[2]Truth{False, True}], got.BImpliesA, "b implies a: %s", name)
		assert.Equal(t, !seen[[2]Truth{True, True}], got.Disjoint, "disjoint: %s", name)
		for _, w := range []struct {
			facts  Facts
			ta, tb Truth
		}{{got.OnlyA, True, False}, {got.OnlyB, False, True}, {got.Both, True, True}, {got.Neither, False, False}} {
			if !seen[[2]Truth{w.ta, w.tb}] {
				assert.Nil(t, w.facts, "no completion gives (%s, %s): %s", w.ta, w.tb, name)
				continue
			}
			require.NotNil(t, w.facts, "an example for (%s, %s): %s", w.ta, w.tb, name)
			all := Facts{}
			for k, v := range c.known {
				all[k] = v
			}
			for k, v := range w.facts {
				_, clash := c.known[k]
				assert.False(t, clash, "the example sets only unknown facts: %s", name)
				all[k] = v
			}
			assert.Equal(t, w.ta, mustEval(t, a, all), "example for a: %s", name)
			assert.Equal(t, w.tb, mustEval(t, b, all), "example for b: %s", name)
		}
	}
}

// TestImpactsBruteForce checks Impacts against enumeration of every
// completion on random conditions.
func TestImpactsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	for n := range 220 {
		c := newRandomCase(r, 1+r.IntN(3))
		got, err := Impacts(c.es, c.known)
		require.NoError(t, err)
		name := fmt.Sprintf("case %d: %v; known %v", n, c.es, c.known)
		comps := c.completions()
		values := make([][]Truth, len(comps)) // condition values per completion
		for i, f := range comps {
			for _, e := range c.es {
				values[i] = append(values[i], mustEval(t, e, f))
			}
		}
		// The atoms left in the residuals of the conditions: those whose
		// facts are unknown and that the known facts do not absorb.
		var atoms []Expr
		for _, a := range c.atoms {
			e := MustParse(a)
			open := slices.ContainsFunc(c.es, func(x Expr) bool { return strings.Contains(Residual(x, c.known).String(), a) })
			for _, f := range e.Facts() {
				if _, ok := c.known[f]; ok {
					open = false
				}
			}
			if open {
				atoms = append(atoms, e)
			}
		}
		// Each completion's atom values as bits, and condition values as a
		// number in base 3.
		vecs := make([]uint32, len(comps))
		keys := make([]uint32, len(comps))
		for i, f := range comps {
			for k, a := range atoms {
				if mustEval(t, a, f) == True {
					vecs[i] |= 1 << k
				}
			}
			for _, v := range values[i] {
				keys[i] = keys[i]*3 + uint32(v)
			}
		}
		summary := func(idx []int) []Truth {
			if len(idx) == 0 {
				return nil
			}
			out := make([]Truth, len(c.es))
			for j := range c.es {
				out[j] = values[idx[0]][j]
				for _, i := range idx[1:] {
					if values[i][j] != out[j] {
						out[j] = Unknown
					}
				}
			}
			return out
		}
		all := make([]int, len(comps))
		for i := range all {
			all[i] = i
		}
		now := summary(all)
		assert.Equal(t, now, got.Now, "now: %s", name)

		var want []AtomImpact
		relevantFacts := map[string]bool{}
		for k, a := range atoms {
			var tIdx, fIdx []int
			for i := range comps {
				if vecs[i]&(1<<k) != 0 {
					tIdx = append(tIdx, i)
				} else {
					fIdx = append(fIdx, i)
				}
			}
			ai := AtomImpact{Atom: a.String(), Facts: a.Facts(), IfTrue: summary(tIdx), IfFalse: summary(fIdx)}
			for _, ts := range [][]Truth{ai.IfTrue, ai.IfFalse} {
				for j, v := range ts {
					if v != Unknown && now[j] == Unknown {
						ai.Decides++
					}
				}
			}
			matters := ai.Decides > 0
			// Or two completions that differ in this atom only (among
			// the atoms) give some condition different values.
			byRest := map[uint32][2]map[uint32]bool{}
			for i := range comps {
				rest := vecs[i] &^ (1 << k)
				e, ok := byRest[rest]
				if !ok {
					e = [2]map[uint32]bool{{}, {}}
					byRest[rest] = e
				}
				side := 0
				if vecs[i]&(1<<k) != 0 {
					side = 1
				}
				e[side][keys[i]] = true
			}
			for _, e := range byRest {
				if len(e[0]) > 1 || len(e[1]) > 1 {
					t.Fatalf("the atoms of %s do not decide the conditions", name)
				}
				if len(e[0]) == 1 && len(e[1]) == 1 && !cmp.Equal(e[0], e[1]) {
					matters = true
				}
			}
			if matters {
				want = append(want, ai)
				for _, f := range ai.Facts {
					relevantFacts[f] = true
				}
			}
		}
		slices.SortStableFunc(want, func(x, y AtomImpact) int {
			if x.Decides != y.Decides {
				return y.Decides - x.Decides
			}
			return strings.Compare(x.Atom, y.Atom)
		})
		if want == nil {
			want = []AtomImpact{}
		}
		assert.Empty(t, cmp.Diff(want, got.Atoms), "atoms: %s", name)
		irrelevant := []string{}
		for _, f := range c.unknownFacts() {
			if !relevantFacts[f] {
				irrelevant = append(irrelevant, f)
			}
		}
		assert.Equal(t, irrelevant, got.Irrelevant, "irrelevant facts: %s", name)
	}
}

func TestCompareRelations(t *testing.T) {
	tests := []struct {
		a, b string
		want Relation
		why  string
	}{
		{"peace", "peace", Equivalent, "the same condition"},
		{"peace and withdrawn", "peace", Implies, "an added condition is stronger"},
		{"peace", "peace and withdrawn", ImpliedBy, "the other way round"},
		{"x > 5", "x < 3", Disjoint, "no number is both above 5 and below 3"},
		{"x > 5", "x < 8", Overlapping, "6 is both, 9 and 2 one each"},
		{"x > 5 and x < 3", "peace", Implies, "a condition that cannot hold implies every other"},
	}
	for _, tt := range tests {
		got, err := Compare(MustParse(tt.a), MustParse(tt.b), nil)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got.Relation, tt.why)
	}
}

func TestCompareKnownFacts(t *testing.T) {
	// Once withdrawal is known, the two readings agree.
	got, err := Compare(MustParse("peace"), MustParse("peace and withdrawn"), Facts{"withdrawn": true})
	require.NoError(t, err)
	assert.Equal(t, Equivalent, got.Relation)
	assert.Equal(t, Facts{"peace": true}, got.Both)
	assert.Nil(t, got.OnlyA)

	_, err = Compare(MustParse("x / y > 1"), MustParse("true"), Facts{"y": 0})
	assert.ErrorIs(t, err, ErrDivByZero, "Eval's errors come first")
}

func TestImpactsIrrelevant(t *testing.T) {
	// With peace known false, nothing about withdrawal can make the
	// condition hold.
	got, err := Impacts([]Expr{MustParse("peace and withdrawn")}, Facts{"peace": false})
	require.NoError(t, err)
	assert.Equal(t, []Truth{False}, got.Now)
	assert.Empty(t, got.Atoms)
	assert.Equal(t, []string{"withdrawn"}, got.Irrelevant)
}
