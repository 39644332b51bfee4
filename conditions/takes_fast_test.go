package conditions

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// tfGen generates random conditions, well typed or not, over a small
// vocabulary of facts that are used in every kind of context, so that
// type conflicts, comparisons of facts with facts, logical operators used
// as values, divisions by zero and non-finite arithmetic all occur.
//
// With typed set, it mostly keeps to one type per fact (a, b and p.q
// bool, n and m number, s string, d date) and draws values of those
// types, straying now and then.
type tfGen struct {
	r     *rand.Rand
	typed bool
}

var tfTyped = map[Type][]string{Bool: {"a", "b", "p.q"}, Number: {"n", "m"}, String: {"s"}, Date: {"d"}}

// typedTruth returns a well-typed boolean node, but for a few strays.
func (g *tfGen) typedTruth(depth int) ast.Node {
	if g.r.IntN(150) == 0 {
		return g.truth(depth)
	}
	if depth == 0 || g.r.IntN(4) == 0 {
		if g.r.IntN(3) == 0 {
			return lgFact(tfTyped[Bool][g.r.IntN(3)])
		}
		t := []Type{Bool, Number, Number, Number, String, Date}[g.r.IntN(6)]
		ops := lgOps
		if t == Bool {
			ops = ops[:2]
		}
		return lgCmp(g.typedValue(t, 1), ops[g.r.IntN(len(ops))], g.typedValue(t, 1))
	}
	switch g.r.IntN(7) {
	case 0:
		return lgNot(g.typedTruth(depth - 1))
	case 1:
		return lgTag("t", g.typedTruth(depth-1))
	case 2, 3:
		return lgAnd(g.typedTruth(depth-1), g.typedTruth(depth-1))
	case 4, 5:
		return lgOr(g.typedTruth(depth-1), g.typedTruth(depth-1), g.typedTruth(depth-1))
	}
	n := 1 + g.r.IntN(4)
	args := make([]ast.Node, n)
	for i := range args {
		args[i] = g.typedTruth(depth - 1)
	}
	return lgAtLeast(g.r.IntN(n+2), args...)
}

// typedValue returns a node of type t, but for a few strays.
func (g *tfGen) typedValue(t Type, depth int) ast.Node {
	if g.r.IntN(150) == 0 {
		return g.value(depth)
	}
	if t == Bool {
		if g.r.IntN(8) == 0 {
			return g.typedTruth(depth) // a logical operator as a value
		}
		if g.r.IntN(4) == 0 {
			return lgBool(g.r.IntN(2) == 0)
		}
		return lgFact(tfTyped[Bool][g.r.IntN(3)])
	}
	if depth == 0 || t != Number || g.r.IntN(2) == 0 {
		if g.r.IntN(2) == 0 {
			names := tfTyped[t]
			return lgFact(names[g.r.IntN(len(names))])
		}
		switch t {
		case Number:
			return lgNum([]float64{0, 1, 2, 5, 1e308, -3}[g.r.IntN(6)])
		case String:
			return lgStr([]string{"", "x", "x\x00", "y"}[g.r.IntN(4)])
		}
		return lgDate([]string{"2020-01-01", "2020-01-02", "2020-01-05"}[g.r.IntN(3)])
	}
	switch g.r.IntN(4) {
	case 0:
		return lgNeg(g.typedValue(Number, depth-1))
	case 1:
		return lgTag("v", g.typedValue(Number, depth-1))
	}
	ops := []ast.Op{ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpDiv}
	return lgArith(g.typedValue(Number, depth-1), ops[g.r.IntN(len(ops))], g.typedValue(Number, depth-1))
}

// typedFacts returns values of the facts' types for some facts, and now
// and then a stray.
func (g *tfGen) typedFacts() Facts {
	f := Facts{}
	for t, names := range tfTyped {
		for _, name := range names {
			if g.r.IntN(2) == 0 {
				continue
			}
			var v any
			switch t {
			case Bool:
				v = g.r.IntN(2) == 0
			case Number:
				v = []any{0, 1, 2, 3.5, 5, -3.0, int8(1)}[g.r.IntN(7)]
			case String:
				v = []string{"", "x", "x\x00", "y", "z"}[g.r.IntN(5)]
			case Date:
				v = time.Date(2020, 1, 1+g.r.IntN(6), 0, 0, 0, 0, time.UTC)
			}
			f[name] = v
		}
	}
	if g.r.IntN(20) == 0 {
		for k, v := range g.facts() {
			f[k] = v
		}
	}
	return f
}

