package conditions

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// evalBuilder builds syntax trees directly, so that the evaluator's tests
// do not depend on the parser. Use it through eb.
type evalBuilder struct{}

var eb evalBuilder

func (evalBuilder) fact(name string) ast.Node { return &ast.Fact{Name: name} }
func (evalBuilder) num(n float64) ast.Node    { return &ast.Lit{Val: ast.Number(n)} }
func (evalBuilder) lit(b bool) ast.Node       { return &ast.Lit{Val: ast.Bool(b)} }
func (evalBuilder) not(x ast.Node) ast.Node   { return &ast.Unary{Op: ast.OpNot, X: x} }
func (evalBuilder) neg(x ast.Node) ast.Node   { return &ast.Unary{Op: ast.OpNeg, X: x} }
func (evalBuilder) and(xs ...ast.Node) ast.Node {
	return &ast.Logic{Op: ast.OpAnd, Args: xs}
}
func (evalBuilder) or(xs ...ast.Node) ast.Node {
	return &ast.Logic{Op: ast.OpOr, Args: xs}
}
func (evalBuilder) atleast(k int, xs ...ast.Node) ast.Node {
	return &ast.AtLeast{K: k, Args: xs}
}
func (evalBuilder) cmp(op ast.Op, l, r ast.Node) ast.Node {
	return &ast.Compare{Op: op, L: l, R: r}
}
func (evalBuilder) arith(op ast.Op, l, r ast.Node) ast.Node {
	return &ast.Arith{Op: op, L: l, R: r}
}
func (evalBuilder) expr(n ast.Node) Expr { return Expr{root: n} }

// truthFact returns the fact value that stands for t: true, false, or nil
// (unknown).
func truthFact(t Truth) any {
	switch t {
	case True:
		return true
	case False:
		return false
	}
	return nil
}

var truths = []Truth{False, Unknown, True}

// evalOK evaluates e and fails the test on error.
func evalOK(t *testing.T, e Expr, f Facts) Result {
	t.Helper()
	r, err := Eval(e, f)
	if err != nil {
		t.Fatalf("Eval(%s) error: %v", e, err)
	}
	return r
}

func TestEvalKleeneBinary(t *testing.T) {
	// The tables of Kleene's strong logic, rows and columns in the order
	// False, Unknown, True.
	tables := []struct {
		op    ast.Op
		table [3][3]Truth
	}{
		{ast.OpAnd, [3][3]Truth{
			{False, False, False},
			{False, Unknown, Unknown},
			{False, Unknown, True},
		}},
		{ast.OpOr, [3][3]Truth{
			{False, Unknown, True},
			{Unknown, Unknown, True},
			{True, True, True},
		}},
	}
	for _, tt := range tables {
		for i, x := range truths {
			for j, y := range truths {
				e := eb.expr(&ast.Logic{Op: tt.op, Args: []ast.Node{eb.fact("a"), eb.fact("b")}})
				r := evalOK(t, e, Facts{"a": truthFact(x), "b": truthFact(y)})
				if want := tt.table[i][j]; r.Value != want {
					t.Errorf("%v %s %v = %v, want %v", x, tt.op, y, r.Value, want)
				}
				if r.Explanation.Value != r.Value {
					t.Errorf("%v %s %v: explanation value %v, result %v", x, tt.op, y, r.Explanation.Value, r.Value)
				}
			}
		}
	}
}

func TestEvalKleeneNot(t *testing.T) {
	want := map[Truth]Truth{False: True, Unknown: Unknown, True: False}
	for _, x := range truths {
		r := evalOK(t, eb.expr(eb.not(eb.fact("a"))), Facts{"a": truthFact(x)})
		if r.Value != want[x] {
			t.Errorf("not %v = %v, want %v", x, r.Value, want[x])
		}
	}
}

// superTruth is the reference for operators in which every fact occurs
// once: the truth of holds over all completions of the unknown inputs
// (True if it holds for every completion, False if for none).
func superTruth(in []Truth, holds func([]bool) bool) Truth {
	var unknown []int
	for i, t := range in {
		if t == Unknown {
			unknown = append(unknown, i)
		}
	}
	vals := make([]bool, len(in))
	for i, t := range in {
		vals[i] = t == True
	}
	some, all := false, true
	for m := 0; m < 1<<len(unknown); m++ {
		for b, i := range unknown {
			vals[i] = m&(1<<b) != 0
		}
		if holds(vals) {
			some = true
		} else {
			all = false
		}
	}
	switch {
	case all:
		return True
	case !some:
		return False
	}
	return Unknown
}

// allInputs returns every sequence of n truth values.
func allInputs(n int) [][]Truth {
	out := [][]Truth{{}}
	for range n {
		var next [][]Truth
		for _, p := range out {
			for _, t := range truths {
				next = append(next, append(slices.Clone(p), t))
			}
		}
		out = next
	}
	return out
}

