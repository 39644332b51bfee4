package conditions

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

func TestPos(t *testing.T) {
	assert.Equal(t, "-", Pos{}.String(), "the zero Pos")
	assert.False(t, Pos{}.IsValid())
	assert.Equal(t, "3:7", Pos{Offset: 20, Line: 3, Column: 7}.String())
	assert.Equal(t, Pos{Offset: 4, Line: 2, Column: 1}, posOf(ast.Pos{Offset: 4, Line: 2, Column: 1}))
}

func TestErrorError(t *testing.T) {
	at := Pos{Offset: 6, Line: 2, Column: 7}
	cases := []struct {
		name   string
		err    *Error
		want   string
		reason string
	}{
		{"full", &Error{Code: CodeUnknownFact, Pos: at, Msg: "unknown fact ratifed", Hint: "did you mean ratified?"},
			"2:7: unknown fact ratifed (did you mean ratified?)", "position, message and hint on one line"},
		{"no hint", &Error{Code: CodeSyntax, Pos: at, Msg: "unexpected ')'"}, "2:7: unexpected ')'", "no parentheses without a hint"},
		{"no position", &Error{Code: CodeDivByZero, Msg: "division by zero"}, "division by zero", "the position is left out when not valid"},
		{"sentinel", ErrSyntax, "syntax error", "a sentinel describes its code"},
		{"sentinel limit", ErrLimit, "limit exceeded", "each code has a description"},
		{"sentinel fact type", ErrFactType, "fact value has the wrong type", "each code has a description"},
		{"unknown code", &Error{Code: "weird"}, `error "weird"`, "a code this package does not define"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Error(), tc.reason)
			assert.NotContains(t, tc.err.Error(), "\n", "Error is one line")
		})
	}
}

func TestNewError(t *testing.T) {
	rng := ast.Range{Start: ast.Pos{Offset: 2, Line: 1, Column: 3}, End: ast.Pos{Offset: 5, Line: 1, Column: 6}}
	e := newError(CodeType, rng, "cannot add %s and %s", "bool", "number")
	assert.Equal(t, &Error{Code: CodeType, Pos: Pos{2, 1, 3}, End: Pos{5, 1, 6}, Msg: "cannot add bool and number"}, e)
	assert.Equal(t, "plain", newError(CodeType, rng, "plain").Msg, "a message without arguments")
}

func TestErrorIs(t *testing.T) {
	syntax := &Error{Code: CodeSyntax, Pos: Pos{0, 1, 1}, Msg: "empty condition"}
	list := ErrorList{syntax, {Code: CodeLimit, Msg: "too deep"}}
	cases := []struct {
		name   string
		err    error
		target error
		want   bool
		reason string
	}{
		{"same code", syntax, ErrSyntax, true, "Is matches on the code"},
		{"other code", syntax, ErrType, false, "different codes do not match"},
		{"full target", syntax, &Error{Code: CodeSyntax, Msg: "other"}, true, "the target's message does not matter"},
		{"nil target", syntax, (*Error)(nil), false, "a nil *Error matches nothing"},
		{"foreign target", syntax, errors.New("syntax error"), false, "only *Error targets match"},
		{"list first", list, ErrSyntax, true, "an ErrorList matches through Unwrap"},
		{"list second", list, ErrLimit, true, "any error of the list may match"},
		{"list none", list, ErrDivByZero, false, "no error of that code"},
		{"wrapped list", fmt.Errorf("clause 3: %w", list), ErrLimit, true, "wrapping keeps Is working"},
		{"sentinels", ErrArgument, ErrUnknownFact, false, "distinct sentinels differ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, errors.Is(tc.err, tc.target), tc.reason)
		})
	}
}

