package treaty_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestSetFactsErrors checks that bad set and indexed facts, in a model
// and in a scenario, are errors with file, line:column and JSON path.
func TestSetFactsErrors(t *testing.T) {
	_, err := treaty.LoadModel("testdata/quant/bad-model.json")
	require.Error(t, err)
	want := []string{
		`testdata/quant/bad-model.json:7:50: /facts/1/index: index "comunes" of fact "votes" is not a declared fact of type set (did you mean "communes"?)`,
		`testdata/quant/bad-model.json:13:30: /instruments/0/clauses/0/condition: unknown set "comunes": any(c in S: ...) quantifies over a fact of type set (did you mean "communes"?)`,
	}
	if d := cmp.Diff(want, errorTexts(t, err)); d != "" {
		t.Errorf("LoadModel errors (-want +got):\n%s", d)
	}

	m, err := treaty.LoadModel("testdata/quant/model.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("testdata/quant/bad-scenario.json")
	require.NoError(t, err)
	want = []string{
		`testdata/quant/bad-scenario.json:7:17: /facts/communes: fact "communes": member 1: want a member name (a string), got number 2`,
		`testdata/quant/bad-scenario.json:8:24: /facts/votes/value: want number for fact "votes[\"a\"]", got string "high"`,
		`testdata/quant/bad-scenario.json:9:16: /facts/turnout: want number for fact "turnout", got an array`,
	}
	if d := cmp.Diff(want, errorTexts(t, treaty.ValidateScenario(m, s))); d != "" {
		t.Errorf("ValidateScenario errors (-want +got):\n%s", d)
	}
}

// TestSetFactsHistory checks that a change of the members of a set, or of
// one member's value, is a change point: the status's since follows it.
func TestSetFactsHistory(t *testing.T) {
	m, err := treaty.LoadModel("testdata/quant/model.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("testdata/quant/history.json")
	require.NoError(t, err)
	tests := []struct {
		asOf, status, value, since, reason string
	}{
		{"2001-01-15", "not_due", "false", "2000-01-01", "one commune of two above half"},
		{"2001-02-15", "not_due", "false", "2000-01-01", "c's votes are known, but c is not yet a member"},
		{"2001-03-15", "due", "true", "2001-03-01", "c joins the set: two communes above half"},
		{"2001-05-01", "undetermined", "unknown", "2001-04-01", "c's votes become unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			r, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)))
			require.NoError(t, err)
			res := r.Results[0]
			got := []string{string(res.Status), res.Value.String(), sinceText(res)}
			if d := cmp.Diff([]string{tc.status, tc.value, tc.since}, got); d != "" {
				t.Errorf("as of %s (-want +got):\n%s", tc.asOf, d)
			}
		})
	}
}

func sinceText(r treaty.Result) string {
	if r.Since == nil {
		return "none"
	}
	return r.Since.String()
}

// TestPartiesFact checks that the evaluator supplies the set fact
// parties.I from the memberships of instrument I: the third deposit, on
// 2016-10-20, meets count(p in parties.pact: true) >= 3, and the pact
// enters into force 30 days later.
func TestPartiesFact(t *testing.T) {
	m, err := treaty.LoadModel("testdata/quant/members.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("testdata/quant/members-scenario.json")
	require.NoError(t, err)
	require.Equal(t, "parties.pact", treaty.PartiesFact("pact"))
	tests := []struct {
		asOf, status, since, reason string
	}{
		{"2016-10-10", "not_in_force", "none", "two deposits: the count is short"},
		{"2016-11-01", "not_in_force", "none", "three deposits, but the thirty days have not run"},
		{"2017-01-01", "due", "2016-11-19", "in force thirty days after the third deposit, and due (it has no condition)"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			r, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)))
			require.NoError(t, err)
			res := r.Results[0]
			got := []string{string(res.Status), sinceText(res)}
			if d := cmp.Diff([]string{tc.status, tc.since}, got); d != "" {
				t.Errorf("as of %s (-want +got):\n%s", tc.asOf, d)
			}
		})
	}
}
