package conditions

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet renders the errors in err for a person to read, each as its
// one-line message ("line:column: message") followed by the line of src it
// refers to and a line with a caret under the error's column:
//
//	1:13: unexpected ')': expected a condition
//	    a and (b or )
//	                ^
//
// When the error's range lies on one line, the whole range is underlined
// (^~~~). Tabs are shown as four spaces and wide characters as two columns,
// and the caret moves with them; long lines are cut around the caret, with
// "..." where text was left out.
//
// err may be an [*Error], an [ErrorList] or any error wrapping or joining
// them; every [*Error] found in it is rendered, in order. Other errors are
// rendered by their Error method, and so are errors whose position does
// not fit src. Snippet returns "" for a nil err.
//
// A condition composed by [And], [Or] or [Not] of parts parsed from
// different texts (each marked by [WithOrigin], say) has no one source
// text: an error in a part is located in that part's text, and Snippet
// shows the line of that text, whatever src is. Only errors whose text
// is not known (positions set by hand) are shown under src.
func Snippet(src string, err error) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	first := true
	walkErrors(err, func(e error) {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		b.WriteString(e.Error())
		if ce, ok := e.(*Error); ok {
			text := src
			if ce.src != nil {
				text = *ce.src // the text of the part the error is in
			}
			writeSnippet(&b, text, ce)
		}
	})
	return b.String()
}

// walkErrors calls f for each *Error in err and for each other error that
// wraps nothing, depth first.
func walkErrors(err error, f func(error)) {
	switch x := err.(type) {
	case nil:
	case *Error:
		f(x)
	case ErrorList:
		for _, e := range x {
			if e != nil {
				f(e)
			}
		}
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			walkErrors(e, f)
		}
	case interface{ Unwrap() error }:
		if inner := x.Unwrap(); inner != nil {
			walkErrors(inner, f)
		} else {
			f(err)
		}
	default:
		f(err)
	}
}

const (
	snippetIndent = "    "
	snippetWidth  = 80 // most columns of a source line to show
	snippetBefore = 30 // columns kept before the caret when a line is cut
	tabWidth      = 4
)

// writeSnippet writes "\n" + the source line of e + "\n" + the caret line,
// or nothing if e has no position within src.
func writeSnippet(b *strings.Builder, src string, e *Error) {
	off := e.Pos.Offset
	if !e.Pos.IsValid() || off < 0 || off > len(src) {
		return
	}
	lineStart := strings.LastIndexByte(src[:off], '\n') + 1
	lineEnd := len(src)
	if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
		lineEnd = off + i
	}
	line := src[lineStart:lineEnd]
	if strings.HasSuffix(line, "\r") && off < lineEnd {
		line = line[:len(line)-1]
	}
	from := off - lineStart
	to := from
	if end := e.End; end.IsValid() && end.Line == e.Pos.Line && end.Offset > off && end.Offset-lineStart <= len(line) {
		to = end.Offset - lineStart
	}
	// Lay out only a few hundred bytes around the caret, enough for the
	// window shown, so that rendering many errors on one long line stays
	// cheap.
	const margin = 4 * (snippetWidth + snippetBefore)
	cutLeft, cutRight := false, false
	if from > margin {
		s := from - margin
		for s < from && !utf8.RuneStart(line[s]) { // not past the caret, in text that is no UTF-8
			s++
		}
		line, from, to, cutLeft = line[s:], from-s, to-s, true
	}
	if len(line) > from+margin {
		e := from + margin
		for e > from && !utf8.RuneStart(line[e]) {
			e--
		}
		line, to, cutRight = line[:e], min(to, e), true
	}

	// Lay out the line in display columns ("cells").
	type cell struct {
		text  string
		start int // the first cell of the rune
		width int
	}
	var cells []cell
	w := 0
	fromCell, toCell := -1, -1
	for i, r := range line {
		if i == from {
			fromCell = w
		}
		if i == to {
			toCell = w
		}
		c := cell{text: string(r), start: w, width: 1}
		switch {
		case r == '\t':
			c.text, c.width = strings.Repeat(" ", tabWidth), tabWidth
		case r == utf8.RuneError:
			c.text = "\uFFFD"
		case unicode.IsControl(r):
			c.text = " "
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			c.width = 0
		case isWide(r):
			c.width = 2
		}
		cells = append(cells, c)
		w += c.width
	}
	if fromCell < 0 {
		fromCell = w // the error is at the end of the line
	}
	if toCell < 0 {
		toCell = w
	}
	if toCell <= fromCell {
		toCell = fromCell + 1
	}

	// Cut long lines around the caret.
	lo, hi := 0, w
	if w > snippetWidth {
		lo = max(0, fromCell-snippetBefore)
		hi = min(w, lo+snippetWidth)
		lo = max(0, min(lo, hi-snippetWidth))
	}
	var text strings.Builder
	prefix := 0
	if lo > 0 || cutLeft {
		text.WriteString("...")
		prefix = 3
	}
	for _, c := range cells {
		if c.start >= lo && c.start+c.width <= hi {
			text.WriteString(c.text)
		}
	}
	if hi < w || cutRight {
		text.WriteString("...")
	}
	shown := strings.TrimRight(text.String(), " ")
	if shown == "" {
		return // an empty line: the message says enough
	}
	b.WriteByte('\n')
	b.WriteString(snippetIndent)
	b.WriteString(shown)
	b.WriteByte('\n')
	b.WriteString(snippetIndent)
	b.WriteString(strings.Repeat(" ", prefix+fromCell-lo))
	b.WriteByte('^')
	if n := min(toCell, max(hi, fromCell+1)) - fromCell - 1; n > 0 {
		b.WriteString(strings.Repeat("~", n))
	}
}

// isWide reports whether r is shown two columns wide in a terminal: East
// Asian wide and fullwidth characters and most emoji.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo
		0x2E80 <= r && r <= 0x303E, // CJK radicals, punctuation
		0x3041 <= r && r <= 0x33FF, // kana, CJK compatibility
		0x3400 <= r && r <= 0x4DBF, // CJK extension A
		0x4E00 <= r && r <= 0x9FFF, // CJK unified ideographs
		0xA000 <= r && r <= 0xA4CF, // Yi
		0xAC00 <= r && r <= 0xD7A3, // Hangul syllables
		0xF900 <= r && r <= 0xFAFF, // CJK compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F, // CJK compatibility forms
		0xFF00 <= r && r <= 0xFF60, // fullwidth forms
		0xFFE0 <= r && r <= 0xFFE6,
		0x1F300 <= r && r <= 0x1F64F, // emoji
		0x1F900 <= r && r <= 0x1F9FF,
		0x20000 <= r && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}
