package treaty

import (
	"bytes"
	"errors"
	"runtime"
	"sync"
	"weak"

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
		if exact && v.Kind == jsonpos.String && errors.As(e.Err, &ce) && ce.Pos.IsValid() {
			off = jsonpos.StringOffset(src.data, v, ce.Pos.Offset)
		}
		src.at(e, off)
	}
}

// sources maps decoded models and scenarios, by weak pointer, to their
// source. Entries are removed when the model or scenario is collected.
var sources struct {
	sync.Mutex
	m map[any]*source
}

// remember records that p was decoded from src.
func remember[T any](p *T, src *source) {
	key := weak.Make(p)
	sources.Lock()
	if sources.m == nil {
		sources.m = map[any]*source{}
	}
	sources.m[key] = src
	sources.Unlock()
	runtime.AddCleanup(p, func(k weak.Pointer[T]) {
		sources.Lock()
		delete(sources.m, k)
		sources.Unlock()
	}, key)
}

// sourceOf returns the source p was decoded from, or nil.
func sourceOf[T any](p *T) *source {
	if p == nil {
		return nil
	}
	sources.Lock()
	defer sources.Unlock()
	if len(sources.m) == 0 {
		return nil // nothing decoded is alive: no need for a weak handle
	}
	return sources.m[weak.Make(p)]
}
