package conditions

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewSchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		fields []Field
		want   string
		reason string
	}{
		{"empty name", []Field{{Name: "", Type: Bool}},
			`schema field 0: invalid fact name "": want a dotted identifier such as peace_treaty.concluded`, "a name is required"},
		{"leading digit", []Field{{Name: "a", Type: Bool}, {Name: "1st.party", Type: Bool}},
			`schema field 1: invalid fact name "1st.party": want a dotted identifier such as peace_treaty.concluded`, "components start with a letter or _"},
		{"digit after dot", []Field{{Name: "party.1", Type: Bool}},
			`schema field 0: invalid fact name "party.1": want a dotted identifier such as peace_treaty.concluded`, "every component starts with a letter or _"},
		{"empty component", []Field{{Name: "a..b", Type: Bool}},
			`schema field 0: invalid fact name "a..b": want a dotted identifier such as peace_treaty.concluded`, "no empty components"},
		{"trailing dot", []Field{{Name: "a.", Type: Bool}},
			`schema field 0: invalid fact name "a.": want a dotted identifier such as peace_treaty.concluded`, "no empty last component"},
		{"space", []Field{{Name: "peace treaty", Type: Bool}},
			`schema field 0: invalid fact name "peace treaty": want a dotted identifier such as peace_treaty.concluded`, "no spaces"},
		{"non-ASCII", []Field{{Name: "traité", Type: Bool}},
			`schema field 0: invalid fact name "traité": want a dotted identifier such as peace_treaty.concluded`, "ASCII letters only, as in the syntax"},
		{"keyword", []Field{{Name: "atleast", Type: Bool}},
			`schema field 0: invalid fact name "atleast": want a dotted identifier such as peace_treaty.concluded`, "a keyword cannot be read as a fact"},
		{"duplicate", []Field{{Name: "a", Type: Bool}, {Name: "b", Type: Number}, {Name: "a", Type: Bool}},
			`schema field 2: duplicate fact name "a" (first declared as field 0)`, "names are unique"},
		{"any", []Field{{Name: "a", Type: Any}},
			`schema field 0 (a): invalid type any: want bool, number, string, date or set`, "a schema declares concrete types"},
		{"out of range", []Field{{Name: "a", Type: Type(9)}},
			`schema field 0 (a): invalid type Kind(9): want bool, number, string, date or set`, "only the four types"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSchema(tt.fields...)
			if err == nil {
				t.Fatalf("NewSchema(%v) = %v, want an error (%s)", tt.fields, s, tt.reason)
			}
			if !errors.Is(err, ErrArgument) {
				t.Errorf("error %v is not ErrArgument", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestSchema(t *testing.T) {
	fields := []Field{
		{Name: "peace_treaty.concluded", Type: Bool, Doc: "A peace treaty is in force."},
		{Name: "troops.count", Type: Number},
		{Name: "_x.Y_2.z", Type: String},
		{Name: "treaty.not", Type: Date, Doc: "A keyword inside a dotted name is fine."},
	}
	s, err := NewSchema(fields...)
	if err != nil {
		t.Fatal(err)
	}
	fields[0].Name = "changed" // the schema keeps its own copy
	if s.Len() != 4 {
		t.Errorf("Len = %d, want 4", s.Len())
	}
	f, ok := s.Lookup("peace_treaty.concluded")
	if !ok || f.Type != Bool || f.Doc != "A peace treaty is in force." {
		t.Errorf("Lookup(peace_treaty.concluded) = %v, %v", f, ok)
	}
	if _, ok := s.Lookup("changed"); ok {
		t.Errorf("the schema saw a change to the caller's slice")
	}
	if i, ok := s.Index("treaty.not"); !ok || i != 3 {
		t.Errorf("Index(treaty.not) = %d, %v; want 3, true", i, ok)
	}
	if _, ok := s.Index("nope"); ok {
		t.Errorf("Index(nope) found")
	}
	got := s.Fields()
	got[1].Type = String // a copy: no effect on s
	want := []Field{
		{Name: "peace_treaty.concluded", Type: Bool, Doc: "A peace treaty is in force."},
		{Name: "troops.count", Type: Number},
		{Name: "_x.Y_2.z", Type: String},
		{Name: "treaty.not", Type: Date, Doc: "A keyword inside a dotted name is fine."},
	}
	if d := cmp.Diff(want, s.Fields()); d != "" {
		t.Errorf("Fields (-want +got):\n%s", d)
	}

	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `[{"name":"peace_treaty.concluded","type":"bool","doc":"A peace treaty is in force."},` +
		`{"name":"troops.count","type":"number"},{"name":"_x.Y_2.z","type":"string"},` +
		`{"name":"treaty.not","type":"date","doc":"A keyword inside a dotted name is fine."}]`
	if string(b) != wantJSON {
		t.Errorf("JSON:\n got %s\nwant %s", b, wantJSON)
	}
	// The JSON form reads back into fields that make the same schema.
	var back []Field
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, back); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
}

func TestSchemaNilAndEmpty(t *testing.T) {
	var nilSchema *Schema
	empty, err := NewSchema()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Schema{nilSchema, empty} {
		if s.Len() != 0 || len(s.Fields()) != 0 {
			t.Errorf("%v: Len %d, Fields %v; want empty", s, s.Len(), s.Fields())
		}
		if _, ok := s.Lookup("a"); ok {
			t.Errorf("Lookup on an empty schema found a field")
		}
	}
	// encoding/json writes a nil pointer as null without calling MarshalJSON.
	if b, err := json.Marshal(empty); err != nil || string(b) != "[]" {
		t.Errorf("JSON of an empty schema: %s, %v; want []", b, err)
	}
}

func TestSuggest(t *testing.T) {
	s, err := NewSchema(
		Field{Name: "peace_treaty.concluded", Type: Bool},
		Field{Name: "peace_treaty.signed", Type: Bool},
		Field{Name: "ab", Type: Bool},
		Field{Name: "ac", Type: Bool},
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
		reason     string
	}{
		{"peace_treaty.conclded", "peace_treaty.concluded", "one deletion"},
		{"peace_treaty.sigend", "peace_treaty.signed", "a transposition is two edits"},
		{"Peace_Treaty.Concluded", "peace_treaty.concluded", "three edits in a long name"},
		{"peace.concluded", "", "dropping a whole component is too far"},
		{"ad", "ab", "ties go to the field declared first"},
		{"xyz", "", "nothing close"},
	}
	for _, tt := range tests {
		got, ok := s.suggest(tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("suggest(%q) = %q, %v; want %q (%s)", tt.name, got, ok, tt.want, tt.reason)
		}
	}
	// The distance itself is tested in internal/suggest.
}
