package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// Values of set and indexed facts on the command line (--set, --values).
//
// A set is written as a JSON array of member names, ["FR","DE"], or as a
// JSON object from member to true, false or null (unknown membership);
// an indexed fact as a JSON object from member to value, {"FR":0.4}.
// null or unknown is an unknown value, as for every fact. In --values
// the commas inside brackets, braces and quotes do not separate values:
// --values 'members=["FR"],["FR","DE"],unknown'.

// isCollDecl reports whether f is a set or an indexed fact.
func isCollDecl(f treaty.FactDecl) bool {
	return f.Type.String() == "set" || f.Index != ""
}

// parseCollValue parses the command-line value text of the set or indexed
// fact f of m, checked as a scenario value is ([treaty.ConvertFact]).
func parseCollValue(m *treaty.Model, f treaty.FactDecl, text string) (any, error) {
	if text == "null" || text == "unknown" {
		return nil, nil
	}
	want := "a JSON array of member names or an object from member to true, false or null"
	if f.Index != "" {
		want = fmt.Sprintf("a JSON object from each member of %s to a %s", f.Index, f.Type)
	}
	dec := json.NewDecoder(strings.NewReader(text))
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, fmt.Errorf("fact %q is indexed or a set: want %s, got %s", f.Name, want, text)
	}
	switch v.(type) {
	case []any, map[string]any:
	default:
		return nil, fmt.Errorf("fact %q is indexed or a set: want %s, got %s", f.Name, want, text)
	}
	if _, err := treaty.ConvertFact(m, f.Name, v); err != nil {
		return nil, err
	}
	return v, nil
}

// splitValues splits the value list of --values at the commas that are
// not inside brackets, braces or a double-quoted string.
func splitValues(list string) []string {
	var out []string
	depth, quoted, escaped := 0, false, false
	var cur bytes.Buffer
	for i := 0; i < len(list); i++ {
		ch := list[i]
		switch {
		case escaped:
			escaped = false
		case quoted && ch == '\\':
			escaped = true
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '[' || ch == '{':
			depth++
		case (ch == ']' || ch == '}') && depth > 0:
			depth--
		case ch == ',' && depth == 0:
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(ch)
	}
	return append(out, cur.String())
}
