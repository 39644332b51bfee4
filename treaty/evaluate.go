package treaty

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// Evaluate reports where every clause of m stands under every reading, as
// of the scenario's date (or the date given by [AsOf]).
//
// For each reading and clause it computes the effective condition: the
// clause's own condition composed, in date order, with the relations made
// by instruments the reading accepts and that are in effect on the date
// (adds_condition conjoins, replaces_condition replaces; suspends,
// terminates and supersedes put the clause out of force). It evaluates that
// condition in three-valued logic over the scenario's facts as they stood
// on the date, and derives the status:
//
//   - not_in_force: the reading does not accept the clause's instrument, or
//     the instrument is not yet in force, has ended, or is suspended;
//   - not_due: the condition is false, or the clause's start has not come;
//   - undetermined: missing facts leave the condition unknown (or, after a
//     deadline, whether the clause was performed);
//   - due: the condition holds and the clause is not yet performed;
//   - fulfilled: due and performed (a permission: exercised);
//   - violated: an obligation due, past its deadline and not performed, or
//     a prohibition whose act took place.
//
// Since is the latest date, among those on which anything in the model or
// scenario changes (and the clause's start and passed deadline), such
// that the clause stood otherwise the day before. Evaluate finds it
// without evaluating every such date: see "How evaluation scales" in the
// package documentation. Evaluate never modifies m or s and is safe to
// call concurrently on shared values.
//
// A non-nil error is an [*Error] with a [Code]: [CodeUnknownClause] or
// [CodeUnknownReading] for an id given to [ForClauses] or [ForReadings]
// that m does not have, [CodeUnknownFact] for a scenario fact m does not
// declare, [CodeSchema] for a fact value of the wrong type (or a number
// that is not finite) or a missing as-of date, [CodeCondition] for a
// condition that cannot be evaluated on the date (a division by zero).
// Use [errors.Is] with the sentinels ([ErrUnknownClause], ...) and
// [errors.As] to read the clause, reading and date it concerns.
//
// Evaluate is [EvaluateContext] with [context.Background].
func Evaluate(m *Model, s *Scenario, opts ...EvalOption) (*Report, error) {
	return EvaluateContext(context.Background(), m, s, opts...)
}

// EvaluateContext is [Evaluate] under a context: when ctx is cancelled or
// its deadline passes, it stops promptly and returns an [*Error] with
// [CodeCanceled] that wraps ctx.Err().
func EvaluateContext(ctx context.Context, m *Model, s *Scenario, opts ...EvalOption) (*Report, error) {
	var cfg evalConfig
	for _, o := range opts {
		o.applyEval(&cfg)
	}
	ev, asOf, err := newEvaluator(ctx, m, s, cfg)
	if err != nil {
		return nil, err
	}
	ix := ev.ix
	readings, err := ix.selectReadings(cfg.readings)
	if err != nil {
		return nil, err
	}
	clauses, err := ix.selectClauses(cfg.clauses)
	if err != nil {
		return nil, err
	}
	rep := &Report{Schema: ReportSchema, Model: m.ID, Title: m.Title, Scenario: s.ID, AsOf: asOf,
		Results: []Result{}, Disputes: []Dispute{}}
	clauses = ix.expandInstances(clauses, asOf)
	rep.Members = ix.memberships(asOf)
	rep.Results = make([]Result, 0, len(clauses)*len(readings))
	for _, cr := range clauses {
		for i := range readings {
			if err := ev.canceled(); err != nil {
				return nil, err
			}
			res, err := ev.result(&readings[i], cr, asOf)
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, res)
		}
	}
	if rep.Disputes, err = ev.findDisputes(readings, clauses, rep.Results, asOf); err != nil {
		return nil, err
	}
	return rep, nil
}

// clauseRef is a clause with the instrument that holds it, and for an
// instance of a clause (see membership.go) the instance.
type clauseRef struct {
	inst *Instrument
	c    *Clause
	who  *instance // nil: the clause itself, not restricted by membership
}

// relRef is a relation with the instrument that makes it. pw is set for
// the effect of a power: its date and the readings it holds for come
// from the scenario (see power.go), and from() is zero.
type relRef struct {
	src *Instrument
	rel *Relation
	pw  *powerRef
}

// index is a model with lookup tables. It never modifies the model.
type index struct {
	m           *Model
	colls       map[string]conditions.Field // the set and indexed facts (see quant.go)
	parties     map[string]*Party
	instruments map[string]*Instrument
	clauses     map[string]clauseRef
	order       []clauseRef
	relations   map[string][]relRef // by target id
	readings    []Reading
	fieldTypes  map[string]conditions.Type
	dates       []Date // every date the model mentions
	succ        *succession
	parts       parts
	relMu       sync.Mutex
	clauseRels  map[relKey][]relRef

	// Membership (membership.go): the spans of the instruments with
	// members, by party, and their parties in model order; eachTarget
	// marks the instruments an each-party bearer or beneficiary names.
	spans       map[*Instrument]map[string][]partySpan
	memberOrder map[*Instrument][]string
	eachTarget  map[string]bool
	// Conditional entry into force (entry.go): source is the model as
	// given (m is its lowered copy when they differ), entry the
	// resolution of each conditional instrument of m.
	source *Model
	entry  map[*Instrument]*entryState
	ex     exIndex // exceptions (exception.go)
	// powers are the power clauses, in model order (power.go).
	powers []clauseRef
}

