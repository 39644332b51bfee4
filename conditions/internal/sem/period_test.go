package sem

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

func day(t testing.TB, s string) int64 {
	t.Helper()
	d, ok := ParseDate(s)
	require.True(t, ok, "bad date %q", s)
	return d
}

func dayText(d int64) string { return ast.TimeOf(d).Format(time.DateOnly) }

// TestDateArith pins date arithmetic: end of month, leap days, months
// before days, subtraction, days between and the edges of the range.
func TestDateArith(t *testing.T) {
	tests := []struct {
		date   string
		op     ast.Op
		months int32
		days   int64
		want   string
		reason string
	}{
		{"2024-01-31", ast.OpAdd, 1, 0, "2024-02-29", "31 Jan + 1m is the last day of February (29 in a leap year)"},
		{"2023-01-31", ast.OpAdd, 1, 0, "2023-02-28", "31 Jan + 1m is 28 Feb in a common year, not 3 March"},
		{"2024-02-29", ast.OpAdd, 12, 0, "2025-02-28", "29 Feb + 1y is 28 Feb: the next year has no 29 February"},
		{"2024-02-29", ast.OpAdd, 48, 0, "2028-02-29", "29 Feb + 4y is 29 Feb again"},
		{"2024-01-31", ast.OpAdd, 1, 1, "2024-03-01", "months first (29 Feb), then the day"},
		{"2024-03-31", ast.OpSub, 1, 0, "2024-02-29", "subtracting clamps the same way"},
		{"2024-03-01", ast.OpSub, 0, 1, "2024-02-29", "a day back from 1 March is the leap day"},
		{"2024-03-31", ast.OpAdd, 1, 0, "2024-04-30", "April has 30 days"},
		{"2020-05-15", ast.OpAdd, 78, 0, "2026-11-15", "6y6m keeps the day when it exists"},
		{"2020-01-01", ast.OpAdd, 0, 30, "2020-01-31", "30d is thirty days, not a month"},
		{"2020-12-31", ast.OpAdd, 0, 14, "2021-01-14", "2w is 14 days across a year end"},
		{"2024-02-29", ast.OpSub, 12, 0, "2023-02-28", "29 Feb - 1y is 28 Feb"},
		{"9999-12-01", ast.OpAdd, 1, 0, "10000-01-01", "past 9999-12-31 stops one day after the range"},
		{"0001-01-15", ast.OpSub, 1, 0, "0000-12-31", "before 0001-01-01 stops one day before the range"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			v, ok := DateArith(tt.op, ast.Date(day(t, tt.date)), ast.Period(tt.months, tt.days))
			require.True(t, ok)
			require.Equal(t, ast.KindDate, v.Kind)
			if diff := cmp.Diff(tt.want, dayText(v.D)); diff != "" {
				t.Errorf("%s %s %s (-want +got):\n%s", tt.date, tt.op, ast.FormatPeriod(tt.months, tt.days), diff)
			}
		})
	}
}

// TestDateArithKinds pins which operations exist and what they give.
func TestDateArithKinds(t *testing.T) {
	d, p, n := ast.KindDate, ast.KindPeriod, ast.KindNumber
	tests := []struct {
		op     ast.Op
		l, r   ast.Kind
		want   ast.Kind
		ok     bool
		reason string
	}{
		{ast.OpAdd, d, p, d, true, "date + period is a date"},
		{ast.OpAdd, p, d, d, true, "period + date is a date"},
		{ast.OpSub, d, p, d, true, "date - period is a date"},
		{ast.OpSub, d, d, n, true, "date - date is the days between"},
		{ast.OpAdd, d, d, ast.KindAny, false, "two dates do not add"},
		{ast.OpSub, p, d, ast.KindAny, false, "a period minus a date means nothing"},
		{ast.OpAdd, p, p, ast.KindAny, false, "periods do not add: 1m + 30d has no fixed length"},
		{ast.OpMul, d, p, ast.KindAny, false, "no product of a date"},
		{ast.OpAdd, p, ast.KindBool, ast.KindAny, false, "period + bool"},
		{ast.OpAdd, n, d, ast.KindAny, false, "a number is not a period: write 30d"},
		{ast.OpDiv, n, n, n, true, "numbers take all four operators"},
	}
	for _, tt := range tests {
		got, ok := ArithKind(tt.op, tt.l, tt.r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: ArithKind(%s, %s, %s) = %s, %v; want %s, %v", tt.reason, tt.op, tt.l, tt.r, got, ok, tt.want, tt.ok)
		}
	}
	v, ok := DateArith(ast.OpSub, ast.Date(day(t, "2024-03-01")), ast.Date(day(t, "2024-02-01")))
	require.True(t, ok)
	if diff := cmp.Diff(ast.Number(29), v); diff != "" {
		t.Errorf("2024-03-01 - 2024-02-01 (-want +got):\n%s", diff)
	}
}
