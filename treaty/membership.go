package treaty

// Membership over time, conditional entry into force and each-party
// clauses.
//
// An instrument lists its parties either as plain ids (Instrument.Parties:
// parties for the instrument's whole life) or as dated memberships
// (Instrument.Members: signature, deposit of consent, entry into force for
// the party, withdrawal). The evaluator turns memberships into spans of
// days during which the instrument is in force for a party (partySpan),
// resolved once per evaluation; they are change points of the same
// engine as every other date: a clause instance bound by a member is in
// force only inside the member's spans, and a withdrawal ends it as a
// termination does (a fulfilled or violated status is kept).
//
// An instrument whose entry into force is a condition
// (Instrument.EntryIntoForce) is lowered, per scenario, into an
// instrument with a fixed in-force date: the first day the condition
// holds plus the delay. While the condition is unknown and has not held,
// the instrument's clauses are undetermined (entryState).

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// Member is a party's participation in an instrument over time: when it
// signed, when it deposited its consent to be bound (ratification,
// accession, acceptance, approval or succession), when the instrument
// entered into force for it and when it withdrew.
//
// The instrument is in force for the party from InForce or, when that is
// unset, from the later of the instrument's entry into force and Consent
// plus the instrument's [EntryIntoForce.ForParty] period; it stops being in
// force for the party when its withdrawal takes effect. A member that has
// only signed is a signatory, not bound. A party may have several Member
// entries for one instrument (it withdrew and joined again); their spans
// must not overlap.
type Member struct {
	Party string `json:"party"`
	// Signed is the date of signature, if any.
	Signed Date `json:"signed,omitzero"`
	// Consent is the date the party deposited its instrument of
	// ratification, accession, acceptance or approval (or notified its
	// succession).
	Consent Date `json:"consent,omitzero"`
	// How is the form of consent.
	How ConsentKind `json:"how,omitempty"`
	// InForce, if set, is the date the instrument entered into force for
	// the party as the depositary records it; it overrides the computed
	// date.
	InForce Date `json:"in_force,omitzero"`
	// Withdrawal, if set, is the party's withdrawal or denunciation.
	Withdrawal *Withdrawal `json:"withdrawal,omitempty"`
	Sources    []Source    `json:"sources,omitempty"`
	Notes      []string    `json:"notes,omitempty"`
}

// ConsentKind is the form in which a party consented to be bound.
type ConsentKind string

// Forms of consent.
const (
	Ratification ConsentKind = "ratification"
	Accession    ConsentKind = "accession"
	Acceptance   ConsentKind = "acceptance"
	Approval     ConsentKind = "approval"
	// BySuccession is a notification of succession by a new state.
	BySuccession ConsentKind = "succession"
)

// Withdrawal is a party's notification that it withdraws from (or
// denounces) an instrument.
type Withdrawal struct {
	// Notified is the date the depositary received the notification.
	Notified Date `json:"notified"`
	// Effective, if set, is the date the withdrawal took effect (the first
	// day the party is no longer bound), e.g. a later date named in the
	// notification; when unset it is Notified plus the instrument's
	// [EntryIntoForce.WithdrawalNotice].
	Effective Date `json:"effective,omitzero"`
}

// EntryIntoForce is an instrument's rule of entry into force, for itself
// and for each party, and of withdrawal.
type EntryIntoForce struct {
	// Condition, if set, decides the instrument's entry into force: it
	// enters into force After the first day on which Condition holds
	// (Paris Agreement, art. 21(1): the thirtieth day after 55 Parties
	// accounting for 55% of emissions have deposited). The instrument
	// must then have no in_force date. While the condition is unknown
	// and has not held, the instrument's clauses are undetermined.
	Condition conditions.Expr `json:"condition,omitzero"`
	// After is the delay after the day the condition is first met ("30d"
	// for "the thirtieth day after").
	After Period `json:"after,omitzero"`
	// ForParty is the delay after a party's deposit of consent at which
	// the instrument enters into force for that party, when that comes
	// after the instrument's own entry into force (Paris art. 21(3):
	// "30d").
	ForParty Period `json:"for_party,omitzero"`
	// WithdrawalFrom is how long after the instrument's entry into force
	// for a party that party may notify its withdrawal (Paris art. 28(1):
	// "3y"); a notification before is an error in the model.
	WithdrawalFrom Period `json:"withdrawal_from,omitzero"`
	// WithdrawalNotice is how long after notification a withdrawal takes
	// effect (Paris art. 28(2): "1y").
	WithdrawalNotice Period `json:"withdrawal_notice,omitzero"`
}

