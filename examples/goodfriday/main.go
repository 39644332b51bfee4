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

	"github.com/treatycond/treatycond/internal/casebook"
)

//go:embed goodfriday.json scenario-*.json
var files embed.FS

// story is the model, the question and the scenario files in the order
// the story runs.
var story = casebook.Case{
	Files:     files,
	ModelFile: "goodfriday.json",
	Question:  "Under the Good Friday Agreement and the Northern Ireland Act 1998, when must a border poll be held and what follows from it, and was decommissioning a precondition of Sinn Féin's place in the Executive?",
	Order: []string{
		"scenario-1999-07.json",
		"scenario-1999-12.json",
		"scenario-2000-02.json",
		"scenario-2000-05.json",
		"scenario-border-poll-first.json",
		"scenario-border-poll-second.json",
	},
}

func main() {
	casebook.Main("goodfriday", story.Run)
}
