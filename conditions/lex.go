package conditions

import (
	"math"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIllegal         // an unknown character; the lexer has reported it
	tIdent           // a fact name, possibly dotted
	tNumber
	tString
	tDate
	tPeriod // 30d, 6y6m: see period.go
	tTrue
	tFalse
	tAnd     // and, &&
	tOr      // or, ||
	tNot     // not, !
	tAtLeast // atleast
	tLParen
	tRParen
	tComma
	tEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tAdd
	tSub
	tMul
	tDiv
	tLBrack // [
	tRBrack // ]
	tColon  // :
)

// keywords maps the keywords to their token kinds. A fact name is a keyword
// only when the whole (undotted) name is one.
var keywords = map[string]tokKind{
	"and":     tAnd,
	"or":      tOr,
	"not":     tNot,
	"true":    tTrue,
	"false":   tFalse,
	"atleast": tAtLeast,
}

// token is one lexical token.
type token struct {
	kind tokKind
	// bad marks a malformed token whose error the lexer has already
	// reported; the parser uses it without reporting again.
	bad  bool
	text string // the source text of the token
	rng  ast.Range
	num  float64 // the value of a tNumber
	str  string  // the value of a tString
	days int64   // the value of a tDate, or the days of a tPeriod
	mons int32   // the months of a tPeriod
}

// describe returns a short description of t for messages, such as
// "fact a.b", "number 12" or "')'".
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tIdent:
		return "fact " + shorten(t.text)
	case tNumber:
		return "number " + shorten(t.text)
	case tString:
		return "string " + shorten(t.text)
	case tDate:
		return "date " + shorten(t.text)
	case tPeriod:
		return "period " + shorten(t.text)
	}
	return "'" + shorten(t.text) + "'"
}

