package conditions

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSnippetComposed checks that an error in a part of a condition
// composed with And of parts parsed from different texts is shown under
// the text of its own part, with the caret on the offending text, from
// every entry point that reports positions.
func TestSnippetComposed(t *testing.T) {
	first := WithOrigin(MustParse("peace and  count > 3"), "treaty")
	second := WithOrigin(MustParse("votes / cast > 0.5"), "protocol")
	e := And(first, second)
	s, err := NewSchema(Field{Name: "peace", Type: Bool}, Field{Name: "count", Type: Number},
		Field{Name: "votes", Type: Number}, Field{Name: "cast", Type: Number})
	require.NoError(t, err)
	p, err := Compile(e, s)
	require.NoError(t, err)
	division := "1:7: division by zero in votes / cast\n" +
		"    votes / cast > 0.5\n" +
		"          ^"
	wrongType := "1:12: fact \"count\" must be a number, got a string\n" +
		"    peace and  count > 3\n" +
		"               ^~~~~"
	tests := []struct {
		name   string
		err    func() error
		want   string
		reason string
	}{
		{"Eval division", func() error {
			_, err := Eval(e, Facts{"peace": true, "count": 5, "votes": 1, "cast": 0})
			return err
		}, division, "the '/' of the second part, in the second part's text"},
		{"Program.Eval division", func() error {
			v := NewValues(s)
			require.NoError(t, v.FromFacts(Facts{"peace": true, "count": 5, "votes": 1, "cast": 0}))
			_, err := p.Eval(v)
			return err
		}, division, "the compiled program reports the same place"},
		{"Eval fact type", func() error {
			_, err := Eval(e, Facts{"peace": true, "count": "five", "votes": 1, "cast": 2})
			return err
		}, wrongType, "a fact of the first part, in the first part's text"},
		{"EvalFacts fact type", func() error {
			_, err := p.EvalFacts(Facts{"peace": true, "count": "five", "votes": 1, "cast": 2})
			return err
		}, wrongType, "the lazy path reports the same place"},
		{"Check", func() error {
			bad := And(first, WithOrigin(MustParse("votes > 1 and peace + 1 > 2"), "annex"))
			return Check(bad, nil)
		}, "1:15: fact \"peace\" is used as number here but as bool in another part of the condition (at 1:1 of its text)\n" +
			"    votes > 1 and peace + 1 > 2\n" +
			"                  ^~~~~", "a type error of the second part, in its text; the earlier use is in another text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			require.Error(t, err)
			got := Snippet(e.Source(), err)
			require.Equal(t, tt.want, strings.TrimRight(got, "\n"), tt.reason)
		})
	}
}
