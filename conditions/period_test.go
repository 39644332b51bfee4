package conditions_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestPeriodSyntax: period literals parse, print canonically and read
// back; malformed ones are errors at their position.
func TestPeriodSyntax(t *testing.T) {
	tests := []struct {
		src, want string // want: the canonical text, or the error
		reason    string
	}{
		{"asof >= signed + 30d", "asof >= signed + 30d", "days"},
		{"asof < signed + 6y6m", "asof < signed + 6y6m", "years and months"},
		{"asof < signed + 12m", "asof < signed + 1y", "12 months print as a year"},
		{"asof < signed + 2w", "asof < signed + 14d", "weeks print as days"},
		{"asof < signed + 1y2m3w4d", "asof < signed + 1y2m25d", "every unit, weeks folded into days"},
		{"asof < signed + 0d", "asof < signed + 0d", "the empty period"},
		{"asof - (signed - 1m) > 2", "asof - (signed - 1m) > 2", "parentheses kept where needed"},
		{"6m + signed < asof", "6m + signed < asof", "period first"},
		{"asof < x + 6m6y", "1:12: invalid period 6m6y: write the units in the order y, m, w, d, each once", "units out of order"},
		{"asof < x + 2d2d", "1:12: invalid period 2d2d: write the units in the order y, m, w, d, each once", "a unit twice"},
		{"asof < x + 6y6", "1:12: invalid period 6y6: want counts with units y, m, w, d, such as 30d or 6y6m", "a count with no unit"},
		{"asof < x + 30dx", "1:12: invalid period 30dx: want counts with units y, m, w, d, such as 30d or 6y6m", "letters glued on"},
		{"asof < x + 1000000m", "1:12: period 1000000m is too long: at most 999999 months and 9999999 days", "too long"},
		{"asof < x + 30x", "1:12: invalid number 30x", "not a unit"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			e, err := conditions.Parse(tt.src)
			if err != nil {
				if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
					t.Errorf("Parse(%q) error (-want +got):\n%s", tt.src, diff)
				}
				return
			}
			if diff := cmp.Diff(tt.want, e.String()); diff != "" {
				t.Fatalf("Parse(%q).String() (-want +got):\n%s", tt.src, diff)
			}
			text, err := e.MarshalText()
			require.NoError(t, err)
			back, err := conditions.Parse(string(text))
			require.NoError(t, err)
			if diff := cmp.Diff(e.String(), back.String()); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPeriodTypes: bad combinations of dates and periods are type errors
// at the operator's line:column.
func TestPeriodTypes(t *testing.T) {
	tests := []struct {
		src, want string // want: "" when the condition checks
		reason    string
	}{
		{"asof >= ratified + 30d", "", "date + period"},
		{"asof - signed > 30", "", "date - date is a number"},
		{"30d + ratified <= asof", "", "period + date"},
		{"asof >= ratified - 1y", "", "date - period"},
		{"a and\n  30d + true", "2:3: cannot apply '+' to period and bool: dates take date + period, date - period and date - date (the days between)", "period + bool"},
		{"asof + asof > @2020-01-01", "1:1: cannot add two dates: add a period to a date, such as signed + 30d, or subtract them for the days between", "date + date"},
		{"asof == 30d", "1:1: cannot compare periods: compare dates instead, such as asof >= signed + 30d", "periods do not compare"},
		{"30d", "1:1: condition must be bool, found period", "a period is not a condition"},
		{"asof + 1 > asof", "1:1: cannot apply '+' to date and number: dates take date + period, date - period and date - date (the days between)", "a number is not a period"},
		{"30d - asof < asof", "1:1: cannot apply '-' to period and date: dates take date + period, date - period and date - date (the days between)", "period - date"},
		{"asof", "1:1: condition must be bool, found date", "asof is a date"},
		{"asof == 3", "1:1: cannot compare date with number", "asof is always a date"},
		{"asof < 2011-02-05", "1:1: cannot compare date with number (write the date as @2011-02-05: without '@' it is a subtraction)", "a date without '@' is arithmetic: the hint says so"},
		{"asof + 2011-02-05 > asof", "1:1: cannot apply '+' to date and number: dates take date + period, date - period and date - date (the days between) (write the date as @2011-02-05: without '@' it is a subtraction)", "one error, not a second one about the invalid sum"},
		{"asof < 2011 - 2 - 5", "1:1: cannot compare date with number", "spaced arithmetic is not taken for a date"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			err := conditions.Check(conditions.MustParse(tt.src), nil)
			got := ""
			if err != nil {
				got = err.Error()
				require.True(t, errors.Is(err, conditions.ErrType), "want a type error, got %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestAsOfSchema: a schema may declare asof only as a date.
func TestAsOfSchema(t *testing.T) {
	_, err := conditions.NewSchema(conditions.Field{Name: "asof", Type: conditions.Number})
	require.ErrorIs(t, err, conditions.ErrArgument)
	_, err = conditions.NewSchema(conditions.Field{Name: "asof", Type: conditions.Date})
	require.NoError(t, err)
}

// TestDatesEval: Eval computes dates with periods; asof is unknown when
// not given.
func TestDatesEval(t *testing.T) {
	facts := conditions.Facts{"ratified": date("2024-01-31"), "signed": date("2020-02-29")}
	tests := []struct {
		src    string
		asof   string // "" leaves asof unknown
		want   conditions.Truth
		reason string
	}{
		{"asof >= ratified + 1m", "2024-02-29", conditions.True, "31 Jan + 1m is 29 Feb 2024"},
		{"asof >= ratified + 1m", "2024-02-28", conditions.False, "the day before"},
		{"asof >= ratified + 1m", "", conditions.Unknown, "asof not given is unknown"},
		{"asof < signed + 1y", "2021-02-28", conditions.False, "29 Feb + 1y is 28 Feb 2021"},
		{"asof < signed + 1y", "2021-02-27", conditions.True, "the day before the anniversary"},
		{"asof - ratified == 29", "2024-02-29", conditions.True, "days between"},
		{"asof - 30d == ratified", "2024-03-01", conditions.True, "30 days back from 1 March 2024"},
		{"asof >= nope + 1m or true", "2024-01-01", conditions.True, "Kleene: unknown or true"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			f := conditions.Facts{}
			for k, v := range facts {
				f[k] = v
			}
			if tt.asof != "" {
				f[conditions.AsOf] = date(tt.asof)
			}
			r, err := conditions.Eval(conditions.MustParse(tt.src), f)
			require.NoError(t, err)
			if r.Value != tt.want {
				t.Errorf("Eval(%q) with asof %s = %s, want %s", tt.src, tt.asof, r.Value, tt.want)
			}
		})
	}
}

// TestDatesResidualTakes: Residual folds date arithmetic on known facts
// and keeps it on unknown ones; Takes names the comparisons left.
func TestDatesResidualTakes(t *testing.T) {
	e := conditions.MustParse("asof >= ratified + 30d and (asof < signed + 10y or x)")
	tests := []struct {
		facts  conditions.Facts
		want   string
		takes  string
		reason string
	}{
		{conditions.Facts{"asof": date("2024-03-01"), "ratified": date("2024-01-31")}, "@2024-03-01 < signed + 10y or x",
			"@2024-03-01 < signed + 10y = true | x = true", "the known comparison folds; asof becomes its date"},
		{conditions.Facts{"asof": date("2024-03-01"), "ratified": date("2024-02-15")}, "false", "", "not thirty days yet: false whatever the rest"},
		{conditions.Facts{"ratified": date("2024-01-31"), "signed": date("2020-01-01")}, "asof >= @2024-03-01 and (asof < @2030-01-01 or x)",
			"asof < @2030-01-01 = false, x = true | asof < @2030-01-01 = true, asof >= @2024-03-01 = true | asof >= @2024-03-01 = true, x = true",
			"asof unknown: known dates moved by their periods; takes reasons on asof's comparisons (asof >= 2030 implies asof >= 2024-03-01)"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, conditions.Residual(e, tt.facts).String()); diff != "" {
				t.Errorf("Residual (-want +got):\n%s", diff)
			}
			as, err := conditions.Takes(e, tt.facts, conditions.True)
			require.NoError(t, err)
			got := ""
			for i, a := range as {
				if i > 0 {
					got += " | "
				}
				got += fmt.Sprint(a)
			}
			if diff := cmp.Diff(tt.takes, got); diff != "" {
				t.Errorf("Takes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDatesTable: the table of the README and the package documentation,
// evaluated as conditions.
func TestDatesTable(t *testing.T) {
	tests := []struct{ expr, want, reason string }{
		{"@2024-01-31 + 1m", "@2024-02-29", "end of a shorter month (leap year)"},
		{"@2023-01-31 + 1m", "@2023-02-28", "not 3 March"},
		{"@2024-02-29 + 1y", "@2025-02-28", "no 29 February in 2025"},
		{"@2024-02-29 + 4y", "@2028-02-29", "a leap year again"},
		{"@2024-01-31 + 1m1d", "@2024-03-01", "months first, then the day"},
		{"@2024-03-31 - 1m", "@2024-02-29", "going back clamps the same way"},
		{"(@2024-01-31 + 1m) - 1m", "@2024-01-29", "the clamp does not undo"},
		{"@2024-03-01 - @2024-02-01", "29", "days between"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			e := conditions.MustParse(tt.expr + " == " + tt.want)
			r, err := conditions.Eval(e, nil)
			require.NoError(t, err)
			if r.Value != conditions.True {
				t.Errorf("%s is not %s: %s", tt.expr, tt.want, r)
			}
		})
	}
}
