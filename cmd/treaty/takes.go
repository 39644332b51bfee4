package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
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
it; "impossible" that no values of the unknown facts can.

--format json prints a document with schema tag treatycond.takes/v1 (see
'treaty schema takes').

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or analysed.`,
}

// takesDoc is the JSON form of 'treaty takes'.
type takesDoc struct {
	Schema   string `json:"schema"`
	Model    string `json:"model"`
	Scenario string `json:"scenario,omitempty"`
	*treaty.Prospects
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
			var opts []treaty.TakesOption
			if len(readings) > 0 {
				opts = append(opts, treaty.ForReadings(readings...))
			}
			if len(open) > 0 {
				opts = append(opts, treaty.OpenFacts(open...))
			}
			p, err := treaty.WhatItTakes(in.model, in.scenario, clause, opts...)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty takes: %v\n", err)
				return exitUsage
			}
			doc := takesDoc{Schema: "treatycond.takes/v1", Model: in.model.ID, Scenario: in.scenario.ID, Prospects: p}
			if format.value == "json" {
				err = writeJSON(e.stdout, doc)
			} else {
				err = writeTakes(e.stdout, doc)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty takes: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// writeTakes renders prospects as text.
func writeTakes(w io.Writer, doc takesDoc) error {
	ew := &errWriter{w: w}
	p := doc.Prospects
	fmt.Fprintf(ew, "What it takes: %s as of %s", p.Clause, p.AsOf)
	if doc.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", doc.Scenario)
	}
	fmt.Fprintln(ew)
	for _, r := range p.Readings {
		fmt.Fprintf(ew, "\nReading %s: %s\n", r.Reading, r.Status)
		fmt.Fprintf(ew, "  condition: %s\n", r.Condition)
		if !r.InForce {
			fmt.Fprintln(ew, "  not in force on the date: no facts change that")
			continue
		}
		writeAssignments(ew, "  to be due:     ", r.ToBeDue)
		writeAssignments(ew, "  to be not due: ", r.ToBeNotDue)
	}
	if len(p.NotConcerned) > 0 {
		fmt.Fprintf(ew, "\nNot concerned (no party, author, bearer or beneficiary, no acceptance or rejection): %s\n", strings.Join(p.NotConcerned, ", "))
	}
	if len(p.Contested) > 0 {
		fmt.Fprintln(ew, "\nContested (some readings accept, others do not):")
		for _, c := range p.Contested {
			fmt.Fprintf(ew, "  %s\n", c)
		}
	}
	fmt.Fprintln(ew, "\nCommon ground (due under every concerned reading):")
	var out []string
	for _, d := range p.Disputed {
		if len(d.Assignment) == 0 {
			for _, s := range d.Statuses {
				if s.Status == treaty.NotInForce {
					out = append(out, s.Reading)
				}
			}
		}
	}
	switch {
	case len(out) > 0:
		fmt.Fprintf(ew, "  none: the clause is out of force under %s whatever the facts\n", strings.Join(out, ", "))
	case len(p.CommonGround) == 0:
		fmt.Fprintln(ew, "  none")
	default:
		for _, a := range p.CommonGround {
			fmt.Fprintf(ew, "  %s\n", assignmentText(a))
		}
	}
	fmt.Fprintln(ew, "\nDisputed (the readings disagree):")
	if len(p.Disputed) == 0 {
		fmt.Fprintln(ew, "  none")
	}
	for _, d := range p.Disputed {
		var st []string
		for _, s := range d.Statuses {
			st = append(st, s.Reading+" "+string(s.Status))
		}
		head := assignmentText(d.Assignment)
		if len(d.Assignment) == 0 {
			head = "whatever the facts"
		}
		fmt.Fprintf(ew, "  %s: %s\n", head, strings.Join(st, ", "))
		for _, b := range d.Because {
			fmt.Fprintf(ew, "    differs because %s\n", b)
		}
		for _, o := range d.Origins {
			fmt.Fprintf(ew, "    %s: from %s (%s), in %s\n", o.Atom, o.Instrument, strings.ReplaceAll(o.Relation, "_", " "), strings.Join(o.Readings, ", "))
		}
	}
	return ew.err
}

func writeAssignments(w io.Writer, head string, as []conditions.Assignment) {
	pad := strings.Repeat(" ", len(head))
	switch {
	case len(as) == 0:
		fmt.Fprintf(w, "%simpossible\n", head)
	case len(as) == 1 && len(as[0]) == 0:
		fmt.Fprintf(w, "%salready\n", head)
	default:
		for i, a := range as {
			h := head
			if i > 0 {
				h = pad[:len(pad)-3] + "or "
			}
			fmt.Fprintf(w, "%s%s\n", h, assignmentText(a))
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
	for _, d := range changeDates(m, nil) {
		if d.After(best) && (inst.Terminated.IsZero() || d.Before(inst.Terminated)) {
			best = d
		}
	}
	if !inst.Terminated.IsZero() && !best.Before(inst.Terminated) {
		return treaty.Date{}, false
	}
	return best, true
}
