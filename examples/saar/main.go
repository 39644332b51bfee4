// Command saar answers: when did the Saar plebiscite fall due, who could
// vote in it, and what did its result oblige the League of Nations (and
// Germany) to do?
//
// The model is Part III, section IV of the Treaty of Versailles (1919): a
// vote fifteen years after entry into force, on three options, open to
// those resident in the territory on the day of signature; the League's
// decision taking the result into account; the mine repurchase that follows
// a decision for Germany; and the Council's resolution of 17 January 1935
// fixing the return for 1 March 1935. The model and the scenarios are the
// JSON files beside this file; every fact in them cites its source.
// After the reports, the program answers the question from the scenarios:
// the rules the model states, where each clause stands in the scenarios
// that test it, and when it fell due.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/saar          # text reports and the answer
//	go run ./examples/saar -json    # the reports as a JSON array
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
//go:embed saar.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "saar.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-1934.json",
	"scenario-vote-counting.json",
	"scenario-return-1935.json",
	"scenario-return-delayed.json",
	"scenario-voter-emigrant.json",
	"scenario-voter-newcomer.json",
}

// question is what the program answers.
const question = "When did the Saar plebiscite fall due, who could vote, and what did the 1935 result oblige?"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "saar:", err)
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
	last, err := scenario(scenarios, "return-1935")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "When did the vote fall due?")
	rule(w, m, "versailles.annex34.plebiscite")
	if err := dueDates(w, m, last, "versailles.annex34.plebiscite"); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWho could vote?")
	rule(w, m, "versailles.annex34.vote")
	for _, id := range []string{"voter-emigrant", "voter-newcomer"} {
		s, err := scenario(scenarios, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s:\n", s.Title)
		if err := statuses(w, m, s, "versailles.annex34.vote"); err != nil {
			return err
		}
	}

	obligations := []string{"versailles.annex35.status_quo", "versailles.annex35.france", "versailles.annex35.germany",
		"versailles.annex36.mines", "ln1935.return"}
	fmt.Fprintln(w, "\nWhat did the 1935 result oblige?")
	for _, c := range obligations {
		rule(w, m, c)
	}
	fmt.Fprintf(w, "  in %q:\n", last.Title)
	for _, c := range obligations {
		if err := statuses(w, m, last, c); err != nil {
			return err
		}
	}
	return dueDates(w, m, last, obligations...)
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
