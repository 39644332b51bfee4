package treaty

// Powers: a party's act that creates, suspends, ends or revives
// obligations.
//
// A power is a clause of kind "power". Its condition says when the power
// is available; its PowerTerms name the holders, the bool fact that
// records the exercise (an exercise is a day on which the fact becomes
// true), the effects (relations of the usual kinds, plus "activates"),
// an optional delay and an optional blocking condition.
//
// Evaluation lowers each power, per reading and scenario, into the
// relations the core already evaluates: an effect is a relation whose
// start date is computed (the exercise date plus the delay) instead of
// written in the model, and that holds only under the readings for which
// the exercise was valid and not blocked. A relation with such a "gate"
// is the one extension of the core (see evaluator.gateAt); everything
// else (segments, since, ends, incremental composition) treats it as a
// relation with that date. When the outcome of an exercise is unknown
// under a reading, its effects are unknown too: every clause they touch
// is undetermined (unless its condition fails anyway), naming the facts
// that would decide.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// PowerTerms are the terms of a power: who holds it, what records its
// exercise, what the exercise does and when.
//
// A power is exercised on each day its Exercise fact becomes true (a fact
// true from the start of its history counts as exercised before every
// date). An exercise is valid under a reading when the power is available
// on that day under the reading: its clause is in force and its
// condition, composed with the relations the reading accepts, holds. So a
// reading denies the validity of an exercise by accepting an instrument
// that adds a condition to the power (for example that the notifying
// state was still a participant). A valid exercise takes effect After the
// exercise date, unless BlockedBy holds on some day from the exercise up
// to the day before; from then on each effect is in force as a relation
// made by the power's instrument, dated that day. Effects stay in force
// once effective: a later exercise adds nothing.
type PowerTerms struct {
	// Holders are the parties that may exercise the power.
	Holders []string `json:"holders"`
	// Exercise names the bool fact that records the exercise.
	Exercise string `json:"exercise"`
	// After is the delay between the exercise and its effect; zero: the
	// same day.
	After Period `json:"after,omitzero"`
	// BlockedBy, if set, stops the effect of an exercise when it holds on
	// some day within the delay.
	BlockedBy conditions.Expr `json:"blocked_by,omitzero"`
	// Effects are what the exercise does: relations of kind terminates,
	// suspends, adds_condition, replaces_condition or activates, on a
	// clause or an instrument. Their From is the effective date and is
	// not written.
	Effects []Relation `json:"effects"`
}

// Statuses of a power (a clause of kind "power"). A power is also
// not_in_force (its instrument or clause is not in force under the
// reading), not_due (in force, but its condition does not hold: not
// available) or undetermined (missing facts leave the availability, an
// exercise or its blocking unknown).
const (
	// Available: in force, its condition holds, not (validly) exercised.
	Available Status = "available"
	// Exercised: validly exercised; the effect is pending (the delay runs).
	Exercised Status = "exercised"
	// Effective: validly exercised and the effects are in force.
	Effective Status = "effective"
	// Blocked: the latest valid exercise was stopped by the blocking
	// condition within the delay.
	Blocked Status = "blocked"
	// Lapsed: the power ended (its instrument or clause is no longer in
	// force) without an effective exercise.
	Lapsed Status = "lapsed"
)

// powerRef marks a relation that is the effect of a power: the power's
// clause.
type powerRef struct {
	cr clauseRef
}

// gateKey names a power's gate under one reading.
type gateKey struct {
	reading string
	c       *Clause
}

// exercise is one exercise of a power, or one possible exercise (a day
// from which the exercise fact is unknown), under one reading.
type exercise struct {
	on       day
	possible bool             // the fact is unknown: maybe exercised
	valid    conditions.Truth // the power was available on the day
	why      string           // why not valid, or why unknown
	missing  []string
	eff      day // the day the effect would take effect
	blocked  day // the first day the blocking condition held; maxDay: none
	blockUnk bool
}

// gate is the outcome of a power under one reading: its effects hold from
// eff on (maxDay: never) and are unknown from unk on (maxDay: never; unk <
// eff when set).
type gate struct {
	eff, unk  day
	missing   []string
	exercises []exercise
}

// at returns the truth of the power's effects on day d.
func (g *gate) at(d day) conditions.Truth {
	switch {
	case d >= g.eff:
		return conditions.True
	case d >= g.unk:
		return conditions.Unknown
	}
	return conditions.False
}

