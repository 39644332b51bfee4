// Command minsk2 answers: where does the Minsk II process (the Package of
// Measures of 12 February 2015) stand under Ukraine's reading and under
// Russia's, and why can neither order of local elections and border control
// satisfy both?
//
// The model chains the steps as clauses whose conditions read the
// performance facts of the steps before: ceasefire, heavy-weapons pullback,
// election dialogue, local elections, the start and the completion of the
// border handover, with constitutional reform and the withdrawal of foreign
// forces beside them. Ukraine's statements of 2016 and 2020 make security
// and full border control preconditions of the elections (and free the
// handover from waiting for them); Russia's reading, with the LPR's
// statement of 2020, keeps the text's order, elections first. The scenarios
// show the agreed chain as written, the real impasse of 2016, a hypothetical
// standoff in which each reading holds the other side's step overdue, and
// Russia's termination in 2022; the tests show over every history of the
// two steps that no order satisfies both readings. The model and the
// scenarios are the JSON files beside this file; every fact in them cites
// its source.
//
// Usage:
//
//	go run ./examples/minsk2          # text reports
//	go run ./examples/minsk2 -json    # the reports as a JSON array
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

//go:embed minsk2.json scenario-*.json
var files embed.FS

const (
	modelFile = "minsk2.json"
	question  = "Where does the Minsk II process stand under Ukraine's and Russia's readings, and why can neither order of elections and border control satisfy both?"
)

// scenarioOrder lists every scenario file, in the order the story runs.
var scenarioOrder = []string{
	"scenario-2015-as-written.json",
	"scenario-2016-real.json",
	"scenario-2020-standoff.json",
	"scenario-2022-termination.json",
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "minsk2:", err)
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
