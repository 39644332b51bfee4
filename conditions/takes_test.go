package conditions

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

func TestTakes(t *testing.T) {
	a, b, c, d := lgFact("a"), lgFact("b"), lgFact("c"), lgFact("d")
	x, y, name, day := lgFact("x"), lgFact("y"), lgFact("name"), lgFact("day")
	concluded, withdrawn := lgFact("peace_treaty.concluded"), lgFact("foreign_troops.withdrawn")
	kuril := lgAnd(concluded, withdrawn)
	tests := []struct {
		label  string
		expr   ast.Node
		facts  Facts
		want   Truth
		result []Assignment
		reason string
	}{
		{"kuril-true", kuril, nil, True,
			[]Assignment{{"peace_treaty.concluded": true, "foreign_troops.withdrawn": true}},
			"both halves of a conjunction must hold"},
		{"kuril-false", kuril, nil, False,
			[]Assignment{{"foreign_troops.withdrawn": false}, {"peace_treaty.concluded": false}},
			"either half failing suffices; equal sizes are ordered by atom text"},
		{"kuril-troops-stay-true", kuril, Facts{"foreign_troops.withdrawn": false}, True, nil,
			"with the troops known not withdrawn nothing makes the condition true"},
		{"kuril-troops-stay-false", kuril, Facts{"foreign_troops.withdrawn": false}, False, []Assignment{{}},
			"already false whatever the rest: the empty assignment"},
		{"kuril-concluded", kuril, Facts{"peace_treaty.concluded": true}, True,
			[]Assignment{{"foreign_troops.withdrawn": true}}, "only the unknown atom is left"},
		{"atleast-true", lgAtLeast(2, a, b, c), nil, True,
			[]Assignment{{"a": true, "b": true}, {"a": true, "c": true}, {"b": true, "c": true}},
			"any two of three"},
		{"atleast-false", lgAtLeast(2, a, b, c), nil, False,
			[]Assignment{{"a": false, "b": false}, {"a": false, "c": false}, {"b": false, "c": false}},
			"any two of three failing leaves fewer than two"},
		{"atleast-known", lgAtLeast(2, a, b, c), Facts{"b": true}, True,
			[]Assignment{{"a": true}, {"c": true}}, "one more of the unknown two"},
		{"atleast-mixed", lgAnd(lgAtLeast(2, a, b, c), lgNot(d)), nil, True,
			[]Assignment{
				{"a": true, "b": true, "d": false},
				{"a": true, "c": true, "d": false},
				{"b": true, "c": true, "d": false},
			}, "negated atoms must take false"},
		{"range-or", lgOr(lgCmp(x, ast.OpGt, lgNum(5)), lgCmp(x, ast.OpLt, lgNum(3))), nil, True,
			[]Assignment{{"x < 3": true}, {"x > 5": true}},
			"either side; no assignment needs the impossible x > 5 and x < 3"},
		{"range-or-false", lgOr(lgCmp(x, ast.OpGt, lgNum(5)), lgCmp(x, ast.OpLt, lgNum(3))), nil, False,
			[]Assignment{{"x < 3": false, "x > 5": false}}, "3 <= x <= 5 is possible"},
		{"range-and", lgAnd(lgCmp(x, ast.OpGt, lgNum(5)), lgCmp(x, ast.OpLt, lgNum(3))), nil, True, nil,
			"no number is both above 5 and below 3"},
		{"range-and-false", lgAnd(lgCmp(x, ast.OpGt, lgNum(5)), lgCmp(x, ast.OpLt, lgNum(3))), nil, False,
			[]Assignment{{}}, "false for every x"},
		{"implied-atom", lgAnd(lgCmp(x, ast.OpGt, lgNum(5)), lgCmp(x, ast.OpGt, lgNum(3))), nil, True,
			[]Assignment{{"x > 5": true}}, "x > 5 implies x > 3, so it alone suffices"},
		{"flipped-operands", lgAnd(lgCmp(lgNum(5), ast.OpLt, x), lgCmp(x, ast.OpLe, lgNum(5))), nil, True, nil,
			"5 < x is x > 5, which contradicts x <= 5"},
		{"point", lgAnd(lgCmp(x, ast.OpGe, lgNum(5)), lgCmp(x, ast.OpLe, lgNum(5)), lgCmp(x, ast.OpNe, lgNum(5))),
			nil, True, nil, "x >= 5 and x <= 5 leave only 5, which x != 5 excludes"},
		{"adjacent-floats", lgAnd(lgCmp(x, ast.OpGt, lgNum(1)), lgCmp(x, ast.OpLt, lgNum(1.0000000000000002))),
			nil, True, nil, "no float64 lies strictly between 1 and the next float64"},
		{"tautology", lgOr(a, lgNot(a)), nil, True, []Assignment{{}},
			"a or not a holds in every completion, though Kleene logic leaves it unknown"},
		{"contradiction", lgAnd(a, lgNot(a)), nil, True, nil, "a and not a never holds"},
		{"bool-compare", lgAnd(a, lgCmp(a, ast.OpEq, lgBool(false))), nil, True, nil,
			"a and a == false read one boolean fact and contradict each other"},
		{"bool-compare-equivalent", lgOr(a, lgCmp(a, ast.OpEq, lgBool(true))), nil, True,
			[]Assignment{{"a": true}, {"a == true": true}}, "two spellings of one fact, each minimal"},
		{"strings", lgOr(lgCmp(name, ast.OpEq, lgStr("ratified")), lgCmp(name, ast.OpEq, lgStr("signed"))), nil, False,
			[]Assignment{{`name == "ratified"`: false, `name == "signed"`: false}}, "some other string"},
		{"strings-exclusive", lgAnd(lgCmp(name, ast.OpEq, lgStr("ratified")), lgCmp(name, ast.OpEq, lgStr("signed"))),
			nil, True, nil, "a string equals at most one constant"},
		{"strings-least", lgCmp(name, ast.OpLt, lgStr("")), nil, False, []Assignment{{}},
			"no string is below the empty string"},
		{"strings-successor", lgAnd(lgCmp(name, ast.OpGt, lgStr("a")), lgCmp(name, ast.OpLt, lgStr("a\x00"))),
			nil, True, nil, `nothing lies strictly between "a" and "a\x00"`},
		{"dates", lgAnd(lgCmp(day, ast.OpGt, lgDate("1956-10-19")), lgCmp(day, ast.OpLt, lgDate("1956-10-20"))),
			nil, True, nil, "dates are whole days"},
		{"dates-gap", lgAnd(lgCmp(day, ast.OpGt, lgDate("1956-10-19")), lgCmp(day, ast.OpLt, lgDate("1956-10-21"))),
			nil, True, []Assignment{{"day < @1956-10-21": true, "day > @1956-10-19": true}},
			"the 20th lies between"},
		{"substituted", lgOr(lgCmp(lgArith(x, ast.OpAdd, y), ast.OpGt, lgNum(3)), a), Facts{"y": 1}, True,
			[]Assignment{{"a": true}, {"x + 1 > 3": true}}, "atoms are keyed after substitution"},
		{"arith-independent", lgAnd(lgCmp(lgArith(x, ast.OpAdd, y), ast.OpGt, lgNum(3)), lgCmp(x, ast.OpGt, lgNum(1))),
			nil, True, []Assignment{{"x + y > 3": true, "x > 1": true}}, "arithmetic atoms are independent"},
		{"origins", lgAnd(lgTag("art1", a), lgTag("art2", lgOr(b, c))), nil, True,
			[]Assignment{{"a": true, "b": true}, {"a": true, "c": true}}, "origins do not change atoms"},
		{"ground-inf", lgOr(lgCmp(lgArith(x, ast.OpMul, lgNum(10)), ast.OpGt, lgNum(5)), a), Facts{"x": 1e308}, True,
			[]Assignment{{}}, "1e308 * 10 > 5 is left unfolded by Residual but is true"},
		{"zero-expr", nil, nil, True, []Assignment{{}}, "the zero Expr always holds"},
		{"zero-expr-false", nil, nil, False, nil, "the zero Expr is never false"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			require.NotEmpty(t, tt.reason)
			before := maps.Clone(tt.facts)
			got, err := Takes(lgExpr(tt.expr), tt.facts, tt.want)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.result, got); diff != "" {
				t.Errorf("%s: Takes mismatch (-want +got):\n%s", tt.reason, diff)
			}
			assert.Equal(t, before, tt.facts, "Takes must not modify the facts")
		})
	}
}

