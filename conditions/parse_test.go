package conditions

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// parseCase is a valid condition and its canonical text.
type parseCase struct {
	name   string
	src    string
	want   string
	reason string
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	names := map[string]bool{}
	for _, tc := range cases {
		if tc.reason == "" || tc.name == "" || names[tc.name] {
			t.Fatalf("case %q: every case needs a unique name and a reason", tc.name)
		}
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse(tc.src)
			require.NoError(t, err, tc.reason)
			assert.Equal(t, tc.want, e.String(), tc.reason)
			assert.Equal(t, tc.src, e.Source(), "Source returns the parsed text")
			checkTree(t, tc.src, e.root)

			// The canonical text reads back to itself.
			again, err := Parse(e.String())
			require.NoError(t, err, "reparsing %q", e.String())
			assert.Equal(t, tc.want, again.String(), "round trip")
		})
	}
}

func TestParseValid(t *testing.T) {
	runParseCases(t, []parseCase{
		{"fact", "peace_treaty.concluded", "peace_treaty.concluded", "a dotted fact name is one token"},
		{"deep fact", "a.b_2._c.D9", "a.b_2._c.D9", "segments may start with '_' and hold digits"},
		{"keyword segment", "treaty.not and x.and.or", "treaty.not and x.and.or", "a dotted name is a keyword only if the whole name is one"},
		{"keyword prefix", "android or notary or truex", "android or notary or truex", "names that begin with a keyword are facts"},
		{"case sensitive", "AND or Not", "AND or Not", "keywords are lower case only"},
		{"true", "true", "true", "boolean literal"},
		{"false", "  false\n", "false", "spaces around the condition are ignored"},
		{"integer", "x == 12", "x == 12", "integer literal"},
		{"fraction", "x < 0.50", "x < 0.5", "numbers print in shortest form"},
		{"exponent", "x > 1.5e-3", "x > 0.0015", "exponent with a sign"},
		{"big exponent", "x > 1e21", "x > 1e+21", "numbers from 1e21 print with an exponent"},
		{"exponent plus", "x > 1E+21", "x > 1e+21", "capital E and explicit plus"},
		{"leading zeros", "x == 007", "x == 7", "leading zeros are allowed"},
		{"negative literal", "x >= -3", "x >= -3", "a minus before a number folds into the literal"},
		{"negative spaced", "x >= - 3", "x >= -3", "the minus folds even across a space"},
		{"double negative", "--3 == x", "--3 == x", "only the innermost minus folds"},
		{"negate fact", "-x < 0", "-x < 0", "unary minus of a fact"},
		{"negate group", "-(x + 1) < 0", "-(x + 1) < 0", "unary minus of a parenthesised sum"},
		{"negate paren number", "-(3) == x", "-3 == x", "a parenthesised number is negated, and prints as a literal"},
		{"minus minus", "a - -b == c", "a - -b == c", "binary minus followed by unary minus"},
		{"string", `name == "Lomé"`, `name == "Lomé"`, "strings hold UTF-8"},
		{"string escapes", `s == "a\"b\\c\n\t\u00e9\x41"`, `s == "a\"b\\c\n\té` + `A"`, "Go escapes are decoded and printed canonically"},
		{"empty string", `s != ""`, `s != ""`, "the empty string"},
		{"date", "signed <= @1990-10-03", "signed <= @1990-10-03", "date literal"},
		{"leap day", "d == @2020-02-29", "d == @2020-02-29", "29 February exists in leap years"},
		{"year one", "d > @0001-01-01", "d > @0001-01-01", "four-digit years from 0001"},
		{"atleast", "atleast(2, a, b, c)", "atleast(2, a, b, c)", "atleast call"},
		{"atleast zero", "atleast( 0 ,a )", "atleast(0, a)", "K may be zero"},
		{"atleast nested", "atleast(1, a and b, atleast(2, c, d, e) or f)", "atleast(1, a and b, atleast(2, c, d, e) or f)", "arguments are whole conditions"},
		{"multi line", "a and\n\tb or\r\n c", "a and b or c", "newlines, tabs and CRs are spaces"},
		{"redundant parens", "((((a))))", "a", "parentheses around a primary are dropped"},
		{"messy spacing", "peace_treaty.concluded&&(foreign_troops.count==0)", "peace_treaty.concluded and foreign_troops.count == 0", "no spaces are needed between tokens"},
	})
}

func TestParseAliases(t *testing.T) {
	runParseCases(t, []parseCase{
		{"and", "a && b", "a and b", "&& is and"},
		{"or", "a || b", "a or b", "|| is or"},
		{"not", "!a", "not a", "! is not"},
		{"not not", "!!a", "not not a", "! may repeat"},
		{"not eq", "!a == b", "not a == b", "! has the precedence of not, below comparison"},
		{"not not-equal", "a != b", "a != b", "!= is not a negation"},
		{"mixed", "a && b and c || d or !e", "a and b and c or d or not e", "aliases mix with words"},
	})
}

