package treaty

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// ImpactSchema is the version tag of [ImpactReport] in JSON.
const ImpactSchema = "treatycond.impact/v1"

// ImpactReport answers "what should we find out next" about one clause:
// for each unknown fact (or comparison on one) that matters, how each
// reading's status and the dispute between the readings would change if it
// turned out true or false. See [Impact].
type ImpactReport struct {
	Schema   string `json:"schema"`
	Model    string `json:"model"`
	Scenario string `json:"scenario,omitempty"`
	Clause   string `json:"clause"`
	AsOf     Date   `json:"as_of"`
	// Now gives each reading's status as of the date.
	Now []ImpactReading `json:"now"`
	// Dispute is the state of the dispute among the concerned readings
	// now: see [DisputeState].
	Dispute DisputeState `json:"dispute"`
	// Atoms lists the atoms that matter, most decisive first.
	Atoms []ImpactAtom `json:"atoms"`
	// Irrelevant lists the unknown facts that the effective conditions
	// read but whose value cannot change any of them.
	Irrelevant []string `json:"irrelevant"`
	// NotConcerned lists the readings not concerned by the clause (see
	// [Dispute]); they take no part in the dispute state.
	NotConcerned []string `json:"not_concerned,omitempty"`
	// Note says in plain words why there is nothing to find out, when
	// that is so: no reading has the clause in force, or no condition is
	// left unknown.
	Note string `json:"note,omitempty"`
}

// ImpactReading is one reading's side of an impact analysis.
type ImpactReading struct {
	Reading   string `json:"reading"`
	Status    Status `json:"status"`
	Condition string `json:"condition"`
	InForce   bool   `json:"in_force"`
}

// DisputeState says whether the concerned readings of a clause disagree
// on its status.
type DisputeState string

// Dispute states.
const (
	// Agree: every concerned reading has the same decided status.
	Agree DisputeState = "agree"
	// Disagree: two concerned readings have different decided statuses.
	Disagree DisputeState = "disagree"
	// Undecided: no two decided statuses differ, but some are undetermined.
	Undecided DisputeState = "undecided"
)

// ImpactAtom is what learning one atom would do.
type ImpactAtom struct {
	// Atom is the atom's canonical text: a boolean fact, or a comparison
	// (a threshold) on a fact.
	Atom  string   `json:"atom"`
	Facts []string `json:"facts"`
	// IfTrue and IfFalse are the outcomes once the atom is known true or
	// false; nil when no value of its facts gives it that value.
	IfTrue  *ImpactOutcome `json:"if_true"`
	IfFalse *ImpactOutcome `json:"if_false"`
	// Decides counts, over both outcomes, the readings whose status it
	// decides and the changes of the dispute state it brings.
	Decides int `json:"decides"`
}

// ImpactOutcome is each reading's status, and the dispute state, under one
// outcome of an atom.
type ImpactOutcome struct {
	Statuses []ReadingStatus `json:"statuses"`
	Dispute  DisputeState    `json:"dispute"`
}

// Impact analyses clause as of the scenario's date (or [AsOf]) under every
// reading (or those of [ForReadings]), with the facts named by [OpenFacts]
// taken as unknown: for each unknown atom of the readings' effective
// conditions that matters, each reading's status once the atom is known
// true and once known false, and the dispute state among the concerned
// readings then. Atoms are ranked by how much they decide: the readings
// whose status they decide plus the changes of the dispute state they
// bring, over both outcomes.
//
// As in [WhatItTakes], the analysis concerns the effective conditions: a
// reading whose condition becomes true is due, false not due; a reading
// whose condition an outcome does not change keeps its status (fulfilled,
// violated, ...). A reading under which the clause is out of force stays
// so. The answer is exact: it comes from [conditions.Impacts], a BDD of
// the conditions over their atoms, not from sampling.
//
// A clause with no condition left unknown has no atoms; Note then says
// why. Errors are as for [WhatItTakes]. Impact never modifies m or s.
func Impact(m *Model, s *Scenario, clause string, opts ...TakesOption) (*ImpactReport, error) {
	return ImpactContext(context.Background(), m, s, clause, opts...)
}

