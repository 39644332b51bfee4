// Command egyptisrael answers: when did Israel's phased withdrawal from
// Sinai fall due under the Egypt-Israel Treaty of Peace (1979), what did the
// interim withdrawal unlock, and how did the 1988 Taba award settle the one
// strip whose boundary was disputed?
//
// The model has the interim and final withdrawals with deadlines counted
// from the exchange of ratifications (nine months, three years),
// normalization conditioned on the interim withdrawal, and the Taba clause,
// whose condition (on which side of the boundary Taba lies) each party's
// claim answers in its own reading until the arbitral award supersedes it.
// Two counterfactual scenarios show deadlines turning clauses violated. The
// model and the scenarios are the JSON files beside this file; every fact
// in them cites its source.
// After the reports, the program answers the question from the scenarios:
// the rules the model states, where each clause stands in the scenarios
// that test it, and when it fell due.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/egyptisrael          # text reports and the answer
//	go run ./examples/egyptisrael -json    # the reports as a JSON array
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// files holds the model and the scenarios, embedded in the program so that
// it runs from any directory.
//
//go:embed egyptisrael.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "egyptisrael.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-1979.json",
	"scenario-1980.json",
	"scenario-1985.json",
	"scenario-1988-award.json",
	"scenario-1989.json",
	"scenario-interim-stalled.json",
	"scenario-final-ecf-date.json",
}

// question is what the program answers.
const question = "When did Israel's phased Sinai withdrawal fall due, what did it unlock, and how did the Taba award settle the one disputed strip?"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "egyptisrael:", err)
		os.Exit(1)
	}
}

// run evaluates every scenario and writes the reports to w, as a JSON
// array, or as text followed by the answer to the question.
func run(w io.Writer, asJSON bool) error {
	m, scenarios, err := treaty.LoadFS(files, modelFile, scenarioFiles...)
	if err != nil {
		return err
	}
	var reports []*treaty.Report
	for _, s := range scenarios {
		rep, err := treaty.Evaluate(m, s)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(reports)
	}
	fmt.Fprintf(w, "%s\n%s\n%s\n\n", m.Title, strings.Repeat("=", len(m.Title)), question)
	for i, rep := range reports {
		fmt.Fprintf(w, "--- %d. %s\n\n", i+1, scenarios[i].Title)
		if err := rep.WriteText(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "--- Answer\n\n")
	return answer(w, m, scenarios)
}

// answer answers the three questions from the scenarios.
func answer(w io.Writer, m *treaty.Model, scenarios []*treaty.Scenario) error {
	start, err := scenario(scenarios, "withdrawal-under-way-1979")
	if err != nil {
		return err
	}
	last, err := scenario(scenarios, "taba-returned-1989")
	if err != nil {
		return err
	}
	withdrawals := []string{"eit1979.annex1.interim_withdrawal", "eit1979.art1.final_withdrawal"}
	fmt.Fprintln(w, "When did the phased withdrawal fall due?")
	for _, c := range withdrawals {
		rule(w, m, c)
	}
	if err := dueDates(w, m, last, withdrawals...); err != nil {
		return err
	}
	fmt.Fprintf(w, "  in %q:\n", start.Title)
	for _, c := range withdrawals {
		if err := statuses(w, m, start, c); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "\nWhat did the interim withdrawal unlock?")
	rule(w, m, "eit1979.art3.normal_relations")
	if err := dueDates(w, m, last, "eit1979.art3.normal_relations"); err != nil {
		return err
	}
	stalled, err := scenario(scenarios, "interim-stalled")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  in %q:\n", stalled.Title)
	if err := statuses(w, m, stalled, "eit1979.art3.normal_relations"); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nHow did the Taba award settle the disputed strip?")
	disputed, err := scenario(scenarios, "taba-disputed-1985")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  before the award, in %q:\n", disputed.Title)
	if err := statuses(w, m, disputed, "eit1979.art1.taba"); err != nil {
		return err
	}
	award, err := scenario(scenarios, "after-award-1988")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  after it, in %q:\n", award.Title)
	for _, c := range []string{"eit1979.art1.taba", "taba1988.withdraw"} {
		if err := statuses(w, m, award, c); err != nil {
			return err
		}
	}
	return dueDates(w, m, last, "taba1988.withdraw")
}

// active reports whether a status means the clause has fallen due: due,
// performed, or overdue.
func active(st treaty.Status) bool {
	return st == treaty.Due || st == treaty.Fulfilled || st == treaty.Violated
}

// dueDates writes, for each clause, the day it first fell due under each
// reading over the timeline of s (from the first date the model mentions
// to the scenario's date), grouping the readings that agree: for example
// "due from 2016-01-16 under IR, E3; never due by 2025-09-28 under RU".
func dueDates(w io.Writer, m *treaty.Model, s *treaty.Scenario, clauses ...string) error {
	tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{}, treaty.ForClauses(clauses...))
	if err != nil {
		return err
	}
	for _, c := range clauses {
		var keys []string
		readings := map[string][]string{}
		for _, tr := range tl.Tracks {
			if tr.Clause != c {
				continue
			}
			key := "never due by " + tl.To.String()
			if d, ok := tl.FirstDay(c, tr.Reading, active); ok {
				key = "due from " + d.String()
			}
			if _, ok := readings[key]; !ok {
				keys = append(keys, key)
			}
			readings[key] = append(readings[key], tr.Reading)
		}
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+" under "+strings.Join(readings[k], ", "))
		}
		fmt.Fprintf(w, "  %s: %s\n", c, strings.Join(parts, "; "))
	}
	return nil
}

// statuses writes where clause stands in s under each reading, grouping
// the readings that agree, with the reason.
func statuses(w io.Writer, m *treaty.Model, s *treaty.Scenario, clause string) error {
	rep, err := treaty.Evaluate(m, s, treaty.ForClauses(clause))
	if err != nil {
		return err
	}
	for _, g := range rep.GroupReadings(clause, func(r treaty.Result) string { return string(r.Status) + ": " + r.Reason }) {
		fmt.Fprintf(w, "    %s under %s: %s\n", clause, strings.Join(g.Readings, ", "), g.Key)
	}
	return nil
}

// scenario returns the scenario with the given id.
func scenario(scenarios []*treaty.Scenario, id string) (*treaty.Scenario, error) {
	for _, s := range scenarios {
		if s.ID == id {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no scenario %q", id)
}

// rule writes what the model says of a clause: who must (may, must not) do
// what, under which condition, from when and by when.
func rule(w io.Writer, m *treaty.Model, clause string) {
	if c := m.Clause(clause); c != nil {
		fmt.Fprintf(w, "  %s: %s\n", c.ID, c.Rule())
	}
}

// effectiveConditions writes the effective condition of clause in s under each
// reading, grouping the readings that agree.
func effectiveConditions(w io.Writer, m *treaty.Model, s *treaty.Scenario, clause string) error {
	rep, err := treaty.Evaluate(m, s, treaty.ForClauses(clause))
	if err != nil {
		return err
	}
	condition := func(r treaty.Result) string {
		if r.Status == treaty.NotInForce {
			return "not in force: " + r.Reason
		}
		return r.Condition
	}
	for _, g := range rep.GroupReadings(clause, condition) {
		fmt.Fprintf(w, "    %s: %s\n", strings.Join(g.Readings, ", "), g.Key)
	}
	return nil
}
