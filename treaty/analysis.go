package treaty

import (
	"fmt"
	"slices"

	"github.com/treatycond/treatycond/conditions"
)

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
type Prospects struct {
	Clause string `json:"clause"`
	AsOf   Date   `json:"as_of"`
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

// OpenFacts treats the named facts as unknown in [WhatItTakes], even when
// the scenario gives them values: the analysis then asks what they would
// have to be. OpenFacts("*") opens every fact.
func OpenFacts(names ...string) Option {
	return func(c *evalConfig) { c.open = append(c.open, names...) }
}

// Open is the former name of [OpenFacts].
//
// Deprecated: use [OpenFacts]; "Open" reads as opening a file or model.
func Open(names ...string) Option { return OpenFacts(names...) }

// WhatItTakes analyses clause under every reading (or those chosen with
// [ForReadings]) as of the scenario's date (or [AsOf]). See [Prospects].
// It never modifies m or s.
func WhatItTakes(m *Model, s *Scenario, clause string, opts ...Option) (*Prospects, error) {
	ev, cfg, asOf, err := newEvaluator(m, s, opts)
	if err != nil {
		return nil, err
	}
	cr, ok := ev.ix.clauses[clause]
	if !ok {
		return nil, fmt.Errorf("treaty: no clause %q in model %q", clause, m.ID)
	}
	readings, err := ev.ix.selectReadings(cfg.readings)
	if err != nil {
		return nil, err
	}
	facts := ev.factsAt(asOf)
	for _, name := range cfg.open {
		if name == "*" {
			facts = conditions.Facts{}
			break
		}
		delete(facts, name)
	}
	p := &Prospects{Clause: clause, AsOf: asOf, CommonGround: []conditions.Assignment{}, Disputed: []DisputedAssignment{}}
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
			ToBeDue: []conditions.Assignment{}, ToBeNotDue: []conditions.Assignment{}}
		concerned := ev.ix.concerned(r, cr)
		if !concerned {
			p.NotConcerned = append(p.NotConcerned, rp.Reading)
		}
		if st.status != NotInForce {
			rp.InForce = true
			rp.Condition = st.cond.String()
			if rp.ToBeDue, err = takes(st.cond, facts, conditions.True); err != nil {
				return nil, err
			}
			if rp.ToBeNotDue, err = takes(st.cond, facts, conditions.False); err != nil {
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
			sides = append(sides, disputeReading{r: r, res: Result{Reading: rp.Reading, Status: st.status}, inForc: rp.InForce})
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
		if p.CommonGround, err = takes(conditions.And(all...), facts, conditions.True); err != nil {
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
	region, err := disputedRegion(lives, facts)
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
func disputedRegion(lives []liveReading, facts conditions.Facts) ([]DisputedAssignment, error) {
	out := []DisputedAssignment{}
	var differ []conditions.Expr
	for i := range lives {
		for j := i + 1; j < len(lives); j++ {
			a, b := lives[i].cond, lives[j].cond
			differ = append(differ,
				conditions.And(a, conditions.Not(b)),
				conditions.And(conditions.Not(a), b))
		}
	}
	if len(differ) == 0 {
		return out, nil
	}
	region, err := takes(conditions.Or(differ...), facts, conditions.True)
	if err != nil || len(region) == 0 {
		return out, err
	}
	for i := range lives {
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
	for _, a := range region {
		d := DisputedAssignment{Assignment: a}
		for _, l := range lives {
			st := Undetermined
			switch {
			case containsSubset(a, l.due):
				st = Due
			case containsSubset(a, l.not):
				st = NotDue
			}
			d.Statuses = append(d.Statuses, ReadingStatus{Reading: l.id, Status: st, Value: truthOf(st)})
		}
		out = append(out, d)
	}
	return out, nil
}

func takes(e conditions.Expr, f conditions.Facts, want conditions.Truth) ([]conditions.Assignment, error) {
	as, err := conditions.Takes(e, f, want)
	if err != nil {
		return nil, fmt.Errorf("treaty: what it takes for %s to be %s: %w", e, want, err)
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

// newEvaluator applies opts and prepares an evaluator for m and s.
func newEvaluator(m *Model, s *Scenario, opts []Option) (*evaluator, evalConfig, Date, error) {
	var cfg evalConfig
	if m == nil || s == nil {
		return nil, cfg, Date{}, fmt.Errorf("treaty: a model and a scenario are needed")
	}
	for _, o := range opts {
		o(&cfg)
	}
	asOf := s.AsOf
	if !cfg.asOf.IsZero() {
		asOf = cfg.asOf
	}
	if asOf.IsZero() {
		return nil, cfg, Date{}, fmt.Errorf("treaty: scenario %q has no as_of date and none was given", s.ID)
	}
	ix, err := newIndex(m)
	if err != nil {
		return nil, cfg, Date{}, err
	}
	ev := &evaluator{ix: ix, sc: s}
	if err := ev.prepareFacts(); err != nil {
		return nil, cfg, Date{}, err
	}
	return ev, cfg, asOf, nil
}
