package treaty

// Temporal evaluation in time proportional to the input.
//
// A clause's status under a reading is a function of the date. Evaluate
// needs it on the as-of date (with an explanation) and, to find since
// when it has stood so, on the day before each earlier date on which
// something changes. Rather than recompose and re-evaluate the clause on
// every date the model or scenario mentions, a track (one clause under
// one reading) cuts time into segments in which nothing the clause
// depends on changes: its instrument's and relations' dates, the
// reading's rejections, and the histories of only the facts its
// conditions, start date, deadline and performance read. Within a
// segment the status is constant, except that an obligation's deadline
// may pass, which splits the segment in two. The since search walks the
// segments back from the as-of date and stops at the first that differs;
// each segment's status is computed once, from conditions compiled once
// and values found by binary search in each fact's timeline.
//
// The search keeps the exact answers of the plain definition (see
// evaluate_ref_test.go): since is the latest date c among the candidate
// dates (every date the model and scenario mention, the clause's start
// dates and its passed deadline) such that the clause stood otherwise on
// the day before c.

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// day is a date as a number of days; the engine compares days, not
// time.Time values.
type day int64

const (
	minDay day = math.MinInt64 / 4
	maxDay day = math.MaxInt64 / 4
)

func dayOf(d Date) day {
	s := d.t.Unix()
	q := s / 86400
	if s%86400 < 0 {
		q--
	}
	return day(q)
}

// timeline is a fact's value over time, with values converted for package
// conditions: base before the first change, then values[i] from dates[i]
// on. Dates are ascending and distinct (of two changes on one date, the
// later in the scenario wins, as it always has).
type timeline struct {
	base   any // nil: unknown
	dates  []day
	values []any
}

// newTimeline builds a timeline from a base value and changes sorted
// stably by date.
func newTimeline(base any, changes []timedValue) *timeline {
	tl := &timeline{base: base}
	for _, ch := range changes {
		d := dayOf(ch.from)
		if n := len(tl.dates); n > 0 && tl.dates[n-1] == d {
			tl.values[n-1] = ch.value
			continue
		}
		tl.dates = append(tl.dates, d)
		tl.values = append(tl.values, ch.value)
	}
	return tl
}

// index returns the number of changes on or before d.
func (tl *timeline) index(d day) int {
	lo, hi := 0, len(tl.dates)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tl.dates[m] <= d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// at returns the value on d and the first and last days of the run of
// days around d with that value.
func (tl *timeline) at(d day) (v any, lo, hi day) {
	if tl == nil {
		return nil, minDay, maxDay
	}
	i := tl.index(d)
	lo, hi = minDay, maxDay
	v = tl.base
	if i > 0 {
		v, lo = tl.values[i-1], tl.dates[i-1]
	}
	if i < len(tl.dates) {
		hi = tl.dates[i] - 1
	}
	return v, lo, hi
}

// value returns the value on d.
func (tl *timeline) value(d day) any {
	v, _, _ := tl.at(d)
	return v
}

// succession answers who continues whom in time proportional to the
// chain, not to the number of parties squared.
type succession struct {
	id map[string]int32 // node number of every party id and continued id
	// next lists, per node, the parties that continue it, in model order.
	next [][]*Party
	// tin and tout number the continues forest depth first, so that x is
	// p or a party p continues exactly when tin[x] <= tin[p] and
	// tout[p] <= tout[x]. Nil when successions form a cycle; then own
	// walks the chain.
	tin, tout []int32
}

func newSuccession(ix *index) *succession {
	sc := &succession{id: make(map[string]int32, len(ix.parties))}
	var parent []int32
	node := func(name string) int32 {
		if i, ok := sc.id[name]; ok {
			return i
		}
		i := int32(len(parent))
		sc.id[name] = i
		parent = append(parent, -1)
		sc.next = append(sc.next, nil)
		return i
	}
	for i := range ix.m.Parties {
		p := &ix.m.Parties[i]
		if p.Continues != nil {
			n := node(p.Continues.Party)
			sc.next[n] = append(sc.next[n], p)
		}
	}
	// own follows, from a party, the Continues of the party the index
	// holds under that id.
	for name, p := range ix.parties {
		c := node(name)
		if p.Continues != nil && p.Continues.Party != "" {
			parent[c] = node(p.Continues.Party)
		}
	}
	n := len(parent)
	// Children in compressed rows: child[first[x]:first[x+1]].
	first := make([]int32, n+1)
	for _, p := range parent {
		if p >= 0 {
			first[p+1]++
		}
	}
	for i := range n {
		first[i+1] += first[i]
	}
	child := make([]int32, first[n])
	fill := slices.Clone(first[:n])
	for c, p := range parent {
		if p >= 0 {
			child[fill[p]] = int32(c)
			fill[p]++
		}
	}
	tin, tout := make([]int32, n), make([]int32, n)
	clock, reached := int32(0), 0
	type frame struct{ node, next int32 }
	var stack []frame
	for r := range n {
		if parent[r] >= 0 {
			continue
		}
		stack = append(stack[:0], frame{int32(r), first[r]})
		tin[r], clock, reached = clock, clock+1, reached+1
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < first[f.node+1] {
				c := child[f.next]
				f.next++
				tin[c], clock, reached = clock, clock+1, reached+1
				stack = append(stack, frame{c, first[c]})
				continue
			}
			tout[f.node], clock = clock, clock+1
			stack = stack[:len(stack)-1]
		}
	}
	if reached == n { // every node reached from a root: no cycle
		sc.tin, sc.tout = tin, tout
	}
	return sc
}

