package conditions

import (
	"encoding/json"
	"fmt"
	"github.com/treatycond/treatycond/internal/suggest"
	"slices"
	"sort"
)

// Schema declares the facts conditions may read and their types. With a
// schema, [Check] reports facts it does not declare (with a "did you mean"
// hint) and takes fact types from it instead of inferring them.
//
// A Schema is immutable once built by [NewSchema] and safe for concurrent
// use by multiple goroutines. The nil *Schema is a valid empty schema: it
// declares nothing, and its methods report as much.
type Schema struct {
	fields []Field
	index  map[string]int
}

// NewSchema returns a schema declaring fields, in the given order. Each
// field name must be a dotted identifier such as peace_treaty.concluded
// that is not a keyword, names must be unique, and each type must be one
// of [Bool], [Number], [String], [Date] or [Set] (not [Any] or [Period]);
// the reserved fact [AsOf] must be a [Date]; an indexed field
// ([Field.Index]) names a field of type Set and is not itself a set. A
// non-nil error is
// an [*Error] with code [ErrArgument] naming the first offending field.
// NewSchema does not keep a reference to the fields slice.
func NewSchema(fields ...Field) (*Schema, error) {
	s := &Schema{fields: slices.Clone(fields), index: make(map[string]int, len(fields))}
	for i, f := range s.fields {
		if !isFactName(f.Name) {
			return nil, argErrorf("schema field %d: invalid fact name %q: want a dotted identifier such as peace_treaty.concluded", i, f.Name)
		}
		if j, dup := s.index[f.Name]; dup {
			return nil, argErrorf("schema field %d: duplicate fact name %q (first declared as field %d)", i, f.Name, j)
		}
		if f.Type == Any || f.Type == Period || f.Type > Set {
			return nil, argErrorf("schema field %d (%s): invalid type %s: want bool, number, string, date or set", i, f.Name, f.Type)
		}
		if f.Name == AsOf && f.Type != Date {
			return nil, argErrorf("schema field %d (%s): the reserved fact asof (the evaluation date) must be a date, not %s", i, f.Name, f.Type)
		}
		s.index[f.Name] = i
	}
	if err := checkIndexes(s.fields, s.index); err != nil {
		return nil, err
	}
	return s, nil
}

// Lookup returns the field declared under name.
func (s *Schema) Lookup(name string) (Field, bool) {
	i, ok := s.Index(name)
	if !ok {
		return Field{}, false
	}
	return s.fields[i], true
}

// Index returns the position of name among the declared fields, counting
// from 0 in declaration order. It is a stable slot number for the fact.
func (s *Schema) Index(name string) (int, bool) {
	if s == nil {
		return 0, false
	}
	i, ok := s.index[name]
	return i, ok
}

// Fields returns a copy of the declared fields in declaration order.
func (s *Schema) Fields() []Field {
	if s == nil {
		return nil
	}
	return slices.Clone(s.fields)
}

// Len returns the number of declared fields.
func (s *Schema) Len() int {
	if s == nil {
		return 0
	}
	return len(s.fields)
}

// MarshalJSON encodes the schema as a JSON array of its fields in
// declaration order, each {"name": ..., "type": ..., "doc": ...}.
func (s *Schema) MarshalJSON() ([]byte, error) {
	fields := s.Fields()
	if fields == nil {
		fields = []Field{}
	}
	return json.Marshal(fields)
}

// suggest returns the declared name closest to name if it is a plausible
// misspelling (see [suggest.Closest]).
func (s *Schema) suggest(name string) (string, bool) {
	if s == nil {
		return "", false
	}
	names := make([]string, len(s.fields))
	for i, f := range s.fields {
		names[i] = f.Name
	}
	c := suggest.Closest(name, names)
	return c, c != ""
}

// reservedNames are the keywords: they can never be fact names.
var reservedNames = []string{"and", "atleast", "false", "not", "or", "true"}

// isFactName reports whether name is a dotted identifier
// [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)* and not a keyword.
func isFactName(name string) bool {
	if name == "" {
		return false
	}
	if i := sort.SearchStrings(reservedNames, name); i < len(reservedNames) && reservedNames[i] == name {
		return false
	}
	start := true // at the start of a component
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if start {
				return false
			}
			start = true
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			start = false
		case '0' <= c && c <= '9':
			if start {
				return false
			}
		default:
			return false
		}
	}
	return !start
}

// argErrorf returns an [*Error] with code [CodeArgument] and no position.
func argErrorf(format string, args ...any) *Error {
	return &Error{Code: CodeArgument, Msg: fmt.Sprintf(format, args...)}
}
