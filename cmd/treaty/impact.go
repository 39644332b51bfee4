package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"

	"github.com/treatycond/treatycond/treaty"
)

var impactCmd = &command{
	name:    "impact",
	args:    "[MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--open FACT,...] [--reading ID] [--set fact=value] [--format text|json]",
	short:   "what each unknown fact would decide about a clause",
	minArgs: 0, maxArgs: 1,
	long: `
Impact answers "what should we find out next" about one clause: for each
unknown fact (or comparison on a fact, such as turnout > 0.5) that matters
to the readings' effective conditions, each reading's status and the state
of the dispute between the concerned readings (agree, disagree, undecided)
if it turns out true, and if it turns out false. The facts are ranked by
how much they decide: the readings whose status they decide plus the
changes of the dispute state, over both outcomes. Unknown facts that
cannot change anything are listed as irrelevant.

The answer is exact (a BDD of the conditions), not sampled. As in takes,
"due" means the condition holds while the clause is in force; --open FACT
treats a fact the scenario knows as unknown. A clause with no condition,
or out of force under every reading, is answered in plain words.

--format json prints a document with schema tag treatycond.impact/v1 (see
'treaty schema impact').

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or analysed.`,
}

func init() {
	impactCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.register(fs, true)
		var readings, open listFlag
		var clause string
		fs.StringVar(&clause, "clause", "", "the clause `id` to analyse (required)")
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		fs.Var(&open, "open", "treat the `fact` as unknown even if the scenario gives it (repeatable; \"*\" for all)")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			in, opts, ok := clauseCommandInputs(e, "impact", &sf, args, clause, readings, open)
			if !ok {
				return exitUsage
			}
			if len(readings) > 0 {
				opts = append(opts, treaty.ForReadings(readings...))
			}
			rep, err := treaty.ImpactContext(e.context(), in.model, in.scenario, clause, opts...)
			if err != nil {
				printErrorsPrefixed(e.stderr, "impact", err)
				return exitUsage
			}
			if format.value == "json" {
				err = writeJSON(e.stdout, rep)
			} else {
				err = rep.WriteText(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty impact: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// clauseCommandInputs loads the inputs of a command that analyses one
// clause (impact, compare): it checks --clause, --reading and --open with
// did-you-mean hints, and defaults the date as takes does. It returns the
// options for --open.
func clauseCommandInputs(e *env, cmd string, sf *scenarioFlags, args []string, clause string, readings, open []string) (inputs, []treaty.TakesOption, bool) {
	if clause == "" {
		fmt.Fprintf(e.stderr, "treaty %s: --clause is required\n", cmd)
		return inputs{}, nil, false
	}
	in, ok := sf.load(e, cmd, args)
	if !ok || !checkSelection(e, cmd, in.model, []string{clause}, readings) {
		return inputs{}, nil, false
	}
	info, _ := findClause(in.model, clause)
	if in.scenario.AsOf.IsZero() {
		d, ok := defaultDate(in.model, info.Instrument)
		if !ok {
			fmt.Fprintf(e.stderr, "treaty %s: the model mentions no date on which the clause's instrument is in force: give --as-of\n", cmd)
			return inputs{}, nil, false
		}
		in.scenario.AsOf = d
	}
	for _, name := range open {
		if name != "*" && len(in.model.Facts) > 0 && !slices.Contains(factNames(in.model), name) {
			fmt.Fprintf(e.stderr, "treaty %s: --open: %s\n", cmd,
				unknownText("model "+strconv.Quote(in.model.ID)+" declares no fact", name, factNames(in.model), maxListed))
			return inputs{}, nil, false
		}
	}
	var opts []treaty.TakesOption
	if len(open) > 0 {
		opts = append(opts, treaty.OpenFacts(open...))
	}
	return in, opts, true
}
