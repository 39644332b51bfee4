// Package jsonpos parses JSON into a tree that remembers where every value
// and every object key is in the source text, so that an error about a
// value can name its line and column.
//
// It accepts the JSON of RFC 8259 and decodes strings as [encoding/json]
// does, except that it rejects what encoding/json silently replaces by
// U+FFFD: invalid UTF-8 in a string and \u escapes of unpaired surrogates
// are syntax errors at their offset, so that two different byte strings
// never decode to the same text. It keeps object members in source order,
// duplicates included, and numbers as their literal text. It is meant for
// the loaders of package treaty and is not a general JSON library.
package jsonpos

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects that [Parse]
// accepts.
const MaxDepth = 1000

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON values.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

// String returns the JSON name of k: "null", "boolean", "number",
// "string", "array" or "object".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a parsed JSON value with its place in the source.
//
// Offset and End are byte offsets of the first byte of the value and of the
// byte after its last; for a string, Offset is that of the opening quote.
type Value struct {
	Kind   Kind
	Offset int
	End    int
	// Bool is the value of a boolean.
	Bool bool
	// Text is the literal text of a number, or the decoded text of a string.
	Text string
	// Elems are the elements of an array.
	Elems []*Value
	// Members are the members of an object, in source order.
	Members []Member
}

// Member is one "key": value pair of an object.
type Member struct {
	Key string
	// KeyOffset is the byte offset of the opening quote of the key.
	KeyOffset int
	Value     *Value
}

// Get returns the value of the first member of object v named key, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for _, m := range v.Members {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// Interface returns v as [encoding/json] would decode it into an any:
// nil, bool, float64, string, []any or map[string]any (the last of
// duplicate keys wins). A number that does not fit a float64 is an error.
func (v *Value) Interface() (any, error) {
	switch v.Kind {
	case Null:
		return nil, nil
	case Bool:
		return v.Bool, nil
	case Number:
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			return nil, fmt.Errorf("number %s is out of range", v.Text)
		}
		return f, nil
	case String:
		return v.Text, nil
	case Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			x, err := e.Interface()
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case Object:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			x, err := m.Value.Interface()
			if err != nil {
				return nil, err
			}
			out[m.Key] = x
		}
		return out, nil
	}
	return nil, fmt.Errorf("invalid kind %v", v.Kind)
}

// Lookup follows the JSON Pointer ptr (RFC 6901) from v. It returns the
// deepest value on the way and whether that value is the one ptr names:
// when a step is missing, it returns the last value that exists and false.
// The empty pointer names v itself.
func (v *Value) Lookup(ptr string) (*Value, bool) {
	if v == nil {
		return nil, false
	}
	toks, ok := Tokens(ptr)
	if !ok {
		return v, false
	}
	cur := v
	for _, tok := range toks {
		var next *Value
		switch cur.Kind {
		case Object:
			next = cur.Get(tok)
		case Array:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(cur.Elems) && strconv.Itoa(i) == tok {
				next = cur.Elems[i]
			}
		}
		if next == nil {
			return cur, false
		}
		cur = next
	}
	return cur, true
}

