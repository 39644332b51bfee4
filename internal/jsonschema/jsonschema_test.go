package jsonschema

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// want is an expected validation error: instance location, keyword
// location and a fragment of the message.
type want struct {
	at, kw, msg string
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		doc    string
		want   []want
		reason string
	}{
		{"type ok", `{"type": "string"}`, `"x"`, nil, "a string is a string"},
		{"type bad", `{"type": "string"}`, `1`, []want{{"", "/type", "want string, got number"}}, "a number is not a string"},
		{"type list", `{"type": ["boolean", "null"]}`, `null`, nil, "null is one of the listed types"},
		{"integer", `{"type": "integer"}`, `2.0`, nil, "2.0 is an integer in JSON Schema"},
		{"integer bad", `{"type": "integer"}`, `2.5`, []want{{"", "/type", "want integer, got number"}}, "2.5 is not an integer"},
		{"required", `{"type": "object", "required": ["a", "b"]}`, `{"a": 1}`,
			[]want{{"", "/required", `missing required property "b"`}}, "b is missing"},
		{"additional false", `{"properties": {"a": {}}, "additionalProperties": false}`, `{"a": 1, "z": 2, "y": 3}`,
			[]want{{"", "/additionalProperties", `property "y" is not allowed`}, {"", "/additionalProperties", `property "z" is not allowed`}},
			"every extra property is reported, in sorted order"},
		{"additional schema", `{"additionalProperties": {"type": "number"}}`, `{"a": 1, "b": "x"}`,
			[]want{{"/b", "/additionalProperties/type", "want number, got string"}}, "extra properties are checked against the schema"},
		{"nested path", `{"properties": {"a~/b": {"items": {"type": "boolean"}}}}`, `{"a~/b": [true, 3]}`,
			[]want{{"/a~0~1b/1", "/properties/a~0~1b/items/type", "want boolean, got number"}}, "paths escape ~ and /"},
		{"propertyNames", `{"propertyNames": {"pattern": "^[a-z]+$"}}`, `{"ok": 1, "Bad": 2}`,
			[]want{{"/Bad", "/propertyNames/pattern", `"Bad" does not match`}}, "property names are validated"},
		{"enum", `{"enum": ["a", 1, null]}`, `"b"`, []want{{"", "/enum", `"b" is not one of "a", 1, null`}}, "not in the enum"},
		{"enum number", `{"enum": [1]}`, `1.0`, nil, "numbers compare by value"},
		{"const", `{"const": {"a": [1]}}`, `{"a": [1]}`, nil, "const compares deeply"},
		{"const bad", `{"const": "x"}`, `"y"`, []want{{"", "/const", `want "x", got "y"`}}, "const mismatch"},
		{"pattern", `{"pattern": "b+"}`, `"abbc"`, nil, "patterns are not anchored"},
		{"minimum", `{"minimum": 0.1}`, `0.05`, []want{{"", "/minimum", "0.05 is less than 1/10"}}, "below the minimum, compared exactly"},
		{"minItems", `{"minItems": 2}`, `[1]`, []want{{"", "/minItems", "want at least 2 items, got 1"}}, "too few items"},
		{"minLength", `{"minLength": 2}`, `"é"`, []want{{"", "/minLength", "shorter than 2"}}, "length counts characters, not bytes"},
		{"format date", `{"format": "date"}`, `"2023-02-29"`, []want{{"", "/format", "not a date"}}, "2023 is not a leap year"},
		{"format date ok", `{"format": "date"}`, `"2024-02-29"`, nil, "2024 is a leap year"},
		{"format ignores other types", `{"format": "date"}`, `12`, nil, "format only applies to strings"},
		{"ref", `{"$defs": {"n": {"type": "number"}}, "items": {"$ref": "#/$defs/n"}}`, `[1, "x"]`,
			[]want{{"/1", "/$defs/n/type", "want number, got string"}}, "references resolve within the document"},
		{"recursive ref", `{"type": "object", "properties": {"next": {"$ref": "#"}}, "additionalProperties": false}`,
			`{"next": {"next": {"bad": 1}}}`, []want{{"/next/next", "/additionalProperties", `property "bad" is not allowed`}}, "a schema may refer to itself"},
		{"oneOf none", `{"oneOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]}`, `{}`,
			[]want{{"", "/oneOf", "matches none of the 2 alternatives"}, {"", "/oneOf/1/required", `missing required property "a"`}},
			"the errors of the closest alternative follow"},
		{"oneOf two", `{"oneOf": [{"type": "number"}, {"minimum": 0}]}`, `5`,
			[]want{{"", "/oneOf", "matches 2 of the alternatives"}}, "oneOf wants exactly one"},
		{"anyOf", `{"anyOf": [{"type": "number"}, {"minimum": 0}]}`, `5`, nil, "anyOf accepts several"},
		{"anyOf none", `{"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}`, `{}`,
			[]want{{"", "/anyOf", "matches none"}, {"", "/anyOf/0/required", `"a"`}}, "anyOf reports the first closest alternative"},
		{"false property", `{"properties": {"a": false}}`, `{"a": 1}`, []want{{"/a", "/properties/a", "no value is allowed here"}}, "a false schema rejects anything"},
		{"true schema", `true`, `{"anything": [1]}`, nil, "the true schema accepts anything"},
		{"annotations", `{"title": "t", "description": "d", "$comment": "c", "examples": [1], "default": 1}`, `1`, nil, "annotations are ignored"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compile([]byte(tc.schema))
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			err = s.ValidateJSON([]byte(tc.doc))
			var got ErrorList
			if err != nil && !errors.As(err, &got) {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d errors %v, want %d (%s)", len(got), got, len(tc.want), tc.reason)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.InstanceLocation != w.at || g.KeywordLocation != w.kw || !strings.Contains(g.Msg, w.msg) {
					t.Errorf("error %d = {%q %q %q}, want {%q %q containing %q} (%s)",
						i, g.InstanceLocation, g.KeywordLocation, g.Msg, w.at, w.kw, w.msg, tc.reason)
				}
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		schema string
		msg    string
		reason string
	}{
		{`{"minProperties": 1}`, `/minProperties: unsupported keyword`, "keywords outside the subset are rejected, not ignored"},
		{`{"type": "str"}`, `unknown type "str"`, "misspelled type"},
		{`{"$ref": "#/$defs/missing"}`, `names nothing`, "dangling reference"},
		{`{"$ref": "other.json#/a"}`, `only references within the document`, "external reference"},
		{`{"pattern": "("}`, `/pattern: error parsing regexp`, "invalid pattern"},
		{`{"format": "email"}`, `only format "date"`, "unsupported format"},
		{`{"items": [{}]}`, `a schema must be an object or a boolean`, "tuple items are not supported"},
		{`{"$defs": {"x": {"typo": 1}}}`, `/$defs/x/typo: unsupported keyword`, "unreferenced definitions are compiled too"},
		{`{"minItems": -1}`, `want a non-negative integer`, "negative count"},
		{`{"enum": []}`, `want a non-empty list`, "empty enum"},
		{`[1]`, `a schema must be an object or a boolean`, "not a schema"},
		{`{`, `unexpected EOF`, "malformed JSON"},
	}
	for _, tc := range tests {
		_, err := Compile([]byte(tc.schema))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Compile(%s) = %v, want an error containing %q (%s)", tc.schema, err, tc.msg, tc.reason)
		}
	}
}

