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

	"github.com/treatycond/treatycond/internal/casebook"
)

//go:embed saar.json scenario-*.json
var files embed.FS

// story is the model, the question and the scenario files in the order
// the story runs.
var story = casebook.Case{
	Files:     files,
	ModelFile: "saar.json",
	Question:  "When did the Saar plebiscite fall due, who could vote, and what did the 1935 result oblige?",
	Order: []string{
		"scenario-1934.json",
		"scenario-vote-counting.json",
		"scenario-return-1935.json",
		"scenario-return-delayed.json",
		"scenario-voter-emigrant.json",
		"scenario-voter-newcomer.json",
	},
}

func main() {
	casebook.Main("saar", story.Run)
}
