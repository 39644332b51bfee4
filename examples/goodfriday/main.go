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
//
// Usage:
//
//	go run ./examples/goodfriday          # text reports
//	go run ./examples/goodfriday -json    # the reports as a JSON array
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

//go:embed goodfriday.json scenario-*.json
var files embed.FS

const (
	modelFile = "goodfriday.json"
	question  = "Under the Good Friday Agreement and the Northern Ireland Act 1998, when must a border poll be held and what follows from it, and was decommissioning a precondition of Sinn Féin's place in the Executive?"
)

// scenarioOrder lists every scenario file, in the order the story runs.
var scenarioOrder = []string{
	"scenario-1999-07.json",
	"scenario-1999-12.json",
	"scenario-2000-02.json",
	"scenario-2000-05.json",
	"scenario-border-poll-first.json",
	"scenario-border-poll-second.json",
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "goodfriday:", err)
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
