package treaty

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/treatycond/treatycond/internal/calendar"
)

// Date is a civil date (no time of day, no zone), written YYYY-MM-DD. The
// zero Date means "unset"; every date of the range, 0001-01-01 included,
// is distinct from it.
//
// Dates run from 0001-01-01 to 9999-12-31, what YYYY-MM-DD writes with a
// four-digit year; [ParseDate] rejects others. Arithmetic ([Date.Add],
// [Date.AddDays]) that would leave the range stops one day outside it:
// such a date compares before (or after) every date of the range, stays
// there under further arithmetic, and is written as the first (or last)
// date of the range, so that every date the package writes reads back.
type Date struct {
	t  time.Time // midnight UTC
	ok bool      // false for the zero Date
}

// NewDate returns the date y-m-d. Out-of-range days and months normalise
// as in [time.Date]; a result outside the range stops just outside it (see
// [Date]).
func NewDate(y int, m time.Month, d int) Date {
	return Date{calendar.Date(y, m, d), true}
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD, a date from 0001-01-01 to 9999-12-31. The
// error says what is wrong: the form, the year, the month, or the day for
// its month ("day 30 is out of range: February 2024 has 29 days").
func ParseDate(s string) (Date, error) {
	t, err := calendar.Parse(s)
	if err != nil {
		return Date{}, err
	}
	return Date{t, true}, nil
}

// MustDate is like [ParseDate] but panics on error. It is meant for
// literals in programs and tests.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return !d.ok }

// Time returns midnight UTC of d, or the zero [time.Time] for the zero
// Date.
func (d Date) Time() time.Time { return d.t }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if !d.ok {
		return ""
	}
	return calendar.Format(d.t)
}

// Before, After and Equal compare dates. The zero Date compares as
// 0001-01-01.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.ok == o.ok && d.t.Equal(o.t) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o. The zero
// Date compares as 0001-01-01.
func (d Date) Compare(o Date) int { return d.t.Compare(o.t) }

// AddDays returns d plus n days (see [Date] for the range). The zero Date
// stays zero.
func (d Date) AddDays(n int) Date { return d.Add(Period{Days: n}) }

// Add returns d plus the period p: years and months first, then days. A
// month shorter than d's day of the month gives its last day: 31 January
// plus "1m" is 28 February, or 29 in a leap year, and 29 February plus
// "1y" is 28 February. The zero Date stays zero.
func (d Date) Add(p Period) Date {
	if !d.ok {
		return d
	}
	return Date{calendar.AddPeriod(d.t, p.Years, p.Months, p.Days), true}
}

// MarshalText returns YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD; the empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	x, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// Period is a span of calendar time, written like "15y", "9m", "30d" or
// "1y6m".
type Period struct {
	Years, Months, Days int
}

// IsZero reports whether p is empty.
func (p Period) IsZero() bool { return p == Period{} }

// String returns the "1y6m" form, or "0d" for the empty period.
func (p Period) String() string {
	var b strings.Builder
	for _, part := range []struct {
		n    int
		unit byte
	}{{p.Years, 'y'}, {p.Months, 'm'}, {p.Days, 'd'}} {
		if part.n != 0 {
			b.WriteString(strconv.Itoa(part.n))
			b.WriteByte(part.unit)
		}
	}
	if b.Len() == 0 {
		return "0d"
	}
	return b.String()
}

// ParsePeriod parses the form returned by [Period.String]: one or more
// non-negative counts, each followed by y, m or d, in that order.
func ParsePeriod(s string) (Period, error) {
	var p Period
	rest := s
	last := -1
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) || i > 6 {
			return Period{}, fmt.Errorf("invalid period %q: want counts with units y, m, d, such as \"15y\" or \"1y6m\"", s)
		}
		n, _ := strconv.Atoi(rest[:i])
		unit := strings.IndexByte("ymd", rest[i])
		if unit < 0 || unit <= last {
			return Period{}, fmt.Errorf("invalid period %q: units must be y, m, d, each at most once and in that order", s)
		}
		last = unit
		switch unit {
		case 0:
			p.Years = n
		case 1:
			p.Months = n
		case 2:
			p.Days = n
		}
		rest = rest[i+1:]
	}
	if last < 0 {
		return Period{}, fmt.Errorf("invalid period %q: empty", s)
	}
	return p, nil
}

// MarshalText returns the "1y6m" form.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText parses the "1y6m" form.
func (p *Period) UnmarshalText(b []byte) error {
	x, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = x
	return nil
}
