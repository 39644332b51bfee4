package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/internal/casebook"
	"github.com/treatycond/treatycond/treaty"
)

// TestStory checks every scenario's expectations and the JSON output.
func TestStory(t *testing.T) {
	require.NoError(t, story.Check())
}

// TestRunText checks the key lines of what `go run ./examples/jcpoa` prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "17 January 2016: the day after Implementation Day")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("jcpoa.annex5.us_relief", "US", "fulfilled", "2016-01-16"), s)

	s, err = casebook.Section(out, "October 2020: the US claims snapback")
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^unscr2231\.para12\.snapback\s+US\s+violated\s`, s)
	assert.Regexp(t, casebook.Row(snapback, "E3", "not_due", "2015-07-20"), s)
	assert.Contains(t, s, `differs by "not snapback.notifier_withdrawn" (adds condition by unsc13_2020)`)

	s, err = casebook.Section(out, "28 September 2025: the measures apply again")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row(snapback, "E3", "fulfilled", "2025-09-27"), s)
	assert.Regexp(t, casebook.Row(snapback, "IR", "not_due", "2015-07-20"), s)

	s, err = casebook.Section(out, "28 September 2025, leaving the contested facts open")
	require.NoError(t, err)
	assert.Contains(t, s, snapback+" under IR: missing snapback.dispute_resolution_exhausted, snapback.notifier_performing")

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  jcpoa.annex5.us_relief: due from 2016-01-16 under IR, E3, US, RU\n",
		"  30d after snapback.notified_on, if snapback.notified and snapback.notifier_named_participant and not unsc.continuation_adopted\n",
		"  unscr2231.para12.snapback: never due by 2025-09-28 under IR, RU; due from 2025-09-27 under E3; due from 2020-09-19 under US\n",
		"    unscr2231.para12.snapback under IR, E3, US, RU: not_due: condition does not hold\n",
		"  October 2020: the US claims snapback:\n    unscr2231.para12.snapback under IR, E3, RU: not_due: condition does not hold\n    unscr2231.para12.snapback under US: violated: ",
		"    unscr2231.para12.snapback under E3, US: fulfilled: performed (un.measures_reapplied)\n",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestInvertedVeto checks that only an adopted continuation resolution
// stops snapback: without one (a vetoed or failed draft) the measures are
// due under the E3's reading, and when it is unknown whether one was
// adopted, so is the outcome.
func TestInvertedVeto(t *testing.T) {
	m, s, err := story.Scenario("snapback-2025")
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		adopted any
		want    treaty.Status
		missing []string
		reason  string
	}{
		{"draft vetoed or failed", false, treaty.Fulfilled, []string{}, "no resolution: the measures apply again"},
		{"continuation adopted", true, treaty.NotDue, []string{}, "nine votes and no veto keep the relief"},
		{"vote unknown", nil, treaty.Undetermined, []string{"unsc.continuation_adopted"}, "the outcome turns on the Council's vote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := casebook.WithFacts(s, map[string]treaty.Fact{"unsc.continuation_adopted": {Value: tc.adopted}})
			rep, err := treaty.Evaluate(m, v, treaty.ForClauses(snapback), treaty.ForReadings("E3"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			res := rep.Results[0]
			assert.Equal(t, tc.want, res.Status, "%s (%s)", tc.reason, res.Reason)
			assert.Equal(t, tc.missing, res.Missing, tc.reason)
		})
	}
}

// TestThirtyDayClock follows the E3 notification of 28 Aug 2025 day by
// day: nothing before the thirtieth day, the measures on it.
func TestThirtyDayClock(t *testing.T) {
	m, s, err := story.Scenario("snapback-2025")
	require.NoError(t, err)
	for _, tc := range []struct {
		asOf   string
		want   treaty.Status
		reason string
	}{
		{"2025-08-27", treaty.NotDue, "before the E3 notification (the 2020 US letter does not count for the E3)"},
		{"2025-08-28", treaty.NotDue, "notified: the clock starts"},
		{"2025-09-26", treaty.NotDue, "the Russian-Chinese draft fails; still inside the 30 days"},
		{"2025-09-27", treaty.Fulfilled, "thirty days have run; the measures are re-applied"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(snapback), treaty.ForReadings("E3"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			assert.Equal(t, tc.want, rep.Results[0].Status, "%s (%s)", tc.reason, rep.Results[0].Reason)
		})
	}
}

// TestStanding checks who may notify: the withdrawn United States in
// 2020 only under its own reading; the E3 in 2025 under every reading but
// Iran's and Russia's.
func TestStanding(t *testing.T) {
	m, s, err := story.Scenario("snapback-2025")
	require.NoError(t, err)
	for _, tc := range []struct {
		asOf   string
		due    []string
		reason string
	}{
		{"2020-10-01", []string{"US"}, "a state that left the JCPOA is a participant only in its own reading"},
		{"2025-09-28", []string{"E3", "US"}, "the E3 remain participants; Iran and Russia contest their standing"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(snapback))
			require.NoError(t, err)
			var due []string
			for _, res := range rep.Results {
				if res.Value.String() == "true" {
					due = append(due, res.Reading)
				}
			}
			assert.Equal(t, tc.due, due, tc.reason)
			require.NotEmpty(t, rep.Disputes)
			assert.Equal(t, treaty.StatusDispute, rep.Disputes[0].Kind, "the readings disagree on snapback")
			assert.Equal(t, "unscr2231.para12.snapback", rep.Disputes[0].Clause)
		})
	}
}
