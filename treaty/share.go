package treaty

// Work shared by the instances of an each-party clause.
//
// A clause borne by "each party of t" has one instance per member: 10,000
// instances for a 200-party treaty with 50 such clauses. While a member is
// bound, its instance stands exactly as the clause itself does (see
// sharedState): the same effective condition, facts, start and deadline.
// So an instance in force on the evaluation date takes its result from
// the clause's, computed once per clause and reading (templateResult),
// and sets only what is its own: bearer, beneficiary, instance key, and
// since. Since is found without a track of its own: on the days of the
// member's span the instance stands as the clause, so the search walks
// the clause's track down to the first day of the span; before it the
// instance stands as an instance of a member not yet bound, the same for
// every member, so the search goes on in the track of such an instance
// (pre). Both tracks are computed once and shared by all the instances.
// The disputes about such instances are likewise found once per clause
// (see findDisputes).
//
// Instances that are not in force by membership on the date (a member
// that withdrew), or that have relations of their own (reservations), a
// deadline counted from the day they became due, or an earlier span (a
// member that withdrew and joined again) take the general way.

import (
	"cmp"
	"maps"

	"github.com/treatycond/treatycond/conditions"
)

// shareInstances turns the sharing on; the tests turn it off to check
// that it changes no result.
var shareInstances = true

// preKey is the instance key of the track of an instance bound by no
// member yet (see sharedSince). Member ids cannot hold a NUL.
const preKey = "\x00pre"

// shares reports whether instance cr, on a day its member is bound,
// stands exactly as its clause does: it has no relations of its own and
// no deadline counted from the day it became due.
func (ev *evaluator) shares(cr clauseRef) bool {
	if cr.who == nil || len(ev.ix.relations[cr.who.key]) > 0 {
		return false // relations on this instance (reservations) make its state its own
	}
	if w := cr.c.Deadline; w != nil && w.Date.IsZero() && cmp.Or(w.From, "due") == "due" {
		return false
	}
	return true
}

// sharesOn reports whether instance cr takes its result on t from its
// clause's (see sharedResult): it shares, it is an instance of an
// each-party clause (not a clause borne by a dated member, whose track
// is the clause's own), and its member is bound on t.
func (ev *evaluator) sharesOn(cr clauseRef, t Date) bool {
	return shareInstances && cr.who != nil && cr.who.key != "" && !(cr.c.Kind == Power && cr.c.Power != nil) &&
		ev.shares(cr) && cr.inSpans(t)
}

// shareMemo is what an evaluator remembers of the work its instances
// share.
type shareMemo struct {
	tmpls map[tmplKey]*clauseTmpl
	// ends holds endMin per reading and clause (see clauseEndMin).
	ends map[tmplKey]day
}

// memo returns the evaluator's shareMemo, making it on first use.
func (ev *evaluator) memo() *shareMemo {
	if ev.share == nil {
		ev.share = &shareMemo{tmpls: map[tmplKey]*clauseTmpl{}, ends: map[tmplKey]day{}}
	}
	return ev.share
}

// tmplKey identifies the result of a clause that its instances share.
type tmplKey struct {
	r *Reading
	c *Clause
	d day
}

// clauseTmpl is the result of a clause under a reading on a date, with
// the tracks its instances' since searches walk.
type clauseTmpl struct {
	res  Result
	err  error
	base *track // the clause's own track
	pre  *track // the track of an instance bound by no member yet
}

// spanAt returns the index of the span that holds t.
func spanAt(spans []partySpan, t Date) int {
	for k, sp := range spans {
		if sp.contains(t) {
			return k
		}
	}
	return -1
}

// clauseEndMin returns endMin for cr's clause under r, computed once.
func (ev *evaluator) clauseEndMin(r *Reading, cr clauseRef) day {
	m := ev.memo()
	k := tmplKey{r: r, c: cr.c}
	d, ok := m.ends[k]
	if !ok {
		base := cr
		base.who = nil
		d = ev.endMin(r, ev.current(base))
		m.ends[k] = d
	}
	return d
}

// boundAfterEnd reports whether instance cr is in a span on t that
// began on or after a day on which its clause may have ended under r.
// Such an instance does not stand as its clause: the clause may keep,
// after its end, a fulfilled or violated status that it reached before
// the member was bound, while for the instance the clause ended before
// it ever applied.
func (ev *evaluator) boundAfterEnd(r *Reading, cr clauseRef, t Date) bool {
	k := spanAt(cr.who.spans, t)
	if k < 0 {
		return false
	}
	from := cr.who.spans[k].From
	return !from.IsZero() && ev.clauseEndMin(r, cr) <= dayOf(from)
}