// successors returns the parties that continue party b, in model order.
func (sc *succession) successors(b string) []*Party {
	if i, ok := sc.id[b]; ok {
		return sc.next[i]
	}
	return nil
}

// continues reports whether party p is x or continues x, directly or not.
func (sc *succession) continues(p, x string) bool {
	if p == x {
		return true
	}
	ip, ok1 := sc.id[p]
	ixx, ok2 := sc.id[x]
	return ok1 && ok2 && sc.tin[ixx] <= sc.tin[ip] && sc.tout[ip] <= sc.tout[ixx]
}

// part is a condition that may enter an effective condition: a clause's
// own or a relation's, marked with its origin, and compiled once, when it
// is first evaluated.
type part struct {
	expr   conditions.Expr
	tagged conditions.Expr // WithOrigin(expr, origin)
	once   sync.Once
	prog   *conditions.Program // nil: evaluate the composed tree instead
	asof   bool                // it reads the evaluation date: see asof.go
}

// program returns p compiled for schema, or nil if it does not compile.
func (p *part) program(schema *conditions.Schema) *conditions.Program {
	p.once.Do(func() {
		if schema != nil {
			p.prog, _ = conditions.Compile(p.expr, schema)
		}
	})
	return p.prog
}

// parts holds the parts of one model, for every evaluator that shares its
// index (Sweep's workers run concurrently).
type parts struct {
	schema *conditions.Schema
	mu     sync.Mutex
	byKey  map[any]*part
}

// part returns the part for key (a *Clause or a *Relation), with
// condition e from origin.
func (ix *index) part(key any, e conditions.Expr, origin string) *part {
	ix.parts.mu.Lock()
	defer ix.parts.mu.Unlock()
	if p, ok := ix.parts.byKey[key]; ok {
		return p
	}
	p := &part{expr: e, tagged: conditions.WithOrigin(e, origin), asof: readsAsOf(e)}
	ix.parts.byKey[key] = p
	return p
}

// partState is a part's value on a run of days, remembered by one
// evaluator.
type partState struct {
	lo, hi day
	val    conditions.Truth
	err    bool
}

