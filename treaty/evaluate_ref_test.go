package treaty

// This file keeps the evaluator as it was before evaluation was made
// linear in its input: at every date on which anything changes it
// recomposes the effective condition and evaluates it over all facts. It
// is slow, and plainly right; TestEvaluateMatchesReference checks that
// Evaluate gives exactly its results.

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/treatycond/treatycond/conditions"
)

// refEval is the reference evaluator.
type refEval struct {
	ix      *index
	sc      *Scenario
	changes []Date
	facts   map[string]refTimeline
	// asofDays are the days on which a condition reading the evaluation
	// date changes value with no fact changing (see refAsOfDays).
	asofDays []Date
}

type refTimeline struct {
	base    any
	changes []refChange
}

type refChange struct {
	from  Date
	value any
}

// newRefEval prepares the reference evaluator, converting fact values as
// Evaluate does (the conversion is not what is under test).
func newRefEval(m *Model, s *Scenario) (*refEval, error) {
	ix, err := newIndex(m)
	if err != nil {
		return nil, err
	}
	ev := &refEval{ix: ix, sc: s, facts: map[string]refTimeline{}}
	dates := slices.Clone(ix.dates)
	for name, f := range s.Facts {
		typ := ix.fieldTypes[name]
		var tl refTimeline
		if tl.base, err = convertFactValue(name, typ, f.Value); err != nil {
			return nil, err
		}
		for _, ch := range f.History {
			v, err := convertFactValue(name, typ, ch.Value)
			if err != nil {
				return nil, err
			}
			tl.changes = append(tl.changes, refChange{ch.From, v})
			dates = append(dates, ch.From)
		}
		slices.SortStableFunc(tl.changes, func(a, b refChange) int { return a.from.Compare(b.from) })
		ev.facts[name] = tl
	}
	slices.SortFunc(dates, Date.Compare)
	ev.changes = slices.CompactFunc(dates, Date.Equal)
	return ev, nil
}

// refEvaluate gives the results the reference evaluator finds, in report
// order.
func refEvaluate(m *Model, s *Scenario, asOf Date) ([]Result, error) {
	ev, err := newRefEval(m, s)
	if err != nil {
		return nil, err
	}
	ev.asofDays = ev.refAsOfDays(asOf)
	var out []Result
	for _, cr := range ev.ix.order {
		for i := range ev.ix.readings {
			res, err := ev.result(&ev.ix.readings[i], cr, asOf)
			if err != nil {
				return nil, err
			}
			out = append(out, res)
		}
	}
	return out, nil
}

func (ix *refEval) own(p string, inst *Instrument) bool {
	for seen := 0; p != "" && seen <= len(ix.ix.parties); seen++ {
		if inst.Author == p || slices.Contains(inst.Parties, p) {
			return true
		}
		party, ok := ix.ix.parties[p]
		if !ok || party.Continues == nil {
			return false
		}
		p = party.Continues.Party
	}
	return false
}