// endMin returns the first day on which cr may end under r, as far as
// the clause goes (not its membership): its instrument's termination,
// its own until, the reading's dated rejection of its instrument, or a
// terminating or superseding relation; minDay when a power may end it.
func (ev *evaluator) endMin(r *Reading, cr clauseRef) day {
	first := maxDay
	consider := func(d Date) {
		if !d.IsZero() {
			first = min(first, dayOf(d))
		}
	}
	consider(cr.inst.Terminated)
	_, until := clauseWindow(cr.inst, cr.c)
	consider(until)
	for _, rej := range r.Rejects {
		if rej.Instrument == cr.inst.ID {
			consider(rej.Date)
		}
	}
	for _, rr := range ev.ix.clauseRelations(cr) {
		if rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
			continue
		}
		if rr.pw != nil {
			return minDay
		}
		consider(rr.from())
	}
	return first
}

// sharedResult returns the result of instance cr under r on t when it
// stands as its clause does (see sharesOn); ok is false otherwise.
func (ev *evaluator) sharedResult(r *Reading, cr clauseRef, t Date) (res Result, ok bool, err error) {
	if !ev.sharesOn(cr, t) {
		return res, false, nil
	}
	tp, err := ev.templateResult(r, cr, t)
	if err != nil {
		return res, true, err
	}
	if ev.boundAfterEnd(r, cr, t) {
		return res, false, nil
	}
	k := spanAt(cr.who.spans, t)
	res = tp.res
	res.Bearer = ev.ix.bearerAt(cmp.Or(cr.instBearer(), cr.c.Bearer), t, ev.bearerMemo(t))
	res.Beneficiary = ""
	if b := cmp.Or(cr.instBeneficiary(), cr.c.Beneficiary); b != "" {
		res.Beneficiary = ev.ix.bearerAt(b, t, ev.bearerMemo(t))
	}
	res.Instance = cr.instanceID()
	// The report's results own their slices: copy what the template holds.
	res.Missing = append(make([]string, 0, len(res.Missing)), res.Missing...)
	res.Parts = append(make([]Part, 0, len(res.Parts)), res.Parts...)
	res.Exceptions = cloneNil(res.Exceptions)
	res.Evidence = cloneNil(res.Evidence)
	res.ReadingFacts = cloneNil(res.ReadingFacts)
	if res.Window != nil {
		w := *res.Window
		res.Window = &w
	}
	res.Since, err = ev.sharedSince(r, cr, t, k, tp, res.Status, res.Value, res.Deadline)
	if err != nil {
		return Result{}, true, err
	}
	return res, true, nil
}

// cloneNil returns a copy of xs, nil for nil.
func cloneNil[T any](xs []T) []T {
	if xs == nil {
		return nil
	}
	return append(make([]T, 0, len(xs)), xs...)
}

// templateResult returns the result of cr's clause under r on t, computed
// once for all its instances.
func (ev *evaluator) templateResult(r *Reading, cr clauseRef, t Date) (*clauseTmpl, error) {
	k := tmplKey{r, cr.c, dayOf(t)}
	if tp, ok := ev.memo().tmpls[k]; ok {
		return tp, tp.err
	}
	base := cr
	base.who = nil
	tp := &clauseTmpl{}
	tp.res, tp.err = ev.result(r, base, t)
	if tp.err == nil {
		tp.base = ev.track(r, base)
		pre := cr
		pre.who = &instance{key: preKey}
		tp.pre = ev.track(r, pre)
	}
	ev.share.tmpls[k] = tp
	return tp, tp.err
}

// sharedSince returns since for instance cr, in force on t with status st
// and value v as its clause: what its own track would give (see
// track.since). On the days of the span that holds t the instance stands
// as the clause (tp.base); before a first span, as an instance of a
// member not yet bound (tp.pre). An instance with an earlier span walks
// its own track.
func (ev *evaluator) sharedSince(r *Reading, cr clauseRef, t Date, k int, tp *clauseTmpl, st Status, v conditions.Truth, deadline *Date) (*Date, error) {
	from := cr.who.spans[k].From
	if from.IsZero() {
		return sinceOver(t, dayOf(t)-1, st, v, deadline, []sincePiece{{tp.base, minDay}})
	}
	if k == 0 {
		return sinceOver(t, dayOf(t)-1, st, v, deadline, []sincePiece{{tp.base, dayOf(from)}, {tp.pre, minDay}})
	}
	// Days between an earlier span and this one stand as the instance's
	// own: walk its own track, as result does.
	s, err := ev.state(r, cr, t, true)
	if err != nil {
		return nil, err
	}
	tr := ev.track(r, cr)
	tr.seed(t, s)
	return tr.since(t, st, v, deadline)
}

