package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestScenarios checks every scenario's expectations against Evaluate.
func TestScenarios(t *testing.T) {
	m, scs, err := load()
	require.NoError(t, err)
	require.Len(t, scs, len(scenarioOrder))
	for _, s := range scs {
		t.Run(s.ID, func(t *testing.T) {
			require.NotEmpty(t, s.Expect, "a scenario without expectations tests nothing")
			rep, err := treaty.Evaluate(m, s)
			require.NoError(t, err)
			for _, e := range s.Expect {
				res, ok := rep.Result(e.Clause, e.Reading)
				if assert.Truef(t, ok, "no result for %s under %s", e.Clause, e.Reading) {
					assertExpectation(t, e, res)
				}
			}
			assert.Empty(t, rep.Check(s.Expect), "Report.Check disagrees with the field-by-field comparison")
		})
	}
}

// assertExpectation compares the fields of res that e sets.
func assertExpectation(t *testing.T, e treaty.Expectation, res treaty.Result) {
	t.Helper()
	where := fmt.Sprintf("%s under %s (%s)", e.Clause, e.Reading, res.Reason)
	if e.Status != "" {
		assert.Equal(t, e.Status, res.Status, "status of %s", where)
	}
	if e.Value != "" {
		assert.Equal(t, e.Value, res.Value.String(), "value of %s", where)
	}
	if e.Since != "" {
		got := "none"
		if res.Since != nil {
			got = res.Since.String()
		}
		assert.Equal(t, e.Since, got, "since of %s", where)
	}
	if e.Missing != nil {
		assert.ElementsMatch(t, e.Missing, res.Missing, "missing facts of %s", where)
	}
}

// section returns the part of the text output that reports the scenario
// with the given title.
func section(t *testing.T, out, title string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, ". "+title+"\n")
	require.Truef(t, ok, "no section %q in the output", title)
	if i := strings.Index(rest, "\n--- "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// assertRow checks that text has a table row for clause and reading with
// the given status and since date.
func assertRow(t *testing.T, text, clause, reading, status, since string) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(clause) + `\s+` + regexp.QuoteMeta(reading) + `\s+` +
		regexp.QuoteMeta(status) + `\s+\S+\s+` + regexp.QuoteMeta(since) + `\s`)
	assert.Regexp(t, re, text)
}

// TestRunJSON checks that -json prints one report per scenario, in order.
func TestRunJSON(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, true))
	var reports []struct {
		Scenario string `json:"scenario"`
		Results  []struct {
			Clause string `json:"clause"`
			Status string `json:"status"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &reports))
	_, scs, err := load()
	require.NoError(t, err)
	require.Len(t, reports, len(scs))
	for i, rep := range reports {
		assert.Equal(t, scs[i].ID, rep.Scenario)
		assert.NotEmpty(t, rep.Results)
	}
}

// scenario returns the loaded model and the scenario with the given id.
func scenario(t *testing.T, id string) (*treaty.Model, *treaty.Scenario) {
	t.Helper()
	m, scs, err := load()
	require.NoError(t, err)
	for _, s := range scs {
		if s.ID == id {
			return m, s
		}
	}
	t.Fatalf("no scenario %q", id)
	return nil, nil
}

// with returns a copy of s with the given facts replaced.
func with(s *treaty.Scenario, facts map[string]treaty.Fact) *treaty.Scenario {
	c := *s
	c.Facts = map[string]treaty.Fact{}
	for k, f := range s.Facts {
		c.Facts[k] = f
	}
	for k, f := range facts {
		c.Facts[k] = f
	}
	return &c
}

const snapback = "unscr2231.para12.snapback"

// TestRunText checks the key lines of what `go run ./examples/jcpoa` prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, question)

	s := section(t, out, "17 January 2016: the day after Implementation Day")
	assertRow(t, s, "jcpoa.annex5.us_relief", "US", "fulfilled", "2016-01-16")

	s = section(t, out, "October 2020: the US claims snapback")
	assert.Regexp(t, `(?m)^unscr2231\.para12\.snapback\s+US\s+violated\s`, s)
	assertRow(t, s, snapback, "E3", "not_due", "2015-07-20")
	assert.Contains(t, s, `differs by "not snapback.notifier_withdrawn" (adds condition by unsc13_2020)`)

	s = section(t, out, "28 September 2025: the measures apply again")
	assertRow(t, s, snapback, "E3", "fulfilled", "2025-09-27")
	assertRow(t, s, snapback, "IR", "not_due", "2015-07-20")

	s = section(t, out, "28 September 2025, leaving the contested facts open")
	assert.Contains(t, s, snapback+" under IR: missing snapback.dispute_resolution_exhausted, snapback.notifier_performing")
}

// TestInvertedVeto checks that only an adopted continuation resolution
// stops snapback: without one (a vetoed or failed draft) the measures are
// due under the E3's reading, and when it is unknown whether one was
// adopted, so is the outcome.
func TestInvertedVeto(t *testing.T) {
	m, s := scenario(t, "snapback-2025")
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
			v := with(s, map[string]treaty.Fact{"unsc.continuation_adopted": {Value: tc.adopted}})
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
	m, s := scenario(t, "snapback-2025")
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
	m, s := scenario(t, "snapback-2025")
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
			require.Len(t, rep.Disputes, 1, "the readings disagree on snapback")
		})
	}
}
