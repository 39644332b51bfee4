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

// TestRunText checks the key lines of what `go run ./examples/saar` prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "14 January 1935: the vote is held, the count is not yet known")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("versailles.annex34.plebiscite", "DE", "fulfilled", "1935-01-13"), s)
	assert.Contains(t, s, "versailles.annex35.germany under DE: missing plebiscite.france, plebiscite.germany, plebiscite.status_quo")

	s, err = casebook.Section(out, "2 March 1935: the result, the League's decision and the return")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("versailles.annex35.germany", "FR", "fulfilled", "1935-01-17"), s)
	assert.Regexp(t, casebook.Row("ln1935.return", "DE", "fulfilled", "1935-03-01"), s)
	assert.Contains(t, s, "No disputes")

	s, err = casebook.Section(out, "Counterfactual: the hand-over has not happened by 15 March 1935")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("ln1935.return", "DE", "violated", "1935-03-02"), s)

	s, err = casebook.Section(out, "Eligibility: a person who settled in the Saar in 1920")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("versailles.annex34.vote", "DE", "not_due", "1920-01-10"), s)

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  versailles.annex34.plebiscite: due from 1935-01-10 under DE, FR\n",
		"  Eligibility: a resident of 1919 who moved away in 1925:\n    versailles.annex34.vote under DE, FR: fulfilled: permission exercised\n",
		"  Eligibility: a person who settled in the Saar in 1920:\n    versailles.annex34.vote under DE, FR: not_due: condition does not hold\n",
		"    versailles.annex35.germany under DE, FR: fulfilled: performed (league.decided_for_germany)\n",
		"  versailles.annex36.mines: due from 1935-01-17 under DE, FR\n",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestMajorityThreshold checks the reading of para. 35 on the cited
// counts: Germany's 477,109 of 525,746 valid votes is an absolute
// majority; the status quo's 46,513 is not.
func TestMajorityThreshold(t *testing.T) {
	m, s, err := story.Scenario("return-1935")
	require.NoError(t, err)
	for _, tc := range []struct {
		name               string
		germany, statusQuo float64
		want               treaty.Status
		reason             string
	}{
		{"cited counts", 477109, 46513, treaty.Fulfilled, "the 1935 result: Germany wins outright"},
		{"exactly half", 262873, 262873 - 2124, treaty.NotDue, "half of the valid votes is not more than half"},
		{"no absolute majority", 250000, 273622, treaty.NotDue, "a plurality short of a majority does not bind the League under our reading"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := casebook.WithFacts(s, map[string]treaty.Fact{
				"plebiscite.germany":    {Value: tc.germany},
				"plebiscite.status_quo": {Value: tc.statusQuo},
			})
			rep, err := treaty.Evaluate(m, v, treaty.ForClauses("versailles.annex35.germany"), treaty.ForReadings("DE"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			assert.Equal(t, tc.want, rep.Results[0].Status, tc.reason)
		})
	}
}
