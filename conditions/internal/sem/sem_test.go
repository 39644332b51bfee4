package sem

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// TestKleene checks the connectives against their definition as min and
// max in the order False < Unknown < True, on every pair of operands.
func TestKleene(t *testing.T) {
	rank := map[Truth]int{False: 0, Unknown: 1, True: 2}
	all := []Truth{Unknown, False, True}
	for _, a := range all {
		require.Equal(t, 2-rank[a], rank[Not(a)], "not %d", a)
		for _, b := range all {
			require.Equal(t, min(rank[a], rank[b]), rank[And(a, b)], "%d and %d", a, b)
			require.Equal(t, max(rank[a], rank[b]), rank[Or(a, b)], "%d or %d", a, b)
			// And and Or are AtLeast with k = n and k = 1.
			nt, nf := count(a, b)
			require.Equal(t, And(a, b), AtLeast(nt, nf, 2, 2), "and as atleast(2, %d, %d)", a, b)
			require.Equal(t, Or(a, b), AtLeast(nt, nf, 2, 1), "or as atleast(1, %d, %d)", a, b)
		}
	}
	require.Equal(t, True, AtLeast(0, 3, 3, 0), "atleast(0, ...) holds whatever its operands")
	require.Equal(t, False, AtLeast(0, 0, 2, 3), "more operands wanted than there are")
}

func count(ts ...Truth) (nt, nf int) {
	for _, t := range ts {
		switch t {
		case True:
			nt++
		case False:
			nf++
		}
	}
	return nt, nf
}

func TestCompare(t *testing.T) {
	nan := math.NaN()
	negZero := math.Copysign(0, -1)
	tests := []struct {
		op     ast.Op
		a, b   ast.Value
		holds  bool
		ok     bool
		reason string
	}{
		{ast.OpLt, ast.Number(1), ast.Number(2), true, true, "numbers are ordered"},
		{ast.OpEq, ast.Number(negZero), ast.Number(0), true, true, "-0 equals 0"},
		{ast.OpEq, ast.Number(nan), ast.Number(nan), false, true, "a NaN equals nothing, not even itself"},
		{ast.OpNe, ast.Number(nan), ast.Number(1), true, true, "a NaN differs from everything"},
		{ast.OpLe, ast.Number(nan), ast.Number(math.Inf(1)), false, true, "a NaN is not ordered"},
		{ast.OpGe, ast.Number(math.Inf(1)), ast.Number(math.MaxFloat64), true, true, "+Inf is above every number"},
		{ast.OpLt, ast.String("B"), ast.String("a"), true, true, "strings compare byte-wise"},
		{ast.OpLt, ast.String("é"), ast.String("z"), false, true, "byte-wise, not by letter: é is 0xC3..."},
		{ast.OpGe, ast.Date(10), ast.Date(10), true, true, "dates are ordered by day"},
		{ast.OpNe, ast.Bool(true), ast.Bool(false), true, true, "bools compare for equality"},
		{ast.OpLt, ast.Bool(false), ast.Bool(true), false, false, "bools have no order"},
		{ast.OpEq, ast.Number(1), ast.String("1"), false, false, "values of different kinds do not compare"},
		{ast.OpAdd, ast.Number(1), ast.Number(1), false, false, "+ is not a comparison"},
	}
	for _, tt := range tests {
		holds, ok := Compare(tt.op, tt.a, tt.b)
		require.Equal(t, [2]bool{tt.holds, tt.ok}, [2]bool{holds, ok}, "%v %s %v: %s", tt.a, tt.op, tt.b, tt.reason)
		if ok {
			// The flipped comparison agrees.
			back, _ := Compare(Flip(tt.op), tt.b, tt.a)
			require.Equal(t, holds, back, "%v %s %v flipped: %s", tt.a, tt.op, tt.b, tt.reason)
			// The negated accept mask negates the comparison.
			o, _ := Outcome(tt.a, tt.b)
			require.Equal(t, !holds, Holds(Accept(tt.op)^AllOutcomes, o), "%v %s %v negated", tt.a, tt.op, tt.b)
		}
	}
}

