package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

var sweepCmd = &command{
	name:    "sweep",
	args:    "[MODEL.json] --vary FACT,... [--values FACT=V1,V2,...] [--scenario S.json] [--as-of DATE] [--reading ID] [--clause ID] [--set fact=value] [--examples N] [--max N] [--format text|json]",
	short:   "count statuses per clause and reading over a space of fact values",
	minArgs: 0, maxArgs: 1,
	long: `
Sweep evaluates the model for every combination of values of the facts
named by --vary (the other facts as in the scenario as of its date, or
unknown) and counts, for each clause and reading, how many combinations
give each status (not_in_force, not_due, undetermined, due, fulfilled,
violated), and for each clause in how many combinations the readings
disagree, listing the first --examples of those combinations.

A bool fact varies over true and false unless --values says otherwise
(--values fact=true,false,unknown adds the unknown value); facts of other
types need --values FACT=V1,V2,... (repeatable), each value written as for
--set: true/false, numbers, strings, YYYY-MM-DD dates, null or unknown; a
set fact as a JSON array of members (or an object from member to true,
false or null) and an indexed fact as a JSON object from member to value,
the commas inside them not separating values:
--values 'communes=["a"],["a","b"],unknown'. The model must declare its
facts. The date is the scenario's as_of or --as-of.
Each combination gets exactly the status 'treaty eval' would give it.

When a varied value starts: a varied value holds on every date, replacing
the fact's history in the scenario, as 'treaty eval --set fact=value' (no
date) does; so each combination gets the status 'treaty eval --set' gives
the same values. To vary a fact only from a date on, keep its history with
'--set fact=value@YYYY-MM-DD' for one value at a time instead. --set works
here as for eval: it changes the scenario before the sweep.

At most --max combinations are evaluated. When stderr is a terminal and the
run takes more than a moment, a progress bar is drawn on stderr; nothing is
drawn otherwise. Interrupt (or --timeout) stops the sweep: it prints the
counts so far, marked PARTIAL (in JSON, "partial": true and "evaluated"),
says so on stderr and exits with status 2.

--format json prints a document with schema tag treatycond.sweep/v2 (see
'treaty schema sweep').

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or evaluated.`,
}

func init() {
	sweepCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.needDate = true
		sf.register(fs, true)
		var vary, readings, clauses listFlag
		var values multiFlag
		fs.Var(&vary, "vary", "the `facts` to vary (comma-separated or repeated; required)")
		fs.Var(&values, "values", "the values of a varied fact: `fact=v1,v2,...` (repeatable)")
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		fs.Var(&clauses, "clause", "limit to the clause `id` (repeatable, or comma-separated)")
		examples := fs.Int("examples", 3, "list up to `n` combinations where readings disagree")
		maxN := fs.Uint64("max", 1<<24, "the largest number of `combinations` to evaluate")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			if len(vary) == 0 {
				fmt.Fprintln(e.stderr, "treaty sweep: --vary is required")
				return exitUsage
			}
			if *examples < 0 {
				fmt.Fprintln(e.stderr, "treaty sweep: --examples must not be negative")
				return exitUsage
			}
			in, ok := sf.load(e, "sweep", args)
			if !ok || !checkSelection(e, "sweep", in.model, clauses, readings) {
				return exitUsage
			}
			spec, total, err := sweepSpec(in.model, vary, values, *maxN)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty sweep: %v\n", err)
				return exitUsage
			}
			spec.Disagreements = *examples
			var prog *progress
			if e.stderrTTY {
				prog = startProgress(e.stderr, total, 500*time.Millisecond)
				spec.Progress = prog.set
			}
			res, err := treaty.Sweep(e.context(), in.model, in.scenario, spec, sweepOptions(readings, clauses)...)
			prog.stop()
			if err != nil && (res == nil || !res.Partial) {
				fmt.Fprintf(e.stderr, "treaty sweep: %v\n", err)
				return exitUsage
			}
			if err != nil {
				// Interrupted: print what was counted, marked partial.
				defer fmt.Fprintf(e.stderr, "treaty sweep: %v; the counts printed are partial: %d of %d combinations\n", err, res.Evaluated, res.Scenarios)
			}
			var werr error
			if format.value == "json" {
				werr = writeJSON(e.stdout, res)
			} else {
				werr = res.WriteText(e.stdout)
			}
			if werr != nil {
				fmt.Fprintf(e.stderr, "treaty sweep: %v\n", werr)
				return exitUsage
			}
			if err != nil {
				return exitUsage
			}
			return exitOK
		}
	}
}