func TestTakesErrors(t *testing.T) {
	a, b, x, y := lgFact("a"), lgFact("b"), lgFact("x"), lgFact("y")
	many := make([]ast.Node, 30)
	for i := range many {
		many[i] = lgFact(fmt.Sprintf("c%02d", i))
	}
	tests := []struct {
		label  string
		expr   ast.Node
		facts  Facts
		want   Truth
		code   *Error
		msg    string
		reason string
	}{
		{"want-unknown", lgAnd(a, b), nil, Unknown, ErrArgument, "want must be true or false, not unknown",
			"there is no assignment that forces unknown"},
		{"want-invalid", lgAnd(a, b), nil, Truth(9), ErrArgument, "Truth(9)", "out-of-range Truth"},
		{"fact-type", lgAnd(a, b), Facts{"a": 5}, True, ErrFactType, `fact "a"`,
			"a number for a boolean fact is reported, not treated as unknown"},
		{"type", lgAnd(a, lgArith(x, ast.OpAdd, lgNum(1))), nil, True, ErrType, "",
			"arithmetic is not a boolean operand"},
		{"div-by-zero", lgOr(a, lgCmp(lgArith(x, ast.OpDiv, y), ast.OpGt, lgNum(1))), Facts{"y": 0}, True,
			ErrDivByZero, "", "every completion divides by zero"},
		{"limit", lgAtLeast(10, many...), nil, True, ErrLimit, "condition too large for exact analysis: 30 atoms",
			"atleast(10, 30 atoms) has C(30,10) = 30045015 minimal assignments"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			require.NotEmpty(t, tt.reason)
			got, err := Takes(lgExpr(tt.expr), tt.facts, tt.want)
			require.Error(t, err, tt.reason)
			assert.Nil(t, got)
			assert.True(t, errors.Is(err, tt.code), "%s: got %v, want code %s", tt.reason, err, tt.code.Code)
			assert.Contains(t, err.Error(), tt.msg, tt.reason)
		})
	}
}

