package treaty

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// source is the JSON text a model or scenario was decoded from, kept so
// that errors found later (by [Model.Validate] or [ValidateScenario]) can be
// given a file position.
type source struct {
	file  string
	data  []byte
	root  *jsonpos.Value
	lines *jsonpos.Lines
}

// parseSource parses data. On a syntax error it returns the error, located.
func parseSource(data []byte, file string) (*source, ErrorList) {
	data = bytes.Clone(data)
	src := &source{file: file, data: data, lines: jsonpos.NewLines(data)}
	root, err := jsonpos.Parse(data)
	if err != nil {
		var se *jsonpos.SyntaxError
		off := 0
		if errors.As(err, &se) {
			off = se.Offset
		}
		e := &Error{File: file, Code: CodeSyntax, Msg: "invalid JSON: " + err.Error()}
		e.Line, e.Column = src.lines.Position(off)
		return nil, ErrorList{e}
	}
	src.root = root
	return src, nil
}

// at sets the file position of e to the byte offset off.
func (src *source) at(e *Error, off int) {
	e.File = src.file
	e.Line, e.Column = src.lines.Position(off)
}

// locate gives every error in errs that has no position the position of
// its path: the value it names or, when the path names something missing,
// the nearest enclosing value. Condition errors point inside the condition
// string.
func (src *source) locate(errs ErrorList) {
	// A condition error without a position (the note that more errors
	// were left out) goes where the one before it on the same path is, so
	// that it stays after it once the list is sorted.
	lastPath, lastOff := "", -1
	for _, e := range errs {
		if e.Line > 0 {
			continue
		}
		v, exact := src.root.Lookup(e.Path)
		if v == nil {
			e.File = src.file
			continue
		}
		off := v.Offset
		var ce *conditions.Error
		if exact && v.Kind == jsonpos.String && errors.As(e.Err, &ce) {
			switch {
			case ce.Pos.IsValid():
				off = jsonpos.StringOffset(src.data, v, ce.Pos.Offset)
			case e.Path == lastPath && lastOff >= 0:
				off = lastOff
			}
		}
		src.at(e, off)
		lastPath, lastOff = e.Path, off
	}
}

// Provenance records where a model or scenario was decoded from: the file
// name and the JSON text, so that the problems [Model.Validate] and
// [ValidateScenario] find later can be given file positions. [DecodeModel]
// and [DecodeScenario] (and so [LoadModel] and [LoadScenario]) set it;
// models and scenarios built in Go have none.
//
// Positions describe the file, so an error is given one only when the
// part of the model it lies in still says what the file says: the whole
// top-level element of its JSON path (such as /instruments/2 for
// /instruments/2/clauses/0/bearer, /parties/1, /facts/x of a scenario, or
// /id). After a change in Go to that element (a field set, a clause
// added, a condition replaced, even by one with the same meaning but
// other text, an element inserted before it so that it moved), the error
// carries its JSON path but no file position, rather than a position that
// points at the wrong text. Errors in unchanged elements keep their
// positions: after deleting a party from a loaded model, Validate points
// at the references to it in the file.
//
// A Provenance is immutable and safe for concurrent use. It is not part
// of the content: it is not encoded, and [Provenance.Equal] reports true
// for any two, so that comparing models (with go-cmp, say) compares what
// they say rather than where they came from.
type Provenance struct {
	src *source
	// sums holds the fingerprint of each top-level element as decoded (see
	// elementPath and elementSum).
	sums map[string]sum
	// dec is what went wrong in decoding a scenario that was returned
	// partially decoded, or nil.
	dec *decoding
}

type sum = [sha256.Size]byte

// File returns the file name given to the decoder ("" when none was
// given).
func (p *Provenance) File() string {
	if p == nil || p.src == nil {
		return ""
	}
	return p.src.file
}

// Equal reports true: a provenance is not part of a model's content (see
// [Provenance]).
func (p *Provenance) Equal(*Provenance) bool { return true }