var tfNames = []string{"a", "b", "n", "m", "s", "d", "p.q"}

func (g *tfGen) fact() ast.Node { return lgFact(tfNames[g.r.IntN(len(tfNames))]) }

// truth returns a node meant for a boolean context.
func (g *tfGen) truth(depth int) ast.Node {
	if depth == 0 || g.r.IntN(4) == 0 {
		switch g.r.IntN(12) {
		case 0:
			return lgBool(g.r.IntN(2) == 0)
		case 1:
			return g.value(0) // mostly ill-typed here
		case 2, 3, 4:
			return g.fact()
		}
		return lgCmp(g.value(1), lgOps[g.r.IntN(len(lgOps))], g.value(1))
	}
	switch g.r.IntN(8) {
	case 0:
		return lgNot(g.truth(depth - 1))
	case 1:
		return lgTag("t", g.truth(depth-1))
	case 2, 3:
		return lgAnd(g.truth(depth-1), g.truth(depth-1))
	case 4, 5:
		return lgOr(g.truth(depth-1), g.truth(depth-1), g.truth(depth-1))
	case 6:
		return lgCmp(g.value(depth-1), lgOps[g.r.IntN(len(lgOps))], g.value(depth-1))
	}
	n := 1 + g.r.IntN(4)
	args := make([]ast.Node, n)
	for i := range args {
		args[i] = g.truth(depth - 1)
	}
	return lgAtLeast(g.r.IntN(n+2), args...)
}

// value returns a node meant for a comparison or arithmetic.
func (g *tfGen) value(depth int) ast.Node {
	if depth == 0 || g.r.IntN(3) == 0 {
		switch g.r.IntN(10) {
		case 0, 1, 2, 3:
			return g.fact()
		case 4, 5:
			return lgNum([]float64{0, 1, 2, 1e308, -3}[g.r.IntN(5)])
		case 6:
			return lgStr([]string{"", "x", "x\x00"}[g.r.IntN(3)])
		case 7:
			return lgDate([]string{"2020-01-01", "2020-01-02"}[g.r.IntN(2)])
		case 8:
			return lgBool(g.r.IntN(2) == 0)
		}
		return g.truth(0) // a logical operator used as a value, now and then
	}
	switch g.r.IntN(5) {
	case 0:
		return lgNeg(g.value(depth - 1))
	case 1:
		return lgTag("v", g.value(depth-1))
	}
	ops := []ast.Op{ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpDiv}
	return lgArith(g.value(depth-1), ops[g.r.IntN(len(ops))], g.value(depth-1))
}

type tfUnsupported struct{}

// facts returns values for some facts, of every kind Facts may hold.
func (g *tfGen) facts() Facts {
	f := Facts{}
	var nilInt *int
	one := 1
	values := []any{
		nil, true, false, 0, 1, 2.5, -3.0, 1e308, math.Inf(1), math.NaN(), int8(2), uint(0),
		"", "x", "x\x00", time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC), nilInt, &one, tfUnsupported{},
	}
	for _, name := range tfNames {
		if g.r.IntN(3) != 0 {
			f[name] = values[g.r.IntN(len(values))]
		}
	}
	return f
}