// clone returns a copy of d that shares no slice or map with it.
func (d Dispute) clone() Dispute {
	d.Statuses = cloneNil(d.Statuses)
	d.Parts = cloneNil(d.Parts)
	d.NotConcerned = cloneNil(d.NotConcerned)
	d.ReadingFacts = cloneNil(d.ReadingFacts)
	if d.Divergence != nil {
		div := make([]DisputedAssignment, len(d.Divergence))
		for i, a := range d.Divergence {
			a.Assignment = maps.Clone(a.Assignment)
			a.Statuses = cloneNil(a.Statuses)
			a.Because = cloneNil(a.Because)
			if a.Origins != nil {
				a.Origins = cloneNil(a.Origins)
				for j := range a.Origins {
					a.Origins[j].Readings = cloneNil(a.Origins[j].Readings)
				}
			}
			div[i] = a
		}
		d.Divergence = div
	}
	if d.Contested != nil {
		d.Contested = cloneNil(d.Contested)
		for i := range d.Contested {
			c := &d.Contested[i]
			c.AcceptedBy = cloneNil(c.AcceptedBy)
			c.RejectedBy = cloneNil(c.RejectedBy)
		}
	}
	return d
}

// sharedDay returns the day that stands for t in the memo of the states
// that instances share (see sharedState): the first day of t's segment
// in the clause's track when the clause's state is the same on every day
// of a segment (see track.isSteady), else t's day. A withdrawn member's
// instance asks for its clause's state on the day before it withdrew:
// the members that withdrew within one segment share it.
func (ev *evaluator) sharedDay(r *Reading, cr clauseRef, t Date) day {
	d := dayOf(t)
	if !shareInstances || ev.ix.entry != nil {
		return d // a conditional entry into force: its instrument is lowered per scenario
	}
	base := cr
	base.who = nil
	tr := ev.track(r, base)
	if !tr.isSteady() {
		return d
	}
	lo, _ := tr.segRange(tr.segIndex(d))
	return lo
}

// isSteady reports whether the clause's state (condition, explanation,
// reason, deadline), not only its status and value, is the same on every
// day of each of the track's segments: the segments are cut on every day
// the facts its conditions, start, deadline and performance read change,
// and on its instrument's and relations' dates, and nothing else enters
// the state, unless a part reads the evaluation date itself, a start or
// deadline counts from it, or exceptions or powers bear on the clause.
func (tr *track) isSteady() bool {
	if tr.steady == 0 {
		tr.steady = 1
		if !tr.steadyParts() {
			tr.steady = -1
		}
	}
	return tr.steady > 0
}

func (tr *track) steadyParts() bool {
	if tr.hasEx {
		return false
	}
	for _, p := range tr.parts {
		if p != nil && p.asof {
			return false
		}
	}
	for _, rr := range tr.rels {
		if rr.pw != nil {
			return false
		}
	}
	for _, w := range []*When{tr.cr.c.NotBefore, tr.cr.c.Deadline} {
		if w != nil && w.From == conditions.AsOf {
			return false
		}
	}
	return true
}

// sinceOf returns since for cr under r on t, where it stands as st (see
// track.since). The instance of a member that was bound once and has
// withdrawn by t searches its clause's tracks (see withdrawnSince); any
// other clause or instance its own track.
func (ev *evaluator) sinceOf(r *Reading, cr clauseRef, t Date, st state) (*Date, error) {
	if since, ok, err := ev.withdrawnSince(r, cr, t, st); ok {
		return since, err
	}
	tr := ev.track(r, cr)
	tr.seed(t, st)
	return tr.since(t, st.status, st.value, st.deadline)
}

// withdrawnSince returns since for an instance whose one span ended, by
// its member's withdrawal, on or before t, when the clause cannot have
// ended otherwise by then: from the withdrawal on, the instance stands
// as on t (the withdrawal is its earliest end, so its state is the one
// the withdrawal left), during the span as its clause, before it as an
// instance bound by no member yet. ok is false for any other instance.
func (ev *evaluator) withdrawnSince(r *Reading, cr clauseRef, t Date, st state) (since *Date, ok bool, err error) {
	if !shareInstances || cr.who == nil || cr.who.key == "" || len(cr.who.spans) != 1 || ev.ix.entry != nil ||
		(cr.c.Kind == Power && cr.c.Power != nil) || !ev.shares(cr) {
		return nil, false, nil
	}
	sp := cr.who.spans[0]
	if sp.Until.IsZero() || t.Before(sp.Until) || sp.How == "" {
		return nil, false, nil
	}
	tp, err := ev.templateResult(r, cr, t)
	if err != nil {
		return nil, false, nil // the instance's own way says what fails
	}
	if ev.clauseEndMin(r, cr) <= dayOf(sp.Until) {
		return nil, false, nil
	}
	pieces := []sincePiece{{tp.base, minDay}}
	if !sp.From.IsZero() {
		pieces = []sincePiece{{tp.base, dayOf(sp.From)}, {tp.pre, minDay}}
	}
	since, err = sinceOver(t, dayOf(sp.Until)-1, st.status, st.value, st.deadline, pieces)
	return since, true, err
}