func (ix *refEval) accepts(r *Reading, inst *Instrument, t Date) (bool, string) {
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

func (ix *refEval) bearerAt(b string, t Date) string {
	for range len(ix.ix.parties) {
		next := ""
		for _, p := range ix.ix.m.Parties {
			if p.Continues != nil && p.Continues.Party == b && !t.Before(p.Continues.From) {
				next = p.ID
				break
			}
		}
		if next == "" {
			return b
		}
		b = next
	}
	return b
}

// refAsOfDays returns the days up to t on which a condition of the model
// that reads asof changes value while no fact changes. It scans the days
// from three years before the first date the model and scenario mention,
// in steps of 16 days within each run of days with no fact change, and
// every day of a step whose ends differ: it relies on such a condition
// changing at most once in 16 days while the facts stay (true of the
// conditions of the tests, whose periods are longer).
func (ev *refEval) refAsOfDays(t Date) []Date {
	var exprs []conditions.Expr
	add := func(e conditions.Expr) {
		if slices.Contains(e.Facts(), conditions.AsOf) {
			exprs = append(exprs, e)
		}
	}
	for _, inst := range ev.ix.m.Instruments {
		for _, cl := range inst.Clauses {
			add(cl.Condition)
		}
		for _, r := range inst.Relations {
			add(r.Condition)
		}
		for _, x := range inst.Exceptions {
			add(x.Condition)
		}
	}
	if len(exprs) == 0 {
		return nil
	}
	start := t
	if len(ev.changes) > 0 && ev.changes[0].Before(t) {
		start = ev.changes[0]
	}
	start = start.AddDays(-3 * 366)
	value := func(e conditions.Expr, d Date) conditions.Truth {
		res, err := conditions.Eval(e, ev.factsAt(d))
		if err != nil {
			return 255
		}
		return res.Value
	}
	var out []Date
	for _, e := range exprs {
		for d := start; d.Before(t); {
			next := d.AddDays(16)
			if i, _ := slices.BinarySearchFunc(ev.changes, d.AddDays(1), Date.Compare); i < len(ev.changes) && ev.changes[i].Before(next) {
				next = ev.changes[i] // a fact may change: the step stops before
			}
			if next.After(t) {
				next = t
			}
			if value(e, d) != value(e, next.AddDays(-1)) || value(e, next.AddDays(-1)) != value(e, next) {
				for x := d.AddDays(1); !x.After(next); x = x.AddDays(1) {
					if value(e, x) != value(e, x.AddDays(-1)) {
						out = append(out, x)
					}
				}
			}
			d = next
		}
	}
	slices.SortFunc(out, Date.Compare)
	return slices.CompactFunc(out, Date.Equal)
}

func (ev *refEval) factsAt(t Date) conditions.Facts {
	f := make(conditions.Facts, len(ev.facts)+1)
	f[conditions.AsOf] = t.t
	for name, tl := range ev.facts {
		v := tl.base
		for _, ch := range tl.changes {
			if ch.from.After(t) {
				break
			}
			v = ch.value
		}
		if v != nil {
			f[name] = v
		}
	}
	return f
}

func (ev *refEval) condition(r *Reading, cr clauseRef, t Date) (cond conditions.Expr, parts []Part, exprs []conditions.Expr, out string) {
	inst := cr.inst
	if ok, why := ev.accepts(r, inst, t); !ok {
		return cond, nil, nil, why
	}
	eff := effective(inst)
	switch {
	case eff.IsZero():
		return cond, nil, nil, fmt.Sprintf("%s has no signature or in-force date", inst.ID)
	case t.Before(eff):
		return cond, nil, nil, fmt.Sprintf("%s takes effect on %s", inst.ID, eff)
	case !inst.Terminated.IsZero() && !t.Before(inst.Terminated):
		return cond, nil, nil, fmt.Sprintf("%s ended on %s", inst.ID, inst.Terminated)
	}
	if from, until := clauseWindow(inst, cr.c); !from.IsZero() && t.Before(from) {
		return cond, nil, nil, fmt.Sprintf("%s applies from %s", cr.c.ID, from)
	} else if !until.IsZero() && !t.Before(until) {
		return cond, nil, nil, fmt.Sprintf("%s applied until %s", cr.c.ID, until.AddDays(-1))
	}
	cond = conditions.WithOrigin(cr.c.Condition, inst.ID)
	effDate := eff
	parts = []Part{{Condition: cr.c.Condition.String(), Origin: inst.ID, Relation: "original", From: &effDate}}
	exprs = []conditions.Expr{cr.c.Condition}
	rels := append(slices.Clone(ev.ix.relations[inst.ID]), ev.ix.relations[cr.c.ID]...)
	slices.SortStableFunc(rels, func(a, b relRef) int { return a.from().Compare(b.from()) })
	for _, rr := range rels {
		from := rr.from()
		if from.IsZero() || t.Before(from) {
			continue
		}
		if ok, _ := ev.accepts(r, rr.src, t); !ok {
			continue
		}
		ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
		if ended && rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
			continue // a condition or suspension lasts while its instrument does
		}
		switch rr.rel.Kind {
		case Terminates, Supersedes:
			return conditions.Expr{}, nil, nil, fmt.Sprintf("%s %s %s from %s", rr.src.ID, rr.rel.Kind, rr.rel.Target, from)
		case Suspends:
			if rr.rel.Until.IsZero() || t.Before(rr.rel.Until) {
				return conditions.Expr{}, nil, nil, fmt.Sprintf("%s suspends %s from %s", rr.src.ID, rr.rel.Target, from)
			}
		case AddsCondition:
			cond = conditions.And(cond, conditions.WithOrigin(rr.rel.Condition, rr.src.ID))
			parts = append(parts, Part{Condition: rr.rel.Condition.String(), Origin: rr.src.ID, Relation: string(rr.rel.Kind), From: &from})
			exprs = append(exprs, rr.rel.Condition)
		case ReplacesCondition:
			cond = conditions.WithOrigin(rr.rel.Condition, rr.src.ID)
			parts = []Part{{Condition: rr.rel.Condition.String(), Origin: rr.src.ID, Relation: string(rr.rel.Kind), From: &from}}
			exprs = []conditions.Expr{rr.rel.Condition}
		}
	}
	return cond, parts, exprs, ""
}