func newIndex(m *Model) (*index, error) {
	m = lowerStatements(m)
	ix := &index{
		m:           m,
		source:      m,
		eachTarget:  map[string]bool{},
		parties:     map[string]*Party{},
		instruments: map[string]*Instrument{},
		clauses:     map[string]clauseRef{},
		relations:   map[string][]relRef{},
		fieldTypes:  map[string]conditions.Type{},
	}
	for _, f := range m.Facts {
		ix.fieldTypes[f.Name] = f.Type
		if isColl(f.Field) {
			if ix.colls == nil {
				ix.colls = map[string]conditions.Field{}
			}
			ix.colls[f.Name] = f.Field
		}
	}
	add := func(d Date) {
		if !d.IsZero() {
			ix.dates = append(ix.dates, d)
		}
	}
	for i := range m.Parties {
		p := &m.Parties[i]
		ix.parties[p.ID] = p
		if p.Continues != nil {
			add(p.Continues.From)
		}
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		ix.instruments[inst.ID] = inst
		add(inst.Signed)
		add(inst.InForce)
		add(inst.Terminated)
		for j := range inst.Clauses {
			cr := clauseRef{inst: inst, c: &inst.Clauses[j]}
			for _, who := range []string{cr.c.Bearer, cr.c.Beneficiary} {
				if id, ok := eachOf(who); ok {
					ix.eachTarget[id] = true
				}
			}
			if _, dup := ix.clauses[cr.c.ID]; dup {
				return nil, &Error{Code: CodeDuplicateID, Clause: cr.c.ID,
					Msg: fmt.Sprintf("model %q: duplicate clause id %q", m.ID, cr.c.ID)}
			}
			ix.clauses[cr.c.ID] = cr
			ix.order = append(ix.order, cr)
			if pt := cr.c.Power; pt != nil && cr.c.Kind == Power {
				for k := range pt.Effects {
					e := &pt.Effects[k]
					ix.relations[e.Target] = append(ix.relations[e.Target], relRef{inst, e, &powerRef{cr}})
				}
			}
			for _, w := range []*When{cr.c.NotBefore, cr.c.Deadline} {
				if w != nil {
					add(w.Date)
				}
			}
			from, until := clauseWindow(inst, cr.c)
			add(from)
			add(until)
		}
		for j := range inst.Relations {
			r := &inst.Relations[j]
			ix.relations[r.Target] = append(ix.relations[r.Target], relRef{src: inst, rel: r})
			add(r.From)
			add(r.Until)
		}
	}
	for target, rels := range ix.relations {
		slices.SortStableFunc(rels, func(a, b relRef) int { return a.from().Compare(b.from()) })
		ix.relations[target] = rels
	}
	ix.indexMembers()
	ix.powers = powersOf(ix.order)
	ix.succ = newSuccession(ix)
	ix.indexExceptions()
	ix.clauseRels = map[relKey][]relRef{}
	ix.parts.byKey = map[any]*part{}
	if len(m.Facts) > 0 {
		ix.parts.schema, _ = conditions.NewSchema(fields(m.Facts)...)
	}
	ix.readings = m.Readings
	if len(ix.readings) == 0 {
		for _, p := range m.Parties {
			ix.readings = append(ix.readings, Reading{ID: p.ID, Party: p.ID})
		}
	}
	for i := range ix.readings {
		r := &ix.readings[i]
		if _, ok := ix.parties[r.Party]; !ok {
			return nil, &Error{Code: CodeUnknownParty, Reading: readingID(r),
				Msg: fmt.Sprintf("model %q: reading %q names unknown party %q", m.ID, r.ID, r.Party)}
		}
		for _, rej := range r.Rejects {
			add(rej.Date)
		}
	}
	return ix, nil
}

// readingID returns r's id, defaulting to its party.
func readingID(r *Reading) string {
	if r.ID != "" {
		return r.ID
	}
	return r.Party
}

func (ix *index) selectReadings(ids []string) ([]Reading, error) {
	if len(ids) == 0 {
		return ix.readings, nil
	}
	var out []Reading
	for _, id := range ids {
		i := slices.IndexFunc(ix.readings, func(r Reading) bool { return readingID(&r) == id })
		if i < 0 {
			var known []string
			for j := range ix.readings {
				known = append(known, readingID(&ix.readings[j]))
			}
			return nil, &Error{Code: CodeUnknownReading, Reading: id, Hint: suggestion(id, known),
				Msg: fmt.Sprintf("no reading %q in model %q (readings: %s)", id, ix.m.ID, strings.Join(known, ", "))}
		}
		out = append(out, ix.readings[i])
	}
	return out, nil
}

func (ix *index) selectClauses(ids []string) ([]clauseRef, error) {
	if len(ids) == 0 {
		return ix.order, nil
	}
	var out []clauseRef
	for _, id := range ids {
		cr, err := ix.clause(id)
		if err != nil {
			return nil, err
		}
		out = append(out, cr)
	}
	return out, nil
}

// clauseRelations returns the relations on cr or its instrument, by date
// (stably), computed once per clause.
func (ix *index) clauseRelations(cr clauseRef) []relRef {
	ix.relMu.Lock()
	defer ix.relMu.Unlock()
	key := relKey{cr.c, cr.instanceID()}
	if key.instance != "" && len(ix.relations[key.instance]) == 0 {
		key.instance = "" // an instance without relations of its own: the clause's
	}
	if rels, ok := ix.clauseRels[key]; ok {
		return rels
	}
	rels := append(slices.Clone(ix.relations[cr.inst.ID]), ix.relations[cr.c.ID]...)
	if key.instance != "" {
		// Relations on one instance: the effects of reservations and
		// objections between two parties (reservation.go).
		rels = append(rels, ix.relations[key.instance]...)
	}
	slices.SortStableFunc(rels, func(a, b relRef) int { return a.from().Compare(b.from()) })
	ix.clauseRels[key] = rels
	return rels
}

