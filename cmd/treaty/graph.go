package main

import (
	"flag"
	"fmt"

	"github.com/treatycond/treatycond/treaty/view"
)

var graphCmd = &command{
	name:    "graph",
	args:    "MODEL.json [--format dot|mermaid|text|json]",
	short:   "draw parties, instruments, clauses and relations as a graph",
	minArgs: 1, maxArgs: 1,
	long: `
Graph prints the model as a directed graph in Graphviz DOT (the default),
as a Mermaid flowchart, as a text outline, or as JSON (schema tag
treatycond.graph/v1; see 'treaty schema graph'):

  - parties (with the party they continue, and from when);
  - instruments, labelled with kind and dates and with the readings that
    accept or reject them (a rejection shows the rejecting instrument and
    date);
  - clauses, labelled with who must, may or must not do what, and their
    own condition;
  - edges from parties to the instruments they are party to or author of,
    from instruments to their clauses, and for every relation, labelled
    with its kind, condition and date, such as
    "adds condition: foreign_troops.withdrawn (1960-01-27)".

Render DOT with 'dot -Tsvg'; paste Mermaid into a Markdown ` + "```mermaid" + ` block.

Exit status: 0 on success, 2 on bad usage or when the model cannot be
loaded.`,
}

func init() {
	graphCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		format := newFormat(fs, "dot", "dot", "mermaid", "text", "json")
		return func(e *env, args []string) int {
			m, err := loadModelArg(args[0], "graph draws a model")
			if err != nil {
				for _, l := range errorLines(err) {
					fmt.Fprintf(e.stderr, "treaty graph: %s\n", l)
				}
				return exitUsage
			}
			g := view.NewGraph(m)
			switch format.value {
			case "mermaid":
				err = g.WriteMermaid(e.stdout)
			case "text":
				err = g.WriteText(e.stdout)
			case "json":
				err = writeJSON(e.stdout, g)
			default:
				err = g.WriteDOT(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty graph: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}
