package treaty

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

func cond(t *testing.T, src string) conditions.Expr {
	t.Helper()
	e, err := conditions.Parse(src)
	require.NoError(t, err)
	return e
}

// shapes is a fictitious agreement whose clauses have the shapes real
// treaties use: a fixed-date transfer, a plebiscite threshold, a phased
// withdrawal with deadlines, a clause suspended by a later instrument, and
// a protocol only one party accepts.
func shapes(t *testing.T) *Model {
	return &Model{
		ID: "shapes",
		Facts: []FactDecl{
			{Field: conditions.Field{Name: "territory.transferred", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "plebiscite.yes", Type: conditions.Number}},
			{Field: conditions.Field{Name: "plebiscite.cast", Type: conditions.Number}},
			{Field: conditions.Field{Name: "withdrawal.interim_done", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "withdrawal.final_done", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "ratified", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "trade.opened", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "fishing.agreed", Type: conditions.Bool}},
		},
		Parties: []Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}},
		Instruments: []Instrument{
			{
				ID: "t", Title: "Treaty", Kind: KindTreaty, Parties: []string{"A", "B"},
				Signed: MustDate("2000-01-10"), InForce: MustDate("2000-03-01"),
				Clauses: []Clause{
					{ID: "fixed", Kind: Obligation, Bearer: "A", Beneficiary: "B", Action: "transfer", Objects: []string{"the territory"},
						NotBefore: &When{Date: MustDate("2001-01-01")}, Performed: "territory.transferred"},
					{ID: "vote", Kind: Obligation, Bearer: "B", Action: "annex",
						Condition: cond(t, "plebiscite.yes > 0.5 * plebiscite.cast")},
					{ID: "interim", Kind: Obligation, Bearer: "A", Action: "withdraw (interim)",
						Condition: cond(t, "ratified"), Deadline: &When{After: Period{Months: 9}, From: "in_force"}, Performed: "withdrawal.interim_done"},
					{ID: "final", Kind: Obligation, Bearer: "A", Action: "withdraw (final)",
						Condition: cond(t, "withdrawal.interim_done"), Deadline: &When{After: Period{Years: 3}, From: "in_force"}, Performed: "withdrawal.final_done"},
					{ID: "trade", Kind: Permission, Bearer: "B", Action: "open trade", Performed: "trade.opened"},
					{ID: "react", Kind: Obligation, Bearer: "B", Action: "answer the protocol", Condition: cond(t, "fishing.agreed"),
						Deadline: &When{After: Period{Days: 30}}, Performed: "territory.transferred"},
				},
			},
			{
				ID: "susp", Title: "Suspension", Kind: KindAgreement, Parties: []string{"A", "B"}, Signed: MustDate("2002-06-01"),
				Relations: []Relation{{Kind: Suspends, Target: "trade", From: MustDate("2002-06-01"), Until: MustDate("2003-06-01")}},
			},
			{
				ID: "proto", Title: "Protocol", Kind: KindProtocol, Author: "B", Signed: MustDate("2001-05-01"),
				Relations: []Relation{{Kind: AddsCondition, Target: "vote", Condition: cond(t, "fishing.agreed")}},
			},
		},
		Readings: []Reading{{ID: "A", Party: "A"}, {ID: "B", Party: "B"}},
	}
}

