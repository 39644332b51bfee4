package main

import (
	"flag"
	"fmt"
	"slices"
	"strconv"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

var takesCmd = &command{
	name:    "takes",
	args:    "[MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--open FACT,...] [--reading ID] [--set fact=value] [--format text|json]",
	short:   "what it would take for a clause to be due under each reading",
	minArgs: 0, maxArgs: 1,
	long: `
Takes analyses one clause: for each reading, the effective condition and
every minimal assignment of the unknown facts (or of comparisons on them)
that would make the clause due, and every one that would make it not due;
then the common ground - the minimal assignments under which every reading
holds it due - and the disputed region - the minimal assignments under
which the readings disagree, with each reading's status.

Facts the scenario knows are held fixed: the analysis asks what would have
to happen from where the scenario stands. --open FACT (repeatable, or
comma-separated; "*" for all facts) treats a fact as unknown even so.
Without --scenario every fact is unknown, and the date is --as-of or, by
default, the latest date the model mentions on which the clause's
instrument is in force (the day before it ends, if it has ended).

A reading under which the clause is not in force on the date has no
assignments: no fact changes that. "already" means the known facts decide
it; "impossible while the scenario's known facts stay fixed" that no values
of the unknown facts can while the facts the scenario gives keep their
values (listed as "held fixed"): open them with --open to ask what they
would have to be.

--format json prints a document with schema tag treatycond.takes/v2 (see
'treaty schema takes').

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or analysed.`,
}

func init() {
	takesCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.register(fs, true)
		var readings, open listFlag
		var clause string
		fs.StringVar(&clause, "clause", "", "the clause `id` to analyse (required)")
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		fs.Var(&open, "open", "treat the `fact` as unknown even if the scenario gives it (repeatable; \"*\" for all)")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			if clause == "" {
				fmt.Fprintln(e.stderr, "treaty takes: --clause is required")
				return exitUsage
			}
			in, ok := sf.load(e, "takes", args)
			if !ok || !checkSelection(e, "takes", in.model, []string{clause}, readings) {
				return exitUsage
			}
			info, _ := findClause(in.model, clause)
			if in.scenario.AsOf.IsZero() {
				d, ok := defaultDate(in.model, info.Instrument)
				if !ok {
					fmt.Fprintln(e.stderr, "treaty takes: the model mentions no date on which the clause's instrument is in force: give --as-of")
					return exitUsage
				}
				in.scenario.AsOf = d
			}
			for _, name := range open {
				if name != "*" && len(in.model.Facts) > 0 && !slices.Contains(factNames(in.model), name) {
					fmt.Fprintf(e.stderr, "treaty takes: --open: %s\n",
						unknownText("model "+strconv.Quote(in.model.ID)+" declares no fact", name, factNames(in.model), maxListed))
					return exitUsage
				}
			}
			var opts []treaty.TakesOption
			if len(readings) > 0 {
				opts = append(opts, treaty.ForReadings(readings...))
			}
			if len(open) > 0 {
				opts = append(opts, treaty.OpenFacts(open...))
			}
			p, err := treaty.WhatItTakesContext(e.context(), in.model, in.scenario, clause, opts...)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty takes: %v\n", err)
				return exitUsage
			}
			if format.value == "json" {
				err = writeJSON(e.stdout, p)
			} else {
				err = p.WriteText(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty takes: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// defaultDate returns the latest date the model mentions on which the
// instrument is in force, or the day before it ends.
func defaultDate(m *treaty.Model, instrument string) (treaty.Date, bool) {
	var inst *treaty.Instrument
	for i := range m.Instruments {
		if m.Instruments[i].ID == instrument {
			inst = &m.Instruments[i]
		}
	}
	if inst == nil {
		return treaty.Date{}, false
	}
	start := inst.InForce
	if start.IsZero() {
		start = inst.Signed
	}
	if start.IsZero() {
		return treaty.Date{}, false
	}
	best := start
	for _, d := range view.ChangeDates(m, nil) {
		if d.After(best) && (inst.Terminated.IsZero() || d.Before(inst.Terminated)) {
			best = d
		}
	}
	if !inst.Terminated.IsZero() && !best.Before(inst.Terminated) {
		return treaty.Date{}, false
	}
	return best, true
}
