package treaty

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/treatycond/treatycond/conditions"
)

// TakesSchema is the version tag of [Prospects] in JSON.
const TakesSchema = "treatycond.takes/v2"

// Prospects says what it would take for a clause to become due, or not
// due, under each reading, where all readings would agree that it is due
// (the common ground), and where they would disagree (the disputed region).
//
// Assignments are sets of atoms (boolean facts, or comparisons such as
// foreign_troops.count == 0) with the truth each must take; see
// [conditions.Takes]. Only facts that are unknown in the scenario, or
// opened with [OpenFacts], can be assigned: the analysis asks what would have to
// happen from where the scenario stands.
//
// The analysis concerns the effective conditions: "due" here means the
// condition holds while the clause is in force. Deadlines and performance
// do not enter it.
//
// In JSON it is versioned by "schema": "treatycond.takes/v2"; the JSON
// Schema is JSONSchema("takes"). [Prospects.WriteText] renders it for
// people.
type Prospects struct {
	// Schema is TakesSchema.
	Schema string `json:"schema"`
	Model  string `json:"model"`
	// Scenario is the id of the scenario the analysis starts from.
	Scenario string `json:"scenario,omitempty"`
	Clause   string `json:"clause"`
	AsOf     Date   `json:"as_of"`
	// Readings has one entry per reading, in model order.
	Readings []ReadingProspects `json:"readings"`
	// CommonGround lists the minimal assignments under which every
	// concerned reading holds the clause due. Empty when no assignment
	// does, or when the clause is out of force under some concerned
	// reading.
	CommonGround []conditions.Assignment `json:"common_ground"`
	// Disputed lists the minimal assignments under which the concerned
	// readings disagree, with each reading's status. When the clause is in
	// force under some concerned readings and out of force under others,
	// the first entry is the empty assignment: they disagree whatever the
	// facts, and its Because says why.
	Disputed []DisputedAssignment `json:"disputed"`
	// Contested lists the instruments bearing on the clause that some
	// concerned readings accept and others do not (see [Contested]).
	Contested []Contested `json:"contested,omitempty"`
	// NotConcerned lists the readings whose party is not concerned by the
	// clause (see [Dispute]); they take no part in the common ground or the
	// disputed region.
	NotConcerned []string `json:"not_concerned,omitempty"`
}

// ReadingProspects is what it takes under one reading.
type ReadingProspects struct {
	Reading   string `json:"reading"`
	Status    Status `json:"status"`
	Condition string `json:"condition"`
	// InForce is false when the clause is out of force under the reading
	// on the date; no assignment of facts changes that, and the lists are
	// empty.
	InForce bool `json:"in_force"`
	// ToBeDue lists the minimal assignments that make the condition hold.
	ToBeDue []conditions.Assignment `json:"to_be_due"`
	// ToBeNotDue lists the minimal assignments that make it fail.
	ToBeNotDue []conditions.Assignment `json:"to_be_not_due"`
	// Fixed lists, sorted, the facts the condition reads that the
	// scenario gives and the analysis held fixed: an empty list of
	// assignments means "impossible while these keep their values". Open
	// them with [OpenFacts] to ask what they would have to be.
	Fixed []string `json:"fixed"`
}

// DisputedAssignment is a minimal assignment under which readings disagree.
type DisputedAssignment struct {
	Assignment conditions.Assignment `json:"assignment"`
	// Statuses gives each reading's status under the assignment: due,
	// not_due, or undetermined when the assignment alone does not decide
	// that reading's condition; not_in_force for a reading under which the
	// clause is out of force whatever the facts.
	Statuses []ReadingStatus `json:"statuses"`
	// Because names the contested instruments behind the disagreement,
	// such as "RU accepts sumemo1960a and JP does not": those that bring
	// in one of the assignment's atoms for some readings only, and, for
	// the empty assignment of a clause out of force under some readings,
	// those that decide whether it applies at all.
	Because []string `json:"because,omitempty"`
	// Origins names, for each atom of the assignment, the instrument and
	// relation that brought it into the condition, and for which readings.
	Origins []AtomOrigin `json:"origins,omitempty"`
}

// WhatItTakes analyses clause under every reading (or those chosen with
// [ForReadings]) as of the scenario's date (or [AsOf]). See [Prospects].
// It never modifies m or s.
//
// A non-nil error is an [*Error], coded as for [Evaluate];
// [CodeUnknownClause] when m has no such clause, and [CodeLimit] when a
// condition is too large to analyse.
//
// WhatItTakes is [WhatItTakesContext] with [context.Background].
func WhatItTakes(m *Model, s *Scenario, clause string, opts ...TakesOption) (*Prospects, error) {
	return WhatItTakesContext(context.Background(), m, s, clause, opts...)
}