// eachPrefix marks a bearer or beneficiary that stands for each party of
// an instrument.
const eachPrefix = "each:"

// EachParty returns the bearer or beneficiary that stands for each party
// of the instrument with id inst: "each:" followed by the id. A clause
// with such a bearer is instantiated per party in force for inst (see
// [Result.Instance]).
func EachParty(inst string) string { return eachPrefix + inst }

// eachOf returns the instrument id of an each-party bearer or beneficiary.
func eachOf(who string) (string, bool) {
	return strings.CutPrefix(who, eachPrefix)
}

// partySpan is a run of days during which an instrument is in force for a
// party: from From up to the day before Until (zero Until: open-ended;
// zero From: from the instrument's own start). It is the internal
// accessor for a party's membership: other features (reservations,
// objections) read a party's spans with index.partySpans.
type partySpan struct {
	Party string
	From  Date
	Until Date
	// Member is the membership the span comes from; nil for a party listed
	// in Instrument.Parties (a party for the instrument's whole life).
	Member *Member
	// How says how the span ended: "withdrawn", or "" while open.
	How string
}

// contains reports whether the span holds date t.
func (s partySpan) contains(t Date) bool {
	return (s.From.IsZero() || !t.Before(s.From)) && (s.Until.IsZero() || t.Before(s.Until))
}

// memberInForce returns the date an instrument entered into force for
// member m, or zero when it has not (the member only signed, or the
// instrument itself is not in force).
func memberInForce(inst *Instrument, m *Member) Date {
	return memberInForceFrom(inst, m, effective(inst))
}

// memberInForceFrom is memberInForce with the instrument's entry into
// force given: eff is the instrument's entry into
// force: effective(inst), or for an instrument whose entry into force is
// unknown the first day it may have entered into force.
func memberInForceFrom(inst *Instrument, m *Member, eff Date) Date {
	if !m.InForce.IsZero() {
		return m.InForce
	}
	if m.Consent.IsZero() {
		return Date{}
	}
	if eff.IsZero() || eff.Equal(notYet) {
		return Date{}
	}
	from := m.Consent
	if inst.EntryIntoForce != nil {
		from = from.Add(inst.EntryIntoForce.ForParty)
	}
	if from.Before(eff) {
		from = eff
	}
	return from
}

// withdrawalEffective returns the date m's withdrawal takes effect, or
// zero when it has not withdrawn.
func withdrawalEffective(inst *Instrument, m *Member) Date {
	w := m.Withdrawal
	if w == nil || w.Notified.IsZero() {
		return Date{}
	}
	if !w.Effective.IsZero() {
		return w.Effective
	}
	if inst.EntryIntoForce != nil {
		return w.Notified.Add(inst.EntryIntoForce.WithdrawalNotice)
	}
	return w.Notified
}