func TestErrorList(t *testing.T) {
	e1 := &Error{Code: CodeSyntax, Pos: Pos{0, 1, 1}, Msg: "one"}
	e2 := &Error{Code: CodeType, Pos: Pos{4, 1, 5}, Msg: "two"}
	e3 := &Error{Code: CodeSyntax, Pos: Pos{9, 2, 1}, Msg: "three"}

	t.Run("zero value", func(t *testing.T) {
		var l ErrorList
		assert.NoError(t, l.Err(), "an empty list is no error")
		assert.True(t, l.Err() == nil, "Err returns a true nil, not a typed nil")
		assert.Equal(t, "no errors", l.Error())
		assert.Empty(t, l.Unwrap())
		l.Sort()
		l.Add(e1)
		assert.Equal(t, ErrorList{e1}, l, "Add appends to the zero value")
	})

	t.Run("parse success", func(t *testing.T) {
		_, err := Parse("a")
		assert.True(t, err == nil, "Parse returns a nil error interface on success, got %#v", err)
	})

	t.Run("messages", func(t *testing.T) {
		cases := []struct {
			list   ErrorList
			want   string
			reason string
		}{
			{ErrorList{e1}, "1:1: one", "one error reads as itself"},
			{ErrorList{e1, e2}, "1:1: one (and 1 more error)", "singular"},
			{ErrorList{e1, e2, e3}, "1:1: one (and 2 more errors)", "plural"},
		}
		for _, tc := range cases {
			assert.Equal(t, tc.want, tc.list.Error(), tc.reason)
			assert.Equal(t, tc.list, tc.list.Err(), "Err returns the list itself")
		}
	})

	t.Run("sort", func(t *testing.T) {
		tie := &Error{Code: CodeType, Pos: Pos{4, 1, 5}, Msg: "tie"}
		none := &Error{Code: CodeArgument, Msg: "no position"}
		l := ErrorList{none, e3, e2, e1, tie}
		l.Sort()
		assert.Equal(t, ErrorList{e1, e2, tie, e3, none}, l, "by offset, ties keep their order, no position last")
	})

	t.Run("as", func(t *testing.T) {
		var err error = ErrorList{e2, e3}
		var list ErrorList
		require.ErrorAs(t, err, &list)
		assert.Equal(t, ErrorList{e2, e3}, list)
		var first *Error
		require.ErrorAs(t, err, &first)
		assert.Same(t, e2, first, "errors.As finds the first *Error")
		got, ok := errors.AsType[*Error](fmt.Errorf("wrapped: %w", err))
		require.True(t, ok)
		assert.Same(t, e2, got)
		assert.Len(t, list.Unwrap(), 2)
	})

	t.Run("finish", func(t *testing.T) {
		assert.NoError(t, ErrorList(nil).finish(0), "nothing to report")

		var l ErrorList
		for i := range 150 {
			code := CodeSyntax
			if i >= 120 {
				code = CodeType
			}
			// Added in reverse order, to see that finish sorts.
			l.Add(&Error{Code: code, Pos: Pos{149 - i, 1, 150 - i}, Msg: fmt.Sprint(149 - i)})
		}
		var got ErrorList
		require.ErrorAs(t, l.finish(7), &got)
		require.Len(t, got, maxErrors+1)
		assert.Equal(t, "1:1: 0", got[0].Error(), "the first by position comes first")
		assert.Equal(t, "1:100: 99", got[maxErrors-1].Error())
		assert.Equal(t, &Error{Code: CodeSyntax, Msg: "57 more errors were truncated"}, got[maxErrors],
			"50 beyond the cap and 7 dropped; the note has the code of the first one cut")
	})
}