// TestTakesFastMatchesSlow checks that Takes, which answers most calls on
// its fast path, gives exactly the result or the error of its slow path
// (Eval, then the BDD of the residual) on random conditions and facts of
// every kind, well typed or not.
func TestTakesFastMatchesSlow(t *testing.T) {
	g := &tfGen{r: rand.New(rand.NewPCG(11, 13))}
	var status [3]int
	errs := 0
	for iter := range 6000 {
		g.typed = iter%4 != 0
		var e Expr
		var f Facts
		if g.typed {
			e, f = lgExpr(g.typedTruth(3+iter%3)), g.typedFacts()
		} else {
			e, f = lgExpr(g.truth(4)), g.facts()
		}
		if iter%50 == 0 {
			f = nil // everything unknown
		}
		for _, want := range []Truth{True, False} {
			got, gotErr := Takes(e, f, want)
			slow, slowErr := takesSlow(context.Background(), e, f, want)
			_, st := takesFast(e, f, want)
			status[st]++
			if slowErr != nil {
				errs++
			}
			if diff := cmp.Diff(slowErr, gotErr, cmp.AllowUnexported(Error{})); diff != "" {
				t.Fatalf("%q over %v, want %v: error differs from the slow path (-slow +got):\n%s", e, f, want, diff)
			}
			if diff := cmp.Diff(slow, got); diff != "" {
				t.Fatalf("%q over %v, want %v: result differs from the slow path (-slow +got):\n%s", e, f, want, diff)
			}
		}
	}
	t.Logf("fast path: %d done, %d big, %d given up; %d errors", status[takesDone], status[takesBig], status[takesGiveUp], errs)
	// The generator is meant to exercise every path.
	assert.Greater(t, status[takesDone], 3000, "answered on the fast path")
	assert.Greater(t, status[takesBig], 50, "handed to the BDD after the fast checks")
	assert.Greater(t, errs, 1000, "errors, which only the slow path reports")
}

// TestTakesFastTaken checks that well-typed conditions with well-typed
// facts are answered without the slow path: random conditions over
// boolean facts and comparisons of numbers with constants, and the
// benchmark condition C22.
func TestTakesFastTaken(t *testing.T) {
	g := &lgGen{r: rand.New(rand.NewPCG(7, 9))}
	small := 0
	for range 500 {
		e := lgExpr(g.expr(8))
		f := g.facts(0.3)
		for _, want := range []Truth{True, False} {
			as, st := takesFast(e, f, want)
			require.NotEqual(t, takesGiveUp, st, "%q over %v: well typed, yet the fast path gave up", e, f)
			if st == takesDone {
				small++
				slow, err := takesSlow(context.Background(), e, f, want)
				require.NoError(t, err)
				require.Equal(t, slow, as, "%q over %v want %v", e, f, want)
			}
		}
	}
	assert.Greater(t, small, 500, "most random conditions have few unknown atoms")

	e, f := lgC22()
	as, st := takesFast(e, f, True)
	require.Equal(t, takesDone, st, "C22 with three facts unknown is answered on the fast path")
	assert.Equal(t, []Assignment{{"troops.remaining < 500": true, "votes.yes > 75": true, "elections.held": true}}, as)
}

// TestTakesFastManyFacts checks the fast path's bookkeeping of unknown
// facts beyond the few it keeps in a list, against the slow path: a
// condition over 40 facts, used consistently or, at the end, with a
// conflicting type.
func TestTakesFastManyFacts(t *testing.T) {
	var args []ast.Node
	for i := range 40 {
		args = append(args, lgOr(lgFact(fmt.Sprintf("f%d", i)), lgCmp(lgFact(fmt.Sprintf("n%d", i%3)), ast.OpGt, lgNum(float64(i)))))
	}
	for _, tt := range []struct {
		last   ast.Node
		status takesStatus
		reason string
	}{
		{lgFact("f7"), takesBig, "consistent: the fast path checks, the BDD answers"},
		{lgCmp(lgFact("f39"), ast.OpGt, lgNum(1)), takesGiveUp, "f39 is a bool, then a number"},
		{lgCmp(lgFact("n2"), ast.OpEq, lgStr("x")), takesGiveUp, "n2 is a number, then a string"},
	} {
		e := lgExpr(lgAnd(append(slices.Clone(args), tt.last)...))
		f := Facts{"f0": false, "f1": true}
		_, st := takesFast(e, f, False)
		assert.Equal(t, tt.status, st, tt.reason)
		got, gotErr := Takes(e, f, False)
		want, wantErr := takesSlow(context.Background(), e, f, False)
		assert.Equal(t, wantErr, gotErr, tt.reason)
		assert.Equal(t, want, got, tt.reason)
	}
}