// dayDate returns the date of day d, or the zero date for minDay/maxDay.
func dayDate(d day) Date {
	if d <= minDay || d >= maxDay {
		return Date{}
	}
	return dateOfDay(d)
}

// addPeriod returns day d plus p; minDay stays minDay.
func addPeriod(d day, p Period) day {
	if d <= minDay {
		return minDay
	}
	return dayOf(dateOfDay(d).Add(p))
}

// gate returns the outcome of power cr under reading r, computing it once
// per evaluator. A power reached again while its own outcome is being
// computed (a cycle, which validation rejects) has no effect.
func (ev *evaluator) gate(r *Reading, cr clauseRef) *gate {
	k := gateKey{readingID(r), cr.c}
	if g, ok := ev.gates[k]; ok {
		return g
	}
	never := &gate{eff: maxDay, unk: maxDay}
	if ev.gates == nil {
		ev.gates = map[gateKey]*gate{}
	}
	if ev.tracks == nil { // an evaluator without facts (Consolidate)
		ev.tracks = map[trackKey]*track{}
		ev.partMemo = map[*part]partState{}
	}
	ev.gates[k] = never // guards against cycles while computing
	g := ev.computeGate(r, cr)
	ev.gates[k] = g
	return g
}

// computeGate finds the exercises of power cr under r and their outcome.
func (ev *evaluator) computeGate(r *Reading, cr clauseRef) *gate {
	pt := cr.c.Power
	g := &gate{eff: maxDay, unk: maxDay}
	if pt == nil || pt.Exercise == "" {
		return g
	}
	tr := ev.track(r, cr)
	tl := ev.facts[pt.Exercise]
	// Runs of the exercise fact: base from minDay, then each change.
	type run struct {
		lo, hi day
		v      any
	}
	var runs []run
	if tl == nil {
		runs = []run{{minDay, maxDay, nil}}
	} else {
		lo := minDay
		v := tl.base
		for i, d := range tl.dates {
			runs = append(runs, run{lo, d - 1, v})
			lo, v = d, tl.values[i]
		}
		runs = append(runs, run{lo, maxDay, v})
	}
	var prev any = false
	for _, rn := range runs {
		switch v := rn.v.(type) {
		case bool:
			if v && prev != true {
				g.exercises = append(g.exercises, ev.judge(r, cr, tr, rn.lo))
			}
		case nil:
			if prev != nil || rn.lo == minDay {
				if d, ok := ev.firstPossible(tr, rn.lo, rn.hi); ok {
					x := exercise{on: d, possible: true, valid: conditions.Unknown, blocked: maxDay,
						missing: []string{pt.Exercise}, eff: addPeriod(d, pt.After),
						why: fmt.Sprintf("whether %s was exercised is unknown (%s)", cr.c.ID, pt.Exercise)}
					g.exercises = append(g.exercises, x)
				}
			}
		}
		prev = rn.v
	}
	for _, x := range g.exercises {
		if x.on >= g.eff {
			break
		}
		switch {
		case x.valid == conditions.False:
		case x.valid == conditions.True && x.blocked < maxDay:
		case x.valid == conditions.True && !x.blockUnk:
			g.eff = min(g.eff, x.eff)
		default:
			if x.eff < g.unk {
				g.unk = x.eff
			}
			for _, m := range x.missing {
				g.missing = appendUnique(g.missing, m)
			}
		}
	}
	if g.unk >= g.eff {
		g.unk, g.missing = maxDay, nil
	}
	return g
}

// firstPossible returns the first day in [lo, hi] on which power tr may
// be available (in force, its condition not false).
func (ev *evaluator) firstPossible(tr *track, lo, hi day) (day, bool) {
	for i := tr.segIndex(lo); i <= len(tr.bounds); i++ {
		slo, _ := tr.segRange(i)
		if slo > hi {
			break
		}
		s := tr.seg(i)
		if s.err || s.status != NotInForce && s.status != NotDue && s.value != conditions.False {
			return max(lo, slo), true
		}
	}
	return 0, false
}