// sweepSpec builds the sweep's fact space: bool facts without --values
// vary over true and false, the others over their --values. total is the
// number of combinations, at most maxN.
func sweepSpec(m *treaty.Model, vary []string, values []string, maxN uint64) (treaty.SweepSpec, uint64, error) {
	var spec treaty.SweepSpec
	given := map[string][]string{}
	for _, v := range values {
		name, list, ok := strings.Cut(v, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return spec, 0, fmt.Errorf("--values %s: want fact=v1,v2,...", v)
		}
		if !slices.Contains(vary, name) {
			return spec, 0, fmt.Errorf("--values %s: fact %q is not in --vary", v, name)
		}
		if _, dup := given[name]; dup {
			return spec, 0, fmt.Errorf("--values gives fact %q twice", name)
		}
		given[name] = splitValues(list)
	}
	if len(m.Facts) == 0 {
		return spec, 0, fmt.Errorf("model %q declares no facts: sweep needs declared facts", m.ID)
	}
	total := uint64(1)
	seen := map[string]bool{}
	for _, name := range vary {
		if seen[name] {
			return spec, 0, fmt.Errorf("--vary names %q twice", name)
		}
		seen[name] = true
		i := slices.IndexFunc(m.Facts, func(f treaty.FactDecl) bool { return f.Name == name })
		if i < 0 {
			return spec, 0, errors.New("--vary: " + unknownText("model "+strconv.Quote(m.ID)+" declares no fact", name, factNames(m), 0))
		}
		typ := m.Facts[i].Type
		var n uint64 // the number of values of the fact
		texts, ok := given[name]
		if !ok {
			if isCollDecl(m.Facts[i]) {
				return spec, 0, fmt.Errorf("fact %q is indexed or a set: give its values with --values '%s=V1,V2,...', each a JSON array or object", name, name)
			}
			if typ != conditions.Bool {
				return spec, 0, fmt.Errorf("fact %q is a %s: give its values with --values %s=v1,v2,...", name, typ, name)
			}
			spec.Vary = append(spec.Vary, name)
			n = 2
		} else {
			if spec.Values == nil {
				spec.Values = map[string][]any{}
			}
			for _, t := range texts {
				parse := func(text string) (any, error) { return parseValue(text, typ) }
				if isCollDecl(m.Facts[i]) {
					parse = func(text string) (any, error) { return parseCollValue(m, m.Facts[i], text) }
				}
				v, err := parse(strings.TrimSpace(t))
				if err != nil {
					return spec, 0, fmt.Errorf("--values %s: %v", name, err)
				}
				spec.Values[name] = append(spec.Values[name], v)
			}
			n = uint64(len(texts))
		}
		// A product of 2^64 or more would wrap around.
		hi, prod := bits.Mul64(total, n)
		if hi != 0 {
			return spec, 0, errors.New("2^64 or more combinations: vary fewer facts")
		}
		if prod > maxN {
			return spec, 0, fmt.Errorf("more than %d combinations: vary fewer facts or raise --max", maxN)
		}
		total = prod
	}
	return spec, total, nil
}

// progress draws a progress bar on a terminal once a run has lasted
// longer than a delay. A nil *progress does nothing.
type progress struct {
	w           io.Writer
	done, total atomic.Uint64
	quit        chan struct{}
	wg          sync.WaitGroup
}

func startProgress(w io.Writer, total uint64, delay time.Duration) *progress {
	p := &progress{w: w, quit: make(chan struct{})}
	p.total.Store(total)
	p.wg.Go(func() {
		select {
		case <-time.After(delay):
		case <-p.quit:
			return
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprint(p.w, "\r"+progressBar(p.done.Load(), p.total.Load(), 30))
			select {
			case <-tick.C:
			case <-p.quit:
				fmt.Fprint(p.w, "\r"+strings.Repeat(" ", 30+48)+"\r")
				return
			}
		}
	})
	return p
}

// set records progress; it has the signature of [treaty.SweepSpec].Progress.
func (p *progress) set(done, total uint64) {
	if p != nil {
		p.done.Store(done)
		p.total.Store(total)
	}
}

func (p *progress) stop() {
	if p != nil {
		close(p.quit)
		p.wg.Wait()
	}
}

// progressBar renders "[#####.....]  50% 5/10" with a bar of width cells.
func progressBar(done, total uint64, width int) string {
	total = max(total, 1)
	done = min(done, total)
	filled := int(done * uint64(width) / total)
	return fmt.Sprintf("[%s%s] %3d%% %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done*100/total, done, total)
}
