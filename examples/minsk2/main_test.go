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

	"github.com/treatycond/treatycond/conditions"
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

const (
	elections    = "minsk2.pt12.local_elections"
	borderStart  = "minsk2.pt9.border_start"
	borderFinish = "minsk2.pt9.border_complete"
)

// TestRunText checks the key lines of what `go run ./examples/minsk2`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, question)

	s := section(t, out, "Counterfactual: every step performed in 2015, in the text's order")
	assertRow(t, s, borderStart, "RU", "fulfilled", "2015-10-26")
	assert.Contains(t, s, "No disputes")

	s = section(t, out, "January 2016: the end-2015 deadlines have passed, the facts on the ground disputed")
	assertRow(t, s, "minsk2.pt11.constitutional_reform", "UA", "violated", "2016-01-01")
	assert.Contains(t, s, elections+" under RU: missing election_dialogue.started, special_status_law.in_force")

	s = section(t, out, "Hypothetical, March 2020: security steps done - who must move first?")
	assertRow(t, s, elections, "UA", "not_due", "2020-02-01")
	assertRow(t, s, elections, "RU", "violated", "2016-01-01")
	assertRow(t, s, borderStart, "UA", "violated", "2020-02-03")
	assertRow(t, s, borderStart, "RU", "not_due", "2015-02-12")
	assert.Contains(t, s, `differs by "ceasefire.holding and foreign_forces.withdrawn and border.osce_monitoring" (adds condition by ua2016), "border.full_ukrainian_control" (adds condition by ua2020)`)

	s = section(t, out, "March 2022: Russia declares the agreements dead")
	assertRow(t, s, elections, "RU", "not_in_force", "2022-02-22")
}

// TestEachWaitsForTheOther asks what it would take, in the standoff, for
// each reading's first political step to be due: Ukraine's elections wait
// for full border control, Russia's border handover waits for the
// elections.
func TestEachWaitsForTheOther(t *testing.T) {
	m, s := scenario(t, "who-moves-first-2020")
	open := treaty.Open("border.full_ukrainian_control", "local_elections.held")
	for _, tc := range []struct {
		clause, reading string
		want            conditions.Assignment
		reason          string
	}{
		{elections, "UA", conditions.Assignment{"border.full_ukrainian_control": true}, "Ukraine: elections need full border control"},
		{borderStart, "RU", conditions.Assignment{"local_elections.held": true}, "Russia: the handover needs the elections"},
		{elections, "RU", conditions.Assignment{}, "Russia: the elections need nothing more"},
		{borderStart, "UA", conditions.Assignment{}, "Ukraine: the handover needs nothing more"},
	} {
		t.Run(tc.clause+"/"+tc.reading, func(t *testing.T) {
			p, err := treaty.WhatItTakes(m, s, tc.clause, treaty.ForReadings(tc.reading), open)
			require.NoError(t, err)
			require.Len(t, p.Readings, 1)
			assert.Equal(t, []conditions.Assignment{tc.want}, p.Readings[0].ToBeDue, tc.reason)
		})
	}
}

// TestNoOrderSatisfiesBoth runs every history of the three political
// steps (elections, start of the border handover, full border control),
// each on one of three days, ties included, and asks under each reading
// whether every step was due on the eve of its performance. Each reading
// has a history that satisfies it; none satisfies both: the two orders
// together demand elections before border control and border control
// before elections.
func TestNoOrderSatisfiesBoth(t *testing.T) {
	m, standoff := scenario(t, "who-moves-first-2020")
	days := []treaty.Date{treaty.MustDate("2021-06-01"), treaty.MustDate("2021-06-08"), treaty.MustDate("2021-06-15")}
	events := []struct{ fact, clause string }{
		{"local_elections.held", elections},
		{"border_handover.started", borderStart},
		{"border.full_ukrainian_control", borderFinish},
	}
	satisfied := map[string][]string{}
	for i := range 27 {
		when := []int{i % 3, i / 3 % 3, i / 9}
		s := *standoff
		s.Facts = map[string]treaty.Fact{}
		for k, f := range standoff.Facts {
			s.Facts[k] = f
		}
		s.Facts["constitutional_reform.in_force"] = treaty.Fact{Value: true}
		var order []string
		for j, ev := range events {
			s.Facts[ev.fact] = treaty.Fact{Value: false, History: []treaty.Change{{From: days[when[j]], Value: true}}}
			order = append(order, fmt.Sprintf("%s@%d", ev.fact, when[j]))
		}
		history := strings.Join(order, " ")
		for _, reading := range []string{"UA", "RU"} {
			inOrder := true
			for j, ev := range events {
				eve := days[when[j]].AddDays(-1)
				rep, err := treaty.Evaluate(m, &s, treaty.AsOf(eve), treaty.ForClauses(ev.clause), treaty.ForReadings(reading))
				require.NoError(t, err)
				require.Len(t, rep.Results, 1)
				res := rep.Results[0]
				require.NotEqual(t, treaty.NotInForce, res.Status, "%s under %s on %s", ev.clause, reading, eve)
				if res.Value != conditions.True {
					inOrder = false
				}
			}
			if inOrder {
				satisfied[reading] = append(satisfied[reading], history)
			}
		}
	}
	assert.Equal(t, []string{"local_elections.held@2 border_handover.started@0 border.full_ukrainian_control@1"}, satisfied["UA"],
		"Ukraine's order: handover starts, full control, then elections")
	assert.Equal(t, []string{"local_elections.held@0 border_handover.started@1 border.full_ukrainian_control@2"}, satisfied["RU"],
		"Russia's order: elections, handover starts, full control")
	for _, h := range satisfied["UA"] {
		assert.NotContains(t, satisfied["RU"], h, "no history may satisfy both readings")
	}
}