// judge decides whether an exercise of power cr on day d is valid under
// r, when it would take effect and whether it is blocked.
func (ev *evaluator) judge(r *Reading, cr clauseRef, tr *track, d day) exercise {
	pt := cr.c.Power
	x := exercise{on: d, blocked: maxDay, eff: addPeriod(d, pt.After)}
	s := tr.seg(tr.segIndex(d))
	t := dateOfDay(d)
	if d <= minDay {
		t = dateOfDay(tr.segDay(0))
	}
	switch {
	case s.err:
		x.valid, x.why = conditions.Unknown, "its condition cannot be evaluated"
	case s.status == NotInForce:
		_, _, _, out := ev.condition(r, cr, t)
		x.valid, x.why = conditions.False, "the power was not in force: "+out
	case s.status == NotDue && s.value != conditions.Unknown:
		x.valid, x.why = conditions.False, "the power was not available yet"
		if s.value == conditions.False {
			cond, _, _, _ := ev.condition(r, cr, t)
			x.why = fmt.Sprintf("its condition did not hold that day (%s)", cond)
		}
	case s.value == conditions.True && s.status != Undetermined:
		x.valid = conditions.True
	default:
		x.valid = conditions.Unknown
		cond, _, _, _ := ev.condition(r, cr, t)
		if res, err := conditions.Eval(cond, ev.factsOn(cond, d)); err == nil {
			x.missing = res.Missing
		}
		if w := cr.c.NotBefore; w != nil && w.Date.IsZero() {
			if _, m := tr.resolveAt(w, Date{}, d, "in_force"); m != "" {
				x.missing = appendUnique(x.missing, m)
			}
		}
		x.why = "whether the power was available is unknown: missing " + strings.Join(x.missing, ", ")
	}
	if x.valid == conditions.False || pt.BlockedBy.IsZero() || d <= minDay || x.eff <= d {
		return x // no delay, no time to block
	}
	// The blocking condition on the exercise day and on every day within
	// the delay on which one of its facts changes.
	days := []day{d}
	for _, name := range pt.BlockedBy.Facts() {
		if tl := ev.facts[name]; tl != nil {
			for _, c := range tl.dates {
				if c > d && c < x.eff {
					days = append(days, c)
				}
			}
		}
	}
	slices.Sort(days)
	for _, b := range slices.Compact(days) {
		res, err := conditions.Eval(pt.BlockedBy, ev.factsOn(pt.BlockedBy, b))
		switch {
		case err != nil:
			x.blockUnk = true
		case res.Value == conditions.True:
			x.blocked, x.blockUnk, x.missing = b, false, nil
			return x
		case res.Value == conditions.Unknown:
			x.blockUnk = true
			for _, m := range res.Missing {
				x.missing = appendUnique(x.missing, m)
			}
		}
	}
	return x
}

// factsOn returns the values on day d of the facts e reads.
func (ev *evaluator) factsOn(e conditions.Expr, d day) conditions.Facts {
	f := conditions.Facts{}
	for _, name := range e.Facts() {
		if v := ev.facts[name].value(d); v != nil {
			f[name] = v
		}
	}
	return f
}

// gateAt returns the truth on day d, under r, of the power effect rr
// (a relation with a power); with its gate.
func (ev *evaluator) gateAt(r *Reading, rr relRef, d day) (conditions.Truth, *gate) {
	g := ev.gate(r, rr.pw.cr)
	return g.at(d), g
}

// relStart returns the first day on which relation rr may act under r:
// its From, or for a power's effect the first day its outcome is true or
// unknown (maxDay: never).
func (ev *evaluator) relStart(r *Reading, rr relRef) day {
	if rr.pw == nil {
		if f := rr.from(); !f.IsZero() {
			return dayOf(f)
		}
		return maxDay
	}
	g := ev.gate(r, rr.pw.cr)
	return min(g.eff, g.unk)
}

// rels returns the relations on cr or its instrument under r, by the
// date they start to act: the index's order, re-sorted when some are a
// power's effects, whose dates depend on the reading and the scenario.
func (ev *evaluator) rels(r *Reading, cr clauseRef) []relRef {
	rels := ev.ix.clauseRelations(cr)
	if !slices.ContainsFunc(rels, func(rr relRef) bool { return rr.pw != nil }) {
		return rels
	}
	k := trackKey{r: r, cl: cr.c, instance: cr.instanceID()}
	if out, ok := ev.relsMemo[k]; ok {
		return out
	}
	out := slices.Clone(rels)
	slices.SortStableFunc(out, func(a, b relRef) int { return cmp.Compare(ev.relStart(r, a), ev.relStart(r, b)) })
	if ev.relsMemo == nil {
		ev.relsMemo = map[trackKey][]relRef{}
	}
	ev.relsMemo[k] = out
	return out
}

