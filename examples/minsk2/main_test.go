package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/casebook"
	"github.com/treatycond/treatycond/treaty"
)

// TestStory checks every scenario's expectations and the JSON output.
func TestStory(t *testing.T) {
	require.NoError(t, story.Check())
}

// TestRunText checks the key lines of what `go run ./examples/minsk2`
// prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "Counterfactual: every step performed in 2015, in the text's order")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row(borderStart, "RU", "fulfilled", "2015-10-26"), s)
	assert.Contains(t, s, "No disputes")

	s, err = casebook.Section(out, "January 2016: the end-2015 deadlines have passed, the facts on the ground disputed")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("minsk2.pt11.constitutional_reform", "UA", "violated", "2016-01-01"), s)
	assert.Contains(t, s, elections+" under RU: missing election_dialogue.started, special_status_law.in_force")

	s, err = casebook.Section(out, "Hypothetical, March 2020: security steps done - who must move first?")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row(elections, "UA", "not_due", "2020-02-01"), s)
	assert.Regexp(t, casebook.Row(elections, "RU", "violated", "2016-01-01"), s)
	assert.Regexp(t, casebook.Row(borderStart, "UA", "violated", "2020-02-03"), s)
	assert.Regexp(t, casebook.Row(borderStart, "RU", "not_due", "2015-02-12"), s)
	assert.Contains(t, s, `differs by "ceasefire.holding and foreign_forces.withdrawn and border.osce_monitoring" (adds condition by ua2016), "border.full_ukrainian_control" (adds condition by ua2020)`)

	s, err = casebook.Section(out, "March 2022: Russia declares the agreements dead")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row(elections, "RU", "not_in_force", "2022-02-22"), s)

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  under UA, minsk2.pt12.local_elections needs {border.full_ukrainian_control = true}\n",
		"  under RU, minsk2.pt9.border_start needs {local_elections.held = true}\n",
		"  UA accepts 1 of 27: border handover starts, then full border control, then local elections\n",
		"  RU accepts 1 of 27: local elections, then border handover starts, then full border control\n",
		"  both readings accept 0.\nNo order satisfies both",
	} {
		assert.Contains(t, ans, want, "the answer says why no order satisfies both readings")
	}
}

// TestEachWaitsForTheOther asks what it would take, in the standoff, for
// each reading's first political step to be due: Ukraine's elections wait
// for full border control, Russia's border handover waits for the
// elections.
func TestEachWaitsForTheOther(t *testing.T) {
	m, s, err := story.Scenario("who-moves-first-2020")
	require.NoError(t, err)
	open := treaty.OpenFacts("border.full_ukrainian_control", "local_elections.held")
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
	m, standoff, err := story.Scenario("who-moves-first-2020")
	require.NoError(t, err)
	days := []treaty.Date{treaty.MustDate("2021-06-01"), treaty.MustDate("2021-06-08"), treaty.MustDate("2021-06-15")}
	events := []struct{ fact, clause string }{
		{"local_elections.held", elections},
		{"border_handover.started", borderStart},
		{"border.full_ukrainian_control", borderFinish},
	}
	satisfied := map[string][]string{}
	for i := range 27 {
		when := []int{i % 3, i / 3 % 3, i / 9}
		s := casebook.WithFacts(standoff, map[string]treaty.Fact{"constitutional_reform.in_force": {Value: true}})
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
				rep, err := treaty.Evaluate(m, s, treaty.AsOf(eve), treaty.ForClauses(ev.clause), treaty.ForReadings(reading))
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
