package calendar

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	t, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestMonthEndClamps: Jan 31 + 1m is the end of February, not March 2
// (the rule legal instruments usually mean), leap days included.
func TestMonthEndClamps(t *testing.T) {
	tests := []struct {
		from    string
		y, m, d int
		want    string
		reason  string
	}{
		{"2023-01-31", 0, 1, 0, "2023-02-28", "January 31 plus a month is the last day of February"},
		{"2024-01-31", 0, 1, 0, "2024-02-29", "in a leap year the last day of February is the 29th"},
		{"2024-02-29", 1, 0, 0, "2025-02-28", "a leap day plus a year is 28 February"},
		{"2024-02-29", 4, 0, 0, "2028-02-29", "a leap day plus four years is a leap day again"},
		{"2024-02-29", 0, 12, 0, "2025-02-28", "twelve months are a year"},
		{"2023-03-31", 0, -1, 0, "2023-02-28", "going back a month clamps the same way"},
		{"2023-08-31", 0, 1, 0, "2023-09-30", "30-day months clamp too"},
		{"2023-01-30", 0, 1, 1, "2023-03-01", "months first (Feb 28), then days"},
		{"2024-01-31", 0, 1, 1, "2024-03-01", "months first (Feb 29), then days"},
		{"2023-01-15", 0, 1, 0, "2023-02-15", "a day every month has is kept"},
		{"2023-12-31", 0, 2, 0, "2024-02-29", "across a year end into a leap February"},
		{"2023-01-31", 0, 0, 31, "2023-03-03", "days are plain days"},
		{"1900-01-31", 0, 1, 0, "1900-02-28", "1900 is not a leap year"},
		{"2000-01-31", 0, 1, 0, "2000-02-29", "2000 is a leap year"},
	}
	for _, tc := range tests {
		got := AddPeriod(day(tc.from), tc.y, tc.m, tc.d)
		if f := Format(got); f != tc.want {
			t.Errorf("%s + %dy%dm%dd = %s, want %s (%s)", tc.from, tc.y, tc.m, tc.d, f, tc.want, tc.reason)
		}
	}
}

// TestArithmeticSaturates: no arithmetic leaves the range into dates that
// cannot be written; the ends stay ends.
func TestArithmeticSaturates(t *testing.T) {
	tests := []struct {
		from    time.Time
		y, m, d int
		want    time.Time
		reason  string
	}{
		{day("9999-06-01"), 1, 0, 0, After, "past 9999-12-31"},
		{day("9999-12-31"), 0, 0, 1, After, "one day past the end"},
		{day("2000-01-01"), 999999, 0, 0, After, "a huge period"},
		{day("2000-01-01"), 1 << 62, 1 << 62, 1 << 62, After, "counts that would overflow"},
		{day("0001-01-01"), 0, 0, -1, Before, "one day before the start"},
		{day("0001-03-01"), 0, -3, 0, Before, "months before the start"},
		{day("2000-01-01"), -1 << 62, 0, 0, Before, "negative counts that would overflow"},
		{After, 0, 0, -1, After, "the day after the end of time minus a day is still after it"},
		{Before, 0, 0, 1, Before, "likewise before the start"},
		{day("9999-12-30"), 0, 0, 1, day("9999-12-31"), "the last day is in the range"},
	}
	for _, tc := range tests {
		if got := AddPeriod(tc.from, tc.y, tc.m, tc.d); !got.Equal(tc.want) {
			t.Errorf("%v + %dy%dm%dd = %v, want %v (%s)", tc.from, tc.y, tc.m, tc.d, got, tc.want, tc.reason)
		}
	}
	if got := Format(After); got != "9999-12-31" {
		t.Errorf("Format(After) = %s", got)
	}
	if got := Format(Before); got != "0001-01-01" {
		t.Errorf("Format(Before) = %s", got)
	}
	if got := Date(10000, 1, 1); !got.Equal(After) {
		t.Errorf("Date(10000, 1, 1) = %v, want After", got)
	}
}

