package treaty

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// oneClause is a model with no declared facts and one obligation whose
// condition is src, under two readings.
func oneClause(t *testing.T, src string) *Model {
	t.Helper()
	return &Model{
		ID:      "one",
		Parties: []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: MustDate("2000-01-01"),
			Clauses: []Clause{{ID: "c", Kind: Obligation, Bearer: "A", Action: "act", Condition: cond(t, src)}}}},
		Readings: []Reading{{ID: "A", Party: "A"}, {ID: "B", Party: "B"}},
	}
}

// A limit error of what-it-takes repeated the whole condition, up to
// 64 KiB, on one line. It is cut with an ellipsis.
func TestWhatItTakesLimitErrorRepeatedTheCondition(t *testing.T) {
	var quorum, tail []string
	for i := range 30 {
		quorum = append(quorum, fmt.Sprintf("ratified.p%02d", i))
	}
	for i := range 1800 {
		tail = append(tail, fmt.Sprintf("protocol.article_%04d.accepted", i))
	}
	src := "atleast(10, " + strings.Join(quorum, ", ") + ") and (" + strings.Join(tail, " or ") + ")"
	require.Greater(t, len(src), 60000)
	m := oneClause(t, src)
	_, err := WhatItTakes(m, &Scenario{ID: "s", AsOf: MustDate("2010-01-01")}, "c")
	require.Error(t, err)
	var te *Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, CodeLimit, te.Code)
	assert.ErrorIs(t, err, conditions.ErrLimit)
	assert.Less(t, len(err.Error()), 600, "the condition is cut: %.300s", err.Error())
	assert.Contains(t, err.Error(), "atleast(10, ratified.p00, ratified.p01")
	assert.Contains(t, err.Error(), "…")
	assert.Contains(t, err.Error(), "condition too large for exact analysis")
}

func TestShortText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		max  int
		want string
		why  string
	}{
		{"abc", 3, "abc", "fits"},
		{"abcd", 3, "abc…", "cut"},
		{"aé", 2, "a…", "é is two bytes: cut before it, not inside"},
		{"", 0, "", "empty"},
	} {
		assert.Equal(t, tt.want, shortText(tt.in, tt.max), tt.why)
	}
}

// stopAfter is a context whose Err reports cancellation from its n-th
// call on: a cancellation part-way through, without timing.
type stopAfter struct {
	context.Context
	calls, n int
}

func (c *stopAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

// WhatItTakesContext checked its context only between the analyses of its
// conditions, each of which ran to its end (or its limit) whatever
// happened. The context now reaches the analysis.
func TestWhatItTakesContextDidNotReachTheAnalysis(t *testing.T) {
	var quorum []string
	for i := range 30 {
		quorum = append(quorum, fmt.Sprintf("ratified.p%02d", i))
	}
	m := oneClause(t, "atleast(10, "+strings.Join(quorum, ", ")+")")
	// The analysis polls its context thousands of times before giving
	// up on this condition; the evaluation around it a few times.
	ctx := &stopAfter{Context: context.Background(), n: 100}
	_, err := WhatItTakesContext(ctx, m, &Scenario{ID: "s", AsOf: MustDate("2010-01-01")}, "c")
	var te *Error
	require.True(t, errors.As(err, &te), "got %v", err)
	assert.Equal(t, CodeCanceled, te.Code, "stopped inside the analysis, not at its limit: %v", err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "c", te.Clause)
}

// LatestDate panicked on a nil model, where Evaluate, WhatItTakes and the
// other entry points return an error.
func TestLatestDateOfNilModelPanicked(t *testing.T) {
	require.NotPanics(t, func() {
		assert.True(t, LatestDate(nil).IsZero())
	})
}