func TestSnippet(t *testing.T) {
	parseErr := func(src string) error {
		_, err := Parse(src)
		require.Error(t, err, src)
		return err
	}
	longA := strings.Repeat("a and ", 30) + "$ and " + strings.Repeat("b and ", 30) + "c"
	cases := []struct {
		name   string
		src    string
		err    error
		want   string
		reason string
	}{
		{
			name:   "caret",
			src:    "a and (b or )",
			want:   "1:13: unexpected ')': expected a condition\n    a and (b or )\n                ^",
			reason: "the caret is under the column",
		},
		{
			name:   "range",
			src:    "x == @2019-02-30",
			want:   "1:6: invalid date @2019-02-30: day out of range\n    x == @2019-02-30\n         ^~~~~~~~~~~",
			reason: "a range on one line is underlined",
		},
		{
			name: "several",
			src:  "a and and b or )",
			want: "1:7: unexpected 'and': expected a condition\n    a and and b or )\n          ^~~\n" +
				"1:16: unexpected ')': expected a condition\n    a and and b or )\n                   ^",
			reason: "every error is rendered",
		},
		{
			name:   "tabs",
			src:    "\tx ==\t)",
			want:   "1:7: unexpected ')': expected a value\n        x ==    )\n                ^",
			reason: "tabs become four spaces and the caret moves with them",
		},
		{
			name:   "wide",
			src:    `"日本" == x and $`,
			want:   "1:15: unknown character '$'\n    \"日本\" == x and $\n                    ^",
			reason: "wide characters take two columns",
		},
		{
			name:   "combining",
			src:    "\"e\u0301\" == $",
			want:   "1:9: unknown character '$'\n    \"e\u0301\" == $\n           ^",
			reason: "combining marks take no column",
		},
		{
			name:   "second line",
			src:    "a and\nb or",
			want:   "2:5: unexpected end of input: expected a condition\n    b or\n        ^",
			reason: "the line of the error, with the caret past its end",
		},
		{
			name:   "crlf",
			src:    "x == $\r\n and y",
			want:   "1:6: unknown character '$'\n    x == $\n         ^",
			reason: "a CR before the newline is not shown",
		},
		{
			name:   "empty line",
			src:    "",
			want:   "1:1: empty condition",
			reason: "no source line to show",
		},
		{
			name: "long line",
			src:  longA,
			want: "1:181: unknown character '$'\n" +
				"    ..." + strings.Repeat("a and ", 5) + "$ and " + strings.Repeat("b and ", 7) + "b ...\n" +
				"       " + strings.Repeat(" ", 30) + "^",
			reason: "long lines are cut around the caret",
		},
		{
			name: "very long line",
			src:  strings.Repeat("a and ", 200) + "$ and " + strings.Repeat("b and ", 200) + "c",
			want: "1:1201: unknown character '$'\n" +
				"    ..." + strings.Repeat("a and ", 5) + "$ and " + strings.Repeat("b and ", 7) + "b ...\n" +
				"       " + strings.Repeat(" ", 30) + "^",
			reason: "only the text around the caret is laid out",
		},
		{
			name: "long line end",
			src:  strings.Repeat("a and ", 30) + "$",
			want: "1:181: unknown character '$'\n" +
				"    ... " + strings.Repeat("a and ", 13) + "$\n" +
				"       " + strings.Repeat(" ", 79) + "^",
			reason: "near the end of a long line only the start is cut",
		},
		{
			name:   "multi-line range",
			src:    "ab\ncd",
			err:    &Error{Code: CodeType, Pos: Pos{0, 1, 1}, End: Pos{4, 2, 2}, Msg: "spans lines"},
			want:   "1:1: spans lines\n    ab\n    ^",
			reason: "a range over several lines gets a single caret",
		},
		{
			name:   "outside source",
			src:    "a",
			err:    &Error{Code: CodeType, Pos: Pos{40, 3, 1}, Msg: "elsewhere"},
			want:   "3:1: elsewhere",
			reason: "a position beyond src shows no snippet",
		},
		{
			name:   "no position",
			src:    "a",
			err:    ErrSyntax,
			want:   "syntax error",
			reason: "an error with no position is just its message",
		},
		{
			name:   "joined",
			src:    "x = 1",
			err:    errors.Join(fmt.Errorf("clause 2: %w", parseErr("x = 1")), errors.New("other problem")),
			want:   "1:3: '=' is not an operator: use '==' for equality\n    x = 1\n      ^\nother problem",
			reason: "every *Error in a tree of errors, and other errors by their text",
		},
		{
			name:   "nil",
			src:    "a",
			err:    nil,
			want:   "",
			reason: "no error, no text",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err
			if err == nil && tc.name != "nil" {
				err = parseErr(tc.src)
			}
			got := Snippet(tc.src, err)
			if diff := cmp.Diff(strings.Split(tc.want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// TestTextErrorsCoded checks that the errors of the text methods of Truth
// and Type are coded, like every other error of the package.
func TestTextErrorsCoded(t *testing.T) {
	_, err := ParseTruth("maybe")
	require.ErrorIs(t, err, ErrArgument, "ParseTruth")
	var tt Truth
	require.ErrorIs(t, tt.UnmarshalText([]byte("yes")), ErrArgument, "Truth.UnmarshalText")
	_, err = Truth(9).MarshalText()
	require.ErrorIs(t, err, ErrArgument, "Truth.MarshalText")
	var ty Type
	require.ErrorIs(t, ty.UnmarshalText([]byte("int")), ErrArgument, "Type.UnmarshalText")
	_, err = Type(9).MarshalText()
	require.ErrorIs(t, err, ErrArgument, "Type.MarshalText")
}