// shorten cuts s to at most 24 runes for use in a message.
func shorten(s string) string {
	const max = 24
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-3 {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

// lexer splits condition source text into tokens. It reports malformed
// tokens through report and goes on: an unknown character becomes a
// tIllegal token, and a malformed literal a token marked bad.
type lexer struct {
	src    string
	off    int // byte offset of the next character
	line   int // line of the next character, 1-based
	col    int // column of the next character, 1-based, in runes
	report func(rng ast.Range, format string, args ...any)
}

func (l *lexer) init(src string, report func(ast.Range, string, ...any)) {
	*l = lexer{src: src, line: 1, col: 1, report: report}
}

func (l *lexer) pos() ast.Pos { return ast.Pos{Offset: l.off, Line: l.line, Column: l.col} }

// advance moves past the character at l.off.
func (l *lexer) advance() {
	c := l.src[l.off]
	switch {
	case c == '\n':
		l.off++
		l.line++
		l.col = 1
	case c < utf8.RuneSelf:
		l.off++
		l.col++
	default:
		_, size := utf8.DecodeRuneInString(l.src[l.off:])
		l.off += size
		l.col++
	}
}

// posIn returns the position of byte offset off, which lies on the same
// line as start and after it.
func (l *lexer) posIn(start ast.Pos, off int) ast.Pos {
	return ast.Pos{Offset: off, Line: start.Line, Column: start.Column + utf8.RuneCountInString(l.src[start.Offset:off])}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isWord(c byte) bool   { return isLetter(c) || isDigit(c) }

// peek returns the byte at l.off+i, or 0 beyond the end.
func (l *lexer) peek(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

// next scans and returns the next token.
func (l *lexer) next() token {
	for l.off < len(l.src) {
		c := l.src[l.off]
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			break
		}
		l.advance()
	}
	start := l.pos()
	t := token{}
	if l.off >= len(l.src) {
		t.kind = tEOF
		t.rng = ast.Range{Start: start, End: start}
		return t
	}
	c := l.src[l.off]
	switch {
	case isLetter(c):
		l.ident(&t, start)
	case isDigit(c) || c == '.' && isDigit(l.peek(1)):
		l.number(&t, start)
	case c == '"':
		l.string(&t, start)
	case c == '@':
		l.date(&t, start)
	default:
		l.operator(&t, start)
	}
	t.text = l.src[start.Offset:l.off]
	t.rng = ast.Range{Start: start, End: l.pos()}
	return t
}

// operator scans punctuation, or an unknown character.
func (l *lexer) operator(t *token, start ast.Pos) {
	c := l.src[l.off]
	two := func(next byte, yes, no tokKind) {
		l.advance()
		t.kind = no
		if l.off < len(l.src) && l.src[l.off] == next {
			l.advance()
			t.kind = yes
		}
	}
	switch c {
	case '(':
		l.advance()
		t.kind = tLParen
	case ')':
		l.advance()
		t.kind = tRParen
	case ',':
		l.advance()
		t.kind = tComma
	case '[':
		l.advance()
		t.kind = tLBrack
	case ']':
		l.advance()
		t.kind = tRBrack
	case ':':
		l.advance()
		t.kind = tColon
	case '+':
		l.advance()
		t.kind = tAdd
	case '-':
		l.advance()
		t.kind = tSub
	case '*':
		l.advance()
		t.kind = tMul
	case '/':
		l.advance()
		t.kind = tDiv
	case '<':
		two('=', tLe, tLt)
	case '>':
		two('=', tGe, tGt)
	case '!':
		two('=', tNe, tNot)
	case '=':
		// A lone '=' is reported and read as '==' so parsing goes on.
		two('=', tEq, tEq)
		if l.off-start.Offset == 1 {
			l.report(ast.Range{Start: start, End: l.pos()}, "'=' is not an operator: use '==' for equality")
		}
	case '&':
		two('&', tAnd, tAnd)
		if l.off-start.Offset == 1 {
			l.report(ast.Range{Start: start, End: l.pos()}, "'&' is not an operator: use '&&' or 'and'")
		}
	case '|':
		two('|', tOr, tOr)
		if l.off-start.Offset == 1 {
			l.report(ast.Range{Start: start, End: l.pos()}, "'|' is not an operator: use '||' or 'or'")
		}
	default:
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if unicode.IsLetter(r) {
			// A fact name in a non-Latin script: one error for the
			// whole name rather than one per character.
			l.ident(t, start)
			return
		}
		l.advance()
		t.kind = tIllegal
		rng := ast.Range{Start: start, End: l.pos()}
		if r == utf8.RuneError && size == 1 {
			l.report(rng, "invalid UTF-8 encoding")
		} else {
			l.report(rng, "unknown character %s", strconv.QuoteRune(r))
		}
	}
}

// ident scans a fact name or a keyword.
func (l *lexer) ident(t *token, start ast.Pos) {
	t.kind = tIdent
	ascii, dotted, badDot := true, false, false
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case isWord(c):
			l.off++
			l.col++
		case c == '.':
			dotted = true
			if n := l.peek(1); !isLetter(n) && n < utf8.RuneSelf {
				badDot = true
			}
			l.advance()
		case c >= utf8.RuneSelf:
			r, _ := utf8.DecodeRuneInString(l.src[l.off:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				goto done
			}
			ascii = false
			l.advance()
		default:
			goto done
		}
	}
done:
	text := l.src[start.Offset:l.off]
	rng := ast.Range{Start: start, End: l.pos()}
	switch {
	case !ascii:
		t.bad = true
		l.report(rng, "invalid fact name %s: use only ASCII letters, digits, '_' and '.'", shorten(text))
	case badDot:
		t.bad = true
		l.report(rng, "invalid fact name %s: each part after '.' must start with a letter or '_'", shorten(text))
	case !dotted:
		if k, ok := keywords[text]; ok {
			t.kind = k
		}
	}
}

// number scans a number literal: digits, an optional fraction and an
// optional exponent.
func (l *lexer) number(t *token, start ast.Pos) {
	t.kind = tNumber
	digits := func() int {
		n := 0
		for l.off < len(l.src) && isDigit(l.src[l.off]) {
			l.off++
			l.col++
			n++
		}
		return n
	}
	leadingDot := l.src[l.off] == '.'
	ok := digits() > 0 || leadingDot
	if !leadingDot && isPeriodUnit(l.peek(0)) {
		l.period(t, start)
		return
	}
	if l.off < len(l.src) && l.src[l.off] == '.' {
		l.advance()
		ok = digits() > 0 && ok
	}
	if c := l.peek(0); c == 'e' || c == 'E' {
		l.advance()
		if c := l.peek(0); c == '+' || c == '-' {
			l.advance()
		}
		ok = digits() > 0 && ok
	}
	// Letters, digits or dots glued to the number make it invalid as a
	// whole, rather than a number followed by a fact.
	for l.off < len(l.src) && (isWord(l.src[l.off]) || l.src[l.off] == '.') {
		l.advance()
		ok = false
	}
	text := l.src[start.Offset:l.off]
	rng := ast.Range{Start: start, End: l.pos()}
	switch {
	case !ok:
		t.bad = true
		l.report(rng, "invalid number %s", shorten(text))
	case leadingDot:
		t.bad = true
		l.report(rng, "invalid number %s: write 0%s", shorten(text), shorten(text))
	default:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(f, 0) {
			t.bad = true
			l.report(rng, "number %s is out of range", shorten(text))
			return
		}
		t.num = f
	}
}

// string scans a double-quoted string literal with Go escapes.
func (l *lexer) string(t *token, start ast.Pos) {
	t.kind = tString
	l.advance() // the opening quote
	for {
		if l.off >= len(l.src) || l.src[l.off] == '\n' {
			t.bad = true
			l.report(ast.Range{Start: start, End: l.pos()}, "unterminated string")
			return
		}
		c := l.src[l.off]
		if c == '"' {
			l.advance()
			break
		}
		if c == '\\' && l.off+1 < len(l.src) && l.src[l.off+1] != '\n' {
			l.advance()
		}
		l.advance()
	}
	text := l.src[start.Offset:l.off]
	if !utf8.ValidString(text) {
		t.bad = true
		i := start.Offset
		for {
			r, size := utf8.DecodeRuneInString(l.src[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		at := l.posIn(start, i)
		l.report(ast.Range{Start: at, End: ast.Pos{Offset: i + 1, Line: at.Line, Column: at.Column + 1}}, "invalid UTF-8 encoding in string")
		return
	}
	s, err := strconv.Unquote(text)
	if err == nil {
		t.str = s
		return
	}
	t.bad = true
	// Find the escape sequence that failed, for its position.
	rest := text[1 : len(text)-1]
	for rest != "" {
		_, _, tail, err := strconv.UnquoteChar(rest, '"')
		if err != nil {
			break
		}
		rest = tail
	}
	i := l.off - 1 - len(rest)
	end := i + 1
	if end < l.off-1 {
		_, size := utf8.DecodeRuneInString(l.src[end:])
		end += size
	}
	l.report(ast.Range{Start: l.posIn(start, i), End: l.posIn(start, end)}, "invalid escape sequence in string")
}

// date scans a date literal @YYYY-MM-DD and checks that the day exists.
func (l *lexer) date(t *token, start ast.Pos) {
	t.kind = tDate
	l.advance() // the '@'
	for l.off < len(l.src) && (isWord(l.src[l.off]) || l.src[l.off] == '-') {
		l.off++
		l.col++
	}
	text := l.src[start.Offset:l.off]
	rng := ast.Range{Start: start, End: l.pos()}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			if !isDigit(s[i]) {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	// @YYYY-MM-DD is 11 bytes.
	if len(text) != 11 || text[5] != '-' || text[8] != '-' || num(text[1:5]) < 0 || num(text[6:8]) < 0 || num(text[9:11]) < 0 {
		t.bad = true
		l.report(rng, "invalid date %s: want @YYYY-MM-DD", shorten(text))
		return
	}
	y, m, d := num(text[1:5]), num(text[6:8]), num(text[9:11])
	if m < 1 || m > 12 {
		t.bad = true
		l.report(rng, "invalid date %s: month out of range", text)
		return
	}
	tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || tm.Day() != d {
		t.bad = true
		l.report(rng, "invalid date %s: day out of range", text)
		return
	}
	t.days = ast.DaysOf(tm)
}
