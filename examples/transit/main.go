// Command transit answers: did article V:2 of the GATT 1994 (freedom of
// transit) bind Russia to let Ukrainian traffic in transit through its
// territory from 2016, or did the security exception of article
// XXI(b)(iii) disapply it? Under Russia's reading, which holds the
// exception self-judging, and under the readings of Ukraine and of the WTO
// panel in Russia - Traffic in Transit (WT/DS512/R, 2019), which hold it
// reviewable?
//
// The model states the exception and a second provision, the review of
// the exception's objective conditions (an emergency in international
// relations, good faith), which disapplies the exception where those
// conditions fail. Which of the two prevails is a matter of priority, and
// the readings rank them differently. The model and scenarios are the JSON
// files beside this file; every fact in them cites its source. The program
// evaluates three scenarios (2016, before any review; the panel's findings
// of 2019; a counterfactual without emergency), then answers the question
// with each reading's status and exception tree, and says what it would
// take for freedom of transit to bind Russia.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/transit          # text reports and the answer
//	go run ./examples/transit -json    # the reports as a JSON array
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
//go:embed transit.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "transit.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-2016-measures.json",
	"scenario-2019-panel.json",
	"scenario-no-emergency.json",
}

// question is what the program answers.
const question = "Did GATT 1994 art. V:2 bind Russia to let Ukrainian traffic in transit through from 2016, or did the security exception of art. XXI(b)(iii) disapply it, under Russia's reading (self-judging) and under Ukraine's and the panel's (reviewable)?"

// transit is the clause the question is about.
const transit = "gatt1994.art5.2"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "transit:", err)
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
	fmt.Fprintf(w, "--- Answer\n\nFreedom of transit (%s), scenario by scenario:\n", transit)
	for i, rep := range reports {
		fmt.Fprintf(w, "\n  %d. %s\n", i+1, scenarios[i].Title)
		for _, r := range rep.Results {
			if r.Clause != transit {
				continue
			}
			fmt.Fprintf(w, "     %-6s %s: %s\n", r.Reading, r.Status, r.Reason)
			writeTree(w, r.Exceptions, "       ")
		}
	}
	return prospects(w, m, scenarios[0])
}

// writeTree prints an exception tree, one line per exception, the
// exceptions to an exception indented below it.
func writeTree(w io.Writer, ns []treaty.ExceptionNode, indent string) {
	for _, n := range ns {
		fmt.Fprintf(w, "%s%s (priority %d against %s's %d): %s\n", indent, n.Exception, n.Priority, n.Target, n.TargetPriority,
			strings.ReplaceAll(n.Status, "_", " "))
		writeTree(w, n.By, indent+"  ")
	}
}

// prospects prints what it would take, as of July 2016, for freedom of
// transit to bind Russia again (the prohibition to be in effect), with the
// exception's and the review's facts open.
func prospects(w io.Writer, m *treaty.Model, s *treaty.Scenario) error {
	p, err := treaty.WhatItTakes(m, s, transit,
		treaty.OpenFacts("ru.considers_necessary", "emergency.ru_ua", "ru.interests_articulated", "measures.plausible"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat would it take for freedom of transit to bind Russia (from %s)?\n", p.AsOf)
	for _, r := range p.Readings {
		fmt.Fprintf(w, "  %s's reading needs %s\n", r.Reading, alternatives(r.ToBeDue))
	}
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