// lgAtomsOf returns the atoms of a boolean expression, by canonical text,
// in order of first appearance, computed independently of atoms.go.
func lgAtomsOf(n ast.Node) ([]string, map[string]ast.Node) {
	var keys []string
	nodes := map[string]ast.Node{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Tagged:
			walk(n.X)
		case *ast.Logic:
			for _, a := range n.Args {
				walk(a)
			}
		case *ast.AtLeast:
			for _, a := range n.Args {
				walk(a)
			}
		case *ast.Unary:
			walk(n.X)
		case *ast.Fact, *ast.Compare:
			k := ast.Format(n)
			if _, ok := nodes[k]; !ok {
				keys = append(keys, k)
				nodes[k] = n
			}
		}
	}
	if n != nil {
		walk(n)
	}
	return keys, nodes
}

// lgWorld is what one completion makes of the atoms: the truth of each
// (bit i for atom i) and the value of the condition.
type lgWorld struct {
	atoms uint32
	value Truth
}

// lgPartial is a partial assignment of n atoms: atom i is fixed when bit i
// of mask is set, to bit i of bits.
type lgPartial struct{ mask, bits uint32 }

func (p lgPartial) agrees(w lgWorld) bool { return w.atoms&p.mask == p.bits }

func (p lgPartial) assignment(keys []string) Assignment {
	a := Assignment{}
	for i, k := range keys {
		if p.mask>>i&1 == 1 {
			a[k] = p.bits>>i&1 == 1
		}
	}
	return a
}

// sufficient reports whether p is consistent (some world agrees) and
// forces want (every agreeing world has it).
func (p lgPartial) sufficient(worlds []lgWorld, want Truth) (sufficient, consistent bool) {
	sufficient = true
	for _, w := range worlds {
		if p.agrees(w) {
			consistent = true
			if w.value != want {
				sufficient = false
			}
		}
	}
	return sufficient, consistent
}

