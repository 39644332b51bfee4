package treaty

import (
	"fmt"
	"io"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// String returns the result in one line: clause, reading and party,
// status, value, since, and the reason:
//
//	art9 under RU (party RU): undetermined, value unknown, since 1960-01-27: ...
func (r Result) String() string {
	return fmt.Sprintf("%s under %s (party %s): %s, value %s, since %s: %s",
		r.Clause, r.Reading, r.Party, r.Status, r.Value, sinceText(r.Since), r.Reason)
}

// String returns the part as "condition (value; relation origin from
// date)", for example "foreign_troops.withdrawn (unknown; adds_condition
// memo1960 from 1960-01-27)".
func (p Part) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s; %s %s", p.Condition, p.Value, p.Relation, p.Origin)
	if p.From != nil {
		fmt.Fprintf(&b, " from %s", p.From)
	}
	b.WriteString(")")
	return b.String()
}

// String returns the dispute's one-line summary.
func (d Dispute) String() string { return d.Summary }

// String returns "reading status (value)", for example "RU not_due
// (false)".
func (s ReadingStatus) String() string {
	return fmt.Sprintf("%s %s (%s)", s.Reading, s.Status, s.Value)
}

// String returns the reading's prospects in one line: its status, then
// the assignments that make the clause due and those that make it not
// due, separated by " | ", or a note when the clause is not in force.
func (p ReadingProspects) String() string {
	if !p.InForce {
		return fmt.Sprintf("%s: %s (not in force on the date: no facts change that)", p.Reading, p.Status)
	}
	return fmt.Sprintf("%s: %s; to be due: %s; to be not due: %s", p.Reading, p.Status,
		assignmentsText(p.ToBeDue), assignmentsText(p.ToBeNotDue))
}

// assignmentsText renders alternatives as "{a = true} or {b = false}",
// "already" for the one empty assignment, and "impossible while the known
// facts stay as they are" for none.
func assignmentsText(as []conditions.Assignment) string {
	switch {
	case len(as) == 0:
		return "impossible while the known facts stay as they are"
	case len(as) == 1 && len(as[0]) == 0:
		return "already"
	}
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = assignmentString(a)
	}
	return strings.Join(parts, " or ")
}

// String renders the comparison as text; see [ReadingComparison.WriteText].
func (c *ReadingComparison) String() string { return textOf(c.WriteText) }

// String renders the impact report as text; see [ImpactReport.WriteText].
func (r *ImpactReport) String() string { return textOf(r.WriteText) }

// String renders the consolidated clauses as text; see
// [Consolidated.WriteText].
func (c *Consolidated) String() string { return textOf(c.WriteText) }

// String renders the differences as text; see [ConsolidatedDiff.WriteText].
func (d *ConsolidatedDiff) String() string { return textOf(d.WriteText) }

// String returns "clause under reading:" and the non-zero counts in the
// order of the statuses, for example "art9 under RU: not_due 3, due 1".
func (c SweepCount) String() string {
	var parts []string
	for _, st := range allStatuses {
		if n := c.Statuses[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, n))
		}
	}
	if len(parts) == 0 {
		parts = []string{"no scenarios"}
	}
	return c.Clause + " under " + c.Reading + ": " + strings.Join(parts, ", ")
}

// String returns "clause: n scenarios".
func (c ClauseCount) String() string {
	if c.Scenarios == 1 {
		return c.Clause + ": 1 scenario"
	}
	return fmt.Sprintf("%s: %d scenarios", c.Clause, c.Scenarios)
}

// textOf returns what write writes.
func textOf(write func(io.Writer) error) string {
	var b strings.Builder
	write(&b)
	return b.String()
}
