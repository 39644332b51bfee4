// Package sem is the semantic core of the condition language: the one
// place that says what its values mean. It defines
//
//   - Kleene's strong three-valued connectives ([Not], [And], [Or],
//     [AtLeast]) over [Truth];
//   - comparison ([Compare], [Outcome], [Accept]) of two values of one
//     type, with the outcome model every evaluator shares: less, equal,
//     greater or unordered (a NaN from Inf - Inf);
//   - arithmetic ([Arith], [DivByZero]);
//   - conversion of fact values from Go ([FromGo]) and from JSON
//     ([FromJSON]), with one rule for what a fact value may be.
//
// The representation of a value, [ast.Value], lives in package ast because
// literals are part of the syntax tree; what a value means lives here. The
// tree evaluator, the residualizer, the atoms of what-it-takes and the
// compiled program of package conditions all call this package, and its
// tests pin every rule, so the evaluation paths cannot drift apart.
//
// # Fact values
//
// A fact value is nil (unknown), a bool, any Go integer or floating-point
// kind, a string, or a [time.Time] (a date: its civil date in its own
// location), or a pointer to one of these (a nil pointer is unknown).
// Numbers are float64. A number fact must be finite: NaN and the
// infinities are refused, because no input format can write them and a
// report could not be read back. Arithmetic may still overflow to an
// infinity, and Inf - Inf is a NaN; comparisons handle both.
package sem

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Truth is a three-valued truth value. Its encoding is that of
// conditions.Truth: Unknown is 0, False 1, True 2.
type Truth uint8

// The truth values.
const (
	Unknown Truth = iota
	False
	True
)

// TruthOf returns True or False.
func TruthOf(b bool) Truth {
	if b {
		return True
	}
	return False
}

// Not swaps True and False and keeps Unknown.
func Not(t Truth) Truth {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}

// And is False if either operand is False, else Unknown if either is
// Unknown, else True.
func And(a, b Truth) Truth {
	switch {
	case a == False || b == False:
		return False
	case a == Unknown || b == Unknown:
		return Unknown
	}
	return True
}

// Or is True if either operand is True, else Unknown if either is
// Unknown, else False.
func Or(a, b Truth) Truth {
	switch {
	case a == True || b == True:
		return True
	case a == Unknown || b == Unknown:
		return Unknown
	}
	return False
}

// AtLeast returns the truth of "at least k of n operands are true" when nt
// of them are True and nf are False: True if nt >= k, False if fewer than
// k can still be true (n - nf < k), Unknown otherwise. An "and" of n
// operands is AtLeast with k = n, an "or" with k = 1.
func AtLeast(nt, nf, n, k int) Truth {
	switch {
	case nt >= k:
		return True
	case n-nf < k:
		return False
	}
	return Unknown
}

// Order is the outcome of comparing two values of one type, as a bit
// position in an accept mask (see [Accept]).
type Order uint8

// The outcomes. Two bools are Equal or Greater (different); only == and
// != apply to them.
const (
	Less      Order = iota
	Equal           // also two equal bools
	Greater         // also two different bools
	Unordered       // a NaN is neither less, equal nor greater than anything
)

// AllOutcomes is the accept mask of every outcome; m ^ AllOutcomes
// negates the accept mask m.
const AllOutcomes = 1<<Less | 1<<Equal | 1<<Greater | 1<<Unordered

// Accept returns the mask of the outcomes for which the comparison
// operator op holds: bit o is set when op holds for outcome o. A NaN is
// different from everything and neither less nor greater. It returns 0
// for an operator that is not a comparison.
func Accept(op ast.Op) uint8 {
	switch op {
	case ast.OpEq:
		return 1 << Equal
	case ast.OpNe:
		return 1<<Less | 1<<Greater | 1<<Unordered
	case ast.OpLt:
		return 1 << Less
	case ast.OpLe:
		return 1<<Less | 1<<Equal
	case ast.OpGt:
		return 1 << Greater
	case ast.OpGe:
		return 1<<Greater | 1<<Equal
	}
	return 0
}

// Holds reports whether outcome o is in the accept mask m.
func Holds(m uint8, o Order) bool { return m>>o&1 != 0 }

// Flip returns the operator op' with a op b == b op' a.
func Flip(op ast.Op) ast.Op {
	switch op {
	case ast.OpLt:
		return ast.OpGt
	case ast.OpLe:
		return ast.OpGe
	case ast.OpGt:
		return ast.OpLt
	case ast.OpGe:
		return ast.OpLe
	}
	return op
}

func b2o(b bool) Order {
	var o Order
	if b {
		o = 1
	}
	return o
}

// OrderNum returns the outcome of comparing the numbers a and b, without
// branches: Unordered if either is a NaN. -0 equals 0.
func OrderNum(a, b float64) Order {
	return b2o(a == b) | b2o(a > b)<<1 | 3*b2o(a != a || b != b)
}

// OrderInt returns the outcome of comparing the day counts a and b.
func OrderInt(a, b int64) Order { return b2o(a == b) | b2o(a > b)<<1 }

// OrderStr returns the outcome of comparing the strings a and b byte-wise.
func OrderStr(a, b string) Order { return Order(strings.Compare(a, b) + 1) }

// OrderBool returns Equal for equal bools and Greater for different ones.
func OrderBool(a, b bool) Order { return Equal + b2o(a != b) }

// Outcome compares two known values. ok is false when they are of
// different kinds, or of no kind (such comparisons are excluded by type
// checking).
func Outcome(a, b ast.Value) (o Order, ok bool) {
	if a.Kind != b.Kind {
		return 0, false
	}
	switch a.Kind {
	case ast.KindBool:
		return OrderBool(a.B, b.B), true
	case ast.KindNumber:
		return OrderNum(a.N, b.N), true
	case ast.KindString:
		return OrderStr(a.S, b.S), true
	case ast.KindDate:
		return OrderInt(a.D, b.D), true
	}
	return 0, false
}