// TestTakesProperties checks Takes against brute force on random
// conditions of up to 10 atoms over boolean facts and comparisons of
// number facts with constants, with random known facts. The worlds are
// computed from real fact values (every region the constants delimit), so
// atoms over one fact are related semantically, not by the code under
// test.
func TestTakesProperties(t *testing.T) {
	g := &lgGen{r: rand.New(rand.NewPCG(3, 5))}
	nonTrivial := 0
	for iter := range 300 {
		e := lgExpr(g.expr(10))
		known := g.facts(0.15)
		res := Residual(e, known)
		keys, nodes := lgAtomsOf(res.root)
		require.LessOrEqual(t, len(keys), 10)

		// The distinct worlds over the residual's atoms.
		seen := map[lgWorld]bool{}
		var worlds []lgWorld
		lgCompletions(known, func(vals map[string]ast.Value) {
			var w lgWorld
			for i, k := range keys {
				if v, _ := lgTruth(nodes[k], vals); v == True {
					w.atoms |= 1 << i
				}
			}
			w.value, _ = lgTruth(e.root, vals)
			if !seen[w] {
				seen[w] = true
				worlds = append(worlds, w)
			}
		})

		for _, want := range []Truth{True, False} {
			got, err := Takes(e, known, want)
			require.NoError(t, err, "iteration %d: %q", iter, e)
			if len(got) > 0 && len(got[0]) > 0 {
				nonTrivial++
			}
			where := fmt.Sprintf("iteration %d: %q known %v want %v", iter, e, known, want)

			// Decode the result, checking its keys are atoms of the residual.
			ps := make([]lgPartial, len(got))
			for j, a := range got {
				for k, v := range a {
					i := slices.Index(keys, k)
					require.GreaterOrEqual(t, i, 0, "%s: %q is not an unknown atom (atoms %q)", where, k, keys)
					ps[j].mask |= 1 << i
					if v {
						ps[j].bits |= 1 << i
					}
				}
			}
			for j, p := range ps {
				suff, cons := p.sufficient(worlds, want)
				require.True(t, cons, "%s: %v is inconsistent", where, got[j])
				require.True(t, suff, "%s: %v is not sufficient", where, got[j])
				for i := range keys {
					if p.mask>>i&1 == 0 {
						continue
					}
					weaker := lgPartial{p.mask &^ (1 << i), p.bits &^ (1 << i)}
					s, _ := weaker.sufficient(worlds, want)
					require.False(t, s, "%s: %v is not minimal: %q can be dropped", where, got[j], keys[i])
				}
			}

			// Complete: every consistent sufficient partial assignment
			// contains a returned one. Enumerate all 3^n of them.
			var brute []Assignment
			n := len(keys)
			for code := range lgPow3(n) {
				var p lgPartial
				for i, c := 0, code; i < n; i, c = i+1, c/3 {
					switch c % 3 {
					case 1:
						p.mask |= 1 << i
					case 2:
						p.mask |= 1 << i
						p.bits |= 1 << i
					}
				}
				suff, cons := p.sufficient(worlds, want)
				if !suff || !cons {
					continue
				}
				covered := slices.ContainsFunc(ps, func(q lgPartial) bool {
					return q.mask&p.mask == q.mask && p.bits&q.mask == q.bits
				})
				require.True(t, covered, "%s: sufficient %v contains no returned assignment %v",
					where, p.assignment(keys), got)
				minimal := true
				for i := range n {
					if p.mask>>i&1 == 1 {
						if s, _ := (lgPartial{p.mask &^ (1 << i), p.bits &^ (1 << i)}).sufficient(worlds, want); s {
							minimal = false
							break
						}
					}
				}
				if minimal {
					brute = append(brute, p.assignment(keys))
				}
			}
			// So the result is exactly the minimal ones, in the documented order.
			slices.SortFunc(brute, lgCompareAssignments)
			if diff := cmp.Diff(brute, got); diff != "" {
				t.Fatalf("%s: mismatch with brute force (-brute +got):\n%s", where, diff)
			}
		}
	}
	assert.Greater(t, nonTrivial, 200, "the random conditions should mostly need some atoms")
}

func lgPow3(n int) int {
	p := 1
	for range n {
		p *= 3
	}
	return p
}

// lgCompareAssignments is the documented order of Takes, written out
// independently: size, then the sorted (atom, value) pairs.
func lgCompareAssignments(x, y Assignment) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	render := func(a Assignment) []string {
		var s []string
		for _, k := range slices.Sorted(maps.Keys(a)) {
			v := "0"
			if a[k] {
				v = "1"
			}
			s = append(s, k+"\x00"+v) // \x00 sorts before any byte of an atom
		}
		return s
	}
	return slices.Compare(render(x), render(y))
}

func TestTakesOrder(t *testing.T) {
	// Two size-2 assignments that differ in the value of their first atom,
	// and a size-1 one whose atom text is greater: size wins, then false
	// before true.
	a, b, c := lgFact("a"), lgFact("b"), lgFact("zz")
	e := lgOr(lgAnd(a, b), lgAnd(lgNot(a), b), c)
	got, err := Takes(lgExpr(e), nil, True)
	require.NoError(t, err)
	want := []Assignment{{"b": true}, {"zz": true}}
	assert.Equal(t, want, got, "a·b + a'·b is b: the consensus absorbs both")

	e = lgOr(lgAnd(a, b), lgAnd(lgNot(a), lgNot(b)), c)
	got, err = Takes(lgExpr(e), nil, True)
	require.NoError(t, err)
	want = []Assignment{{"zz": true}, {"a": false, "b": false}, {"a": true, "b": true}}
	assert.Equal(t, want, got)
	for i := 1; i < len(got); i++ {
		assert.Negative(t, lgCompareAssignments(got[i-1], got[i]), "sorted at %d", i)
	}
}