// partValue evaluates p on d with its compiled program.
func (ev *evaluator) partValue(p *part, d day) (conditions.Truth, bool) {
	if ps, ok := ev.partMemo[p]; ok && ps.lo <= d && d <= ps.hi {
		return ps.val, ps.err
	}
	if ev.vals == nil {
		ev.vals = conditions.NewValues(ev.ix.parts.schema)
	}
	lo, hi := minDay, maxDay
	for _, name := range p.prog.Facts() { // p.prog is set: see shallow
		v, l, h := ev.factAt(name, d)
		if name == conditions.AsOf {
			l, h = ev.asofRun(p, d, minDay, maxDay)
		}
		lo, hi = max(lo, l), min(hi, h)
		slot, _ := ev.ix.parts.schema.Index(name)
		switch x := v.(type) {
		case nil:
			ev.vals.Unset(slot)
		case bool:
			ev.vals.SetBool(slot, x)
		case float64:
			ev.vals.SetNumber(slot, x)
		case string:
			ev.vals.SetString(slot, x)
		case time.Time:
			ev.vals.SetDate(slot, x)
		default:
			if err := ev.vals.Set(name, x); err != nil {
				ev.vals.Unset(slot)
				ev.partMemo[p] = partState{lo, hi, conditions.Unknown, true}
				return conditions.Unknown, true
			}
		}
	}
	t, err := p.prog.Eval(ev.vals)
	ev.partMemo[p] = partState{lo, hi, t, err != nil}
	return t, err != nil
}

// track is one clause under one reading, cut into segments of days in
// which nothing it depends on changes.
type track struct {
	ev *evaluator
	r  *Reading
	cr clauseRef
	// rels are the relations on the clause or its instrument, by date.
	rels  []relRef
	parts []*part // parts[0]: the clause's; parts[k+1]: rels[k]'s, if any
	// bounds are the first days of the segments after the first, which
	// starts at minDay.
	bounds []day
	segs   []seg
	// starts are the clause's possible start dates (not_before), as
	// candidates for since.
	starts []startCand
	// inc, if set, composes the condition incrementally, segment after
	// segment, for clauses with many relations.
	inc *incremental
	// dueSince memo per segment, for a deadline counted from the day the
	// clause became due.
	dues   []Date
	dueSet []bool
	// hasEx is set when exceptions may bear on the clause; their parts
	// follow the relations' in parts (exception.go).
	hasEx bool
	exs   []exRef
	// asofDays are the days on which a part reading the evaluation date
	// may change value (see asof.go), ascending: candidates for since.
	asofDays []day
	// gateUnknown is set by compose when a power's effect on the clause
	// is unknown on the day composed.
	gateUnknown bool
	// steady is 1 when the clause's whole state, not only its status,
	// is the same on every day of a segment, -1 when not, 0 when not yet
	// known (see track.isSteady).
	steady int8
}

// seg is the state of a clause in one segment, as far as it does not
// depend on a deadline counted from the day it became due.
type seg struct {
	done      bool
	err       bool
	status    Status
	value     conditions.Truth
	performed conditions.Truth
}

// startCand is a possible start date of a clause and the days on which
// the plain definition counts it as a candidate: on days from act, before
// until.
type startCand struct {
	date       Date
	d          day
	act, until day
}

// key of a track in an evaluator.
type trackKey struct {
	r  *Reading
	cl *Clause
	// instance is the instance's key (Result.Instance), "" for a plain
	// clause.
	instance string
}

