package conditions

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that a condition it accepts
// prints to text that parses back to the same condition, and that every
// error it reports has a position within the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"peace_treaty.concluded && (foreign_troops.count == 0)",
		"atleast(2, a, b or c, not d.e) or x.y < -3.5e-2",
		`envoy.name == "Lom\u00e9\t\"x\"" and d >= @1990-10-03`,
		"a and and b or )",
		"not not !a == b + c * -d / (e - 1)",
		"((a)) and (b, c",
		"x = 1 & y | $ @2019-02-30 .5 1e400 \"\\q\"",
		"atleast(-1.5 a,)",
		"a < b < c",
		"- - - 3",
		"\xff\x00\t\r\n日本 é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			if !e.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %q", src, e)
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse(%q): error %T is not a non-empty ErrorList", src, err)
			}
			if len(list) > maxErrors+1 {
				t.Fatalf("Parse(%q): %d errors, more than the cap", src, len(list))
			}
			for i, e := range list {
				if !errors.Is(e, ErrSyntax) && !errors.Is(e, ErrLimit) {
					t.Errorf("Parse(%q): error %q has code %q", src, e, e.Code)
				}
				if i > 0 && e.Pos.IsValid() && e.Pos.Offset < list[i-1].Pos.Offset {
					t.Errorf("Parse(%q): errors not sorted: %v after %v", src, e.Pos, list[i-1].Pos)
				}
			}
			checkErrorPositions(t, src, list)
			if s := Snippet(src, err); !strings.Contains(s, list[0].Error()) {
				t.Errorf("Snippet(%q) lacks the first error:\n%s", src, s)
			}
			return
		}
		if len(src) <= 1024 { // checkTree reparses every node: keep it cheap
			checkTree(t, src, e.root)
		}
		text := e.String()
		again, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", src, text, err)
		}
		if again.String() != text {
			t.Fatalf("Parse(%q) = %q, which parses to %q", src, text, again.String())
		}
	})
}
