package treaty

import (
	"fmt"
	"io"
	"strings"
)

// MemberStatus is where a party stands towards an instrument on a date.
type MemberStatus string

// Statuses of membership.
const (
	// Bound: the instrument is in force for the party.
	Bound MemberStatus = "bound"
	// Consented: the party has deposited its consent, but the instrument
	// has not yet entered into force for it (or at all).
	Consented MemberStatus = "consented"
	// Signatory: the party has signed and not consented.
	Signatory MemberStatus = "signatory"
	// Withdrawn: the party's withdrawal has taken effect.
	Withdrawn MemberStatus = "withdrawn"
	// NotYet: the party has not yet signed or consented on the date.
	NotYet MemberStatus = "not_yet"
)

// Membership is a party's membership of an instrument as of a date, as
// [Evaluate] resolves it for a scenario (a computed entry into force
// included). The report lists one per party of every instrument with
// dated members ([Instrument.Members]).
type Membership struct {
	Instrument string       `json:"instrument"`
	Party      string       `json:"party"`
	Status     MemberStatus `json:"status"`
	// InForce is the date the instrument entered (or, for a party that
	// has consented, will enter) into force for the party, in its latest
	// membership begun by the date; nil when unknown or none.
	InForce *Date `json:"in_force,omitempty"`
	// Until is the first day the party is no longer bound (its
	// withdrawal took or will take effect); nil when open.
	Until *Date `json:"until,omitempty"`
}

// memberships returns the membership of every party of every instrument
// with dated members as of t.
func (ix *index) memberships(t Date) []Membership {
	var out []Membership
	for i := range ix.m.Instruments {
		inst := &ix.m.Instruments[i]
		if len(inst.Members) == 0 {
			continue
		}
		// Each party's member entries, and the parties listed so far:
		// time linear in the members.
		entries := make(map[string][]*Member, len(inst.Members))
		for j := range inst.Members {
			mem := &inst.Members[j]
			entries[mem.Party] = append(entries[mem.Party], mem)
		}
		listed := make(map[string]bool, len(inst.Members))
		for _, p := range ix.members(inst) {
			out = append(out, ix.membership(inst, p, t, entries[p]))
			listed[p] = true
		}
		// Signatories and parties whose consent has not yet taken effect
		// have no span: list them from their member entries.
		for j := range inst.Members {
			mem := &inst.Members[j]
			if listed[mem.Party] {
				continue
			}
			listed[mem.Party] = true
			ms := Membership{Instrument: inst.ID, Party: mem.Party, Status: NotYet}
			switch {
			case !mem.Consent.IsZero() && !t.Before(mem.Consent):
				ms.Status = Consented
			case !mem.Signed.IsZero() && !t.Before(mem.Signed):
				ms.Status = Signatory
			}
			out = append(out, ms)
		}
	}
	return out
}

// membership says where party p, a party of inst with spans, stands on t;
// mems are p's member entries.
func (ix *index) membership(inst *Instrument, p string, t Date, mems []*Member) Membership {
	ms := Membership{Instrument: inst.ID, Party: p, Status: NotYet}
	spans := ix.partySpans(inst, p)
	var cur *partySpan
	for i := range spans {
		sp := &spans[i]
		if sp.From.IsZero() || !t.Before(sp.From) || sp.Member != nil && !sp.Member.Consent.IsZero() && !t.Before(sp.Member.Consent) {
			cur = sp
		}
	}
	if cur == nil {
		for _, m := range mems {
			if !m.Signed.IsZero() && !t.Before(m.Signed) {
				ms.Status = Signatory
			}
		}
		return ms
	}
	if !cur.From.IsZero() {
		from := cur.From
		ms.InForce = &from
	}
	if !cur.Until.IsZero() {
		until := cur.Until
		ms.Until = &until
	}
	switch {
	case !cur.Until.IsZero() && !t.Before(cur.Until):
		ms.Status = Withdrawn
	case !cur.From.IsZero() && t.Before(cur.From):
		ms.Status = Consented
	default:
		ms.Status = Bound
	}
	return ms
}

// writeMembers writes the membership section of a text report.
func writeMembers(w io.Writer, ms []Membership) {
	if len(ms) == 0 {
		return
	}
	type group struct {
		inst    string
		byState map[MemberStatus][]string
	}
	var groups []*group
	for _, m := range ms {
		if len(groups) == 0 || groups[len(groups)-1].inst != m.Instrument {
			groups = append(groups, &group{inst: m.Instrument, byState: map[MemberStatus][]string{}})
		}
		g := groups[len(groups)-1]
		what := m.Party
		switch {
		case m.Status == Consented && m.InForce != nil:
			what += " (from " + m.InForce.String() + ")"
		case m.Status == Bound && m.Until != nil:
			what += " (until " + m.Until.AddDays(-1).String() + ")"
		case m.Status == Withdrawn && m.Until != nil:
			what += " (from " + m.Until.String() + ")"
		}
		g.byState[m.Status] = append(g.byState[m.Status], what)
	}
	fmt.Fprint(w, "\nMembership:\n")
	for _, g := range groups {
		var parts []string
		for _, st := range []MemberStatus{Bound, Consented, Signatory, Withdrawn} {
			if ps := g.byState[st]; len(ps) > 0 {
				parts = append(parts, fmt.Sprintf("%s %d: %s", st, len(ps), strings.Join(ps, ", ")))
			}
		}
		fmt.Fprintf(w, "  %s: %s\n", g.inst, strings.Join(parts, "; "))
	}
}