func TestArith(t *testing.T) {
	tests := []struct {
		op     ast.Op
		a, b   float64
		want   float64
		div0   bool
		reason string
	}{
		{ast.OpAdd, 1, 2, 3, false, "sum"},
		{ast.OpSub, 1, 2, -1, false, "difference"},
		{ast.OpMul, 1e308, 10, math.Inf(1), false, "overflow gives an infinity"},
		{ast.OpDiv, 1, 4, 0.25, false, "quotient"},
		{ast.OpDiv, 1, 0, math.Inf(1), true, "division by zero fails"},
		{ast.OpDiv, 1, math.Copysign(0, -1), math.Inf(-1), true, "so does division by -0"},
		{ast.OpAdd, 1, 0, 1, false, "a zero addend is no division"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.div0, DivByZero(tt.op, tt.b), "%v %s %v: %s", tt.a, tt.op, tt.b, tt.reason)
		require.Equal(t, tt.want, Arith(tt.op, tt.a, tt.b), "%v %s %v: %s", tt.a, tt.op, tt.b, tt.reason)
	}
	require.True(t, math.IsNaN(Arith(ast.OpSub, math.Inf(1), math.Inf(1))), "Inf - Inf is a NaN")
}

type myInt int8

func TestFromGo(t *testing.T) {
	seven := 7
	var nilPtr *int
	paris := time.FixedZone("paris", 3600)
	tests := []struct {
		v      any
		want   ast.Value
		known  bool
		bad    string
		reason string
	}{
		{nil, ast.Value{}, false, "", "nil is unknown"},
		{nilPtr, ast.Value{}, false, "", "a nil pointer is unknown"},
		{true, ast.Bool(true), true, "", "bool"},
		{3, ast.Number(3), true, "", "int"},
		{myInt(-2), ast.Number(-2), true, "", "a named integer kind"},
		{uint64(1) << 60, ast.Number(1 << 60), true, "", "unsigned"},
		{float32(0.5), ast.Number(0.5), true, "", "float32"},
		{&seven, ast.Number(7), true, "", "a pointer is followed"},
		{"s", ast.String("s"), true, "", "string"},
		{time.Date(2020, 1, 1, 0, 30, 0, 0, paris), ast.Date(ast.DaysOf(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))), true, "",
			"a date is the civil date in the time's own location"},
		{math.NaN(), ast.Value{}, false, "NaN is not a number the language accepts", "NaN is refused"},
		{math.Inf(1), ast.Value{}, false, "+Inf is not a number the language accepts: fact values must be finite", "+Inf is refused"},
		{float32(math.Inf(-1)), ast.Value{}, false, "-Inf is not a number the language accepts: fact values must be finite", "in every float kind"},
		{[]int{1}, ast.Value{}, false, "unsupported Go type []int: want bool, a number, string or time.Time", "slices are not values"},
	}
	for _, tt := range tests {
		got, known, err := FromGo(tt.v)
		msg := ""
		if err != nil {
			msg = err.Msg
		}
		if d := cmp.Diff([]any{tt.want, tt.known, tt.bad}, []any{got, known, msg}); d != "" {
			t.Errorf("FromGo(%#v) (-want +got):\n%s\n(%s)", tt.v, d, tt.reason)
		}
	}
}

func TestFromJSON(t *testing.T) {
	tests := []struct {
		v      any
		want   ast.Kind
		val    ast.Value
		bad    string
		reason string
	}{
		{"2024-02-29", ast.KindDate, ast.Date(19782), "", "a date is a YYYY-MM-DD string"},
		{"2024-02-30", ast.KindDate, ast.Value{}, `"2024-02-30" is not a date: want YYYY-MM-DD, a day that exists`, "a day that does not exist"},
		{"2024-2-3", ast.KindDate, ast.Value{}, `"2024-2-3" is not a date: want YYYY-MM-DD, a day that exists`, "digits are not padded"},
		{"2024-02-29", ast.KindString, ast.String("2024-02-29"), "", "for a string fact it is a string"},
		{json.Number("12.5"), ast.KindNumber, ast.Number(12.5), "", "json.Number is its float64"},
		{json.Number("1e400"), ast.KindNumber, ast.Value{}, `"1e400" is not a number the language accepts`, "out of range"},
		{1.5, ast.KindAny, ast.Number(1.5), "", "float64 as decoded"},
		{false, ast.KindBool, ast.Bool(false), "", "bool"},
	}
	for _, tt := range tests {
		got, _, err := FromJSON(tt.v, tt.want)
		msg := ""
		if err != nil {
			msg = err.Msg
		}
		if d := cmp.Diff([]any{tt.val, tt.bad}, []any{got, msg}); d != "" {
			t.Errorf("FromJSON(%#v, %s) (-want +got):\n%s\n(%s)", tt.v, tt.want, d, tt.reason)
		}
	}
}
