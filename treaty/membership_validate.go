package treaty

import (
	"fmt"
)

// eachRef checks an each-party bearer or beneficiary ("each:I"): I must be
// an instrument with parties. It reports whether who is one (checked
// here), so that the caller checks a plain party otherwise.
func (c *modelChecker) eachRef(path, who string) bool {
	id, ok := eachOf(who)
	if !ok {
		return false
	}
	i, known := c.insts.index[id]
	if !known {
		c.add(CodeUnknownInstrument, path, suggestion(id, c.insts.names),
			"%q: each party of unknown instrument %q", who, id)
		return true
	}
	inst := &c.m.Instruments[i]
	if len(inst.Parties) == 0 && len(inst.Members) == 0 {
		c.add(CodeSchema, path, "",
			"%q: instrument %q has no parties (only an author), so there is no party to instantiate the clause for", who, id)
	}
	return true
}

// memberInterval is the span a member claims for overlap checks: from its
// entry into force for it (or its consent, when that is computed) up to
// its withdrawal.
type memberInterval struct {
	j           int
	from, until Date // zero until: open
}

// checkMembership checks the members and the rule of entry into force of
// inst at path; seen holds the plain parties already listed.
func (c *modelChecker) checkMembership(inst *Instrument, path string, seen map[string]int) {
	e := inst.EntryIntoForce
	if e != nil {
		ep := path + "/entry_into_force"
		for _, p := range []struct {
			name string
			p    Period
		}{{"after", e.After}, {"for_party", e.ForParty}, {"withdrawal_from", e.WithdrawalFrom}, {"withdrawal_notice", e.WithdrawalNotice}} {
			if p.p.Years < 0 || p.p.Months < 0 || p.p.Days < 0 {
				c.add(CodeSchema, ep+"/"+p.name, "", "negative period: years, months and days count forward")
			}
		}
		if !e.Condition.IsZero() {
			c.condition(ep+"/condition", e.Condition)
			if !inst.InForce.IsZero() {
				c.add(CodeSchema, path+"/in_force", "",
					"instrument %q has both an in_force date and an entry_into_force condition: the condition computes the date; drop one", inst.ID)
			}
			if inst.Signed.IsZero() {
				c.add(CodeDates, path+"/signed", "",
					"instrument %q enters into force on a condition but has no signed date: the condition is looked for from the signature on", inst.ID)
			}
		}
	}
	byParty := map[string][]memberInterval{}
	for j := range inst.Members {
		m := &inst.Members[j]
		mp := fmt.Sprintf("%s/members/%d", path, j)
		if !c.required(mp+"/party", m.Party) {
			continue
		}
		if first, dup := seen[m.Party]; dup {
			c.add(CodeDuplicateID, mp+"/party", "",
				"party %q is both in parties (%s/parties/%d) and in members: list it once", m.Party, path, first)
			continue
		}
		if !c.ref(CodeUnknownParty, mp+"/party", "party", m.Party, c.parties.index, c.parties.names) {
			continue
		}
		switch m.How {
		case "", Ratification, Accession, Acceptance, Approval, BySuccession:
		default:
			c.enum(mp+"/how", string(m.How), false, "form of consent",
				[]string{string(Ratification), string(Accession), string(Acceptance), string(Approval), string(BySuccession)})
		}
		if !m.Signed.IsZero() && !m.Consent.IsZero() && m.Consent.Before(m.Signed) {
			c.add(CodeDates, mp+"/consent", "", "%s: consent %s before signature %s", m.Party, m.Consent, m.Signed)
		}
		if !m.InForce.IsZero() && !m.Consent.IsZero() && m.InForce.Before(m.Consent) {
			c.add(CodeDates, mp+"/in_force", "", "%s: in force for it %s before its consent %s", m.Party, m.InForce, m.Consent)
		}
		start := m.InForce
		if start.IsZero() {
			start = memberInForce(inst, m)
		}
		if start.IsZero() {
			start = m.Consent
		}
		iv := memberInterval{j: j, from: start}
		if w := m.Withdrawal; w != nil {
			wp := mp + "/withdrawal"
			switch {
			case w.Notified.IsZero():
				c.add(CodeSchema, wp+"/notified", "", "%s: a withdrawal needs the date it was notified", m.Party)
			case m.Consent.IsZero() && m.InForce.IsZero():
				c.add(CodeDates, wp+"/notified", "",
					"%s: withdrawal notified %s without ratification: a party withdraws only after consenting to be bound (set consent)", m.Party, w.Notified)
			case !m.Consent.IsZero() && w.Notified.Before(m.Consent):
				how := "consent to be bound"
				if m.How != "" {
					how = string(m.How)
				}
				c.add(CodeDates, wp+"/notified", "",
					"%s: withdrawal notified %s, before its %s (consent %s): a party withdraws only after consenting to be bound", m.Party, w.Notified, how, m.Consent)
			case e != nil && !e.WithdrawalFrom.IsZero() && !start.IsZero() && w.Notified.Before(start.Add(e.WithdrawalFrom)):
				c.add(CodeDates, wp+"/notified", "",
					"%s: withdrawal notified %s, but %s allows notice only %s after entry into force for the party (%s), from %s",
					m.Party, w.Notified, inst.ID, e.WithdrawalFrom, start, start.Add(e.WithdrawalFrom))
			}
			if !w.Effective.IsZero() && !w.Notified.IsZero() && w.Effective.Before(w.Notified) {
				c.add(CodeDates, wp+"/effective", "", "%s: withdrawal effective %s before it was notified %s", m.Party, w.Effective, w.Notified)
			}
			iv.until = withdrawalEffective(inst, m)
		}
		if !iv.from.IsZero() {
			byParty[m.Party] = append(byParty[m.Party], iv)
		}
	}
	// Overlaps: the same party twice at once, or a party and the party it
	// continues after the succession.
	overlap := func(a, b memberInterval, from Date) bool {
		lo := a.from
		if b.from.After(lo) {
			lo = b.from
		}
		if !from.IsZero() && from.After(lo) {
			lo = from
		}
		for _, u := range []Date{a.until, b.until} {
			if !u.IsZero() && !lo.Before(u) {
				return false
			}
		}
		return true
	}
	for j := range inst.Members {
		m := &inst.Members[j]
		ivs := byParty[m.Party]
		k := slicesIndex(ivs, j)
		if k < 0 {
			continue
		}
		mp := fmt.Sprintf("%s/members/%d", path, j)
		for _, o := range ivs[:k] {
			if overlap(o, ivs[k], Date{}) {
				c.add(CodeDates, mp, "",
					"%s: membership from %s overlaps its earlier membership (%s/members/%d); a party rejoins only after its withdrawal took effect",
					m.Party, ivs[k].from, path, o.j)
			}
		}
		pi, ok := c.parties.index[m.Party]
		if !ok || c.m.Parties[pi].Continues == nil {
			continue
		}
		succ := c.m.Parties[pi].Continues
		for _, o := range byParty[succ.Party] {
			if overlap(o, ivs[k], succ.From) {
				c.add(CodeDates, mp, "",
					"%s: membership from %s overlaps that of %s (%s/members/%d), which %s continues from %s: the continuing state holds its predecessor's membership; give it its own only after that ended",
					m.Party, ivs[k].from, succ.Party, path, o.j, m.Party, succ.From)
			}
		}
	}
}

// slicesIndex returns the position of the interval of member j in ivs.
func slicesIndex(ivs []memberInterval, j int) int {
	for k, iv := range ivs {
		if iv.j == j {
			return k
		}
	}
	return -1
}
