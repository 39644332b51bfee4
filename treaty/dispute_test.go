package treaty

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// bystander is a bilateral treaty between A and B, a memorandum by B that
// adds a condition and that A rejects by a note, and a third state C that
// has nothing to do with any of it.
func bystander(t *testing.T) *Model {
	return &Model{
		ID: "bystander",
		Facts: []FactDecl{
			{Field: conditions.Field{Name: "peace", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "withdrawn", Type: conditions.Bool}},
		},
		Parties: []Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}, {ID: "C", Name: "Gamma"}},
		Instruments: []Instrument{
			{ID: "t", Title: "Treaty", Kind: KindTreaty, Parties: []string{"A", "B"}, InForce: MustDate("2000-01-01"),
				Clauses: []Clause{
					{ID: "cede", Kind: Obligation, Bearer: "B", Beneficiary: "A", Action: "cede", Condition: cond(t, "peace")},
					{ID: "trade", Kind: Permission, Bearer: "A", Action: "trade"},
				}},
			{ID: "memo", Title: "Memorandum", Kind: KindMemorandum, Author: "B", Signed: MustDate("2001-01-01"),
				Relations: []Relation{{Kind: AddsCondition, Target: "cede", Condition: cond(t, "withdrawn")}}},
			{ID: "note", Title: "Note", Kind: KindNote, Author: "A", Signed: MustDate("2001-02-01"),
				Relations: []Relation{{Kind: Rejects, Target: "memo"}}},
		},
		Readings: []Reading{
			{ID: "A", Party: "A", Rejects: []Rejection{{Instrument: "memo", By: "note"}}},
			{ID: "B", Party: "B"},
			{ID: "C", Party: "C"},
		},
	}
}

func TestDisputeBystanderIsNoDisputant(t *testing.T) {
	m := bystander(t)
	// Before the memorandum A and B agree; C, which is no party, has the
	// treaty out of force but is not concerned: no dispute at all.
	rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2000-06-01"), Facts: map[string]Fact{"peace": {Value: true}}})
	require.NoError(t, err)
	c, _ := rep.Result("cede", "C")
	require.Equal(t, NotInForce, c.Status, "C does not count a treaty it is no party to")
	assert.Empty(t, rep.Disputes, "a third state is no disputant")
}

func TestDisputeKinds(t *testing.T) {
	m := bystander(t)
	since := MustDate("2001-02-01")
	from := MustDate("2001-01-01")
	applicability := Dispute{
		Clause: "cede", Kind: ApplicabilityDispute,
		Parts: []Part{},
		Contested: []Contested{{Instrument: "memo", Relation: "adds_condition", From: &from,
			AcceptedBy: []string{"B"}, RejectedBy: []Rejecter{{Reading: "A", Explicit: true, By: "note", Since: &since}}}},
		NotConcerned: []string{"C"},
	}
	tests := []struct {
		name  string
		facts map[string]Fact
		kinds []DisputeKind
		why   string
	}{
		{"latent", map[string]Fact{"peace": {Value: false}, "withdrawn": {Value: false}},
			[]DisputeKind{LatentDispute, ApplicabilityDispute}, "both not due now, but peace without withdrawal would set them apart"},
		{"status", map[string]Fact{"peace": {Value: true}, "withdrawn": {Value: false}},
			[]DisputeKind{StatusDispute, ApplicabilityDispute}, "peace without withdrawal: A due, B not due"},
		{"latent when both due", map[string]Fact{"peace": {Value: true}, "withdrawn": {Value: true}},
			[]DisputeKind{LatentDispute, ApplicabilityDispute}, "both due now; the conditions still differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Evaluate(m, &Scenario{ID: tt.name, AsOf: MustDate("2002-01-01"), Facts: tt.facts}, ForClauses("cede"))
			require.NoError(t, err)
			var kinds []DisputeKind
			for _, d := range rep.Disputes {
				kinds = append(kinds, d.Kind)
				assert.Equal(t, []string{"C"}, d.NotConcerned, "C is listed as not concerned")
				for _, s := range d.Statuses {
					assert.NotEqual(t, "C", s.Reading, "C is no disputant")
				}
			}
			require.Equal(t, tt.kinds, kinds, tt.why)
			app := rep.Disputes[1]
			app.Statuses, app.Summary = nil, ""
			assert.Empty(t, cmp.Diff(applicability, app), "the applicability dispute names the memorandum, who rejects it, by which note, since when")
			assert.Contains(t, rep.Disputes[1].Summary, "memo (adds condition, from 2001-01-01): accepted by B; rejected by A (by note, since 2001-02-01)")
			cond := rep.Disputes[0]
			require.Len(t, cond.Parts, 1)
			assert.Equal(t, "memo", cond.Parts[0].Origin, "the memorandum's condition makes the difference")
			if cond.Kind == LatentDispute {
				want := []DisputedAssignment{{
					Assignment: conditions.Assignment{"peace": true, "withdrawn": false},
					Statuses:   []ReadingStatus{{"A", Due, conditions.True}, {"B", NotDue, conditions.False}},
					Because:    []string{"B accepts memo and A does not"},
					Origins: []AtomOrigin{
						{Atom: "peace", Instrument: "t", Relation: "original", Readings: []string{"A", "B"}},
						{Atom: "withdrawn", Instrument: "memo", Relation: "adds_condition", Readings: []string{"B"}},
					},
				}}
				assert.Empty(t, cmp.Diff(want, cond.Divergence), "the smallest assignment under which the statuses diverge")
				assert.Contains(t, cond.Summary, "would diverge under {peace = true, withdrawn = false}: A due, B not_due (B accepts memo and A does not)")
			}
		})
	}
}

