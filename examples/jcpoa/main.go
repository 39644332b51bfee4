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

	"github.com/treatycond/treatycond/internal/casebook"
)

//go:embed jcpoa.json scenario-*.json
var files embed.FS

// story is the model, the question and the scenario files in the order
// the story runs.
var story = casebook.Case{
	Files:     files,
	ModelFile: "jcpoa.json",
	Question:  "When was Iran's sanctions relief due under the JCPOA, when does UN snapback fire under resolution 2231, and who may trigger it?",
	Order: []string{
		"scenario-2016-before.json",
		"scenario-2016-implementation.json",
		"scenario-2019.json",
		"scenario-2020-us-snapback.json",
		"scenario-2025-clock.json",
		"scenario-2025-snapback.json",
		"scenario-2025-contested-unknown.json",
		"scenario-2025-continuation.json",
	},
}

func main() {
	casebook.Main("jcpoa", story.Run)
}
