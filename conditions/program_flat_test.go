package conditions_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestEvalFactsFlatShapes checks EvalFacts against its definition and the
// tree evaluator on conditions larger than the differential test makes,
// which its straight-line code runs in other ways: more than 64 "and"s
// and "or"s (a flag bit per depth of nesting, cleared on entry), and
// nesting deeper than 64 (handed over to the tree evaluator).
func TestEvalFactsFlatShapes(t *testing.T) {
	schema := orcSchema(t)
	g := &orcGen{r: rand.New(rand.NewPCG(13, 31))}
	many := func() string { // an and of 70 to 90 ors of small conditions
		parts := make([]string, 70+g.pick(20))
		for i := range parts {
			parts[i] = fmt.Sprintf("((%s) or (%s))", orcGenCase(g, 2, 0).src, orcGenCase(g, 2, 0).src)
		}
		return strings.Join(parts, " and ")
	}
	deep := func() string { // a chain of and/or nested 70 to 90 deep
		var b strings.Builder
		n := 70 + g.pick(20)
		for i := range n {
			fmt.Fprintf(&b, "(%s %s ", orcGenCase(g, 1, 0).src, []string{"and", "or"}[i%2])
		}
		b.WriteString(orcGenCase(g, 1, 0).src)
		b.WriteString(strings.Repeat(")", n))
		return b.String()
	}
	for _, shape := range []struct {
		name      string
		gen       func() string
		byDepth   bool
		handsOver bool
		reason    string
	}{
		{"many", many, true, false, "over 64 ands and ors: a bit per depth"},
		{"deep", deep, true, true, "nesting past 64: the tree takes over"},
	} {
		t.Run(shape.name, func(t *testing.T) {
			for range 25 {
				e, err := conditions.Parse(shape.gen())
				require.NoError(t, err)
				p, err := conditions.Compile(e, schema)
				if err != nil {
					continue // a type error the generator may make across parts
				}
				byDepth, handOvers := p.FlatShape()
				require.Equal(t, shape.byDepth, byDepth, shape.reason)
				if shape.handsOver { // atleast hands over too: only checked when it must
					require.Positive(t, handOvers, shape.reason)
				}
				for range 8 {
					f := g.facts(0.05)
					tree, err := conditions.EvalTree(e, f)
					checkEvalFacts(t, p, f, orcGot(tree.Value, nil, err), hasWrongValue(schema, e, f),
						fmt.Sprintf("condition %q\nfacts %#v", e.String(), f))
				}
			}
		})
	}
}
