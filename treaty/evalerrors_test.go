package treaty

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestEvaluateErrorCodes checks that every evaluation error is an *Error
// with a code that errors.Is finds, and that it says what it concerns.
func TestEvaluateErrorCodes(t *testing.T) {
	at := MustDate("2001-06-01")
	base := func() *Scenario { return &Scenario{ID: "s", AsOf: at} }
	withFacts := func(f map[string]Fact) *Scenario { s := base(); s.Facts = f; return s }
	for _, tt := range []struct {
		name   string
		reason string
		run    func(m *Model) error
		want   *Error
		also   error // another error errors.Is must find, if any
	}{
		{"unknown clause", "a clause id the model lacks, as ForClauses gives it",
			func(m *Model) error { _, err := Evaluate(m, base(), ForClauses("zzz")); return err },
			&Error{Code: CodeUnknownClause, Clause: "zzz"}, nil},
		{"unknown clause, near miss", "a misspelt clause id gets a hint",
			func(m *Model) error { _, err := Evaluate(m, base(), ForClauses("vot")); return err },
			&Error{Code: CodeUnknownClause, Clause: "vot", Hint: `did you mean "vote"?`}, nil},
		{"unknown reading", "a reading id the model lacks",
			func(m *Model) error { _, err := Evaluate(m, base(), ForReadings("C")); return err },
			&Error{Code: CodeUnknownReading, Reading: "C"}, nil},
		{"unknown clause in what-it-takes", "the clause argument of WhatItTakes",
			func(m *Model) error { _, err := WhatItTakes(m, base(), "zzz"); return err },
			&Error{Code: CodeUnknownClause, Clause: "zzz"}, nil},
		{"unknown reading in sweep", "ForReadings in Sweep",
			func(m *Model) error {
				_, err := Sweep(context.Background(), m, base(), SweepSpec{}, ForReadings("C"))
				return err
			},
			&Error{Code: CodeUnknownReading, Reading: "C"}, nil},
		{"undeclared fact", "a scenario fact the model does not declare",
			func(m *Model) error {
				_, err := Evaluate(m, withFacts(map[string]Fact{"ratifed": {Value: true}}))
				return err
			},
			&Error{Code: CodeUnknownFact, Scenario: "s", Path: "/facts/ratifed", Hint: `did you mean "ratified"?`}, nil},
		{"wrong type", "a string for a bool fact, as validation reports it",
			func(m *Model) error {
				_, err := Evaluate(m, withFacts(map[string]Fact{"ratified": {Value: "yes"}}))
				return err
			},
			&Error{Code: CodeSchema, Scenario: "s", Path: "/facts/ratified"}, conditions.ErrFactType},
		{"infinite number", "validation rejects an infinite number; so must evaluation",
			func(m *Model) error {
				_, err := Evaluate(m, withFacts(map[string]Fact{"plebiscite.yes": {Value: math.Inf(1)}}))
				return err
			},
			&Error{Code: CodeSchema, Scenario: "s", Path: "/facts/plebiscite.yes"}, conditions.ErrFactType},
		{"NaN in a history", "a NaN is no number either, wherever it is",
			func(m *Model) error {
				_, err := Evaluate(m, withFacts(map[string]Fact{"plebiscite.cast": {History: []Change{
					{From: MustDate("2000-01-01"), Value: 3}, {From: MustDate("2000-02-01"), Value: math.NaN()}}}}))
				return err
			},
			&Error{Code: CodeSchema, Scenario: "s", Path: "/facts/plebiscite.cast/history/1/value"}, conditions.ErrFactType},
		{"history without date", "a change needs a date",
			func(m *Model) error {
				_, err := Evaluate(m, withFacts(map[string]Fact{"ratified": {History: []Change{{Value: true}}}}))
				return err
			},
			&Error{Code: CodeSchema, Scenario: "s", Path: "/facts/ratified/history/0/from"}, nil},
		{"no date", "neither the scenario nor AsOf gives a date",
			func(m *Model) error { _, err := Evaluate(m, &Scenario{ID: "s"}); return err },
			&Error{Code: CodeSchema, Scenario: "s", Path: "/as_of"}, nil},
		{"nil model", "a nil model is an error, not a panic",
			func(*Model) error { _, err := Evaluate(nil, base()); return err },
			&Error{Code: CodeSchema}, nil},
		{"sweep: unknown fact", "a varied fact the model lacks, located in the spec",
			func(m *Model) error {
				_, err := Sweep(context.Background(), m, base(), SweepSpec{Vary: []string{"ratified", "nope"}})
				return err
			},
			&Error{Code: CodeUnknownFact, Path: "/vary/1"}, nil},
		{"sweep: infinite listed value", "listed values convert as scenario values do",
			func(m *Model) error {
				_, err := Sweep(context.Background(), m, base(), SweepSpec{Values: map[string][]any{"plebiscite.yes": {1, math.Inf(-1)}}})
				return err
			},
			&Error{Code: CodeSchema, Path: "/values/plebiscite.yes/1"}, conditions.ErrFactType},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(shapes(t))
			require.Error(t, err, tt.reason)
			assert.ErrorIs(t, err, &Error{Code: tt.want.Code}, tt.reason)
			if tt.also != nil {
				assert.ErrorIs(t, err, tt.also, tt.reason)
			}
			var e *Error
			require.ErrorAs(t, err, &e, tt.reason)
			got := Error{Code: e.Code, Scenario: e.Scenario, Clause: e.Clause, Reading: e.Reading, Path: e.Path, Hint: e.Hint, Date: e.Date}
			if diff := cmp.Diff(*tt.want, got, cmp.AllowUnexported(Date{})); diff != "" {
				t.Errorf("%s: error %q (-want +got):\n%s", tt.reason, err, diff)
			}
		})
	}
}