// Tokens splits a JSON Pointer into its unescaped reference tokens. ok is
// false if ptr is neither empty nor starts with "/".
func Tokens(ptr string) (toks []string, ok bool) {
	if ptr == "" {
		return nil, true
	}
	if ptr[0] != '/' {
		return nil, false
	}
	for _, t := range strings.Split(ptr[1:], "/") {
		toks = append(toks, strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~"))
	}
	return toks, true
}

// Append returns the pointer ptr extended by the reference token tok,
// escaping "~" and "/" in tok.
func Append(ptr, tok string) string {
	if strings.ContainsAny(tok, "~/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
	}
	return ptr + "/" + tok
}

// AppendIndex returns the pointer ptr extended by the array index i.
func AppendIndex(ptr string, i int) string { return ptr + "/" + strconv.Itoa(i) }

// SyntaxError is a malformed JSON text. Offset is the byte offset of the
// problem.
type SyntaxError struct {
	Offset int
	Msg    string
}

// Error returns the message, without the offset.
func (e *SyntaxError) Error() string { return e.Msg }

// Parse parses one JSON value, with optional white space around it. A
// non-nil error is a *SyntaxError.
func Parse(data []byte) (*Value, error) {
	p := &parser{data: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %s after the top-level value", p.describe())
	}
	return v, nil
}

type parser struct {
	data []byte
	pos  int
}

func (p *parser) errorf(format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

// describe names the byte at the current position for an error message.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError || r < 0x20 {
		return fmt.Sprintf("byte %#02x", p.data[p.pos])
	}
	return strconv.QuoteRune(r)
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Value, error) {
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input, want a value")
	}
	start := p.pos
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &Value{Kind: String, Offset: start, End: p.pos, Text: s}, nil
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", &Value{Kind: Bool, Bool: true})
	case c == 'f':
		return p.literal("false", &Value{Kind: Bool})
	case c == 'n':
		return p.literal("null", &Value{Kind: Null})
	}
	return nil, p.errorf("unexpected %s, want a value", p.describe())
}

func (p *parser) literal(word string, v *Value) (*Value, error) {
	start := p.pos
	for i := 0; i < len(word); i++ {
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in literal %s", word)
		}
		if p.data[p.pos] != word[i] {
			return nil, p.errorf("unexpected %s in literal %s", p.describe(), word)
		}
		p.pos++
	}
	v.Offset, v.End = start, p.pos
	return v, nil
}

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && '0' <= p.data[p.pos] && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

func (p *parser) number() (*Value, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case p.digits() == 0:
		return nil, p.errorf("unexpected %s in number, want a digit", p.describe())
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, p.errorf("unexpected %s after decimal point, want a digit", p.describe())
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, p.errorf("unexpected %s in exponent, want a digit", p.describe())
		}
	}
	return &Value{Kind: Number, Offset: start, End: p.pos, Text: string(p.data[start:p.pos])}, nil
}

func (p *parser) array(depth int) (*Value, error) {
	if depth > MaxDepth {
		return nil, p.errorf("arrays and objects nested deeper than %d", MaxDepth)
	}
	v := &Value{Kind: Array, Offset: p.pos}
	p.pos++ // [
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		v.End = p.pos
		return v, nil
	}
	for {
		p.space()
		e, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		v.Elems = append(v.Elems, e)
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in array, want ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			v.End = p.pos
			return v, nil
		default:
			return nil, p.errorf("unexpected %s in array, want ',' or ']'", p.describe())
		}
	}
}

func (p *parser) object(depth int) (*Value, error) {
	if depth > MaxDepth {
		return nil, p.errorf("arrays and objects nested deeper than %d", MaxDepth)
	}
	v := &Value{Kind: Object, Offset: p.pos}
	p.pos++ // {
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		v.End = p.pos
		return v, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in object, want a key")
		}
		if p.data[p.pos] != '"' {
			return nil, p.errorf("unexpected %s in object, want a key in double quotes", p.describe())
		}
		keyOff := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input after object key, want ':'")
		}
		if p.data[p.pos] != ':' {
			return nil, p.errorf("unexpected %s after object key, want ':'", p.describe())
		}
		p.pos++
		p.space()
		e, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		v.Members = append(v.Members, Member{Key: key, KeyOffset: keyOff, Value: e})
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in object, want ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			v.End = p.pos
			return v, nil
		default:
			return nil, p.errorf("unexpected %s in object, want ',' or '}'", p.describe())
		}
	}
}

// str scans a string starting at its opening quote and returns its decoded
// text.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes, all ASCII or valid UTF-8.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			if utf8.Valid(s) {
				p.pos++
				return string(s), nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	p.pos = start
	var b strings.Builder
	for {
		if p.pos >= len(p.data) {
			return "", p.errorf("unexpected end of input in string")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c < 0x20:
			return "", p.errorf("control character %U in string (write it as an escape)", rune(c))
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.errorf("invalid UTF-8: byte %#02x in string (the file must be UTF-8)", c)
			}
			b.WriteRune(r)
			p.pos += size
		}
	}
}

