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
	"maps"
	"os"
	"slices"
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
	"scenario-2016-10-05.json",
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
	fmt.Fprintln(w, "When did the Agreement enter into force?")
	fmt.Fprintln(w, "  Art. 21(1) counts the Parties that have deposited (parties.paris) and adds their shares in the art. 21 list (art21.share):")
	for i, rep := range reports[:2] {
		n, share := deposited(rep, scenarios[i])
		met := "not met"
		if n >= 55 && share >= 55 {
			met = "met"
		}
		fmt.Fprintf(w, "    %s: %d Parties, %.2f%% of emissions: %s\n", rep.AsOf, n, share, met)
	}
	if res, ok := reports[0].Result("paris.art14.2", "depositary"); ok {
		fmt.Fprintf(w, "  The evaluator: %s.\n", res.Reason)
	}
	for _, rep := range reports[:len(reports)-1] {
		if due := bound(rep); len(due) > 0 {
			fmt.Fprintf(w, "  In force on %s: the obligations of art. 4(2) fell due that day for the %d Parties that had deposited by then.\n", first(rep), len(due))
			break
		}
	}

	fmt.Fprintln(w, "\nFrom when is each party bound?")
	last := reports[len(reports)-2] // the latest historical scenario
	entry := first(last)
	var early []string
	seen := map[string]bool{}
	for _, rep := range reports[:len(reports)-1] {
		for _, ms := range rep.Members {
			if ms.InForce == nil {
				continue
			}
			key := ms.Party + ms.InForce.String()
			if seen[key] {
				continue
			}
			seen[key] = true
			if ms.InForce.String() == entry && ms.Until == nil {
				early = append(early, ms.Party)
				continue
			}
			line := fmt.Sprintf("  %-4s bound from %s", ms.Party, ms.InForce)
			if ms.Until != nil {
				line += fmt.Sprintf(" until %s (withdrawal effective %s)", ms.Until.AddDays(-1), ms.Until)
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "  and from %s, the Agreement's entry into force, the %d other Parties that had deposited by then: %s\n", entry, len(early), strings.Join(early, ", "))
	for _, ms := range last.Members {
		if ms.Status == treaty.Signatory {
			fmt.Fprintf(w, "  %-4s signatory only: not bound\n", ms.Party)
		}
	}

	fmt.Fprintln(w, "\nWho is bound by art. 4(2) on each date?")
	var before map[string]bool
	for i, rep := range reports {
		due := bound(rep)
		if i == len(reports)-1 { // the counterfactual is compared with nothing
			before = nil
		}
		fmt.Fprintf(w, "  %s (%s): %d bound", rep.AsOf, scenarios[i].ID, len(due))
		now := map[string]bool{}
		for _, p := range due {
			now[p] = true
		}
		if before != nil {
			var joined, left []string
			for _, p := range due {
				if !before[p] {
					joined = append(joined, p)
				}
			}
			for p := range before {
				if !now[p] {
					left = append(left, p)
				}
			}
			slices.Sort(left)
			if len(joined) > 0 {
				fmt.Fprintf(w, "; joined: %s", strings.Join(joined, ", "))
			}
			if len(left) > 0 {
				fmt.Fprintf(w, "; left: %s", strings.Join(left, ", "))
			}
		}
		counts := map[treaty.Status]int{}
		for _, res := range rep.Instances("paris.art4.2", "depositary") {
			if !now[res.Bearer] {
				counts[res.Status]++
			}
		}
		for _, st := range slices.Sorted(maps.Keys(counts)) {
			fmt.Fprintf(w, "; %d %s", counts[st], st)
		}
		fmt.Fprintln(w)
		before = now
	}
	return nil
}

// deposited returns, as of the report's date, how many Parties have
// deposited their instruments (consented or bound) and their total share
// in the art. 21 list, from the scenario's art21.share.
func deposited(rep *treaty.Report, s *treaty.Scenario) (int, float64) {
	shares, _ := s.Facts["art21.share"].Value.(map[string]any)
	n, total := 0, 0.0
	for _, ms := range rep.Members {
		if ms.Status != treaty.Bound && ms.Status != treaty.Consented {
			continue
		}
		n++
		if v, ok := shares[ms.Party].(float64); ok {
			total += v
		}
	}
	return n, total
}

// bound lists the parties bound by art. 4(2) in the report: its
// instances that are due, fulfilled or violated.
func bound(rep *treaty.Report) []string {
	var out []string
	for _, res := range rep.Instances("paris.art4.2", "depositary") {
		switch res.Status {
		case treaty.Due, treaty.Fulfilled, treaty.Violated:
			out = append(out, res.Bearer)
		}
	}
	return out
}

// first returns the earliest day from which an instance of art. 4(2) in
// the report is due: the Agreement's entry into force.
func first(rep *treaty.Report) string {
	out := ""
	for _, res := range rep.Instances("paris.art4.2", "depositary") {
		if res.Since != nil && (out == "" || res.Since.String() < out) && res.Status != treaty.NotInForce {
			out = res.Since.String()
		}
	}
	return out
}
