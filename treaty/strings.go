package treaty

import (
	"fmt"
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
