package conditions

import (
	"errors"
	"strings"
	"testing"
)

// parseSeeds are the seed inputs of FuzzParse, also checked against the
// grammar by TestGrammarCoversParser.
var parseSeeds = []string{
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
	"x == @9999-12-31 and s != \"tab\\there \\x41\\101 \\U0001F600\" or n >= 1.5E+10",
	"asof >= ratified + 30d and asof < signed + 6y6m or asof - signed > 2w",
	"10y1m2w3d + d == asof - 0d and x < asof - (y - 1m)",
	"6m6y 30x 3d4 1y.5 99999999d 2y2y 7w7",
	"atleast(0, a) or atleast(003, _a, b._c, c) and not(-x/2 <= 1e-3)",
	"treaty.not and notx or true_value != false",
	`any(c in communes: votes.france[c] > 0.5) and count(p in parties: r[p]) >= 55`,
	`all(a in A: any(b in B: r[a] or r[b])) or sum(x in S: v[x]) > v["FR"] + 1`,
	`any(x in S: x) or f[y] and count(x S: a) ] any(x in S: any(x in S: v[x]))`,
	`any(in in S: a[in]) or any(x in S: b[x]`,
}

// FuzzParse checks that Parse never panics, that a condition it accepts
// prints to text that parses back to the same condition, and that every
// error it reports has a position within the input.
//
// It also checks that the grammar in grammar.ebnf accepts every condition
// Parse accepts.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	g := loadGrammar(f)
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
		// The recogniser costs about a millisecond per 150 bytes: check
		// the short inputs, which are most of what the fuzzer finds.
		if len(src) <= 256 && !accepts(g, "Condition", src) {
			t.Fatalf("Parse accepts %q, which grammar.ebnf rejects", src)
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
