package sem

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/internal/calendar"
)

// # Dates and periods
//
// A period (ast.KindPeriod) is a number of months and a number of days,
// written 30d, 2w (14 days), 6m, 10y (120 months) or 6y6m. The language
// defines exactly these operations on dates and periods:
//
//	date + period, period + date   the date moved forward (a date)
//	date - period                  the date moved back (a date)
//	date - date                    the days from the right date to the left (a number)
//
// Moving a date follows the one calendar rule of the module (package
// internal/calendar): months first, keeping the day of the month or taking
// the last day of a shorter month (31 January + 1m is the last day of
// February; 29 February 2024 + 1y is 28 February 2025), then days. A
// result before 0001-01-01 or after 9999-12-31 stops one day outside that
// range, which compares before or after every date in it.

// Period limits: the months of a period literal (years count 12) add up
// to at most MaxPeriodMonths and its days (weeks count 7) to at most
// MaxPeriodDays. Both are far beyond the range of dates, which a longer
// period could not stay in anyway.
const (
	MaxPeriodMonths = 999_999
	MaxPeriodDays   = 9_999_999
)

// ArithKind returns the kind of l op r for op one of + - * /, and whether
// the operation is defined on those kinds (see the rules above; all four
// operators apply to two numbers). Unknown kinds (ast.KindAny) are taken
// to be whatever makes the operation defined, with the other operand's
// kind deciding: date + any is a date, date - any is unknown (a number or
// a date), and any op any is a number.
func ArithKind(op ast.Op, l, r ast.Kind) (ast.Kind, bool) {
	switch {
	case l == ast.KindNumber && r == ast.KindNumber:
		return ast.KindNumber, true
	case op == ast.OpAdd && (l == ast.KindDate && r == ast.KindPeriod || l == ast.KindPeriod && r == ast.KindDate):
		return ast.KindDate, true
	case op == ast.OpSub && l == ast.KindDate && r == ast.KindPeriod:
		return ast.KindDate, true
	case op == ast.OpSub && l == ast.KindDate && r == ast.KindDate:
		return ast.KindNumber, true
	}
	return ast.KindAny, false
}

// Shift returns the day count of date d moved by months months and days
// days, forward when sign is 1 and back when it is -1, by the calendar
// rule (months first, clamped to the end of a shorter month, then days).
func Shift(d int64, months int32, days int64, sign int) int64 {
	t := ast.TimeOf(d)
	return ast.DaysOf(calendar.AddPeriod(t, 0, sign*int(months), sign*int(days)))
}

// DateArith computes l op r on two known values when it is date
// arithmetic: a date plus or minus a period (a date), or a date minus a
// date (a number of days). ok is false for any other operation.
func DateArith(op ast.Op, l, r ast.Value) (v ast.Value, ok bool) {
	switch {
	case l.Kind == ast.KindDate && r.Kind == ast.KindPeriod && (op == ast.OpAdd || op == ast.OpSub):
		sign := 1
		if op == ast.OpSub {
			sign = -1
		}
		return ast.Date(Shift(l.D, r.M, r.D, sign)), true
	case l.Kind == ast.KindPeriod && r.Kind == ast.KindDate && op == ast.OpAdd:
		return ast.Date(Shift(r.D, l.M, l.D, 1)), true
	case l.Kind == ast.KindDate && r.Kind == ast.KindDate && op == ast.OpSub:
		return ast.Number(float64(l.D - r.D)), true
	}
	return ast.Value{}, false
}

// ArithValue computes l op r on two known values of any kinds: numbers
// by [Arith], dates and periods by [DateArith]. ok is false when the
// operation is not defined on the kinds (excluded by type checking).
// Division by zero is the caller's to test first ([DivByZero]).
func ArithValue(op ast.Op, l, r ast.Value) (ast.Value, bool) {
	if l.Kind == ast.KindNumber && r.Kind == ast.KindNumber {
		return ast.Number(Arith(op, l.N, r.N)), true
	}
	return DateArith(op, l, r)
}
