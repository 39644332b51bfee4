// Command jcpoa answers: when was sanctions relief due under the Joint
// Comprehensive Plan of Action (2015), when does the UN "snapback" of
// Security Council resolution 2231 fire, and who may trigger it?
//
// Relief is conditioned on the IAEA's verification (Implementation Day, 16
// January 2016). Snapback fires unless blocked: thirty days after a
// participant's notification (a not_before counted from the date fact
// snapback.notified_on) the earlier sanctions apply again unless the Council
// has adopted a resolution to continue their termination, so a veto works
// for snapback. The readings disagree on standing: whether the United
// States, having withdrawn in 2018, could notify in 2020, and whether the E3
// could in 2025. The timeline runs from 2016 to the re-application of 27
// September 2025. The model and the scenarios are the JSON files beside
// this file; every fact in them cites its source.
//
// Usage:
//
//	go run ./examples/jcpoa          # text reports
//	go run ./examples/jcpoa -json    # the reports as a JSON array
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

//go:embed jcpoa.json scenario-*.json
var files embed.FS

const (
	modelFile = "jcpoa.json"
	question  = "When was Iran's sanctions relief due under the JCPOA, when does UN snapback fire under resolution 2231, and who may trigger it?"
)

// scenarioOrder lists every scenario file, in the order the story runs.
var scenarioOrder = []string{
	"scenario-2016-before.json",
	"scenario-2016-implementation.json",
	"scenario-2019.json",
	"scenario-2020-us-snapback.json",
	"scenario-2025-clock.json",
	"scenario-2025-snapback.json",
	"scenario-2025-contested-unknown.json",
	"scenario-2025-continuation.json",
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "jcpoa:", err)
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
