package conditions_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// evalPaths runs every evaluation path of the package on e and f and
// returns each one's outcome, by name: Eval (by its plan when it has one),
// the tree evaluator, Program.Eval (normal form when the program has one),
// the lane machine, lane 0 of EvalBatch, and, when the facts decide e, the
// residual of e over them. Values and errors (code and offset) are
// compared; missing facts only between Eval and the tree.
// Program.EvalFacts, which looks facts up lazily, is checked against its
// definition and the tree by checkEvalFacts.
func evalPaths(t *testing.T, schema *conditions.Schema, e conditions.Expr, f conditions.Facts) map[string]orcResult {
	t.Helper()
	out := map[string]orcResult{}
	res, err := conditions.Eval(e, f)
	out["Eval"] = orcGot(res.Value, res.Missing, err)
	tree, err := conditions.EvalTree(e, f)
	out["tree"] = orcGot(tree.Value, tree.Missing, err)
	p, err := conditions.Compile(e, schema)
	if err != nil {
		return out // not over this schema: Eval and the tree only
	}
	noMissing := func(r orcResult) orcResult { r.missing = nil; return r }
	out["Eval"], out["tree"] = noMissing(out["Eval"]), noMissing(out["tree"])
	v := conditions.NewValues(schema)
	_ = v.FromFacts(f)
	pt, err := p.Eval(v)
	out["Program.Eval"] = orcGot(pt, nil, err)
	mt, err := p.EvalMachine(v)
	out["machine"] = orcGot(mt, nil, err)
	checkEvalFacts(t, p, f, out["tree"], hasWrongValue(schema, e, f), fmt.Sprintf("condition %q\nfacts %#v", e.String(), f))
	b := conditions.NewBatch(schema)
	_ = b.FromFacts(f)
	bt, bf, err := p.EvalBatch(b)
	out["EvalBatch"] = orcGot(conditions.Truth(bt&1)<<1|conditions.Truth(bf&1), nil, err)
	if r := out["Eval"]; r.code == "" && r.value != conditions.Unknown {
		// Decided: the residual is the literal of its value, and
		// evaluates to it.
		rs := conditions.Residual(e, f)
		rv, err := conditions.Eval(rs, conditions.Facts{})
		got := orcGot(rv.Value, nil, err)
		if rs.String() != r.value.String() {
			got.code = "residual is " + conditions.Code(rs.String())
		}
		out["Residual"] = got
	}
	return out
}

// TestDifferential runs every evaluation path on the oracle's random
// conditions and facts and checks them against the oracle: the paths agree
// with each other and with an independent definition of the language.
func TestDifferential(t *testing.T) {
	schema := orcSchema(t)
	g := &orcGen{r: rand.New(rand.NewPCG(9, 16))}
	cases := 1500
	if testing.Short() {
		cases = 300
	}
	var planned, normal int
	for range cases {
		c := orcGenCase(g, 1+g.pick(4), 0.1)
		e, err := conditions.Parse(c.src)
		require.NoError(t, err, c.src)
		want := orcRun(c.root, c.facts)
		want.missing = nil
		msg := fmt.Sprintf("condition %q\nfacts %#v", e.String(), c.facts)
		paths := evalPaths(t, schema, e, c.facts)
		ref := paths["tree"]
		for name, got := range paths {
			if name == "Residual" {
				want := ref
				want.off = 0 // the residual's text is another
				got.off = 0
				require.Equal(t, want, got, "%s: %s", name, msg)
				continue
			}
			orcCompare(t, want, ref, got, name, msg)
		}
		if conditions.HasPlan(e) {
			planned++
		}
		if p, err := conditions.Compile(e, schema); err == nil && p.HasNormalForm() {
			normal++
		}
	}
	t.Logf("of %d conditions, %d evaluated by Eval's plan, %d compiled to a normal form", cases, planned, normal)
	require.Greater(t, planned, cases/4, "Eval's plan is exercised")
	require.Greater(t, normal, cases/4, "the normal form is exercised")
	require.Less(t, normal, cases*9/10, "the lane machine is exercised")
}