func (ev *evaluator) track(r *Reading, cr clauseRef) *track {
	if c := ev.forReading(r); c != ev {
		return c.track(r, cr)
	}
	k := trackKey{r, cr.c, cr.instanceID()}
	if tr, ok := ev.tracks[k]; ok {
		return tr
	}
	tr := &track{ev: ev, r: r, cr: cr}
	ix := ev.ix
	tr.rels = ev.rels(r, cr)
	tr.parts = make([]*part, len(tr.rels)+1)
	tr.parts[0] = ix.part(cr.c, cr.c.Condition, cr.inst.ID)
	for k, rr := range tr.rels {
		if rr.rel.Kind == AddsCondition || rr.rel.Kind == ReplacesCondition {
			tr.parts[k+1] = ix.part(rr.rel, rr.rel.Condition, rr.src.ID)
		}
	}
	// Segment bounds: every day on which something the clause depends on
	// may change.
	var b []day
	add := func(d Date) {
		if !d.IsZero() {
			b = append(b, dayOf(d))
		}
	}
	addFact := func(name string) {
		if tl := ev.facts[name]; tl != nil {
			b = append(b, tl.dates...)
		}
	}
	insts := []*Instrument{cr.inst}
	add(effective(cr.inst))
	add(cr.inst.Terminated)
	from, until := clauseWindow(cr.inst, cr.c)
	add(from)
	add(until)
	b = cr.spanDays(b)
	if es := ix.entry[cr.inst]; es != nil {
		add(es.unknownFrom)
	}
	for _, rr := range tr.rels {
		if rr.pw != nil {
			g := ev.gate(r, rr.pw.cr)
			add(dayDate(g.eff))
			add(dayDate(g.unk))
			continue
		}
		insts = append(insts, rr.src)
		add(rr.from())
		add(rr.src.Terminated)
		add(rr.rel.Until)
	}
	for _, rej := range r.Rejects {
		if slices.ContainsFunc(insts, func(i *Instrument) bool { return i.ID == rej.Instrument }) {
			add(rej.Date)
		}
	}
	for _, p := range tr.parts {
		if p != nil {
			for _, name := range p.expr.Facts() {
				addFact(name)
			}
			tr.addAsOfDays(p, add)
		}
	}
	if cr.c.Performed != "" {
		addFact(cr.c.Performed)
	}
	tr.hasEx = tr.exceptionBounds(add, addFact)
	slices.Sort(tr.asofDays)
	tr.asofDays = slices.Compact(tr.asofDays)
	if w := cr.c.NotBefore; w != nil {
		tr.starts = ev.startCands(w, cr)
		for _, sc := range tr.starts {
			b = append(b, sc.d)
		}
		if tl := ev.facts[w.From]; tl != nil && w.Date.IsZero() {
			b = append(b, tl.dates...)
		}
	}
	if w := cr.c.Deadline; w != nil {
		switch from := cmp.Or(w.From, "due"); {
		case !w.Date.IsZero():
			add(w.Date.AddDays(1))
		case from == "due":
		case from == "in_force" || from == "signed":
			if dl, _ := ev.resolve(w, cr, Date{}, nil, "due"); !dl.IsZero() {
				add(dl.AddDays(1))
			}
		default:
			if tl := ev.facts[from]; tl != nil {
				b = append(b, tl.dates...)
				for _, v := range append([]any{tl.base}, tl.values...) {
					if x, ok := v.(time.Time); ok {
						add(DateOf(x).Add(w.After).AddDays(1))
					}
				}
			}
		}
	}
	slices.Sort(b)
	tr.bounds = slices.Compact(b)
	tr.segs = make([]seg, len(tr.bounds)+1)
	tr.dues = make([]Date, len(tr.bounds)+1)
	tr.dueSet = make([]bool, len(tr.bounds)+1)
	tr.inc = newIncremental(tr)
	ev.tracks[k] = tr
	return tr
}

// startCands returns the start dates the plain definition counts as
// candidates for since, with the days on which it counts each: it
// resolves w on every date the model and scenario mention and on the
// as-of date, and keeps the results on or before the as-of date.
func (ev *evaluator) startCands(w *When, cr clauseRef) []startCand {
	all := startCand{act: minDay, until: maxDay}
	if !w.Date.IsZero() {
		all.date = w.Date
	} else {
		switch from := cmp.Or(w.From, "in_force"); from {
		case "due":
			return nil // resolves to no date without a due date
		case "in_force", "signed":
			all.date, _ = ev.resolve(w, cr, Date{}, nil, "in_force")
		default:
			tl := ev.facts[from]
			if tl == nil {
				return nil
			}
			var out []startCand
			if x, ok := tl.base.(time.Time); ok {
				sc := startCand{date: DateOf(x).Add(w.After), act: minDay, until: maxDay}
				// The base value counts when some date before the first
				// change is looked at: always, unless the first change
				// is also the first date of all.
				if len(tl.dates) > 0 && len(ev.changeDays) > 0 && ev.changeDays[0] >= tl.dates[0] {
					sc.until = tl.dates[0]
				}
				out = append(out, sc)
			}
			for i, v := range tl.values {
				if x, ok := v.(time.Time); ok {
					out = append(out, startCand{date: DateOf(x).Add(w.After), act: tl.dates[i], until: maxDay})
				}
			}
			for i := range out {
				out[i].d = dayOf(out[i].date)
			}
			return out
		}
	}
	if all.date.IsZero() {
		return nil
	}
	all.d = dayOf(all.date)
	return []startCand{all}
}

