package treaty

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// A performance fact that is never a bool is not left to a warning: a
// model must declare its facts, Validate requires the performance fact to
// be a declared bool, and ValidateScenario rejects a value of another
// type, each with its JSON path. So Warnings has nothing to add.
func TestPerformedNotBoolIsAnError(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		facts  map[string]Fact
		want   string
		reason string
	}{
		{"declared a number", func(m *Model) { m.Facts[0].Type = conditions.Number }, nil,
			`/instruments/0/clauses/0/performed: performed fact "done" is declared number, want bool`,
			"a performance fact declared of another type is a model error"},
		{"undeclared", func(m *Model) { m.Instruments[0].Clauses[0].Performed = "handed_over" }, nil,
			`/instruments/0/clauses/0/performed: unknown fact "handed_over"`,
			"an undeclared performance fact is a model error"},
		{"scenario value not a bool", nil, map[string]Fact{"done": {Value: "yes"}},
			`/facts/done: want bool for fact "done", got string "yes"`,
			"a scenario value of another type is a scenario error"},
		{"scenario history not a bool", nil, map[string]Fact{"done": {History: []Change{{From: MustDate("2001-01-01"), Value: 1.0}}}},
			`/facts/done/history/0/value: want bool for fact "done", got number 1`,
			"so is a history entry's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := endModel(Obligation, tc.change)
			if tc.facts == nil {
				require.ErrorContains(t, m.Validate(), tc.want, tc.reason)
				return
			}
			require.NoError(t, m.Validate())
			require.ErrorContains(t, ValidateScenario(m, &Scenario{ID: "s", AsOf: MustDate("2005-01-01"), Facts: tc.facts}), tc.want, tc.reason)
		})
	}
}