func (ev *refEval) resolve(w *When, cr clauseRef, anchorDue Date, facts conditions.Facts, def string) (d Date, missing string) {
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

func (ev *refEval) dueish(r *Reading, cr clauseRef, t Date) bool {
	st, err := ev.state(r, cr, t, false)
	return err == nil && st.value == conditions.True && st.status != NotDue && st.status != NotInForce
}

func (ev *refEval) dueSince(r *Reading, cr clauseRef, t Date) Date {
	changes := ev.clauseChanges(cr, t)
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		if !ev.dueish(r, cr, c.AddDays(-1)) {
			return c
		}
	}
	return Date{}
}

func (ev *refEval) clauseChanges(cr clauseRef, t Date) []Date {
	end, _ := slices.BinarySearchFunc(ev.changes, t.AddDays(1), Date.Compare)
	changes := ev.changes[:end]
	if n, _ := slices.BinarySearchFunc(ev.asofDays, t.AddDays(1), Date.Compare); n > 0 {
		changes = append(slices.Clone(changes), ev.asofDays[:n]...)
		slices.SortFunc(changes, Date.Compare)
		changes = slices.CompactFunc(changes, Date.Equal)
	}
	w := cr.c.NotBefore
	if w == nil {
		return changes
	}
	changes = slices.Clone(changes)
	for _, d := range append(slices.Clone(changes), t) {
		if start, _ := ev.resolve(w, cr, Date{}, ev.factsAt(d), "in_force"); !start.IsZero() && !start.After(t) {
			changes = append(changes, start)
		}
	}
	slices.SortFunc(changes, Date.Compare)
	return slices.CompactFunc(changes, Date.Equal)
}

