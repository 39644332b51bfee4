package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplitValues: --values lists split at the commas outside JSON
// arrays, objects and strings.
func TestSplitValues(t *testing.T) {
	tests := []struct {
		in     string
		want   []string
		reason string
	}{
		{"5,10.5,unknown", []string{"5", "10.5", "unknown"}, "scalars split at every comma"},
		{`["a"],["a","b"],unknown`, []string{`["a"]`, `["a","b"]`, "unknown"}, "commas inside arrays stay"},
		{`{"a":1,"b":{"c":2}},{}`, []string{`{"a":1,"b":{"c":2}}`, "{}"}, "nested objects"},
		{`["a,b","c\"],d"],x`, []string{`["a,b","c\"],d"]`, "x"}, "commas and brackets inside strings, escaped quotes"},
		{`"x,y",z`, []string{`"x,y"`, "z"}, "a quoted string value keeps its comma"},
		{"", []string{""}, "an empty list is one empty value (reported by the parser)"},
		{`]],a`, []string{"]]", "a"}, "unbalanced closers do not swallow commas"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, splitValues(tt.in)); diff != "" {
			t.Errorf("splitValues(%q): %s (-want +got):\n%s", tt.in, tt.reason, diff)
		}
	}
}
