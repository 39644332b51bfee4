package bench

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"strconv"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/stretchr/testify/require"
	"github.com/treatycond/treatycond/conditions"
)

// testSeed seeds the random scenarios checked on top of the benchmarked
// ones.
const testSeed = 20240607

// nRandom is how many random scenarios per case are checked on top of the
// benchmarked ones.
const nRandom = 400

// scenarios returns the benchmarked scenarios of c followed by nRandom
// others.
func scenarios(c *Case) []Scenario {
	return append(c.Generate(benchSeed, nInputs), c.Generate(testSeed, nRandom)...)
}

// celTruth converts a cel-go result to a Truth: an unknown value (from
// partial evaluation) is Unknown.
func celTruth(t *testing.T, v ref.Val) conditions.Truth {
	t.Helper()
	switch v {
	case types.True:
		return conditions.True
	case types.False:
		return conditions.False
	}
	require.True(t, types.IsUnknown(v), "cel-go returned %v (%T), want a bool or an unknown", v, v)
	return conditions.Unknown
}

// TestEnginesAgree checks that every engine gives the hand-written result
// on every benchmarked scenario of C2, C5 and C22 and on nRandom more.
func TestEnginesAgree(t *testing.T) {
	for _, c := range Cases {
		t.Run(c.Name, func(t *testing.T) {
			cc := compile(t, c)
			scen := scenarios(c)
			in := cc.prepare(t, scen)
			var m vm.VM
			nTrue := 0
			for i := range scen {
				want := c.Go(&scen[i])
				if want {
					nTrue++
				}
				wantT := conditions.TruthOf(want)
				msg := fmt.Sprintf("scenario %d: %v", i, in.facts[i])

				r, err := conditions.Eval(cc.expr, in.facts[i])
				require.NoError(t, err, msg)
				require.Equal(t, wantT, r.Value, "conditions.Eval, %s", msg)

				got, err := cc.program.Eval(in.values[i])
				require.NoError(t, err, msg)
				require.Equal(t, wantT, got, "Program.Eval, %s", msg)

				got, err = cc.program.EvalFacts(in.facts[i])
				require.NoError(t, err, msg)
				require.Equal(t, wantT, got, "Program.EvalFacts, %s", msg)

				if fn := goMapFloors[c]; fn != nil {
					require.Equal(t, want, fn(in.facts[i]), "hand-written Go over the map, %s", msg)
				}

				out, err := m.Run(cc.exprVM, in.exprEnv[i])
				require.NoError(t, err, msg)
				require.Equal(t, want, out, "expr, %s", msg)

				v, _, err := cc.cel.Program.Eval(in.celAct[i])
				require.NoError(t, err, msg)
				require.Equal(t, wantT, celTruth(t, v), "cel, %s", msg)

				v, _, err = cc.cel.Partial.Eval(in.partial[i])
				require.NoError(t, err, msg)
				require.Equal(t, wantT, celTruth(t, v), "cel partial with nothing unknown, %s", msg)
			}
			// A benchmark whose scenarios all come out the same would let
			// short-circuiting engines skip most of the condition.
			require.Greater(t, nTrue, len(scen)/10, "too few scenarios satisfy %s", c.Name)
			require.Less(t, nTrue, len(scen)*19/20, "too many scenarios satisfy %s", c.Name)
		})
	}
}