func TestParsePrecedence(t *testing.T) {
	runParseCases(t, []parseCase{
		{"and over or", "a or b and c", "a or b and c", "and binds tighter than or"},
		{"or in and", "(a or b) and c", "(a or b) and c", "parentheses keep an or inside an and"},
		{"not over and", "not a and b", "not a and b", "not binds tighter than and"},
		{"not of and", "not (a and b)", "not (a and b)", "parentheses extend not"},
		{"compare over not", "not a == b", "not a == b", "not a == b is not (a == b)"},
		{"not in compare", "(not a) == b", "(not a) == b", "a negation as operand needs parentheses"},
		{"add over compare", "a + b < c * d", "a + b < c * d", "arithmetic binds tighter than comparison"},
		{"mul over add", "a + b * c", "a + b * c", "* binds tighter than +"},
		{"add in mul", "(a + b) * c", "(a + b) * c", "parentheses keep a sum inside a product"},
		{"left assoc sub", "a - b - c == 0", "a - b - c == 0", "- is left-associative"},
		{"right group sub", "a - (b - c) == 0", "a - (b - c) == 0", "a right-nested difference keeps its parentheses"},
		{"left assoc div", "a / b / c == 0", "a / b / c == 0", "/ is left-associative"},
		{"right group div", "a / (b * c) == 0", "a / (b * c) == 0", "a right-nested product under / keeps its parentheses"},
		{"neg over mul", "-a * b == 0", "-a * b == 0", "unary minus binds tighter than *"},
		{"grouped compare", "(a < b) == c", "(a < b) == c", "a parenthesised comparison may be compared"},
		{"compare right group", "a == (b == c)", "a == (b == c)", "also on the right"},
		{"all levels", "not a or b and c == d + e * -f", "not a or b and c == d + e * -f", "every level at once"},
	})
}

