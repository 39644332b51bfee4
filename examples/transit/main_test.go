package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// evaluate returns the report on the scenario with the given id.
func evaluate(t *testing.T, id string) *treaty.Report {
	t.Helper()
	m, s, err := story.Scenario(id)
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	return rep
}

func result(t *testing.T, rep *treaty.Report, reading string) treaty.Result {
	t.Helper()
	res, ok := rep.Result(transit, reading)
	require.True(t, ok, "no result for %s under %s", transit, reading)
	return res
}

// TestExpectations checks every expectation written in the scenario files,
// and the JSON output.
func TestExpectations(t *testing.T) {
	require.NoError(t, story.Check())
}

// TestExceptionTrees checks, per scenario and reading, what the security
// exception and its review do.
func TestExceptionTrees(t *testing.T) {
	const xxi, review = "gatt1994.art21.b.iii", "gatt1994.art21.b.iii.review"
	tests := []struct {
		scenario, reading    string
		xxiStatus, revStatus string
		reason               string
	}{
		{"measures-2016", "RU", treaty.ExceptionApplies, treaty.ExceptionOutranked,
			"self-judging: Russia's judgment suffices, the review is outranked"},
		{"measures-2016", "UA", treaty.ExceptionUndetermined, treaty.ExceptionUndetermined,
			"reviewable, and nobody has yet established the objective conditions"},
		{"panel-2019", "panel", treaty.ExceptionApplies, treaty.ExceptionDoesNotApply,
			"the panel found the emergency and good faith: the review does not disapply the exception"},
		{"no-emergency", "RU", treaty.ExceptionApplies, treaty.ExceptionOutranked,
			"without an emergency the self-judging reading still lets the exception apply"},
		{"no-emergency", "UA", treaty.ExceptionDoesNotApply, treaty.ExceptionApplies,
			"without an emergency the review disapplies the exception under a reviewable reading"},
	}
	for _, tt := range tests {
		t.Run(tt.scenario+"/"+tt.reading, func(t *testing.T) {
			res := result(t, evaluate(t, tt.scenario), tt.reading)
			require.Len(t, res.Exceptions, 1, "one exception overrides the agreement")
			x := res.Exceptions[0]
			assert.Equal(t, xxi, x.Exception)
			assert.Equal(t, "gatt1994.art5.2", x.Target)
			assert.Equal(t, tt.xxiStatus, x.Status, tt.reason)
			require.Len(t, x.By, 1)
			assert.Equal(t, review, x.By[0].Exception)
			assert.Equal(t, tt.revStatus, x.By[0].Status, tt.reason)
		})
	}
}

// TestPriorityDispute checks that the counterfactual without emergency
// makes the priority the readings give the exception a status dispute,
// and that the dispute says so.
func TestPriorityDispute(t *testing.T) {
	rep := evaluate(t, "no-emergency")
	require.Len(t, rep.Disputes, 1)
	d := rep.Disputes[0]
	assert.Equal(t, treaty.StatusDispute, d.Kind)
	assert.Contains(t, d.Summary, "RU not_due, UA violated, panel violated")
	assert.Contains(t, d.Summary, "ranked differently: gatt1994.art21.b.iii (RU 1, UA 0, panel 0)")

	// With the panel's facts the readings agree now, but the dispute is
	// latent: the conditions differ where an emergency is lacking.
	rep = evaluate(t, "panel-2019")
	require.Len(t, rep.Disputes, 1)
	assert.Equal(t, treaty.LatentDispute, rep.Disputes[0].Kind)
	assert.Contains(t, rep.Disputes[0].Summary, "{emergency.ru_ua = false, ru.considers_necessary = true}: RU not_due, UA due, panel due")
}

// TestAnswer checks the answer the program prints.
func TestAnswer(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, false))
	out := b.String()
	i := strings.Index(out, "--- Answer")
	require.GreaterOrEqual(t, i, 0)
	answer := out[i:]
	for _, want := range []string{
		"RU     not_due: disapplied by gatt1994.art21.b.iii (priority 1, accepted by reading RU)",
		"UA     undetermined: condition unknown: missing emergency.ru_ua, measures.plausible, ru.interests_articulated",
		"UA     violated: prohibited act took place (transit.restricted)",
		"RU's reading needs {ru.considers_necessary = false}",
		"UA's reading needs {emergency.ru_ua = false} or {measures.plausible = false} or {ru.considers_necessary = false} or {ru.interests_articulated = false}",
	} {
		assert.Contains(t, answer, want)
	}
}