func TestDisputeEquivalentConditionsAreNoLatentDispute(t *testing.T) {
	m := bystander(t)
	// B's reading also accepts a memorandum that adds what the treaty
	// already requires: the texts differ, the conditions do not.
	m.Instruments[1].Relations[0].Condition = cond(t, "peace or peace")
	rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2002-01-01")}, ForClauses("cede"))
	require.NoError(t, err)
	for _, d := range rep.Disputes {
		assert.NotEqual(t, LatentDispute, d.Kind, "equivalent conditions: %s", d.Summary)
		assert.NotEqual(t, StatusDispute, d.Kind, "equivalent conditions: %s", d.Summary)
	}
}

func TestDisputeCountsInText(t *testing.T) {
	m := bystander(t)
	rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2002-01-01"), Facts: map[string]Fact{"peace": {Value: false}}})
	require.NoError(t, err)
	assert.Equal(t, map[DisputeKind]int{LatentDispute: 1, ApplicabilityDispute: 1}, rep.DisputeCounts())
	assert.Contains(t, rep.String(), "Disputes (0 status, 1 latent, 1 applicability):")
}

func TestWhatItTakesApplicability(t *testing.T) {
	m := bystander(t)
	// B declares the treaty no longer binding from 2003.
	m.Instruments = append(m.Instruments, Instrument{ID: "decl", Title: "Declaration", Kind: KindDeclaration, Author: "B", Signed: MustDate("2003-01-01")})
	m.Readings[1].Rejects = []Rejection{{Instrument: "t", By: "decl", Date: MustDate("2003-01-01")}}
	s := &Scenario{ID: "s", AsOf: MustDate("2003-06-01")}

	rep, err := Evaluate(m, s, ForClauses("cede"))
	require.NoError(t, err)
	require.Len(t, rep.Disputes, 2)
	require.Equal(t, ApplicabilityDispute, rep.Disputes[1].Kind)
	assert.Equal(t, "t", rep.Disputes[1].Contested[0].Instrument, "eval names the rejected treaty")

	p, err := WhatItTakes(m, s, "cede")
	require.NoError(t, err)
	assert.Equal(t, []string{"C"}, p.NotConcerned)
	require.NotEmpty(t, p.Contested)
	assert.Equal(t, "t", p.Contested[0].Instrument, "takes names the rejected treaty")
	assert.Empty(t, p.CommonGround, "out of force under B: nothing makes it due under both")
	require.NotEmpty(t, p.Disputed, "the readings disagree whatever the facts")
	first := p.Disputed[0]
	assert.Empty(t, first.Assignment)
	assert.Equal(t, []ReadingStatus{{"A", Undetermined, conditions.Unknown}, {"B", NotInForce, conditions.Unknown}}, first.Statuses)
	assert.Equal(t, []string{"A accepts t and B does not"}, first.Because)
}

func TestWhatItTakesIgnoresBystander(t *testing.T) {
	m := bystander(t)
	p, err := WhatItTakes(m, &Scenario{ID: "s", AsOf: MustDate("2000-06-01")}, "cede")
	require.NoError(t, err)
	assert.Equal(t, []string{"C"}, p.NotConcerned)
	assert.Equal(t, []conditions.Assignment{{"peace": true}}, p.CommonGround, "C, out of force and not concerned, does not empty the common ground")
	assert.Empty(t, p.Disputed)
}

func TestDisputeMootOnceEndedForAll(t *testing.T) {
	m := bystander(t)
	m.Instruments = append(m.Instruments, Instrument{ID: "decl", Title: "Declaration", Kind: KindDeclaration, Author: "B", Signed: MustDate("2003-01-01")})
	m.Readings[1].Rejects = []Rejection{{Instrument: "t", By: "decl", Date: MustDate("2003-01-01")}}
	m.Instruments[0].Terminated = MustDate("2004-01-01")
	rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2003-06-01")}, ForClauses("cede"))
	require.NoError(t, err)
	require.Len(t, rep.Disputes, 2, "while the treaty lasts, B's rejection is disputed")
	rep, err = Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2005-01-01")}, ForClauses("cede"))
	require.NoError(t, err)
	assert.Empty(t, rep.Disputes, "once the treaty has ended for everyone, which instruments count is moot")
	p, err := WhatItTakes(m, &Scenario{ID: "s", AsOf: MustDate("2005-01-01")}, "cede")
	require.NoError(t, err)
	assert.Empty(t, p.Contested, "takes agrees with eval")
}

func TestDisputeLatentTooLargeStillReported(t *testing.T) {
	// Two readings of a quorum clause whose difference has more minimal
	// assignments than the exact analysis builds: the dispute is still
	// reported, without the assignments.
	var names []string
	m := bystander(t)
	for i := range 20 {
		name := fmt.Sprintf("r%d", i)
		names = append(names, name)
		m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: name, Type: conditions.Bool}})
	}
	m.Instruments[0].Clauses[0].Condition = cond(t, "atleast(7, "+strings.Join(names, ", ")+")")
	m.Instruments[1].Relations[0] = Relation{Kind: ReplacesCondition, Target: "cede", Condition: cond(t, "atleast(8, "+strings.Join(names, ", ")+")")}
	rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate("2002-01-01")}, ForClauses("cede"))
	require.NoError(t, err, "a dispute too large to analyse does not fail the evaluation")
	require.NotEmpty(t, rep.Disputes)
	assert.Equal(t, LatentDispute, rep.Disputes[0].Kind)
	assert.Empty(t, rep.Disputes[0].Divergence)
}
