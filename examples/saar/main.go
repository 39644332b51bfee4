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
//
// Usage:
//
//	go run ./examples/saar          # text reports
//	go run ./examples/saar -json    # the reports as a JSON array
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

//go:embed saar.json scenario-*.json
var files embed.FS

const (
	modelFile = "saar.json"
	question  = "When did the Saar plebiscite fall due, who could vote, and what did the 1935 result oblige?"
)

// scenarioOrder lists every scenario file, in the order the story runs.
var scenarioOrder = []string{
	"scenario-1934.json",
	"scenario-vote-counting.json",
	"scenario-return-1935.json",
	"scenario-return-delayed.json",
	"scenario-voter-emigrant.json",
	"scenario-voter-newcomer.json",
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "saar:", err)
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
