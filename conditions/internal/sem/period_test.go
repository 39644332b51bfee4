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

// inRange reports whether day count d is a date of the range 0001-01-01
// to 9999-12-31 (not one of the two saturated days outside it).
func inRange(d int64) bool {
	lo, _ := ParseDate("0001-01-01")
	hi, _ := ParseDate("9999-12-31")
	return lo <= d && d <= hi
}

// FuzzDateArith checks the laws of date arithmetic under the month clamp
// on any date of the range and any periods:
//
//   - a period of days only comes back exactly: (d + p) - p == d;
//   - a period of months only comes back to d or an earlier day of d's
//     month (the clamp can only have moved the day down);
//   - order is kept: d1 <= d2 implies d1 + p <= d2 + p and d1 - p <= d2 - p;
//   - a longer period (no fewer months and no fewer days) never gives an
//     earlier date: p1 <= p2 implies d + p1 <= d + p2 and d - p1 >= d - p2;
//   - d - p <= d <= d + p, and period + date is date + period.
func FuzzDateArith(f *testing.F) {
	for _, seed := range []struct {
		d1, d2 int64
		m1, m2 int32
		k1, k2 int64
	}{
		{19753, 19754, 1, 2, 0, 1},     // 2024-01-31 and 2024-02-01
		{19782, 19783, 12, 48, 0, 0},   // the leap day 2024-02-29
		{-719162, 2932896, 0, 1, 0, 1}, // the ends of the range
		{0, 100, 78, 120, 14, 30},
	} {
		f.Add(seed.d1, seed.d2, seed.m1, seed.m2, seed.k1, seed.k2)
	}
	lo, _ := ParseDate("0001-01-01")
	hi, _ := ParseDate("9999-12-31")
	f.Fuzz(func(t *testing.T, d1, d2 int64, m1, m2 int32, k1, k2 int64) {
		span := hi - lo + 1
		d1, d2 = lo+((d1%span)+span)%span, lo+((d2%span)+span)%span
		if d1 > d2 {
			d1, d2 = d2, d1
		}
		m1, m2 = abs32(m1)%(MaxPeriodMonths+1), abs32(m2)%(MaxPeriodMonths+1)
		k1, k2 = abs64(k1)%(MaxPeriodDays+1), abs64(k2)%(MaxPeriodDays+1)
		add := func(d int64, m int32, k int64) int64 {
			v, _ := DateArith(ast.OpAdd, ast.Date(d), ast.Period(m, k))
			return v.D
		}
		sub := func(d int64, m int32, k int64) int64 {
			v, _ := DateArith(ast.OpSub, ast.Date(d), ast.Period(m, k))
			return v.D
		}

		if up := add(d1, 0, k1); inRange(up) && sub(up, 0, k1) != d1 {
			t.Errorf("(%s + %dd) - %dd = %s", dayText(d1), k1, k1, dayText(sub(up, 0, k1)))
		}
		if up := add(d1, m1, 0); inRange(up) {
			back := sub(up, m1, 0)
			y0, mo0, _ := ast.TimeOf(d1).Date()
			y1, mo1, _ := ast.TimeOf(back).Date()
			if back > d1 || y0 != y1 || mo0 != mo1 {
				t.Errorf("(%s + %s) - %s = %s: want %s or an earlier day of its month", dayText(d1), ast.FormatPeriod(m1, 0), ast.FormatPeriod(m1, 0), dayText(back), dayText(d1))
			}
		}
		if add(d1, m1, k1) > add(d2, m1, k1) || sub(d1, m1, k1) > sub(d2, m1, k1) {
			t.Errorf("order not kept: %s <= %s but not after ± %s", dayText(d1), dayText(d2), ast.FormatPeriod(m1, k1))
		}
		pm1, pm2 := min(m1, m2), max(m1, m2)
		pk1, pk2 := min(k1, k2), max(k1, k2)
		if add(d1, pm1, pk1) > add(d1, pm2, pk2) || sub(d1, pm1, pk1) < sub(d1, pm2, pk2) {
			t.Errorf("%s: a longer period %s gives an earlier date than %s", dayText(d1), ast.FormatPeriod(pm2, pk2), ast.FormatPeriod(pm1, pk1))
		}
		if sub(d1, m1, k1) > d1 || add(d1, m1, k1) < d1 {
			t.Errorf("%s ± %s is on the wrong side", dayText(d1), ast.FormatPeriod(m1, k1))
		}
		if v, _ := DateArith(ast.OpAdd, ast.Period(m1, k1), ast.Date(d1)); v.D != add(d1, m1, k1) {
			t.Errorf("period + date differs from date + period")
		}
	})
}

func abs32(x int32) int32 {
	if x < 0 {
		return -(x + 1)
	}
	return x
}

func abs64(x int64) int64 {
	if x < 0 {
		return -(x + 1)
	}
	return x
}