func TestEvaluateShapes(t *testing.T) {
	m := shapes(t)
	tests := []struct {
		name, clause, reading string
		asOf                  string
		facts                 map[string]Fact
		status                Status
		since                 string
		reason                string
	}{
		{"fixed date, before", "fixed", "A", "2000-06-01", nil, NotDue, "2000-03-01",
			"a transfer on a fixed date is not due before that date"},
		{"fixed date, after", "fixed", "A", "2001-06-01", map[string]Fact{"territory.transferred": {Value: false}}, Due, "2001-01-01",
			"from the fixed date on, the transfer is due"},
		{"fixed date, done", "fixed", "A", "2001-06-01", map[string]Fact{"territory.transferred": {History: []Change{{From: MustDate("2001-02-01"), Value: true}}}}, Fulfilled, "2001-02-01",
			"performance recorded by a dated fact fulfils the clause since that date"},
		{"plebiscite passes", "vote", "A", "2001-06-01", map[string]Fact{"plebiscite.yes": {Value: 477109}, "plebiscite.cast": {Value: 528000}}, Due, "2000-03-01",
			"more than half the votes cast: due under A, which ignores the protocol"},
		{"plebiscite fails", "vote", "A", "2001-06-01", map[string]Fact{"plebiscite.yes": {Value: 100}, "plebiscite.cast": {Value: 528000}}, NotDue, "2000-03-01",
			"a minority vote does not trigger the clause"},
		{"protocol counts for B", "vote", "B", "2001-06-01", map[string]Fact{"plebiscite.yes": {Value: 477109}, "plebiscite.cast": {Value: 528000}}, Undetermined, "2001-05-01",
			"B authored the protocol, so B's reading adds fishing.agreed, which is unknown"},
		{"interim within deadline", "interim", "A", "2000-10-01", map[string]Fact{"ratified": {Value: true}, "withdrawal.interim_done": {Value: false}}, Due, "2000-03-01",
			"nine months from entry into force have not passed"},
		{"interim violated", "interim", "A", "2001-01-01", map[string]Fact{"ratified": {Value: true}, "withdrawal.interim_done": {Value: false}}, Violated, "2000-12-02",
			"the deadline 2000-12-01 passed without performance; violated from the next day"},
		{"interim performance unknown", "interim", "A", "2001-01-01", map[string]Fact{"ratified": {Value: true}}, Undetermined, "2000-12-02",
			"after the deadline, unknown performance leaves the status undetermined"},
		{"final due after interim", "final", "B", "2001-01-01", map[string]Fact{"withdrawal.interim_done": {History: []Change{{From: MustDate("2000-11-15"), Value: true}}}, "withdrawal.final_done": {Value: false}}, Due, "2000-11-15",
			"the final phase becomes due when the interim one is done"},
		{"final violated", "final", "B", "2004-01-01", map[string]Fact{"withdrawal.interim_done": {Value: true}, "withdrawal.final_done": {Value: false}}, Violated, "2003-03-02",
			"three years from entry into force have passed"},
		{"suspended", "trade", "A", "2002-07-01", nil, NotInForce, "2002-06-01",
			"a later agreement suspends the permission"},
		{"suspension over", "trade", "A", "2003-07-01", nil, Due, "2003-06-01",
			"after the suspension the permission applies again"},
		{"before entry into force", "trade", "A", "2000-02-01", nil, NotInForce, "none",
			"nothing is in force before 2000-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scenario{ID: tt.name, AsOf: MustDate(tt.asOf), Facts: tt.facts}
			rep, err := Evaluate(m, s, ForClauses(tt.clause), ForReadings(tt.reading))
			require.NoError(t, err)
			require.Len(t, rep.Results, 1)
			res := rep.Results[0]
			assert.Equal(t, tt.status, res.Status, "%s (reason given: %s)", tt.reason, res.Reason)
			assert.Equal(t, tt.since, sinceOrNone(res.Since), tt.reason)
		})
	}
}

