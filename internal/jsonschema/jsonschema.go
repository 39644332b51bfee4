// Package jsonschema validates JSON documents against a subset of JSON
// Schema draft 2020-12: enough to check the schemas of package treaty
// against the files they describe, in tests.
//
// Supported keywords: type (a name or a list), properties, required,
// additionalProperties (a boolean or a schema), propertyNames, items (one
// schema for every element), enum, const, pattern (RE2 syntax, unanchored
// as in JSON Schema), minimum, minItems, minLength, $ref to a JSON Pointer
// within the same document (such as #/$defs/party), oneOf, anyOf and
// format "date" (YYYY-MM-DD, from 0001-01-01 to 9999-12-31, as package
// treaty reads dates). The annotations $schema, $id, $comment,
// $defs, title, description, examples and default are accepted and
// ignored. Any other keyword is an error from [Compile], so a schema never
// silently relies on something this package does not check.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"unicode/utf8"

	"github.com/treatycond/treatycond/internal/calendar"
)

// Schema is a compiled schema. It is immutable and safe for concurrent use
// by multiple goroutines.
type Schema struct {
	root    *node
	nodes   map[string]*node // by JSON Pointer into the document
	pending []*node          // nodes with a $ref not yet resolved
}

// node is one compiled (sub)schema.
type node struct {
	loc     string // JSON Pointer of this schema in the document
	always  *bool  // a boolean schema
	types   []string
	props   map[string]*node
	propOrd []string
	addl    *node // additionalProperties; nil: any
	names   *node // propertyNames
	req     []string
	items   *node
	enum    []any
	cnst    *any
	pattern *regexp.Regexp
	minimum *big.Rat
	minItem int
	minLen  int
	ref     string
	refNode *node
	oneOf   []*node
	anyOf   []*node
	format  string
}

var annotations = map[string]bool{"$schema": true, "$id": true, "$comment": true,
	"title": true, "description": true, "examples": true, "default": true}

var typeNames = []string{"null", "boolean", "object", "array", "number", "string", "integer"}

// Compile compiles a schema from its JSON text.
func Compile(data []byte) (*Schema, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("jsonschema: %w", err)
	}
	s := &Schema{nodes: map[string]*node{}}
	root, err := s.compile(doc, "")
	if err != nil {
		return nil, err
	}
	s.root = root
	// Resolve references now, so that a dangling one is a compile error.
	for len(s.pending) > 0 {
		n := s.pending[0]
		s.pending = s.pending[1:]
		target, ok := strings.CutPrefix(n.ref, "#")
		if !ok {
			return nil, fmt.Errorf("jsonschema: %s: only references within the document (#/...) are supported, got %q", n.loc, n.ref)
		}
		v, ok := lookup(doc, target)
		if !ok {
			return nil, fmt.Errorf("jsonschema: %s: $ref %q names nothing in the document", n.loc, n.ref)
		}
		if n.refNode = s.nodes[target]; n.refNode == nil {
			if n.refNode, err = s.compile(v, target); err != nil {
				return nil, err
			}
		}
	}
	s.nodes, s.pending = nil, nil // only needed while compiling
	return s, nil
}

// decode decodes JSON text with numbers as json.Number.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the top-level value")
	}
	return v, nil
}

