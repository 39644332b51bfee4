package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/treatycond/treatycond/treaty"
)

var compareCmd = &command{
	name:    "compare",
	args:    "[MODEL.json] --clause ID --readings A,B [--scenario S.json] [--as-of DATE] [--open FACT,...] [--set fact=value] [--counterexample OUT.json] [--format text|json]",
	short:   "how two readings' conditions of a clause relate, with a counterexample",
	minArgs: 0, maxArgs: 1,
	long: `
Compare relates the effective conditions of one clause under two readings
over every value of the facts the scenario leaves unknown (and those named
with --open): equivalent, implies (A's condition implies B's), implied by,
disjoint (they never hold together) or overlapping. The answer is exact (a
BDD of the conditions), not sampled.

Unless the conditions are equivalent, it builds a counterexample: the
scenario with the unknown facts set so that the conditions differ.
--counterexample OUT.json writes it as a scenario file whose "model" points
at the model and whose expectations are the two readings' statuses under
it, so that 'treaty test OUT.json' confirms it. A clause out of force
under either reading has no condition to compare; compare says so.

--format json prints a document with schema tag treatycond.compare/v1 (see
'treaty schema compare').

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or analysed, or the counterexample cannot be written.`,
}

func init() {
	compareCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.register(fs, true)
		var readings, open listFlag
		var clause, out string
		fs.StringVar(&clause, "clause", "", "the clause `id` to analyse (required)")
		fs.Var(&readings, "readings", "the two reading `ids` to compare, A,B (required)")
		fs.Var(&open, "open", "treat the `fact` as unknown even if the scenario gives it (repeatable; \"*\" for all)")
		fs.StringVar(&out, "counterexample", "", "write the counterexample scenario to `file`")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			if len(readings) != 2 {
				fmt.Fprintf(e.stderr, "treaty compare: --readings needs exactly two reading ids, A,B (got %d)\n", len(readings))
				return exitUsage
			}
			in, opts, ok := clauseCommandInputs(e, "compare", &sf, args, clause, readings, open)
			if !ok {
				return exitUsage
			}
			c, err := treaty.CompareReadingsContext(e.context(), in.model, in.scenario, clause, readings[0], readings[1], opts...)
			if err != nil {
				printErrorsPrefixed(e.stderr, "compare", err)
				return exitUsage
			}
			if out != "" {
				if c.Counterexample == nil {
					fmt.Fprintf(e.stderr, "treaty compare: no counterexample to write to %s: %s\n", out, c.Note)
				} else if err := writeCounterexample(out, in.modelPath, c.Counterexample); err != nil {
					fmt.Fprintf(e.stderr, "treaty compare: %v\n", err)
					return exitUsage
				}
			}
			if format.value == "json" {
				err = writeJSON(e.stdout, c)
			} else {
				err = c.WriteText(e.stdout)
				if err == nil && out != "" && c.Counterexample != nil {
					_, err = fmt.Fprintf(e.stdout, "  written to %s; check it with: treaty test %s\n", out, out)
				}
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty compare: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// writeCounterexample writes ce to path as a scenario file whose "model"
// is the path of the model relative to the file.
func writeCounterexample(path, modelPath string, ce *treaty.Scenario) error {
	sc := *ce
	if modelPath != "" {
		absModel, err1 := filepath.Abs(modelPath)
		absOut, err2 := filepath.Abs(path)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(filepath.Dir(absOut), absModel); err == nil {
				sc.Model = filepath.ToSlash(rel)
			}
		}
	}
	var b bytes.Buffer
	if err := writeJSON(&b, &sc); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
