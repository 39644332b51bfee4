// Command goodfriday answers two questions about the Good Friday (Belfast)
// Agreement of 1998 and the Northern Ireland Act 1998. When must the
// Secretary of State order a border poll, and what does its result oblige?
// And was IRA decommissioning a precondition of Sinn Féin's place in the
// Executive, or an obligation running in parallel?
//
// The border poll is a judgement recorded as a fact ("it appears likely to
// him"), a seven-year bar counted from the previous poll, a Northern
// majority for the Act's duty to lay proposals and concurrent consent North
// and South for the Agreement's. The decommissioning dispute is two
// readings: the Ulster Unionists' statements add decommissioning to the
// Executive clause (set aside on 27 November 1999 and back, by the
// post-dated resignation letters, from 1 February 2000), while Sinn Féin and
// the two governments keep it a clause of its own with its 22 May 2000
// deadline. The model and the scenarios are the JSON files beside this
// file; every fact in them cites its source.
// After the reports, the program answers the question from the scenarios:
// the rules the model states, where each clause stands in the scenarios
// that test it, and when it fell due.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/goodfriday          # text reports and the answer
//	go run ./examples/goodfriday -json    # the reports as a JSON array
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
//go:embed goodfriday.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "goodfriday.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-1999-07.json",
	"scenario-1999-12.json",
	"scenario-2000-02.json",
	"scenario-2000-05.json",
	"scenario-border-poll-first.json",
	"scenario-border-poll-second.json",
}

// question is what the program answers.
const question = "Under the Good Friday Agreement and the Northern Ireland Act 1998, when must a border poll be held and what follows from it, and was decommissioning a precondition of Sinn Féin's place in the Executive?"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "goodfriday:", err)
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

// answer answers the two questions from the scenarios.
func answer(w io.Writer, m *treaty.Model, scenarios []*treaty.Scenario) error {
	first, err := scenario(scenarios, "border-poll-first")
	if err != nil {
		return err
	}
	second, err := scenario(scenarios, "border-poll-second")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "When must a border poll be held? The Act's two duties:")
	rule(w, m, "nia1998.sch1.first_poll")
	rule(w, m, "nia1998.sch1.later_poll")
	fmt.Fprintf(w, "  in %q:\n", first.Title)
	if err := statuses(w, m, first, "nia1998.sch1.first_poll"); err != nil {
		return err
	}
	fmt.Fprintf(w, "  in %q:\n", second.Title)
	if err := statuses(w, m, second, "nia1998.sch1.later_poll"); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWhat follows from a poll for unity?")
	rule(w, m, "nia1998.s1.proposals")
	rule(w, m, "gfa1998.constitutional.unity")
	fmt.Fprintf(w, "  in %q:\n", first.Title)
	for _, c := range []string{"nia1998.s1.proposals", "gfa1998.constitutional.unity"} {
		if err := statuses(w, m, first, c); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "\nWas decommissioning a precondition of the Executive? The Executive clause's condition, by reading:")
	july, err := scenario(scenarios, "no-guns-no-government-1999")
	if err != nil {
		return err
	}
	if err := effectiveConditions(w, m, july, "gfa1998.strand1.executive"); err != nil {
		return err
	}
	may, err := scenario(scenarios, "decommissioning-deadline-2000")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  When the Executive could first sit (the clause due), to %s:\n", may.AsOf)
	if err := dueDates(w, m, may, "gfa1998.strand1.executive"); err != nil {
		return err
	}
	fmt.Fprintln(w, "  Decommissioning is also a clause of its own, with its deadline:")
	rule(w, m, "gfa1998.decommissioning")
	fmt.Fprintf(w, "  in %q:\n", may.Title)
	return statuses(w, m, may, "gfa1998.decommissioning")
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