// WhatItTakesContext is [WhatItTakes] under a context: when ctx is
// cancelled or its deadline passes, it stops between the analyses of its
// conditions and returns an [*Error] with [CodeCanceled] that wraps
// ctx.Err().
func WhatItTakesContext(ctx context.Context, m *Model, s *Scenario, clause string, opts ...TakesOption) (*Prospects, error) {
	var cfg evalConfig
	for _, o := range opts {
		o.applyTakes(&cfg)
	}
	ev, asOf, err := newEvaluator(ctx, m, s, cfg)
	if err != nil {
		return nil, err
	}
	cr, err := ev.ix.clauseOrInstance(clause, asOf)
	if err != nil {
		return nil, err
	}
	readings, err := ev.ix.selectReadings(cfg.readings)
	if err != nil {
		return nil, err
	}
	facts, err := ev.openFacts(cfg, asOf)
	if err != nil {
		return nil, err
	}
	p := &Prospects{Schema: TakesSchema, Model: m.ID, Scenario: s.ID, Clause: clause, AsOf: asOf, CommonGround: []conditions.Assignment{}, Disputed: []DisputedAssignment{}}
	var lives []liveReading
	var sides []disputeReading
	var out []ReadingStatus // concerned readings out of force
	var outWhy []string
	for i := range readings {
		r := &readings[i]
		st, err := ev.state(r, cr, asOf, true)
		if err != nil {
			return nil, err
		}
		rp := ReadingProspects{Reading: readingID(r), Status: st.status, Condition: cr.c.Condition.String(),
			ToBeDue: []conditions.Assignment{}, ToBeNotDue: []conditions.Assignment{}, Fixed: []string{}}
		concerned := ev.ix.concerned(r, cr)
		if !concerned {
			p.NotConcerned = append(p.NotConcerned, rp.Reading)
		}
		if st.status != NotInForce {
			facts := facts
			if own := ev.forReading(r); own != ev {
				// The reading's own facts stand as the reading has them.
				if facts, err = own.openFacts(cfg, asOf); err != nil {
					return nil, err
				}
			}
			rp.InForce = true
			rp.Condition = st.cond.String()
			for _, name := range st.cond.Facts() {
				if _, known := facts[name]; known {
					rp.Fixed = append(rp.Fixed, name)
				}
			}
			slices.Sort(rp.Fixed)
			rp.Fixed = slices.Compact(rp.Fixed)
			if rp.ToBeDue, err = ev.takes(cr, rp.Reading, asOf, st.cond, facts, conditions.True); err != nil {
				return nil, err
			}
			if rp.ToBeNotDue, err = ev.takes(cr, rp.Reading, asOf, st.cond, facts, conditions.False); err != nil {
				return nil, err
			}
			if concerned {
				lives = append(lives, liveReading{rp.Reading, st.cond, rp.ToBeDue, rp.ToBeNotDue})
			}
		} else if concerned {
			out = append(out, ReadingStatus{Reading: rp.Reading, Status: NotInForce, Value: conditions.Unknown})
			outWhy = append(outWhy, st.reason)
		}
		if concerned {
			sides = append(sides, disputeReading{r: r, res: &Result{Reading: rp.Reading, Status: st.status}, inForc: rp.InForce})
		}
		p.Readings = append(p.Readings, rp)
	}
	if len(sides) >= 2 {
		if d := ev.applicabilityDispute(cr, sides, asOf); d != nil {
			p.Contested = d.Contested
		}
	}
	if len(lives) == 0 {
		return p, nil
	}
	if len(out) == 0 {
		all := make([]conditions.Expr, len(lives))
		for i, l := range lives {
			all[i] = l.cond
		}
		if p.CommonGround, err = ev.takes(cr, "", asOf, conditions.And(all...), facts, conditions.True); err != nil {
			return nil, err
		}
	} else {
		// In force under some concerned readings, out of force under the
		// others: they disagree whatever the facts.
		d := DisputedAssignment{Assignment: conditions.Assignment{}}
		for _, s := range sides {
			if !s.inForc {
				d.Statuses = append(d.Statuses, ReadingStatus{Reading: s.res.Reading, Status: NotInForce, Value: conditions.Unknown})
				continue
			}
			l := lives[slices.IndexFunc(lives, func(l liveReading) bool { return l.id == s.res.Reading })]
			st := Undetermined
			switch {
			case containsSubset(d.Assignment, l.due):
				st = Due
			case containsSubset(d.Assignment, l.not):
				st = NotDue
			}
			d.Statuses = append(d.Statuses, ReadingStatus{Reading: l.id, Status: st, Value: truthOf(st)})
		}
		p.Disputed = append(p.Disputed, d)
	}
	region, err := regionOf(lives, facts)
	if err != nil {
		return nil, err
	}
	p.Disputed = append(p.Disputed, region...)
	var rs []*Reading
	for _, s := range sides {
		rs = append(rs, s.r)
	}
	annotate(p.Disputed, ev.origins(rs, cr, asOf), p.Contested)
	if len(out) > 0 && len(p.Disputed[0].Because) == 0 {
		p.Disputed[0].Because = outWhy
	}
	return p, nil
}