// TestEvaluateConditionErrorSubject checks that an error evaluating a
// condition names the clause, reading and date, as fields and in the text.
func TestEvaluateConditionErrorSubject(t *testing.T) {
	m := &Model{
		ID:      "ratio",
		Facts:   []FactDecl{{Field: conditions.Field{Name: "n", Type: conditions.Number}}, {Field: conditions.Field{Name: "m", Type: conditions.Number}}},
		Parties: []Party{{ID: "A", Name: "Alpha"}},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A"}, Signed: MustDate("1990-01-01"),
			Clauses: []Clause{{ID: "c", Kind: Obligation, Bearer: "A", Action: "act", Condition: cond(t, "n / m > 1")}}}},
	}
	s := &Scenario{ID: "s", AsOf: MustDate("2005-01-01"), Facts: map[string]Fact{"n": {Value: 5}, "m": {Value: 0}}}
	_, err := Evaluate(m, s)
	require.ErrorIs(t, err, ErrCondition)
	require.ErrorIs(t, err, conditions.ErrDivByZero)
	e, ok := errors.AsType[*Error](err)
	require.True(t, ok)
	assert.Equal(t, "c", e.Clause)
	assert.Equal(t, "A", e.Reading)
	assert.Equal(t, "2005-01-01", e.Date.String())
	assert.Contains(t, err.Error(), `scenario "s": clause c under reading A on 2005-01-01: condition n / m > 1`)
}

// TestCancel checks that every long-running entry point stops on a
// cancelled context with an error that wraps the context's.
func TestCancel(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := EvaluateContext(ctx, m, s)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrCanceled)
	_, err = WhatItTakesContext(ctx, m, s, "vote")
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrCanceled)
	_, err = Sweep(ctx, m, s, SweepSpec{Vary: []string{"ratified"}})
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrCanceled)

	dl, cancel := context.WithDeadline(context.Background(), MustDate("2000-01-01").Time())
	defer cancel()
	_, err = EvaluateContext(dl, m, s)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestOptionTypes checks that each option compiles only with the entry
// points it means something to.
func TestOptionTypes(t *testing.T) {
	eval := reflect.TypeFor[EvalOption]()
	sweep := reflect.TypeFor[SweepOption]()
	takes := reflect.TypeFor[TakesOption]()
	for _, tt := range []struct {
		name                 string
		typ                  reflect.Type
		eval, sweep, takesOK bool
		reason               string
	}{
		{"AsOf", reflect.TypeOf(AsOf), true, true, true, "every entry point evaluates as of a date"},
		{"ForReadings", reflect.TypeOf(ForReadings), true, true, true, "every entry point works per reading"},
		{"ForClauses", reflect.TypeOf(ForClauses), true, true, false, "WhatItTakes takes its one clause as an argument"},
		{"OpenFacts", reflect.TypeOf(OpenFacts), false, false, true, "only what-it-takes opens facts"},
	} {
		out := tt.typ.Out(0)
		assert.Equal(t, tt.eval, out.Implements(eval), "%s for Evaluate: %s", tt.name, tt.reason)
		assert.Equal(t, tt.sweep, out.Implements(sweep), "%s for Sweep: %s", tt.name, tt.reason)
		assert.Equal(t, tt.takesOK, out.Implements(takes), "%s for WhatItTakes: %s", tt.name, tt.reason)
	}
}

// TestOptionsKeepArguments checks that an option copies the ids it is
// given: changing the caller's slice afterwards changes nothing.
func TestOptionsKeepArguments(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01")}
	ids := []string{"vote"}
	opt := ForClauses(ids...)
	ids[0] = "nope"
	rep, err := Evaluate(m, s, opt)
	require.NoError(t, err)
	assert.Equal(t, "vote", rep.Results[0].Clause)
}

// countdown is a context that is cancelled once its Err method has been
// called n times: a deterministic stand-in for a cancellation arriving in
// the middle of an evaluation.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestCancelMidway checks that evaluation looks at its context while it
// works, not only when it starts: cancelled after a few checks, a long
// evaluation stops with the context's error.
func TestCancelMidway(t *testing.T) {
	m, s := scaleInstruments(300)
	ctx := &countdown{Context: context.Background(), n: 5}
	_, err := EvaluateContext(ctx, m, s)
	require.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrCanceled)

	m, s = scaleHistory(3000, true)
	ctx = &countdown{Context: context.Background(), n: 10}
	_, err = EvaluateContext(ctx, m, s)
	require.ErrorIs(t, err, context.Canceled, "the walk through 3000 segments of one clause checks the context too")
}
