package bench

import (
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
	"github.com/stretchr/testify/require"
	"github.com/treatycond/treatycond/conditions"
)

const (
	// benchSeed seeds the scenarios the benchmarks evaluate.
	benchSeed = 1
	// nInputs is how many scenarios a one-at-a-time benchmark cycles
	// through; a power of two, so the index is a mask.
	nInputs = 256
	mask    = nInputs - 1
	// sweepSize is the number of scenarios in a sweep of S16.
	sweepSize = 1 << 16
)

// compiled is a case compiled for every engine.
type compiled struct {
	c       *Case
	expr    conditions.Expr
	schema  *conditions.Schema
	program *conditions.Program
	exprVM  *vm.Program
	cel     *CEL
}

func compile(tb testing.TB, c *Case) *compiled {
	tb.Helper()
	e, err := c.Parse()
	require.NoError(tb, err)
	s, err := c.Schema()
	require.NoError(tb, err)
	require.NoError(tb, conditions.Check(e, s), "%s does not type-check against its schema", c.Name)
	p, err := conditions.Compile(e, s)
	require.NoError(tb, err)
	ep, err := c.CompileExpr()
	require.NoError(tb, err)
	cp, err := c.CompileCEL()
	require.NoError(tb, err)
	return &compiled{c: c, expr: e, schema: s, program: p, exprVM: ep, cel: cp}
}

// inputs is a list of scenarios in the form each engine takes.
type inputs struct {
	scen    []Scenario
	facts   []conditions.Facts
	values  []*conditions.Values
	exprEnv []map[string]any
	celAct  []cel.Activation
	partial []cel.PartialActivation
}

// prepare converts scenarios for every engine, leaving out the facts named
// in unknown (for the engines that take unknowns: treatycond and cel-go
// partial evaluation).
func (cc *compiled) prepare(tb testing.TB, scen []Scenario, unknown ...string) *inputs {
	tb.Helper()
	in := &inputs{scen: scen}
	for i := range scen {
		s := &scen[i]
		in.facts = append(in.facts, cc.c.TreatyFacts(s, unknown...))
		in.values = append(in.values, cc.values(tb, s, unknown...))
		in.exprEnv = append(in.exprEnv, cc.c.ExprEnv(s))
		act, err := cel.NewActivation(cc.c.CELVars(s))
		require.NoError(tb, err)
		in.celAct = append(in.celAct, act)
		pa, err := cc.c.PartialVars(s, unknown...)
		require.NoError(tb, err)
		in.partial = append(in.partial, pa)
	}
	return in
}

// values returns a treatycond Values holding s's facts for the case,
// leaving out the facts named in unknown.
func (cc *compiled) values(tb testing.TB, s *Scenario, unknown ...string) *conditions.Values {
	tb.Helper()
	v := conditions.NewValues(cc.schema)
	require.NoError(tb, v.FromFacts(cc.c.TreatyFacts(s, unknown...)))
	return v
}

// slots returns the schema slots of the case's facts, in c.Facts order.
func (cc *compiled) slots(tb testing.TB) []int {
	tb.Helper()
	out := make([]int, len(cc.c.Facts))
	for i, f := range cc.c.Facts {
		j, ok := cc.schema.Index(f.Name)
		require.True(tb, ok, "schema of %s lacks %s", cc.c.Name, f.Name)
		out[i] = j
	}
	return out
}