// segIndex returns the segment that holds day d.
func (tr *track) segIndex(d day) int {
	lo, hi := 0, len(tr.bounds)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tr.bounds[m] <= d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// segRange returns the first and last days of segment i.
func (tr *track) segRange(i int) (lo, hi day) {
	lo, hi = minDay, maxDay
	if i > 0 {
		lo = tr.bounds[i-1]
	}
	if i < len(tr.bounds) {
		hi = tr.bounds[i] - 1
	}
	return lo, hi
}

// seed records the state computed for the report on t as the state of
// t's segment, which it is.
func (tr *track) seed(t Date, st state) {
	s := &tr.segs[tr.segIndex(dayOf(t))]
	if s.done {
		return
	}
	*s = seg{done: true, status: cmp.Or(st.shallow, st.status), value: st.value, performed: st.performed}
}

// dateOfDay returns the date of day d, which lies in a segment the
// model's or scenario's dates delimit.
func dateOfDay(d day) Date {
	return Date{time.Unix(int64(d)*86400, 0).UTC(), true}
}

// seg returns the state of segment i, computing it once.
func (tr *track) seg(i int) *seg {
	s := &tr.segs[i]
	if s.done {
		return s
	}
	if tr.inc != nil {
		tr.inc.run(tr, i)
		return s
	}
	s.done = true
	tr.shallow(s, tr.segDay(i))
	return s
}

// segDay returns the day on which segment i is evaluated: its first, or
// for the first segment its last.
func (tr *track) segDay(i int) day {
	lo, hi := tr.segRange(i)
	d := lo
	if d == minDay {
		d = hi
	}
	if d == maxDay || d == minDay {
		d = dayOf(MustDate("2000-01-01")) // a model with no dates at all
	}
	return d
}

// shallow computes the state of the clause on day d without a deadline
// counted from the day it became due, as evaluator.state does.
func (tr *track) shallow(s *seg, d day) {
	t := dateOfDay(d)
	active, out := tr.compose(t)
	if out && tr.ev.ix.entryUnknown(tr.r, tr.cr.inst, t) != nil {
		s.status, s.value, s.performed = Undetermined, conditions.Unknown, conditions.Unknown
		return
	}
	if out {
		tr.afterEnd(s, t)
		return
	}
	if tr.conditionValue(s, d, active) {
		tr.finish(s, d, t)
	}
}

// afterEnd sets the state of a segment, starting on t, in which the clause
// is out of force: if it ended, the status it had on the last day in
// force when that was fulfilled or violated (see afterEnd), else
// not_in_force.
func (tr *track) afterEnd(s *seg, t Date) {
	s.status, s.value, s.performed = NotInForce, conditions.Unknown, conditions.Unknown
	end, ok := tr.ev.endAt(tr.r, tr.cr, t)
	if !ok {
		return
	}
	last := dayOf(end.On) - 1
	i := tr.segIndex(last)
	prev := tr.seg(i)
	if prev.err {
		s.err = true
		return
	}
	if st, _ := tr.deep(i, last); st == Fulfilled || st == Violated {
		s.status, s.value, s.performed = st, prev.value, prev.performed
	}
}

// conditionValue sets s.value to the value on day d of the condition made
// of the active parts, or s.err; it reports whether the value is known.
func (tr *track) conditionValue(s *seg, d day, active []int) bool {
	ev := tr.ev
	// When a part does not compile (a model without declared facts, or
	// with conditions that do not check against them), the composed
	// condition is evaluated as a tree, as the report does.
	tree := ev.ix.parts.schema == nil
	for _, k := range active {
		if tree || tr.parts[k].program(ev.ix.parts.schema) == nil {
			tree = true
			break
		}
	}
	if tree {
		var cond conditions.Expr
		tagged := make([]conditions.Expr, len(active))
		for j, k := range active {
			tagged[j] = tr.parts[k].tagged
		}
		cond = conditions.And(tagged...)
		f := conditions.Facts{}
		for _, name := range cond.Facts() {
			if v, _, _ := ev.factAt(name, d); v != nil {
				f[name] = v
			}
		}
		res, err := conditions.Eval(cond, f)
		if err != nil {
			s.err = true
			return false
		}
		s.value = res.Value
		if tr.gateUnknown && s.value == conditions.True {
			s.value = conditions.Unknown
		}
		return true
	}
	s.value = conditions.True
	for _, k := range active {
		v, bad := ev.partValue(tr.parts[k], d)
		if bad {
			s.err = true
			return false
		}
		switch {
		case v == conditions.False:
			s.value = conditions.False
		case v == conditions.Unknown && s.value == conditions.True:
			s.value = conditions.Unknown
		}
	}
	if tr.gateUnknown && s.value == conditions.True {
		s.value = conditions.Unknown
	}
	return true
}

// finish derives the status on day d (date t) from the condition's value
// in s, as evaluator.state does before deadlines.
func (tr *track) finish(s *seg, d day, t Date) {
	ev, cr := tr.ev, tr.cr
	if w := cr.c.NotBefore; w != nil {
		start, missing := tr.resolveAt(w, Date{}, d, "in_force")
		switch {
		case missing != "" && s.value != conditions.False:
			s.status = Undetermined
			return
		case !start.IsZero() && t.Before(start):
			s.status = NotDue
			return
		}
	}
	switch s.value {
	case conditions.False:
		s.status = NotDue
		return
	case conditions.Unknown:
		s.status = Undetermined
		return
	}
	s.performed = conditions.Unknown
	if name := cr.c.Performed; name != "" {
		switch v := ev.facts[name].value(d).(type) {
		case bool:
			s.performed = conditions.TruthOf(v)
		case nil:
		default:
			s.err = true
			return
		}
	}
	switch {
	case cr.c.Kind == Prohibition && s.performed == conditions.True:
		s.status = Violated
	case cr.c.Kind == Prohibition:
		s.status = Due
	case s.performed == conditions.True:
		s.status = Fulfilled
	default:
		s.status = Due
	}
}

// compose returns the parts of the effective condition on t, as indexes
// into tr.parts, or out when the clause is not in force: what
// evaluator.condition does, without building the condition.
func (tr *track) compose(t Date) (active []int, out bool) {
	ix, r, inst := tr.ev.ix, tr.r, tr.cr.inst
	if !ix.acceptsOn(r, inst, t) {
		return nil, true
	}
	eff := effective(inst)
	if eff.IsZero() || t.Before(eff) || !inst.Terminated.IsZero() && !t.Before(inst.Terminated) ||
		clauseOut(inst, tr.cr.c, t) != "" || !tr.cr.inSpans(t) {
		return nil, true
	}
	active = append(tr.ev.scratch[:0], 0)
	tr.gateUnknown = false
	dormant, activated := tr.cr.c.Dormant || inst.Dormant, false
	for k, rr := range tr.rels {
		if rr.pw != nil {
			switch v, _ := tr.ev.gateAt(r, rr, dayOf(t)); v {
			case conditions.False:
				continue
			case conditions.Unknown:
				tr.gateUnknown = true
				activated = activated || rr.rel.Kind == Activates
				continue
			}
		} else {
			from := rr.from()
			if from.IsZero() || t.Before(from) {
				continue
			}
			if !ix.acceptsOn(r, rr.src, t) {
				continue
			}
			ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
			if ended && rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
				continue
			}
		}
		switch rr.rel.Kind {
		case Activates:
			activated = true
		case Terminates, Supersedes:
			return nil, true
		case Suspends:
			if rr.rel.Until.IsZero() || t.Before(rr.rel.Until) {
				return nil, true
			}
		case AddsCondition:
			active = append(active, k+1)
		case ReplacesCondition:
			active = append(active[:0], k+1)
		}
	}
	active = tr.exceptionParts(active, t)
	tr.ev.scratch = active
	if dormant && !activated {
		tr.gateUnknown = false
		return nil, true
	}
	return active, false
}