// relKey identifies the relations of a clause or of one of its
// instances.
type relKey struct {
	c        *Clause
	instance string
}

// clause returns the clause with the given id, or an error with
// CodeUnknownClause.
func (ix *index) clause(id string) (clauseRef, error) {
	cr, ok := ix.clauses[id]
	if !ok {
		ids := make([]string, len(ix.order))
		for i, c := range ix.order {
			ids[i] = c.c.ID
		}
		return clauseRef{}, &Error{Code: CodeUnknownClause, Clause: id, Hint: suggestion(id, ids),
			Msg: fmt.Sprintf("no clause %q in model %q", id, ix.m.ID)}
	}
	return cr, nil
}

// effective returns the date an instrument takes effect: in force, or
// signed when it has no in-force date.
func effective(inst *Instrument) Date {
	if !inst.InForce.IsZero() {
		return inst.InForce
	}
	if e := inst.EntryIntoForce; e != nil && !e.Condition.IsZero() {
		return Date{} // known only under a scenario, which lowers it (entry.go)
	}
	return inst.Signed
}

func (r relRef) from() Date {
	if r.pw != nil {
		return Date{}
	}
	if !r.rel.From.IsZero() {
		return r.rel.From
	}
	return effective(r.src)
}

// own reports whether party p, or a party it continues, is party to or
// author of inst.
func (ix *index) own(p string, inst *Instrument) bool {
	if p == "" {
		return false
	}
	if ix.succ.tin == nil { // successions form a cycle: walk, a bounded number of steps
		for seen := 0; p != "" && seen <= len(ix.parties); seen++ {
			if inst.Author == p || slices.Contains(inst.Parties, p) ||
				slices.ContainsFunc(inst.Members, func(m Member) bool { return m.Party == p }) {
				return true
			}
			party, ok := ix.parties[p]
			if !ok || party.Continues == nil {
				return false
			}
			p = party.Continues.Party
		}
		return false
	}
	if inst.Author != "" && ix.succ.continues(p, inst.Author) {
		return true
	}
	for _, x := range inst.Parties {
		if x != "" && ix.succ.continues(p, x) {
			return true
		}
	}
	for i := range inst.Members {
		if x := inst.Members[i].Party; x != "" && ix.succ.continues(p, x) {
			return true
		}
	}
	return false
}

// acceptsOn reports whether reading r counts inst on date t: accepts
// without the reason.
func (ix *index) acceptsOn(r *Reading, inst *Instrument, t Date) bool {
	for _, rej := range r.Rejects {
		if rej.Instrument == inst.ID && (rej.Date.IsZero() || !t.Before(rej.Date)) {
			return false
		}
	}
	return slices.Contains(r.Accepts, inst.ID) || ix.own(r.Party, inst)
}

// accepts reports whether reading r counts inst on date t, and if not, why.
func (ix *index) accepts(r *Reading, inst *Instrument, t Date) (bool, string) {
	for _, rej := range r.Rejects {
		if rej.Instrument == inst.ID && (rej.Date.IsZero() || !t.Before(rej.Date)) {
			why := fmt.Sprintf("reading %s rejects %s", readingID(r), inst.ID)
			if rej.By != "" {
				why += " (" + rej.By
				if !rej.Date.IsZero() {
					why += ", " + rej.Date.String()
				}
				why += ")"
			}
			return false, why
		}
	}
	if slices.Contains(r.Accepts, inst.ID) || ix.own(r.Party, inst) {
		return true, ""
	}
	return false, fmt.Sprintf("reading %s does not accept %s", readingID(r), inst.ID)
}

// bearerAt returns the party bound by a clause of bearer b on date t:
// the first party, in model order, that continues b by t, and so on.
// memo, if not nil, remembers the answers for t.
func (ix *index) bearerAt(b string, t Date, memo map[string]string) string {
	if x, ok := memo[b]; ok {
		return x
	}
	path := []string{b}
	for range len(ix.parties) {
		next := ""
		for _, p := range ix.succ.successors(b) {
			if !t.Before(p.Continues.From) {
				next = p.ID
				break
			}
		}
		if next == "" {
			// Every party on the way ends here too.
			if memo != nil {
				for _, p := range path {
					memo[p] = b
				}
			}
			return b
		}
		b = next
		path = append(path, b)
	}
	return b
}

// evaluator evaluates clauses of one model under one scenario.
type evaluator struct {
	ctx context.Context
	ix  *index
	sc  *Scenario
	// changes are the dates on which anything may change, ascending, and
	// changeDays the same as days.
	changes    []Date
	changeDays []day
	facts      map[string]*timeline
	// Per evaluator (not safe for concurrent use): the compiled parts'
	// values, the tracks, scratch space, and the bearers as of the date.
	vals      *conditions.Values
	partMemo  map[*part]partState
	tracks    map[trackKey]*track
	scratch   []int
	bearers   map[string]string
	bearersAt Date
	asOf      Date
	asOfF     conditions.Facts
	// The powers' outcomes per reading and the relations re-sorted by
	// them (see power.go).
	gates    map[gateKey]*gate
	relsMemo map[trackKey][]relRef
	// gateMissing is set by condition: the facts that leave a power's
	// effect on the clause unknown on the date.
	gateMissing []string

	// shared holds the states of clauses on a date that their in-force
	// instances share (see sharedState in membership.go).
	shared   map[sharedKey]state
	asofMemo map[*part][]day // see asofDays
	// share holds what the instances of each-party clauses share (see
	// share.go).
	share *shareMemo
	// supplied holds the bound facts the evaluator supplies (bound.go),
	// so that a value a caller gives in their place is kept.
	supplied map[string]*timeline
	// own holds, per reading id, the evaluator of a reading with facts
	// of its own (see lowerReadingFacts); nil when no reading has any.
	own map[string]*evaluator
}