// memberSpans returns the spans of inst for all its parties, in model
// order: the plain Parties first (whole life), then the Members in force
// at some time. eff is as for memberInForceFrom.
func memberSpans(inst *Instrument, eff Date) []partySpan {
	out := make([]partySpan, 0, len(inst.Parties)+len(inst.Members))
	for _, p := range inst.Parties {
		out = append(out, partySpan{Party: p})
	}
	for i := range inst.Members {
		m := &inst.Members[i]
		from := memberInForceFrom(inst, m, eff)
		if from.IsZero() {
			continue
		}
		sp := partySpan{Party: m.Party, From: from, Member: m}
		if until := withdrawalEffective(inst, m); !until.IsZero() {
			if !from.Before(until) {
				continue // withdrawn before it was ever bound
			}
			sp.Until, sp.How = until, "withdrawn"
		}
		out = append(out, sp)
	}
	return out
}

// partySpans returns the spans during which inst is in force for party
// (in date order), resolved for the evaluation: computed entry into force
// included. A party listed in Instrument.Parties has one span with zero
// bounds (the instrument's whole life). Nil when party is no member.
func (ix *index) partySpans(inst *Instrument, party string) []partySpan {
	return ix.spans[inst][party]
}

// members returns the parties of inst in model order (Parties, then
// Members), each once.
func (ix *index) members(inst *Instrument) []string {
	return ix.memberOrder[inst]
}

// indexMembers resolves the spans of every instrument with members.
func (ix *index) indexMembers() {
	ix.spans = map[*Instrument]map[string][]partySpan{}
	ix.memberOrder = map[*Instrument][]string{}
	add := func(d Date) {
		if !d.IsZero() && !d.Equal(notYet) {
			ix.dates = append(ix.dates, d)
		}
	}
	for i := range ix.m.Instruments {
		inst := &ix.m.Instruments[i]
		if len(inst.Members) == 0 && !ix.eachTarget[inst.ID] {
			continue
		}
		byParty := map[string][]partySpan{}
		var order []string
		eff := effective(inst)
		if st := ix.entry[inst]; st != nil && st.missing != nil && eff.Equal(notYet) && !st.unknownFrom.IsZero() {
			// Whether the instrument is in force is unknown from
			// unknownFrom: its members may be bound from then, and
			// their instances are undetermined.
			eff = st.unknownFrom
		}
		for _, sp := range memberSpans(inst, eff) {
			if _, ok := byParty[sp.Party]; !ok {
				order = append(order, sp.Party)
			}
			byParty[sp.Party] = append(byParty[sp.Party], sp)
			add(sp.From)
			add(sp.Until)
		}
		for j := range inst.Members {
			m := &inst.Members[j]
			add(m.Signed)
			add(m.Consent)
			if m.Withdrawal != nil {
				add(m.Withdrawal.Notified)
			}
		}
		for _, sps := range byParty {
			slices.SortStableFunc(sps, func(a, b partySpan) int { return a.From.Compare(b.From) })
		}
		ix.spans[inst] = byParty
		ix.memberOrder[inst] = order
	}
}

// datedMember reports whether party is a dated member of inst (in its
// Members, not its Parties): a clause it bears is then in force only while
// the instrument is in force for it.
func datedMember(inst *Instrument, party string) bool {
	if party == "" || slices.Contains(inst.Parties, party) {
		return false
	}
	return slices.ContainsFunc(inst.Members, func(m Member) bool { return m.Party == party })
}

// instance is one instance of a clause: the clause as it binds one member
// of an instrument (each-party bearer), or binds its bearer towards one
// member (each-party beneficiary), or both. spans are the days on which
// the instance can be in force: the intersection of the members' spans.
type instance struct {
	bearer, beneficiary string // member ids; "" for the clause's own
	key                 string // the Result.Instance
	spans               []partySpan
	whole               bool // spans are the instrument's whole life
}

// instanceKey returns the Result.Instance of an instance of clause id.
func instanceKey(id, bearer, beneficiary string) string {
	switch {
	case bearer != "" && beneficiary != "":
		return id + "[" + bearer + "," + beneficiary + "]"
	case beneficiary != "":
		return id + "[," + beneficiary + "]"
	}
	return id + "[" + bearer + "]"
}

