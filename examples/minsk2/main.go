// Command minsk2 answers: where does the Minsk II process (the Package of
// Measures of 12 February 2015) stand under Ukraine's reading and under
// Russia's, and why can neither order of local elections and border control
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
// Russia's termination in 2022; the tests show over every history of the
// two steps that no order satisfies both readings. The model and the
// scenarios are the JSON files beside this file; every fact in them cites
// its source.
//
// Usage:
//
//	go run ./examples/minsk2          # text reports
//	go run ./examples/minsk2 -json    # the reports as a JSON array
package main

import (
	"embed"

	"github.com/treatycond/treatycond/internal/casebook"
)

//go:embed minsk2.json scenario-*.json
var files embed.FS

// story is the model, the question and the scenario files in the order
// the story runs.
var story = casebook.Case{
	Files:     files,
	ModelFile: "minsk2.json",
	Question:  "Where does the Minsk II process stand under Ukraine's and Russia's readings, and why can neither order of elections and border control satisfy both?",
	Order: []string{
		"scenario-2015-as-written.json",
		"scenario-2016-real.json",
		"scenario-2020-standoff.json",
		"scenario-2022-termination.json",
	},
}

func main() {
	casebook.Main("minsk2", story.Run)
}