// FuzzEvalPaths checks that every evaluation path agrees on any condition
// over the oracle's facts, with facts drawn from seed.
func FuzzEvalPaths(f *testing.F) {
	for _, s := range []string{
		"b0 and (n0 > 1 or s0 == \"a\") and d0 <= @2020-01-01",
		"atleast(2, b0, not b1, n1 / n0 >= 0.5, p.q) or n.x.y * 2 < or_n",
		"(b0 == b1) != (n0 - n1 < 0) or not (s1 < false.s)",
		"n0 / (n1 - n1) > 0 or true",
		"not (b0 or n0 + n1 + n0 + n1 > 3) and atleast(1, _b, and.x)",
	} {
		f.Add(s, uint64(1))
	}
	schema := orcSchema(f)
	f.Fuzz(func(t *testing.T, src string, seed uint64) {
		e, err := conditions.Parse(src)
		if err != nil || len(src) > 2048 {
			return
		}
		if conditions.Check(e, schema) != nil {
			return
		}
		g := &orcGen{r: rand.New(rand.NewPCG(seed, 7))}
		facts := g.facts(0.1)
		paths := evalPaths(t, schema, e, facts)
		ref := paths["tree"]
		wrong := hasWrongValue(schema, e, facts)
		for name, got := range paths {
			want := ref
			if name == "Residual" {
				want.off, got.off = 0, 0
			}
			if wrong && compiledPath[name] {
				// Some fact has a value not of its declared type. The tree
				// knows no schema and types facts by their values (of two
				// facts of one type it blames the later one, and a date
				// compared with itself is no error); the compiled paths
				// know the declared types. They must agree with each
				// other, and blame a fact whose value is not of its type.
				want = paths["Program.Eval"]
				if got.code == conditions.CodeFactType {
					require.True(t, blamesWrongValue(schema, src, got.off, facts),
						"%s blames the fact at offset %d of %q, whose value has its declared type; facts %#v", name, got.off, src, facts)
				}
			}
			require.Equal(t, want, got, "%s disagrees with the tree evaluator on %q, facts %#v", name, e.String(), facts)
		}
	})
}

// checkEvalFacts checks Program.EvalFacts on f against its definition
// (EvalFactsRef: Program.Eval on the shortest prefix of the facts, in
// order of first occurrence, that decides) and against want, the result
// of Eval on all the facts: when neither errs they give the same value,
// and when EvalFacts errs, so does Eval. When wrong, some fact the
// condition reads has a value not of its declared type: schema-less Eval
// may then type it by its value and is no reference.
func checkEvalFacts(t *testing.T, p *conditions.Program, f conditions.Facts, want orcResult, wrong bool, msg string) {
	t.Helper()
	pt, err := p.EvalFacts(f)
	got := orcGot(pt, nil, err)
	rt, rerr := p.EvalFactsRef(f)
	require.Equal(t, orcGot(rt, nil, rerr), got, "EvalFacts and its definition disagree: %s", msg)
	if wrong {
		return
	}
	switch {
	case got.code == "" && want.code == "":
		require.Equal(t, want.value, got.value, "EvalFacts and Eval give different values: %s", msg)
	case got.code != "":
		require.NotEmpty(t, want.code, "EvalFacts reports %s where Eval reports no error: %s", got.code, msg)
	}
}

// blamesWrongValue reports whether the fact named at offset off of src
// has, in facts, a value that is not of the type schema declares for it.
func blamesWrongValue(schema *conditions.Schema, src string, off int, facts conditions.Facts) bool {
	if off < 0 || off >= len(src) {
		return false
	}
	end := off
	for end < len(src) && (src[end] == '_' || src[end] == '.' ||
		'a' <= src[end] && src[end] <= 'z' || 'A' <= src[end] && src[end] <= 'Z' || '0' <= src[end] && src[end] <= '9') {
		end++
	}
	name := src[off:end]
	f, ok := schema.Lookup(name)
	if !ok {
		return false
	}
	v, present := facts[name]
	if !present {
		return false
	}
	_, err := conditions.ConvertFact(name, f.Type, v)
	return err != nil
}

// compiledPath names the evaluation paths that use the schema.
var compiledPath = map[string]bool{"Program.Eval": true, "machine": true, "EvalBatch": true}

// hasWrongValue reports whether some fact e reads has, in facts, a value
// that is not of the type schema declares for it.
func hasWrongValue(schema *conditions.Schema, e conditions.Expr, facts conditions.Facts) bool {
	for _, name := range e.Facts() {
		f, ok := schema.Lookup(name)
		v, present := facts[name]
		if !ok || !present {
			continue
		}
		if _, err := conditions.ConvertFact(name, f.Type, v); err != nil {
			return true
		}
	}
	return false
}