// resolveAt is evaluator.resolve with the facts of day d.
func (tr *track) resolveAt(w *When, anchorDue Date, d day, def string) (Date, string) {
	from := cmp.Or(w.From, def)
	if !w.Date.IsZero() || from == "due" || from == "in_force" || from == "signed" {
		return tr.ev.resolve(w, tr.cr, anchorDue, nil, def)
	}
	v := tr.ev.facts[from].value(d)
	if v == nil {
		return Date{}, from
	}
	return tr.ev.resolve(w, tr.cr, anchorDue, conditions.Facts{from: v}, def)
}

// deep returns the status of the clause on day d of segment i, deadline
// included, and the first day of the segment's part in which it holds.
func (tr *track) deep(i int, d day) (Status, day) {
	s := tr.seg(i)
	lo, _ := tr.segRange(i)
	w := tr.cr.c.Deadline
	if s.err || s.status != Due || w == nil || tr.cr.c.Kind == Prohibition || tr.cr.c.Kind == Permission {
		return s.status, lo
	}
	var anchor Date
	if w.Date.IsZero() && cmp.Or(w.From, "due") == "due" {
		anchor = tr.dueSince(i)
	}
	dl, _ := tr.resolveAt(w, anchor, d, "due")
	if dl.IsZero() {
		return s.status, lo
	}
	pass := dayOf(dl) + 1
	if d < pass {
		return Due, lo
	}
	st := Undetermined
	if s.performed == conditions.False {
		st = Violated
	}
	return st, max(lo, pass)
}