func TestEvalKleeneNary(t *testing.T) {
	for n := 1; n <= 4; n++ {
		var args []ast.Node
		for i := range n {
			args = append(args, eb.fact(fmt.Sprintf("c%d", i)))
		}
		for _, in := range allInputs(n) {
			f := Facts{}
			for i, x := range in {
				if x != Unknown {
					f[fmt.Sprintf("c%d", i)] = x == True
				}
			}
			if n >= 2 {
				r := evalOK(t, eb.expr(eb.and(args...)), f)
				if want := superTruth(in, func(v []bool) bool { return !slices.Contains(v, false) }); r.Value != want {
					t.Errorf("and%v = %v, want %v", in, r.Value, want)
				}
				r = evalOK(t, eb.expr(eb.or(args...)), f)
				if want := superTruth(in, func(v []bool) bool { return slices.Contains(v, true) }); r.Value != want {
					t.Errorf("or%v = %v, want %v", in, r.Value, want)
				}
			}
			for k := 0; k <= 4; k++ {
				r := evalOK(t, eb.expr(eb.atleast(k, args...)), f)
				want := superTruth(in, func(v []bool) bool {
					c := 0
					for _, b := range v {
						if b {
							c++
						}
					}
					return c >= k
				})
				if r.Value != want {
					t.Errorf("atleast(%d, %v) = %v, want %v", k, in, r.Value, want)
				}
			}
		}
	}
}

func TestEvalUnknownOperands(t *testing.T) {
	tests := []struct {
		src    string
		facts  Facts
		want   Truth
		reason string
	}{
		{"x < 3", Facts{}, Unknown, "a comparison with an unknown operand is unknown"},
		{"x == x", Facts{}, Unknown, "even when both sides are the same fact: no algebra"},
		{"x * 0 == 0", Facts{}, Unknown, "arithmetic with an unknown operand is unknown, even times zero"},
		{"x + 1 > 2", Facts{"y": 5}, Unknown, "other facts do not help"},
		{"-x < 0", Facts{}, Unknown, "unary minus of unknown is unknown"},
		{"x / 2 > 1", Facts{}, Unknown, "division of unknown by a nonzero number is unknown"},
		{"2 / x > 1", Facts{}, Unknown, "division by an unknown is unknown, not an error"},
		{"s == \"a\"", Facts{"s": nil}, Unknown, "a nil value is unknown"},
		{"d < @2000-01-01", Facts{"d": (*time.Time)(nil)}, Unknown, "a nil pointer is unknown"},
		{"x + y > 2 or a", Facts{"x": 1, "a": true}, True, "an unknown comparison does not stop a true or"},
		{"x + y > 2 and a", Facts{"x": 1, "a": false}, False, "an unknown comparison does not stop a false and"},
		{"x + y > 2", Facts{"x": 1, "y": 2}, True, "known operands compute"},
		{"x - y * 2 == -3", Facts{"x": 1, "y": 2}, True, "precedence is respected"},
		{"x / y == 0.5", Facts{"x": 1, "y": 2}, True, "division is float division"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			r := evalOK(t, MustParse(tt.src), tt.facts)
			if r.Value != tt.want {
				t.Errorf("Eval(%s, %v) = %v, want %v (%s)", tt.src, tt.facts, r.Value, tt.want, tt.reason)
			}
		})
	}
}

type myNumber int16
type myFlag bool
type myText string

func TestEvalGoKinds(t *testing.T) {
	three := 3
	flag := myFlag(true)
	tests := []struct {
		name   string
		src    string
		v      any
		reason string
	}{
		{"int", "x == 3", int(3), "int is a number"},
		{"int8", "x == 3", int8(3), "every signed integer kind is a number"},
		{"int16", "x == 3", int16(3), "every signed integer kind is a number"},
		{"int32", "x == 3", int32(3), "every signed integer kind is a number"},
		{"int64", "x == 3", int64(3), "every signed integer kind is a number"},
		{"uint", "x == 3", uint(3), "every unsigned integer kind is a number"},
		{"uint8", "x == 3", uint8(3), "every unsigned integer kind is a number"},
		{"uint16", "x == 3", uint16(3), "every unsigned integer kind is a number"},
		{"uint32", "x == 3", uint32(3), "every unsigned integer kind is a number"},
		{"uint64", "x == 3", uint64(3), "every unsigned integer kind is a number"},
		{"uintptr", "x == 3", uintptr(3), "every unsigned integer kind is a number"},
		{"float32", "x == 0.5", float32(0.5), "float32 is a number"},
		{"float64", "x == 0.5", 0.5, "float64 is a number"},
		{"negative", "x == -7", int64(-7), "negative integers keep their sign"},
		{"named int", "x == 3", myNumber(3), "named integer types are numbers"},
		{"pointer", "x == 3", &three, "pointers are followed"},
		{"named bool", "x", myFlag(true), "named bool types are bools"},
		{"pointer to named bool", "x", &flag, "pointers to named bools are bools"},
		{"named string", "x == \"a\"", myText("a"), "named string types are strings"},
		{"largest", "x > 1e300", math.MaxFloat64, "the largest finite float64 is a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := evalOK(t, MustParse(tt.src), Facts{"x": tt.v})
			if r.Value != True {
				t.Errorf("Eval(%s) with x = %#v: got %v, want true (%s)", tt.src, tt.v, r.Value, tt.reason)
			}
		})
	}
}

func TestEvalFactTypeErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		facts   Facts
		wantPos string
		wantMsg string
		reason  string
	}{
		{"string for number", "a and x > 1", Facts{"x": "many"}, "1:7",
			`fact "x" must be a number, got a string`, "a string is not a number"},
		{"int for bool", "x and y", Facts{"x": 1, "y": true}, "1:1",
			`fact "x" must be a bool, got a number (Go type int)`, "numbers are not truth values"},
		{"date for bool", "x", Facts{"x": time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, "1:1",
			`fact "x" must be a bool, got a date`, "a date is not a truth value"},
		{"string for date", "x < @2020-01-01", Facts{"x": "2019-01-01"}, "1:1",
			`fact "x" must be a date, got a string`, "dates are time.Time, not strings"},
		{"infinity", "x > 1e300", Facts{"x": math.Inf(1)}, "1:1",
			`fact "x" must be a number: +Inf is not a number the language accepts: fact values must be finite`,
			"fact values must be finite: no input format writes an infinity"},
		{"negative infinity", "x < 0", Facts{"x": float32(math.Inf(-1))}, "1:1",
			`fact "x" must be a number: -Inf is not a number the language accepts: fact values must be finite`,
			"of any float kind"},
		{"bool for string", `x == "yes"`, Facts{"x": true}, "1:1",
			`fact "x" must be a string, got a bool`, "a bool is not a string"},
		{"slice", "x > 1", Facts{"x": []int{1}}, "1:1",
			`fact "x" must be a number: unsupported Go type []int: want bool, a number, string or time.Time`,
			"slices are not fact values"},
		{"map", "x", Facts{"x": map[string]bool{"a": true}}, "1:1",
			`fact "x" must be a bool: unsupported Go type map[string]bool: want bool, a number, string or time.Time`,
			"maps are not fact values"},
		{"NaN", "x > 1", Facts{"x": math.NaN()}, "1:1",
			`fact "x" must be a number: NaN is not a number the language accepts`, "NaN is never a valid number"},
		{"float32 NaN", "x > 1", Facts{"x": float32(math.NaN())}, "1:1",
			`fact "x" must be a number: NaN is not a number the language accepts`, "NaN is rejected in every float kind"},
		{"first occurrence", "y or x > 1 or x < 0", Facts{"x": "s"}, "1:6",
			`fact "x" must be a number, got a string`, "the error is at the fact's first occurrence"},
		{"untyped pair", "a == b", Facts{"a": 1, "b": "one"}, "1:6",
			`fact "b" must have the type of fact "a", which it is compared with (number), got a string`,
			"facts compared with each other must share a type"},
		{"untyped chain", "a == b or b == c", Facts{"a": 1, "c": "one"}, "1:16",
			`fact "c" must have the type of fact "a", which it is compared with (number), got a string`,
			"facts compared through a third, unknown, fact must still share a type"},
		{"untyped ordered bool", "a < b", Facts{"a": true, "b": false}, "1:1",
			`fact "a" must be a number, string or date because it is compared with '<', got a bool`,
			"'<' is not defined on bool"},
		{"untyped unsupported", "a == b", Facts{"b": []string{}}, "1:6",
			`fact "b": unsupported Go type []string: want bool, a number, string or time.Time`,
			"an untyped fact still needs a supported Go type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := maps.Clone(tt.facts)
			r, err := Eval(MustParse(tt.src), tt.facts)
			if err == nil {
				t.Fatalf("Eval(%s) = %v, want an error (%s)", tt.src, r.Value, tt.reason)
			}
			if !errors.Is(err, ErrFactType) {
				t.Errorf("error %v: not ErrFactType", err)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("error %#v: want an ErrorList of one", err)
			}
			if got := list[0].Pos.String(); got != tt.wantPos {
				t.Errorf("position %s, want %s", got, tt.wantPos)
			}
			if list[0].Msg != tt.wantMsg {
				t.Errorf("message:\n got %s\nwant %s", list[0].Msg, tt.wantMsg)
			}
			if r.Explanation != nil || r.Value != Unknown {
				t.Errorf("result %+v with an error, want the zero Result", r)
			}
			if !cmp.Equal(tt.facts, before, cmpopts.EquateNaNs()) {
				t.Errorf("facts modified: %v, was %v", tt.facts, before)
			}
		})
	}
}