// withFacts returns a copy of ev in which the given facts hold throughout.
func (ev *evaluator) withFacts(f map[string]any) *evaluator {
	c := *ev
	c.facts = make(map[string]*timeline, len(ev.facts)+len(f))
	for k, v := range ev.facts {
		c.facts[k] = v
	}
	for k, v := range f {
		// The rule of Fact.SetFrom with no date: v holds on every date.
		set := Fact{}.SetFrom(Date{}, v)
		c.facts[k] = newTimeline(set.Value, nil)
	}
	c.reset()
	if c.ix.entry != nil {
		// The entry into force of a conditional instrument depends on
		// the facts: lower the model again (entry.go).
		_ = c.lowerEntry() // the model lowered once already: no new error
	}
	if ev.own != nil {
		// The readings' definitions read the new values: lower them
		// again (readingfacts.go); they lowered once, so no new error.
		_ = c.lowerReadingFacts()
	}
	return &c
}

// reset clears what the evaluator remembers about its facts.
func (ev *evaluator) reset() {
	ev.vals = nil
	ev.partMemo = map[*part]partState{}
	ev.tracks = map[trackKey]*track{}
	ev.scratch = nil
	ev.bearers = map[string]string{}
	ev.asOf, ev.asOfF = Date{}, nil
	ev.shared = nil
	ev.asofMemo = nil
	ev.share = nil
	ev.gates, ev.relsMemo = nil, nil
}

// bearerMemo returns the memo of bearers as of t.
func (ev *evaluator) bearerMemo(t Date) map[string]string {
	if !ev.bearersAt.Equal(t) {
		ev.bearers, ev.bearersAt = map[string]string{}, t
	}
	return ev.bearers
}

// canceled returns an error with CodeCanceled if the evaluation's context
// is done.
func (ev *evaluator) canceled() error {
	if ev.ctx == nil {
		return nil
	}
	if err := ev.ctx.Err(); err != nil {
		return canceledError(err)
	}
	return nil
}

func canceledError(err error) *Error {
	return &Error{Code: CodeCanceled, Msg: "evaluation stopped: " + err.Error(), Err: err}
}

// timedValue is a fact's value from a date on.
type timedValue struct {
	from  Date
	value any
}

func (ev *evaluator) prepareFacts() error {
	ev.facts = map[string]*timeline{}
	ev.reset()
	dates := slices.Clone(ev.ix.dates)
	names := make([]string, 0, len(ev.sc.Facts))
	for name := range ev.sc.Facts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := ev.sc.Facts[name]
		path := factPath(name)
		typ, declared := ev.ix.fieldTypes[name]
		if !declared && len(ev.ix.m.Facts) > 0 {
			known := make([]string, len(ev.ix.m.Facts))
			for i, fd := range ev.ix.m.Facts {
				known[i] = fd.Name
			}
			return &Error{Code: CodeUnknownFact, Scenario: ev.sc.ID, Path: path, Hint: suggestion(name, known),
				Msg: fmt.Sprintf("fact %q is not declared by model %q", name, ev.ix.m.ID)}
		}
		valuePath := path
		if len(f.History) > 0 {
			valuePath += "/value"
		}
		base, err := ev.convertFact(valuePath, name, typ, f.Value)
		if err != nil {
			return err
		}
		var changes []timedValue
		for i, ch := range f.History {
			hp := fmt.Sprintf("%s/history/%d", path, i)
			v, err := ev.convertFact(hp+"/value", name, typ, ch.Value)
			if err != nil {
				return err
			}
			if ch.From.IsZero() {
				return &Error{Code: CodeSchema, Scenario: ev.sc.ID, Path: hp + "/from",
					Msg: fmt.Sprintf("fact %q: history %d has no date", name, i)}
			}
			changes = append(changes, timedValue{ch.From, v})
			dates = append(dates, ch.From)
		}
		slices.SortStableFunc(changes, func(a, b timedValue) int { return a.from.Compare(b.from) })
		ev.facts[name] = newTimeline(base, changes)
	}
	dates = ev.partiesFacts(dates)
	dates = ev.boundFacts(dates)
	slices.SortFunc(dates, Date.Compare)
	ev.changes = slices.CompactFunc(dates, Date.Equal)
	ev.changeDays = make([]day, len(ev.changes))
	for i, d := range ev.changes {
		ev.changeDays[i] = dayOf(d)
	}
	ev.powerDates()
	return nil
}

// factPath is the JSON Pointer of fact name in a scenario.
func factPath(name string) string { return jsonpos.Append("/facts", name) }

