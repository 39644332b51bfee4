package conditions

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// checkSchema is the schema of the Check tests.
var checkSchema = func() *Schema {
	s, err := NewSchema(
		Field{Name: "peace_treaty.concluded", Type: Bool},
		Field{Name: "foreign_troops.withdrawn", Type: Bool},
		Field{Name: "troops.count", Type: Number},
		Field{Name: "signatory.name", Type: String},
		Field{Name: "declaration.date", Type: Date},
	)
	if err != nil {
		panic(err)
	}
	return s
}()

// wantErr is an expected error: "code pos-end: message (hint)".
func fmtErr(e *Error) string {
	s := fmt.Sprintf("%s %s-%s: %s", e.Code, e.Pos, e.End, e.Msg)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func TestCheck(t *testing.T) {
	tests := []struct {
		src    string
		schema bool // check against checkSchema rather than by inference
		want   []string
		reason string
	}{
		// Well-typed conditions.
		{"a and b or not c", false, nil, "facts in logical context are bools"},
		{"a == b", false, nil, "facts compared only with each other are untyped, not an error"},
		{"x == @2020-01-01 and y", false, nil, "a fact compared with a date is a date"},
		{"(a and b) == c", false, nil, "bools may be compared for equality"},
		{"atleast(2, a, b, n > 1)", false, nil, "atleast takes bools"},
		{"-n * 2 + m / 3 >= 1", false, nil, "arithmetic on numbers"},
		{`s < "b" and d <= @1990-10-03`, false, nil, "strings and dates are ordered"},
		{"troops.count > 1000 and peace_treaty.concluded", true, nil, "types from the schema"},
		{`signatory.name == "Japan" and declaration.date < @1957-01-01`, true, nil, "string and date fields"},

		// Type errors.
		{`1 == "a"`, false, []string{`type 1:1-1:9: cannot compare number with string`}, "operands of == must have one type"},
		{"x and 1", false, []string{`type 1:7-1:8: operand of 'and' must be bool, found number`}, "and takes bools"},
		{"x or @2020-01-01", false, []string{`type 1:6-1:17: operand of 'or' must be bool, found date`}, "or takes bools"},
		{"x < true", false, []string{`type 1:1-1:9: '<' is not defined on bool`}, "bools are not ordered"},
		{"(a and b) >= c", false, []string{`type 1:1-1:15: '>=' is not defined on bool`}, "bools are not ordered, whatever the operand"},
		{"1 + 2", false, []string{`type 1:1-1:6: condition must be bool, found number`}, "the whole condition must be bool"},
		{`"yes"`, false, []string{`type 1:1-1:6: condition must be bool, found string`}, "the whole condition must be bool"},
		{"not 1", false, []string{`type 1:5-1:6: operand of 'not' must be bool, found number`}, "not takes a bool"},
		{`-"a" < 1`, false, []string{`type 1:2-1:5: operand of unary '-' must be number, found string`}, "unary minus takes a number"},
		{`"a" + 1 > 2`, false, []string{`type 1:1-1:4: operand of '+' must be number, found string`}, "arithmetic takes numbers"},
		{"(a and b) * 2 > 1", false, []string{`type 1:2-1:9: operand of '*' must be number, found bool`}, "arithmetic takes numbers"},
		{"atleast(1, x, 2)", false, []string{`type 1:15-1:16: operand of 'atleast' must be bool, found number`}, "atleast takes bools"},
		{`1 and "s"`, false, []string{
			`type 1:1-1:2: operand of 'and' must be bool, found number`,
			`type 1:7-1:10: operand of 'and' must be bool, found string`,
		}, "all errors are reported"},

		// Conflicting uses of untyped facts.
		{"x + 1 > 2 and x", false, []string{`type 1:15-1:16: fact "x" is used as bool here but as number at 1:1`}, "first use wins"},
		{"x and x + 1 > 2", false, []string{`type 1:7-1:8: fact "x" is used as number here but as bool at 1:1`}, "first use wins"},
		{`x == 1 and x == "s"`, false, []string{`type 1:12-1:13: fact "x" is used as string here but as number at 1:1`}, "a comparison types a fact"},
		{`"s" == x and x == 1`, false, []string{`type 1:14-1:15: fact "x" is used as number here but as string at 1:8`}, "either side of a comparison"},
		{"a == b and a and b + 1 > 0", false, []string{
			`type 1:18-1:19: fact "b" is used as number here but as bool at 1:12 (by way of its comparison with "a")`,
		}, "facts compared with each other share a type"},
		{"x < y and y and x", false, []string{`type 1:1-1:6: '<' is not defined on bool`}, "an untyped pair typed bool elsewhere cannot be ordered"},

		// Unknown facts.
		{"peace_treaty.conclude", true, []string{
			`unknown_fact 1:1-1:22: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)`,
		}, "a close name is suggested"},
		{"foreign_troops.withdrawn and peace_treaty.concluded and Peace_Treaty.Concluded", true, []string{
			`unknown_fact 1:57-1:79: unknown fact "Peace_Treaty.Concluded" (did you mean "peace_treaty.concluded"?)`,
		}, "case differences are edits"},
		{"ratified", true, []string{`unknown_fact 1:1-1:9: unknown fact "ratified"`}, "no hint when nothing is close"},
		{"troops.cont > 1 and troops.cont < x", true, []string{
			`unknown_fact 1:1-1:12: unknown fact "troops.cont" (did you mean "troops.count"?)`,
			`unknown_fact 1:21-1:32: unknown fact "troops.cont" (did you mean "troops.count"?)`,
			`unknown_fact 1:35-1:36: unknown fact "x"`,
		}, "every occurrence is reported; an unknown fact causes no type errors"},

		// Type errors against the schema.
		{`troops.count > "many"`, true, []string{`type 1:1-1:22: cannot compare number with string`}, "schema types are not inferred"},
		{"peace_treaty.concluded + 1 > 0", true, []string{`type 1:1-1:23: operand of '+' must be number, found bool`}, "schema bool in arithmetic"},
		{"troops.count", true, []string{`type 1:1-1:13: condition must be bool, found number`}, "a number fact is not a condition"},
		{"troops.count == signatory.name", true, []string{`type 1:1-1:31: cannot compare number with string`}, "two schema facts of different types"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			var s *Schema
			if tt.schema {
				s = checkSchema
			}
			err := Check(MustParse(tt.src), s)
			var got []string
			if err != nil {
				var list ErrorList
				if !errors.As(err, &list) {
					t.Fatalf("Check error %T, want ErrorList", err)
				}
				for _, e := range list {
					got = append(got, fmtErr(e))
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Check(%s) (-want +got):\n%s(%s)", tt.src, d, tt.reason)
			}
		})
	}
}

func TestCheckErrorsIs(t *testing.T) {
	err := Check(MustParse("peace_treaty.conclude and troops.count"), checkSchema)
	if !errors.Is(err, ErrUnknownFact) || !errors.Is(err, ErrType) {
		t.Errorf("Check error %v: want both ErrUnknownFact and ErrType", err)
	}
	if errors.Is(err, ErrSyntax) {
		t.Errorf("Check error %v matches ErrSyntax", err)
	}
	if want := `1:1: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?) (and 1 more error)`; err.Error() != want {
		t.Errorf("Check error:\n got %s\nwant %s", err, want)
	}
}

func TestCheckZeroAndBuilt(t *testing.T) {
	if err := Check(Expr{}, nil); err != nil {
		t.Errorf("Check(Expr{}) = %v, want nil", err)
	}
	if err := Check(Expr{}, checkSchema); err != nil {
		t.Errorf("Check(Expr{}, schema) = %v, want nil", err)
	}
	// Built by functions: no positions, but the errors are still found.
	e := And(MustParse("peace_treaty.concluded"), Not(MustParse("troops.count > 1")), WithOrigin(MustParse("treaty"), "memo"))
	err := Check(e, checkSchema)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Code != CodeUnknownFact {
		t.Fatalf("Check(%s) = %v, want one unknown fact", e, err)
	}
}

func TestCheckLimitsErrors(t *testing.T) {
	// 150 bad operands: at most 100 errors plus a note.
	src := "x" + strings.Repeat(" and 1", 150)
	err := Check(MustParse(src), nil)
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Check error %T, want ErrorList", err)
	}
	if len(list) != 101 || list[100].Msg != "50 more errors were truncated" {
		t.Errorf("got %d errors, last %q; want 100 and a note of 50 more", len(list), list[len(list)-1].Msg)
	}
}

