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

	"github.com/treatycond/treatycond/internal/casebook"
)

//go:embed egyptisrael.json scenario-*.json
var files embed.FS

// story is the model, the question and the scenario files in the order
// the story runs.
var story = casebook.Case{
	Files:     files,
	ModelFile: "egyptisrael.json",
	Question:  "When did Israel's phased Sinai withdrawal fall due, what did it unlock, and how did the Taba award settle the one disputed strip?",
	Order: []string{
		"scenario-1979.json",
		"scenario-1980.json",
		"scenario-1985.json",
		"scenario-1988-award.json",
		"scenario-1989.json",
		"scenario-interim-stalled.json",
		"scenario-final-ecf-date.json",
	},
}

func main() {
	casebook.Main("egyptisrael", story.Run)
}