// convertFact turns a scenario value (from JSON or Go) into the value
// package conditions expects for a fact of type typ, as [ConvertFact] does
// (for a fact the model does not declare, typ is conditions.Any). A value
// of the wrong type, or a number that is not finite, is an error with
// CodeSchema that also matches conditions.ErrFactType.
func (ev *evaluator) convertFact(path, name string, typ conditions.Type, v any) (any, error) {
	convert := convertFactValue
	if f, ok := ev.ix.colls[name]; ok {
		convert = func(string, conditions.Type, any) (any, error) { return convertColl(f, v) }
	}
	x, err := convert(name, typ, v)
	if err == nil {
		return x, nil
	}
	e := &Error{Code: CodeSchema, Scenario: ev.sc.ID, Path: path, Msg: err.Error()}
	if te, ok := err.(*Error); ok {
		e.Code, e.Msg, e.Hint = te.Code, te.Msg, te.Hint
	}
	e.Err = &conditions.Error{Code: conditions.CodeFactType, Msg: e.Msg}
	return nil, e
}

// factsAt returns the facts as they stood on date t. The map is shared:
// callers must not modify it.
func (ev *evaluator) factsAt(t Date) conditions.Facts {
	if ev.asOfF != nil && ev.asOf.Equal(t) {
		return ev.asOfF
	}
	d := dayOf(t)
	f := make(conditions.Facts, len(ev.facts))
	for name, tl := range ev.facts {
		if v := tl.value(d); v != nil {
			f[name] = v
		}
	}
	f[conditions.AsOf] = t.t // the evaluation date: see asof.go
	ev.asOf, ev.asOfF = t, f
	return f
}

// state is where a clause stands on one date.
type state struct {
	status Status
	// shallow is the status before a deadline counted from the day the
	// clause became due is applied ("" when the same as status), and
	// performed the truth of the performance fact, when known.
	shallow   Status
	performed conditions.Truth
	value     conditions.Truth
	cond      conditions.Expr
	condText  string // cond.String(), when already known
	parts     []Part
	result    conditions.Result
	missing   []string
	reason    string
	deadline  *Date
	// ended, if set, is the end that put the clause out of force.
	ended *Ending
}

func (s state) same(o state) bool { return s.status == o.status && s.value == o.value }

// condition composes the effective condition of cr under r on date t, or
// says why the clause is not in force.
func (ev *evaluator) condition(r *Reading, cr clauseRef, t Date) (cond conditions.Expr, parts []Part, exprs []conditions.Expr, out string) {
	inst := cr.inst
	if ok, why := ev.ix.accepts(r, inst, t); !ok {
		return cond, nil, nil, why
	}
	eff := effective(inst)
	switch {
	case eff.IsZero():
		return cond, nil, nil, fmt.Sprintf("%s has no signature or in-force date", inst.ID)
	case t.Before(eff) && ev.ix.notInForceYet(inst) != "":
		return cond, nil, nil, ev.ix.notInForceYet(inst)
	case t.Before(eff):
		return cond, nil, nil, fmt.Sprintf("%s takes effect on %s", inst.ID, eff)
	case !inst.Terminated.IsZero() && !t.Before(inst.Terminated):
		return cond, nil, nil, fmt.Sprintf("%s ended on %s", inst.ID, inst.Terminated)
	}
	if why := clauseOut(inst, cr.c, t); why != "" {
		return cond, nil, nil, why
	}
	if why := cr.memberOut(t); why != "" {
		return cond, nil, nil, why
	}
	var gateMissing []string
	defer func() { ev.gateMissing = gateMissing }()
	dormant, activated := cr.c.Dormant || inst.Dormant, false
	tagged := []conditions.Expr{ev.ix.part(cr.c, cr.c.Condition, inst.ID).tagged}
	effDate := eff
	parts = []Part{{Condition: cr.c.Condition.String(), Origin: inst.ID, Relation: "original", From: &effDate}}
	exprs = []conditions.Expr{cr.c.Condition}
	for _, rr := range ev.rels(r, cr) {
		from := rr.from()
		if rr.pw != nil {
			// A power's effect: in force from its computed date under the
			// readings for which the exercise took effect, whatever
			// happens to the power's instrument afterwards.
			v, g := ev.gateAt(r, rr, dayOf(t))
			if v == conditions.False {
				continue
			}
			if v == conditions.Unknown {
				for _, m := range g.missing {
					gateMissing = appendUnique(gateMissing, m)
				}
				if rr.rel.Kind == Activates {
					activated = true
				}
				parts = append(parts, Part{Condition: fmt.Sprintf("%s effective (%s %s)", rr.pw.cr.c.ID, rr.rel.Kind, rr.rel.Target),
					Origin: rr.src.ID, Relation: "power", Value: conditions.Unknown})
				exprs = append(exprs, conditions.Expr{})
				continue
			}
			from = dayDate(g.eff)
		} else {
			if from.IsZero() || t.Before(from) {
				continue
			}
			if !ev.ix.acceptsOn(r, rr.src, t) {
				continue
			}
			ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
			if ended && rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
				continue // a condition or suspension lasts while its instrument does
			}
		}
		switch rr.rel.Kind {
		case Activates:
			activated = true
		case Terminates, Supersedes:
			return conditions.Expr{}, nil, nil, fmt.Sprintf("%s %s %s from %s", rr.src.ID, rr.rel.Kind, rr.rel.Target, from)
		case Suspends:
			if rr.rel.Until.IsZero() || t.Before(rr.rel.Until) {
				return conditions.Expr{}, nil, nil, fmt.Sprintf("%s suspends %s from %s", rr.src.ID, rr.rel.Target, from)
			}
		case AddsCondition:
			tagged = append(tagged, ev.ix.part(rr.rel, rr.rel.Condition, rr.src.ID).tagged)
			parts = append(parts, Part{Condition: rr.rel.Condition.String(), Origin: rr.src.ID, Relation: string(rr.rel.Kind), From: &from})
			exprs = append(exprs, rr.rel.Condition)
		case ReplacesCondition:
			tagged = append(tagged[:0], ev.ix.part(rr.rel, rr.rel.Condition, rr.src.ID).tagged)
			parts = []Part{{Condition: rr.rel.Condition.String(), Origin: rr.src.ID, Relation: string(rr.rel.Kind), From: &from}}
			exprs = []conditions.Expr{rr.rel.Condition}
		}
	}
	if dormant && !activated {
		gateMissing = nil
		what := cr.c.ID
		if inst.Dormant {
			what = inst.ID
		}
		return conditions.Expr{}, nil, nil, fmt.Sprintf("%s is dormant until activated", what)
	}
	tagged, parts, exprs = ev.ix.withExceptions(r, cr, t, tagged, parts, exprs)
	// One conjunction of all parts: the same condition as conjoining them
	// one by one (conjunctions flatten), built in time linear in the parts.
	cond = tagged[0]
	if len(tagged) > 1 {
		cond = conditions.And(tagged...)
	}
	return cond, parts, exprs, ""
}

