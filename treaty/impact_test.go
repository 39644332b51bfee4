package treaty

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

func TestImpactRanksWhatDecides(t *testing.T) {
	m := bystander(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2002-01-01")}
	rep, err := Impact(m, s, "cede")
	require.NoError(t, err)
	assert.Equal(t, Undecided, rep.Dispute, "nothing known: A and B undetermined")
	assert.Equal(t, []string{"C"}, rep.NotConcerned)
	require.Len(t, rep.Atoms, 2)
	want := []ImpactAtom{
		{Atom: "peace", Facts: []string{"peace"},
			// A decided in both outcomes, B once, and the dispute state
			// changes once (to agree when there is no peace).
			IfTrue: &ImpactOutcome{Statuses: []ReadingStatus{
				{"A", Due, conditions.True}, {"B", Undetermined, conditions.Unknown}, {"C", NotInForce, conditions.Unknown}}, Dispute: Undecided},
			IfFalse: &ImpactOutcome{Statuses: []ReadingStatus{
				{"A", NotDue, conditions.False}, {"B", NotDue, conditions.False}, {"C", NotInForce, conditions.Unknown}}, Dispute: Agree},
			Decides: 4},
		{Atom: "withdrawn", Facts: []string{"withdrawn"},
			IfTrue: &ImpactOutcome{Statuses: []ReadingStatus{
				{"A", Undetermined, conditions.Unknown}, {"B", Undetermined, conditions.Unknown}, {"C", NotInForce, conditions.Unknown}}, Dispute: Undecided},
			IfFalse: &ImpactOutcome{Statuses: []ReadingStatus{
				{"A", Undetermined, conditions.Unknown}, {"B", NotDue, conditions.False}, {"C", NotInForce, conditions.Unknown}}, Dispute: Undecided},
			Decides: 1},
	}
	assert.Empty(t, cmp.Diff(want, rep.Atoms))
	assert.Equal(t, []string{}, rep.Irrelevant)

	// Once peace is known false, withdrawal cannot change anything.
	s.Facts = map[string]Fact{"peace": {Value: false}}
	rep, err = Impact(m, s, "cede")
	require.NoError(t, err)
	assert.Empty(t, rep.Atoms)
	assert.Equal(t, []string{"withdrawn"}, rep.Irrelevant)
	assert.Contains(t, rep.Note, "no unknown fact can change the condition of cede")
}

func TestImpactPlainAnswers(t *testing.T) {
	m := bystander(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2002-01-01")}
	rep, err := Impact(m, s, "trade")
	require.NoError(t, err, "a clause with no condition is no error")
	assert.Empty(t, rep.Atoms)
	assert.Equal(t, "trade has no condition under any reading on 2002-01-01: no fact changes its status", rep.Note)

	rep, err = Impact(m, &Scenario{ID: "early", AsOf: MustDate("1999-01-01")}, "cede")
	require.NoError(t, err)
	assert.Contains(t, rep.Note, "cede is not in force under any reading on 1999-01-01")

	_, err = Impact(m, s, "ced")
	require.ErrorIs(t, err, ErrUnknownClause)
	assert.Contains(t, err.Error(), `did you mean "cede"?`)
}

func TestCompareReadingsCounterexample(t *testing.T) {
	m := bystander(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2002-01-01"), Facts: map[string]Fact{"peace": {Value: false}}}
	c, err := CompareReadings(m, s, "cede", "A", "B", OpenFacts("*"))
	require.NoError(t, err)
	assert.Equal(t, conditions.ImpliedBy, c.Relation, "B's condition adds withdrawal to A's")
	assert.False(t, c.AImpliesB)
	assert.True(t, c.BImpliesA)
	require.NotNil(t, c.Counterexample)
	ce := c.Counterexample
	assert.Equal(t, map[string]Fact{"peace": {Value: true}, "withdrawn": {Value: false}}, ce.Facts)

	// The counterexample is a runnable scenario that passes its own
	// expectations, with different statuses under A and B.
	data, err := json.Marshal(ce)
	require.NoError(t, err)
	back, err := DecodeScenario(data, "ce.json")
	require.NoError(t, err)
	rep, err := Evaluate(m, back)
	require.NoError(t, err)
	assert.Empty(t, rep.Check(back.Expect))
	require.Len(t, back.Expect, 2)
	assert.Equal(t, Due, back.Expect[0].Status)
	assert.Equal(t, NotDue, back.Expect[1].Status)

	// Without opening, peace is false: both conditions are false, so
	// they are equivalent here.
	c, err = CompareReadings(m, s, "cede", "A", "B")
	require.NoError(t, err)
	assert.Equal(t, conditions.Equivalent, c.Relation)
	assert.Nil(t, c.Counterexample)

	var b bytes.Buffer
	require.NoError(t, c.WriteText(&b))
	assert.Contains(t, b.String(), "Relation: equivalent")
}

func TestCompareReadingsPlainAnswers(t *testing.T) {
	m := bystander(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2002-01-01")}
	c, err := CompareReadings(m, s, "cede", "A", "C")
	require.NoError(t, err, "a reading with the clause out of force is answered, not an error")
	assert.Empty(t, c.Relation)
	assert.Contains(t, c.Note, "cede is not in force under reading C on 2002-01-01")

	_, err = CompareReadings(m, s, "cede", "A", "D")
	require.ErrorIs(t, err, ErrUnknownReading)
}