func TestValidateDecodedWithFloats(t *testing.T) {
	s, err := Compile([]byte(`{"properties": {"n": {"minimum": 1, "enum": [1.5, 2]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	// Documents decoded without UseNumber hold float64.
	if err := s.Validate(map[string]any{"n": 2.0}); err != nil {
		t.Errorf("float64 2 = %v, want valid", err)
	}
	if err := s.Validate(map[string]any{"n": 0.5}); err == nil {
		t.Errorf("float64 0.5 is valid, want below minimum and not in enum")
	}
}

func TestValidateJSONMalformed(t *testing.T) {
	s, _ := Compile([]byte(`true`))
	err := s.ValidateJSON([]byte(`{"a": }`))
	var list ErrorList
	if err == nil || errors.As(err, &list) {
		t.Errorf("ValidateJSON(malformed) = %v, want an error that is not an ErrorList", err)
	}
}

func TestErrorListText(t *testing.T) {
	l := ErrorList{{InstanceLocation: "", Msg: "a"}, {InstanceLocation: "/x", Msg: "b"}}
	if got := l.Error(); got != "/: a (and 1 more)" {
		t.Errorf("Error() = %q", got)
	}
	if got := l[1].Error(); got != "/x: b" {
		t.Errorf("Error() = %q", got)
	}
	if len(l.Unwrap()) != 2 {
		t.Errorf("Unwrap() has %d errors, want 2", len(l.Unwrap()))
	}
}

func TestConcurrentValidate(t *testing.T) {
	s, err := Compile([]byte(`{"type": "object", "additionalProperties": {"$ref": "#/$defs/v"}, "$defs": {"v": {"type": "number", "minimum": 0}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			doc := map[string]any{"a": float64(i), "b": -1.0}
			err := s.Validate(doc)
			var l ErrorList
			if !errors.As(err, &l) || len(l) != 1 || l[0].InstanceLocation != "/b" {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Validate = %v, want one error at /b", err)
	}
}
