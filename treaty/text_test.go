package treaty_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestProspectsText checks that "impossible" says it holds only while the
// scenario's known facts stay fixed, names them and says how to open
// them, and that opening them turns it into assignments.
func TestProspectsText(t *testing.T) {
	s := &treaty.Scenario{ID: "status-quo", AsOf: treaty.MustDate("2018-12-31"),
		Facts: map[string]treaty.Fact{"peace_treaty.concluded": {Value: false}, "foreign_troops.withdrawn": {Value: false}}}
	p, err := treaty.WhatItTakes(kuril(), s, "art9")
	require.NoError(t, err)
	assert.Equal(t, []string{"peace_treaty.concluded"}, p.Readings[0].Fixed, "JP's condition reads one known fact")
	assert.Equal(t, []string{"foreign_troops.withdrawn", "peace_treaty.concluded"}, p.Readings[1].Fixed, "RU's reads both")
	text := p.String()
	for _, want := range []string{
		"What it takes: art9 as of 2018-12-31 (scenario status-quo)\n",
		"\n  to be due:     impossible while the scenario's known facts stay fixed\n",
		"\n  to be not due: already: the scenario's known facts decide it\n",
		"\n  held fixed:    foreign_troops.withdrawn, peace_treaty.concluded (the scenario gives them)\n",
		"open them: --open foreign_troops.withdrawn,peace_treaty.concluded (treaty.OpenFacts in Go)",
	} {
		assert.Contains(t, text, want)
	}

	p, err = treaty.WhatItTakes(kuril(), s, "art9", treaty.OpenFacts("*"))
	require.NoError(t, err)
	assert.Empty(t, p.Readings[1].Fixed, "Open(\"*\") holds nothing fixed")
	text = p.String()
	assert.Contains(t, text, "\n  to be due:     foreign_troops.withdrawn = true, peace_treaty.concluded = true\n")
	assert.NotContains(t, text, "impossible")
	assert.NotContains(t, text, "held fixed")

	data, err := json.Marshal(p)
	require.NoError(t, err)
	require.NoError(t, compiledSchema(t, "takes").ValidateJSON(data))
	assert.Contains(t, string(data), `"schema":"treatycond.takes/v2"`)
}

// TestOpenUnknownFact checks that a misspelt fact given to Open is an
// error with a suggestion, not silently ignored.
func TestOpenUnknownFact(t *testing.T) {
	s := &treaty.Scenario{ID: "x", AsOf: treaty.MustDate("2018-12-31")}
	_, err := treaty.WhatItTakes(kuril(), s, "art9", treaty.OpenFacts("peace_treaty.conclude"))
	require.Error(t, err)
	assert.Equal(t, `treaty: OpenFacts: model "kuril" declares no fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)`, err.Error())
}

// TestSweepTextAndJSON checks the sweep's table and that its JSON records
// the fact space and validates against the published schema.
func TestSweepTextAndJSON(t *testing.T) {
	s := &treaty.Scenario{ID: "future", AsOf: treaty.MustDate("2028-01-01")}
	res, err := treaty.Sweep(context.Background(), kuril(), s,
		treaty.SweepSpec{Vary: []string{"peace_treaty.concluded", "foreign_troops.withdrawn"}, Disagreements: 1})
	require.NoError(t, err)
	text := res.String()
	assert.True(t, strings.HasPrefix(text, "Sweep of kuril as of 2028-01-01 (scenario future): 4 combinations of\n"), text)
	assert.Regexp(t, `(?m)^art9 +JP +0 +2 +0 +2 +0 +0$`, text)
	assert.Regexp(t, `(?m)^art9 +RU +0 +3 +0 +1 +0 +0$`, text)
	assert.Contains(t, text, "\n  art9: in 1 of 4 combinations\n")
	assert.Contains(t, text, "\n  art9: foreign_troops.withdrawn=false, peace_treaty.concluded=true: JP due, RU not_due\n")

	data, err := json.Marshal(res)
	require.NoError(t, err)
	require.NoError(t, compiledSchema(t, "sweep").ValidateJSON(data))
	assert.Contains(t, string(data), `"schema":"treatycond.sweep/v2"`)
	assert.Contains(t, string(data), `"vary":["peace_treaty.concluded","foreign_troops.withdrawn"]`)
}