// newProvenance returns the provenance of v (a *Model or *Scenario) as
// decoded from src.
func newProvenance(v any, src *source, dec *decoding) *Provenance {
	p := &Provenance{src: src, sums: map[string]sum{}, dec: dec}
	rv := reflect.ValueOf(v).Elem()
	fields := jsonFields(rv.Type())
	for _, name := range fields.names {
		f := rv.FieldByIndex(fields.index[name])
		path := jsonpos.Append("", name)
		switch f.Kind() {
		case reflect.Slice:
			for j := range f.Len() {
				ep := jsonpos.AppendIndex(path, j)
				p.sums[ep] = valueSum(f.Index(j))
			}
		case reflect.Map:
			for it := f.MapRange(); it.Next(); {
				ep := jsonpos.Append(path, it.Key().String())
				p.sums[ep] = valueSum(it.Value())
			}
		}
		p.sums[path] = valueSum(f)
	}
	if dec != nil {
		p.sums[""] = valueSum(rv)
	}
	return p
}

// elementPath returns the top-level element of the JSON Pointer path: its
// first two reference tokens when the first names a list or map, else its
// first.
func elementPath(path string) string {
	toks, ok := jsonpos.Tokens(path)
	if !ok || len(toks) == 0 {
		return ""
	}
	ep := jsonpos.Append("", toks[0])
	if len(toks) > 1 {
		return jsonpos.Append(ep, toks[1])
	}
	return ep
}

// elementSum returns the fingerprint of the element at ep (see
// elementPath) of v, a *Model or *Scenario, and whether it exists.
func elementSum(v any, ep string) (sum, bool) {
	toks, ok := jsonpos.Tokens(ep)
	if !ok || len(toks) == 0 {
		return sum{}, false
	}
	rv := reflect.ValueOf(v).Elem()
	fields := jsonFields(rv.Type())
	i, ok := fields.index[toks[0]]
	if !ok {
		return sum{}, false
	}
	f := rv.FieldByIndex(i)
	if len(toks) == 1 {
		return valueSum(f), true
	}
	switch f.Kind() {
	case reflect.Slice:
		j, err := strconv.Atoi(toks[1])
		if err != nil || j < 0 || j >= f.Len() || strconv.Itoa(j) != toks[1] {
			return sum{}, false
		}
		return valueSum(f.Index(j)), true
	case reflect.Map:
		e := f.MapIndex(reflect.ValueOf(toks[1]).Convert(f.Type().Key()))
		if !e.IsValid() {
			return sum{}, false
		}
		return valueSum(e), true
	}
	// A scalar field: the path names something inside it (such as a
	// position inside a condition string); the field decides.
	return valueSum(f), true
}

// valueSum hashes the content of a value of a model or scenario: its JSON
// encoding, which holds every field, and the source text of each
// condition in it, which the positions of condition errors depend on.
func valueSum(v reflect.Value) sum {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(v.Interface()); err != nil {
		// Not expected (every field encodes); such a sum matches nothing.
		fmt.Fprintf(h, "unencodable %p %v", &h, err)
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == rtExpr:
			e := v.Interface().(conditions.Expr)
			if !e.IsZero() {
				io.WriteString(h, e.Source())
			}
			h.Write([]byte{0})
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			if v.Type() == rtDate {
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Struct {
				for i := range v.Len() {
					walk(v.Index(i))
				}
			}
		case reflect.Pointer:
			if !v.IsNil() && v.Type() != rtProvenance {
				walk(v.Elem())
			}
		}
	}
	walk(v)
	var out sum
	h.Sum(out[:0])
	return out
}

var (
	rtDate       = reflect.TypeFor[Date]()
	rtProvenance = reflect.TypeFor[*Provenance]()
)

// locate gives file positions to the errors of errs that lie in elements
// of v that are unchanged since v was decoded (see [Provenance]); the
// others keep none. p may be nil.
func (p *Provenance) locate(v any, errs ErrorList) {
	if p == nil || p.src == nil {
		return
	}
	unchanged := map[string]bool{}
	var located ErrorList
	for _, e := range errs {
		ep := elementPath(e.Path)
		same, seen := unchanged[ep]
		if !seen {
			same = p.unchanged(v, ep)
			unchanged[ep] = same
		}
		if same {
			located = append(located, e)
		}
	}
	p.src.locate(located)
	p.src.conditionPositions(located)
}

// unchanged reports whether the element at ep of v (see elementPath), or
// the whole of v for "", still says what it did when v was decoded.
func (p *Provenance) unchanged(v any, ep string) bool {
	if p == nil {
		return false
	}
	var cur sum
	if ep == "" {
		cur = valueSum(reflect.ValueOf(v).Elem())
	} else {
		var ok bool
		if cur, ok = elementSum(v, ep); !ok {
			return false
		}
	}
	old, had := p.sums[ep]
	return had && cur == old
}
