package treaty

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// CompareSchema is the version tag of [ReadingComparison] in JSON.
const CompareSchema = "treatycond.compare/v1"

// ReadingComparison relates two readings' effective conditions of one
// clause; see [CompareReadings].
type ReadingComparison struct {
	Schema   string `json:"schema"`
	Model    string `json:"model"`
	Scenario string `json:"scenario,omitempty"`
	Clause   string `json:"clause"`
	AsOf     Date   `json:"as_of"`
	// A and B are the two readings as they stand now.
	A ImpactReading `json:"a"`
	B ImpactReading `json:"b"`
	// Relation is how A's condition relates to B's over every value of the
	// facts the scenario leaves unknown: equivalent, implies (A's implies
	// B's), implied_by, disjoint or overlapping. Empty when the clause is
	// out of force under one of the readings (Note says so).
	Relation conditions.Relation `json:"relation,omitempty"`
	// AImpliesB, BImpliesA and Disjoint are the three facts behind the
	// relation (see [conditions.Comparison]).
	AImpliesB bool `json:"a_implies_b"`
	BImpliesA bool `json:"b_implies_a"`
	Disjoint  bool `json:"disjoint"`
	// Counterexample, unless the conditions are equivalent, is a scenario
	// under which they differ: the scenario's facts with the unknown ones
	// set (each for its whole timeline). Its Expect lists the two readings'
	// statuses under it, so `treaty test` confirms it.
	Counterexample *Scenario `json:"counterexample,omitempty"`
	// Note says in plain words what could not be compared, or why there
	// is no counterexample.
	Note string `json:"note,omitempty"`
}

// CompareReadings relates the effective conditions of clause under
// readings a and b as of the scenario's date (or [AsOf]), over every value
// of the facts the scenario leaves unknown (and those named by
// [OpenFacts]): whether a's implies b's, b's implies a's, both
// (equivalent), neither can hold together (disjoint), or they overlap.
// The answer is exact ([conditions.Compare], on a BDD), not sampled.
//
// Unless the conditions are equivalent, Counterexample is a runnable
// scenario under which they differ, with the two readings' statuses as
// its expectations. A clause out of force under either reading has no
// condition to compare: the result then has an empty Relation and a Note.
// [ForReadings] has no effect; a and b choose the readings. Errors are as
// for [WhatItTakes]; an unknown reading has [CodeUnknownReading].
// CompareReadings never modifies m or s.
func CompareReadings(m *Model, s *Scenario, clause, a, b string, opts ...TakesOption) (*ReadingComparison, error) {
	return CompareReadingsContext(context.Background(), m, s, clause, a, b, opts...)
}

// CompareReadingsContext is [CompareReadings] under a context: when ctx is
// cancelled or its deadline passes, it stops and returns an [*Error] with
// [CodeCanceled] that wraps ctx.Err().
func CompareReadingsContext(ctx context.Context, m *Model, s *Scenario, clause, a, b string, opts ...TakesOption) (*ReadingComparison, error) {
	an, err := newClauseAnalysis(ctx, m, s, clause, append(slices.Clone(opts), takesOption(func(c *evalConfig) { c.readings = []string{a, b} })))
	if err != nil {
		return nil, err
	}
	sa, sb := an.sides[0], an.sides[1]
	out := &ReadingComparison{Schema: CompareSchema, Model: m.ID, Scenario: s.ID, Clause: clause, AsOf: an.asOf,
		A: ImpactReading{Reading: sa.id, Status: sa.status, Condition: sa.condText, InForce: sa.inForce},
		B: ImpactReading{Reading: sb.id, Status: sb.status, Condition: sb.condText, InForce: sb.inForce}}
	for _, sd := range []analysisSide{sa, sb} {
		if !sd.inForce {
			out.Note = fmt.Sprintf("%s is not in force under reading %s on %s (%s): there is no condition to compare", clause, sd.id, an.asOf, sd.reason)
			return out, nil
		}
	}
	cmp, err := conditions.CompareContext(ctx, sa.cond, sb.cond, an.facts)
	if err != nil {
		return nil, an.ev.condError(err, clause)
	}
	out.Relation, out.AImpliesB, out.BImpliesA, out.Disjoint = cmp.Relation, cmp.AImpliesB, cmp.BImpliesA, cmp.Disjoint
	if own := ownFactsNote(an.ev.ix.m, sa.id, sa.cond, sb.id, sb.cond); own != "" {
		defer func() { out.Note = strings.TrimPrefix(out.Note+"; "+own, "; ") }()
	}
	if cmp.Relation == conditions.Equivalent {
		out.Note = "the conditions are equivalent: no facts set them apart"
		if allTrivial([]conditions.Expr{sa.cond, sb.cond}) {
			out.Note = "neither reading has a condition left to meet: they are equivalent"
		}
		return out, nil
	}
	witness := cmp.OnlyA
	if witness == nil {
		witness = cmp.OnlyB
	}
	if witness == nil {
		out.Note = "no example completion could be built (facts compared with each other or combined by arithmetic)"
		return out, nil
	}
	ce, err := an.counterexample(s, m, witness, sa, sb)
	if err != nil {
		return nil, err
	}
	out.Counterexample = ce
	return out, nil
}