// Compare applies the comparison operator op to two known values. ok is
// false when the comparison is not defined: values of different kinds, an
// ordering operator (< <= > >=) on bools, or an operator that is not a
// comparison.
func Compare(op ast.Op, a, b ast.Value) (holds, ok bool) {
	o, ok := Outcome(a, b)
	m := Accept(op)
	if !ok || m == 0 || a.Kind == ast.KindBool && op != ast.OpEq && op != ast.OpNe {
		return false, false
	}
	return Holds(m, o), true
}

// DivByZero reports whether a / b fails: b is a known zero (or -0). The
// division fails whether or not its left operand is known.
func DivByZero(op ast.Op, b float64) bool { return op == ast.OpDiv && b == 0 }

// Arith computes a op b for op one of + - * /, in float64. A result may
// overflow to an infinity, and Inf - Inf is a NaN. Division by zero is
// not defined: callers test [DivByZero] first (Arith returns an infinity
// or a NaN for it).
func Arith(op ast.Op, a, b float64) float64 {
	switch op {
	case ast.OpAdd:
		return a + b
	case ast.OpSub:
		return a - b
	case ast.OpMul:
		return a * b
	}
	return a / b
}

// Neg returns -a.
func Neg(a float64) float64 { return -a }

// Finite reports whether x is neither a NaN nor an infinity.
func Finite(x float64) bool { return x-x == 0 }

// A BadValue is a fact value that is not a value of the language. Its
// message says why, without naming the fact: "NaN is not a number the
// language accepts". Kind is the kind the value would have had (a NaN is
// a number), or KindAny when it has none (an unsupported Go type).
type BadValue struct {
	Msg  string
	Kind ast.Kind
}

func (e *BadValue) Error() string { return e.Msg }

// badNumber is the problem with the non-finite number x.
func badNumber(x float64) *BadValue {
	if math.IsNaN(x) {
		return &BadValue{"NaN is not a number the language accepts", ast.KindNumber}
	}
	return &BadValue{strconv.FormatFloat(x, 'g', -1, 64) + " is not a number the language accepts: fact values must be finite", ast.KindNumber}
}

// number returns the value of a number fact, or the problem with it.
func number(x float64) (ast.Value, bool, *BadValue) {
	if x-x != 0 {
		return ast.Value{}, false, badNumber(x)
	}
	return ast.Number(x), true, nil
}

// FromGo converts a fact value given in Go to the language's value, by the
// rule in the package doc. known is false for nil and nil pointers
// (unknown). The error, a *BadValue, names the Go type when the language
// does not know it, or the number when it is not finite.
func FromGo(v any) (val ast.Value, known bool, err *BadValue) {
	switch x := v.(type) {
	case nil:
		return ast.Value{}, false, nil
	case bool:
		return ast.Bool(x), true, nil
	case float64:
		return number(x)
	case int:
		return ast.Number(float64(x)), true, nil
	case int64:
		return ast.Number(float64(x)), true, nil
	case string:
		return ast.String(x), true, nil
	case time.Time:
		return ast.Date(ast.DaysOf(x)), true, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return ast.Bool(rv.Bool()), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(float64(rv.Int())), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(float64(rv.Uint())), true, nil
	case reflect.Float32, reflect.Float64:
		return number(rv.Float())
	case reflect.String:
		return ast.String(rv.String()), true, nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return ast.Value{}, false, nil
		}
		return FromGo(rv.Elem().Interface())
	}
	return ast.Value{}, false, &BadValue{Msg: "unsupported Go type " + reflect.TypeOf(v).String() + ": want bool, a number, string or time.Time"}
}

// FromJSON converts a fact value decoded from JSON (null, a bool, a
// float64 or json.Number, a string) to the language's value, where want
// is the fact's type (ast.KindAny if it has none). It is [FromGo] with
// the JSON spellings of what JSON cannot write: a date is a string
// "YYYY-MM-DD" (a real date from 0001-01-01 to 9999-12-31) when want is
// ast.KindDate, and a json.Number is its float64.
func FromJSON(v any, want ast.Kind) (val ast.Value, known bool, err *BadValue) {
	switch x := v.(type) {
	case string:
		if want != ast.KindDate {
			return ast.String(x), true, nil
		}
		d, ok := ParseDate(x)
		if !ok {
			return ast.Value{}, false, &BadValue{strconv.Quote(x) + " is not a date: want YYYY-MM-DD, a day that exists", ast.KindDate}
		}
		return ast.Date(d), true, nil
	case json.Number:
		f, perr := strconv.ParseFloat(string(x), 64)
		if perr != nil {
			return ast.Value{}, false, &BadValue{strconv.Quote(string(x)) + " is not a number the language accepts", ast.KindNumber}
		}
		return number(f)
	}
	return FromGo(v)
}

// ParseDate parses "YYYY-MM-DD", a day that exists, to its day count.
func ParseDate(s string) (days int64, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	return ast.DaysOf(t), true
}

// GoValue returns the canonical Go form of a known value: a bool, a
// float64, a string, or for a date a [time.Time] at midnight UTC.
func GoValue(v ast.Value) any {
	switch v.Kind {
	case ast.KindBool:
		return v.B
	case ast.KindNumber:
		return v.N
	case ast.KindString:
		return v.S
	case ast.KindDate:
		return ast.TimeOf(v.D)
	}
	return nil
}