// TestSweepAgrees checks every engine of the S16 sweep on all 2^16
// scenarios, and conditions.Eval, which the sweep does not benchmark, on
// every 17th.
func TestSweepAgrees(t *testing.T) {
	cc := compile(t, S16)
	slots := cc.slots(t)
	want := make([]bool, sweepSize)
	nTrue := 0
	for x := range sweepSize {
		s := S16.SweepScenario(x)
		want[x] = goS16(&s)
		if want[x] {
			nTrue++
		}
	}
	require.Equal(t, nTrue, sweepGo(), "the hand-written sweep fills its struct differently from SweepScenario")
	require.Greater(t, nTrue, sweepSize/10, "too few scenarios satisfy S16")
	require.Less(t, nTrue, sweepSize*19/20, "too many scenarios satisfy S16")

	t.Run("program", func(t *testing.T) {
		v := conditions.NewValues(cc.schema)
		for x := range sweepSize {
			for j, slot := range slots {
				v.SetBool(slot, x>>j&1 == 1)
			}
			got, err := cc.program.Eval(v)
			require.NoError(t, err)
			require.Equal(t, conditions.TruthOf(want[x]), got, "scenario %#x", x)
		}
	})
	t.Run("program-batch", func(t *testing.T) {
		batch := conditions.NewBatch(cc.schema)
		blocks := conditions.Blocks(len(slots))
		require.Equal(t, uint64(sweepSize/conditions.Lanes), blocks)
		for block := range blocks {
			valid, err := batch.Enumerate(slots, block)
			require.NoError(t, err)
			require.Equal(t, ^uint64(0), valid, "block %d: every lane is a scenario of a 16-fact sweep", block)
			tr, fa, err := cc.program.EvalBatch(batch)
			require.NoError(t, err)
			require.Zero(t, tr&fa, "block %d: a lane both true and false", block)
			require.Equal(t, valid, tr|fa, "block %d: a lane unknown although every fact is known", block)
			for l := range uint64(conditions.Lanes) {
				x := block*conditions.Lanes + l
				require.Equal(t, want[x], tr>>l&1 == 1, "scenario %#x (block %d lane %d)", x, block, l)
			}
		}
	})
	t.Run("expr-cel", func(t *testing.T) {
		var m vm.VM
		env, vars := map[string]any{}, map[string]any{}
		act, err := cel.NewActivation(vars)
		require.NoError(t, err)
		for x := range sweepSize {
			for j, f := range S16.Facts {
				env[ExprName(f.Name)] = x>>j&1 == 1
				vars[f.Name] = x>>j&1 == 1
			}
			out, err := m.Run(cc.exprVM, env)
			require.NoError(t, err)
			require.Equal(t, want[x], out, "expr, scenario %#x", x)
			v, _, err := cc.cel.Program.Eval(act)
			require.NoError(t, err)
			require.Equal(t, conditions.TruthOf(want[x]), celTruth(t, v), "cel, scenario %#x", x)
		}
	})
	t.Run("eval", func(t *testing.T) {
		for x := 0; x < sweepSize; x += 17 {
			s := S16.SweepScenario(x)
			r, err := conditions.Eval(cc.expr, S16.TreatyFacts(&s))
			require.NoError(t, err)
			require.Equal(t, conditions.TruthOf(want[x]), r.Value, "scenario %#x", x)
		}
	})
}

// TestUnknownAgrees checks the engines that take unknown facts on C22 with
// Unknown1 unknown: conditions.Eval, Program.Eval and cel-go partial
// evaluation give the same three-valued result, and a known result is the
// one both completions give.
func TestUnknownAgrees(t *testing.T) {
	cc := compile(t, C22)
	scen := scenarios(C22)
	in := cc.prepare(t, scen, Unknown1)
	nUnknown := 0
	for i := range scen {
		msg := fmt.Sprintf("scenario %d: %v", i, in.facts[i])
		r, err := conditions.Eval(cc.expr, in.facts[i])
		require.NoError(t, err, msg)

		got, err := cc.program.Eval(in.values[i])
		require.NoError(t, err, msg)
		require.Equal(t, r.Value, got, "Program.Eval, %s", msg)

		v, _, err := cc.cel.Partial.Eval(in.partial[i])
		require.NoError(t, err, msg)
		require.Equal(t, r.Value, celTruth(t, v), "cel partial, %s", msg)

		s := scen[i]
		s.ForeignTroopsWithdrawn = false
		whenFalse := goC22(&s)
		s.ForeignTroopsWithdrawn = true
		whenTrue := goC22(&s)
		switch {
		case whenFalse == whenTrue:
			require.Equal(t, conditions.TruthOf(whenTrue), r.Value, "both completions agree, %s", msg)
		default:
			require.Equal(t, conditions.Unknown, r.Value, "the completions disagree, %s", msg)
			nUnknown++
		}
	}
	require.Positive(t, nUnknown, "no scenario where the unknown fact matters")
}

