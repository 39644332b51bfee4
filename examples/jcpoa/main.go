// Command jcpoa answers: when was sanctions relief due under the Joint
// Comprehensive Plan of Action (2015), when does the UN "snapback" of
// Security Council resolution 2231 fire, and who may trigger it?
//
// Relief is conditioned on the IAEA's verification (Implementation Day, 16
// January 2016). Snapback is a power (a clause of kind power): a JCPOA
// participant's notification to the Council takes effect thirty days
// later, reviving the dormant provisions of the earlier resolutions,
// unless the Council has meanwhile adopted a resolution continuing their
// termination, so a veto works for snapback. The readings disagree on
// standing: whether the United States, having withdrawn in 2018, could
// notify in 2020 (only its own reading says so, and holds the measures
// back in force from 19 September 2020), and whether the E3 could in 2025
// (Iran's and Russia's readings deny it). The timeline runs from 2016 to
// after Termination Day, 18 October 2025. The model and the scenarios are
// the JSON files beside this file; every fact in them cites its source.
// After the reports, the program answers the three questions from the
// timeline of the 2025 scenario, the counterfactual continuation and the
// two notifications.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/jcpoa          # text reports and the answer
//	go run ./examples/jcpoa -json    # the reports as a JSON array
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
//go:embed jcpoa.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "jcpoa.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-2016-before.json",
	"scenario-2016-implementation.json",
	"scenario-2019.json",
	"scenario-2020-us-snapback.json",
	"scenario-2025-clock.json",
	"scenario-2025-snapback.json",
	"scenario-2025-contested-unknown.json",
	"scenario-2025-continuation.json",
	"scenario-2025-notification-unknown.json",
	"scenario-2025-termination.json",
	"scenario-2031-enrichment-cap.json",
}

// question is what the program answers.
const question = "When was Iran's sanctions relief due under the JCPOA, when does UN snapback fire under resolution 2231, and who may trigger it?"

// snapback is the power of a JCPOA participant to notify, and measures
// the provisions of the earlier resolutions it revives.
const (
	snapback = "unscr2231.para12.snapback"
	measures = "unscr2231.para12.prior_measures"
)

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "jcpoa:", err)
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

// answer answers the three questions.
func answer(w io.Writer, m *treaty.Model, scenarios []*treaty.Scenario) error {
	last, err := scenario(scenarios, "snapback-2025")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "When was sanctions relief due? (the timeline to %s)\n", last.AsOf)
	if err := dueDates(w, m, last, "jcpoa.annex5.us_relief", "jcpoa.annex5.eu_relief"); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWhen does snapback fire?")
	if c := m.Clause(snapback); c != nil && c.Power != nil {
		fmt.Fprintf(w, "  %s after a notification (%s), if %s, unless %s within the %s\n",
			c.Power.After, c.Power.Exercise, c.Condition, c.Power.BlockedBy, c.Power.After)
	}
	if err := firstDays(w, m, last, snapback, "effective", effective); err != nil {
		return err
	}
	if err := dueDates(w, m, last, measures); err != nil {
		return err
	}
	blocked, err := scenario(scenarios, "continuation-adopted-2025")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  unless the Council continues the termination (%s):\n", blocked.Title)
	if err := statuses(w, m, blocked, snapback); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nWho may trigger it? Each notification, under each reading:")
	for _, id := range []string{"us-snapback-2020", "snapback-2025", "termination-day-2025"} {
		s, err := scenario(scenarios, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s:\n", s.Title)
		if err := statuses(w, m, s, snapback); err != nil {
			return err
		}
	}
	return nil
}

// effective reports whether a power's status is effective.
func effective(st treaty.Status) bool { return st == treaty.Effective }

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
	for _, c := range clauses {
		if err := firstDays(w, m, s, c, "due", active); err != nil {
			return err
		}
	}
	return nil
}

// firstDays writes the first day clause c has a status pred accepts under
// each reading, over the timeline of s, grouping the readings that agree:
// for example "effective from 2025-09-27 under E3; never effective by
// 2025-09-28 under IR, RU".
func firstDays(w io.Writer, m *treaty.Model, s *treaty.Scenario, c, what string, pred func(treaty.Status) bool) error {
	clauses := []string{c}
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
			key := "never " + what + " by " + tl.To.String()
			if d, ok := tl.FirstDay(c, tr.Reading, pred); ok {
				key = what + " from " + d.String()
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