// liveReading is a reading under which a clause is in force, with its
// effective condition and, once computed, what it takes for it to hold
// and to fail.
type liveReading struct {
	id   string
	cond conditions.Expr
	due  []conditions.Assignment
	not  []conditions.Assignment
}

// disputedRegion returns the minimal assignments of the atoms left unknown
// by facts under which the conditions of lives do not all agree, with each
// reading's status under each. It fills in the due and not lists of lives
// that lack them.
//
// Readings whose conditions have the same canonical text form one group,
// analysed once. The conditions c1..cg of the groups do not all agree
// exactly when (c1 or ... or cg) and (not c1 or ... or not cg) holds: the
// same function of the atoms (and, in Kleene logic, the same value) as the
// disjunction over every pair of (ci and not cj) or (not ci and cj), but
// of a size linear in the number of groups, not quadratic in the number
// of readings.
func disputedRegion(lives []liveReading, facts conditions.Facts) ([]DisputedAssignment, error) {
	out := []DisputedAssignment{}
	if len(lives) < 2 {
		return out, nil
	}
	first, group := groupLives(lives)
	if len(first) < 2 {
		return out, nil // one condition: no assignment sets the readings apart
	}
	some := make([]conditions.Expr, len(first))
	someNot := make([]conditions.Expr, len(first))
	for g, i := range first {
		some[g] = lives[i].cond
		someNot[g] = conditions.Not(lives[i].cond)
	}
	region, err := takes(conditions.And(conditions.Or(some...), conditions.Or(someNot...)), facts, conditions.True)
	if err != nil || len(region) == 0 {
		return out, err
	}
	// What it takes for each group's condition to hold and to fail, once
	// per group; readings of the group that lack the lists share them.
	for _, i := range first {
		l := &lives[i]
		if l.due == nil {
			if l.due, err = takes(l.cond, facts, conditions.True); err != nil {
				return nil, err
			}
		}
		if l.not == nil {
			if l.not, err = takes(l.cond, facts, conditions.False); err != nil {
				return nil, err
			}
		}
	}
	for i := range lives {
		l, rep := &lives[i], &lives[first[group[i]]]
		if l.due == nil {
			l.due = rep.due
		}
		if l.not == nil {
			l.not = rep.not
		}
	}
	status := make([]Status, len(first))
	for _, a := range region {
		for g, i := range first {
			st := Undetermined
			switch {
			case containsSubset(a, lives[i].due):
				st = Due
			case containsSubset(a, lives[i].not):
				st = NotDue
			}
			status[g] = st
		}
		d := DisputedAssignment{Assignment: a, Statuses: make([]ReadingStatus, len(lives))}
		for i, l := range lives {
			st := status[group[i]]
			d.Statuses[i] = ReadingStatus{Reading: l.id, Status: st, Value: truthOf(st)}
		}
		out = append(out, d)
	}
	return out, nil
}

// regionOf is disputedRegion; the differential test sets it to the
// former pairwise computation to compare whole reports.
var regionOf = disputedRegion

// groupLives groups lives by the canonical text of their conditions, in
// order of first appearance: first[g] is the index of group g's first
// reading, group[i] the group of lives[i].
func groupLives(lives []liveReading) (first, group []int) {
	byText := make(map[string]int, 4)
	group = make([]int, len(lives))
	for i, l := range lives {
		text := l.cond.String()
		g, ok := byText[text]
		if !ok {
			g = len(first)
			byText[text] = g
			first = append(first, i)
		}
		group[i] = g
	}
	return first, group
}