// resolve turns a When into a date. anchorDue is the date the clause
// became due (zero if unknown); def is the default anchor.
func (ev *evaluator) resolve(w *When, cr clauseRef, anchorDue Date, facts conditions.Facts, def string) (d Date, missing string) {
	if !w.Date.IsZero() {
		return w.Date, ""
	}
	var base Date
	from := cmp.Or(w.From, def)
	switch from {
	case "due":
		base = anchorDue
	case "in_force":
		base = effective(cr.inst)
	case "signed":
		base = cr.inst.Signed
	default:
		v, ok := facts[from]
		if !ok {
			return Date{}, from
		}
		switch x := v.(type) {
		case time.Time:
			base = DateOf(x)
		default:
			return Date{}, from
		}
	}
	if base.IsZero() {
		return Date{}, ""
	}
	return base.Add(w.After), ""
}

// state evaluates cr under r on date t. With deep set it also resolves
// deadlines measured from the date the clause became due.
func (ev *evaluator) state(r *Reading, cr clauseRef, t Date, deep bool) (state, error) {
	if c := ev.forReading(r); c != ev {
		return c.state(r, cr, t, deep)
	}
	cr = ev.current(cr)
	if cr.c.Kind == Power && cr.c.Power != nil {
		return ev.powerState(r, cr, t), nil
	}
	if st, ok, err := ev.sharedState(r, cr, t, deep); ok {
		return st, err
	}
	var st state
	cond, parts, partExprs, out := ev.condition(r, cr, t)
	gateMissing := ev.gateMissing
	if out != "" {
		if es := ev.ix.entryUnknown(r, cr.inst, t); es != nil {
			return state{status: Undetermined, value: conditions.Unknown, cond: cond,
				missing: slices.Clone(es.missing), reason: es.reason(cr.inst)}, nil
		}
		if end, ok := ev.endAt(r, cr, t); ok {
			prev, err := ev.state(r, cr, end.On.AddDays(-1), true)
			if err != nil {
				return st, err
			}
			return afterEnd(prev, cr.c.Kind, end, out), nil
		}
		return state{status: NotInForce, reason: out, cond: cond}, nil
	}
	st.cond, st.parts = cond, parts
	facts := ev.factsAt(t)
	res, err := conditions.Eval(cond, facts)
	if err != nil {
		return st, &Error{Code: CodeCondition, Scenario: ev.sc.ID, Clause: cr.c.ID, Reading: readingID(r), Date: t,
			Msg: fmt.Sprintf("condition %s: %v", cond, err), Err: err}
	}
	if len(gateMissing) > 0 && res.Value != conditions.False {
		// A power's effect on the clause is unknown (see power.go).
		res.Value = conditions.Unknown
		for _, m := range gateMissing {
			res.Missing = appendUnique(res.Missing, m)
		}
	}
	st.result, st.value = res, res.Value
	for i, e := range partExprs {
		if e.IsZero() && st.parts[i].Relation == "power" {
			continue
		}
		if pr, err := conditions.Eval(e, facts); err == nil {
			st.parts[i].Value = pr.Value
		}
	}
	if w := cr.c.NotBefore; w != nil {
		start, missing := ev.resolve(w, cr, Date{}, facts, "in_force")
		switch {
		case missing != "" && st.value != conditions.False:
			st.status, st.missing = Undetermined, appendUnique(res.Missing, missing)
			st.reason = fmt.Sprintf("start date depends on unknown fact %s", missing)
			return st, nil
		case !start.IsZero() && t.Before(start):
			st.status, st.reason = NotDue, fmt.Sprintf("not due before %s", start)
			return st, nil
		}
	}
	switch st.value {
	case conditions.False:
		st.status, st.reason = NotDue, "condition does not hold"
		return st, nil
	case conditions.Unknown:
		st.status, st.missing = Undetermined, res.Missing
		st.reason = "condition unknown: missing " + strings.Join(res.Missing, ", ")
		return st, nil
	}
	performed := conditions.Unknown
	if name := cr.c.Performed; name != "" {
		switch v := facts[name].(type) {
		case bool:
			performed = conditions.TruthOf(v)
		case nil:
		default:
			return st, &Error{Code: CodeSchema, Scenario: ev.sc.ID, Clause: cr.c.ID, Reading: readingID(r), Date: t,
				Path: factPath(name), Msg: fmt.Sprintf("performance fact %q must be bool, found %T", name, v),
				Err: &conditions.Error{Code: conditions.CodeFactType, Msg: fmt.Sprintf("performance fact %q must be bool, found %T", name, v)}}
		}
	}
	switch cr.c.Kind {
	case Prohibition:
		if performed == conditions.True {
			st.status, st.reason = Violated, fmt.Sprintf("prohibited act took place (%s)", cr.c.Performed)
		} else {
			st.status, st.reason = Due, "prohibition in effect"
		}
		return st, nil
	case Permission:
		if performed == conditions.True {
			st.status, st.reason = Fulfilled, "permission exercised"
		} else {
			st.status, st.reason = Due, "permitted: condition holds"
		}
		return st, nil
	}
	if performed == conditions.True {
		st.status, st.reason = Fulfilled, fmt.Sprintf("performed (%s)", cr.c.Performed)
		return st, nil
	}
	st.status, st.reason = Due, "condition holds"
	st.shallow, st.performed = Due, performed
	if w := cr.c.Deadline; w != nil && deep {
		var anchor Date
		if w.Date.IsZero() && cmp.Or(w.From, "due") == "due" {
			tr := ev.track(r, cr)
			anchor = tr.dueSince(tr.segIndex(dayOf(t)))
		}
		dl, missing := ev.resolve(w, cr, anchor, facts, "due")
		if missing != "" {
			st.missing = append(st.missing, missing)
		}
		if !dl.IsZero() {
			st.deadline = &dl
			if t.After(dl) {
				if performed == conditions.False {
					st.status, st.reason = Violated, fmt.Sprintf("deadline %s passed without performance", dl)
				} else {
					st.status, st.reason = Undetermined, fmt.Sprintf("deadline %s passed; performance unknown", dl)
					st.missing = appendUnique(st.missing, cr.c.Performed)
				}
			} else {
				st.reason = fmt.Sprintf("condition holds; deadline %s", dl)
			}
		}
	}
	if st.status == Due && performed == conditions.Unknown && cr.c.Performed != "" && st.reason == "condition holds" {
		st.reason = "condition holds; performance not recorded"
	}
	return st, nil
}