func TestEvalUntypedFactsAgree(t *testing.T) {
	tests := []struct {
		src    string
		facts  Facts
		want   Truth
		reason string
	}{
		{"a == b", Facts{"a": "x", "b": "x"}, True, "two strings"},
		{"a < b", Facts{"a": 1, "b": 2.5}, True, "an int and a float64 are both numbers"},
		{"a < b", Facts{"a": time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "b": time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}, True, "dates are ordered"},
		{"a != b", Facts{"a": true, "b": false}, True, "bools may be compared for equality"},
		{"a == b", Facts{"a": true}, Unknown, "one unknown side"},
	}
	for _, tt := range tests {
		r := evalOK(t, MustParse(tt.src), tt.facts)
		if r.Value != tt.want {
			t.Errorf("Eval(%s, %v) = %v, want %v (%s)", tt.src, tt.facts, r.Value, tt.want, tt.reason)
		}
	}
}

func TestEvalDatesByCivilDate(t *testing.T) {
	west := time.FixedZone("UTC-5", -5*3600)
	east := time.FixedZone("UTC+9", 9*3600)
	// 23:30 on 19 October 1956 at UTC-5 is already the 20th in UTC;
	// 00:30 on the 19th at UTC+9 is still the 18th in UTC.
	lateWest := time.Date(1956, 10, 19, 23, 30, 0, 0, west)
	earlyEast := time.Date(1956, 10, 19, 0, 30, 0, 0, east)
	tests := []struct {
		src    string
		facts  Facts
		want   Truth
		reason string
	}{
		{"d == @1956-10-19", Facts{"d": lateWest}, True, "the civil date in the value's own zone counts, not UTC"},
		{"d == @1956-10-19", Facts{"d": earlyEast}, True, "the civil date in the value's own zone counts, not UTC"},
		{"d < @1956-10-20", Facts{"d": lateWest}, True, "the 19th is before the 20th whatever the hour"},
		{"d > @1956-10-18", Facts{"d": earlyEast}, True, "the 19th is after the 18th whatever the hour"},
		{"d == e", Facts{"d": lateWest, "e": earlyEast}, True, "23 hours apart but on the same civil date"},
		{"d >= @1956-10-19 and d <= @1956-10-19", Facts{"d": lateWest.UTC()}, False, "the same instant in UTC is the 20th"},
		{"d < e", Facts{"d": time.Date(1855, 2, 7, 12, 0, 0, 0, time.UTC), "e": time.Date(1956, 10, 19, 0, 0, 0, 0, time.UTC)}, True, "dates before 1970 work"},
	}
	for _, tt := range tests {
		r := evalOK(t, MustParse(tt.src), tt.facts)
		if r.Value != tt.want {
			t.Errorf("Eval(%s) = %v, want %v (%s)", tt.src, r.Value, tt.want, tt.reason)
		}
	}
}

func TestEvalDivByZero(t *testing.T) {
	tests := []struct {
		name    string
		e       Expr
		facts   Facts
		wantPos string
		reason  string
	}{
		{"short-circuit and", MustParse("false and x / 0 > 1"), Facts{"x": 1}, "1:13",
			"a false and does not hide the division"},
		{"short-circuit or", MustParse("true or x / 0 > 1"), Facts{"x": 1}, "1:11",
			"a true or does not hide the division"},
		{"after the error", MustParse("x / 0 > 1 and false"), Facts{"x": 1}, "1:3",
			"the order of operands does not matter"},
		{"unknown numerator", MustParse("x / 0 > 1"), Facts{}, "1:3",
			"division by zero fails whatever the numerator turns out to be"},
		{"computed zero", MustParse("x / (y - y) > 0"), Facts{"x": 1, "y": 2}, "1:3",
			"a divisor that evaluates to zero"},
		{"parenthesised operands", MustParse("(x + 1)  /  (y) > 0"), Facts{"x": 1, "y": 0}, "1:10",
			"the position is that of the '/', past any spaces and parentheses"},
		{"second line", MustParse("a and\n\tx / 0 > 1"), Facts{"a": true, "x": 1}, "2:4",
			"lines and columns are counted across newlines and tabs"},
		{"after non-ASCII", MustParse(`s == "é" and x / 0 > 1`), Facts{"x": 1}, "1:16",
			"columns count runes"},
		{"first of two", MustParse("x / 0 > 1 or y / 0 > 1"), Facts{}, "1:3",
			"the first error in source order is returned"},
		{"fact error first", MustParse("y and x / 0 > 1"), Facts{"y": "yes"}, "1:1",
			"a fact type error earlier in the source comes first"},
		{"div error first", MustParse("x / 0 > 1 and y"), Facts{"y": "yes"}, "1:3",
			"a division by zero earlier in the source comes first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Eval(tt.e, tt.facts)
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("Eval(%s) error %v, want an ErrorList of one (%s)", tt.e, err, tt.reason)
			}
			if got := list[0].Pos.String(); got != tt.wantPos {
				t.Errorf("position %s, want %s (%s)", got, tt.wantPos, tt.reason)
			}
			if list[0].Code == CodeDivByZero {
				if d := list[0].End.Offset - list[0].Pos.Offset; d != 1 {
					t.Errorf("error range is %d bytes, want 1 (the '/')", d)
				}
			}
		})
	}
	t.Run("built", func(t *testing.T) {
		e := And(MustParse("a"), MustParse("x / 0 > 1"))
		_, err := Eval(e, Facts{"a": false, "x": 1})
		if !errors.Is(err, ErrDivByZero) {
			t.Fatalf("Eval(%s) error %v, want ErrDivByZero", e, err)
		}
		if want := "1:3: division by zero in x / 0"; err.Error() != want {
			t.Errorf("error %q, want %q: the '/' in the text of the part it comes from", err, want)
		}
	})
}

