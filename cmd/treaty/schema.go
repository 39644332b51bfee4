package main

import (
	"embed"
	"flag"
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// cliSchemas holds the JSON Schemas of the documents only the command
// prints; those of models, scenarios, reports, what it takes and sweeps
// come from package treaty.
//
//go:embed schema/*.schema.json
var cliSchemas embed.FS

// schemaNames lists the names 'treaty schema' knows, in help order.
var schemaNames = []string{"model", "scenario", "report", "explain", "takes", "impact", "compare", "consolidated", "sweep", "graph", "timeline", "cond-eval", "cond-takes", "test", "check"}

// jsonSchema returns the JSON Schema called name.
func jsonSchema(name string) ([]byte, bool) {
	switch name {
	case "model", "scenario", "report", "takes", "sweep", "impact", "compare", "consolidated":
		return treaty.JSONSchema(name)
	case "graph", "timeline":
		return view.JSONSchema(name)
	}
	data, err := cliSchemas.ReadFile("schema/" + name + ".schema.json")
	return data, err == nil
}

var schemaCmd = &command{
	name:    "schema",
	args:    "NAME",
	short:   "print a JSON Schema (model, scenario, report, ...)",
	minArgs: 1, maxArgs: 1,
	long: `
Schema prints the JSON Schema (draft 2020-12) of a file format or of a JSON
document the command prints:

	model        model files (treatycond.model/v1)
	scenario     scenario files (treatycond.scenario/v1)
	report       'treaty eval --format json' (treatycond.report/v2)
	explain      'treaty explain --format json' (treatycond.explain/v2)
	takes        'treaty takes --format json' (treatycond.takes/v2)
	impact       'treaty impact --format json' (treatycond.impact/v1)
	compare      'treaty compare --format json' (treatycond.compare/v1)
	consolidated 'treaty consolidate --format json' (treatycond.consolidated/v1)
	sweep        'treaty sweep --format json' (treatycond.sweep/v2)
	graph        'treaty graph --format json' (treatycond.graph/v1)
	timeline     'treaty timeline --format json' (treatycond.timeline/v1)
	cond-eval    'treaty cond eval --format json' (treatycond.cond-eval/v1)
	cond-takes   'treaty cond takes --format json' (treatycond.cond-takes/v1)
	test         'treaty test --format json' (treatycond.test/v1)
	check        'treaty check --format json' (treatycond.check/v1)

Exit status: 0 on success, 2 for an unknown name.`,
}

func init() {
	schemaCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		return func(e *env, args []string) int {
			data, ok := jsonSchema(args[0])
			if !ok {
				fmt.Fprintf(e.stderr, "treaty schema: unknown schema %q (want %s)\n", args[0], strings.Join(schemaNames, ", "))
				return exitUsage
			}
			if _, err := e.stdout.Write(data); err != nil {
				fmt.Fprintf(e.stderr, "treaty schema: %v\n", err)
				return exitUsage
			}
			if len(data) > 0 && data[len(data)-1] != '\n' {
				fmt.Fprintln(e.stdout)
			}
			return exitOK
		}
	}
}
