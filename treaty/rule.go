package treaty

import "strings"

// Clause returns the clause of the model with the given id, or nil when
// no instrument has one. The clause is the model's own: do not modify it.
func (m *Model) Clause(id string) *Clause {
	if m == nil {
		return nil
	}
	for i := range m.Instruments {
		for j := range m.Instruments[i].Clauses {
			if c := &m.Instruments[i].Clauses[j]; c.ID == id {
				return c
			}
		}
	}
	return nil
}

// Rule says in words what the clause requires, as the model states it:
// the bearer, "must", "may" or "must not", the action, the condition
// after "if" (when there is one), then "; not before" and "; by" with the
// clause's NotBefore and Deadline, each a date or a period after its
// anchor ("in_force" and "due" when the anchor is left out). For example:
//
//	SU must transfer if peace_treaty.concluded; by 3m after due
//
// Objects and the beneficiary are left out; the text is for people, not
// for parsing.
func (c *Clause) Rule() string {
	var b strings.Builder
	verb := map[Deontic]string{Obligation: "must", Permission: "may", Prohibition: "must not"}[c.Kind]
	if verb == "" {
		verb = string(c.Kind)
	}
	b.WriteString(c.Bearer + " " + verb + " " + c.Action)
	if !c.Condition.IsZero() {
		b.WriteString(" if " + c.Condition.String())
	}
	for _, x := range []struct {
		name, anchor string
		when         *When
	}{{"not before", "in_force", c.NotBefore}, {"by", "due", c.Deadline}} {
		switch {
		case x.when == nil:
		case !x.when.Date.IsZero():
			b.WriteString("; " + x.name + " " + x.when.Date.String())
		default:
			from := x.when.From
			if from == "" {
				from = x.anchor
			}
			b.WriteString("; " + x.name + " " + x.when.After.String() + " after " + from)
		}
	}
	return b.String()
}