// TestTakesFastDropsDecidedAtoms checks that atoms under a decided node
// are not atoms of the residual: with them, the theory of x would add the
// assignment {x < 3: true} to the answer for not (x > 5).
func TestTakesFastDropsDecidedAtoms(t *testing.T) {
	x, a := lgFact("x"), lgFact("a")
	e := lgExpr(lgAnd(lgNot(lgCmp(x, ast.OpGt, lgNum(5))), lgOr(a, lgCmp(x, ast.OpLt, lgNum(3)))))
	got, err := Takes(e, Facts{"a": true}, True)
	require.NoError(t, err)
	assert.Equal(t, []Assignment{{"x > 5": false}}, got, "x < 3 is under the decided a or x < 3")

	e = lgExpr(lgAnd(lgNot(lgCmp(x, ast.OpGt, lgNum(5))), lgAtLeast(1, a, lgCmp(x, ast.OpLt, lgNum(3)))))
	got, err = Takes(e, Facts{"a": true}, True)
	require.NoError(t, err)
	assert.Equal(t, []Assignment{{"x > 5": false}}, got, "likewise under a decided atleast")
}

// TestConvertInto checks that the conversion of fact values shared by
// Residual and the fast path of Takes agrees with valueOf on values of
// every kind Facts may hold.
func TestConvertInto(t *testing.T) {
	type myBool bool
	var nilInt *int
	one, half := 1, 0.5
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	for _, raw := range []any{
		nil, true, false, myBool(true), 0, -7, int8(3), int64(1) << 60, uint(9), float32(1.5),
		0.25, math.Inf(-1), math.NaN(), float32(math.NaN()), "", "x", nilInt, &one, &half,
		time.Date(2020, 1, 1, 23, 30, 0, 0, paris), time.Date(1956, 10, 19, 0, 0, 0, 0, time.UTC),
		struct{}{}, []int{1},
	} {
		v, known, err := valueOf(raw)
		var got ast.Value
		gotKnown, gotOK := convertInto(&got, raw)
		assert.Equal(t, err == nil, gotOK, "%#v: accepted", raw)
		if err == nil {
			assert.Equal(t, known, gotKnown, "%#v: known", raw)
		}
		if err == nil && known {
			assert.Equal(t, v, got, "%#v: value", raw)
		}
	}
}

// TestTakesFastInfinity checks the theory of an atom whose constant is
// infinite, which only arithmetic that overflows can bring (fact values
// must be finite): no number is above +Inf, so x > y * 10 with y = 1e308
// cannot be made true.
func TestTakesFastInfinity(t *testing.T) {
	e := MustParse("x > y * 10")
	f := Facts{"y": 1e308}
	got, err := Takes(e, f, True)
	require.NoError(t, err)
	assert.Nil(t, got, "x > +Inf never holds")
	got, err = Takes(e, f, False)
	require.NoError(t, err)
	assert.Equal(t, []Assignment{{}}, got, "x > +Inf is false for every x")
	got, err = Takes(MustParse("x < y * 10"), f, True)
	require.NoError(t, err)
	assert.Equal(t, []Assignment{{"x < 1e+308 * 10": true}}, got, "x < +Inf holds for finite x; +Inf prints as a product that evaluates to it")
}

func BenchmarkTakesFast(b *testing.B) {
	e, _ := lgC22()
	b.Run("C22-decided", func(b *testing.B) {
		f := Facts{"troops.remaining": 10, "votes.yes": 100, "elections.held": true}
		for k, v := range tfC22Facts() {
			f[k] = v
		}
		b.ReportAllocs()
		for b.Loop() {
			Takes(e, f, True)
		}
	})
	b.Run("C22-6unknown", func(b *testing.B) {
		f := tfC22Facts()
		delete(f, "prisoners.amnesty_granted")
		delete(f, "border.demarcated")
		delete(f, "ratifications.count")
		b.ReportAllocs()
		for b.Loop() {
			Takes(e, f, False)
		}
	})
}

// tfC22Facts returns the facts of lgC22, three of its facts unknown.
func tfC22Facts() Facts {
	_, f := lgC22()
	return f
}
