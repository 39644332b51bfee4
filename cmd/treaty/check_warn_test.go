package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestCheckWarnings(t *testing.T) {
	dir := t.TempDir()
	model := `{"id": "w", "parties": [{"id": "A", "name": "A"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "in_force": "2000-01-01", "terminated": "2001-01-01",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act",
      "not_before": {"date": "2002-01-01"}}]}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "w.json"), []byte(model), 0o644))
	line := "w.json:4:21: warning: /instruments/0/clauses/0/not_before: c can never be due: it could start on 2002-01-01, but it is in force only until 2000-12-31\n"
	tests := []struct {
		name   string
		args   []string
		code   int
		out    string
		reason string
	}{
		{"text", []string{"check", "w.json"}, 0, line + "ok w.json (model)\nok: 1 file valid\n",
			"a warning is printed with its position but does not fail check"},
		{"strict", []string{"check", "--strict", "w.json"}, 1, line + "1 of 1 file not valid (1 problem)\n",
			"--strict fails on warnings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, code := runTreaty(t, dir, tc.args)
			require.Equal(t, tc.code, code, tc.reason)
			if d := cmp.Diff(tc.out, out); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, d)
			}
		})
	}
	out, _, code := runTreaty(t, dir, []string{"check", "--format", "json", "w.json"})
	require.Equal(t, 0, code)
	validateJSON(t, "check --format json", out, "check")
	var doc checkDoc
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Files, 1)
	require.True(t, doc.Files[0].Valid, "warnings leave the file valid")
	require.Len(t, doc.Files[0].Problems, 1)
	p := doc.Files[0].Problems[0]
	if d := cmp.Diff(checkProblem{File: "w.json", Path: "/instruments/0/clauses/0/not_before", Line: 4, Column: 21,
		Code: "never_due", Severity: "warning", Message: "c can never be due: it could start on 2002-01-01, but it is in force only until 2000-12-31",
		Text: line[:len(line)-1]}, p); d != "" {
		t.Errorf("the JSON carries the warning with its severity (-want +got):\n%s", d)
	}
}
