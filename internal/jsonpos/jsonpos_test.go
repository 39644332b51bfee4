package jsonpos

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParsePositions(t *testing.T) {
	data := []byte("{\n  \"a\": [1, -2.5e3, true],\n  \"b\\u00e9\": {\"c\": null, \"d\": \"x\\\"y\"}\n}")
	root, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	lines := NewLines(data)
	tests := []struct {
		ptr              string
		kind             Kind
		text             string
		line, col, bytes int
		reason           string
	}{
		{"", Object, "", 1, 1, len(data), "the root spans the whole text"},
		{"/a", Array, "", 2, 8, 17, "an array starts at its bracket"},
		{"/a/1", Number, "-2.5e3", 2, 12, 6, "numbers keep their literal text"},
		{"/a/2", Bool, "", 2, 20, 4, "literals have their own span"},
		{"/bé/c", Null, "", 3, 20, 4, "keys are decoded before lookup"},
		{"/bé/d", String, `x"y`, 3, 31, 6, "a string starts at its quote and its text is decoded"},
	}
	for _, tc := range tests {
		v, ok := root.Lookup(tc.ptr)
		if !ok {
			t.Errorf("Lookup(%q): not found (%s)", tc.ptr, tc.reason)
			continue
		}
		line, col := lines.Position(v.Offset)
		if v.Kind != tc.kind || v.Text != tc.text || line != tc.line || col != tc.col || v.End-v.Offset != tc.bytes {
			t.Errorf("Lookup(%q) = %v %q at %d:%d (%d bytes), want %v %q at %d:%d (%d bytes) (%s)",
				tc.ptr, v.Kind, v.Text, line, col, v.End-v.Offset, tc.kind, tc.text, tc.line, tc.col, tc.bytes, tc.reason)
		}
	}
	if m := root.Members[1]; m.Key != "bé" || m.KeyOffset != strings.Index(string(data), `"b\u00e9"`) {
		t.Errorf("member 1 = %q at %d, want the key of the second member with its offset", m.Key, m.KeyOffset)
	}
}

func TestLookupMissing(t *testing.T) {
	root, err := Parse([]byte(`{"a": [{"b": 1}], "c~/d": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ptr       string
		wantPtr   string // pointer of the value Lookup returns
		wantExact bool
		reason    string
	}{
		{"/a/0/b", "/a/0/b", true, "existing path"},
		{"/a/0/x", "/a/0", false, "missing member: the enclosing object"},
		{"/a/3/b", "/a", false, "index out of range: the array"},
		{"/a/00", "/a", false, "an index with a leading zero names nothing"},
		{"/c~0~1d", "/c~0~1d", true, "escaped ~ and / in a token"},
		{"a", "", false, "not a pointer: the root"},
	}
	for _, tc := range tests {
		got, exact := root.Lookup(tc.ptr)
		want, _ := root.Lookup(tc.wantPtr)
		if got != want || exact != tc.wantExact {
			t.Errorf("Lookup(%q) = %+v, %v; want the value at %q, %v (%s)", tc.ptr, got, exact, tc.wantPtr, tc.wantExact, tc.reason)
		}
	}
}

func TestAppendTokensRoundTrip(t *testing.T) {
	p := Append(AppendIndex(Append("", "facts"), 3), "a/b~c")
	if p != "/facts/3/a~1b~0c" {
		t.Fatalf("Append = %q, want /facts/3/a~1b~0c", p)
	}
	toks, ok := Tokens(p)
	if !ok || !cmp.Equal(toks, []string{"facts", "3", "a/b~c"}) {
		t.Errorf("Tokens(%q) = %q, %v", p, toks, ok)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
		reason string
	}{
		{``, 0, "unexpected end of input, want a value", "empty input"},
		{`{"a": 1,}`, 8, `unexpected '}' in object, want a key in double quotes`, "trailing comma in an object"},
		{`[1 2]`, 3, `unexpected '2' in array, want ',' or ']'`, "missing comma"},
		{`{"a" 1}`, 5, `unexpected '1' after object key, want ':'`, "missing colon"},
		{`[01]`, 2, `unexpected '1' in array, want ',' or ']'`, "leading zero"},
		{`[1.]`, 3, `unexpected ']' after decimal point, want a digit`, "no digits after the point"},
		{`[1e]`, 3, `unexpected ']' in exponent, want a digit`, "no exponent digits"},
		{`[-]`, 2, `unexpected ']' in number, want a digit`, "lone minus"},
		{`tru`, 3, `unexpected end of input in literal true`, "truncated literal"},
		{`nul!`, 3, `unexpected '!' in literal null`, "misspelled literal"},
		{"\"a\nb\"", 2, `control character U+000A in string (write it as an escape)`, "raw newline in a string"},
		{`"\x"`, 1, `invalid escape '\x' in string`, "unknown escape"},
		{`"\u12g4"`, 1, `invalid \u escape in string, want four hexadecimal digits`, "bad hex digit"},
		{`"abc`, 4, `unexpected end of input in string`, "unterminated string"},
		{`{} {}`, 3, `unexpected '{' after the top-level value`, "two values"},
		{`'a'`, 0, `unexpected '\'', want a value`, "single quotes"},
		{"[\"ab\xffc\"]", 4, `invalid UTF-8: byte 0xff in string (the file must be UTF-8)`, "invalid UTF-8 is not replaced by U+FFFD"},
		{"[\"\xc3\"]", 2, `invalid UTF-8: byte 0xc3 in string (the file must be UTF-8)`, "a truncated sequence"},
		{"[\"\xed\xa0\x80\"]", 2, `invalid UTF-8: byte 0xed in string (the file must be UTF-8)`, "an encoded surrogate"},
		{`["x\ud800y"]`, 3, `invalid escape \ud800 in string: an unpaired UTF-16 surrogate is not a character`, "a lone high surrogate"},
		{`["\udc00"]`, 2, `invalid escape \udc00 in string: an unpaired UTF-16 surrogate is not a character`, "a lone low surrogate"},
		{`["\ud800\u0041"]`, 2, `invalid escape \ud800 in string: an unpaired UTF-16 surrogate is not a character`, "a high surrogate followed by no low one"},
		{strings.Repeat("[", MaxDepth+1), MaxDepth, "arrays and objects nested deeper than 1000", "depth limit"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError (%s)", tc.in, err, tc.reason)
			continue
		}
		if se.Offset != tc.offset || se.Msg != tc.msg {
			t.Errorf("Parse(%q) = error at %d %q, want at %d %q (%s)", tc.in, se.Offset, se.Msg, tc.offset, tc.msg, tc.reason)
		}
	}
}

func TestStringOffset(t *testing.T) {
	// The decoded text is `a"é😀b`, a raw "ü" and c.
	data := []byte(`  "a\"\u00e9\ud83d\ude00büc"`)
	v, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if v.Text != "a\"é😀büc" {
		t.Fatalf("text = %q", v.Text)
	}
	tests := []struct {
		decoded int
		raw     int
		reason  string
	}{
		{0, 3, "first byte after the quote"},
		{1, 4, `an escaped quote starts at its backslash`},
		{2, 6, `é from \u00e9`},
		{3, 6, "the second byte of é maps to the start of its escape"},
		{4, 12, "a surrogate pair is one escape of 12 bytes"},
		{8, 24, "b after the pair"},
		{9, 25, "ü is raw, two bytes"},
		{10, 25, "its second byte maps to its start"},
		{11, 27, "c after it"},
		{12, 28, "the end maps to the closing quote"},
		{99, 28, "past the end also"},
	}
	for _, tc := range tests {
		if got := StringOffset(data, v, tc.decoded); got != tc.raw {
			t.Errorf("StringOffset(%d) = %d, want %d (%s)", tc.decoded, got, tc.raw, tc.reason)
		}
	}
}

func TestLinesPosition(t *testing.T) {
	data := []byte("ab\n\tçd\n\nx")
	l := NewLines(data)
	tests := []struct {
		off, line, col int
		reason         string
	}{
		{0, 1, 1, "start"},
		{2, 1, 3, "the newline belongs to its line"},
		{3, 2, 1, "start of the second line"},
		{4, 2, 2, "a tab counts as one column"},
		{6, 2, 3, "ç is two bytes but one column"},
		{8, 3, 1, "empty line"},
		{9, 4, 1, "last line"},
		{100, 4, 2, "past the end is clamped"},
	}
	for _, tc := range tests {
		if line, col := l.Position(tc.off); line != tc.line || col != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d (%s)", tc.off, line, col, tc.line, tc.col, tc.reason)
		}
	}
}