// completions returns the completions of s over Unknown3: both values of
// each boolean and vote counts just below, at and just above half the votes
// cast, and at the ends of their range.
func completions(s Scenario) []Scenario {
	half := s.VotesCast / 2
	var out []Scenario
	for _, w := range []bool{false, true} {
		for _, h := range []bool{false, true} {
			for _, y := range []int{0, half - 1, half, half + 1, 250} {
				c := s
				c.ForeignTroopsWithdrawn, c.ElectionsHeld, c.VotesYes = w, h, y
				out = append(out, c)
			}
		}
	}
	return out
}

// unknownFacts returns the facts of s named in Unknown3.
func unknownFacts(s *Scenario) conditions.Facts {
	f := conditions.Facts{}
	for _, name := range Unknown3 {
		f[name] = s.Value(name)
	}
	return f
}

// TestResidualAgrees checks, on C22 with Unknown3 unknown, that
// conditions.Residual and cel-go's ResidualAst give residuals that agree
// with the full condition under every completion of the unknown facts, and
// that every assignment conditions.Takes returns is sufficient and that
// every completion giving the wanted value is covered by one.
func TestResidualAgrees(t *testing.T) {
	cc := compile(t, C22)
	scen := append(C22.Generate(benchSeed, 64), C22.Generate(testSeed, 64)...)
	in := cc.prepare(t, scen, Unknown3...)
	nResidual := 0
	for i := range scen {
		msg := fmt.Sprintf("scenario %d: %v", i, in.facts[i])
		res := conditions.Residual(cc.expr, in.facts[i])
		for _, f := range res.Facts() {
			require.Contains(t, Unknown3, f, "residual %q reads a known fact, %s", res, msg)
		}
		if len(res.Facts()) > 0 {
			nResidual++
		}
		celAst, err := cc.cel.ResidualAst(in.partial[i])
		require.NoError(t, err, msg)
		celPrg, err := cc.cel.Env.Program(celAst)
		require.NoError(t, err, msg)
		celText, err := cel.AstToString(celAst)
		require.NoError(t, err, msg)

		takes := map[conditions.Truth][]assignment{}
		for _, want := range []conditions.Truth{conditions.True, conditions.False} {
			as, err := conditions.Takes(cc.expr, in.facts[i], want)
			require.NoError(t, err, msg)
			takes[want] = parseAssignments(t, as)
		}

		for _, full := range completions(scen[i]) {
			want := conditions.TruthOf(goC22(&full))
			g := unknownFacts(&full)
			cmsg := fmt.Sprintf("completion %v of %s", g, msg)

			r, err := conditions.Eval(res, g)
			require.NoError(t, err, cmsg)
			require.Equal(t, want, r.Value, "conditions.Residual %q, %s", res, cmsg)

			vars := C22.CELVars(&full)
			v, _, err := celPrg.Eval(vars)
			require.NoError(t, err, cmsg)
			require.Equal(t, want, celTruth(t, v), "cel ResidualAst %q, %s", celText, cmsg)

			for _, w := range []conditions.Truth{conditions.True, conditions.False} {
				covered := false
				for _, a := range takes[w] {
					if a.holds(t, g) {
						covered = true
						require.Equal(t, w, want, "Takes(%v) gave %v, which this completion satisfies, %s", w, a.text, cmsg)
					}
				}
				if want == w {
					require.True(t, covered, "Takes(%v) = %v covers no assignment of this completion, %s", w, takes[w], cmsg)
				}
			}
		}
	}
	require.Greater(t, nResidual, len(scen)/10, "too few scenarios leave a residual")
}

// assignment is a conditions.Assignment with its atoms parsed.
type assignment struct {
	text  conditions.Assignment
	atoms []conditions.Expr
	want  []bool
}