func TestEvalDoesNotModifyFacts(t *testing.T) {
	n := 3
	d := time.Date(1956, 10, 19, 0, 0, 0, 0, time.UTC)
	f := Facts{"a": true, "n": &n, "d": d, "s": "x", "other": []int{1}, "u": nil}
	before := maps.Clone(f)
	for _, src := range []string{"a and n > 1 and d == @1956-10-19 and s == \"x\" and u", "a or b"} {
		evalOK(t, MustParse(src), f)
	}
	if !reflect.DeepEqual(f, before) || n != 3 {
		t.Errorf("facts modified: %v, was %v", f, before)
	}
	if _, ok := f["b"]; ok {
		t.Errorf("Eval added fact b")
	}
}

func TestEvalTypeErrorFromInference(t *testing.T) {
	_, err := Eval(MustParse("x and x + 1 > 2"), Facts{"x": true})
	if !errors.Is(err, ErrType) {
		t.Fatalf("error %v, want ErrType", err)
	}
	if _, err := Eval(MustParse("1 + 2"), nil); !errors.Is(err, ErrType) {
		t.Fatalf("error %v, want ErrType for a condition that is not bool", err)
	}
}

func TestEvalZeroExpr(t *testing.T) {
	r := evalOK(t, Expr{}, nil)
	want := Result{Value: True, Explanation: &Explanation{Expr: "true", Op: "literal", Value: True}}
	if d := cmp.Diff(want, r); d != "" {
		t.Errorf("Eval(Expr{}) (-want +got):\n%s", d)
	}
}

func TestEvalMissing(t *testing.T) {
	tests := []struct {
		src     string
		facts   Facts
		want    Truth
		missing []string
		reason  string
	}{
		{"peace_treaty.concluded and foreign_troops.withdrawn", Facts{"peace_treaty.concluded": true}, Unknown,
			[]string{"foreign_troops.withdrawn"}, "the one unknown operand"},
		{"a and b", Facts{"a": false}, False, nil, "decided: nothing is missing"},
		{"a or b", Facts{"b": true}, True, nil, "decided: nothing is missing"},
		{"c or (b and a)", Facts{}, Unknown, []string{"a", "b", "c"}, "all unknown, sorted"},
		{"a or (b and c)", Facts{"b": false}, Unknown, []string{"a"}, "c is under a false and: it cannot matter"},
		{"x + y > 3 and a", Facts{"x": 1, "a": true}, Unknown, []string{"y"}, "known facts of an unknown comparison are not missing"},
		{"atleast(2, a, b, c)", Facts{"a": true, "b": false}, Unknown, []string{"c"}, "the unknown operand of atleast"},
		{"atleast(2, a, b, c)", Facts{"a": false, "b": false}, False, nil, "atleast already false"},
		{"not a", Facts{}, Unknown, []string{"a"}, "through not"},
		{"a == b", Facts{"a": 1}, Unknown, []string{"b"}, "untyped facts"},
		{"a and not a", Facts{}, Unknown, []string{"a"}, "Kleene logic does not see tautologies; the fact is listed once"},
		{"(a or b) and (a or c)", Facts{"b": true}, Unknown, []string{"a", "c"}, "only through unknown nodes"},
	}
	for _, tt := range tests {
		r := evalOK(t, MustParse(tt.src), tt.facts)
		if r.Value != tt.want {
			t.Errorf("Eval(%s) = %v, want %v", tt.src, r.Value, tt.want)
		}
		if d := cmp.Diff(tt.missing, r.Missing); d != "" {
			t.Errorf("Eval(%s).Missing (-want +got):\n%s(%s)", tt.src, d, tt.reason)
		}
	}
}