// lookup follows a JSON Pointer in a decoded document.
func lookup(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if ptr[0] != '/' {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			cur = x[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func (s *Schema) compile(v any, loc string) (*node, error) {
	if n, ok := s.nodes[loc]; ok {
		return n, nil
	}
	n := &node{loc: loc}
	s.nodes[loc] = n
	fail := func(kw, format string, args ...any) error {
		return fmt.Errorf("jsonschema: %s/%s: %s", loc, kw, fmt.Sprintf(format, args...))
	}
	if b, ok := v.(bool); ok {
		n.always = &b
		return n, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("jsonschema: %s: a schema must be an object or a boolean, got %T", loc, v)
	}
	sub := func(kw string, x any) (*node, error) { return s.compile(x, loc+"/"+escape(kw)) }
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, kw := range keys {
		val := obj[kw]
		var err error
		switch kw {
		case "type":
			switch t := val.(type) {
			case string:
				n.types = []string{t}
			case []any:
				for _, x := range t {
					name, ok := x.(string)
					if !ok {
						return nil, fail(kw, "want type names, got %v", x)
					}
					n.types = append(n.types, name)
				}
			default:
				return nil, fail(kw, "want a type name or a list of them")
			}
			for _, t := range n.types {
				if !slices.Contains(typeNames, t) {
					return nil, fail(kw, "unknown type %q", t)
				}
			}
		case "properties":
			props, ok := val.(map[string]any)
			if !ok {
				return nil, fail(kw, "want an object")
			}
			n.props = map[string]*node{}
			for name, x := range props {
				if n.props[name], err = s.compile(x, loc+"/properties/"+escape(name)); err != nil {
					return nil, err
				}
				n.propOrd = append(n.propOrd, name)
			}
			slices.Sort(n.propOrd)
		case "additionalProperties":
			n.addl, err = sub(kw, val)
		case "propertyNames":
			n.names, err = sub(kw, val)
		case "required":
			list, ok := val.([]any)
			if !ok {
				return nil, fail(kw, "want a list of names")
			}
			for _, x := range list {
				name, ok := x.(string)
				if !ok {
					return nil, fail(kw, "want a list of names")
				}
				n.req = append(n.req, name)
			}
		case "items":
			n.items, err = sub(kw, val)
		case "enum":
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				return nil, fail(kw, "want a non-empty list")
			}
			n.enum = list
		case "const":
			c := val
			n.cnst = &c
		case "pattern":
			p, ok := val.(string)
			if !ok {
				return nil, fail(kw, "want a string")
			}
			if n.pattern, err = regexp.Compile(p); err != nil {
				return nil, fail(kw, "%v", err)
			}
		case "minimum":
			r, ok := rat(val)
			if !ok {
				return nil, fail(kw, "want a number")
			}
			n.minimum = r
		case "minItems", "minLength":
			num, ok := val.(json.Number)
			i, err := strconv.Atoi(string(num))
			if !ok || err != nil || i < 0 {
				return nil, fail(kw, "want a non-negative integer")
			}
			if kw == "minItems" {
				n.minItem = i
			} else {
				n.minLen = i
			}
		case "$ref":
			r, ok := val.(string)
			if !ok {
				return nil, fail(kw, "want a string")
			}
			n.ref = r
			s.pending = append(s.pending, n)
		case "oneOf", "anyOf":
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				return nil, fail(kw, "want a non-empty list of schemas")
			}
			var alts []*node
			for i, x := range list {
				a, err := s.compile(x, loc+"/"+kw+"/"+strconv.Itoa(i))
				if err != nil {
					return nil, err
				}
				alts = append(alts, a)
			}
			if kw == "oneOf" {
				n.oneOf = alts
			} else {
				n.anyOf = alts
			}
		case "$defs":
			defs, ok := val.(map[string]any)
			if !ok {
				return nil, fail(kw, "want an object")
			}
			for name, x := range defs {
				if _, err := s.compile(x, loc+"/$defs/"+escape(name)); err != nil {
					return nil, err
				}
			}
		case "format":
			f, ok := val.(string)
			if !ok || f != "date" {
				return nil, fail(kw, "only format \"date\" is supported, got %v", val)
			}
			n.format = f
		default:
			if !annotations[kw] {
				return nil, fail(kw, "unsupported keyword")
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return n, nil
}

// rat converts a JSON number to an exact rational.
func rat(v any) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// Error is one way in which a document fails a schema.
type Error struct {
	// InstanceLocation is the JSON Pointer of the failing value in the
	// document; "" is the whole document.
	InstanceLocation string
	// KeywordLocation is the JSON Pointer of the failing keyword in the
	// schema, such as /$defs/party/required.
	KeywordLocation string
	Msg             string
}

// Error returns "instance-location: message", with "/" for the whole
// document.
func (e *Error) Error() string {
	loc := e.InstanceLocation
	if loc == "" {
		loc = "/"
	}
	return loc + ": " + e.Msg
}

// ErrorList is every way in which a document fails a schema, in a
// deterministic order: depth first, object members by name.
type ErrorList []*Error

// Error returns the first error and the number of the others.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", l[0].Error(), len(l)-1)
}

// Unwrap returns the errors of l.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// ValidateJSON validates a JSON text. A malformed text is an error of its
// own; otherwise a non-nil error is an [ErrorList].
func (s *Schema) ValidateJSON(data []byte) error {
	v, err := decode(data)
	if err != nil {
		return fmt.Errorf("jsonschema: invalid JSON: %w", err)
	}
	return s.Validate(v)
}

// Validate validates a document as decoded by [encoding/json] into an any
// (with or without [json.Decoder.UseNumber]). A non-nil error is an
// [ErrorList].
func (s *Schema) Validate(doc any) error {
	var errs ErrorList
	s.root.validate(doc, "", &errs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func typeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	}
	return fmt.Sprintf("%T", v)
}

func isInteger(v any) bool {
	r, ok := rat(v)
	return ok && r.IsInt()
}

// equal compares JSON values, numbers by value.
func equal(a, b any) bool {
	if ra, ok := rat(a); ok {
		rb, ok := rat(b)
		return ok && ra.Cmp(rb) == 0
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, equal)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	}
	return a == b
}

func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(data) > 60 {
		return string(data[:57]) + "..."
	}
	return string(data)
}

func (n *node) validate(v any, at string, errs *ErrorList) {
	fail := func(kw, format string, args ...any) {
		*errs = append(*errs, &Error{InstanceLocation: at, KeywordLocation: n.loc + "/" + kw,
			Msg: fmt.Sprintf(format, args...)})
	}
	if n.always != nil {
		if !*n.always {
			*errs = append(*errs, &Error{InstanceLocation: at, KeywordLocation: n.loc, Msg: "no value is allowed here"})
		}
		return
	}
	if n.refNode != nil {
		n.refNode.validate(v, at, errs)
	}
	if n.types != nil {
		t := typeOf(v)
		ok := slices.Contains(n.types, t) || t == "number" && slices.Contains(n.types, "integer") && isInteger(v)
		if !ok {
			fail("type", "want %s, got %s", strings.Join(n.types, " or "), t)
			return
		}
	}
	if n.enum != nil && !slices.ContainsFunc(n.enum, func(x any) bool { return equal(x, v) }) {
		var alts []string
		for _, x := range n.enum {
			alts = append(alts, show(x))
		}
		fail("enum", "%s is not one of %s", show(v), strings.Join(alts, ", "))
	}
	if n.cnst != nil && !equal(*n.cnst, v) {
		fail("const", "want %s, got %s", show(*n.cnst), show(v))
	}
	switch x := v.(type) {
	case string:
		if n.pattern != nil && !n.pattern.MatchString(x) {
			fail("pattern", "%s does not match the pattern %s", show(x), n.pattern)
		}
		if utf8.RuneCountInString(x) < n.minLen {
			fail("minLength", "%s is shorter than %d characters", show(x), n.minLen)
		}
		if n.format == "date" {
			if _, err := calendar.Parse(x); err != nil {
				fail("format", "%s is not a date YYYY-MM-DD", show(x))
			}
		}
	case json.Number, float64:
		if n.minimum != nil {
			if r, _ := rat(x); r.Cmp(n.minimum) < 0 {
				fail("minimum", "%s is less than %s", show(x), n.minimum.RatString())
			}
		}
	case []any:
		if len(x) < n.minItem {
			fail("minItems", "want at least %d items, got %d", n.minItem, len(x))
		}
		if n.items != nil {
			for i, e := range x {
				n.items.validate(e, at+"/"+strconv.Itoa(i), errs)
			}
		}
	case map[string]any:
		for _, name := range n.req {
			if _, ok := x[name]; !ok {
				fail("required", "missing required property %q", name)
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := at + "/" + escape(k)
			if n.names != nil {
				n.names.validate(k, p, errs)
			}
			if sub, ok := n.props[k]; ok {
				sub.validate(x[k], p, errs)
				continue
			}
			if n.addl != nil {
				if n.addl.always != nil && !*n.addl.always {
					fail("additionalProperties", "property %q is not allowed", k)
					continue
				}
				n.addl.validate(x[k], p, errs)
			}
		}
	}
	if n.anyOf != nil {
		if best, ok := n.alternatives(n.anyOf, v, at); !ok {
			fail("anyOf", "matches none of the %d alternatives", len(n.anyOf))
			*errs = append(*errs, best...)
		}
	}
	if n.oneOf != nil {
		matched := 0
		var best ErrorList
		for _, a := range n.oneOf {
			var sub ErrorList
			a.validate(v, at, &sub)
			if len(sub) == 0 {
				matched++
			} else if best == nil || distance(sub, at) < distance(best, at) {
				best = sub
			}
		}
		switch {
		case matched == 0:
			fail("oneOf", "matches none of the %d alternatives", len(n.oneOf))
			*errs = append(*errs, best...)
		case matched > 1:
			fail("oneOf", "matches %d of the alternatives, want exactly one", matched)
		}
	}
}

// alternatives reports whether v matches any of alts; if not, it returns
// the errors of the alternative that came closest (see distance).
func (n *node) alternatives(alts []*node, v any, at string) (ErrorList, bool) {
	var best ErrorList
	for _, a := range alts {
		var sub ErrorList
		a.validate(v, at, &sub)
		if len(sub) == 0 {
			return nil, true
		}
		if best == nil || distance(sub, at) < distance(best, at) {
			best = sub
		}
	}
	return best, false
}

// distance measures how far a value is from matching an alternative, by
// the errors it has against it: their number, but an alternative whose
// type the value does not have at all counts as far off.
func distance(errs ErrorList, at string) int {
	d := len(errs)
	for _, e := range errs {
		if e.InstanceLocation == at && strings.HasSuffix(e.KeywordLocation, "/type") {
			d += 1000
		}
	}
	return d
}
