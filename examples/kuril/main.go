// Command kuril answers: is the transfer of Habomai and Shikotan due under
// Article 9 of the 1956 Soviet-Japanese Joint Declaration, under Japan's
// reading and under Russia's, which counts the Soviet memoranda of 1960?
// And what would it take for it to become due?
//
// Japan's reading counts the Declaration as ratified: the transfer needs a
// peace treaty. Russia's reading, as the continuing state of the USSR,
// counts the Soviet memoranda of 27 January and 24 February 1960, which
// added a second condition: the withdrawal of all foreign troops from
// Japan. The model and scenarios are the JSON files beside this file; every
// fact in them cites its source. What the "transfer" of the islands
// consists of is itself read two ways: each reading defines the fact
// islands.transferred (Japan: handed over with sovereignty; Russia: handed
// over). The program evaluates six scenarios from 1957 to hypothetical
// futures, then answers the question: where the
// transfer stands in each, and what it would take from the 2018 status quo.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/kuril          # text reports and the answer
//	go run ./examples/kuril -json    # the reports as a JSON array
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// files holds the model and the scenarios, embedded in the program so that
// it runs from any directory.
//
//go:embed kuril.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "kuril.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-1957.json",
	"scenario-2018.json",
	"scenario-peace-only.json",
	"scenario-peace-and-withdrawal.json",
	"scenario-troops-unknown.json",
	"scenario-handover-without-sovereignty.json",
}

// question is what the program answers.
const question = "Is the transfer of Habomai and Shikotan due, under Japan's reading and under Russia's, which counts the 1960 memoranda? What would it take?"

// transfer is the clause the question is about.
const transfer = "jsd1956.art9.transfer"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "kuril:", err)
		os.Exit(1)
	}
}

// run evaluates every scenario and writes the reports to w, as a JSON
// array, or as text followed by the answer.
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
	fmt.Fprintf(w, "--- Answer\n\nThe transfer (%s), scenario by scenario:\n", transfer)
	for i, rep := range reports {
		var parts []string
		for _, r := range rep.Results {
			if r.Clause == transfer {
				parts = append(parts, fmt.Sprintf("%s %s", r.Reading, r.Status))
			}
		}
		fmt.Fprintf(w, "  %d. %s: %s\n", i+1, scenarios[i].Title, strings.Join(parts, ", "))
	}
	return prospects(w, m, scenarios[1])
}

// prospects prints what it would take, from the 2018 status quo, for the
// transfer to become due. The scenario knows both facts (no peace treaty,
// US forces in Japan); they are opened, since the question is what would
// have to change.
func prospects(w io.Writer, m *treaty.Model, s *treaty.Scenario) error {
	p, err := treaty.WhatItTakes(m, s, transfer, treaty.OpenFacts("peace_treaty.concluded", "foreign_troops.withdrawn"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat would it take for the transfer to become due (from %s)?\n", p.AsOf)
	for _, r := range p.Readings {
		fmt.Fprintf(w, "  %s's reading needs %s\n", r.Reading, alternatives(r.ToBeDue))
	}
	fmt.Fprintf(w, "  Common ground (due under both): %s\n", alternatives(p.CommonGround))
	for _, d := range p.Disputed {
		var sts []string
		for _, st := range d.Statuses {
			sts = append(sts, st.Reading+" "+string(st.Status))
		}
		fmt.Fprintf(w, "  Disputed: {%s} gives %s\n", d.Assignment, strings.Join(sts, ", "))
	}
	return nil
}

// alternatives renders minimal assignments as "{a = true} or {b = true}".
func alternatives(as []conditions.Assignment) string {
	if len(as) == 0 {
		return "nothing can"
	}
	var out []string
	for _, a := range as {
		out = append(out, "{"+a.String()+"}")
	}
	return strings.Join(out, " or ")
}