// powerDates adds to the evaluator's change dates the days on which the
// effects of the powers take effect or become unknown under each
// reading: the dates a hand-expanded model would mention.
func (ev *evaluator) powerDates() {
	if len(ev.ix.powers) == 0 {
		return
	}
	var extra []Date
	for i := range ev.ix.readings {
		r := &ev.ix.readings[i]
		for _, cr := range ev.ix.powers {
			g := ev.gate(r, cr)
			for _, d := range []day{g.eff, g.unk} {
				if dd := dayDate(d); !dd.IsZero() {
					extra = append(extra, dd)
				}
			}
		}
	}
	if len(extra) > 0 {
		all := append(slices.Clone(ev.changes), extra...)
		slices.SortFunc(all, Date.Compare)
		ev.changes = slices.CompactFunc(all, Date.Equal)
		ev.changeDays = make([]day, len(ev.changes))
		for i, c := range ev.changes {
			ev.changeDays[i] = dayOf(c)
		}
	}
	// Tracks built so far saw the old change dates; start afresh.
	ev.tracks = map[trackKey]*track{}
	ev.partMemo = map[*part]partState{}
	ev.gates = nil
	ev.relsMemo = nil
}

// powerStatus is a power's status on one day under one reading.
type powerStatus struct {
	status  Status
	value   conditions.Truth
	reason  string
	missing []string
}

// powerAt returns the status of power cr under r on day d; with full
// unset, only its status and value (for since), without the reason and
// missing facts, which cost more to find.
func (ev *evaluator) powerAt(r *Reading, cr clauseRef, d day, full bool) powerStatus {
	g := ev.gate(r, cr)
	pt := cr.c.Power
	effects := ""
	if full {
		effects = effectsText(pt.Effects)
	}
	if d >= g.eff {
		x := g.exercises[slices.IndexFunc(g.exercises, func(x exercise) bool { return x.eff == g.eff && x.valid == conditions.True })]
		return powerStatus{status: Effective, value: conditions.True,
			reason: fmt.Sprintf("%s effective from %s (%s)", exercisedText(x.on), dayDate(g.eff), effects)}
	}
	if d >= g.unk {
		return powerStatus{status: Undetermined, value: conditions.Unknown, missing: slices.Clone(g.missing),
			reason: "whether the exercise took effect is unknown: missing " + strings.Join(g.missing, ", ")}
	}
	var note string
	for i := len(g.exercises) - 1; i >= 0; i-- {
		x := g.exercises[i]
		if x.on > d {
			continue
		}
		if x.valid == conditions.False {
			if note == "" {
				note = fmt.Sprintf("; the exercise of %s is not valid under this reading: %s", dayDate(x.on), x.why)
			}
			continue
		}
		switch {
		case x.valid == conditions.True && x.blocked <= d:
			return powerStatus{status: Blocked, value: conditions.False,
				reason: fmt.Sprintf("%s blocked on %s (%s held within the delay)", exercisedText(x.on), dayDate(x.blocked), pt.BlockedBy)}
		case x.valid == conditions.True && x.blocked < maxDay:
			// blocked later: pending until then
		case x.valid == conditions.True:
			return powerStatus{status: Exercised, value: conditions.True,
				reason: fmt.Sprintf("%s; effect pending until %s (%s)", exercisedText(x.on), dayDate(x.eff), effects)}
		}
		if x.valid == conditions.True {
			return powerStatus{status: Exercised, value: conditions.True,
				reason: fmt.Sprintf("%s; effect pending until %s (%s)", exercisedText(x.on), dayDate(x.eff), effects)}
		}
		return powerStatus{status: Undetermined, value: conditions.Unknown, missing: slices.Clone(x.missing), reason: x.why}
	}
	tr := ev.track(r, cr)
	t := dateOfDay(d)
	if end, ok := ev.endAt(r, cr, t); ok {
		return powerStatus{status: Lapsed, value: conditions.False,
			reason: endText(end) + " without an effective exercise" + note}
	}
	s := tr.seg(tr.segIndex(d))
	switch {
	case s.err:
		return powerStatus{status: Undetermined, value: conditions.Unknown, reason: "its condition cannot be evaluated" + note}
	case s.status == NotInForce:
		if !full {
			return powerStatus{status: NotInForce, value: conditions.Unknown}
		}
		_, _, _, out := ev.condition(r, cr, t)
		return powerStatus{status: NotInForce, value: conditions.Unknown, reason: out + note}
	case s.status == NotDue:
		return powerStatus{status: NotDue, value: s.value, reason: "not available: its condition does not hold" + note}
	case s.status == Undetermined || s.value != conditions.True:
		if !full {
			return powerStatus{status: Undetermined, value: conditions.Unknown}
		}
		cond, _, _, _ := ev.condition(r, cr, t)
		var missing []string
		if res, err := conditions.Eval(cond, ev.factsOn(cond, d)); err == nil {
			missing = res.Missing
		}
		return powerStatus{status: Undetermined, value: conditions.Unknown, missing: missing,
			reason: "whether the power is available is unknown: missing " + strings.Join(missing, ", ") + note}
	}
	return powerStatus{status: Available, value: conditions.True, reason: "its condition holds" + note}
}