// dueish reports whether the clause's condition holds in segment i with
// the instrument in force and the start reached.
func (tr *track) dueish(i int) bool {
	s := tr.seg(i)
	return !s.err && s.value == conditions.True && s.status != NotDue && s.status != NotInForce
}

// dueSince returns the first day of the run of days, ending in segment i,
// on which the clause has been due; zero if it has been so on every known
// date. It gives what the plain definition gives for any day of segment
// i: the latest candidate date c on or before that day such that the
// clause was not due on the day before c.
func (tr *track) dueSince(i int) Date {
	if tr.dueSet[i] {
		return tr.dues[i]
	}
	if !tr.startsVary() {
		// The answer for segment i is the latest candidate in the last
		// segment before i in which the clause was not due and that holds
		// one, or else the answer for segment i-1.
		j := i
		for j > 0 && !tr.dueSet[j-1] {
			j--
		}
		for k := j; k <= i; k++ {
			var ds Date
			if k > 0 {
				ds = tr.dues[k-1]
				if !tr.dueish(k - 1) {
					lo, hi := tr.segRange(k - 1)
					if c, ok := tr.maxCand(lo+1, hi+1, hi+1); ok {
						ds = c
					}
				}
			}
			tr.dues[k], tr.dueSet[k] = ds, true
		}
		return tr.dues[i]
	}
	// With a start date read from a fact, the candidates depend on the
	// day; walk back from the segment's first day.
	lo, _ := tr.segRange(i)
	d := lo
	var ds Date
	for k := i - 1; k >= 0; k-- {
		if tr.dueish(k) {
			continue
		}
		klo, khi := tr.segRange(k)
		if c, ok := tr.maxCand(klo+1, khi+1, d); ok {
			ds = c
			break
		}
	}
	tr.dues[i], tr.dueSet[i] = ds, true
	return ds
}