// TestParseMessages: the message names what is wrong (a day out of range
// for its month is not "want YYYY-MM-DD").
func TestParseMessages(t *testing.T) {
	tests := []struct {
		in, want string
		reason   string
	}{
		{"2024-02-30", `invalid date "2024-02-30": day 30 is out of range: February 2024 has 29 days`, "the day, not the form, is wrong"},
		{"2023-02-29", `invalid date "2023-02-29": day 29 is out of range: February 2023 has 28 days`, "no leap day in 2023"},
		{"2023-04-31", `invalid date "2023-04-31": day 31 is out of range: April 2023 has 30 days`, "30-day month"},
		{"2023-00-10", `invalid date "2023-00-10": month 00 is out of range: want 01 to 12`, "month zero"},
		{"2023-13-10", `invalid date "2023-13-10": month 13 is out of range: want 01 to 12`, "month 13"},
		{"2023-01-00", `invalid date "2023-01-00": day 00 is out of range: January 2023 has 31 days`, "day zero"},
		{"0000-01-01", `invalid date "0000-01-01": year 0000 is out of range: dates run from 0001-01-01 to 9999-12-31`, "year zero"},
		{"10000-01-01", `invalid date "10000-01-01": year 10000 is out of range: dates run from 0001-01-01 to 9999-12-31`, "five-digit year"},
		{"2023-1-10", `invalid date "2023-1-10": want YYYY-MM-DD`, "one-digit month"},
		{"2023/01/10", `invalid date "2023/01/10": want YYYY-MM-DD`, "slashes"},
		{"", `invalid date "": want YYYY-MM-DD`, "empty"},
		{"２０２３-01-10", `invalid date "２０２３-01-10": want YYYY-MM-DD`, "non-ASCII digits"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		var ce *Error
		if err == nil || !errors.As(err, &ce) {
			t.Errorf("Parse(%q) = %v, want an *Error (%s)", tc.in, err, tc.reason)
			continue
		}
		if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
			t.Errorf("Parse(%q) (%s) (-want +got):\n%s", tc.in, tc.reason, diff)
		}
	}
	for _, s := range []string{"0001-01-01", "9999-12-31", "2024-02-29", "1956-10-19"} {
		got, err := Parse(s)
		if err != nil || Format(got) != s {
			t.Errorf("Parse(%q) = %v, %v; want it back", s, got, err)
		}
	}
}

// TestParseAgreesWithTime: within the range, Parse accepts exactly what
// time.Parse accepts for four-digit years, and gives the same date.
func TestParseAgreesWithTime(t *testing.T) {
	for d := day("1999-12-25"); d.Before(day("2001-01-10")); d = d.AddDate(0, 0, 1) {
		s := d.Format("2006-01-02")
		got, err := Parse(s)
		if err != nil || !got.Equal(d) {
			t.Fatalf("Parse(%q) = %v, %v", s, got, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2024-02-30", "0001-01-01", "10000-01-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d.Before(Min) || d.After(Max) || Format(d) != s {
			t.Fatalf("Parse(%q) = %v, which is out of range or does not format back", s, d)
		}
	})
}

// TestFormatMatchesTimeFormat checks Format, which writes the digits
// itself, against time.Format on random instants over the whole range and
// beyond it (clamped), in UTC and in other locations.
func TestFormatMatchesTimeFormat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	locs := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -12*3600)}
	lo, hi := Min.Add(-1000*24*time.Hour).Unix(), Max.Add(1000*24*time.Hour).Unix()
	for i := range 5000 {
		tm := time.Unix(lo+rng.Int64N(hi-lo), 0).In(locs[i%len(locs)])
		if got, want := Format(tm), Clamp(tm).Format("2006-01-02"); got != want {
			t.Fatalf("Format(%v) = %s, want %s", tm, got, want)
		}
	}
}
