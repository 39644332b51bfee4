package casebook

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

func TestCheckJSON(t *testing.T) {
	b := &Book{Scenarios: []*treaty.Scenario{{ID: "one"}, {ID: "two"}}}
	const v1 = `"schema": "treatycond.report/v2"`
	tests := []struct {
		name, data, want, reason string
	}{
		{"good", `[{` + v1 + `, "scenario": "one", "results": [{}]}, {` + v1 + `, "scenario": "two", "results": [{}]}]`, "",
			"one report per scenario, in order"},
		{"not JSON", `[{`, "unexpected end of JSON input", "the output must be JSON"},
		{"null", `null`, "0 reports for 2 scenarios", "no array"},
		{"too few", `[{` + v1 + `, "scenario": "one", "results": [{}]}]`, "1 reports for 2 scenarios", "a scenario left out"},
		{"out of order", `[{` + v1 + `, "scenario": "two", "results": [{}]}, {` + v1 + `, "scenario": "one", "results": [{}]}]`,
			"report 1: scenario \"two\", want \"one\"\nreport 2: scenario \"one\", want \"two\"", "the story's order"},
		{"schema", `[{"schema": "v0", "scenario": "one", "results": [{}]}, {` + v1 + `, "scenario": "two", "results": [{}]}]`,
			`report 1: schema "v0", want "treatycond.report/v2"`, "a report of another format"},
		{"no results", `[{` + v1 + `, "scenario": "one", "results": []}, {` + v1 + `, "scenario": "two", "results": [{}]}]`,
			"report 1 (one): no results", "a report that says nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := b.checkJSON([]byte(tt.data))
			if tt.want == "" {
				require.NoError(t, err, tt.reason)
				return
			}
			assert.EqualError(t, err, tt.want, tt.reason)
		})
	}
}