func (ev *refEval) state(r *Reading, cr clauseRef, t Date, deep bool) (state, error) {
	var st state
	cond, parts, partExprs, out := ev.condition(r, cr, t)
	if out != "" {
		if end, ok := ev.ix.endAt(r, cr, t); ok {
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
	st.result, st.value = res, res.Value
	for i, e := range partExprs {
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
	if w := cr.c.Deadline; w != nil && deep {
		var anchor Date
		if w.Date.IsZero() && cmp.Or(w.From, "due") == "due" {
			anchor = ev.dueSince(r, cr, t)
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

func (ev *refEval) result(r *Reading, cr clauseRef, t Date) (Result, error) {
	st, err := ev.state(r, cr, t, true)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Reading:     readingID(r),
		Party:       r.Party,
		Clause:      cr.c.ID,
		Instrument:  cr.inst.ID,
		Bearer:      ev.bearerAt(cr.c.Bearer, t),
		Status:      st.status,
		Value:       st.value,
		Condition:   st.cond.String(),
		Missing:     st.missing,
		Deadline:    st.deadline,
		Ended:       st.ended,
		Window:      windowOf(cr.inst, cr.c),
		Reason:      st.reason,
		Parts:       st.parts,
		Explanation: st.result.Explanation,
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
	}
	res.Evidence = resultEvidence(ev.ix.m, ev.sc, r, cr.c, t, &res, ev.factsAt(t))
	changes := ev.clauseChanges(cr, t)
	if st.deadline != nil && !st.deadline.AddDays(1).After(t) {
		changes = append(slices.Clone(changes), st.deadline.AddDays(1))
		slices.SortFunc(changes, Date.Compare)
	}
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		// A condition that could not be evaluated on an earlier day (say,
		// a division by a fact that was zero then) was not in the state it
		// is in now: the run of equal days starts after it.
		prev, err := ev.state(r, cr, c.AddDays(-1), true)
		if err != nil || !prev.same(st) {
			since := c
			res.Since = &since
			break
		}
	}
	return res, nil
}

// randomModel builds a small model with every feature evaluation has:
// successions, readings that accept and reject with dates, clauses with
// start dates and deadlines of every anchor, relations of every kind, and
// a scenario whose facts change over time.
func randomModel(rng *rand.Rand) (*Model, *Scenario) {
	day := func() Date { return MustDate("1998-01-01").AddDays(rng.IntN(16 * 365)) }
	maybeDay := func(p float64) Date {
		if rng.Float64() < p {
			return day()
		}
		return Date{}
	}
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	m := &Model{ID: "random", Facts: []FactDecl{
		{Field: conditions.Field{Name: "a", Type: conditions.Bool}}, {Field: conditions.Field{Name: "b", Type: conditions.Bool}}, {Field: conditions.Field{Name: "c", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "p", Type: conditions.Bool}}, {Field: conditions.Field{Name: "q", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "n", Type: conditions.Number}}, {Field: conditions.Field{Name: "k", Type: conditions.Number}}, {Field: conditions.Field{Name: "d", Type: conditions.Date}},
	}}
	nParties := 2 + rng.IntN(3)
	for i := range nParties {
		p := Party{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("Party %d", i)}
		if i > 0 && rng.IntN(3) == 0 {
			p.Continues = &Succession{Party: fmt.Sprintf("P%d", rng.IntN(i)), From: day()}
		}
		m.Parties = append(m.Parties, p)
	}
	party := func() string { return fmt.Sprintf("P%d", rng.IntN(nParties)) }
	conds := []string{"", "a", "a and b", "not c", "n > 2", "n / k > 1", "a or n < 3", "b", "c or not a", "n + k >= 4", "atleast(2, a, b, c)",
		// Conditions on the evaluation date (their changes while the facts
		// stay are at least 16 days apart: see refAsOfDays).
		"asof >= d + 30d", "a or asof < d + 1y", "asof - d > 45 and asof < d + 6m", "asof > @2004-06-30 + 18m"}
	var targets []string
	nInst := 1 + rng.IntN(4)
	for i := range nInst {
		inst := Instrument{ID: fmt.Sprintf("i%d", i), Title: "I", Kind: KindTreaty, Signed: maybeDay(0.9), InForce: maybeDay(0.5), Terminated: maybeDay(0.2)}
		if rng.IntN(4) == 0 {
			inst.Author = party()
		} else {
			inst.Parties = []string{party(), party()}
		}
		targets = append(targets, inst.ID)
		for j := range rng.IntN(3) {
			cl := Clause{ID: fmt.Sprintf("i%d.c%d", i, j), Kind: Deontic(pick("obligation", "obligation", "permission", "prohibition")),
				Bearer: party(), Action: "act"}
			if src := conds[rng.IntN(len(conds))]; src != "" {
				cl.Condition = conditions.MustParse(src)
			}
			when := func(def string) *When {
				switch rng.IntN(3) {
				case 0:
					return &When{After: Period{Days: 1 + rng.IntN(400)}, From: def}
				case 1:
					return &When{After: Period{Days: rng.IntN(400)}, From: "d"}
				}
				switch rng.IntN(6) {
				case 0:
					return &When{Date: day()}
				case 1:
					return &When{After: Period{Months: rng.IntN(24)}, From: "in_force"}
				case 2:
					return &When{After: Period{Days: rng.IntN(400)}, From: "d"}
				case 3:
					return &When{After: Period{Days: 1 + rng.IntN(400)}, From: def}
				case 4:
					return &When{After: Period{Years: rng.IntN(3)}, From: "signed"}
				}
				return nil
			}
			if rng.IntN(2) == 0 {
				cl.NotBefore = when("in_force")
			}
			if rng.IntN(2) == 0 {
				cl.Deadline = when("due")
			}
			if rng.IntN(3) > 0 {
				cl.Performed = pick("p", "q")
			}
			life := func() *When {
				switch rng.IntN(4) {
				case 0:
					return &When{Date: day()}
				case 1:
					return &When{After: Period{Months: rng.IntN(30)}, From: pick("", "in_force", "signed")}
				}
				return nil
			}
			cl.From, cl.Until = life(), life()
			inst.Clauses = append(inst.Clauses, cl)
			targets = append(targets, cl.ID)
		}
		m.Instruments = append(m.Instruments, inst)
	}
	for i := range m.Instruments {
		for range rng.IntN(3) {
			r := Relation{Kind: RelationKind(pick("adds_condition", "adds_condition", "replaces_condition", "suspends", "terminates", "supersedes", "reaffirms")),
				Target: targets[rng.IntN(len(targets))], From: maybeDay(0.5)}
			if r.Kind == AddsCondition || r.Kind == ReplacesCondition {
				r.Condition = conditions.MustParse(pick("a", "b", "not b", "n > 1", "c and k < 5", "q", "asof < d + 2y"))
			}
			if r.Kind == Suspends {
				r.Until = maybeDay(0.5)
			}
			m.Instruments[i].Relations = append(m.Instruments[i].Relations, r)
		}
	}
	if rng.IntN(2) == 0 {
		for i := range nParties {
			r := Reading{ID: fmt.Sprintf("R%d", i), Party: fmt.Sprintf("P%d", i)}
			for range rng.IntN(3) {
				inst := fmt.Sprintf("i%d", rng.IntN(nInst))
				if rng.IntN(2) == 0 {
					r.Accepts = append(r.Accepts, inst)
				} else {
					r.Rejects = append(r.Rejects, Rejection{Instrument: inst, Date: maybeDay(0.6)})
				}
			}
			m.Readings = append(m.Readings, r)
		}
	}
	s := &Scenario{ID: "s", AsOf: day(), Facts: map[string]Fact{}}
	value := func(typ conditions.Type) any {
		if rng.IntN(5) == 0 {
			return nil
		}
		switch typ {
		case conditions.Bool:
			return rng.IntN(2) == 0
		case conditions.Number:
			return float64(rng.IntN(6))
		}
		return day()
	}
	for _, f := range m.Facts {
		if rng.IntN(4) == 0 {
			continue
		}
		fact := Fact{Value: value(f.Type)}
		if rng.IntN(2) == 0 {
			fact.Value = nil
			if rng.IntN(3) == 0 {
				fact.Value = value(f.Type)
			}
			from := day()
			for range 1 + rng.IntN(5) {
				fact.History = append(fact.History, Change{From: from, Value: value(f.Type)})
				if rng.IntN(10) > 0 { // else two changes on one date: the later wins
					from = from.AddDays(1 + rng.IntN(800))
				}
			}
		}
		s.Facts[f.Name] = fact
	}
	if rng.IntN(8) == 0 {
		// Without declared facts, conditions are evaluated as trees, with
		// types inferred from the conditions alone.
		m.Facts = nil
	}
	return m, s
}

// TestEvaluateMatchesReference checks that Evaluate gives exactly the
// results of the reference evaluator on random models, as of random dates.
func TestEvaluateMatchesReference(t *testing.T) {
	n := 2000
	if testing.Short() || raceEnabled {
		n = 300
	}
	defer func(min int) { incrementalMin = min }(incrementalMin)
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 9))
		m, s := randomModel(rng)
		want, wantErr := refEvaluate(m, s, s.AsOf)
		// Odd seeds compose every condition incrementally, even ones only
		// those with many relations (none here).
		incrementalMin = 16
		if seed%2 == 1 {
			incrementalMin = 1
		}
		rep, err := Evaluate(m, s)
		if wantErr != nil || err != nil {
			if (wantErr == nil) != (err == nil) || wantErr.Error() != err.Error() {
				t.Fatalf("seed %d: error %v, want %v", seed, err, wantErr)
			}
			continue
		}
		if diff := gocmp.Diff(want, rep.Results, cmpopts.EquateEmpty()); diff != "" {
			data, _ := m.Encode()
			sdata, _ := s.Encode()
			t.Fatalf("seed %d: results differ from the reference (-want +got):\n%s\nmodel:\n%s\nscenario:\n%s", seed, diff, data, sdata)
		}
	}
}
