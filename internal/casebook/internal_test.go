package casebook

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

func TestCLI(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		runErr error
		code   int
		ran    bool
		asJSON bool
		stdout string
		stderr string // a part of standard error
		reason string
	}{
		{"text", nil, nil, 0, true, false, "out", "", "no flag: text"},
		{"json", []string{"-json"}, nil, 0, true, true, "out", "", "-json asks for JSON"},
		{"json=false", []string{"-json=false"}, nil, 0, true, false, "out", "", "the flag is a bool flag"},
		{"run fails", nil, errors.New("boom"), 1, true, false, "out", "demo: boom\n", "the error is printed after the program's name, status 1"},
		{"bad flag", []string{"-yaml"}, nil, 2, false, false, "", "flag provided but not defined: -yaml", "a bad command line is status 2, as with package flag"},
		{"help", []string{"-h"}, nil, 0, false, false, "", "print the reports as a JSON array", "-h prints the flags and succeeds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ran, asJSON := false, false
			run := func(w io.Writer, j bool) error {
				ran, asJSON = true, j
				io.WriteString(w, "out")
				return tt.runErr
			}
			code := cli("demo", "prog", tt.args, &stdout, &stderr, run)
			assert.Equal(t, tt.code, code, tt.reason)
			assert.Equal(t, tt.ran, ran, tt.reason)
			assert.Equal(t, tt.asJSON, asJSON, tt.reason)
			assert.Equal(t, tt.stdout, stdout.String(), tt.reason)
			if tt.stderr == "" {
				assert.Empty(t, stderr.String(), tt.reason)
			} else {
				assert.Contains(t, stderr.String(), tt.stderr, tt.reason)
			}
		})
	}
}

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