func appendUnique(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	out := append(slices.Clone(list), s)
	slices.Sort(out)
	return out
}

// result evaluates cr under r as of t, with since and explanation.
func (ev *evaluator) result(r *Reading, cr clauseRef, t Date) (Result, error) {
	if c := ev.forReading(r); c != ev {
		return c.result(r, cr, t)
	}
	if cr.c.Kind == Power && cr.c.Power != nil {
		return ev.powerResult(r, cr, t)
	}
	if res, ok, err := ev.sharedResult(r, cr, t); ok {
		return res, err
	}
	st, err := ev.state(r, cr, t, true)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Reading:     readingID(r),
		Party:       r.Party,
		Clause:      cr.c.ID,
		Instrument:  cr.inst.ID,
		Bearer:      ev.ix.bearerAt(cmp.Or(cr.instBearer(), cr.c.Bearer), t, ev.bearerMemo(t)),
		Instance:    cr.instanceID(),
		Status:      st.status,
		Value:       st.value,
		Condition:   cmp.Or(st.condText, st.cond.String()),
		Missing:     slices.Clone(st.missing),
		Deadline:    st.deadline,
		Ended:       st.ended,
		Window:      windowOf(cr.inst, cr.c),
		Reason:      st.reason,
		Parts:       slices.Clone(st.parts),
		Explanation: st.result.Explanation,
	}
	if b := cmp.Or(cr.instBeneficiary(), cr.c.Beneficiary); b != "" {
		res.Beneficiary = ev.ix.bearerAt(b, t, ev.bearerMemo(t))
	}
	if res.Missing == nil {
		res.Missing = []string{}
	}
	if res.Parts == nil {
		res.Parts = []Part{}
	}
	if st.status == NotInForce {
		res.Condition = cr.c.Condition.String()
		res.Explanation = nil
	} else if res.Exceptions = ev.ix.exceptionTree(r, cr, t, ev.factsAt(t)); res.Exceptions != nil {
		res.Reason = exceptionReason(res.Exceptions, res.Parts, res.Reading, st.status, st.reason)
	}
	res.Evidence = resultEvidence(ev.ix.m, ev.sc, r, cr.c, t, &res, ev.factsAt(t))
	if st.status != NotInForce {
		res.ReadingFacts = readingFactsOf(r, cr.c, st.cond)
	}
	since, err := ev.sinceOf(r, cr, t, st)
	if err != nil {
		return Result{}, err
	}
	res.Since = since
	return res, nil
}

// Ending says that a clause's instrument has ended, when and by what. A
// clause that was fulfilled or violated on the last day it was in force
// keeps that status afterwards (see "Status after an instrument ends" in
// the package documentation).
type Ending struct {
	// On is the first day on which the clause is no longer in force.
	On Date `json:"on"`
	// By is the id of the instrument that ended it: the clause's own
	// instrument for a termination date, the terminating or superseding
	// instrument, or for a rejection the rejecting instrument (else the
	// reading).
	By string `json:"by"`
	// How is "terminated", "terminates", "supersedes", "rejected", or
	// "until" for the end of the clause's own lifetime ([Clause.Until]).
	How string `json:"how"`
}

