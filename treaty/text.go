package treaty

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// String renders the prospects as text; see [Prospects.WriteText].
func (p *Prospects) String() string {
	var b strings.Builder
	p.WriteText(&b)
	return b.String()
}

// WriteText writes what it takes for people to read: for each reading its
// status, effective condition and the minimal assignments that make the
// clause due and not due, one per line; the readings not concerned and the
// contested instruments; then the common ground and the disputed region,
// each disputed assignment with why the readings differ and where its
// atoms come from.
//
// "already" means the facts the scenario knows decide it. "impossible"
// means no values of the unknown facts can make it so while the facts the
// scenario knows keep their values; those facts are listed as held fixed,
// and a closing note says how to open them (with [OpenFacts], or the treaty
// command's --open).
func (p *Prospects) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "What it takes: %s as of %s", p.Clause, p.AsOf)
	if p.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", p.Scenario)
	}
	fmt.Fprintln(ew)
	var fixedImpossible []string
	for _, r := range p.Readings {
		fmt.Fprintf(ew, "\nReading %s: %s\n", r.Reading, r.Status)
		fmt.Fprintf(ew, "  condition:     %s\n", r.Condition)
		if !r.InForce {
			fmt.Fprintln(ew, "  not in force on the date: no facts change that")
			continue
		}
		writeAssignments(ew, "  to be due:     ", r.ToBeDue, r.Fixed)
		writeAssignments(ew, "  to be not due: ", r.ToBeNotDue, r.Fixed)
		if len(r.Fixed) > 0 {
			fmt.Fprintf(ew, "  held fixed:    %s (the scenario gives them)\n", strings.Join(r.Fixed, ", "))
			if len(r.ToBeDue) == 0 || len(r.ToBeNotDue) == 0 {
				for _, f := range r.Fixed {
					if !slices.Contains(fixedImpossible, f) {
						fixedImpossible = append(fixedImpossible, f)
					}
				}
			}
		}
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
				if s.Status == NotInForce {
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
	if len(fixedImpossible) > 0 {
		slices.Sort(fixedImpossible)
		fmt.Fprintf(ew, "\n\"impossible\" holds only while the facts the scenario knows keep their values. To ask what\n"+
			"they would have to be, open them: --open %s (treaty.OpenFacts in Go).\n", strings.Join(fixedImpossible, ","))
	}
	return ew.err
}

// writeAssignments writes a list of minimal assignments after head, one
// per line, or "already" or "impossible".
func writeAssignments(w io.Writer, head string, as []conditions.Assignment, fixed []string) {
	pad := strings.Repeat(" ", len(head))
	switch {
	case len(as) == 0 && len(fixed) > 0:
		fmt.Fprintf(w, "%simpossible while the scenario's known facts stay fixed\n", head)
	case len(as) == 0:
		fmt.Fprintf(w, "%simpossible: no values of the facts make it so\n", head)
	case len(as) == 1 && len(as[0]) == 0:
		fmt.Fprintf(w, "%salready: the scenario's known facts decide it\n", head)
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

// assignmentText renders an assignment as "atom = true, atom = false",
// sorted by atom, or "(nothing)" when it is empty.
func assignmentText(a conditions.Assignment) string {
	if len(a) == 0 {
		return "(nothing)"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		parts = append(parts, fmt.Sprintf("%s = %t", k, a[k]))
	}
	return strings.Join(parts, ", ")
}

// describe records the sweep's starting scenario and fact space in r, with
// dates as [Date].
func (r *SweepResult) describe(s *Scenario, spec SweepSpec) {
	r.Schema, r.Scenario = SweepSchema, s.ID
	r.Vary = append([]string{}, spec.Vary...)
	r.Values = map[string][]any{}
	for name, vs := range spec.Values {
		out := make([]any, len(vs))
		for i, v := range vs {
			out[i] = dateValue(v)
		}
		r.Values[name] = out
	}
	for i := range r.Disagreements {
		for k, v := range r.Disagreements[i].Facts {
			r.Disagreements[i].Facts[k] = dateValue(v)
		}
	}
}

// dateValue turns a time.Time into a Date; other values are returned as
// they are.
func dateValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return DateOf(x)
	case map[string]any: // an indexed fact: a value per member
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = dateValue(e)
		}
		return out
	}
	return v
}

