package conditions

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/exp/ebnf"
)

// The grammar in grammar.ebnf is checked three ways: it is a well-formed
// EBNF grammar (ebnf.Verify); sentences derived from it at random parse;
// and every text Parse accepts (the fuzz seeds and corpus here, and every
// input FuzzParse tries) is a sentence of the grammar, as decided by the
// recogniser below.

var (
	grammarOnce sync.Once
	grammarG    ebnf.Grammar
	grammarErr  error
)

// loadGrammar reads and verifies grammar.ebnf once.
func loadGrammar(tb testing.TB) ebnf.Grammar {
	tb.Helper()
	grammarOnce.Do(func() {
		f, err := os.Open("grammar.ebnf")
		if err != nil {
			grammarErr = err
			return
		}
		defer f.Close()
		g, err := ebnf.Parse("grammar.ebnf", f)
		if err == nil {
			err = ebnf.Verify(g, "Condition")
		}
		grammarG, grammarErr = g, err
	})
	if grammarErr != nil {
		tb.Fatalf("grammar.ebnf: %v", grammarErr)
	}
	return grammarG
}

func TestGrammarVerifies(t *testing.T) {
	g := loadGrammar(t)
	// Every production of the grammar is reachable from Condition (Verify
	// checks that) and the lexical ones are exactly the lower-case ones.
	for name := range g {
		if !isLexical(name) && !unicode.IsUpper(rune(name[0])) {
			t.Errorf("production %s is neither lexical nor syntactic", name)
		}
	}
}

func isLexical(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return !unicode.IsUpper(r)
}

// recogniser decides whether a text is a sentence of a grammar: it
// computes, for an expression and a start offset, every offset where a
// match can end, memoising productions by offset. Syntactic productions
// skip white space before each token and each lexical production they
// use; lexical productions match characters as written.
type recogniser struct {
	g    ebnf.Grammar
	src  string
	memo map[memoKey][]int
}

type memoKey struct {
	name string
	pos  int
}

// accepts reports whether src is a sentence of g starting from start.
func accepts(g ebnf.Grammar, start, src string) bool {
	r := &recogniser{g: g, src: src, memo: map[memoKey][]int{}}
	for _, end := range r.production(start, 0) {
		if r.skipSpace(end) == len(src) {
			return true
		}
	}
	return false
}

func (r *recogniser) skipSpace(pos int) int {
	for pos < len(r.src) && strings.IndexByte(" \t\r\n", r.src[pos]) >= 0 {
		pos++
	}
	return pos
}

func (r *recogniser) production(name string, pos int) []int {
	key := memoKey{name, pos}
	if ends, ok := r.memo[key]; ok {
		return ends
	}
	r.memo[key] = nil // no left recursion in the grammar; guard anyway
	ends := r.match(r.g[name].Expr, pos, isLexical(name))
	r.memo[key] = ends
	return ends
}

// match returns the sorted, distinct offsets where x can end when it
// starts at pos.
func (r *recogniser) match(x ebnf.Expression, pos int, lexical bool) []int {
	switch x := x.(type) {
	case nil:
		return []int{pos}
	case ebnf.Alternative:
		var out []int
		for _, a := range x {
			out = union(out, r.match(a, pos, lexical))
		}
		return out
	case ebnf.Sequence:
		cur := []int{pos}
		for _, e := range x {
			var next []int
			for _, p := range cur {
				next = union(next, r.match(e, p, lexical))
			}
			cur = next
			if len(cur) == 0 {
				break
			}
		}
		return cur
	case *ebnf.Group:
		return r.match(x.Body, pos, lexical)
	case *ebnf.Option:
		return union([]int{pos}, r.match(x.Body, pos, lexical))
	case *ebnf.Repetition:
		all := []int{pos}
		frontier := []int{pos}
		for len(frontier) > 0 {
			var next []int
			for _, p := range frontier {
				for _, q := range r.match(x.Body, p, lexical) {
					if !contains(all, q) {
						next = union(next, []int{q})
					}
				}
			}
			all = union(all, next)
			frontier = next
		}
		return all
	case *ebnf.Name:
		if !lexical && isLexical(x.String) {
			pos = r.skipSpace(pos)
		}
		return r.production(x.String, pos)
	case *ebnf.Token:
		if !lexical {
			pos = r.skipSpace(pos)
		}
		if strings.HasPrefix(r.src[pos:], x.String) {
			return []int{pos + len(x.String)}
		}
		return nil
	case *ebnf.Range:
		c, size := utf8.DecodeRuneInString(r.src[pos:])
		lo, _ := utf8.DecodeRuneInString(x.Begin.String)
		hi, _ := utf8.DecodeRuneInString(x.End.String)
		if size > 0 && (c != utf8.RuneError || size > 1) && lo <= c && c <= hi {
			return []int{pos + size}
		}
		return nil
	}
	panic(fmt.Sprintf("unexpected EBNF expression %T", x))
}