// intersect returns the spans of days in both a and b.
func intersect(a, b []partySpan) []partySpan {
	var out []partySpan
	for _, x := range a {
		for _, y := range b {
			from := x.From
			if from.IsZero() || (!y.From.IsZero() && y.From.After(from)) {
				from = y.From
			}
			until, how := x.Until, x.How
			if until.IsZero() || (!y.Until.IsZero() && y.Until.Before(until)) {
				until, how = y.Until, y.How
			}
			if !from.IsZero() && !until.IsZero() && !from.Before(until) {
				continue
			}
			out = append(out, partySpan{Party: x.Party, From: from, Until: until, Member: x.Member, How: how})
		}
	}
	slices.SortStableFunc(out, func(a, b partySpan) int { return a.From.Compare(b.From) })
	return out
}

// instances returns the instances of cr to report as of t: for an
// each-party bearer or beneficiary, one per member (pair of distinct
// members when both are each-party) that has been in force for the
// member by t; for a clause borne by a dated member, one instance
// restricted to that member's spans; else cr itself.
func (ix *index) instances(cr clauseRef, t Date) []clauseRef {
	bi, bEach := eachOf(cr.c.Bearer)
	fi, fEach := eachOf(cr.c.Beneficiary)
	if !bEach && !fEach {
		if datedMember(cr.inst, cr.c.Bearer) {
			cr.who = &instance{spans: ix.partySpans(cr.inst, cr.c.Bearer)}
		}
		return []clauseRef{cr}
	}
	started := func(inst *Instrument, p string) ([]partySpan, bool) {
		sps := ix.partySpans(inst, p)
		return sps, len(sps) > 0 && (sps[0].From.IsZero() || !t.Before(sps[0].From))
	}
	var out []clauseRef
	addInst := func(b, f string, spans []partySpan) {
		c := cr
		c.who = &instance{bearer: b, beneficiary: f, key: instanceKey(cr.c.ID, b, f), spans: spans}
		out = append(out, c)
	}
	switch {
	case bEach && fEach:
		bInst, fInst := ix.instruments[bi], ix.instruments[fi]
		for _, b := range ix.members(bInst) {
			bs, ok := started(bInst, b)
			if !ok {
				continue
			}
			for _, f := range ix.members(fInst) {
				fs, ok := started(fInst, f)
				if !ok || f == b {
					continue
				}
				addInst(b, f, intersect(bs, fs))
			}
		}
	case bEach:
		bInst := ix.instruments[bi]
		for _, b := range ix.members(bInst) {
			if bs, ok := started(bInst, b); ok {
				addInst(b, "", bs)
			}
		}
	default:
		fInst := ix.instruments[fi]
		for _, f := range ix.members(fInst) {
			if fs, ok := started(fInst, f); ok {
				if datedMember(cr.inst, cr.c.Bearer) {
					fs = intersect(ix.partySpans(cr.inst, cr.c.Bearer), fs)
				}
				addInst("", f, fs)
			}
		}
	}
	return out
}

// memberOut says why instance cr is out of force on t because a party it
// concerns is not (or no longer) bound then, or "" when it is in force.
func (cr clauseRef) memberOut(t Date) string {
	w := cr.who
	if w == nil {
		return ""
	}
	for _, sp := range w.spans {
		if sp.contains(t) {
			return ""
		}
	}
	who := cmp.Or(w.bearer, cr.c.Bearer)
	if w.bearer == "" && w.beneficiary != "" {
		who = w.beneficiary
	}
	var last *partySpan
	for i := range w.spans {
		sp := &w.spans[i]
		if !sp.From.IsZero() && t.Before(sp.From) {
			return cr.inst.ID + " is not in force for " + who + " before " + sp.From.String()
		}
		last = sp
	}
	if last != nil && !last.Until.IsZero() {
		return last.Party + " withdrew from " + cr.inst.ID + " from " + last.Until.String()
	}
	return fmt.Sprintf("%s is not in force for %s", cr.inst.ID, who)
}