func TestEvalWithOrigin(t *testing.T) {
	e := And(
		MustParse("peace_treaty.concluded"),
		WithOrigin(MustParse("foreign_troops.withdrawn"), "su-memo-1960"),
		WithOrigin(And(MustParse("a"), WithOrigin(MustParse("b"), "inner")), "outer"),
	)
	r := evalOK(t, e, Facts{"peace_treaty.concluded": true, "a": true, "b": true})
	want := &Explanation{
		Expr: "peace_treaty.concluded and foreign_troops.withdrawn and a and b", Op: "and", Value: Unknown,
		Children: []*Explanation{
			{Expr: "peace_treaty.concluded", Op: "fact", Value: True,
				Facts: []FactValue{{Name: "peace_treaty.concluded", Type: Bool, Value: true, Known: true}}},
			{Expr: "foreign_troops.withdrawn", Op: "fact", Value: Unknown, Origin: "su-memo-1960", Decisive: true,
				Facts: []FactValue{{Name: "foreign_troops.withdrawn", Type: Bool}}},
			{Expr: "a and b", Op: "and", Value: True, Origin: "outer", Children: []*Explanation{
				{Expr: "a", Op: "fact", Value: True, Decisive: true, Facts: []FactValue{{Name: "a", Type: Bool, Value: true, Known: true}}},
				{Expr: "b", Op: "fact", Value: True, Decisive: true, Origin: "inner", Facts: []FactValue{{Name: "b", Type: Bool, Value: true, Known: true}}},
			}},
		},
	}
	if e.String() != "peace_treaty.concluded and foreign_troops.withdrawn and a and b" {
		t.Fatalf("unexpected canonical text %q; fix the test", e)
	}
	if d := cmp.Diff(want, r.Explanation); d != "" {
		t.Errorf("explanation (-want +got):\n%s", d)
	}
}