func exercisedText(d day) string {
	if d <= minDay {
		return "exercised"
	}
	return "exercised on " + dateOfDay(d).String()
}

// effectsText says what a power's effects do, e.g. "activates x;
// terminates y".
func effectsText(effects []Relation) string {
	parts := make([]string, len(effects))
	for i, e := range effects {
		parts[i] = string(e.Kind) + " " + e.Target
	}
	return strings.Join(parts, "; ")
}

// powerCondition returns what it takes for power cr's effects to be
// effective, given its effective condition cond: the exercise, the
// condition, and the blocking condition failing.
func powerCondition(cr clauseRef, cond conditions.Expr) conditions.Expr {
	pt := cr.c.Power
	es := []conditions.Expr{}
	if pt.Exercise != "" {
		if e, err := conditions.Parse(pt.Exercise); err == nil {
			es = append(es, e)
		}
	}
	if !cond.IsZero() {
		es = append(es, cond)
	}
	if !pt.BlockedBy.IsZero() {
		es = append(es, conditions.Not(pt.BlockedBy))
	}
	if len(es) == 1 {
		return es[0]
	}
	return conditions.And(es...)
}

// powerState is state for a power: its status on t, with the condition
// that it takes for its effects to be effective.
func (ev *evaluator) powerState(r *Reading, cr clauseRef, t Date) state {
	ps := ev.powerAt(r, cr, dayOf(t), true)
	cond, parts, _, out := ev.condition(r, cr, t)
	st := state{status: ps.status, value: ps.value, reason: ps.reason, missing: ps.missing}
	if out == "" {
		st.cond, st.parts = powerCondition(cr, cond), parts
	} else if ps.status != NotInForce && ps.status != Lapsed {
		st.cond = powerCondition(cr, cr.c.Condition)
	}
	if st.missing == nil {
		st.missing = []string{}
	}
	return st
}

// powerResult is result for a power: its status as of t and since when
// it has stood so.
func (ev *evaluator) powerResult(r *Reading, cr clauseRef, t Date) (Result, error) {
	st := ev.powerState(r, cr, t)
	bearer := cr.c.Bearer
	if bearer == "" && len(cr.c.Power.Holders) > 0 {
		bearer = cr.c.Power.Holders[0]
	}
	res := Result{
		Reading:    readingID(r),
		Party:      r.Party,
		Clause:     cr.c.ID,
		Instrument: cr.inst.ID,
		Bearer:     ev.ix.bearerAt(bearer, t, ev.bearerMemo(t)),
		Status:     st.status,
		Value:      st.value,
		Condition:  cr.c.Condition.String(),
		Missing:    st.missing,
		Window:     windowOf(cr.inst, cr.c),
		Reason:     st.reason,
		Parts:      st.parts,
	}
	if !st.cond.IsZero() {
		res.Condition = st.cond.String()
	}
	if res.Parts == nil {
		res.Parts = []Part{}
	}
	td := dayOf(t)
	cur := ev.powerAt(r, cr, td, false)
	cd := ev.changeDays
	for i := upper(cd, td) - 1; i >= 0; i-- {
		if i%256 == 0 {
			if err := ev.canceled(); err != nil {
				return Result{}, err
			}
		}
		p := ev.powerAt(r, cr, cd[i]-1, false)
		if p.status != cur.status || p.value != cur.value {
			since := ev.changes[i]
			res.Since = &since
			break
		}
	}
	return res, nil
}