// takes is the package-level takes for clause cr under reading (if one) on date t: it
// also says what the error concerns, and stops when the evaluation's
// context is done.
func (ev *evaluator) takes(cr clauseRef, reading string, t Date, e conditions.Expr, f conditions.Facts, want conditions.Truth) ([]conditions.Assignment, error) {
	if err := ev.canceled(); err != nil {
		return nil, err
	}
	ctx := ev.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	as, err := takesContext(ctx, e, f, want)
	if err != nil {
		e := err.(*Error)
		e.Scenario, e.Clause, e.Reading, e.Date = ev.sc.ID, cr.c.ID, reading, t
		return nil, e
	}
	return as, nil
}

// takes returns the minimal assignments that make e want over f. An error
// is an *Error with CodeLimit when e is too large to analyse, else with
// CodeCondition.
func takes(e conditions.Expr, f conditions.Facts, want conditions.Truth) ([]conditions.Assignment, error) {
	return takesContext(context.Background(), e, f, want)
}

// takesContext is takes under ctx; when ctx is done the error has
// CodeCanceled.
func takesContext(ctx context.Context, e conditions.Expr, f conditions.Facts, want conditions.Truth) ([]conditions.Assignment, error) {
	as, err := conditions.TakesContext(ctx, e, f, want)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, canceledError(ctxErr)
		}
		code := CodeCondition
		if errors.Is(err, conditions.ErrLimit) {
			code = CodeLimit
		}
		return nil, &Error{Code: code, Msg: fmt.Sprintf("what it takes for %s to be %s: %v", shortText(e.String(), 200), want, err), Err: err}
	}
	if as == nil {
		as = []conditions.Assignment{}
	}
	return as, nil
}

// containsSubset reports whether some assignment in list is contained in a:
// then a forces what that assignment forces.
func containsSubset(a conditions.Assignment, list []conditions.Assignment) bool {
	return slices.ContainsFunc(list, func(b conditions.Assignment) bool {
		for k, v := range b {
			if w, ok := a[k]; !ok || w != v {
				return false
			}
		}
		return true
	})
}

func truthOf(s Status) conditions.Truth {
	switch s {
	case Due:
		return conditions.True
	case NotDue:
		return conditions.False
	}
	return conditions.Unknown
}

// openFacts returns the facts as they stood on asOf, without those opened
// with [OpenFacts].
func (ev *evaluator) openFacts(cfg evalConfig, asOf Date) (conditions.Facts, error) {
	m := ev.ix.m
	facts := maps.Clone(ev.factsAt(asOf)) // factsAt's map is shared
	for _, name := range cfg.open {
		if name == "*" {
			facts = conditions.Facts{}
			break
		}
		if _, declared := ev.ix.fieldTypes[name]; !declared && len(m.Facts) > 0 {
			return nil, &Error{Code: CodeUnknownFact, Hint: suggestion(name, slices.Sorted(maps.Keys(ev.ix.fieldTypes))),
				Msg: fmt.Sprintf("treaty: OpenFacts: model %q declares no fact %q", m.ID, name)}
		}
		delete(facts, name)
	}
	return facts, nil
}

// newEvaluator prepares an evaluator for m and s under cfg, and returns
// the date to evaluate as of.
func newEvaluator(ctx context.Context, m *Model, s *Scenario, cfg evalConfig) (*evaluator, Date, error) {
	switch {
	case m == nil:
		return nil, Date{}, &Error{Code: CodeSchema, Msg: "nil model: a model and a scenario are needed"}
	case s == nil:
		return nil, Date{}, &Error{Code: CodeSchema, Msg: "nil scenario: a model and a scenario are needed"}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	asOf := s.AsOf
	if !cfg.asOf.IsZero() {
		asOf = cfg.asOf
	}
	if asOf.IsZero() {
		return nil, Date{}, &Error{Code: CodeSchema, Scenario: s.ID, Path: "/as_of",
			Msg: "no as_of date, and none was given with AsOf"}
	}
	ix, err := newIndex(m)
	if err != nil {
		return nil, Date{}, err
	}
	ev := &evaluator{ctx: ctx, ix: ix, sc: s}
	if err := ev.prepareFacts(); err != nil {
		return nil, Date{}, err
	}
	if err := ev.lowerEntry(); err != nil {
		return nil, Date{}, err
	}
	if err := ev.lowerReadingFacts(); err != nil {
		return nil, Date{}, err
	}
	return ev, asOf, nil
}

// shortText returns s cut to at most max bytes, at a character boundary,
// with an ellipsis where text was left out: a condition of 64 KiB in an
// error message would fill a screen.
func shortText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