// startsVary reports whether the start candidates depend on the day.
func (tr *track) startsVary() bool {
	for _, sc := range tr.starts {
		if sc.act != minDay || sc.until != maxDay {
			return true
		}
	}
	return false
}

// maxCand returns the latest candidate date c with lo <= c <= hi among the
// candidates as counted on day d: every date the model and scenario
// mention on or before d, and the start dates counted on d. (since adds
// the passed deadline.)
func (tr *track) maxCand(lo, hi, d day) (Date, bool) {
	hi = min(hi, d)
	if hi < lo {
		return Date{}, false
	}
	var best Date
	bestDay, found := minDay, false
	cd := tr.ev.changeDays
	if i := upper(cd, hi); i > 0 && cd[i-1] >= lo {
		best, bestDay, found = tr.ev.changes[i-1], cd[i-1], true
	}
	for _, sc := range tr.starts {
		if sc.d >= lo && sc.d <= hi && sc.d <= d && sc.act <= d && d < sc.until && (!found || sc.d > bestDay) {
			best, bestDay, found = sc.date, sc.d, true
		}
	}
	if i := upper(tr.asofDays, hi); i > 0 && tr.asofDays[i-1] >= lo && (!found || tr.asofDays[i-1] > bestDay) {
		best, bestDay, found = dateOfDay(tr.asofDays[i-1]), tr.asofDays[i-1], true
	}
	return best, found
}

// upper returns the number of elements of the ascending xs that are <= v.
func upper(xs []day, v day) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] <= v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// since returns the date since which the clause has had status st and
// value v as of t: the latest candidate date c (every date the model and
// scenario mention up to t, the clause's start dates, and deadline+1 when
// deadline is set and has passed) such that on the day before c the clause
// had another status or value, or could not be evaluated. Nil when there
// is none.
func (tr *track) since(t Date, st Status, v conditions.Truth, deadline *Date) (*Date, error) {
	return sinceOver(t, dayOf(t)-1, st, v, deadline, []sincePiece{{tr, minDay}})
}

// sincePiece says that on the days from lo on, up to the day before the
// previous piece's lo (the as-of date for the first piece), the clause
// stands as in track tr.
type sincePiece struct {
	tr *track
	lo day
}

// sinceOver is track.since for a clause whose state over time is pieced
// together from several tracks of the same clause under the same reading
// (see sharedSince), in descending order of lo, the last one from minDay.
// The candidates are the same in every such track. The search starts on
// day top (the day before t), below days known to stand as t does.
func sinceOver(t Date, top day, st Status, v conditions.Truth, deadline *Date, pieces []sincePiece) (*Date, error) {
	td := dayOf(t)
	var extra Date
	extraDay := minDay
	if deadline != nil && !deadline.AddDays(1).After(t) {
		extra = deadline.AddDays(1)
		extraDay = dayOf(extra)
	}
	first := pieces[0].tr
	cand := func(lo, hi day) (Date, bool) {
		c, ok := first.maxCand(lo, hi, td)
		if extraDay >= lo && extraDay <= hi && (!ok || extraDay > dayOf(c)) {
			c, ok = extra, true
		}
		return c, ok
	}
	steps := 0
	for _, pc := range pieces {
		tr := pc.tr
		for i := tr.segIndex(top); i >= 0; i-- {
			if steps++; steps%256 == 0 {
				if err := tr.ev.canceled(); err != nil {
					return nil, err
				}
			}
			lo, hi := tr.segRange(i)
			lo, hi = max(lo, pc.lo), min(hi, top)
			if hi < lo {
				break // below the piece
			}
			for hi >= lo {
				s := tr.seg(i)
				var sst Status
				sub := lo
				if !s.err {
					sst, sub = tr.deep(i, hi)
					sub = max(sub, lo)
				}
				if s.err || sst != st || s.value != v {
					if c, ok := cand(sub+1, hi+1); ok {
						return &c, nil
					}
				}
				hi = sub - 1
			}
		}
		top = pc.lo - 1
	}
	return nil, nil
}