// FuzzParse checks that Parse accepts what encoding/json accepts, except
// invalid UTF-8 and unpaired surrogates, which encoding/json replaces by
// U+FFFD, and decodes it to the same values.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5, "x\u00e9"], "b": null}`, `"\ud800"`, `[true, false]`, "\"\xff\"", `1e400`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if strings.Count(string(data), "[")+strings.Count(string(data), "{") > MaxDepth {
			return // deep nesting: Parse stops earlier than encoding/json
		}
		valid := json.Valid(data)
		var se *SyntaxError
		if valid && errors.As(err, &se) && (strings.HasPrefix(se.Msg, "invalid UTF-8") && !utf8.Valid(data) ||
			strings.Contains(se.Msg, "unpaired UTF-16 surrogate") && strings.Contains(strings.ToLower(string(data)), `\ud`)) {
			return // rejected on purpose
		}
		if valid != (err == nil) {
			t.Fatalf("Parse(%q) error = %v, but json.Valid = %v", data, err, valid)
		}
		if err != nil {
			return
		}
		var want any
		wantErr := json.Unmarshal(data, &want)
		got, gotErr := v.Interface()
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("Interface(%q) error = %v, json.Unmarshal error = %v", data, gotErr, wantErr)
		}
		if wantErr == nil && !cmp.Equal(got, want) {
			t.Fatalf("Interface(%q) = %#v, json.Unmarshal = %#v", data, got, want)
		}
	})
}

// TestLinesPositionMatchesCounting: the checkpointed column agrees with
// counting code points from the start of the line, on long lines with
// multi-byte characters across checkpoints.
func TestLinesPositionMatchesCounting(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		switch i % 7 {
		case 0:
			b.WriteString("é")
		case 3:
			b.WriteString("😀")
		case 5:
			if i%1400 == 5 {
				b.WriteByte('\n')
			}
		default:
			b.WriteByte('a')
		}
	}
	data := []byte(b.String())
	l := NewLines(data)
	line, start := 1, 0
	for off := 0; off <= len(data); off++ {
		if off > 0 && data[off-1] == '\n' {
			line, start = line+1, off
		}
		if off < len(data) && !utf8.RuneStart(data[off]) {
			continue
		}
		gl, gc := l.Position(off)
		if want := utf8.RuneCount(data[start:off]) + 1; gl != line || gc != want {
			t.Fatalf("Position(%d) = %d:%d, want %d:%d", off, gl, gc, line, want)
		}
	}
}

// BenchmarkLinesPositionLongLine: positions on one long line cost the
// same wherever they are (the 600 KB one-line file).
func BenchmarkLinesPositionLongLine(b *testing.B) {
	data := []byte(strings.Repeat(`{"a":"é"},`, 60_000))
	l := NewLines(data)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		l.Position((i * 7919) % len(data))
		i++
	}
}
