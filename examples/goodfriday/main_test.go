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

// TestRunText checks the key lines of what `go run ./examples/goodfriday`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, question)

	s := section(t, out, "July 1999: no guns, no government")
	assertRow(t, s, "gfa1998.strand1.executive", "UUP", "not_due", "1998-05-22")
	assertRow(t, s, "gfa1998.strand1.executive", "SF", "due", "1998-06-25")
	assert.Contains(t, s, `gfa1998.strand1.executive: UUP not_due, SF due, governments due; differs by "decommissioning.ira_begun" (adds condition by uup1998)`)

	s = section(t, out, "5 February 2000: the post-dated letters fall due")
	assertRow(t, s, "gfa1998.strand1.executive", "UUP", "not_due", "2000-02-01")
	assertRow(t, s, "gfa1998.strand1.executive", "SF", "fulfilled", "1999-11-29")

	s = section(t, out, "23 May 2000: the two-year decommissioning deadline has passed")
	assertRow(t, s, "gfa1998.decommissioning", "governments", "violated", "2000-05-23")

	s = section(t, out, "Hypothetical: a first border poll in 2030, the South's vote not yet known")
	assertRow(t, s, "nia1998.s1.proposals", "governments", "due", "2030-10-01")
	assert.Contains(t, s, "gfa1998.constitutional.unity under governments: missing south_poll.against, south_poll.for_unity")
}

// TestExecutivePrecondition follows the Executive clause through 1998-2000
// under the Unionist reading (decommissioning a precondition) and Sinn
// Féin's (no precondition), and checks the counterfactual in which the
// IRA moves before the post-dated letters bite.
func TestExecutivePrecondition(t *testing.T) {
	const clause = "gfa1998.strand1.executive"
	m, hist := scenario(t, "no-guns-no-government-1999")
	early := *hist
	early.Facts = map[string]treaty.Fact{}
	for k, f := range hist.Facts {
		early.Facts[k] = f
	}
	early.Facts["decommissioning.ira_begun"] = treaty.Fact{Value: false,
		History: []treaty.Change{{From: treaty.MustDate("2000-01-28"), Value: true}}}
	for _, tc := range []struct {
		name    string
		s       *treaty.Scenario
		asOf    string
		uup, sf treaty.Status
		reason  string
	}{
		{"history", hist, "1998-07-01", treaty.NotDue, treaty.Due, "Assembly elected; Unionists wait for decommissioning"},
		{"history", hist, "1999-11-28", treaty.Due, treaty.Due, "the Ulster Unionist Council set the precondition aside on 27 Nov"},
		{"history", hist, "1999-11-29", treaty.Fulfilled, treaty.Fulfilled, "Executive formed"},
		{"history", hist, "2000-01-31", treaty.Fulfilled, treaty.Fulfilled, "last day before the post-dated letters"},
		{"history", hist, "2000-02-01", treaty.NotDue, treaty.Fulfilled, "letters bite: no IRA move"},
		{"history", hist, "2000-02-11", treaty.NotInForce, treaty.NotInForce, "devolution suspended for every reading"},
		{"IRA moves 28 Jan 2000", &early, "2000-02-05", treaty.Fulfilled, treaty.Fulfilled, "with decommissioning begun the precondition holds"},
	} {
		t.Run(tc.name+"/"+tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, tc.s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(clause))
			require.NoError(t, err)
			uup, ok := rep.Result(clause, "UUP")
			require.True(t, ok)
			sf, ok := rep.Result(clause, "SF")
			require.True(t, ok)
			assert.Equal(t, tc.uup, uup.Status, "UUP: %s (%s)", tc.reason, uup.Reason)
			assert.Equal(t, tc.sf, sf.Status, "SF: %s (%s)", tc.reason, sf.Reason)
		})
	}
}

// TestSevenYearBar checks para. 3 of Schedule 1 around the seventh
// anniversary of the previous poll (1 Oct 2030).
func TestSevenYearBar(t *testing.T) {
	const clause = "nia1998.sch1.later_poll"
	m, s := scenario(t, "border-poll-second")
	for _, tc := range []struct {
		asOf   string
		want   treaty.Status
		reason string
	}{
		{"2034-12-31", treaty.NotDue, "no majority appears likely yet"},
		{"2035-01-01", treaty.NotDue, "likely, but within seven years of the previous poll"},
		{"2037-09-30", treaty.NotDue, "the last day of the bar"},
		{"2037-10-01", treaty.Due, "seven years have passed"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(clause), treaty.ForReadings("governments"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			assert.Equal(t, tc.want, rep.Results[0].Status, "%s (%s)", tc.reason, rep.Results[0].Reason)
		})
	}
	// Without a date for the previous poll the bar cannot be computed.
	u := *s
	u.Facts = map[string]treaty.Fact{}
	for k, f := range s.Facts {
		u.Facts[k] = f
	}
	delete(u.Facts, "border_poll.previous_held_on")
	rep, err := treaty.Evaluate(m, &u, treaty.ForClauses(clause), treaty.ForReadings("governments"))
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.Equal(t, treaty.Undetermined, rep.Results[0].Status)
	assert.Equal(t, []string{"border_poll.previous_held_on"}, rep.Results[0].Missing)
}
