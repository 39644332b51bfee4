package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/treatycond/treatycond/treaty"
)

var timelineCmd = &command{
	name:    "timeline",
	args:    "[MODEL.json] [--scenario S.json] [--as-of DATE] [--clause ID] [--reading ID] [--from DATE] [--to DATE] [--set fact=value] [--format text|mermaid]",
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

--format text prints a table per clause and reading; --format mermaid
prints a Mermaid gantt chart with one section per reading (per clause and
reading when there are several clauses) and one task per period.

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
		format := newFormat(fs, "text", "text", "mermaid")
		return func(e *env, args []string) int {
			in, ok := sf.load(e, "timeline", args)
			if !ok || !checkSelection(e, "timeline", in.model, clauses, readings) {
				return exitUsage
			}
			dates := changeDates(in.model, in.scenario)
			var from, to treaty.Date
			var err error
			if fromText != "" {
				if from, err = treaty.ParseDate(fromText); err != nil {
					fmt.Fprintf(e.stderr, "treaty timeline: --from: %v\n", err)
					return exitUsage
				}
			} else if len(dates) > 0 {
				from = dates[0]
			}
			switch {
			case toText != "":
				if to, err = treaty.ParseDate(toText); err != nil {
					fmt.Fprintf(e.stderr, "treaty timeline: --to: %v\n", err)
					return exitUsage
				}
			case !in.scenario.AsOf.IsZero():
				to = in.scenario.AsOf
			case len(dates) > 0:
				to = dates[len(dates)-1]
			}
			if from.IsZero() {
				from = to
			}
			if from.IsZero() || to.IsZero() {
				fmt.Fprintln(e.stderr, "treaty timeline: the model and scenario mention no dates: give --from and --to")
				return exitUsage
			}
			if to.Before(from) {
				fmt.Fprintf(e.stderr, "treaty timeline: --to %s is before --from %s\n", to, from)
				return exitUsage
			}
			tl, err := buildTimeline(in.model, in.scenario, dates, from, to, evalOptions(readings, clauses))
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty timeline: %v\n", err)
				return exitUsage
			}
			if format.value == "mermaid" {
				err = tl.writeMermaid(e.stdout)
			} else {
				err = tl.writeText(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty timeline: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// changeDates returns every date on which the evaluation of m under s may
// change, ascending and without duplicates.
func changeDates(m *treaty.Model, s *treaty.Scenario) []treaty.Date {
	var ds []treaty.Date
	add := func(d treaty.Date) {
		if !d.IsZero() {
			ds = append(ds, d)
		}
	}
	for _, p := range m.Parties {
		if p.Continues != nil {
			add(p.Continues.From)
		}
	}
	for _, inst := range m.Instruments {
		add(inst.Signed)
		add(inst.InForce)
		add(inst.Terminated)
		for _, c := range inst.Clauses {
			for _, w := range []*treaty.When{c.NotBefore, c.Deadline} {
				if w != nil {
					add(w.Date)
				}
			}
		}
		for _, r := range inst.Relations {
			add(r.From)
			add(r.Until)
		}
	}
	for _, r := range m.Readings {
		for _, rej := range r.Rejects {
			add(rej.Date)
		}
	}
	if s != nil {
		for _, f := range s.Facts {
			for _, ch := range f.History {
				add(ch.From)
			}
		}
	}
	slices.SortFunc(ds, treaty.Date.Compare)
	return slices.CompactFunc(ds, treaty.Date.Equal)
}

// timeline is the status of clauses under readings over [from, to].
type timeline struct {
	title    string
	scenario string
	from, to treaty.Date
	tracks   []track
}

// track is one clause under one reading.
type track struct {
	clause, reading string
	periods         []period
}

// period is a run of days with the same status, value and effective
// condition.
type period struct {
	from, to  treaty.Date // inclusive
	status    treaty.Status
	value     string
	condition string
	reason    string
}

// same reports whether p and o have the same status, value and effective
// condition, so that they can be one period.
func (p period) same(o period) bool {
	return p.status == o.status && p.value == o.value && (p.status == treaty.NotInForce || p.condition == o.condition)
}

// buildTimeline evaluates m under s on from and on every change date up to
// to, then on the day after each deadline found, and merges equal runs.
func buildTimeline(m *treaty.Model, s *treaty.Scenario, dates []treaty.Date, from, to treaty.Date, opts []treaty.EvalOption) (*timeline, error) {
	tl := &timeline{title: m.ID, scenario: s.ID, from: from, to: to}
	if m.Title != "" {
		tl.title = m.Title
	}
	points := []treaty.Date{from}
	for _, d := range dates {
		if d.After(from) && !d.After(to) {
			points = append(points, d)
		}
	}
	reports := map[treaty.Date]*treaty.Report{}
	evalAt := func(d treaty.Date) error {
		if _, ok := reports[d]; ok {
			return nil
		}
		rep, err := treaty.Evaluate(m, s, append(slices.Clone(opts), treaty.AsOf(d))...)
		if err != nil {
			return err
		}
		reports[d] = rep
		return nil
	}
	for _, d := range points {
		if err := evalAt(d); err != nil {
			return nil, err
		}
	}
	// Deadlines measured from the due date appear only in results: add the
	// day after each, once.
	var extra []treaty.Date
	for _, rep := range reports {
		for _, r := range rep.Results {
			if r.Deadline != nil {
				if d := r.Deadline.AddDays(1); d.After(from) && !d.After(to) {
					extra = append(extra, d)
				}
			}
		}
	}
	for _, d := range extra {
		if err := evalAt(d); err != nil {
			return nil, err
		}
		points = append(points, d)
	}
	slices.SortFunc(points, treaty.Date.Compare)
	points = slices.CompactFunc(points, treaty.Date.Equal)

	index := map[[2]string]int{}
	for _, r := range reports[points[0]].Results {
		index[[2]string{r.Clause, r.Reading}] = len(tl.tracks)
		tl.tracks = append(tl.tracks, track{clause: r.Clause, reading: r.Reading})
	}
	for i, d := range points {
		end := to
		if i+1 < len(points) {
			end = points[i+1].AddDays(-1)
		}
		for _, r := range reports[d].Results {
			k, ok := index[[2]string{r.Clause, r.Reading}]
			if !ok {
				continue
			}
			t := &tl.tracks[k]
			p := period{from: d, to: end, status: r.Status, value: r.Value.String(), condition: r.Condition, reason: r.Reason}
			if n := len(t.periods); n > 0 && t.periods[n-1].same(p) {
				t.periods[n-1].to = end
				continue
			}
			t.periods = append(t.periods, p)
		}
	}
	return tl, nil
}

func (tl *timeline) writeText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s: %s to %s", tl.title, tl.from, tl.to)
	if tl.scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", tl.scenario)
	}
	fmt.Fprintln(ew)
	last := ""
	for _, t := range tl.tracks {
		if t.clause != last {
			fmt.Fprintf(ew, "\n%s\n", t.clause)
			last = t.clause
		}
		fmt.Fprintf(ew, "  %s\n", t.reading)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, p := range t.periods {
			cond := p.condition
			if p.status == treaty.NotInForce {
				cond = "-"
			}
			fmt.Fprintf(tw, "    %s .. %s\t%s\t%s\t%s\t%s\n", p.from, p.to, p.status, p.value, cond, p.reason)
		}
		tw.Flush()
	}
	return ew.err
}

// ganttText makes s safe as a Mermaid gantt title, section or task name.
func ganttText(s string) string {
	return strings.NewReplacer(":", " ", "#", " ", ";", ",", "\n", " ", "\r", "").Replace(s)
}

func (tl *timeline) writeMermaid(w io.Writer) error {
	ew := &errWriter{w: w}
	clauses := map[string]bool{}
	for _, t := range tl.tracks {
		clauses[t.clause] = true
	}
	title := tl.title
	if len(clauses) == 1 && len(tl.tracks) > 0 {
		title = tl.tracks[0].clause + " - " + title
	}
	if tl.scenario != "" {
		title += " (scenario " + tl.scenario + ")"
	}
	fmt.Fprintln(ew, "gantt")
	fmt.Fprintf(ew, "  title %s\n", ganttText(title))
	fmt.Fprintln(ew, "  dateFormat YYYY-MM-DD")
	io.WriteString(ew, "  axisFormat %Y-%m-%d\n")
	fmt.Fprintln(ew, "  todayMarker off")
	n := 0
	for _, t := range tl.tracks {
		section := t.reading
		if len(clauses) > 1 {
			section = t.clause + " / " + t.reading
		}
		fmt.Fprintf(ew, "  section %s\n", ganttText(section))
		for _, p := range t.periods {
			name := strings.ReplaceAll(string(p.status), "_", " ")
			if p.status != treaty.NotInForce {
				name += " (" + p.value + ")"
			}
			tag := map[treaty.Status]string{treaty.Due: "active, ", treaty.Fulfilled: "done, ", treaty.Violated: "crit, "}[p.status]
			// Gantt ends are exclusive: a period ending on day d ends at d+1.
			fmt.Fprintf(ew, "  %s :%st%d, %s, %s\n", ganttText(name), tag, n, p.from, p.to.AddDays(1))
			n++
		}
	}
	return ew.err
}
