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

// TestRunText checks the key lines of what `go run ./examples/goodfriday`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "July 1999: no guns, no government")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("gfa1998.strand1.executive", "UUP", "not_due", "1998-05-22"), s)
	assert.Regexp(t, casebook.Row("gfa1998.strand1.executive", "SF", "due", "1998-06-25"), s)
	assert.Contains(t, s, `gfa1998.strand1.executive: UUP not_due, SF due, governments due; differs by "decommissioning.ira_begun" (adds condition by uup1998)`)

	s, err = casebook.Section(out, "5 February 2000: the post-dated letters fall due")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("gfa1998.strand1.executive", "UUP", "not_due", "2000-02-01"), s)
	assert.Regexp(t, casebook.Row("gfa1998.strand1.executive", "SF", "fulfilled", "1999-11-29"), s)

	s, err = casebook.Section(out, "23 May 2000: the two-year decommissioning deadline has passed")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("gfa1998.decommissioning", "governments", "violated", "2000-05-23"), s)

	s, err = casebook.Section(out, "Hypothetical: a first border poll in 2030, the South's vote not yet known")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("nia1998.s1.proposals", "governments", "due", "2030-10-01"), s)
	assert.Contains(t, s, "gfa1998.constitutional.unity under governments: missing south_poll.against, south_poll.for_unity")

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  nia1998.sch1.later_poll: UK must order a further border poll if sos.unity_majority_appears_likely and border_poll.previous_held; not before 7y after border_poll.previous_held_on\n",
		"    nia1998.sch1.later_poll under UUP, SF, governments: not_due: not due before 2037-10-01\n",
		"    nia1998.s1.proposals under UUP, SF, governments: due: condition holds\n",
		"    gfa1998.constitutional.unity under UUP, SF, governments: undetermined: condition unknown: missing south_poll.against, south_poll.for_unity\n",
		"    UUP: assembly.elected and decommissioning.ira_begun\n    SF, governments: assembly.elected\n",
		"  gfa1998.strand1.executive: due from 1999-11-27 under UUP; due from 1998-06-25 under SF, governments\n",
		"    gfa1998.decommissioning under UUP, SF, governments: violated: deadline 2000-05-22 passed without performance\n",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestExecutivePrecondition follows the Executive clause through 1998-2000
// under the Unionist reading (decommissioning a precondition) and Sinn
// Féin's (no precondition), and checks the counterfactual in which the
// IRA moves before the post-dated letters bite.
func TestExecutivePrecondition(t *testing.T) {
	const clause = "gfa1998.strand1.executive"
	m, hist, err := story.Scenario("no-guns-no-government-1999")
	require.NoError(t, err)
	early := casebook.WithFacts(hist, map[string]treaty.Fact{"decommissioning.ira_begun": {Value: false,
		History: []treaty.Change{{From: treaty.MustDate("2000-01-28"), Value: true}}}})
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
		{"IRA moves 28 Jan 2000", early, "2000-02-05", treaty.Fulfilled, treaty.Fulfilled, "with decommissioning begun the precondition holds"},
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
	m, s, err := story.Scenario("border-poll-second")
	require.NoError(t, err)
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
	u := casebook.WithFacts(s, nil)
	delete(u.Facts, "border_poll.previous_held_on")
	rep, err := treaty.Evaluate(m, u, treaty.ForClauses(clause), treaty.ForReadings("governments"))
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.Equal(t, treaty.Undetermined, rep.Results[0].Status)
	assert.Equal(t, []string{"border_poll.previous_held_on"}, rep.Results[0].Missing)
}