func parseAssignments(t *testing.T, as []conditions.Assignment) []assignment {
	t.Helper()
	out := make([]assignment, len(as))
	for i, a := range as {
		out[i].text = a
		for k, v := range a {
			e, err := conditions.Parse(k)
			require.NoError(t, err, "Takes returned atom %q that does not parse", k)
			out[i].atoms = append(out[i].atoms, e)
			out[i].want = append(out[i].want, v)
		}
	}
	return out
}

// holds reports whether every atom of a takes the value a gives it under
// the facts g.
func (a assignment) holds(t *testing.T, g conditions.Facts) bool {
	t.Helper()
	for i, e := range a.atoms {
		r, err := conditions.Eval(e, g)
		require.NoError(t, err, "atom %q under %v", e, g)
		require.NotEqual(t, conditions.Unknown, r.Value, "atom %q is unknown under a completion %v", e, g)
		if r.Value != conditions.TruthOf(a.want[i]) {
			return false
		}
	}
	return true
}

// TestGenerateDeterministic checks that the generator gives the same
// scenarios for the same seed and different ones for another, and that it
// draws only the facts of its case.
func TestGenerateDeterministic(t *testing.T) {
	a, b := C22.Generate(7, 32), C22.Generate(7, 32)
	require.Equal(t, a, b, "same seed, same scenarios")
	require.NotEqual(t, a, C22.Generate(8, 32), "another seed, other scenarios")
	for _, s := range C2.Generate(7, 32) {
		require.Zero(t, s.RatificationsCount, "C2 does not read ratifications.count, so it stays zero")
		require.True(t, s.CeasefireEffectiveOn.IsZero(), "C2 does not read ceasefire.effective_on, so it stays zero")
	}
	for _, s := range a {
		require.Equal(t, 0, s.CeasefireEffectiveOn.Hour(), "dates are civil dates at midnight")
		require.Equal(t, "UTC", s.CeasefireEffectiveOn.Location().String())
		require.False(t, math.IsNaN(s.ReparationsPaidShare))
	}
}

// TestSourcesMatchBenchcases checks that the conditions here are those of
// the library's own benchmarks, conditions/internal/benchcases, which this
// module cannot import: it reads that file's syntax tree and compares each
// case's Source and the names and order of its facts.
func TestSourcesMatchBenchcases(t *testing.T) {
	const path = "../../conditions/internal/benchcases/benchcases.go"
	file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	type found struct {
		source string
		facts  []string
	}
	theirs := map[string]found{}
	ast.Inspect(file, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isIdent(lit.Type, "Case") {
			return true
		}
		var name string
		var f found
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch key := kv.Key.(*ast.Ident).Name; key {
			case "Name":
				name = stringLit(t, kv.Value)
			case "Source":
				f.source = stringLit(t, kv.Value)
			case "Facts":
				for _, fe := range kv.Value.(*ast.CompositeLit).Elts {
					f.facts = append(f.facts, factName(t, fe))
				}
			}
		}
		theirs[name] = f
		return false
	})
	for _, c := range append(Cases, S16) {
		got, ok := theirs[c.Name]
		require.True(t, ok, "benchcases has no case %s", c.Name)
		require.Equal(t, c.Source, got.source, "source of %s", c.Name)
		var names []string
		for _, f := range c.Facts {
			names = append(names, f.Name)
		}
		require.Equal(t, names, got.facts, "facts of %s, in order", c.Name)
	}
}

func isIdent(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}

func stringLit(t *testing.T, x ast.Expr) string {
	t.Helper()
	lit, ok := x.(*ast.BasicLit)
	require.True(t, ok && lit.Kind == token.STRING, "want a string literal, got %T", x)
	s, err := strconv.Unquote(lit.Value)
	require.NoError(t, err)
	return s
}

// factName returns the name of one element of a benchcases Facts list: a
// call such as b("name", p) or a literal {Name: "name", ...}.
func factName(t *testing.T, x ast.Expr) string {
	t.Helper()
	switch x := x.(type) {
	case *ast.CallExpr:
		return stringLit(t, x.Args[0])
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Name") {
				return stringLit(t, kv.Value)
			}
		}
	}
	require.Failf(t, "unexpected fact", "cannot read a fact name from %T", x)
	return ""
}