func TestTakesConcurrent(t *testing.T) {
	e := lgExpr(lgAtLeast(2, lgFact("a"), lgFact("b"), lgCmp(lgFact("x"), ast.OpGt, lgNum(1))))
	f := Facts{"c": true}
	want, err := Takes(e, f, True)
	require.NoError(t, err)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 50 {
				got, err := Takes(e, f, True)
				if err == nil && !cmp.Equal(want, got) {
					err = fmt.Errorf("got %v, want %v", got, want)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		assert.NoError(t, <-errs)
	}
}

func BenchmarkTakes(b *testing.B) {
	b.Run("C22-3unknown", func(b *testing.B) {
		e, f := lgC22()
		want, err := Takes(e, f, True)
		if err != nil || len(want) != 1 || len(want[0]) != 3 {
			b.Fatalf("Takes = %v, %v", want, err)
		}
		b.ReportAllocs()
		for b.Loop() {
			Takes(e, f, True)
		}
	})
	for _, want := range []Truth{True, False} {
		b.Run("40atoms-"+want.String(), func(b *testing.B) {
			e := lgTreaty40()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Takes(e, nil, want); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// lgTreaty40 returns a condition over 40 distinct atoms in the shape of a
// multilateral treaty's entry into force: signatures, a quorum of
// ratifications, per-party approvals over numbers and strings, dates, and
// an escape clause. With nothing known, 896 minimal assignments make it
// true and 83 make it false.
func lgTreaty40() Expr {
	f := lgFact
	var ratified []ast.Node
	for i := range 8 {
		ratified = append(ratified, f(fmt.Sprintf("ratified.p%d", i)))
	}
	var approvals []ast.Node
	for i := range 6 {
		p := fmt.Sprintf("party%d", i)
		approvals = append(approvals, f(p+".parliament"), lgCmp(f(p+".vote_share"), ast.OpGt, lgNum(0.5)))
	}
	for i := range 3 {
		p := fmt.Sprintf("observer%d", i)
		approvals = append(approvals, lgOr(f(p+".consent"), lgCmp(f(p+".status"), ast.OpEq, lgStr("exempt"))))
	}
	return lgExpr(lgAnd(
		lgTag("art1", lgAnd(f("signed.a"), f("signed.b"))),
		lgTag("art2", lgAtLeast(6, ratified...)),
		lgTag("art3", lgAnd(approvals...)),
		lgOr(lgCmp(f("troops.count"), ast.OpEq, lgNum(0)), lgCmp(f("troops.count"), ast.OpLt, lgNum(100))),
		lgCmp(f("deposit"), ast.OpGe, lgDate("1956-10-19")),
		lgCmp(f("deposit"), ast.OpLt, lgDate("1960-01-01")),
		lgNot(lgAnd(f("dispute.pending"), lgNot(f("dispute.waived")))),
		lgAnd(f("fisheries.agreed"), f("border.agreed"), f("protocol.signed")),
		lgCmp(f("payments"), ast.OpGe, lgNum(10)),
		lgCmp(f("islands"), ast.OpNe, lgStr("none")),
		lgCmp(f("ceasefire.days"), ast.OpGe, lgNum(30)),
	))
}

func TestTakesTreaty40(t *testing.T) {
	e := lgTreaty40()
	keys, _ := lgAtomsOf(e.root)
	assert.Len(t, keys, 40, "the benchmark condition has 40 atoms: %s", strings.Join(keys, "; "))
	tru, err := Takes(e, nil, True)
	require.NoError(t, err)
	// C(8,6) quorums × 2^3 observer options × 2 ways to clear the dispute
	// × 2 troop atoms, either of which satisfies the troop clause alone.
	assert.Len(t, tru, 28*8*2*2)
	for _, a := range tru {
		_, zero := a["troops.count == 0"]
		_, below := a["troops.count < 100"]
		assert.True(t, zero != below, "exactly one troop atom in %v", a)
	}
	fls, err := Takes(e, nil, False)
	require.NoError(t, err)
	// 2 signatures + C(8,3) + 12 approvals + 3 observers + 1 troops + 2
	// deposit + 1 dispute + 3 + payments + islands + ceasefire.
	assert.Len(t, fls, 2+56+12+3+1+2+1+3+1+1+1)
	assert.Contains(t, fls, Assignment{"dispute.pending": true, "dispute.waived": false})
	assert.Contains(t, fls, Assignment{"troops.count < 100": false})
}