func TestParseFlattening(t *testing.T) {
	runParseCases(t, []parseCase{
		{"and right", "a and (b and c)", "a and b and c", "same-operator and is flattened on the right"},
		{"and left", "(a and b) and c", "a and b and c", "and on the left"},
		{"or both", "(a or b) or (c or (d or e))", "a or b or c or d or e", "or, nested deeply"},
		{"alias mix", "(a && b) and c", "a and b and c", "aliases flatten with words"},
		{"no cross flattening", "a and (b or c) and d", "a and (b or c) and d", "different operators are not flattened"},
		{"inside atleast", "atleast(1, a and (b and c))", "atleast(1, a and b and c)", "flattening inside an argument"},
	})

	cases := []struct {
		name   string
		src    string
		want   ast.Node
		reason string
	}{
		{
			name:   "flat and",
			src:    "a and (b and c) and d",
			want:   &ast.Logic{Op: ast.OpAnd, Args: []ast.Node{fact("a"), fact("b"), fact("c"), fact("d")}},
			reason: "one Logic node with four arguments",
		},
		{
			name: "or of ands",
			src:  "a and b or (c or d and e)",
			want: &ast.Logic{Op: ast.OpOr, Args: []ast.Node{
				&ast.Logic{Op: ast.OpAnd, Args: []ast.Node{fact("a"), fact("b")}},
				fact("c"),
				&ast.Logic{Op: ast.OpAnd, Args: []ast.Node{fact("d"), fact("e")}},
			}},
			reason: "the inner or merges into the outer one; the ands stay",
		},
		{
			name: "negative literal",
			src:  "x * -2 > - 1.5",
			want: &ast.Compare{Op: ast.OpGt,
				L: &ast.Arith{Op: ast.OpMul, L: fact("x"), R: num(-2)},
				R: num(-1.5)},
			reason: "a minus before a number is part of the literal",
		},
		{
			name:   "negated fact",
			src:    "- -x",
			want:   &ast.Unary{Op: ast.OpNeg, X: &ast.Unary{Op: ast.OpNeg, X: fact("x")}},
			reason: "unary minus of a non-literal is a Unary node",
		},
		{
			name:   "not compare",
			src:    "not a == b",
			want:   &ast.Unary{Op: ast.OpNot, X: &ast.Compare{Op: ast.OpEq, L: fact("a"), R: fact("b")}},
			reason: "not applies to the whole comparison",
		},
		{
			name: "atleast",
			src:  `atleast(2, a, "s" < t, @2000-01-02 == d)`,
			want: &ast.AtLeast{K: 2, Args: []ast.Node{
				fact("a"),
				&ast.Compare{Op: ast.OpLt, L: &ast.Lit{Val: ast.String("s")}, R: fact("t")},
				&ast.Compare{Op: ast.OpEq, L: &ast.Lit{Val: ast.Date(ast.DaysOf(time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)))}, R: fact("d")},
			}},
			reason: "K and the arguments, with string and date literals",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse(tc.src)
			require.NoError(t, err, tc.reason)
			if diff := cmp.Diff(tc.want, e.root, ignoreRanges); diff != "" {
				t.Errorf("%s: tree mismatch (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// ignoreRanges makes cmp ignore source ranges in syntax trees.
var ignoreRanges = cmp.FilterPath(func(p cmp.Path) bool {
	if sf, ok := p.Last().(cmp.StructField); ok && sf.Name() == "Static" {
		return true // the cached static type of an operation (see fillStatic)
	}
	return p.Last().Type() == reflect.TypeFor[ast.Range]()
}, cmp.Ignore())

// ignoreSrc ignores the text ranges are in (ast.Range.Src), to compare
// positions alone.
var ignoreSrc = cmp.FilterPath(func(p cmp.Path) bool {
	return p.Last().Type() == reflect.TypeFor[*string]() && p.Index(-2).Type() == reflect.TypeFor[ast.Range]()
}, cmp.Ignore())

func fact(name string) ast.Node { return &ast.Fact{Name: name} }
func num(f float64) ast.Node    { return &ast.Lit{Val: ast.Number(f)} }

func TestParseRanges(t *testing.T) {
	rng := func(l1, c1, o1, l2, c2, o2 int) ast.Range {
		return ast.Range{Start: ast.Pos{Offset: o1, Line: l1, Column: c1}, End: ast.Pos{Offset: o2, Line: l2, Column: c2}}
	}
	cases := []struct {
		name   string
		src    string
		want   []ast.Range // the ranges of the nodes in ast.Inspect order
		reason string
	}{
		{
			name:   "logic without parens",
			src:    "a and (b or c)",
			want:   []ast.Range{rng(1, 1, 0, 1, 15, 14), rng(1, 1, 0, 1, 2, 1), rng(1, 8, 7, 1, 14, 13), rng(1, 8, 7, 1, 9, 8), rng(1, 13, 12, 1, 14, 13)},
			reason: "a parenthesised node's range leaves out the parentheses; its parent's includes them",
		},
		{
			name:   "folded literal",
			src:    "x < - 3",
			want:   []ast.Range{rng(1, 1, 0, 1, 8, 7), rng(1, 1, 0, 1, 2, 1), rng(1, 5, 4, 1, 8, 7)},
			reason: "a folded negative literal spans the minus and the number",
		},
		{
			name:   "unicode columns",
			src:    `"日本語" == x`,
			want:   []ast.Range{rng(1, 1, 0, 1, 11, 16), rng(1, 1, 0, 1, 6, 11), rng(1, 10, 15, 1, 11, 16)},
			reason: "columns count runes, offsets count bytes",
		},
		{
			name:   "lines",
			src:    "not\n  (a\n  or b)",
			want:   []ast.Range{rng(1, 1, 0, 3, 8, 16), rng(2, 4, 7, 3, 7, 15), rng(2, 4, 7, 2, 5, 8), rng(3, 6, 14, 3, 7, 15)},
			reason: "lines start at 1 and columns restart on each line",
		},
		{
			name:   "atleast",
			src:    "atleast(1, a)",
			want:   []ast.Range{rng(1, 1, 0, 1, 14, 13), rng(1, 12, 11, 1, 13, 12)},
			reason: "atleast spans its closing parenthesis",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse(tc.src)
			require.NoError(t, err)
			var got []ast.Range
			ast.Inspect(e.root, func(n ast.Node) bool {
				got = append(got, n.Span())
				return true
			})
			if diff := cmp.Diff(tc.want, got, ignoreSrc); diff != "" {
				t.Errorf("%s: ranges (-want +got):\n%s", tc.reason, diff)
			}
		})
	}

	t.Run("atleast K", func(t *testing.T) {
		e, err := Parse("atleast( 12, a)")
		require.NoError(t, err)
		k := e.root.(*ast.AtLeast).KRng
		require.NotNil(t, k.Src, "a parsed range knows its text")
		assert.Equal(t, "atleast( 12, a)", *k.Src, "the text it was parsed from")
		k.Src = nil
		assert.Equal(t, rng(1, 10, 9, 1, 12, 11), k, "KRng is the range of the count")
	})
}

// errorCase is an invalid condition and the errors it gives, each as
// "line:column: message".
type errorCase struct {
	name   string
	src    string
	want   []string
	code   Code // the code of every error; CodeSyntax if empty
	reason string
}

func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	names := map[string]bool{}
	for _, tc := range cases {
		if tc.reason == "" || tc.name == "" || names[tc.name] {
			t.Fatalf("case %q: every case needs a unique name and a reason", tc.name)
		}
		names[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			e, err := Parse(tc.src)
			require.Error(t, err, tc.reason)
			assert.True(t, e.IsZero(), "the Expr is zero on error")
			var list ErrorList
			require.True(t, errors.As(err, &list), "the error is an ErrorList: %T", err)
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: errors (-want +got):\n%s", tc.reason, diff)
			}
			code := tc.code
			if code == "" {
				code = CodeSyntax
			}
			for _, e := range list {
				assert.Equal(t, code, e.Code, "code of %v", e)
			}
			checkErrorPositions(t, tc.src, list)
		})
	}
}

func TestParseErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"empty", "", []string{"1:1: empty condition"}, "", "nothing to parse"},
		{"blank", " \n\t ", []string{"2:3: empty condition"}, "", "only spaces"},
		{"several", "a and and b or )", []string{
			"1:7: unexpected 'and': expected a condition",
			"1:16: unexpected ')': expected a condition",
		}, "", "every problem is reported, not just the first"},
		{"dangling operator", "a and", []string{"1:6: unexpected end of input: expected a condition"}, "", "the operand is missing at the end"},
		{"dangling compare", "x ==", []string{"1:5: unexpected end of input: expected a value"}, "", "a comparison operand is a value"},
		{"missing operand in group", "(a or )", []string{"1:7: unexpected ')': expected a condition"}, "", "the ')' closes the group, so it is reported once"},
		{"stray close", "a )", []string{"1:3: unexpected ')': no matching '('"}, "", "a ')' with no '('"},
		{"stray close then more", "a ) and )b", []string{
			"1:3: unexpected ')': no matching '('",
			"1:9: unexpected ')': expected a condition",
		}, "", "after a stray ')' the operand that follows is still parsed"},
		{"stray comma", "a, b", []string{"1:2: unexpected ',' outside atleast(...)"}, "", "commas only separate atleast arguments"},
		{"juxtaposed", "a b", []string{"1:3: unexpected fact b: expected an operator or end of input"}, "", "two operands with no operator"},
		{"juxtaposed errors", "a (b and and c)", []string{
			"1:3: unexpected '(': expected an operator or end of input",
			"1:10: unexpected 'and': expected a condition",
		}, "", "the juxtaposed operand is parsed for its own errors"},
		{"unclosed", "(a and b", []string{"1:9: expected ')' to close '(' at 1:1"}, "", "end of input inside parentheses"},
		{"unclosed inner", "x and ((a or b) and c", []string{"1:22: expected ')' to close '(' at 1:7"}, "", "the message names the unclosed '('"},
		{"unclosed juxtaposed", "(a b) or c", []string{"1:4: unexpected fact b: expected ')' to close '(' at 1:1"}, "", "a token where ')' should be"},
		{"comma in group", "(a, b)", []string{"1:3: unexpected ',': expected ')' to close '(' at 1:1"}, "", "a comma inside parentheses"},
		{"chained", "a < b < c", []string{"1:7: comparison operators cannot be chained; add parentheses"}, "", "comparisons are not associative"},
		{"chained eq", "a == b == c != d", []string{
			"1:8: comparison operators cannot be chained; add parentheses",
			"1:13: comparison operators cannot be chained; add parentheses",
		}, "", "each extra comparison operator is reported"},
		{"not operand", "a == not b", []string{"1:6: 'not' cannot be an operand of a comparison or arithmetic; put it in parentheses"}, "", "not binds looser than =="},
		{"bang operand", "1 + !b < 2", []string{"1:5: '!' cannot be an operand of a comparison or arithmetic; put it in parentheses"}, "", "the alias is named as written"},
		{"neg not", "-not a", []string{"1:2: 'not' cannot be an operand of a comparison or arithmetic; put it in parentheses"}, "", "not under unary minus"},
		{"single equals", "x = 3", []string{"1:3: '=' is not an operator: use '==' for equality"}, "", "a common slip"},
		{"single amp", "a & b", []string{"1:3: '&' is not an operator: use '&&' or 'and'"}, "", "C-like slip"},
		{"single bar", "a | b", []string{"1:3: '|' is not an operator: use '||' or 'or'"}, "", "C-like slip"},
		{"unknown char", "$a > 3", []string{"1:1: unknown character '$'"}, "", "the rest still parses"},
		{"unknown operator", "a % b > 1 and c ^", []string{
			"1:3: unknown character '%'",
			"1:17: unknown character '^'",
		}, "", "an unknown character between operands is one error"},
		{"nul", "a\x00", []string{`1:2: unknown character '\x00'`}, "", "control characters are quoted"},
		{"bad utf8", "a and \xff", []string{"1:7: invalid UTF-8 encoding"}, "", "invalid UTF-8 outside strings"},
		{"unterminated", `x == "abc`, []string{"1:6: unterminated string"}, "", "no closing quote"},
		{"unterminated newline", "x == \"abc\n and y", []string{"1:6: unterminated string"}, "", "strings do not span lines"},
		{"unterminated escape", `x == "abc\`, []string{"1:6: unterminated string"}, "", "a backslash at the very end"},
		{"bad escape", `x == "a\qb"`, []string{"1:8: invalid escape sequence in string"}, "", "the position is that of the escape"},
		{"single quote escape", `x == "\'"`, []string{"1:7: invalid escape sequence in string"}, "", "\\' is not valid in a double-quoted Go string"},
		{"surrogate", `x == "\ud800"`, []string{"1:7: invalid escape sequence in string"}, "", "surrogate halves are not characters"},
		{"utf8 in string", "x == \"a\xffb\"", []string{"1:8: invalid UTF-8 encoding in string"}, "", "strings must be UTF-8"},
		{"feb 30", "d == @2019-02-30", []string{"1:6: invalid date @2019-02-30: day out of range"}, "", "the day must exist"},
		{"feb 29", "d == @2019-02-29", []string{"1:6: invalid date @2019-02-29: day out of range"}, "", "2019 is not a leap year"},
		{"day zero", "d == @2019-02-00", []string{"1:6: invalid date @2019-02-00: day out of range"}, "", "days start at 1"},
		{"month 13", "d == @2019-13-01", []string{"1:6: invalid date @2019-13-01: month out of range"}, "", "months run to 12"},
		{"short date", "d == @19-1-1", []string{"1:6: invalid date @19-1-1: want @YYYY-MM-DD"}, "", "the form is fixed"},
		{"date glued", "d == @2019-01-01x", []string{"1:6: invalid date @2019-01-01x: want @YYYY-MM-DD"}, "", "letters glued to a date are part of it"},
		{"bare at", "d == @", []string{"1:6: invalid date @: want @YYYY-MM-DD"}, "", "an @ with no date"},
		{"trailing dot", "x == 1.", []string{"1:6: invalid number 1."}, "", "digits are needed after the point"},
		{"leading dot", "x == .5", []string{"1:6: invalid number .5: write 0.5"}, "", "a number starts with a digit"},
		{"bad exponent", "x == 1e+", []string{"1:6: invalid number 1e+"}, "", "the exponent needs digits"},
		{"glued letters", "x == 12abc", []string{"1:6: invalid number 12abc"}, "", "a number followed by letters"},
		{"hex", "x == 0x1F", []string{"1:6: invalid number 0x1F"}, "", "only decimal numbers"},
		{"two points", "x == 1.2.3", []string{"1:6: invalid number 1.2.3"}, "", "one decimal point"},
		{"overflow", "x == 1e400", []string{"1:6: number 1e400 is out of range"}, "", "beyond float64"},
		{"trailing fact dot", "a. and b", []string{"1:1: invalid fact name a.: each part after '.' must start with a letter or '_'"}, "", "a name after each dot"},
		{"digit segment", "a.1b", []string{"1:1: invalid fact name a.1b: each part after '.' must start with a letter or '_'"}, "", "segments start like names"},
		{"double dot", "a..b", []string{"1:1: invalid fact name a..b: each part after '.' must start with a letter or '_'"}, "", "empty segment"},
		{"non-ascii name", "traité.signé", []string{"1:1: invalid fact name traité.signé: use only ASCII letters, digits, '_' and '.'"}, "", "one error for the whole name"},
		{"non-latin name", "договор and x", []string{"1:1: invalid fact name договор: use only ASCII letters, digits, '_' and '.'"}, "", "a name in another script"},
		{"atleast no paren", "atleast 2", []string{"1:9: unexpected number 2: expected '(' after 'atleast'"}, "", "atleast is a call"},
		{"atleast fact count", "atleast(a, b)", []string{"1:9: atleast needs a whole number as its first argument"}, "", "K must be a literal"},
		{"atleast fraction", "atleast(1.5, b)", []string{"1:9: atleast needs a whole number as its first argument"}, "", "K must be whole"},
		{"atleast exponent", "atleast(1e1, b)", []string{"1:9: atleast needs a whole number as its first argument"}, "", "K is written with digits only"},
		{"atleast negative", "atleast(-1, b)", []string{"1:9: atleast needs a whole number as its first argument"}, "", "K is not negative"},
		{"atleast huge", "atleast(99999999999999999999, b)", []string{"1:9: atleast count 99999999999999999999 is too large"}, "", "K fits an int"},
		{"atleast no args", "atleast(2)", []string{"1:10: atleast needs at least one condition after the count"}, "", "n >= 1"},
		{"atleast empty", "atleast()", []string{"1:9: atleast needs a whole number as its first argument"}, "", "one error for an empty call"},
		{"atleast trailing comma", "atleast(1, a,)", []string{"1:14: unexpected ')': expected a condition"}, "", "no trailing comma"},
		{"atleast empty arg", "atleast(1, , a)", []string{"1:12: unexpected ',': expected a condition"}, "", "an empty argument"},
		{"atleast missing comma", "atleast(1 a)", []string{"1:11: unexpected fact a: expected ',' after the count of atleast"}, "", "a comma after K"},
		{"atleast juxtaposed", "atleast(1, a b, c)", []string{"1:14: unexpected fact b: expected ',' or ')' to close 'atleast(' at 1:1"}, "", "a missing comma between arguments"},
		{"atleast unclosed", "x or atleast(1, a", []string{"1:18: expected ')' to close 'atleast(' at 1:6"}, "", "end of input inside atleast"},
		{"multi line", "a and\n  (b or\n  )", []string{"3:3: unexpected ')': expected a condition"}, "", "positions on later lines"},
		{"unicode column", `"日本" == x and $`, []string{"1:15: unknown character '$'"}, "", "columns count runes, not bytes"},
		{"tab column", "\tx ==\t)", []string{"1:7: unexpected ')': expected a value"}, "", "a tab is one column"},
		{"cascade", "((a and) or (b c)) or", []string{
			"1:8: unexpected ')': expected a condition",
			"1:16: unexpected fact c: expected ')' to close '(' at 1:13",
			"1:22: unexpected end of input: expected a condition",
		}, "", "recovery after each error finds the next"},
	})
}

func TestParseLimits(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"too long", strings.Repeat("a", maxSource+1), []string{"1:1: condition is 65537 bytes long; the limit is 65536 bytes"}, CodeLimit, "64 KiB at most"},
		{"deep parens", strings.Repeat("(", 60000) + "a", []string{"1:201: expression nested deeper than 200 levels"}, CodeLimit, "parentheses"},
		{"deep not", strings.Repeat("not ", 16000) + "a", []string{"1:801: expression nested deeper than 200 levels"}, CodeLimit, "not"},
		{"deep bang", strings.Repeat("!", 60000) + "a", []string{"1:201: expression nested deeper than 200 levels"}, CodeLimit, "! repeated"},
		{"deep minus", strings.Repeat("- ", 30000) + "x", []string{"1:401: expression nested deeper than 200 levels"}, CodeLimit, "unary minus"},
		{"deep atleast", strings.Repeat("atleast(1, ", 5000) + "a", []string{"1:2201: expression nested deeper than 200 levels"}, CodeLimit, "atleast"},
		{"deep mixed", strings.Repeat("not (-(", 100) + "x", []string{"1:351: expression nested deeper than 200 levels"}, CodeLimit, "every nesting construct counts"},
	})

	t.Run("syntax before limit", func(t *testing.T) {
		_, err := Parse("a $ b or " + strings.Repeat("(", 300))
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrSyntax, "the syntax error found before the limit is kept")
		assert.ErrorIs(t, err, ErrLimit)
	})

	accept := []struct {
		name   string
		src    string
		reason string
	}{
		{"exactly 64 KiB", strings.Repeat("a and ", maxSource/6) + strings.Repeat("b", maxSource%6), "the limit is inclusive"},
		{"depth 200", strings.Repeat("(", maxDepth) + "a" + strings.Repeat(")", maxDepth), "200 levels are allowed"},
		{"not 200", strings.Repeat("not ", maxDepth) + "a", "200 nots are allowed"},
		{"minus 199 and a literal", strings.Repeat("-", maxDepth) + "1 == x", "the minus that folds into the literal does not nest"},
		{"long and", strings.Repeat("a and ", 10000) + "a", "a long chain of one operator does not nest"},
		{"long sum", strings.Repeat("a + ", 16000) + "a == 0", "left-associative chains are loops, not recursion"},
	}
	for _, tc := range accept {
		t.Run(tc.name, func(t *testing.T) {
			require.LessOrEqual(t, len(tc.src), maxSource)
			_, err := Parse(tc.src)
			assert.NoError(t, err, tc.reason)
		})
	}
}

func TestParseManyErrors(t *testing.T) {
	src := strings.Repeat("$ ", 5000) + "a"
	_, err := Parse(src)
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, maxErrors+1, "100 errors and a note")
	for i, e := range list[:maxErrors] {
		assert.Equal(t, fmt.Sprintf("1:%d: unknown character '$'", 2*i+1), e.Error())
	}
	note := list[maxErrors]
	assert.Equal(t, "4900 more errors were truncated", note.Error())
	assert.Equal(t, CodeSyntax, note.Code)
	assert.False(t, note.Pos.IsValid(), "the note has no position")
}

func TestMustParse(t *testing.T) {
	assert.Equal(t, "a and b", MustParse("a && b").String())
	assert.PanicsWithValue(t,
		"conditions: MustParse(\"a and\"):\n1:6: unexpected end of input: expected a condition\n    a and\n         ^",
		func() { MustParse("a and") })
}

func TestExprTextRoundTrip(t *testing.T) {
	var e Expr
	require.NoError(t, e.UnmarshalText([]byte("a&&!b")))
	assert.Equal(t, "a and not b", e.String())
	err := e.UnmarshalText([]byte("a and"))
	assert.ErrorIs(t, err, ErrSyntax)
	assert.Equal(t, "a and not b", e.String(), "e is unchanged on error")
}

// checkTree checks the invariants of a parsed tree: every range lies
// within src with line and column matching its offset, and the text of
// each node's range parses to a tree that prints like the node. Logic
// nodes are flat and have at least two arguments.
func checkTree(t *testing.T, src string, root ast.Node) {
	t.Helper()
	ast.Inspect(root, func(n ast.Node) bool {
		r := n.Span()
		checkPos(t, src, r.Start)
		checkPos(t, src, r.End)
		if r.Start.Offset >= r.End.Offset {
			t.Errorf("node %q: empty range %v-%v", ast.Format(n), r.Start, r.End)
			return true
		}
		if l, ok := n.(*ast.Logic); ok {
			if len(l.Args) < 2 {
				t.Errorf("logic node %q has %d arguments", ast.Format(n), len(l.Args))
			}
			for _, a := range l.Args {
				if al, ok := a.(*ast.Logic); ok && al.Op == l.Op {
					t.Errorf("logic node %q is not flat", ast.Format(n))
				}
			}
		}
		text := src[r.Start.Offset:r.End.Offset]
		if inQuant(root, n) {
			// The text of a node inside a quantifier body may read the
			// quantifier's variable, which is unbound on its own.
			return true
		}
		sub, err := Parse(text)
		if err != nil {
			t.Errorf("the text %q of node %q does not parse: %v", text, ast.Format(n), err)
		} else if sub.String() != ast.Format(n) {
			t.Errorf("the text %q of node %q parses to %q", text, ast.Format(n), sub.String())
		}
		return true
	})
}

// checkPos checks that p is a position in src with line and column
// consistent with its offset.
func checkPos(t *testing.T, src string, p ast.Pos) {
	t.Helper()
	if p.Offset < 0 || p.Offset > len(src) {
		t.Errorf("position %v: offset %d outside [0, %d]", p, p.Offset, len(src))
		return
	}
	line := 1 + strings.Count(src[:p.Offset], "\n")
	col := 1 + utf8.RuneCountInString(src[strings.LastIndexByte(src[:p.Offset], '\n')+1:p.Offset])
	if p.Line != line || p.Column != col {
		t.Errorf("offset %d: got %d:%d, want %d:%d", p.Offset, p.Line, p.Column, line, col)
	}
}

// checkErrorPositions checks that every error but a final truncation note
// has a valid position within src, with a valid end not before it.
func checkErrorPositions(t *testing.T, src string, list ErrorList) {
	t.Helper()
	for i, e := range list {
		if !e.Pos.IsValid() {
			if i != len(list)-1 || !strings.HasSuffix(e.Msg, "more errors were truncated") {
				t.Errorf("error %q has no position", e)
			}
			continue
		}
		checkPos(t, src, ast.Pos(e.Pos))
		checkPos(t, src, ast.Pos(e.End))
		if e.End.Offset < e.Pos.Offset {
			t.Errorf("error %q ends before it starts: %v-%v", e, e.Pos, e.End)
		}
	}
}

// gen builds random syntax trees. They need not be well typed: the parser
// does not check types.
type gen struct {
	r *rand.Rand
}

func (g *gen) node(depth int) ast.Node {
	if depth <= 0 || g.r.IntN(5) == 0 {
		return g.leaf()
	}
	switch g.r.IntN(7) {
	case 0:
		return &ast.Unary{Op: ast.OpNot, X: g.node(depth - 1)}
	case 1:
		return &ast.Unary{Op: ast.OpNeg, X: g.node(depth - 1)}
	case 2:
		op := []ast.Op{ast.OpAnd, ast.OpOr}[g.r.IntN(2)]
		args := make([]ast.Node, 2+g.r.IntN(3))
		for i := range args {
			args[i] = g.node(depth - 1)
		}
		return ast.NewLogic(op, args...)
	case 3:
		op := []ast.Op{ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe}[g.r.IntN(6)]
		return &ast.Compare{Op: op, L: g.node(depth - 1), R: g.node(depth - 1)}
	case 4:
		op := []ast.Op{ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpDiv}[g.r.IntN(4)]
		return &ast.Arith{Op: op, L: g.node(depth - 1), R: g.node(depth - 1)}
	case 5:
		args := make([]ast.Node, 1+g.r.IntN(3))
		for i := range args {
			args[i] = g.node(depth - 1)
		}
		return &ast.AtLeast{K: g.r.IntN(5), Args: args}
	default:
		// Origins are invisible in the text.
		return &ast.Tagged{Origin: "o", X: g.node(depth - 1)}
	}
}

var genSegments = []string{"and", "or", "not", "true", "false", "atleast", "x", "_", "peace_treaty", "A1"}

func (g *gen) leaf() ast.Node {
	switch g.r.IntN(6) {
	case 0, 1:
		return &ast.Fact{Name: g.factName()}
	case 2:
		return &ast.Lit{Val: ast.Bool(g.r.IntN(2) == 0)}
	case 3:
		return &ast.Lit{Val: ast.Number(g.number())}
	case 4:
		return &ast.Lit{Val: ast.String(g.string())}
	default:
		lo := ast.DaysOf(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC))
		hi := ast.DaysOf(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
		return &ast.Lit{Val: ast.Date(lo + g.r.Int64N(hi-lo+1))}
	}
}

func (g *gen) factName() string {
	const first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	const rest = first + "0123456789"
	for {
		parts := make([]string, 1+g.r.IntN(3))
		for i := range parts {
			if g.r.IntN(3) == 0 {
				parts[i] = genSegments[g.r.IntN(len(genSegments))]
				continue
			}
			b := []byte{first[g.r.IntN(len(first))]}
			for range g.r.IntN(6) {
				b = append(b, rest[g.r.IntN(len(rest))])
			}
			parts[i] = string(b)
		}
		name := strings.Join(parts, ".")
		if _, kw := keywords[name]; !kw {
			return name
		}
	}
}

func (g *gen) number() float64 {
	switch g.r.IntN(6) {
	case 0:
		return float64(g.r.IntN(201) - 100)
	case 1:
		return (g.r.Float64() - 0.5) * 1e6
	case 2:
		return []float64{0, math.Copysign(0, -1), 1e21, -1e21, 1e-7, 5e-324, math.MaxFloat64, -math.MaxFloat64, 0.1, 123456789012345678}[g.r.IntN(10)]
	default:
		for {
			f := math.Float64frombits(g.r.Uint64())
			if !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
		}
	}
}

func (g *gen) string() string {
	pool := []string{"a", "Z", " ", `"`, `\`, "\n", "\t", "\x00", "\x7f", "é", "中", "😀", "\u2028", "\xff", "'", "`", "{", "$"}
	var b strings.Builder
	for range g.r.IntN(8) {
		b.WriteString(pool[g.r.IntN(len(pool))])
	}
	return b.String()
}