// ImpactContext is [Impact] under a context: when ctx is cancelled or its
// deadline passes, it stops and returns an [*Error] with [CodeCanceled]
// that wraps ctx.Err().
func ImpactContext(ctx context.Context, m *Model, s *Scenario, clause string, opts ...TakesOption) (*ImpactReport, error) {
	a, err := newClauseAnalysis(ctx, m, s, clause, opts)
	if err != nil {
		return nil, err
	}
	rep := &ImpactReport{Schema: ImpactSchema, Model: m.ID, Scenario: s.ID, Clause: clause, AsOf: a.asOf,
		Atoms: []ImpactAtom{}, Irrelevant: []string{}, NotConcerned: a.notConcerned}
	var exprs []conditions.Expr
	var live []int // index in a.sides of each expr
	for i, sd := range a.sides {
		if sd.inForce {
			exprs = append(exprs, sd.cond)
			live = append(live, i)
		}
	}
	now := make([]Status, len(a.sides))
	for i, sd := range a.sides {
		now[i] = sd.status
	}
	report := func() {
		for i, sd := range a.sides {
			rep.Now = append(rep.Now, ImpactReading{Reading: sd.id, Status: now[i], Condition: sd.condText, InForce: sd.inForce})
		}
		rep.Dispute = a.disputeState(now)
	}
	if len(exprs) == 0 {
		report()
		rep.Note = fmt.Sprintf("%s is not in force under any reading on %s: no fact changes that", clause, a.asOf)
		return rep, nil
	}
	im, err := conditions.ImpactsContext(ctx, exprs, a.facts)
	if err != nil {
		return nil, a.ev.condError(err, clause)
	}
	// With facts opened, a condition the scenario decides may be unknown
	// here: its status is then what the open facts leave of it.
	for j, i := range live {
		if im.Now[j] != a.sides[i].value {
			now[i] = statusOfTruth(im.Now[j])
		}
	}
	report()
	rep.Irrelevant = im.Irrelevant
	outcome := func(ts []conditions.Truth) *ImpactOutcome {
		if ts == nil {
			return nil
		}
		st := slices.Clone(now)
		for j, i := range live {
			if ts[j] != im.Now[j] {
				st[i] = statusOfTruth(ts[j])
			}
		}
		o := &ImpactOutcome{Dispute: a.disputeState(st)}
		for i, sd := range a.sides {
			o.Statuses = append(o.Statuses, ReadingStatus{Reading: sd.id, Status: st[i], Value: truthOf(st[i])})
		}
		return o
	}
	for _, at := range im.Atoms {
		ia := ImpactAtom{Atom: at.Atom, Facts: at.Facts, IfTrue: outcome(at.IfTrue), IfFalse: outcome(at.IfFalse)}
		for _, o := range []*ImpactOutcome{ia.IfTrue, ia.IfFalse} {
			if o == nil {
				continue
			}
			for i, st := range o.Statuses {
				if now[i] == Undetermined && st.Status != Undetermined {
					ia.Decides++
				}
			}
			if o.Dispute != rep.Dispute {
				ia.Decides++
			}
		}
		rep.Atoms = append(rep.Atoms, ia)
	}
	slices.SortStableFunc(rep.Atoms, func(x, y ImpactAtom) int { return y.Decides - x.Decides })
	if len(rep.Atoms) == 0 {
		rep.Note = fmt.Sprintf("no unknown fact can change the condition of %s under any reading on %s", clause, a.asOf)
		if allTrivial(exprs) {
			rep.Note = fmt.Sprintf("%s has no condition under any reading on %s: no fact changes its status", clause, a.asOf)
		}
	}
	return rep, nil
}

// allTrivial reports whether every condition of es is the zero Expr or a
// literal.
func allTrivial(es []conditions.Expr) bool {
	for _, e := range es {
		if len(e.Facts()) > 0 {
			return false
		}
	}
	return true
}

// statusOfTruth maps a condition's value to the status it gives a clause
// in force: due, not due or undetermined.
func statusOfTruth(t conditions.Truth) Status {
	switch t {
	case conditions.True:
		return Due
	case conditions.False:
		return NotDue
	}
	return Undetermined
}

// clauseAnalysis is one clause as of a date under the selected readings,
// with the facts known for the analysis.
type clauseAnalysis struct {
	ev           *evaluator
	cr           clauseRef
	asOf         Date
	facts        conditions.Facts
	sides        []analysisSide
	notConcerned []string
}

