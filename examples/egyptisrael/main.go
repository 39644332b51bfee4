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
//
// Usage:
//
//	go run ./examples/egyptisrael          # text reports
//	go run ./examples/egyptisrael -json    # the reports as a JSON array
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

//go:embed egyptisrael.json scenario-*.json
var files embed.FS

const (
	modelFile = "egyptisrael.json"
	question  = "When did Israel's phased Sinai withdrawal fall due, what did it unlock, and how did the Taba award settle the one disputed strip?"
)

// scenarioOrder lists every scenario file, in the order the story runs.
var scenarioOrder = []string{
	"scenario-1979.json",
	"scenario-1980.json",
	"scenario-1985.json",
	"scenario-1988-award.json",
	"scenario-1989.json",
	"scenario-interim-stalled.json",
	"scenario-final-ecf-date.json",
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "egyptisrael:", err)
		os.Exit(1)
	}
}

// load decodes the model and the scenarios, in story order, and checks
// each scenario against the model.
func load() (*treaty.Model, []*treaty.Scenario, error) {
	data, err := fs.ReadFile(files, modelFile)
	if err != nil {
		return nil, nil, err
	}
	m, err := treaty.DecodeModel(data, modelFile)
	if err != nil {
		return nil, nil, err
	}
	names, err := fs.Glob(files, "scenario-*.json")
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		if !slices.Contains(scenarioOrder, name) {
			return nil, nil, fmt.Errorf("%s is not listed in scenarioOrder", name)
		}
	}
	var scs []*treaty.Scenario
	for _, name := range scenarioOrder {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, nil, err
		}
		s, err := treaty.DecodeScenario(data, name)
		if err != nil {
			return nil, nil, err
		}
		if err := treaty.ValidateScenario(m, s); err != nil {
			return nil, nil, err
		}
		scs = append(scs, s)
	}
	return m, scs, nil
}

// run evaluates every scenario and writes the reports to w: as text under a
// header naming the question, or as a JSON array.
func run(w io.Writer, asJSON bool) error {
	m, scs, err := load()
	if err != nil {
		return err
	}
	reports := make([]*treaty.Report, 0, len(scs))
	for _, s := range scs {
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
		fmt.Fprintf(w, "--- %d. %s\n\n", i+1, scs[i].Title)
		if err := rep.WriteText(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}
