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

// TestRunText checks the key lines of what `go run ./examples/egyptisrael`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "June 1979: the Treaty in force, the withdrawal under way")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("eit1979.annex1.interim_withdrawal", "IL", "due", "1979-04-25"), s)
	assert.Contains(t, s, "eit1979.art1.taba under EG: missing boundary.taba_in_egypt")

	s, err = casebook.Section(out, "1985: Sinai returned except Taba, the boundary in dispute")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("eit1979.art1.taba", "EG", "violated", "1982-04-26"), s)
	assert.Regexp(t, casebook.Row("eit1979.art1.taba", "IL", "not_due", "1982-04-25"), s)
	assert.Contains(t, s, "eit1979.art1.taba: EG violated, IL not_due")

	s, err = casebook.Section(out, "April 1989: Taba handed back")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("taba1988.withdraw", "IL", "fulfilled", "1989-03-15"), s)
	// The award ended the Treaty clause, but a breach committed while it
	// was in force stays a breach (VCLT art. 70(1)(b)): Egypt's reading
	// keeps its record of it.
	assert.Regexp(t, casebook.Row("eit1979.art1.taba", "EG", "violated", "1982-04-26"), s)
	assert.Contains(t, s, "eit1979.art1.taba: EG violated, IL not_in_force")

	s, err = casebook.Section(out, "Counterfactual: the interim withdrawal stalls")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("eit1979.annex1.interim_withdrawal", "IL", "violated", "1980-01-26"), s)

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  eit1979.annex1.interim_withdrawal: due from 1979-04-25 under EG, IL\n",
		"    eit1979.annex1.interim_withdrawal under EG, IL: due: condition holds; deadline 1980-01-25\n",
		"    eit1979.art3.normal_relations under EG, IL: not_due: condition does not hold\n",
		"    eit1979.art1.taba under EG: violated: deadline 1982-04-25 passed without performance\n    eit1979.art1.taba under IL: not_due: condition does not hold\n",
		"    eit1979.art1.taba under EG: violated: deadline 1982-04-25 passed without performance; taba1988 supersedes it from 1988-09-29 (status kept after the end)\n",
		"    eit1979.art1.taba under IL: not_in_force: taba1988 supersedes eit1979.art1.taba from 1988-09-29\n",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestWithdrawalTimeline follows the interim withdrawal day by day around
// its deadline, in history and in the counterfactual: due until performed,
// fulfilled on the day it is performed, violated the day after an unmet
// deadline.
func TestWithdrawalTimeline(t *testing.T) {
	const clause = "eit1979.annex1.interim_withdrawal"
	for _, tc := range []struct {
		scenario, asOf string
		want           treaty.Status
		reason         string
	}{
		{"withdrawal-under-way-1979", "1979-04-24", treaty.NotInForce, "the day before the exchange of ratifications"},
		{"withdrawal-under-way-1979", "1979-04-25", treaty.Due, "due from entry into force"},
		{"withdrawal-under-way-1979", "1980-01-24", treaty.Due, "the day before the deadline, not yet performed"},
		{"withdrawal-under-way-1979", "1980-01-25", treaty.Fulfilled, "performed on the deadline day itself"},
		{"interim-stalled", "1980-01-25", treaty.Due, "the deadline day is still in time"},
		{"interim-stalled", "1980-01-26", treaty.Violated, "nine months after 25 Apr 1979 have passed"},
	} {
		t.Run(tc.scenario+"/"+tc.asOf, func(t *testing.T) {
			m, s, err := story.Scenario(tc.scenario)
			require.NoError(t, err)
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)), treaty.ForClauses(clause))
			require.NoError(t, err)
			for _, res := range rep.Results {
				assert.Equal(t, tc.want, res.Status, "%s under %s: %s", clause, res.Reading, tc.reason)
			}
		})
	}
}

// TestTabaDispute checks that the readings disagree about Taba exactly
// while the boundary is undecided, and agree once the award supersedes the
// Treaty clause.
func TestTabaDispute(t *testing.T) {
	m, s, err := story.Scenario("taba-disputed-1985")
	require.NoError(t, err)
	for _, tc := range []struct {
		asOf     string
		disputed bool
		reason   string
	}{
		{"1981-01-01", false, "before the claims both readings lack the boundary fact"},
		{"1985-06-01", true, "each claim answers the boundary question its own way"},
		{"1988-09-28", true, "the day before the award"},
		{"1988-09-29", true, "the award supersedes the Treaty clause in both readings, but Egypt's reading keeps the breach recorded while it was in force"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)))
			require.NoError(t, err)
			var clauses []string
			for _, d := range rep.Disputes {
				if d.Kind == treaty.StatusDispute {
					clauses = append(clauses, d.Clause)
				}
			}
			if tc.disputed {
				assert.Equal(t, []string{"eit1979.art1.taba"}, clauses, tc.reason)
			} else {
				assert.Empty(t, clauses, tc.reason)
			}
		})
	}
}
