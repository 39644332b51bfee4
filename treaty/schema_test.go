package treaty_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/internal/jsonschema"
	"github.com/treatycond/treatycond/treaty"
)

// compiledSchema compiles the embedded schema name.
func compiledSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, ok := treaty.JSONSchema(name)
	if !ok {
		t.Fatalf("JSONSchema(%q): not found", name)
	}
	s, err := jsonschema.Compile(data)
	if err != nil {
		t.Fatalf("schema %q does not compile: %v", name, err)
	}
	return s
}

func TestJSONSchema(t *testing.T) {
	for _, name := range []string{"model", "scenario"} {
		compiledSchema(t, name)
		data, _ := treaty.JSONSchema(name)
		var doc struct {
			Schema string `json:"$schema"`
			ID     string `json:"$id"`
		}
		if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != "https://json-schema.org/draft/2020-12/schema" ||
			!strings.HasSuffix(doc.ID, "/"+name+".schema.json") {
			t.Errorf("schema %q: $schema %q, $id %q, error %v; want draft 2020-12 and an $id naming the file", name, doc.Schema, doc.ID, err)
		}
		// Each call returns a copy.
		data[0] = 'X'
		again, _ := treaty.JSONSchema(name)
		if again[0] != '{' {
			t.Errorf("JSONSchema(%q) returned shared bytes", name)
		}
	}
	if _, ok := treaty.JSONSchema("report"); ok {
		compiledSchema(t, "report")
	}
	for _, name := range []string{"", "models", "../schema/model", "schema/model"} {
		if _, ok := treaty.JSONSchema(name); ok {
			t.Errorf("JSONSchema(%q) found a schema, want none", name)
		}
	}
}

// schemaFor returns the schema name for a JSON file by its "schema" tag.
func schemaFor(t *testing.T, data []byte) string {
	var doc struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return ""
	}
	switch doc.Schema {
	case treaty.ModelSchema:
		return "model"
	case treaty.ScenarioSchema:
		return "scenario"
	case "treatycond.report/v2":
		return "report"
	}
	return ""
}

// TestGoodFilesMatchSchemas validates every model, scenario and report
// file of the examples and of testdata against its JSON Schema, and loads
// it.
func TestGoodFilesMatchSchemas(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/*.json", "../examples/*/*.json", "../examples/*/*/*.json"} {
		more, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, more...)
	}
	if len(files) < 3 {
		t.Fatalf("found only %d files: %q", len(files), files)
	}
	schemas := map[string]*jsonschema.Schema{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := schemaFor(t, data)
		if name == "" {
			t.Errorf("%s: no \"schema\" tag naming a model, scenario or report", file)
			continue
		}
		if schemas[name] == nil {
			if _, ok := treaty.JSONSchema(name); !ok {
				t.Errorf("%s: a %s file, but there is no %s schema", file, name, name)
				continue
			}
			schemas[name] = compiledSchema(t, name)
		}
		if err := schemas[name].ValidateJSON(data); err != nil {
			t.Errorf("%s does not match the %s schema: %v", file, name, err)
		}
		switch name {
		case "model":
			_, err = treaty.DecodeModel(data, file)
		case "scenario":
			_, err = treaty.DecodeScenario(data, file)
		}
		if err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

// schemaVerdicts says, for every bad file, where the JSON Schema finds
// problems: nil for files whose problems only Validate can see (references,
// dates, cycles, conditions), and for syntax.json, that it is not JSON.
var schemaVerdicts = map[string][]string{
	"syntax.json":             {"malformed"},
	"unknown_field.json":      {"/instruments/0"},
	"wrong_type.json":         {"/instruments/0/parties"},
	"bad_date.json":           {"/instruments/0/in_force"},
	"bad_kind.json":           {"/instruments/0/kind"},
	"missing_required.json":   {"/instruments/0/clauses/0"},
	"missing_condition.json":  {"/instruments/1/relations/0"},
	"wrong_schema.json":       {"/schema"},
	"many_structural.json":    {"/instruments/0", "/instruments/0/signed"},
	"duplicate_id.json":       nil,
	"duplicate_field.json":    nil, // encoding/json keeps the last of duplicate keys
	"duplicate_reading.json":  nil,
	"unknown_party.json":      nil,
	"unknown_instrument.json": nil,
	"unknown_clause.json":     nil,
	"unknown_fact.json":       nil,
	"unknown_performed.json":  nil,
	"performed_not_bool.json": nil,
	"bad_anchor.json":         nil,
	"condition_syntax.json":   nil,
	"condition_type.json":     nil,
	"dates_in_force.json":     nil,
	"dates_terminated.json":   nil,
	"dates_until.json":        nil,
	"cycle.json":              nil,
	"many.json":               nil,
	// Membership problems only Validate sees (membership_bad_test.go).
	"membership_undeclared_set.json":     nil,
	"membership_each_no_parties.json":    nil,
	"membership_entry_cycle.json":        nil,
	"membership_entry_cycle_pair.json":   nil,
	"membership_withdrawal_early.json":   nil,
	"membership_continuing_overlap.json": nil,
	"membership_supplied_fact.json":      nil,

	"scenario_structure.json":    {"", "/facts/dam.completed", "/facts/dam.completed/0", "/facts/drought.declared"},
	"scenario_expect_form.json":  {"/expect/0/since", "/expect/0/status", "/expect/0/value"},
	"scenario_history.json":      nil,
	"scenario_unknown_fact.json": nil,
	"scenario_fact_type.json":    nil,
	"scenario_expect.json":       nil,
}

// TestBadFilesAgainstSchemas checks that the JSON Schemas reject the
// structurally bad files at the places the loaders do, and accept the files
// whose problems need the whole model to see.
func TestBadFilesAgainstSchemas(t *testing.T) {
	model, scenario := compiledSchema(t, "model"), compiledSchema(t, "scenario")
	files, err := filepath.Glob("testdata/bad/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		base := filepath.Base(file)
		want, listed := schemaVerdicts[base]
		if !listed {
			t.Errorf("%s: not in schemaVerdicts", base)
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s := model
		if strings.HasPrefix(base, "scenario_") {
			s = scenario
		}
		err = s.ValidateJSON(data)
		var list jsonschema.ErrorList
		var got []string
		switch {
		case err == nil:
		case errors.As(err, &list):
			for _, e := range list {
				got = append(got, e.InstanceLocation)
			}
			slices.Sort(got)
			got = slices.Compact(got)
		default:
			got = []string{"malformed"}
		}
		if !cmp.Equal(want, got) {
			t.Errorf("%s: schema errors at %q, want at %q\n%v", base, got, want, err)
		}
	}
}

// TestEncodedMatchesSchemas checks that what Encode writes is valid
// against the schemas.
func TestEncodedMatchesSchemas(t *testing.T) {
	m, err := lysBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := compiledSchema(t, "model").ValidateJSON(data); err != nil {
		t.Errorf("encoded model: %v", err)
	}
	s := goScenario(t)
	s.Facts["referendum.held_on"] = treaty.Fact{Value: treaty.MustDate("2003-06-01")}
	data, err = s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"referendum.held_on": "2003-06-01"`)) {
		t.Errorf("a Date fact value is not written as YYYY-MM-DD:\n%s", data)
	}
	if err := compiledSchema(t, "scenario").ValidateJSON(data); err != nil {
		t.Errorf("encoded scenario: %v", err)
	}
}