// analysisSide is one reading's side in a clause analysis.
type analysisSide struct {
	r         *Reading
	id        string
	status    Status
	cond      conditions.Expr
	condText  string
	inForce   bool
	concerned bool
	reason    string
	value     conditions.Truth
}

func newClauseAnalysis(ctx context.Context, m *Model, s *Scenario, clause string, opts []TakesOption) (*clauseAnalysis, error) {
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
	a := &clauseAnalysis{ev: ev, cr: cr, asOf: asOf, facts: facts}
	for i := range readings {
		r := &readings[i]
		st, err := ev.state(r, cr, asOf, true)
		if err != nil {
			return nil, err
		}
		sd := analysisSide{r: r, id: readingID(r), status: st.status, condText: cr.c.Condition.String(),
			concerned: ev.ix.concerned(r, cr), reason: st.reason, value: st.value}
		if st.status != NotInForce {
			sd.inForce, sd.cond, sd.condText = true, st.cond, st.cond.String()
		}
		if !sd.concerned {
			a.notConcerned = append(a.notConcerned, sd.id)
		}
		a.sides = append(a.sides, sd)
	}
	return a, nil
}

// disputeState returns the state of the dispute among the concerned
// readings whose statuses are st (one per side).
func (a *clauseAnalysis) disputeState(st []Status) DisputeState {
	var decided []Status
	open := false
	for i, sd := range a.sides {
		if !sd.concerned {
			continue
		}
		if st[i] == Undetermined {
			open = true
			continue
		}
		if len(decided) > 0 && !slices.Contains(decided, st[i]) {
			return Disagree
		}
		decided = append(decided, st[i])
	}
	if open {
		return Undecided
	}
	return Agree
}

// condError wraps an error of package conditions about clause's
// conditions in an [*Error]: [CodeCanceled] when the evaluator's context
// stopped it, [CodeLimit] when they are too large for exact analysis,
// [CodeCondition] otherwise.
func (ev *evaluator) condError(err error, clause string) error {
	if ev.ctx != nil {
		if ctxErr := ev.ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			e := canceledError(ctxErr)
			e.Clause = clause
			return e
		}
	}
	code := CodeCondition
	if errors.Is(err, conditions.ErrLimit) {
		code = CodeLimit
	}
	return &Error{Code: code, Clause: clause, Msg: err.Error(), Err: err}
}

// WriteText writes the impact report for people.
func (r *ImpactReport) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "Impact of the unknown facts: %s as of %s", r.Clause, r.AsOf)
	if r.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", r.Scenario)
	}
	fmt.Fprintln(ew)
	fmt.Fprintln(ew, "\nNow:")
	for _, n := range r.Now {
		fmt.Fprintf(ew, "  %s: %s", n.Reading, n.Status)
		if n.InForce {
			fmt.Fprintf(ew, " (%s)", n.Condition)
		}
		fmt.Fprintln(ew)
	}
	fmt.Fprintf(ew, "  dispute: %s\n", r.Dispute)
	if len(r.NotConcerned) > 0 {
		fmt.Fprintf(ew, "  not concerned: %s\n", strings.Join(r.NotConcerned, ", "))
	}
	if r.Note != "" {
		fmt.Fprintf(ew, "\n%s.\n", r.Note)
	}
	if len(r.Atoms) > 0 {
		fmt.Fprintln(ew, "\nWhat each unknown would decide, most decisive first:")
	}
	for _, at := range r.Atoms {
		fmt.Fprintf(ew, "\n  %s (decides %d)\n", at.Atom, at.Decides)
		for _, o := range []struct {
			name string
			o    *ImpactOutcome
		}{{"if true: ", at.IfTrue}, {"if false:", at.IfFalse}} {
			if o.o == nil {
				fmt.Fprintf(ew, "    %s impossible\n", o.name)
				continue
			}
			var st []string
			for _, s := range o.o.Statuses {
				st = append(st, s.Reading+" "+string(s.Status))
			}
			fmt.Fprintf(ew, "    %s %s; dispute: %s\n", o.name, strings.Join(st, ", "), o.o.Dispute)
		}
	}
	if len(r.Irrelevant) > 0 {
		fmt.Fprintf(ew, "\nIrrelevant (cannot change anything): %s\n", strings.Join(r.Irrelevant, ", "))
	}
	return ew.err
}
