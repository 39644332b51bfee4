package main

import (
	"flag"
	"fmt"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

var timelineCmd = &command{
	name:    "timeline",
	args:    "[MODEL.json] [--scenario S.json] [--as-of DATE] [--clause ID] [--reading ID] [--from DATE] [--to DATE] [--set fact=value] [--format text|json|dot|mermaid]",
	short:   "show a clause's status over time under each reading",
	minArgs: 0, maxArgs: 1,
	long: `
Timeline evaluates the model on every date on which something changes - an
instrument is signed, enters into force or ends, a relation or rejection
takes effect, a party continues another, a fact of the scenario changes, a
deadline passes - and prints each clause's status over time under each
reading, as periods of unchanged status, value and effective condition (a relation
that changes the condition starts a new period).

--from defaults to the earliest date the model or scenario mentions; --to
to the scenario's as_of (or --as-of), else the latest such date. Without
--scenario the facts are all unknown. --clause limits the clauses (default:
all), --reading the readings.

--format text prints a table per clause and reading (the value is "-"
while the clause is not in force); json prints a document with schema tag
treatycond.timeline/v1 (see 'treaty schema timeline'); mermaid prints a
Mermaid gantt chart with one section per reading (per clause and reading
when there are several clauses) and one task per period; dot prints a
Graphviz graph with one row of periods per clause and reading, coloured by
status.

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or evaluated.`,
}

func init() {
	timelineCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.register(fs, true)
		var readings, clauses listFlag
		var fromText, toText string
		fs.Var(&clauses, "clause", "limit to the clause `id` (repeatable, or comma-separated)")
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		fs.StringVar(&fromText, "from", "", "start `date` (YYYY-MM-DD)")
		fs.StringVar(&toText, "to", "", "end `date` (YYYY-MM-DD), inclusive")
		format := newFormat(fs, "text", "text", "json", "dot", "mermaid")
		return func(e *env, args []string) int {
			in, ok := sf.load(e, "timeline", args)
			if !ok || !checkSelection(e, "timeline", in.model, clauses, readings) {
				return exitUsage
			}
			var from, to treaty.Date
			var err error
			if fromText != "" {
				if from, err = treaty.ParseDate(fromText); err != nil {
					fmt.Fprintf(e.stderr, "treaty timeline: --from: %v\n", err)
					return exitUsage
				}
			}
			if toText != "" {
				if to, err = treaty.ParseDate(toText); err != nil {
					fmt.Fprintf(e.stderr, "treaty timeline: --to: %v\n", err)
					return exitUsage
				}
			}
			if !from.IsZero() && !to.IsZero() && to.Before(from) {
				fmt.Fprintf(e.stderr, "treaty timeline: --to %s is before --from %s\n", to, from)
				return exitUsage
			}
			tl, err := view.NewTimelineContext(e.context(), in.model, in.scenario, from, to, evalOptions(readings, clauses)...)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty timeline: %v\n", err)
				return exitUsage
			}
			switch format.value {
			case "json":
				err = writeJSON(e.stdout, tl)
			case "dot":
				err = tl.WriteDOT(e.stdout)
			case "mermaid":
				err = tl.WriteMermaid(e.stdout)
			default:
				err = tl.WriteText(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty timeline: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}