// escape decodes the escape sequence at p.pos (at the backslash).
func (p *parser) escape() (rune, error) {
	start := p.pos
	fail := func(format string, args ...any) (rune, error) {
		return 0, &SyntaxError{Offset: start, Msg: fmt.Sprintf(format, args...)}
	}
	p.pos++
	if p.pos >= len(p.data) {
		return fail("unexpected end of input in string escape")
	}
	c := p.data[p.pos]
	p.pos++
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return fail("invalid \\u escape in string, want four hexadecimal digits")
		}
		if utf16.IsSurrogate(r) {
			if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
				p.pos += 2
				if r2, ok := p.hex4(); ok {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						return dec, nil
					}
				}
			}
			return fail("invalid escape \\u%04x in string: an unpaired UTF-16 surrogate is not a character", r)
		}
		return r, nil
	}
	return fail("invalid escape '\\%c' in string", c)
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, true
}

// StringOffset returns the byte offset in data of the decoded byte at
// index i of the string value v, which must have been parsed from data.
// An index that falls inside an escape sequence or a multi-byte character
// maps to the start of it; an index at or past the end of the text maps to
// the closing quote.
func StringOffset(data []byte, v *Value, i int) int {
	if v == nil || v.Kind != String || v.Offset >= len(data) {
		return 0
	}
	pos := v.Offset + 1
	n := 0 // decoded bytes so far
	for pos < v.End-1 {
		start := pos
		var width int // decoded width of the raw sequence at pos
		c := data[pos]
		switch {
		case c == '\\':
			q := &parser{data: data, pos: pos}
			r, err := q.escape()
			if err != nil {
				return start
			}
			width = utf8.RuneLen(r)
			pos = q.pos
		case c < utf8.RuneSelf:
			width = 1
			pos++
		default:
			r, size := utf8.DecodeRune(data[pos:])
			width = utf8.RuneLen(r)
			pos += size
		}
		if i < n+width {
			return start
		}
		n += width
	}
	return v.End - 1
}

// Lines converts byte offsets in a text to line and column numbers. Each
// conversion takes time bounded by a constant, however long the line (a
// minified file is one line), after an index built once in linear time.
type Lines struct {
	data   []byte
	starts []int // byte offset of the start of each line
	// runes[k] is the number of code points in data[:k*chunk]: columns are
	// counted from the nearest checkpoint, not from the start of the line.
	runes []int
}

// chunk is the distance in bytes between two checkpoints of Lines.runes.
const chunk = 512

// NewLines indexes the lines of data. It keeps a reference to data.
func NewLines(data []byte) *Lines {
	starts := []int{0}
	runes := make([]int, 0, len(data)/chunk+1)
	n := 0
	for i, c := range data {
		if i%chunk == 0 {
			runes = append(runes, n)
		}
		if c == '\n' {
			starts = append(starts, i+1)
		}
		if !isContinuation(c) {
			n++
		}
	}
	return &Lines{data: data, starts: starts, runes: runes}
}

// isContinuation reports whether c is a UTF-8 continuation byte.
func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// runesBefore returns the number of code points in data[:off].
func (l *Lines) runesBefore(off int) int {
	k := off / chunk
	if k >= len(l.runes) {
		k = len(l.runes) - 1
	}
	if k < 0 {
		return 0
	}
	n := l.runes[k]
	for _, c := range l.data[k*chunk : off] {
		if !isContinuation(c) {
			n++
		}
	}
	return n
}

// Position returns the line (from 1) and column (from 1, counted in
// Unicode code points: a byte that is not a UTF-8 continuation byte starts
// one) of the byte offset off. Offsets past the end are clamped to the
// end.
func (l *Lines) Position(off int) (line, col int) {
	off = max(0, min(off, len(l.data)))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	return i + 1, l.runesBefore(off) - l.runesBefore(l.starts[i]) + 1
}
