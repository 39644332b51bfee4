// Command paris answers: when did the Paris Agreement enter into force,
// from when is each party bound by it, and who is bound on a given date?
//
// The model is the Paris Agreement of 12 December 2015: its entry into
// force is not a date in the model but the condition of article 21(1) (at
// least 55 Parties to the Convention, accounting for at least 55% of
// global greenhouse gas emissions, have deposited their instruments) plus
// thirty days, computed from the scenario's counts of deposits; each
// party's entry into force follows art. 21(3) (thirty days after its own
// deposit when that comes later), and withdrawal art. 28 (notice three
// years after entry into force for the party, effective a year after).
// The obligations of art. 4(2) and 13(7) bind "each Party": the report
// lists them per member bound on the date. The model and the scenarios
// are the JSON files beside this file; every figure in them cites its
// source.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/paris          # text reports and the answer
//	go run ./examples/paris -json    # the reports as a JSON array
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
)

// files holds the model and the scenarios, embedded in the program so that
// it runs from any directory.
//
//go:embed paris.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "paris.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-2016-10-04.json",
	"scenario-2016-11-04.json",
	"scenario-2016-12-31.json",
	"scenario-2020-12-01.json",
	"scenario-2021-03-01.json",
	"scenario-2026-12-01.json",
	"scenario-share-unknown.json",
}

// question is what the program answers.
const question = "When did the Paris Agreement enter into force, from when is each party bound, and who is bound on a date?"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "paris:", err)
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
	return answer(w, scenarios, reports)
}

// answer answers the three questions from the reports.
func answer(w io.Writer, scenarios []*treaty.Scenario, reports []*treaty.Report) error {
	last := reports[len(reports)-2] // the latest historical scenario
	fmt.Fprintln(w, "When did the Agreement enter into force?")
	entered := false
	for _, rep := range reports[:len(reports)-1] {
		for _, res := range rep.Instances("paris.art4.2", "depositary") {
			if res.Status == treaty.Due && res.Since != nil && !entered {
				fmt.Fprintf(w, "  In force on %s: the first obligations of each party fell due that day (art. 21(1): thirty days after the threshold was met).\n", res.Since)
				entered = true
			}
		}
	}
	first := reports[0]
	if res, ok := first.Result("paris.art14.2", "depositary"); ok {
		fmt.Fprintf(w, "  Art. 21(1), from the counts of deposits: %s.\n", res.Reason)
	}

	fmt.Fprintln(w, "\nFrom when is each party bound?")
	seen := map[string]bool{}
	for _, rep := range reports[:len(reports)-1] {
		for _, ms := range rep.Members {
			key := ms.Party
			if ms.InForce != nil {
				key += ms.InForce.String()
			}
			if seen[key] || ms.InForce == nil {
				continue
			}
			seen[key] = true
			line := fmt.Sprintf("  %-4s bound from %s", ms.Party, ms.InForce)
			if ms.Until != nil {
				line += fmt.Sprintf(" until %s (withdrawal effective %s)", ms.Until.AddDays(-1), ms.Until)
			}
			fmt.Fprintln(w, line)
		}
	}
	for _, ms := range last.Members {
		if ms.Status == treaty.Signatory {
			fmt.Fprintf(w, "  %-4s signatory only: not bound\n", ms.Party)
		}
	}

	fmt.Fprintln(w, "\nWho is bound by art. 4(2) on each date?")
	for i, rep := range reports {
		var due, out []string
		for _, res := range rep.Instances("paris.art4.2", "depositary") {
			switch res.Status {
			case treaty.Due, treaty.Fulfilled, treaty.Violated:
				due = append(due, res.Bearer)
			default:
				out = append(out, fmt.Sprintf("%s (%s)", res.Bearer, res.Status))
			}
		}
		fmt.Fprintf(w, "  %s (%s): %d bound", rep.AsOf, scenarios[i].ID, len(due))
		if len(due) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(due, ", "))
		}
		if len(out) > 0 {
			fmt.Fprintf(w, "; not bound: %s", strings.Join(out, ", "))
		}
		fmt.Fprintln(w)
	}
	return nil
}
