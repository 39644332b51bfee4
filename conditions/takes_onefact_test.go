package conditions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/bdd"
)

// oneFactGen writes random conditions over one fact of a given kind.
type oneFactGen struct {
	r      *rand.Rand
	consts []string
	ops    []string
}

func (g *oneFactGen) atom() string {
	op := g.ops[g.r.IntN(len(g.ops))]
	c := g.consts[g.r.IntN(len(g.consts))]
	if g.r.IntN(4) == 0 {
		// The constant on the left: another atom with the same meaning.
		return c + " " + map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[op] + " x"
	}
	return "x " + op + " " + c
}

func (g *oneFactGen) cond(depth int) string {
	if depth == 0 || g.r.IntN(3) == 0 {
		return g.atom()
	}
	switch g.r.IntN(5) {
	case 0:
		return "not (" + g.cond(depth-1) + ")"
	case 1:
		n := 2 + g.r.IntN(3)
		var parts []string
		for range n {
			parts = append(parts, g.cond(depth-1))
		}
		return fmt.Sprintf("atleast(%d, %s)", 1+g.r.IntN(n), strings.Join(parts, ", "))
	}
	op := []string{" and ", " or "}[g.r.IntN(2)]
	n := 2 + g.r.IntN(3)
	var parts []string
	for range n {
		parts = append(parts, "("+g.cond(depth-1)+")")
	}
	return strings.Join(parts, op)
}

func sortedCubes(cs []bdd.Cube) []bdd.Cube {
	out := slices.Clone(cs)
	slices.SortFunc(out, func(x, y bdd.Cube) int {
		if d := len(x) - len(y); d != 0 {
			return d
		}
		return slices.CompareFunc(x, y, func(p, q bdd.Lit) int {
			if p.Var != q.Var {
				return p.Var - q.Var
			}
			return strings.Compare(fmt.Sprint(p.Val), fmt.Sprint(q.Val))
		})
	})
	return out
}

// TestTakesOneFactMatchesBDD checks the region analysis of conditions
// over one fact against the BDD on random conditions over numbers,
// strings, dates and bools.
func TestTakesOneFactMatchesBDD(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 8))
	kinds := []oneFactGen{
		{consts: []string{"-1", "0", "0.5", "1", "2", "3", "10", "1e308 * 10"}, ops: []string{"<", "<=", ">", ">=", "==", "!="}},
		{consts: []string{`""`, `"a"`, `"a\x00"`, `"b"`, `"ba"`}, ops: []string{"<", "<=", ">", ">=", "==", "!="}},
		{consts: []string{"@2020-01-01", "@2020-01-02", "@2020-01-03", "@2021-06-30"}, ops: []string{"<", "<=", ">", ">=", "==", "!="}},
		{consts: []string{"true", "false"}, ops: []string{"==", "!="}},
	}
	checked := 0
	for iter := range 1500 {
		g := kinds[iter%len(kinds)]
		g.r = r
		src := g.cond(3)
		e, err := Parse(src)
		require.NoError(t, err, src)
		if res, err := Eval(e, nil); err != nil || res.Value != Unknown {
			continue
		}
		root := Residual(e, nil).root
		atoms := collectAtoms(root)
		for _, want := range []Truth{True, False} {
			fast, ok, err := takesOneFact(atoms, root, want, 0, 0)
			require.NoError(t, err)
			require.True(t, ok, "one fact: %s", src)
			slow, err := takesPrimes(context.Background(), atoms, root, want, true)
			require.NoError(t, err, src)
			if diff := cmp.Diff(sortedCubes(slow), sortedCubes(fast)); diff != "" {
				t.Fatalf("%s, want %v: regions and BDD differ (-bdd +regions):\n%s", src, want, diff)
			}
			checked++
		}
	}
	require.Greater(t, checked, 1000)
}