// TestEvalConcurrent shares one Expr and one Facts between goroutines; run
// with -race.
func TestEvalConcurrent(t *testing.T) {
	e := MustParse("a and (n > 2 or atleast(1, b, c)) and d < @2000-01-01")
	f := Facts{"a": true, "n": 3, "d": time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}
	want := evalOK(t, e, f)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 50 {
				r, err := Eval(e, f)
				if err != nil {
					errs <- err
					return
				}
				if !cmp.Equal(r, want) {
					errs <- fmt.Errorf("got %v, want %v", r.Value, want.Value)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// ---- Property test --------------------------------------------------------

// propFacts are the facts of the random expressions: eight bools and two
// numbers.
var (
	propBools   = []string{"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"}
	propNumbers = []string{"n0", "n1"}
	// propConsts are the constants the expressions compare with, and
	// propValues the values numbers take in completions: the constants,
	// the numbers either side of them and a few beyond.
	propConsts = []float64{0, 1, 2, 3}
	propValues = []float64{-2, -1, 0, 0.5, 1, 2, 3, 4, 7}
)

type propGen struct{ r *rand.Rand }

func (g propGen) boolExpr(depth int) ast.Node {
	if depth <= 0 {
		return eb.fact(propBools[g.r.IntN(len(propBools))])
	}
	switch g.r.IntN(10) {
	case 0:
		return eb.not(g.boolExpr(depth - 1))
	case 1, 2:
		return ast.NewLogic(ast.OpAnd, g.boolArgs(depth)...)
	case 3, 4:
		return ast.NewLogic(ast.OpOr, g.boolArgs(depth)...)
	case 5:
		args := g.boolArgs(depth)
		return eb.atleast(g.r.IntN(len(args)+2), args...)
	case 6:
		ops := []ast.Op{ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe}
		return eb.cmp(ops[g.r.IntN(len(ops))], g.numExpr(2), eb.num(propConsts[g.r.IntN(len(propConsts))]))
	case 7:
		ops := []ast.Op{ast.OpEq, ast.OpNe}
		return eb.cmp(ops[g.r.IntN(2)], g.boolExpr(depth-2), g.boolExpr(depth-2))
	case 8:
		if g.r.IntN(4) == 0 {
			return eb.lit(g.r.IntN(2) == 0)
		}
	}
	return eb.fact(propBools[g.r.IntN(len(propBools))])
}

func (g propGen) boolArgs(depth int) []ast.Node {
	args := make([]ast.Node, 1+g.r.IntN(3))
	for i := range args {
		args[i] = g.boolExpr(depth - 1)
	}
	return args
}

func (g propGen) numExpr(depth int) ast.Node {
	if depth <= 0 || g.r.IntN(3) == 0 {
		if g.r.IntN(3) == 0 {
			return eb.num(propConsts[g.r.IntN(len(propConsts))])
		}
		return eb.fact(propNumbers[g.r.IntN(len(propNumbers))])
	}
	switch g.r.IntN(4) {
	case 0:
		return eb.neg(g.numExpr(depth - 1))
	case 1:
		return eb.arith(ast.OpAdd, g.numExpr(depth-1), g.numExpr(depth-1))
	case 2:
		return eb.arith(ast.OpSub, g.numExpr(depth-1), g.numExpr(depth-1))
	}
	return eb.arith(ast.OpMul, g.numExpr(depth-1), g.numExpr(depth-1))
}

// refEval is a plain two-valued evaluator over complete assignments, the
// reference for Eval.
func refEval(n ast.Node, bools map[string]bool, nums map[string]float64) ast.Value {
	switch n := n.(type) {
	case *ast.Fact:
		if v, ok := bools[n.Name]; ok {
			return ast.Bool(v)
		}
		return ast.Number(nums[n.Name])
	case *ast.Lit:
		return n.Val
	case *ast.Unary:
		x := refEval(n.X, bools, nums)
		if n.Op == ast.OpNot {
			return ast.Bool(!x.B)
		}
		return ast.Number(-x.N)
	case *ast.Logic:
		for _, a := range n.Args {
			v := refEval(a, bools, nums).B
			if n.Op == ast.OpAnd && !v {
				return ast.Bool(false)
			}
			if n.Op == ast.OpOr && v {
				return ast.Bool(true)
			}
		}
		return ast.Bool(n.Op == ast.OpAnd)
	case *ast.AtLeast:
		c := 0
		for _, a := range n.Args {
			if refEval(a, bools, nums).B {
				c++
			}
		}
		return ast.Bool(c >= n.K)
	case *ast.Arith:
		l, r := refEval(n.L, bools, nums).N, refEval(n.R, bools, nums).N
		switch n.Op {
		case ast.OpAdd:
			return ast.Number(l + r)
		case ast.OpSub:
			return ast.Number(l - r)
		}
		return ast.Number(l * r)
	case *ast.Compare:
		l, r := refEval(n.L, bools, nums), refEval(n.R, bools, nums)
		if l.Kind == ast.KindBool {
			eq := l.B == r.B
			return ast.Bool(eq == (n.Op == ast.OpEq))
		}
		switch n.Op {
		case ast.OpEq:
			return ast.Bool(l.N == r.N)
		case ast.OpNe:
			return ast.Bool(l.N != r.N)
		case ast.OpLt:
			return ast.Bool(l.N < r.N)
		case ast.OpLe:
			return ast.Bool(l.N <= r.N)
		case ast.OpGt:
			return ast.Bool(l.N > r.N)
		}
		return ast.Bool(l.N >= r.N)
	}
	panic(fmt.Sprintf("refEval: unexpected node %T", n))
}

// forEachCompletion calls f with every completion of the unknown facts
// (absent from f) among the given ones.
func forEachCompletion(bools []string, nums []string, f Facts, visit func(map[string]bool, map[string]float64)) {
	bv := make(map[string]bool)
	nv := make(map[string]float64)
	var ub, un []string
	for _, b := range bools {
		if v, ok := f[b]; ok {
			bv[b] = v.(bool)
		} else {
			ub = append(ub, b)
		}
	}
	for _, n := range nums {
		if v, ok := f[n]; ok {
			nv[n] = v.(float64)
		} else {
			un = append(un, n)
		}
	}
	var rec func(i int)
	rec = func(i int) {
		switch {
		case i < len(ub):
			for _, v := range []bool{false, true} {
				bv[ub[i]] = v
				rec(i + 1)
			}
		case i < len(ub)+len(un):
			for _, v := range propValues {
				nv[un[i-len(ub)]] = v
				rec(i + 1)
			}
		default:
			visit(bv, nv)
		}
	}
	rec(0)
}

// TestEvalProperties checks Eval on random well-typed conditions and random
// partial facts against brute force over all completions of the unknown
// facts:
//
//   - a True (False) result holds in every completion (soundness);
//   - the facts not in Missing cannot change the result of any completion;
//   - over complete facts, Eval agrees with a plain two-valued evaluator.
func TestEvalProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	g := propGen{r}
	const cases = 3000
	var decided, undecided int
	for c := range cases {
		root := g.boolExpr(1 + r.IntN(5))
		e := Expr{root: root}
		if _, errs := inferTypes(root, nil); len(errs) > 0 {
			t.Fatalf("case %d: generated %s is not well-typed: %v", c, e, errs)
		}
		var bools, nums []string
		for _, name := range e.Facts() {
			if slices.Contains(propNumbers, name) {
				nums = append(nums, name)
			} else {
				bools = append(bools, name)
			}
		}
		// Random partial facts, with at most 10 bits' worth of unknowns
		// so that brute force stays fast.
		f := Facts{}
		completions := 1
		for _, b := range bools {
			if r.IntN(2) == 0 || completions*2 > 1024 {
				f[b] = r.IntN(2) == 0
			} else {
				completions *= 2
			}
		}
		for _, n := range nums {
			if r.IntN(2) == 0 || completions*len(propValues) > 1024 {
				f[n] = propValues[r.IntN(len(propValues))]
			} else {
				completions *= len(propValues)
			}
		}
		res, err := Eval(e, f)
		if err != nil {
			t.Fatalf("case %d: Eval(%s, %v): %v", c, e, f, err)
		}
		if res.Value == Unknown {
			undecided++
		} else {
			decided++
		}
		if !slices.IsSorted(res.Missing) {
			t.Errorf("case %d: Missing %v not sorted", c, res.Missing)
		}
		for _, m := range res.Missing {
			if _, known := f[m]; known || !slices.Contains(e.Facts(), m) {
				t.Errorf("case %d: Missing %v lists %s, which is known or not read", c, res.Missing, m)
			}
		}
		if res.Value != Unknown && len(res.Missing) > 0 {
			t.Errorf("case %d: decided result with Missing %v", c, res.Missing)
		}
		var failed bool
		forEachCompletion(bools, nums, f, func(bv map[string]bool, nv map[string]float64) {
			if failed {
				return
			}
			got := TruthOf(refEval(root, bv, nv).B)
			if res.Value != Unknown && got != res.Value {
				t.Errorf("case %d: Eval(%s, %v) = %v, but the completion %v %v gives %v", c, e, f, res.Value, bv, nv, got)
				failed = true
			}
			// Reset the unknown facts that are not missing: the result
			// must not change.
			bv2, nv2 := maps.Clone(bv), maps.Clone(nv)
			for _, b := range bools {
				if _, known := f[b]; !known && !slices.Contains(res.Missing, b) {
					bv2[b] = false
				}
			}
			for _, n := range nums {
				if _, known := f[n]; !known && !slices.Contains(res.Missing, n) {
					nv2[n] = 0
				}
			}
			if again := TruthOf(refEval(root, bv2, nv2).B); again != got {
				t.Errorf("case %d: %s with %v: fact outside Missing %v changes the result: %v %v gives %v, %v %v gives %v",
					c, e, f, res.Missing, bv, nv, got, bv2, nv2, again)
				failed = true
			}
		})
		// One complete assignment: Eval must agree with the reference.
		full := maps.Clone(f)
		for _, b := range bools {
			if _, ok := full[b]; !ok {
				full[b] = r.IntN(2) == 0
			}
		}
		for _, n := range nums {
			if _, ok := full[n]; !ok {
				full[n] = propValues[r.IntN(len(propValues))]
			}
		}
		fres, err := Eval(e, full)
		if err != nil {
			t.Fatalf("case %d: Eval(%s, %v): %v", c, e, full, err)
		}
		bv, nv := map[string]bool{}, map[string]float64{}
		for k, v := range full {
			if b, ok := v.(bool); ok {
				bv[k] = b
			} else {
				nv[k] = v.(float64)
			}
		}
		if want := TruthOf(refEval(root, bv, nv).B); fres.Value != want {
			t.Errorf("case %d: Eval(%s, %v) = %v, reference %v", c, e, full, fres.Value, want)
		}
	}
	// Guard against a generator that only ever produces one kind of case.
	if decided < cases/10 || undecided < cases/10 {
		t.Errorf("poor case mix: %d decided, %d undecided of %d", decided, undecided, cases)
	}
}

// TestEvalOperandOrder checks that permuting the operands of and, or and
// atleast changes neither the value nor whether there is an error.
func TestEvalOperandOrder(t *testing.T) {
	operands := []string{"a", "not b", "x / 0 > 1", "n + 1 > 2", "false"}
	facts := Facts{"a": true, "b": false, "x": 1}
	for _, op := range []string{"and", "or"} {
		for i := range operands {
			for j := range operands {
				if i == j {
					continue
				}
				s1 := "(" + operands[i] + ") " + op + " (" + operands[j] + ")"
				s2 := "(" + operands[j] + ") " + op + " (" + operands[i] + ")"
				r1, err1 := Eval(MustParse(s1), facts)
				r2, err2 := Eval(MustParse(s2), facts)
				if r1.Value != r2.Value || (err1 == nil) != (err2 == nil) {
					t.Errorf("%s = %v, %v but %s = %v, %v", s1, r1.Value, err1, s2, r2.Value, err2)
				}
				if strings.Contains(s1, "/ 0") && err1 == nil {
					t.Errorf("%s: no error for the division by zero", s1)
				}
			}
		}
	}
}