// TestParsePrintProperty: for random trees, parsing the printed text gives
// a tree that prints the same, and parsing is stable.
func TestParsePrintProperty(t *testing.T) {
	for seed := range uint64(40) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 0x7ea7))}
		for i := range 100 {
			tree := g.node(1 + g.r.IntN(6))
			text := ast.Format(tree)
			e, err := Parse(text)
			if err != nil {
				t.Fatalf("seed %d #%d: Parse(%q): %v", seed, i, text, err)
			}
			if got := e.String(); got != text {
				t.Fatalf("seed %d #%d: Parse(%q).String() = %q", seed, i, text, got)
			}
			e2, err := Parse(e.String())
			require.NoError(t, err)
			if diff := cmp.Diff(e.root, e2.root, ignoreRanges); diff != "" {
				t.Fatalf("seed %d #%d: parsing %q twice gives different trees:\n%s", seed, i, text, diff)
			}
			if i%10 == 0 { // the range check reparses every node: sample it
				checkTree(t, text, e.root)
			}
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := `(peace_treaty.concluded and foreign_troops.count == 0 and not occupation.active)
		or atleast(2, ratified.de, ratified.fr, ratified.uk, ratified.us)
		or (ceasefire.signed && ceasefire.date <= @1990-10-03 && violations.count * 2 < 10
		    && envoy.name == "Lomé" && reparations.total - reparations.paid <= 0.5e6
		    && !sanctions.active && border.commission.report != "" && referendum.share >= -1.5
		    && (troop.ceiling.east < 370000 || troop.ceiling.west / 2 > 1e3) && treaty.registered
		    && not monitoring.suspended)`
	if n := len(MustParse(src).Facts()); n < 20 {
		b.Fatalf("benchmark condition has %d facts, want at least 20", n)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseLong parses a 60 KiB condition, to show that time grows
// linearly with length.
func BenchmarkParseLong(b *testing.B) {
	src := strings.Repeat("peace_treaty.concluded and x.y + 2 * z < 10 or ", 1200) + "a"
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseErrors parses 30 000 bad characters, to show that error
// recovery is linear too.
func BenchmarkParseErrors(b *testing.B) {
	src := strings.Repeat("$ ", 30000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err == nil {
			b.Fatal("no error")
		}
	}
}

// inQuant reports whether n lies within the body of a quantifier of root.
func inQuant(root, n ast.Node) bool {
	found := false
	ast.Inspect(root, func(m ast.Node) bool {
		if q, ok := m.(*ast.Quant); ok && !found {
			ast.Inspect(q.Body, func(k ast.Node) bool {
				found = found || k == n
				return !found
			})
		}
		return !found
	})
	return found
}