// powersOf returns the power clauses of the model, in model order.
func powersOf(order []clauseRef) []clauseRef {
	var out []clauseRef
	for _, cr := range order {
		if cr.c.Kind == Power && cr.c.Power != nil {
			out = append(out, cr)
		}
	}
	return out
}

// effectKinds are the relation kinds a power's effect may have.
var effectKinds = []string{string(Terminates), string(Suspends), string(AddsCondition), string(ReplacesCondition), string(Activates)}

// checkPower checks the power terms of clause cl (at path) of inst, and
// that only a power has them.
func (c *modelChecker) checkPower(inst *Instrument, path string, cl *Clause) {
	pt := cl.Power
	switch {
	case cl.Kind != Power && pt != nil:
		c.add(CodeSchema, path+"/power", "", "%q applies only to a clause of kind power", "power")
		return
	case cl.Kind != Power:
		return
	case pt == nil:
		c.add(CodeSchema, path+"/power", "", "missing %q: a clause of kind power needs its terms (exercise, effects)", "power")
		return
	}
	path += "/power"
	if cl.Deadline != nil {
		c.add(CodeSchema, strings.TrimSuffix(path, "/power")+"/deadline", "", "a power has no deadline: its exercise is a fact; to end the power on a date, give the clause \"until\"")
	}
	if cl.Performed != "" {
		c.add(CodeSchema, strings.TrimSuffix(path, "/power")+"/performed", "", "a power has no performance fact: name the exercise fact in power/exercise")
	}
	seen := map[string]bool{}
	for j, h := range pt.Holders {
		hp := fmt.Sprintf("%s/holders/%d", path, j)
		if !c.required(hp, h) {
			continue
		}
		if seen[h] {
			c.add(CodeDuplicateID, hp, "", "holder %q listed twice", h)
			continue
		}
		seen[h] = true
		c.ref(CodeUnknownParty, hp, "party", h, c.parties.index, c.parties.names)
	}
	if c.required(path+"/exercise", pt.Exercise) {
		c.factRef(path+"/exercise", pt.Exercise, conditions.Bool, "exercise")
	}
	if pt.After.Years < 0 || pt.After.Months < 0 || pt.After.Days < 0 {
		c.add(CodeSchema, path+"/after", "", "negative period: years, months and days count forward")
	}
	c.condition(path+"/blocked_by", pt.BlockedBy)
	if len(pt.Effects) == 0 {
		c.add(CodeSchema, path+"/effects", "", "a power needs at least one effect (terminates, suspends, adds_condition, replaces_condition or activates)")
	}
	for j := range pt.Effects {
		e := &pt.Effects[j]
		ep := fmt.Sprintf("%s/effects/%d", path, j)
		if e.Kind != "" && !slices.Contains(effectKinds, string(e.Kind)) {
			c.add(CodeSchema, ep+"/kind", suggestion(string(e.Kind), effectKinds),
				"a power's effect cannot be %q: want one of %s", e.Kind, strings.Join(effectKinds, ", "))
			continue
		}
		c.checkRelation(inst, ep, e)
		if !e.From.IsZero() {
			c.add(CodeSchema, ep+"/from", "", "an effect's date is computed from the exercise (and \"after\"): leave %q out", "from")
		}
		if !e.Until.IsZero() {
			c.add(CodeSchema, ep+"/until", "", "%q does not apply to a power's effect", "until")
		}
		switch e.Target {
		case "":
		case cl.ID:
			c.add(CodeCycle, ep+"/target", "", "power %q acts on itself", cl.ID)
		case inst.ID:
			c.add(CodeCycle, ep+"/target", "", "power %q acts on its own instrument %q", cl.ID, inst.ID)
		}
		if e.Kind == Activates && e.Target != "" {
			if loc, ok := c.clauses[e.Target]; ok {
				t := &c.m.Instruments[loc[0]]
				if !t.Dormant && !t.Clauses[loc[1]].Dormant {
					c.add(CodeSchema, ep+"/target", "", "activates %q: the clause is not dormant (set \"dormant\": true on it or on its instrument)", e.Target)
				}
			} else if i, ok := c.insts.index[e.Target]; ok && !c.m.Instruments[i].Dormant {
				c.add(CodeSchema, ep+"/target", "", "activates %q: the instrument is not dormant (set \"dormant\": true on it)", e.Target)
			}
		}
	}
}