func union(a, b []int) []int {
	for _, x := range b {
		if !contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

func contains(a []int, x int) bool {
	for _, y := range a {
		if y == x {
			return true
		}
	}
	return false
}

// TestGrammarRecogniser pins the recogniser on texts whose answer is known,
// so that the tests built on it cannot pass by accepting everything or
// nothing.
func TestGrammarRecogniser(t *testing.T) {
	g := loadGrammar(t)
	tests := []struct {
		src    string
		want   bool
		reason string
	}{
		{"a", true, "a fact"},
		{"  a.b_1 and\n(not c || d)  ", true, "white space around and between tokens"},
		{"atleast(2, a, b, c)", true, "atleast with a whole number"},
		{"x == @2019-02-28 or s != \"q\\\"\\u00e9\"", true, "dates and strings with escapes"},
		{"-3.5e-2 < - x * (y / 2)", true, "negative literal, unary minus, arithmetic"},
		{"a < b < c", false, "comparisons do not chain"},
		{"a and", false, "an operator needs its right operand"},
		{"atleast(1.5, a)", false, "atleast needs a whole number"},
		{"a . b", false, "a fact name is written without spaces"},
		{"@2019-13-01", false, "month 13"},
		{"\"a\nb\"", false, "a newline in a string"},
		{".5", false, "a number starts with a digit"},
		{"a = b", false, "= is not an operator"},
		{"", false, "an empty text is no condition"},
	}
	for _, tc := range tests {
		if got := accepts(g, "Condition", tc.src); got != tc.want {
			t.Errorf("accepts(%q) = %v, want %v (%s)", tc.src, got, tc.want, tc.reason)
		}
	}
}

// generator derives random sentences from a grammar, bounded in depth.
type generator struct {
	g   ebnf.Grammar
	rnd *rand.Rand
	// height is, per production, the least depth of a derivation.
	height map[string]int
	// valid, per lexical production, says whether a derived text keeps
	// the rules the grammar does not express (see grammar.ebnf); the
	// generator derives again until it does.
	valid map[string]func(string) bool
}

func newGenerator(g ebnf.Grammar, seed uint64) *generator {
	gen := &generator{g: g, rnd: rand.New(rand.NewPCG(seed, 1)), height: map[string]int{}}
	for name := range g {
		gen.height[name] = math.MaxInt / 2
	}
	// Iterate to a fixed point: the height of a production is one more
	// than the least height of its expression.
	for changed := true; changed; {
		changed = false
		for name, p := range g {
			if h := gen.exprHeight(p.Expr) + 1; h < gen.height[name] {
				gen.height[name], changed = h, true
			}
		}
	}
	gen.valid = map[string]func(string) bool{
		"fact": func(s string) bool {
			_, keyword := keywords[s]
			return !keyword
		},
		"date": func(s string) bool {
			_, err := time.Parse("2006-01-02", s[1:])
			return err == nil
		},
		"escape": func(s string) bool {
			_, err := strconv.Unquote(`"` + s + `"`)
			return err == nil
		},
		"number": func(s string) bool {
			f, err := strconv.ParseFloat(s, 64)
			return err == nil && !math.IsInf(f, 0)
		},
	}
	return gen
}

func (gen *generator) exprHeight(x ebnf.Expression) int {
	switch x := x.(type) {
	case nil, *ebnf.Option, *ebnf.Repetition, *ebnf.Token, *ebnf.Range:
		return 0
	case ebnf.Alternative:
		h := math.MaxInt / 2
		for _, a := range x {
			h = min(h, gen.exprHeight(a))
		}
		return h
	case ebnf.Sequence:
		h := 0
		for _, e := range x {
			h = max(h, gen.exprHeight(e))
		}
		return h
	case *ebnf.Group:
		return gen.exprHeight(x.Body)
	case *ebnf.Name:
		return gen.height[x.String]
	}
	return 0
}

// sentence derives a sentence of start with at most depth levels of
// productions beyond the least needed. Syntactic tokens are separated by
// one space, so that no two tokens run together.
func (gen *generator) sentence(start string, depth int) string {
	var toks []string
	gen.derive(&toks, start, depth)
	return strings.Join(toks, " ")
}

func (gen *generator) derive(toks *[]string, name string, depth int) {
	if isLexical(name) {
		*toks = append(*toks, gen.lexicalText(name, depth))
		return
	}
	gen.syntactic(toks, gen.g[name].Expr, depth-1)
}

// lexicalText derives the lexical production name until the text keeps
// the rules of gen.valid.
func (gen *generator) lexicalText(name string, depth int) string {
	if name == "variable" {
		// Quantifiers bind x; an Index outside one, or a nested
		// quantifier binding x again, breaks a rule the grammar does not
		// express, and TestGrammarSentencesParse skips that sentence.
		return "x"
	}
	for range 100 {
		var b strings.Builder
		gen.lexical(&b, gen.g[name].Expr, depth)
		if ok := gen.valid[name]; ok == nil || ok(b.String()) {
			return b.String()
		}
	}
	panic("no valid derivation of " + name)
}

// choose picks an alternative: any when depth allows, else one of the
// shallowest.
func (gen *generator) choose(alts ebnf.Alternative, depth int) ebnf.Expression {
	var ok []ebnf.Expression
	least := math.MaxInt
	for _, a := range alts {
		least = min(least, gen.exprHeight(a))
	}
	for _, a := range alts {
		if h := gen.exprHeight(a); h <= max(depth, least) {
			ok = append(ok, a)
		}
	}
	return ok[gen.rnd.IntN(len(ok))]
}

// reps says how many times to repeat an option (at most 1) or a
// repetition: fewer as depth runs out.
func (gen *generator) reps(most, depth int) int {
	if depth <= 0 {
		return 0
	}
	return gen.rnd.IntN(most + 1)
}

func (gen *generator) syntactic(toks *[]string, x ebnf.Expression, depth int) {
	switch x := x.(type) {
	case nil:
	case ebnf.Alternative:
		gen.syntactic(toks, gen.choose(x, depth), depth)
	case ebnf.Sequence:
		for _, e := range x {
			gen.syntactic(toks, e, depth)
		}
	case *ebnf.Group:
		gen.syntactic(toks, x.Body, depth)
	case *ebnf.Option:
		for range gen.reps(1, depth) {
			gen.syntactic(toks, x.Body, depth)
		}
	case *ebnf.Repetition:
		for range gen.reps(1, depth) {
			gen.syntactic(toks, x.Body, depth)
		}
	case *ebnf.Name:
		gen.derive(toks, x.String, depth)
	case *ebnf.Token:
		*toks = append(*toks, x.String)
	}
}

func (gen *generator) lexical(b *strings.Builder, x ebnf.Expression, depth int) {
	switch x := x.(type) {
	case nil:
	case ebnf.Alternative:
		gen.lexical(b, x[gen.rnd.IntN(len(x))], depth)
	case ebnf.Sequence:
		for _, e := range x {
			gen.lexical(b, e, depth)
		}
	case *ebnf.Group:
		gen.lexical(b, x.Body, depth)
	case *ebnf.Option:
		for range gen.rnd.IntN(2) {
			gen.lexical(b, x.Body, depth)
		}
	case *ebnf.Repetition:
		for range gen.rnd.IntN(4) {
			gen.lexical(b, x.Body, depth)
		}
	case *ebnf.Name:
		b.WriteString(gen.lexicalText(x.String, depth))
	case *ebnf.Token:
		b.WriteString(x.String)
	case *ebnf.Range:
		lo, _ := utf8.DecodeRuneInString(x.Begin.String)
		hi, _ := utf8.DecodeRuneInString(x.End.String)
		// Keep wide ranges mostly printable ASCII so that sentences stay
		// readable in failures, with the occasional character from the
		// rest of the range.
		if hi-lo > 0x100 && gen.rnd.IntN(4) > 0 {
			hi = min(hi, '~')
		}
		for {
			c := lo + gen.rnd.Int32N(hi-lo+1)
			if utf8.ValidRune(c) {
				b.WriteRune(c)
				return
			}
		}
	}
}

// TestGrammarSentencesParse derives sentences from the grammar and checks
// that Parse accepts each one, and that the recogniser accepts each one
// and its canonical form.
func TestGrammarSentencesParse(t *testing.T) {
	g := loadGrammar(t)
	gen := newGenerator(g, 15)
	n := 1000
	if testing.Short() {
		n = 100
	}
	long, binding := 0, 0
	for i := range n {
		src := gen.sentence("Condition", 12+i%10)
		if len(src) > 40 {
			long++
		}
		e, err := Parse(src)
		if err != nil && bindingOnly(err) {
			binding++
			continue
		}
		if err != nil {
			t.Errorf("grammar sentence %q does not parse:\n%s", src, Snippet(src, err))
			continue
		}
		if !accepts(g, "Condition", src) {
			t.Errorf("the recogniser rejects its own grammar's sentence %q", src)
		}
		if c := e.String(); !accepts(g, "Condition", c) {
			t.Errorf("canonical form %q of %q is not a sentence of the grammar", c, src)
		}
	}
	// Most sentences keep the binding rules of quantifier variables.
	if binding > n/2 {
		t.Errorf("%d of %d sentences break a binding rule: the generator is too loose", binding, n)
	}
	// The derivations must reach past trivial sentences.
	if long < n/4 {
		t.Errorf("only %d of %d sentences are longer than 40 bytes: the generator is too shallow", long, n)
	}
}

// TestGrammarCoversParser checks that Parse accepts nothing the grammar
// rejects, on the fuzz seeds and the committed fuzz corpus, and that the
// inputs Parse rejects are not all accepted by the grammar either (so the
// check is not vacuous).
func TestGrammarCoversParser(t *testing.T) {
	g := loadGrammar(t)
	inputs := append([]string{}, parseSeeds...)
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzParse", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "string(") {
			t.Fatalf("%s: not a one-string fuzz corpus file", f)
		}
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		inputs = append(inputs, s)
	}
	parsed, rejected := 0, 0
	for _, src := range inputs {
		_, err := Parse(src)
		ok := accepts(g, "Condition", src)
		switch {
		case err == nil && !ok:
			t.Errorf("Parse accepts %q, which the grammar rejects", src)
		case err == nil:
			parsed++
		case !ok:
			rejected++
		}
	}
	if parsed == 0 || rejected == 0 {
		t.Errorf("the corpus has %d inputs both accept and %d both reject: want some of each", parsed, rejected)
	}
}

// TestGrammarInDocs checks that the grammar summaries in the package
// documentation (doc.go) and in parse.go say what grammar.ebnf says: each
// production they show, with names compared without regard to case,
// matches the production of the same name in the file.
func TestGrammarInDocs(t *testing.T) {
	g := loadGrammar(t)
	byLower := map[string]*ebnf.Production{}
	for name, p := range g {
		byLower[strings.ToLower(name)] = p
	}
	for _, file := range []string{"doc.go", "parse.go"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The block of comment lines that starts with "condition  =".
		var lines []string
		for l := range strings.SplitSeq(string(data), "\n") {
			l = strings.TrimPrefix(l, "//\t")
			switch {
			case strings.HasPrefix(l, "condition  ="):
				lines = append(lines, l)
			case len(lines) > 0 && strings.Contains(l, " = ") && strings.HasSuffix(strings.TrimSpace(stripNote(l)), "."):
				lines = append(lines, l)
			case len(lines) > 0:
				goto done
			}
		}
	done:
		if len(lines) < 10 {
			t.Fatalf("%s: found %d grammar lines, want the whole summary", file, len(lines))
		}
		for _, l := range lines {
			l = stripNote(l)
			doc, err := ebnf.Parse(file, strings.NewReader(l))
			if err != nil {
				t.Errorf("%s: %q does not parse as EBNF: %v", file, l, err)
				continue
			}
			for name, p := range doc {
				want, ok := byLower[strings.ToLower(name)]
				if !ok {
					t.Errorf("%s: production %s is not in grammar.ebnf", file, name)
					continue
				}
				if got, w := exprText(p.Expr), exprText(want.Expr); got != w {
					t.Errorf("%s: production %s is\n\t%s\nbut grammar.ebnf says\n\t%s", file, name, got, w)
				}
			}
		}
	}
}

// stripNote removes a trailing parenthesised note after the final period,
// such as "(ASCII letters)".
func stripNote(l string) string {
	if i := strings.LastIndex(l, " . "); i >= 0 {
		return l[:i+2]
	}
	return l
}

// exprText renders an EBNF expression canonically, names in lower case.
func exprText(x ebnf.Expression) string {
	switch x := x.(type) {
	case nil:
		return ""
	case ebnf.Alternative:
		parts := make([]string, len(x))
		for i, a := range x {
			parts[i] = exprText(a)
		}
		return "(" + strings.Join(parts, " | ") + ")"
	case ebnf.Sequence:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = exprText(e)
		}
		return strings.Join(parts, " ")
	case *ebnf.Group:
		return exprText(x.Body)
	case *ebnf.Option:
		return "[" + exprText(x.Body) + "]"
	case *ebnf.Repetition:
		return "{" + exprText(x.Body) + "}"
	case *ebnf.Name:
		return strings.ToLower(x.String)
	case *ebnf.Token:
		return strconv.Quote(x.String)
	case *ebnf.Range:
		return strconv.Quote(x.Begin.String) + "…" + strconv.Quote(x.End.String)
	}
	return fmt.Sprintf("%T", x)
}

// bindingOnly reports whether every error in err is about the binding of
// quantifier variables, a rule grammar.ebnf states but does not express.
func bindingOnly(err error) bool {
	var list ErrorList
	if !errors.As(err, &list) {
		return false
	}
	for _, e := range list {
		if !strings.Contains(e.Msg, "variable") {
			return false
		}
	}
	return true
}
