// Command genocide answers: as of a date, which pairs of states are bound
// by article IX of the 1948 Genocide Convention (the jurisdiction of the
// International Court of Justice over their disputes about it), given the
// reservations to article IX, the objections to them and their
// withdrawals, and where the states' readings disagree?
//
// A reservation modifies a clause only as between its author and each
// other party (Vienna Convention on the Law of Treaties, arts. 20-21; the
// International Court of Justice's advisory opinion of 28 May 1951 on
// reservations to this very Convention): so the answer is a table of
// pairs. The USSR excluded article IX when it ratified in 1954 and
// withdrew that reservation on 8 March 1989; the Netherlands, acceding in
// 1966, declared that it does not consider a state with such a
// reservation a party to the Convention at all; the United Kingdom,
// acceding in 1970, objected without going that far; the United States
// ratified in 1988 reserving its specific consent to each case.
//
// The model and scenarios are the JSON files beside this file; every fact
// in them cites its source.
//
// Usage:
//
//	go run ./examples/genocide          # pairwise tables and the disputes
//	go run ./examples/genocide -json    # the reports as a JSON array
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// files holds the model and the scenarios.
//
//go:embed genocide.json scenario-*.json
var files embed.FS

const modelFile = "genocide.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-1960.json",
	"scenario-1975.json",
	"scenario-1990.json",
	"scenario-2000.json",
}

const question = "As of a date, which pairs of states are bound by article IX of the Genocide Convention, and on which pairs do their readings disagree?"

// article9 is the clause the question is about.
const article9 = "genocide.art9"

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "genocide:", err)
		os.Exit(1)
	}
}

// run evaluates every scenario and writes, for each, the pairwise table
// of article IX and the pairs the readings disagree on.
func run(w io.Writer, asJSON bool) error {
	m, scenarios, err := treaty.LoadFS(files, modelFile, scenarioFiles...)
	if err != nil {
		return err
	}
	var reports []*treaty.Report
	for _, s := range scenarios {
		rep, err := treaty.Evaluate(m, s, treaty.ForClauses(article9))
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
	fmt.Fprintf(w, "%s\n%s\n%s\n", m.Title, strings.Repeat("=", len(m.Title)), question)
	for i, rep := range reports {
		fmt.Fprintf(w, "\n--- %d. %s\n\nAs of %s:\n\n", i+1, scenarios[i].Title, rep.AsOf)
		writeTable(w, rep)
		writeDisputes(w, rep)
	}
	if err := answer(w, m, scenarios, reports); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLegend: bound = article IX applies between the two; not bound = it does not (a reservation\n"+
		"excludes it, or the Convention is not in force between them); if US consents = it applies only\n"+
		"with the specific consent of the United States; a cell with two answers is disputed between readings.\n")
	return nil
}

// cell says a status in the table's words.
func cell(st treaty.Status) string {
	switch st {
	case treaty.Due:
		return "bound"
	case treaty.NotInForce:
		return "not bound"
	case treaty.Undetermined:
		return "if US consents"
	}
	return string(st)
}

// pairCells returns, per pair "bearer,beneficiary", the cell text: the
// common answer of the readings, or each reading's when they disagree.
func pairCells(rep *treaty.Report) (cells map[[2]string]string, states []string) {
	byPair := map[[2]string]map[string][]string{} // pair -> cell -> readings
	for _, r := range rep.Results {
		if r.Clause != article9 || r.Bearer == "" || r.Beneficiary == "" {
			continue
		}
		k := [2]string{r.Bearer, r.Beneficiary}
		if byPair[k] == nil {
			byPair[k] = map[string][]string{}
		}
		c := cell(r.Status)
		byPair[k][c] = append(byPair[k][c], r.Reading)
		for _, p := range k {
			if !slices.Contains(states, p) {
				states = append(states, p)
			}
		}
	}
	cells = map[[2]string]string{}
	for k, answers := range byPair {
		if len(answers) == 1 {
			for c := range answers {
				cells[k] = c
			}
			continue
		}
		var parts []string
		for c, rs := range answers {
			parts = append(parts, strings.Join(rs, "+")+": "+c)
		}
		slices.Sort(parts)
		cells[k] = strings.Join(parts, "; ")
	}
	slices.Sort(states)
	return cells, states
}

// writeTable writes the pairwise table of article IX: one row per
// unordered pair of states that are both parties on the date.
func writeTable(w io.Writer, rep *treaty.Report) {
	cells, states := pairCells(rep)
	if len(states) == 0 {
		fmt.Fprintln(w, "  (no two parties yet)")
		return
	}
	fmt.Fprintf(w, "  %-12s %s\n", "pair", "article IX")
	for i, a := range states {
		for _, b := range states[i+1:] {
			c, ok := cells[[2]string{a, b}]
			if !ok {
				continue
			}
			if back := cells[[2]string{b, a}]; back != c {
				c += " / the other way: " + back
			}
			fmt.Fprintf(w, "  %-12s %s\n", strings.ToUpper(a)+"-"+strings.ToUpper(b), c)
		}
	}
}

// writeDisputes lists the pairs on which the readings disagree.
func writeDisputes(w io.Writer, rep *treaty.Report) {
	var lines []string
	for _, d := range rep.Disputes {
		if d.Clause != article9 || d.Kind != treaty.StatusDispute {
			continue
		}
		var sts []string
		for _, st := range d.Statuses {
			sts = append(sts, st.Reading+" "+string(st.Status))
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", d.Instance, strings.Join(sts, ", ")))
	}
	if len(lines) == 0 {
		fmt.Fprintln(w, "\n  The readings agree on every pair.")
		return
	}
	fmt.Fprintln(w, "\n  Pairs the readings disagree on:")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// usFrance is the instance of article IX binding the United States
// towards France.
const usFrance = "genocide.art9[usa,fra]"

// answer sums up the tables and says what it would take for article IX to
// bind the United States towards France.
func answer(w io.Writer, m *treaty.Model, scenarios []*treaty.Scenario, reports []*treaty.Report) error {
	fmt.Fprintf(w, "\n--- Answer\n\nPairs of parties bound by article IX, by date (all readings agreeing):\n")
	for i, rep := range reports {
		cells, states := pairCells(rep)
		bound, pairs := 0, 0
		for j, a := range states {
			for _, b := range states[j+1:] {
				if c, ok := cells[[2]string{a, b}]; ok {
					pairs++
					if c == "bound" {
						bound++
					}
				}
			}
		}
		fmt.Fprintf(w, "  %s: %d of %d pairs\n", scenarios[i].Title, bound, pairs)
	}
	last := scenarios[len(scenarios)-1]
	p, err := treaty.WhatItTakes(m, last, usFrance, treaty.ForReadings("FRA", "USA"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat would it take for article IX to bind the United States towards France (as of %s)?\n", p.AsOf)
	for _, r := range p.Readings {
		var alts []string
		for _, a := range r.ToBeDue {
			alts = append(alts, "{"+a.String()+"}")
		}
		fmt.Fprintf(w, "  %s's reading: %s\n", r.Reading, strings.Join(alts, " or "))
	}
	return nil
}
