// Package calendar is the one place that defines the civil calendar rules of
// the module: the range of dates it accepts, how "YYYY-MM-DD" is parsed,
// and how a period of years, months and days is added to a date.
//
// # Range
//
// Dates run from 0001-01-01 ([Min]) to 9999-12-31 ([Max]), the dates
// YYYY-MM-DD can write with four-digit years. [Parse] rejects others.
// Arithmetic that would leave the range stops one day outside it, at
// [Before] or [After], which compare before and after every date of the
// range; [Clamp] maps them back onto the range for writing.
//
// # Month arithmetic
//
// Adding months keeps the day of the month unless the target month is
// shorter, in which case the result is the last day of that month: 31
// January plus one month is 28 February (29 in a leap year), and 29
// February 2024 plus one year is 28 February 2025. This is what legal
// instruments usually mean by "one month after 31 January" (the end of
// February), where [time.Time.AddDate] would normalise to 2 or 3 March.
// A period "1y2m10d" adds its years and months together first, then its
// days: 2024-01-31 plus "1m1d" is 2024-03-01.
//
// All dates are [time.Time] values at midnight UTC.
package calendar

import (
	"fmt"
	"time"
)

// The range of dates, and the two dates just outside it that arithmetic
// saturates to.
var (
	// Min is the first date of the range, 0001-01-01.
	Min = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	// Max is the last date of the range, 9999-12-31.
	Max = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)
	// Before is the day before Min: "before every date of the range".
	Before = Min.AddDate(0, 0, -1)
	// After is the day after Max: "after every date of the range".
	After = Max.AddDate(0, 0, 1)
)

// RangeText describes the range for error messages.
const RangeText = "dates run from 0001-01-01 to 9999-12-31"

// Date returns midnight UTC of y-m-d, with the day and month normalised as
// by [time.Date], saturated to [Before] or [After] when outside the range.
func Date(y int, m time.Month, d int) time.Time {
	return Saturate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Saturate returns t at midnight UTC of its civil date, or [Before] or
// [After] when that date is outside the range.
func Saturate(t time.Time) time.Time {
	y, m, d := t.Date()
	t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch {
	case t.Before(Min):
		return Before
	case t.After(Max):
		return After
	}
	return t
}

// Clamp returns t clamped to the range: [Before] becomes [Min] and [After]
// becomes [Max]. Writers use it so that every date written can be read back.
func Clamp(t time.Time) time.Time {
	switch {
	case t.Before(Min):
		return Min
	case t.After(Max):
		return Max
	}
	return t
}

// DaysIn returns the number of days of month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// AddPeriod returns t plus years, months and days by the rule of the
// package: years and months first, keeping the day of the month or taking
// the last day of a shorter month, then days. Negative counts go back the
// same way. The result saturates to [Before] or [After] outside the range,
// and [Before] and [After] themselves stay as they are.
func AddPeriod(t time.Time, years, months, days int) time.Time {
	if t.Before(Min) || t.After(Max) {
		// Outside the range stays outside: the day after the end of time
		// plus or minus anything is still after it.
		return t
	}
	y, m, d := t.Date()
	// Count in months from year 0 so that large periods cannot overflow
	// int (the range holds 120,000 months).
	const limit = 1 << 40
	total := int64(y)*12 + int64(m-1) + int64(max(-limit, min(limit, years)))*12 + int64(max(-limit, min(limit, months)))
	ny, nm := total/12, time.Month(total%12+1)
	switch {
	case total < 0 || ny < 1:
		return Before
	case ny > 9999:
		return After
	}
	d = min(d, DaysIn(int(ny), nm))
	out := time.Date(int(ny), nm, d, 0, 0, 0, 0, time.UTC)
	if days != 0 {
		const maxDays = 4_000_000 // more than the range holds
		out = out.AddDate(0, 0, max(-maxDays, min(maxDays, days)))
	}
	return Saturate(out)
}

// Error is a date that cannot be parsed or is out of range.
type Error struct {
	// Text is the text that was parsed.
	Text string
	// Reason says what is wrong, such as "day 30 is out of range: February
	// 2024 has 29 days".
	Reason string
}

// Error returns `invalid date "TEXT": REASON`.
func (e *Error) Error() string { return fmt.Sprintf("invalid date %q: %s", e.Text, e.Reason) }

// Parse parses a date written YYYY-MM-DD with a four-digit year within the
// range. The error is an [*Error] saying what is wrong: the form, the
// month, or the day for its month.
func Parse(s string) (time.Time, error) {
	bad := func(format string, args ...any) (time.Time, error) {
		return time.Time{}, &Error{Text: s, Reason: fmt.Sprintf(format, args...)}
	}
	digits := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		if len(s) > 10 && len(s) <= 12 && s[len(s)-6] == '-' && s[len(s)-3] == '-' {
			if _, ok := digits(0, len(s)-6); ok {
				return bad("year %s is out of range: %s", s[:len(s)-6], RangeText)
			}
		}
		return bad("want YYYY-MM-DD")
	}
	y, ok1 := digits(0, 4)
	m, ok2 := digits(5, 7)
	d, ok3 := digits(8, 10)
	switch {
	case !ok1 || !ok2 || !ok3:
		return bad("want YYYY-MM-DD")
	case y == 0:
		return bad("year 0000 is out of range: %s", RangeText)
	case m < 1 || m > 12:
		return bad("month %02d is out of range: want 01 to 12", m)
	case d < 1 || d > DaysIn(y, time.Month(m)):
		return bad("day %02d is out of range: %s %d has %d days", d, time.Month(m), y, DaysIn(y, time.Month(m)))
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// Format returns t clamped to the range (see [Clamp]) as YYYY-MM-DD.
func Format(t time.Time) string {
	y, m, d := Clamp(t).Date() // 1 <= y <= 9999
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-',
		byte('0' + d/10), byte('0' + d%10),
	}
	return string(b[:])
}