// endAt returns the earliest end of cr under r that is in effect on t:
// the instrument's termination date, a terminating or superseding
// relation the reading counts on t, or the reading's dated rejection of
// the instrument, on or before t and after the instrument took effect.
func (ev *evaluator) endAt(r *Reading, cr clauseRef, t Date) (Ending, bool) {
	return ev.ix.endAtWith(ev, r, cr, t)
}

// endAt is evaluator.endAt without the powers' effects.
func (ix *index) endAt(r *Reading, cr clauseRef, t Date) (Ending, bool) {
	return ix.endAtWith(nil, r, cr, t)
}

// endAtWith is endAt with the powers' effects as ev finds them (none
// when ev is nil).
func (ix *index) endAtWith(ev *evaluator, r *Reading, cr clauseRef, t Date) (Ending, bool) {
	inst := cr.inst
	eff := effective(inst)
	var best Ending
	found := false
	consider := func(on Date, by, how string) {
		if on.IsZero() || !eff.Before(on) || t.Before(on) {
			return
		}
		if !found || on.Before(best.On) {
			best, found = Ending{On: on, By: by, How: how}, true
		}
	}
	if eff.IsZero() {
		return best, false
	}
	consider(inst.Terminated, inst.ID, "terminated")
	if from, until := clauseWindow(inst, cr.c); from.IsZero() || from.Before(until) {
		consider(until, inst.ID, "until")
	}
	for _, rej := range r.Rejects {
		if rej.Instrument == inst.ID {
			consider(rej.Date, cmp.Or(rej.By, readingID(r)), "rejected")
		}
	}
	for _, rr := range ix.clauseRelations(cr) {
		if rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
			continue
		}
		if rr.pw != nil {
			if ev == nil {
				continue
			}
			if v, g := ev.gateAt(r, rr, dayOf(t)); v == conditions.True {
				consider(dayDate(g.eff), rr.src.ID, string(rr.rel.Kind))
			}
			continue
		}
		if from := rr.from(); !from.IsZero() && !t.Before(from) && ix.acceptsOn(r, rr.src, t) {
			consider(from, rr.src.ID, string(rr.rel.Kind))
		}
	}
	if e, ok := cr.memberEnd(t); ok {
		consider(e.On, e.By, e.How)
	}
	return best, found
}

// afterEnd is the state on t of a clause that is out of force on t
// because it ended (end), given its state prev on the last day it was in
// force: a fulfilled or violated clause keeps that status (and its
// deadline and condition), anything else is not in force. out is why the
// clause is out of force on t.
func afterEnd(prev state, kind Deontic, end Ending, out string) state {
	switch prev.status {
	case Fulfilled, Violated:
		st := prev
		st.shallow = ""
		st.ended = &end
		if prev.ended == nil {
			st.reason = fmt.Sprintf("%s; %s (status kept after the end)", prev.reason, endText(end))
		}
		return st
	}
	st := state{status: NotInForce, reason: out, ended: &end}
	if prev.ended != nil {
		st.ended = prev.ended
		st.reason = prev.reason
	} else if prev.status == Due && kind != Prohibition && kind != Permission {
		st.reason = endText(end) + " before performance"
	}
	return st
}

// String says in words how the clause ended, e.g. "t ended on
// 2010-01-01" or "the clause applied until 2031-01-15".
func (e Ending) String() string { return endText(e) }

// endText says in words how a clause ended.
func endText(e Ending) string {
	switch e.How {
	case "terminated":
		return e.By + " ended on " + e.On.String()
	case "rejected":
		return "rejected by " + e.By + " from " + e.On.String()
	case "until":
		return "the clause applied until " + e.On.AddDays(-1).String()
	case "withdrawn":
		return e.By + " withdrew with effect from " + e.On.String()
	}
	return e.By + " " + e.How + " it from " + e.On.String()
}

// clauseWindow resolves a clause's own lifetime ([Clause.From],
// [Clause.Until]) in its instrument; a zero date is no bound.
func clauseWindow(inst *Instrument, c *Clause) (from, until Date) {
	res := func(w *When) Date {
		if w == nil {
			return Date{}
		}
		if !w.Date.IsZero() {
			return w.Date
		}
		var base Date
		switch cmp.Or(w.From, "in_force") {
		case "in_force":
			base = effective(inst)
		case "signed":
			base = inst.Signed
		}
		if base.IsZero() {
			return Date{}
		}
		return base.Add(w.After)
	}
	return res(c.From), res(c.Until)
}

// clauseOut says why clause c of inst is out of its own lifetime on t, or
// "" when it is inside it.
func clauseOut(inst *Instrument, c *Clause, t Date) string {
	if c.From == nil && c.Until == nil {
		return ""
	}
	from, until := clauseWindow(inst, c)
	switch {
	case !from.IsZero() && t.Before(from):
		return fmt.Sprintf("%s applies from %s", c.ID, from)
	case !until.IsZero() && !t.Before(until):
		return fmt.Sprintf("%s applied until %s", c.ID, until.AddDays(-1))
	}
	return ""
}

// windowOf returns the days on which clause c of inst can be in force, for
// a clause with its own lifetime; nil otherwise.
func windowOf(inst *Instrument, c *Clause) *Window {
	if c.From == nil && c.Until == nil {
		return nil
	}
	from, until := clauseWindow(inst, c)
	if eff := effective(inst); from.IsZero() || from.Before(eff) {
		from = eff
	}
	if t := inst.Terminated; !t.IsZero() && (until.IsZero() || t.Before(until)) {
		until = t
	}
	w := &Window{}
	if !from.IsZero() {
		w.From = &from
	}
	if !until.IsZero() {
		w.Until = &until
	}
	return w
}
