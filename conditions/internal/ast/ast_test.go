package ast

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormat(t *testing.T) {
	a, b, c := &Fact{Name: "a"}, &Fact{Name: "b"}, &Fact{Name: "c"}
	num := func(f float64) Node { return &Lit{Val: Number(f)} }
	tests := []struct {
		n      Node
		want   string
		reason string
	}{
		{nil, "true", "a missing tree is the condition that always holds"},
		{NewLogic(OpAnd, a, NewLogic(OpAnd, b, c)), "a and b and c", "nested conjunctions flatten"},
		{NewLogic(OpAnd, a, NewLogic(OpOr, b, c)), "a and (b or c)", "or inside and needs parentheses"},
		{NewLogic(OpOr, NewLogic(OpAnd, a, b), c), "a and b or c", "and binds tighter than or"},
		{&Unary{Op: OpNot, X: &Compare{Op: OpEq, L: a, R: b}}, "not a == b", "not is looser than comparison"},
		{&Compare{Op: OpEq, L: &Unary{Op: OpNot, X: a}, R: b}, "(not a) == b", "a negation as an operand of a comparison needs parentheses"},
		{&Arith{Op: OpSub, L: a, R: &Arith{Op: OpSub, L: b, R: c}}, "a - (b - c)", "right-nested subtraction keeps its parentheses"},
		{&Arith{Op: OpSub, L: &Arith{Op: OpSub, L: a, R: b}, R: c}, "a - b - c", "left-nested subtraction needs none"},
		{&Arith{Op: OpMul, L: &Arith{Op: OpAdd, L: a, R: b}, R: c}, "(a + b) * c", "sums inside products need parentheses"},
		{&Unary{Op: OpNeg, X: &Arith{Op: OpAdd, L: a, R: b}}, "-(a + b)", "unary minus binds tightest"},
		{&Compare{Op: OpGt, L: a, R: &Arith{Op: OpMul, L: num(0.5), R: b}}, "a > 0.5 * b", "thresholds read naturally"},
		{&AtLeast{K: 2, Args: []Node{a, b, NewLogic(OpOr, a, c)}}, "atleast(2, a, b, a or c)", "arguments of atleast need no parentheses"},
		{&Tagged{Origin: "memo", X: NewLogic(OpOr, a, b)}, "a or b", "origins do not print"},
		{NewLogic(OpAnd, c, &Tagged{Origin: "memo", X: NewLogic(OpOr, a, b)}), "c and (a or b)", "precedence looks through origins"},
		{&Arith{Op: OpDiv, L: a, R: num(math.Inf(1))}, "a / (1e+308 * 10)", "an infinity is parenthesised like the product it prints as"},
		{&Lit{Val: String("say \"yes\"\n")}, `"say \"yes\"\n"`, "strings print as Go literals"},
		{&Lit{Val: Date(DaysOf(time.Date(1956, 10, 19, 0, 0, 0, 0, time.UTC)))}, "@1956-10-19", "dates print with @"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Format(tt.n), tt.reason)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		f      float64
		want   string
		reason string
	}{
		{477109, "477109", "whole numbers print without exponent"},
		{1234567, "1234567", "no exponent below 1e21"},
		{0.1, "0.1", "shortest decimal that reads back"},
		{-2.5, "-2.5", "negative numbers"},
		{1e21, "1e+21", "exponent form from 1e21"},
		{math.SmallestNonzeroFloat64, "5e-324", "tiny numbers use the exponent form"},
		{0.000001, "0.000001", "down to 1e-6 in decimals"},
		{0, "0", "zero"},
		{math.Inf(1), "1e+308 * 10", "no literal for infinity: a product that evaluates to it"},
		{math.Inf(-1), "-1e+308 * 10", "and its negative"},
	} {
		assert.Equal(t, tt.want, FormatNumber(tt.f), tt.reason)
	}
}

func TestDays(t *testing.T) {
	for _, tt := range []struct {
		t      time.Time
		days   int64
		reason string
	}{
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 0, "the epoch"},
		{time.Date(1969, 12, 31, 23, 59, 0, 0, time.UTC), -1, "the day before the epoch, late in the day"},
		{time.Date(1956, 12, 12, 23, 0, 0, 0, time.FixedZone("JST", 9*3600)), DaysOf(time.Date(1956, 12, 12, 0, 0, 0, 0, time.UTC)), "a time's own civil date counts, not UTC's"},
	} {
		assert.Equal(t, tt.days, DaysOf(tt.t), tt.reason)
		assert.Equal(t, tt.t.Format("2006-01-02"), TimeOf(DaysOf(tt.t)).Format("2006-01-02"), "round trip: %s", tt.reason)
	}
}

// TestDaysOfMatchesCalendar checks DaysOf against the civil date that
// time.Time.Date gives, on random instants from year -9999 to 9999 in
// zones east and west of UTC, including their last second before midnight.
func TestDaysOfMatchesCalendar(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	zones := []*time.Location{time.UTC, time.FixedZone("east", 13*3600+45*60), time.FixedZone("west", -11*3600), time.FixedZone("half", -(3*3600 + 30*60))}
	calendar := func(tm time.Time) int64 {
		y, m, d := tm.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400 // midnight UTC: exact
	}
	const span = 10000 * 366 * 86400
	for range 20000 {
		tm := time.Unix(r.Int64N(2*span)-span, 0).In(zones[r.IntN(len(zones))])
		require.Equal(t, calendar(tm), DaysOf(tm), "%v", tm)
		y, m, d := tm.Date()
		last := time.Date(y, m, d, 23, 59, 59, 999999999, tm.Location())
		require.Equal(t, calendar(last), DaysOf(last), "%v", last)
	}
}
