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

// TestRunText checks the key lines of what `go run ./examples/saar` prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, question)

	s := section(t, out, "14 January 1935: the vote is held, the count is not yet known")
	assertRow(t, s, "versailles.annex34.plebiscite", "DE", "fulfilled", "1935-01-13")
	assert.Contains(t, s, "versailles.annex35.germany under DE: missing plebiscite.france, plebiscite.germany, plebiscite.status_quo")

	s = section(t, out, "2 March 1935: the result, the League's decision and the return")
	assertRow(t, s, "versailles.annex35.germany", "FR", "fulfilled", "1935-01-17")
	assertRow(t, s, "ln1935.return", "DE", "fulfilled", "1935-03-01")
	assert.Contains(t, s, "No disputes")

	s = section(t, out, "Counterfactual: the hand-over has not happened by 15 March 1935")
	assertRow(t, s, "ln1935.return", "DE", "violated", "1935-03-02")

	s = section(t, out, "Eligibility: a person who settled in the Saar in 1920")
	assertRow(t, s, "versailles.annex34.vote", "DE", "not_due", "1920-01-10")
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

// TestMajorityThreshold checks the reading of para. 35 on the cited
// counts: Germany's 477,109 of 525,746 valid votes is an absolute
// majority; the status quo's 46,513 is not.
func TestMajorityThreshold(t *testing.T) {
	m, scs, err := load()
	require.NoError(t, err)
	var s *treaty.Scenario
	for _, sc := range scs {
		if sc.ID == "return-1935" {
			s = sc
		}
	}
	require.NotNil(t, s)
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
			v := *s
			v.Facts = map[string]treaty.Fact{}
			for k, f := range s.Facts {
				v.Facts[k] = f
			}
			v.Facts["plebiscite.germany"] = treaty.Fact{Value: tc.germany}
			v.Facts["plebiscite.status_quo"] = treaty.Fact{Value: tc.statusQuo}
			rep, err := treaty.Evaluate(m, &v, treaty.ForClauses("versailles.annex35.germany"), treaty.ForReadings("DE"))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			assert.Equal(t, tc.want, rep.Results[0].Status, tc.reason)
		})
	}
}