func TestEvaluateDisputeAndReadings(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01"), Facts: map[string]Fact{
		"plebiscite.yes": {Value: 477109}, "plebiscite.cast": {Value: 528000}, "fishing.agreed": {Value: false},
	}}
	rep, err := Evaluate(m, s, ForClauses("vote"))
	require.NoError(t, err)
	a, _ := rep.Result("vote", "A")
	b, _ := rep.Result("vote", "B")
	assert.Equal(t, Due, a.Status)
	assert.Equal(t, NotDue, b.Status)
	assert.Equal(t, "plebiscite.yes > 0.5 * plebiscite.cast and fishing.agreed", b.Condition)
	require.Len(t, rep.Disputes, 2, "a status dispute and one over the protocol's applicability")
	d := rep.Disputes[0]
	assert.Equal(t, "vote", d.Clause)
	assert.Equal(t, StatusDispute, d.Kind)
	require.Len(t, d.Parts, 1)
	assert.Equal(t, Part{Condition: "fishing.agreed", Origin: "proto", Relation: "adds_condition", From: d.Parts[0].From, Value: conditions.False}, d.Parts[0])
	app := rep.Disputes[1]
	assert.Equal(t, ApplicabilityDispute, app.Kind)
	require.Len(t, app.Contested, 1)
	assert.Equal(t, "proto", app.Contested[0].Instrument)
	assert.Equal(t, []string{"B"}, app.Contested[0].AcceptedBy)
	assert.Equal(t, []Rejecter{{Reading: "A"}}, app.Contested[0].RejectedBy, "A does not accept the protocol, without rejecting it outright")

	// Accepting the protocol explicitly brings A's reading in line.
	m.Readings[0].Accepts = []string{"proto"}
	rep, err = Evaluate(m, s, ForClauses("vote"))
	require.NoError(t, err)
	assert.Empty(t, rep.Disputes)
}

func TestEvaluateErrors(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01")}
	_, err := Evaluate(m, s, ForReadings("C"))
	assert.ErrorContains(t, err, `no reading "C"`)
	_, err = Evaluate(m, s, ForClauses("nope"))
	assert.ErrorContains(t, err, `no clause "nope"`)
	_, err = Evaluate(m, &Scenario{ID: "empty"})
	assert.ErrorContains(t, err, "no as_of date")
	_, err = Evaluate(m, &Scenario{ID: "bad", AsOf: MustDate("2001-06-01"), Facts: map[string]Fact{"ratified": {Value: "yes"}}})
	assert.ErrorIs(t, err, conditions.ErrFactType, "a string for a bool fact is an error, never silently false")
}

// TestEvaluateConcurrent evaluates one model from many goroutines; run
// with -race.
func TestEvaluateConcurrent(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01"), Facts: map[string]Fact{"ratified": {Value: true}}}
	want, err := Evaluate(m, s)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := Evaluate(m, s)
			if err != nil {
				t.Error(err)
				return
			}
			if got.String() != want.String() {
				t.Error("concurrent evaluation gave a different report")
			}
		})
	}
	wg.Wait()
}

// TestEvaluateEarlierError checks that a condition which could not be
// evaluated on an earlier date (a division by a fact that was zero then)
// does not stop the evaluation as of a date when it can be.
func TestEvaluateEarlierError(t *testing.T) {
	m := &Model{
		ID:      "ratio",
		Facts:   []FactDecl{{Field: conditions.Field{Name: "n", Type: conditions.Number}}, {Field: conditions.Field{Name: "m", Type: conditions.Number}}},
		Parties: []Party{{ID: "A", Name: "Alpha"}},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A"}, Signed: MustDate("1990-01-01"),
			Clauses: []Clause{{ID: "c", Kind: Obligation, Bearer: "A", Action: "act", Condition: cond(t, "n / m > 1")}}}},
	}
	s := &Scenario{ID: "s", AsOf: MustDate("2020-01-01"), Facts: map[string]Fact{
		"n": {Value: 5},
		"m": {History: []Change{{From: MustDate("2000-01-01"), Value: 0}, {From: MustDate("2010-01-01"), Value: 2}}},
	}}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)
	assert.Equal(t, Due, rep.Results[0].Status)
	assert.Equal(t, "2010-01-01", sinceOrNone(rep.Results[0].Since), "due from the day the divisor became non-zero")

	_, err = Evaluate(m, s, AsOf(MustDate("2005-01-01")))
	require.ErrorIs(t, err, conditions.ErrDivByZero, "as of a date when the divisor is zero, the error is reported")
	assert.ErrorContains(t, err, `scenario "s": clause c under reading A on 2005-01-01: condition n / m > 1`)
}