func TestInferTypes(t *testing.T) {
	tests := []struct {
		src    string
		want   map[string]Type
		groups []anyGroup
		reason string
	}{
		{`a and n > 1 and s == "x" and d < @2020-01-01`, map[string]Type{"a": Bool, "n": Number, "s": String, "d": Date}, nil,
			"each context gives a type"},
		{"p == q or q == r", map[string]Type{"p": Any, "q": Any, "r": Any}, []anyGroup{{facts: []string{"p", "q", "r"}}},
			"facts compared with each other form one group"},
		{"p == q or r < s", map[string]Type{"p": Any, "q": Any, "r": Any, "s": Any},
			[]anyGroup{{facts: []string{"p", "q"}}, {facts: []string{"r", "s"}, ordered: true, op: ast.OpLt}},
			"separate groups; an ordered one"},
		{"p == q and q > 3", map[string]Type{"p": Number, "q": Number}, nil, "a type reaches a whole group"},
		{"x", map[string]Type{"x": Bool}, nil, "the whole condition is bool"},
		{"-x > 0", map[string]Type{"x": Number}, nil, "unary minus takes numbers"},
	}
	for _, tt := range tests {
		root := MustParse(tt.src).root
		got, errs := inferTypes(root, nil)
		if len(errs) > 0 {
			t.Errorf("inferTypes(%s): %v", tt.src, errs)
			continue
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("inferTypes(%s) (-want +got):\n%s(%s)", tt.src, d, tt.reason)
		}
		ti, _ := infer(root, nil)
		if d := cmp.Diff(tt.groups, ti.groups, cmp.AllowUnexported(anyGroup{})); d != "" {
			t.Errorf("infer(%s).groups (-want +got):\n%s(%s)", tt.src, d, tt.reason)
		}
	}

	got, errs := inferTypes(MustParse("troops.count > 1 and a").root, checkSchema)
	want := map[string]Type{"troops.count": Number}
	if len(errs) != 1 || errs[0].Code != CodeUnknownFact {
		t.Errorf("inferTypes with schema: errors %v, want one unknown fact", errs)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inferTypes with schema (-want +got):\n%s", d)
	}
}
