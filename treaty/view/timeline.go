package view

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// TimelineSchema is the version tag of a [Timeline] in JSON.
const TimelineSchema = "treatycond.timeline/v1"

// Timeline is where clauses stood over a range of dates under each
// reading: for every clause and reading, the periods over which status,
// value and effective condition stayed the same.
//
// In JSON it is versioned by "schema": "treatycond.timeline/v1"; the JSON
// Schema is JSONSchema("timeline"). Each period's "value" is a string
// ("true", "false", "unknown") and "holds" the same truth as a JSON
// boolean, or null when unknown.
type Timeline struct {
	// Schema is TimelineSchema.
	Schema string `json:"schema"`
	// Model is the model's id; Title its title, or its id.
	Model    string `json:"model"`
	Title    string `json:"title"`
	Scenario string `json:"scenario,omitempty"`
	// From and To bound the timeline, both inclusive.
	From treaty.Date `json:"from"`
	To   treaty.Date `json:"to"`
	// Tracks has one entry per clause and reading, in report order.
	Tracks []Track `json:"tracks"`
}

// Track is one clause under one reading over time.
type Track struct {
	Clause string `json:"clause"`
	// Instance names one instance of an each-party clause
	// ([treaty.Result.Instance]), "" for a plain clause. Before the
	// first day an instance exists (both its parties bound) its track is
	// not_in_force.
	Instance string `json:"instance,omitempty"`
	Reading  string `json:"reading"`
	// Periods cover From to To without gaps, in date order.
	Periods []Period `json:"periods"`
}

// Period is a run of days over which a clause kept its status, value and
// effective condition under a reading.
type Period struct {
	// From and To are the first and last day, inclusive.
	From   treaty.Date   `json:"from"`
	To     treaty.Date   `json:"to"`
	Status treaty.Status `json:"status"`
	// Value is the effective condition's value; Unknown when the clause
	// is not in force.
	Value conditions.Truth `json:"value"`
	// Condition is the effective condition; empty when the clause is not
	// in force.
	Condition string `json:"condition"`
	// Reason says why the clause has its status, on the period's first
	// day.
	Reason string `json:"reason"`
	// Deadline is the resolved deadline on the period's first day, if any.
	Deadline *treaty.Date `json:"deadline,omitempty"`
	// Ended, if set, says that the clause's instrument had ended by the
	// period's first day, when and by what (see [treaty.Result.Ended]): a
	// fulfilled or violated status that outlives its instrument gets a
	// period of its own.
	Ended *treaty.Ending `json:"ended,omitempty"`
	// DisappliedBy lists the exceptions that disapply the clause over the
	// period, and Undetermined those whose application is unknown (see
	// [treaty.Result.Exceptions]).
	DisappliedBy []string `json:"disapplied_by,omitempty"`
	Undetermined []string `json:"exceptions_undetermined,omitempty"`
}

// MarshalJSON encodes the period with "holds": its value as a JSON
// boolean, or null when unknown.
func (p Period) MarshalJSON() ([]byte, error) {
	type plain Period
	var holds *bool
	if p.Value != conditions.Unknown {
		b := p.Value == conditions.True
		holds = &b
	}
	return json.Marshal(struct {
		plain
		Holds *bool `json:"holds"`
	}{plain(p), holds})
}

// same reports whether p and o have the same status, value and effective
// condition, and are both before or both after an end of the instrument,
// so that they can be one period.
func (p Period) same(o Period) bool {
	return p.Status == o.Status && p.Value == o.Value && p.Condition == o.Condition && (p.Ended == nil) == (o.Ended == nil) &&
		slices.Equal(p.DisappliedBy, o.DisappliedBy) && slices.Equal(p.Undetermined, o.Undetermined)
}