// counterexample returns a copy of s with the facts of witness set for
// their whole timelines, and the statuses of the two readings under it as
// its expectations.
func (a *clauseAnalysis) counterexample(s *Scenario, m *Model, witness conditions.Facts, sa, sb analysisSide) (*Scenario, error) {
	ce := &Scenario{Schema: ScenarioSchema, ID: s.ID + "-counterexample", AsOf: a.asOf, Facts: map[string]Fact{}}
	if s.ID == "" {
		ce.ID = "counterexample"
	}
	ce.Title = fmt.Sprintf("Where readings %s and %s of %s part", sa.id, sb.id, a.cr.c.ID)
	known := a.ev.factsAt(a.asOf)
	for name, f := range s.Facts {
		if _, was := known[name]; was {
			if _, still := a.facts[name]; !still {
				continue // opened: the witness sets it, or it stays unknown
			}
		}
		ce.Facts[name] = Fact{Value: f.Value, History: slices.Clone(f.History)}
	}
	for _, name := range slices.Sorted(maps.Keys(witness)) {
		v := witness[name]
		if t, ok := v.(time.Time); ok {
			v = DateOf(t)
		}
		ce.Facts[name] = Fact{Value: v}
	}
	rep, err := Evaluate(m, ce, ForClauses(a.cr.c.ID), ForReadings(sa.id, sb.id))
	if err != nil {
		return nil, err
	}
	var notes []string
	for _, res := range rep.Results {
		ce.Expect = append(ce.Expect, Expectation{Clause: res.Clause, Reading: res.Reading, Status: res.Status, Value: res.Value.String()})
		notes = append(notes, fmt.Sprintf("%s %s", res.Reading, res.Status))
	}
	ce.Notes = []string{fmt.Sprintf("Built by CompareReadings: the effective conditions of %s under %s and %s differ here (%s).",
		a.cr.c.ID, sa.id, sb.id, strings.Join(notes, ", "))}
	return ce, nil
}

// WriteText writes the comparison for people.
func (c *ReadingComparison) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "Comparison of readings %s and %s: %s as of %s", c.A.Reading, c.B.Reading, c.Clause, c.AsOf)
	if c.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", c.Scenario)
	}
	fmt.Fprintln(ew)
	for _, r := range []ImpactReading{c.A, c.B} {
		fmt.Fprintf(ew, "\n  %s: %s", r.Reading, r.Status)
		if r.InForce {
			fmt.Fprintf(ew, "; condition: %s", r.Condition)
		}
	}
	fmt.Fprintln(ew)
	if c.Relation != "" {
		fmt.Fprintf(ew, "\nRelation: %s\n", c.relationText())
	}
	if c.Note != "" {
		fmt.Fprintf(ew, "\n%s.\n", capitalize(c.Note))
	}
	if ce := c.Counterexample; ce != nil {
		fmt.Fprintln(ew, "\nCounterexample (facts the scenario leaves unknown, set):")
		for _, name := range slices.Sorted(maps.Keys(ce.Facts)) {
			f := ce.Facts[name]
			if len(f.History) > 0 {
				continue
			}
			fmt.Fprintf(ew, "  %s = %v\n", name, f.Value)
		}
		var st []string
		for _, e := range ce.Expect {
			st = append(st, fmt.Sprintf("%s %s", e.Reading, e.Status))
		}
		fmt.Fprintf(ew, "  gives %s\n", strings.Join(st, ", "))
	}
	return ew.err
}

// relationText says the relation in words.
func (c *ReadingComparison) relationText() string {
	a, b := c.A.Reading, c.B.Reading
	var s string
	switch c.Relation {
	case conditions.Equivalent:
		s = fmt.Sprintf("equivalent: %s's condition holds exactly when %s's does", a, b)
	case conditions.Implies:
		s = fmt.Sprintf("implies: wherever %s's condition holds, %s's does, not the other way round", a, b)
	case conditions.ImpliedBy:
		s = fmt.Sprintf("implied by: wherever %s's condition holds, %s's does, not the other way round", b, a)
	case conditions.Disjoint:
		s = fmt.Sprintf("disjoint: %s's and %s's conditions never hold together", a, b)
	default:
		s = fmt.Sprintf("overlapping: %s's and %s's conditions hold together in some cases, apart in others", a, b)
	}
	if c.Disjoint && c.Relation != conditions.Disjoint {
		s += "; they never hold together"
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
