// Command kuril evaluates Article 9 of the 1956 Soviet-Japanese Joint
// Declaration (the transfer of Habomai and Shikotan) under Japan's and
// Russia's readings, in five scenarios from 1957 to hypothetical futures.
//
// Japan's reading counts the Declaration as ratified: the transfer needs a
// peace treaty. Russia's reading, as the continuing state of the USSR,
// counts the Soviet memoranda of 27 January and 24 February 1960, which
// added a second condition: the withdrawal of all foreign troops from
// Japan. The model and scenarios are the JSON files beside this file; every
// fact in them cites its source.
//
// Usage:
//
//	go run ./examples/kuril          # text reports
//	go run ./examples/kuril -json    # the reports as a JSON array
package main

import (
	"embed"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/casebook"
	"github.com/treatycond/treatycond/treaty"
)

//go:embed kuril.json scenario-*.json
var files embed.FS

// story is the model and the scenario files in the order the story runs.
// It has no question: the text output ends with what it would take for the
// transfer to become due instead.
var story = casebook.Case{
	Files:     files,
	ModelFile: "kuril.json",
	Order: []string{
		"scenario-1957.json",
		"scenario-2018.json",
		"scenario-peace-only.json",
		"scenario-peace-and-withdrawal.json",
		"scenario-troops-unknown.json",
	},
}

func main() {
	casebook.Main("kuril", run)
}

// run writes the reports to w, as a JSON array, or as text followed by what
// it would take for the transfer to become due.
func run(w io.Writer, asJSON bool) error {
	b, err := story.Load()
	if err != nil {
		return err
	}
	if err := b.Write(w, story.Question, asJSON); err != nil {
		return err
	}
	if asJSON {
		return nil
	}
	s, err := b.Scenario("status-quo-2018")
	if err != nil {
		return err
	}
	return prospects(w, b.Model, s)
}

// prospects prints what it would take, from the 2018 status quo, for the
// transfer to become due: the two facts are opened, since the question is
// what would have to change.
func prospects(w io.Writer, m *treaty.Model, s *treaty.Scenario) error {
	p, err := treaty.WhatItTakes(m, s, "jsd1956.art9.transfer", treaty.OpenFacts("peace_treaty.concluded", "foreign_troops.withdrawn"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "--- What would it take for the transfer to become due (from %s)?\n\n", p.AsOf)
	for _, r := range p.Readings {
		fmt.Fprintf(w, "  %s's reading needs %s\n", r.Reading, assignments(r.ToBeDue))
	}
	fmt.Fprintf(w, "  Common ground (due under both): %s\n", assignments(p.CommonGround))
	for _, d := range p.Disputed {
		var sts []string
		for _, st := range d.Statuses {
			sts = append(sts, st.Reading+" "+string(st.Status))
		}
		fmt.Fprintf(w, "  Disputed: %s gives %s\n", assignment(d.Assignment), strings.Join(sts, ", "))
	}
	return nil
}

func assignments(as []conditions.Assignment) string {
	if len(as) == 0 {
		return "nothing can"
	}
	var out []string
	for _, a := range as {
		out = append(out, assignment(a))
	}
	return strings.Join(out, " or ")
}

func assignment(a conditions.Assignment) string {
	keys := slices.Sorted(maps.Keys(a))
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s = %v", k, a[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