// String renders the sweep as text; see [SweepResult.WriteText].
func (r *SweepResult) String() string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// WriteText writes the sweep as a table: the fact space, then one row per
// clause and reading with the number of scenarios that gave each status,
// then for each clause in how many scenarios its readings disagree, and
// the listed scenarios where they do. A partial result (an interrupted
// sweep) says so first, with how many scenarios it covers.
func (r *SweepResult) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	if r.Partial {
		fmt.Fprintf(ew, "PARTIAL: interrupted after %d of the %d combinations; the counts below cover only those.\n", r.Evaluated, r.Scenarios)
	}
	fmt.Fprintf(ew, "Sweep of %s as of %s", r.Model, r.AsOf)
	if r.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", r.Scenario)
	}
	s := "s"
	if r.Scenarios == 1 {
		s = ""
	}
	fmt.Fprintf(ew, ": %d combination%s of\n", r.Scenarios, s)
	for _, name := range r.Vary {
		fmt.Fprintf(ew, "  %s in {true, false}\n", name)
	}
	for _, name := range slices.Sorted(maps.Keys(r.Values)) {
		var vs []string
		for _, v := range r.Values[name] {
			vs = append(vs, factText(v))
		}
		fmt.Fprintf(ew, "  %s in {%s}\n", name, strings.Join(vs, ", "))
	}
	fmt.Fprintln(ew)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	head := []string{"CLAUSE", "READING"}
	// The statuses of powers get a column only when some power has one.
	cols := slices.DeleteFunc(slices.Clone(allStatuses[:]), func(st Status) bool {
		return slices.Index(allStatuses[:], st) >= 6 && !slices.ContainsFunc(r.Counts, func(c SweepCount) bool { return c.Statuses[st] > 0 })
	})
	for _, st := range cols {
		head = append(head, strings.ToUpper(string(st)))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	readings := map[string]bool{}
	for _, c := range r.Counts {
		readings[c.Reading] = true
		row := []string{c.Clause, c.Reading}
		for _, st := range cols {
			row = append(row, fmt.Sprint(c.Statuses[st]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	if len(readings) > 1 {
		// With one reading there is nothing to disagree.
		fmt.Fprintln(ew, "\nReadings disagree:")
		for _, d := range r.Disagreeing {
			if r.Partial {
				fmt.Fprintf(ew, "  %s: in %d of the %d combinations evaluated\n", d.Clause, d.Scenarios, r.Evaluated)
			} else {
				fmt.Fprintf(ew, "  %s: in %d of %d combinations\n", d.Clause, d.Scenarios, r.Scenarios)
			}
		}
	}
	if len(r.Disagreements) > 0 {
		fmt.Fprintln(ew, "\nFor example:")
		for _, p := range r.Disagreements {
			var facts, st []string
			for _, name := range slices.Sorted(maps.Keys(p.Facts)) {
				facts = append(facts, name+"="+factText(p.Facts[name]))
			}
			for _, s := range p.Statuses {
				st = append(st, s.Reading+" "+string(s.Status))
			}
			fmt.Fprintf(ew, "  %s: %s: %s\n", p.Clause, strings.Join(facts, ", "), strings.Join(st, ", "))
		}
	}
	return ew.err
}

// factText renders a fact value as a scenario would give it: unknown,
// true, 42, "text", 2001-02-03.
func factText(v any) string {
	switch x := dateValue(v).(type) {
	case nil:
		return "unknown"
	case string:
		return fmt.Sprintf("%q", x)
	case Date:
		return x.String()
	}
	if t, ok := collText(v); ok {
		return t
	}
	return fmt.Sprint(v)
}
