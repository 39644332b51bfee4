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
	assert.Regexp(t, casebook.Row(snapback, "US", "effective", "2020-09-19"), s)
	assert.Regexp(t, casebook.Row(snapback, "E3", "available", "2020-08-21"), s)
	assert.Regexp(t, casebook.Row(measures, "US", "due", "2020-09-19"), s)
	assert.Contains(t, s, `differs by "not snapback.notifier_withdrawn" (adds condition by unsc13_2020)`)

	s, err = casebook.Section(out, "28 September 2025: the measures apply again")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row(snapback, "E3", "effective", "2025-09-27"), s)
	assert.Regexp(t, casebook.Row(snapback, "IR", "not_due", "2025-08-28"), s)
	assert.Regexp(t, casebook.Row(measures, "E3", "fulfilled", "2025-09-28"), s)

	s, err = casebook.Section(out, "28 September 2025, leaving the contested facts open")
	require.NoError(t, err)
	assert.Contains(t, s, snapback+" under IR: missing snapback.dispute_resolution_exhausted, snapback.notifier_performing")

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  jcpoa.annex5.us_relief: due from 2016-01-16 under IR, E3, US, RU\n",
		"  30d after a notification (snapback.notified), if snapback.notifier_named_participant, unless unsc.continuation_adopted within the 30d\n",
		"  unscr2231.para12.snapback: never effective by 2025-09-28 under IR, RU; effective from 2025-09-27 under E3; effective from 2020-09-19 under US\n",
		"  unscr2231.para12.prior_measures: never due by 2025-09-28 under IR, RU; due from 2025-09-27 under E3; due from 2020-09-19 under US\n",
		"    unscr2231.para12.snapback under E3: blocked: exercised on 2025-08-28 blocked on 2025-09-19",
		"  October 2020: the US claims snapback:\n    unscr2231.para12.snapback under IR, E3, RU: available: its condition holds; the exercise of 2020-08-20 is not valid under this reading",
		"    unscr2231.para12.snapback under IR, RU: lapsed: ",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestInvertedVeto checks that only an adopted continuation resolution
// stops snapback: without one (a vetoed or failed draft) the notification
// takes effect under the E3's reading, and when it is unknown whether one
// was adopted, so is the outcome, and the revived provisions with it.
func TestInvertedVeto(t *testing.T) {
	m, s, err := story.Scenario("snapback-2025")
	require.NoError(t, err)
	for _, tc := range []struct {
		name     string
		adopted  any
		power    treaty.Status
		measures treaty.Status
		missing  []string
		reason   string
	}{
		{"draft vetoed or failed", false, treaty.Effective, treaty.Fulfilled, []string{}, "no resolution: the measures apply again"},
		{"continuation adopted", true, treaty.Blocked, treaty.NotInForce, []string{}, "nine votes and no veto keep the relief"},
		{"vote unknown", nil, treaty.Undetermined, treaty.Undetermined, []string{"unsc.continuation_adopted"}, "the outcome turns on the Council's vote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := casebook.WithFacts(s, map[string]treaty.Fact{"unsc.continuation_adopted": {Value: tc.adopted}})
			rep, err := treaty.Evaluate(m, v, treaty.ForClauses(snapback, measures), treaty.ForReadings("E3"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 2)
			assert.Equal(t, tc.power, rep.Results[0].Status, "%s (%s)", tc.reason, rep.Results[0].Reason)
			assert.Equal(t, tc.measures, rep.Results[1].Status, "%s (%s)", tc.reason, rep.Results[1].Reason)
			assert.Equal(t, tc.missing, rep.Results[0].Missing, tc.reason)
			assert.Equal(t, tc.missing, rep.Results[1].Missing, tc.reason)
		})
	}
}

// TestThirtyDayClock follows the E3 notification of 28 Aug 2025 day by
// day under the E3 reading: available before, exercised for thirty days,
// effective on the thirtieth; the revived provisions follow it.
func TestThirtyDayClock(t *testing.T) {
	m, s, err := story.Scenario("snapback-2025")
	require.NoError(t, err)
	for _, tc := range []struct {
		asOf            string
		power, measures treaty.Status
		reason          string
	}{
		{"2025-08-27", treaty.Available, treaty.NotInForce, "before the E3 notification (the 2020 US letter does not count for the E3)"},
		{"2025-08-28", treaty.Exercised, treaty.NotInForce, "notified: the clock starts"},
		{"2025-09-26", treaty.Exercised, treaty.NotInForce, "the Russian-Chinese draft fails; still inside the 30 days"},
		{"2025-09-27", treaty.Effective, treaty.Due, "thirty days have run; the earlier provisions apply again (New York time)"},
		{"2025-09-28", treaty.Effective, treaty.Fulfilled, "applied from 00:00 GMT on 28 Sep"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(snapback, measures), treaty.ForReadings("E3"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 2)
			assert.Equal(t, tc.power, rep.Results[0].Status, "%s (%s)", tc.reason, rep.Results[0].Reason)
			assert.Equal(t, tc.measures, rep.Results[1].Status, "%s (%s)", tc.reason, rep.Results[1].Reason)
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
		asOf      string
		effective []string
		reason    string
	}{
		{"2020-10-01", []string{"US"}, "a state that left the JCPOA is a participant only in its own reading"},
		{"2025-09-28", []string{"E3", "US"}, "the E3 remain participants; Iran and Russia contest their standing"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(snapback))
			require.NoError(t, err)
			var eff []string
			for _, res := range rep.Results {
				if res.Status == treaty.Effective {
					eff = append(eff, res.Reading)
				}
			}
			assert.Equal(t, tc.effective, eff, tc.reason)
			require.NotEmpty(t, rep.Disputes)
			assert.Equal(t, treaty.StatusDispute, rep.Disputes[0].Kind, "the readings disagree on snapback")
			assert.Equal(t, snapback, rep.Disputes[0].Clause)
		})
	}
}
