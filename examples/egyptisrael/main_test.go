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

// scenario returns the loaded scenario with the given id.
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

// TestRunText checks the key lines of what `go run ./examples/egyptisrael`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, question)

	s := section(t, out, "June 1979: the Treaty in force, the withdrawal under way")
	assertRow(t, s, "eit1979.annex1.interim_withdrawal", "IL", "due", "1979-04-25")
	assert.Contains(t, s, "eit1979.art1.taba under EG: missing boundary.taba_in_egypt")

	s = section(t, out, "1985: Sinai returned except Taba, the boundary in dispute")
	assertRow(t, s, "eit1979.art1.taba", "EG", "violated", "1982-04-26")
	assertRow(t, s, "eit1979.art1.taba", "IL", "not_due", "1982-04-25")
	assert.Contains(t, s, "eit1979.art1.taba: EG violated, IL not_due")

	s = section(t, out, "April 1989: Taba handed back")
	assertRow(t, s, "taba1988.withdraw", "IL", "fulfilled", "1989-03-15")
	assert.Contains(t, s, "No disputes")

	s = section(t, out, "Counterfactual: the interim withdrawal stalls")
	assertRow(t, s, "eit1979.annex1.interim_withdrawal", "IL", "violated", "1980-01-26")
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
			m, s := scenario(t, tc.scenario)
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
	m, s := scenario(t, "taba-disputed-1985")
	for _, tc := range []struct {
		asOf     string
		disputed bool
		reason   string
	}{
		{"1981-01-01", false, "before the claims both readings lack the boundary fact"},
		{"1985-06-01", true, "each claim answers the boundary question its own way"},
		{"1988-09-28", true, "the day before the award"},
		{"1988-09-29", false, "the award supersedes the Treaty clause in both readings"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)))
			require.NoError(t, err)
			var clauses []string
			for _, d := range rep.Disputes {
				clauses = append(clauses, d.Clause)
			}
			if tc.disputed {
				assert.Equal(t, []string{"eit1979.art1.taba"}, clauses, tc.reason)
			} else {
				assert.Empty(t, clauses, tc.reason)
			}
		})
	}
}