// ChangeDates returns every date the model and scenario mention on which
// the evaluation of m under s may change, ascending and without
// duplicates: signatures, entries into force and terminations,
// successions, the dates of relations and rejections, the dates of the
// readings' own fact histories ([treaty.ReadingFact]), the dates of the
// scenario's fact histories, and clauses' start dates and deadlines (with
// the day after each deadline) that are fixed or counted from an
// instrument's dates or from a date fact, for every value the scenario
// gives that fact. s may be nil. Deadlines counted from the day a clause
// became due depend on the evaluation and are not included.
func ChangeDates(m *treaty.Model, s *treaty.Scenario) []treaty.Date {
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
			for _, w := range []*treaty.When{c.NotBefore, c.From, c.Until} {
				if w != nil {
					for _, d := range whenDates(w, &inst, s, "in_force") {
						add(d)
					}
				}
			}
			if p := c.Power; p != nil && s != nil {
				// A power's effect may start the delay after each change
				// of its exercise fact (under some reading).
				for _, ch := range s.Facts[p.Exercise].History {
					add(ch.From.Add(p.After))
				}
			}
			if c.Deadline != nil {
				for _, d := range whenDates(c.Deadline, &inst, s, "due") {
					add(d)
					add(d.AddDays(1))
				}
			}
		}
		for _, r := range inst.Relations {
			add(r.From)
			add(r.Until)
		}
		for _, mb := range inst.Members {
			add(mb.Signed)
			add(mb.Consent)
			add(mb.InForce)
			if inst.EntryIntoForce != nil && !mb.Consent.IsZero() {
				add(mb.Consent.Add(inst.EntryIntoForce.ForParty))
			}
			if w := mb.Withdrawal; w != nil {
				add(w.Notified)
				add(w.Effective)
				if inst.EntryIntoForce != nil && !w.Notified.IsZero() {
					add(w.Notified.Add(inst.EntryIntoForce.WithdrawalNotice))
				}
			}
		}
		for _, st := range inst.Statements {
			add(st.Made)
			add(st.Notified)
			add(st.Withdrawn)
		}
	}
	for _, r := range m.Readings {
		for _, rej := range r.Rejects {
			add(rej.Date)
		}
		for _, rf := range r.Facts {
			// A reading's own dated values; its definitions change
			// when the scenario facts they read do.
			for _, ch := range rf.History {
				add(ch.From)
			}
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

// whenDates resolves w for a clause of inst in every way the model and
// scenario allow: its fixed date, the period after the instrument's
// in-force or signature date, or after each value the scenario gives the
// date fact it is counted from. def is the anchor when w names none.
func whenDates(w *treaty.When, inst *treaty.Instrument, s *treaty.Scenario, def string) []treaty.Date {
	if !w.Date.IsZero() {
		return []treaty.Date{w.Date}
	}
	var bases []treaty.Date
	switch from := cmpOr(w.From, def); from {
	case "due":
	case "in_force":
		bases = append(bases, cmpDate(inst.InForce, inst.Signed))
	case "signed":
		bases = append(bases, inst.Signed)
	default:
		if s == nil {
			break
		}
		f, ok := s.Facts[from]
		if !ok {
			break
		}
		if d, ok := dateValue(f.Value); ok {
			bases = append(bases, d)
		}
		for _, ch := range f.History {
			if d, ok := dateValue(ch.Value); ok {
				bases = append(bases, d)
			}
		}
	}
	var out []treaty.Date
	for _, b := range bases {
		if !b.IsZero() {
			out = append(out, b.Add(w.After))
		}
	}
	return out
}

// cmpDate returns a unless it is zero, else b.
func cmpDate(a, b treaty.Date) treaty.Date {
	if !a.IsZero() {
		return a
	}
	return b
}

// dateValue reads a date fact's value as a scenario may give it: a Date,
// a time.Time or a "YYYY-MM-DD" string.
func dateValue(v any) (treaty.Date, bool) {
	switch x := v.(type) {
	case treaty.Date:
		return x, !x.IsZero()
	case time.Time:
		return treaty.DateOf(x), true
	case string:
		d, err := treaty.ParseDate(x)
		return d, err == nil
	}
	return treaty.Date{}, false
}

// NewTimeline evaluates m under s with [treaty.Evaluate] on from, on every
// date of [ChangeDates] up to to, on the day after every deadline the
// results name and on every since date they name (where a condition on the
// evaluation date, asof, changed value as time passed), and merges the days on which a clause keeps its status,
// value and effective condition into periods.
//
// A zero from is the earliest date of ChangeDates; a zero to is the
// scenario's as-of date or, without one, the latest date of ChangeDates.
// opts are passed to Evaluate ([treaty.ForClauses], [treaty.ForReadings]);
// the date is the timeline's own, whatever [treaty.AsOf] says. It never
// modifies m or s.
func NewTimeline(m *treaty.Model, s *treaty.Scenario, from, to treaty.Date, opts ...treaty.EvalOption) (*Timeline, error) {
	return NewTimelineContext(context.Background(), m, s, from, to, opts...)
}

// NewTimelineContext is [NewTimeline] under a context: it evaluates with
// [treaty.EvaluateContext], and when ctx is cancelled or its deadline
// passes it stops and returns an error that wraps ctx.Err() (and
// [treaty.ErrCanceled]), so that errors.Is(err, context.Canceled) holds.
func NewTimelineContext(ctx context.Context, m *treaty.Model, s *treaty.Scenario, from, to treaty.Date, opts ...treaty.EvalOption) (*Timeline, error) {
	if m == nil || s == nil {
		return nil, errors.New("view: a model and a scenario are needed")
	}
	dates := ChangeDates(m, s)
	if from.IsZero() && len(dates) > 0 {
		from = dates[0]
	}
	switch {
	case !to.IsZero():
	case !s.AsOf.IsZero():
		to = s.AsOf
	case len(dates) > 0:
		to = dates[len(dates)-1]
	}
	if from.IsZero() {
		from = to
	}
	if from.IsZero() {
		return nil, errors.New("view: the model and scenario mention no dates: give the timeline's dates")
	}
	if to.Before(from) {
		return nil, fmt.Errorf("view: the timeline ends on %s, before it starts on %s", to, from)
	}
	tl := &Timeline{Schema: TimelineSchema, Model: m.ID, Title: cmpOr(m.Title, m.ID), Scenario: s.ID, From: from, To: to, Tracks: []Track{}}
	points := []treaty.Date{from}
	for _, d := range dates {
		if d.After(from) && !d.After(to) {
			points = append(points, d)
		}
	}
	// The last day too: a status that began after the last change date
	// (a condition on asof turning as time passes) shows in its since.
	if to.After(points[len(points)-1]) {
		points = append(points, to)
	}
	known := map[treaty.Date]bool{}
	for _, d := range dates {
		known[d] = true
	}
	reports := map[treaty.Date]*treaty.Report{}
	evalAt := func(d treaty.Date) error {
		if _, ok := reports[d]; ok {
			return nil
		}
		rep, err := treaty.EvaluateContext(ctx, m, s, append(slices.Clone(opts), treaty.AsOf(d))...)
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
	// Deadlines counted from the date a clause became due appear only in
	// the results: evaluate the day after each, once. A deadline found
	// there may name another day after; repeat until none is new.
	for pending := points; len(pending) > 0; {
		var extra []treaty.Date
		for _, p := range pending {
			// Membership dates, computed ones included (an entry into
			// force on a condition, a party's entry thirty days after
			// its deposit), are change dates the model does not state.
			for _, ms := range reports[p].Members {
				for _, d := range []*treaty.Date{ms.InForce, ms.Until} {
					if d != nil && d.After(from) && !d.After(to) {
						if _, seen := reports[*d]; !seen && !slices.Contains(extra, *d) {
							extra = append(extra, *d)
						}
					}
				}
			}
			for _, r := range reports[p].Results {
				// A status that began between two dates looked at (a
				// condition on the evaluation date, asof >= signed + 30d,
				// turning true as time passes) is looked at from its since.
				var cands []treaty.Date
				if r.Deadline != nil {
					cands = append(cands, r.Deadline.AddDays(1))
				}
				if r.Since != nil {
					cands = append(cands, *r.Since)
					if !known[*r.Since] {
						// A since that is no change date (asof turned the
						// condition): the day before stood otherwise, and
						// its own since may name an earlier turn.
						cands = append(cands, r.Since.AddDays(-1))
					}
				}
				for _, next := range cands {
					if next.After(from) && !next.After(to) {
						if _, seen := reports[next]; !seen && !slices.Contains(extra, next) {
							extra = append(extra, next)
						}
					}
				}
			}
		}
		for _, d := range extra {
			if err := evalAt(d); err != nil {
				return nil, err
			}
		}
		points = append(points, extra...)
		pending = extra
	}
	slices.SortFunc(points, treaty.Date.Compare)
	points = slices.CompactFunc(points, treaty.Date.Equal)

	// A track per clause (or instance) and reading, in the order of the
	// first report, then instances in the order they appear.
	index := map[[3]string]int{}
	for _, d := range points {
		for _, r := range reports[d].Results {
			k := [3]string{r.Clause, r.Instance, r.Reading}
			if _, ok := index[k]; ok || (d != points[0] && r.Instance == "") {
				continue
			}
			index[k] = len(tl.Tracks)
			tl.Tracks = append(tl.Tracks, Track{Clause: r.Clause, Instance: r.Instance, Reading: r.Reading, Periods: []Period{}})
		}
	}
	for i, d := range points {
		end := to
		if i+1 < len(points) {
			end = points[i+1].AddDays(-1)
		}
		for _, r := range reports[d].Results {
			k, ok := index[[3]string{r.Clause, r.Instance, r.Reading}]
			if !ok {
				continue
			}
			t := &tl.Tracks[k]
			p := Period{From: d, To: end, Status: r.Status, Value: r.Value, Condition: r.Condition, Reason: r.Reason, Deadline: r.Deadline, Ended: r.Ended}
			if r.Status == treaty.NotInForce {
				p.Value, p.Condition = conditions.Unknown, ""
			}
			p.DisappliedBy, p.Undetermined = exceptionsOf(r.Exceptions)
			if len(t.Periods) == 0 && d.After(from) {
				// An instance that appears later did not exist before:
				// the instrument was not in force for both its parties.
				t.Periods = append(t.Periods, Period{From: from, To: d.AddDays(-1), Status: treaty.NotInForce,
					Value: conditions.Unknown, Reason: "not yet in force between the two parties"})
			}
			if n := len(t.Periods); n > 0 && t.Periods[n-1].same(p) {
				t.Periods[n-1].To = end
				continue
			}
			t.Periods = append(t.Periods, p)
		}
	}
	return tl, nil
}

// valueText is a period's value as text: "-" when the clause is not in
// force.
func (p Period) valueText() string {
	if p.Status == treaty.NotInForce {
		return "-"
	}
	return p.Value.String()
}

// WriteText writes the timeline as a table per clause and reading: each
// period's dates, status, value ("-" when not in force), effective
// condition and reason.
func (tl *Timeline) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s: %s to %s", tl.Title, tl.From, tl.To)
	if tl.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", tl.Scenario)
	}
	fmt.Fprintln(ew)
	last := ""
	for _, t := range tl.Tracks {
		if name := cmpOr(t.Instance, t.Clause); name != last {
			fmt.Fprintf(ew, "\n%s\n", name)
			last = name
		}
		fmt.Fprintf(ew, "  %s\n", t.Reading)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, p := range t.Periods {
			fmt.Fprintf(tw, "    %s .. %s\t%s\t%s\t%s\t%s\n", p.From, p.To, p.Status, p.valueText(), cmpOr(p.Condition, "-"), p.Reason)
		}
		tw.Flush()
	}
	return ew.err
}

// ganttText makes s safe as a Mermaid gantt title, section or task name.
func ganttText(s string) string {
	return strings.NewReplacer(":", " ", "#", " ", ";", ",", "\n", " ", "\r", "").Replace(s)
}

// periodName is a period's name in charts: its status, with the value
// when the clause is in force.
func (p Period) name() string {
	name := strings.ReplaceAll(string(p.Status), "_", " ")
	if p.Status != treaty.NotInForce {
		name += " (" + p.Value.String() + ")"
	}
	return name
}

// title is the chart title: the clause when there is only one, the model,
// and the scenario.
func (tl *Timeline) title() (string, bool) {
	clauses := map[string]bool{}
	for _, t := range tl.Tracks {
		clauses[t.Clause] = true
	}
	title := tl.Title
	one := len(clauses) == 1
	if one {
		title = tl.Tracks[0].Clause + " - " + title
	}
	if tl.Scenario != "" {
		title += " (scenario " + tl.Scenario + ")"
	}
	return title, one
}

// WriteMermaid writes the timeline as a Mermaid gantt chart with one
// section per reading (per clause and reading when there are several
// clauses) and one task per period; due periods are active, fulfilled
// ones done and violated ones critical.
func (tl *Timeline) WriteMermaid(w io.Writer) error {
	ew := &errWriter{w: w}
	title, one := tl.title()
	fmt.Fprintln(ew, "gantt")
	fmt.Fprintf(ew, "  title %s\n", ganttText(title))
	fmt.Fprintln(ew, "  dateFormat YYYY-MM-DD")
	io.WriteString(ew, "  axisFormat %Y-%m-%d\n")
	fmt.Fprintln(ew, "  todayMarker off")
	n := 0
	for _, t := range tl.Tracks {
		section := t.Reading
		if !one || t.Instance != "" {
			section = cmpOr(t.Instance, t.Clause) + " / " + t.Reading
		}
		fmt.Fprintf(ew, "  section %s\n", ganttText(section))
		for _, p := range t.Periods {
			tag := map[treaty.Status]string{treaty.Due: "active, ", treaty.Fulfilled: "done, ", treaty.Violated: "crit, "}[p.Status]
			// Gantt ends are exclusive: a period ending on day d ends at d+1.
			fmt.Fprintf(ew, "  %s :%st%d, %s, %s\n", ganttText(p.name()), tag, n, p.From, p.To.AddDays(1))
			n++
		}
	}
	return ew.err
}

// statusColors fills the period boxes of DOT timelines.
var statusColors = map[treaty.Status]string{
	treaty.NotInForce:   "#eeeeee",
	treaty.NotDue:       "#ffffff",
	treaty.Undetermined: "#fff4c2",
	treaty.Due:          "#cfe3ff",
	treaty.Fulfilled:    "#d4f0d4",
	treaty.Violated:     "#ffc9c9",
}

// WriteDOT writes the timeline in Graphviz DOT: one row (a cluster) per
// clause and reading, its periods as boxes from left to right, coloured
// by status, each labelled with its dates, status and value.
func (tl *Timeline) WriteDOT(w io.Writer) error {
	ew := &errWriter{w: w}
	title, _ := tl.title()
	fmt.Fprintf(ew, "digraph %s {\n", dotQuote(title))
	fmt.Fprintf(ew, "  label=%s;\n  labelloc=t;\n  rankdir=LR;\n", dotQuote(title))
	fmt.Fprint(ew, "  node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];\n  edge [arrowhead=none];\n")
	n := 0
	for i, t := range tl.Tracks {
		fmt.Fprintf(ew, "  subgraph \"cluster_%d\" {\n    label=%s;\n", i, dotQuote(cmpOr(t.Instance, t.Clause)+" / "+t.Reading))
		first := n
		for _, p := range t.Periods {
			label := fmt.Sprintf("%s .. %s\n%s", p.From, p.To, p.name())
			fmt.Fprintf(ew, "    p%d [label=%s, fillcolor=%s];\n", n, dotQuote(label), dotQuote(statusColors[p.Status]))
			n++
		}
		for j := first; j+1 < n; j++ {
			fmt.Fprintf(ew, "    p%d -> p%d;\n", j, j+1)
		}
		fmt.Fprintln(ew, "  }")
	}
	fmt.Fprintln(ew, "}")
	return ew.err
}

// FirstDay returns the first day on which clause, under reading, has a
// status for which pred reports true, and false when it has none between
// From and To (or the timeline has no track for the pair). For example,
// the day a clause first fell due:
//
//	tl.FirstDay(clause, reading, func(s treaty.Status) bool { return s == treaty.Due })
func (tl *Timeline) FirstDay(clause, reading string, pred func(treaty.Status) bool) (treaty.Date, bool) {
	if tl == nil {
		return treaty.Date{}, false
	}
	for _, tr := range tl.Tracks {
		if tr.Clause != clause || tr.Reading != reading {
			continue
		}
		for _, p := range tr.Periods {
			if pred(p.Status) {
				return p.From, true
			}
		}
	}
	return treaty.Date{}, false
}
