// Command minsk2 answers: where does the Minsk II process (the Package of
// Measures of 12 February 2015) stand under Ukraine's reading and under
// Russia's, and why can no order of local elections and border control
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
// Russia's termination in 2022. The answer then asks, in the standoff, what
// each reading's first political step waits for, and runs every order of
// the three political steps to show that each reading accepts one and no
// order satisfies both. The model and the scenarios are the JSON files
// beside this file; every fact in them cites its source.
//
// The program uses only the public packages of treatycond; copy this
// directory into a module of your own and it builds as it is.
//
// Usage:
//
//	go run ./examples/minsk2          # text reports and the answer
//	go run ./examples/minsk2 -json    # the reports as a JSON array
package main

import (
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// files holds the model and the scenarios, embedded in the program so that
// it runs from any directory.
//
//go:embed minsk2.json scenario-*.json
var files embed.FS

// modelFile is the model among the embedded files.
const modelFile = "minsk2.json"

// scenarioFiles lists the scenarios in the order the story runs.
var scenarioFiles = []string{
	"scenario-2015-as-written.json",
	"scenario-2016-real.json",
	"scenario-2020-standoff.json",
	"scenario-2022-termination.json",
}

// question is what the program answers.
const question = "Where does the Minsk II process stand under Ukraine's and Russia's readings, and why can no order of elections and border control satisfy both?"

// The political steps in dispute: each is a clause, performed when its
// fact becomes true.
const (
	elections    = "minsk2.pt12.local_elections"
	borderStart  = "minsk2.pt9.border_start"
	borderFinish = "minsk2.pt9.border_complete"
)

// steps are the three political steps, with the fact that records each.
var steps = []struct{ fact, clause, name string }{
	{"local_elections.held", elections, "local elections"},
	{"border_handover.started", borderStart, "border handover starts"},
	{"border.full_ukrainian_control", borderFinish, "full border control"},
}

func main() {
	asJSON := flag.Bool("json", false, "print the reports as a JSON array")
	flag.Parse()
	if err := run(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "minsk2:", err)
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
	return answer(w, m, scenarios)
}

// answer explains, from the 2020 standoff, why the readings cannot both be
// satisfied: what each reading's first political step waits for, and which
// orders of the three political steps each reading accepts.
func answer(w io.Writer, m *treaty.Model, scenarios []*treaty.Scenario) error {
	var standoff *treaty.Scenario
	for _, s := range scenarios {
		if s.ID == "who-moves-first-2020" {
			standoff = s
		}
	}
	if standoff == nil {
		return fmt.Errorf("no scenario who-moves-first-2020")
	}
	fmt.Fprintf(w, "In the standoff (%s), what does each reading's first political step wait for?\n", standoff.AsOf)
	open := treaty.OpenFacts("border.full_ukrainian_control", "local_elections.held")
	needs := map[string]string{}
	for _, q := range []struct{ clause, reading string }{{elections, "UA"}, {borderStart, "RU"}} {
		p, err := treaty.WhatItTakes(m, standoff, q.clause, treaty.ForReadings(q.reading), open)
		if err != nil {
			return err
		}
		needs[q.reading] = alternatives(p.Readings[0].ToBeDue)
		fmt.Fprintf(w, "  under %s, %s needs %s\n", q.reading, q.clause, needs[q.reading])
	}

	// Every history of the three steps, each on one of three days (ties
	// included): under each reading, was every step due on the eve of its
	// performance?
	days := []treaty.Date{treaty.MustDate("2021-06-01"), treaty.MustDate("2021-06-08"), treaty.MustDate("2021-06-15")}
	accepted := map[string][]string{}
	for i := range 27 {
		when := []int{i % 3, i / 3 % 3, i / 9}
		s := *standoff
		s.Facts = maps.Clone(standoff.Facts)
		s.Facts["constitutional_reform.in_force"] = treaty.Fact{Value: true}
		for j, st := range steps {
			s.Facts[st.fact] = treaty.Fact{Value: false, History: []treaty.Change{{From: days[when[j]], Value: true}}}
		}
		for _, reading := range []string{"UA", "RU"} {
			inOrder := true
			for j, st := range steps {
				eve := days[when[j]].AddDays(-1)
				rep, err := treaty.Evaluate(m, &s, treaty.AsOf(eve), treaty.ForClauses(st.clause), treaty.ForReadings(reading))
				if err != nil {
					return err
				}
				if rep.Results[0].Value != conditions.True {
					inOrder = false
				}
			}
			if inOrder {
				accepted[reading] = append(accepted[reading], orderText(when))
			}
		}
	}
	fmt.Fprintln(w, "\nEvery order of the three political steps (each on one of three days, ties included), checked")
	fmt.Fprintln(w, "under each reading: was every step due on the eve of its performance?")
	both := 0
	for _, reading := range []string{"UA", "RU"} {
		fmt.Fprintf(w, "  %s accepts %d of 27: %s\n", reading, len(accepted[reading]), strings.Join(accepted[reading], "; "))
	}
	for _, h := range accepted["UA"] {
		for _, g := range accepted["RU"] {
			if h == g {
				both++
			}
		}
	}
	fmt.Fprintf(w, "  both readings accept %d.\n", both)
	if both == 0 {
		fmt.Fprintf(w, "No order satisfies both: under UA the elections wait for %s,\n", needs["UA"])
		fmt.Fprintf(w, "under RU the border handover (and so full control) waits for %s.\n", needs["RU"])
	}
	return nil
}

// orderText names the steps in the order of their days, with "=" between
// steps on the same day.
func orderText(when []int) string {
	var out []string
	for day := range 3 {
		var same []string
		for j, st := range steps {
			if when[j] == day {
				same = append(same, st.name)
			}
		}
		if len(same) > 0 {
			out = append(out, strings.Join(same, " = "))
		}
	}
	return strings.Join(out, ", then ")
}

// alternatives renders minimal assignments as "{a = true} or {b = true}",
// or "nothing more" for the one empty assignment.
func alternatives(as []conditions.Assignment) string {
	switch {
	case len(as) == 0:
		return "something no values of the open facts give"
	case len(as) == 1 && len(as[0]) == 0:
		return "nothing more"
	}
	var out []string
	for _, a := range as {
		out = append(out, "{"+a.String()+"}")
	}
	return strings.Join(out, " or ")
}