// memberEnd returns the end of the latest span of instance cr that ended
// on or before t when t lies in no span: a withdrawal, which ends the
// instance as a termination does.
func (cr clauseRef) memberEnd(t Date) (Ending, bool) {
	w := cr.who
	if w == nil {
		return Ending{}, false
	}
	var best Ending
	found := false
	for _, sp := range w.spans {
		if sp.contains(t) {
			return Ending{}, false
		}
		if !sp.Until.IsZero() && !t.Before(sp.Until) && sp.How != "" {
			best, found = Ending{On: sp.Until, By: sp.Party, How: sp.How}, true
		}
	}
	return best, found
}

// spanDays appends the first and last-plus-one days of instance cr's
// spans, the days on which its membership may change.
func (cr clauseRef) spanDays(b []day) []day {
	if cr.who == nil {
		return b
	}
	for _, sp := range cr.who.spans {
		if !sp.From.IsZero() {
			b = append(b, dayOf(sp.From))
		}
		if !sp.Until.IsZero() {
			b = append(b, dayOf(sp.Until))
		}
	}
	return b
}

// instanceID returns the Result.Instance of cr, "" for a plain clause.
func (cr clauseRef) instanceID() string {
	if cr.who == nil {
		return ""
	}
	return cr.who.key
}

// instBearer returns the member an instance is instantiated for as
// bearer, "" for none.
func (cr clauseRef) instBearer() string {
	if cr.who == nil {
		return ""
	}
	return cr.who.bearer
}

// instBeneficiary returns the member an instance is instantiated for as
// beneficiary, "" for none.
func (cr clauseRef) instBeneficiary() string {
	if cr.who == nil {
		return ""
	}
	return cr.who.beneficiary
}

// expandInstances replaces each clause in crs by its instances as of t
// (see index.instances), in order.
func (ix *index) expandInstances(crs []clauseRef, t Date) []clauseRef {
	if len(ix.spans) == 0 {
		return crs
	}
	out := make([]clauseRef, 0, len(crs))
	for _, cr := range crs {
		out = append(out, ix.instances(cr, t)...)
	}
	return out
}

// inSpans reports whether instance cr may be in force on t as far as
// membership goes: always for a plain clause.
func (cr clauseRef) inSpans(t Date) bool {
	if cr.who == nil {
		return true
	}
	for _, sp := range cr.who.spans {
		if sp.contains(t) {
			return true
		}
	}
	return false
}

// sharedKey identifies a state that the in-force instances of a clause
// share.
type sharedKey struct {
	r    *Reading
	c    *Clause
	d    day
	deep bool
}

// sharedState returns, for an instance in force by membership on t, the
// state of its clause on t, computed once for all its instances: while a
// member is bound, the instance stands exactly as the clause does (its
// condition, facts, start and a deadline not counted from the day it
// became due are the same for every member). ok is false when the state
// is the instance's own: out of its spans, or with a deadline counted
// from the day it became due, which depends on when the member joined,
// or bound from a day on or after which the clause may have ended (the
// status it kept after that end is not the instance's: see
// boundAfterEnd).
func (ev *evaluator) sharedState(r *Reading, cr clauseRef, t Date, deep bool) (st state, ok bool, err error) {
	if !ev.shares(cr) || !cr.inSpans(t) || ev.boundAfterEnd(r, cr, t) {
		return st, false, nil
	}
	k := sharedKey{r, cr.c, ev.sharedDay(r, cr, t), deep}
	if st, ok := ev.shared[k]; ok {
		return st, true, nil
	}
	base := cr
	base.who = nil
	st, err = ev.state(r, base, t, deep)
	if err != nil {
		return st, true, err
	}
	if ev.shared == nil {
		ev.shared = map[sharedKey]state{}
	}
	st.condText = st.cond.String()
	ev.shared[k] = st
	return st, true, nil
}