// checkPowerCycles reports powers whose effects reach, through other
// powers, back to themselves: an effect on a power clause, or on the
// instrument that holds one, is an edge.
func (c *modelChecker) checkPowerCycles() {
	type node struct {
		inst, clause int
	}
	var powers []node
	idx := map[string]int{} // power clause id -> node
	for i, inst := range c.m.Instruments {
		for j, cl := range inst.Clauses {
			if cl.Kind == Power && cl.Power != nil {
				idx[cl.ID] = len(powers)
				powers = append(powers, node{i, j})
			}
		}
	}
	if len(powers) < 2 {
		return
	}
	succ := func(v int) []int {
		n := powers[v]
		var out []int
		for _, e := range c.m.Instruments[n.inst].Clauses[n.clause].Power.Effects {
			if w, ok := idx[e.Target]; ok && w != v {
				out = append(out, w)
			}
			if i, ok := c.insts.index[e.Target]; ok {
				for _, cl := range c.m.Instruments[i].Clauses {
					if w, ok := idx[cl.ID]; ok && w != v {
						out = append(out, w)
					}
				}
			}
		}
		return out
	}
	comp := components(len(powers), succ)
	reported := map[int]bool{}
	for v := range powers {
		for _, w := range succ(v) {
			if comp[v] != comp[w] || reported[comp[v]] {
				continue
			}
			reported[comp[v]] = true
			n := powers[v]
			cl := &c.m.Instruments[n.inst].Clauses[n.clause]
			var ids []string
			for u := range powers {
				if comp[u] == comp[v] {
					ids = append(ids, c.m.Instruments[powers[u].inst].Clauses[powers[u].clause].ID)
				}
			}
			c.add(CodeCycle, fmt.Sprintf("/instruments/%d/clauses/%d/power/effects", n.inst, n.clause), "",
				"powers act on each other in a cycle: %s (power %q first)", strings.Join(ids, ", "), cl.ID)
		}
	}
}

// clonePower returns a deep copy of pt.
func clonePower(pt *PowerTerms) *PowerTerms {
	out := *pt
	out.Holders = slices.Clone(pt.Holders)
	out.Effects = slices.Clone(pt.Effects)
	for i := range out.Effects {
		out.Effects[i] = cloneRelation(out.Effects[i])
	}
	return &out
}

// Power adds a clause of kind power with the given terms: c's Kind is
// set to [Power] and its Power to a copy of terms. condition, when not
// empty, is when the power is available, and blockedBy, when not empty,
// the blocking condition, both in the text syntax and parsed by
// [Builder.Build] (which reports a bad one at its JSON path); they
// replace c.Condition and terms.BlockedBy.
//
//	ib.Power(treaty.Clause{ID: "res.snapback", Bearer: "E3", Action: "notify"},
//		treaty.PowerTerms{Exercise: "notified", After: treaty.Period{Days: 30},
//			Effects: []treaty.Relation{{Kind: treaty.Activates, Target: "res.measures"}}},
//		"notifier.participant", "continuation.adopted")
func (ib *InstrumentBuilder) Power(c Clause, terms PowerTerms, condition, blockedBy string) *InstrumentBuilder {
	c.Kind = Power
	c.Power = &terms
	inst := ib.inst()
	inst.Clauses = append(inst.Clauses, cloneClause(c))
	j := len(inst.Clauses) - 1
	if condition != "" {
		ib.b.conds = append(ib.b.conds, pendingCond{inst: ib.i, index: j, text: condition})
	}
	if blockedBy != "" {
		e, err := conditions.Parse(blockedBy)
		if err != nil {
			ib.b.errs = append(ib.b.errs, conditionErrors(fmt.Sprintf("/instruments/%d/clauses/%d/power/blocked_by", ib.i, j), err)...)
		} else {
			inst.Clauses[j].Power.BlockedBy = e
		}
	}
	return ib
}

// Dormant marks the instrument dormant: its clauses are not in force
// until an "activates" relation (typically a power's effect) takes effect
// on it.
func (ib *InstrumentBuilder) Dormant() *InstrumentBuilder {
	ib.inst().Dormant = true
	return ib
}
