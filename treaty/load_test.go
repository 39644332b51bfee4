package treaty_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// badModels lists every bad model file under testdata/bad with the errors
// loading it must give, in order.
var badModels = []struct {
	file   string
	is     []error // sentinels every returned error list must match
	want   []string
	reason string
}{
	{"syntax.json", []error{treaty.ErrSyntax},
		[]string{`syntax.json:11:5: invalid JSON: unexpected '{' in array, want ',' or ']'`},
		"malformed JSON is located at the offending character"},
	{"unknown_field.json", []error{treaty.ErrSchema},
		[]string{`unknown_field.json:21:7: /instruments/0/clauss: unknown field "clauss" (did you mean "clauses"?)`},
		"an unknown field is located at its key, with a suggestion"},
	{"wrong_type.json", []error{treaty.ErrSchema},
		[]string{`wrong_type.json:18:18: /instruments/0/parties: want array, got string`},
		"a value of the wrong JSON type"},
	{"bad_date.json", []error{treaty.ErrSchema},
		[]string{`bad_date.json:20:19: /instruments/0/in_force: invalid date "1956-12-32": day 32 is out of range: December 1956 has 31 days`},
		"a date that does not exist"},
	{"bad_kind.json", []error{treaty.ErrSchema},
		[]string{`bad_kind.json:17:15: /instruments/0/kind: invalid instrument kind "joint_declaraton": want one of treaty, agreement, protocol, joint_declaration, declaration, memorandum, statement, note, resolution, law, award (did you mean "joint_declaration"?)`},
		"a kind that is not one of the constants"},
	{"missing_required.json", []error{treaty.ErrSchema},
		[]string{`missing_required.json:22:9: /instruments/0/clauses/0/bearer: missing or empty "bearer"`},
		"a missing field is located at the object that lacks it"},
	{"duplicate_id.json", []error{treaty.ErrDuplicateID},
		[]string{`duplicate_id.json:11:12: /parties/1/id: duplicate party id "JP" (first at /parties/0)`},
		"two parties with one id"},
	{"duplicate_field.json", []error{treaty.ErrSchema},
		[]string{`duplicate_field.json:27:11: /instruments/0/clauses/0/action: duplicate field "action" (first on line 26)`},
		"a field given twice in one object"},
	{"unknown_party.json", []error{treaty.ErrUnknownParty},
		[]string{`unknown_party.json:25:21: /instruments/0/clauses/0/bearer: unknown party "SUN" (did you mean "SU"?)`},
		"a clause's bearer is not a party"},
	{"unknown_instrument.json", []error{treaty.ErrUnknownInstrument},
		[]string{`unknown_instrument.json:33:33: /readings/0/accepts/0: unknown instrument "jsd1965" (did you mean "jsd1956"?)`},
		"a reading accepts an instrument that does not exist"},
	{"unknown_clause.json", []error{treaty.ErrUnknownClause},
		[]string{`unknown_clause.json:38:46: /instruments/1/relations/0/target: unknown target "jsd1956.art8": no instrument or clause has this id (did you mean "jsd1956.art9"?)`},
		"an added condition for a clause that does not exist"},
	{"unknown_fact.json", []error{treaty.ErrCondition, treaty.ErrUnknownFact, conditions.ErrUnknownFact},
		[]string{`unknown_fact.json:27:25: /instruments/0/clauses/0/condition: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)`},
		"a condition reads an undeclared fact; the error points inside the condition"},
	{"unknown_performed.json", []error{treaty.ErrUnknownFact},
		[]string{`unknown_performed.json:27:24: /instruments/0/clauses/0/performed: unknown fact "islands.transfered" (did you mean "islands.transferred"?)`},
		"performance is recorded by an undeclared fact"},
	{"performed_not_bool.json", []error{treaty.ErrSchema},
		[]string{`performed_not_bool.json:27:24: /instruments/0/clauses/0/performed: performed fact "troops.count" is declared number, want bool`},
		"performance is recorded by a number fact"},
	{"bad_anchor.json", []error{treaty.ErrUnknownFact},
		[]string{`bad_anchor.json:27:47: /instruments/0/clauses/0/deadline/from: unknown anchor "ratifed": want due, in_force, signed or a date fact`},
		"a deadline anchored on something that is neither an anchor nor a fact"},
	{"condition_syntax.json", []error{treaty.ErrCondition, conditions.ErrSyntax},
		[]string{
			`condition_syntax.json:27:83: /instruments/0/clauses/0/condition: unexpected 'and': expected a condition`,
			`condition_syntax.json:27:86: /instruments/0/clauses/0/condition: unexpected end of input: expected a condition`,
		},
		`every syntax error of a condition, located in the file past escapes such as \" and \u00e9`},
	{"condition_type.json", []error{treaty.ErrCondition, conditions.ErrType},
		[]string{`condition_type.json:27:25: /instruments/0/clauses/0/condition: operand of 'and' must be bool, found number`},
		"a condition that does not type-check against the declared facts"},
	{"missing_condition.json", []error{treaty.ErrSchema},
		[]string{`missing_condition.json:37:21: /instruments/1/relations/0/condition: missing "condition": adds_condition needs one`},
		"adds_condition without a condition"},
	{"dates_in_force.json", []error{treaty.ErrDates},
		[]string{`dates_in_force.json:20:19: /instruments/0/in_force: in force 1956-10-01 before it was signed 1956-10-19`},
		"in force before signed"},
	{"dates_terminated.json", []error{treaty.ErrDates},
		[]string{`dates_terminated.json:21:21: /instruments/0/terminated: terminated 1956-11-01 before it took effect 1956-12-12`},
		"terminated before in force"},
	{"dates_until.json", []error{treaty.ErrDates},
		[]string{`dates_until.json:38:82: /instruments/1/relations/0/until: until 1960-01-31 before from 1960-02-01`},
		"a suspension that ends before it starts"},
	{"cycle.json", []error{treaty.ErrCycle},
		[]string{`cycle.json:37:54: /instruments/1/relations/0/target: cycle of relations: "a" supersedes "b", "b" terminates "a"`},
		"two instruments that end each other"},
	{"duplicate_reading.json", []error{treaty.ErrDuplicateID},
		[]string{`duplicate_reading.json:34:15: /readings/1/party: duplicate reading id "JP" (first at /readings/0); a reading's id defaults to its party`},
		"two readings whose ids default to the same party"},
	{"wrong_schema.json", []error{treaty.ErrSchema},
		[]string{`wrong_schema.json:2:13: /schema: schema "treatycond.scenario/v1": this is a scenario, not a model (want "treatycond.model/v1")`},
		"a scenario given as a model: one clear error rather than many"},
	{"many.json", []error{treaty.ErrDates, treaty.ErrUnknownParty, treaty.ErrCondition},
		[]string{
			`many.json:20:19: /instruments/0/in_force: in force 1956-10-01 before it was signed 1956-10-19`,
			`many.json:25:21: /instruments/0/clauses/0/bearer: unknown party "SUN" (did you mean "SU"?)`,
			`many.json:27:25: /instruments/0/clauses/0/condition: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)`,
		},
		"several semantic problems are all reported, in file order"},
	{"many_structural.json", []error{treaty.ErrSchema, treaty.ErrCondition},
		[]string{
			`many_structural.json:19:17: /instruments/0/signed: want string, got number`,
			`many_structural.json:21:7: /instruments/0/clauss: unknown field "clauss" (did you mean "clauses"?)`,
			`many_structural.json:28:53: /instruments/0/clauses/0/condition: unexpected end of input: expected a condition`,
		},
		"several structural problems are all reported, in file order"},
}

// badScenarios lists every bad scenario file under testdata/bad, checked
// against testdata/minimal.json. decode is what LoadScenario reports (nil:
// it succeeds); validate is what ValidateScenario then reports, for the
// scenario LoadScenario returned, whether partially decoded or not: every
// problem of the file at once.
var badScenarios = []struct {
	file     string
	decode   []string
	validate []string
	is       []error
	reason   string
}{
	{"scenario_structure.json",
		[]string{
			`scenario_structure.json:4:3: /asof: unknown field "asof" (did you mean "as_of"?)`,
			`scenario_structure.json:7:42: /facts/drought.declared/histroy: unknown field "histroy" (did you mean "history"?)`,
		},
		[]string{
			`scenario_structure.json:4:3: /asof: unknown field "asof" (did you mean "as_of"?)`,
			`scenario_structure.json:6:22: /facts/dam.completed: want bool for fact "dam.completed", got an array`,
			`scenario_structure.json:7:42: /facts/drought.declared/histroy: unknown field "histroy" (did you mean "history"?)`,
		},
		[]error{treaty.ErrSchema},
		"structural problems, facts included; no missing as_of after the misspelt asof"},
	{"scenario_history.json",
		[]string{
			`scenario_history.json:11:18: /facts/drought.declared/history/1/from: history out of order: 2011-03-01 is listed after 2012-07-01`,
			`scenario_history.json:12:18: /facts/drought.declared/history/2/from: history has two entries from 2011-03-01`,
		},
		[]string{
			`scenario_history.json:11:18: /facts/drought.declared/history/1/from: history out of order: 2011-03-01 is listed after 2012-07-01`,
			`scenario_history.json:12:18: /facts/drought.declared/history/2/from: history has two entries from 2011-03-01`,
			`scenario_history.json:12:41: /facts/drought.declared/history/2/value: want bool for fact "drought.declared", got number 1`,
		},
		[]error{treaty.ErrDates},
		"histories are checked without a model; the value's type with it, in the same round"},
	{"scenario_expect_form.json",
		[]string{
			`scenario_expect_form.json:10:65: /expect/0/status: invalid status "overdue": want one of not_in_force, not_due, undetermined, due, fulfilled, violated, available, exercised, effective, blocked, lapsed`,
			`scenario_expect_form.json:10:85: /expect/0/value: invalid value "maybe": want one of true, false, unknown`,
			`scenario_expect_form.json:10:103: /expect/0/since: invalid since "2020": want YYYY-MM-DD or "none"`,
		},
		[]string{
			`scenario_expect_form.json:10:65: /expect/0/status: invalid status "overdue": want one of not_in_force, not_due, undetermined, due, fulfilled, violated, available, exercised, effective, blocked, lapsed`,
			`scenario_expect_form.json:10:85: /expect/0/value: invalid value "maybe": want one of true, false, unknown`,
			`scenario_expect_form.json:10:103: /expect/0/since: invalid since "2020": want YYYY-MM-DD or "none"`,
		},
		[]error{treaty.ErrSchema},
		"the form of expectations is checked without a model"},
	{"scenario_unknown_fact.json", nil,
		[]string{`scenario_unknown_fact.json:7:21: /facts/dam.complete: unknown fact "dam.complete" (did you mean "dam.completed"?)`},
		[]error{treaty.ErrUnknownFact},
		"a fact the model does not declare"},
	{"scenario_fact_type.json", nil,
		[]string{
			`scenario_fact_type.json:7:22: /facts/dam.completed: want bool for fact "dam.completed", got string "yes"`,
			`scenario_fact_type.json:8:37: /facts/referendum.held_on/value: want date for fact "referendum.held_on", got string "2003-02-30": not a valid YYYY-MM-DD date`,
		},
		[]error{treaty.ErrSchema},
		"values of the wrong type, in the short and the long form"},
	{"scenario_expect.json", nil,
		[]string{
			`scenario_expect.json:10:16: /expect/0/clause: unknown clause "t1990.art3.releas" (did you mean "t1990.art3.release"?)`,
			`scenario_expect.json:11:49: /expect/1/reading: unknown reading "AL-court" (did you mean "AL-courts"?)`,
			`scenario_expect.json:11:73: /expect/1/missing/0: unknown fact "dam"`,
		},
		[]error{treaty.ErrUnknownClause, treaty.ErrUnknownReading, treaty.ErrUnknownFact},
		"expectations name clauses, readings and facts of the model"},
}

// errorTexts returns the Error() of each error in err, which must be a
// treaty.ErrorList.
func errorTexts(t *testing.T, err error) []string {
	t.Helper()
	var list treaty.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T) is not a treaty.ErrorList", err, err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

func prefixed(dir string, want []string) []string {
	out := make([]string, len(want))
	for i, w := range want {
		out[i] = filepath.Join(dir, w)
	}
	return out
}

func TestLoadModelBad(t *testing.T) {
	for _, tc := range badModels {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tc.file)
			m, err := treaty.LoadModel(path)
			if m != nil || err == nil {
				t.Fatalf("LoadModel = %v, %v; want nil and an error (%s)", m, err, tc.reason)
			}
			if diff := cmp.Diff(prefixed("testdata/bad", tc.want), errorTexts(t, err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s(%s)", diff, tc.reason)
			}
			for _, target := range tc.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = false (%s)", target, tc.reason)
				}
			}
		})
	}
}

func TestLoadScenarioBad(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range badScenarios {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tc.file)
			s, err := treaty.LoadScenario(path)
			if s == nil {
				t.Fatalf("LoadScenario = nil, %v; want a scenario, partial or not, to validate (%s)", err, tc.reason)
			}
			if tc.decode == nil {
				if err != nil {
					t.Fatalf("LoadScenario: %v; want success, then ValidateScenario to fail (%s)", err, tc.reason)
				}
			} else if diff := cmp.Diff(prefixed("testdata/bad", tc.decode), errorTexts(t, err)); diff != "" {
				t.Errorf("LoadScenario errors (-want +got):\n%s(%s)", diff, tc.reason)
			}
			err = treaty.ValidateScenario(m, s)
			if err == nil {
				t.Fatalf("ValidateScenario = nil, want errors (%s)", tc.reason)
			}
			if diff := cmp.Diff(prefixed("testdata/bad", tc.validate), errorTexts(t, err)); diff != "" {
				t.Errorf("ValidateScenario errors (-want +got):\n%s(%s)", diff, tc.reason)
			}
			for _, target := range tc.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(err, %v) = false (%s)", target, tc.reason)
				}
			}
			// Asking again gives the same list: the decoding problems are
			// not consumed, nor changed by what callers do with them.
			var list treaty.ErrorList
			errors.As(err, &list)
			list[0].Msg = "changed"
			if diff := cmp.Diff(prefixed("testdata/bad", tc.validate), errorTexts(t, treaty.ValidateScenario(m, s))); diff != "" {
				t.Errorf("ValidateScenario a second time (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

// mixedScenario has problems of every kind: of its structure, found by
// DecodeScenario, and against testdata/minimal.json, found only with the
// model. The misspelt "asof", the impossible date and the clause given as
// a number leave nothing decoded, which must not be reported as missing.
const mixedScenario = `{
  "schema": "treatycond.scenario/v1",
  "id": "s",
  "asof": "2020-06-30",
  "facts": {
    "dam.completed": "yes",
    "dam.complete": true,
    "drought.declared": {
      "history": [
        {"from": "2012-07-01", "value": true},
        {"from": "2011-03-01", "value": 3},
        {"from": "2013-02-30", "value": false}
      ]
    }
  },
  "expect": [
    {"clause": "t1990.art3.releas", "reading": "AL", "status": "overdue"},
    {"clause": 7, "reading": "XX", "since": "2020"}
  ]
}`

func TestScenarioProblemsInOneRound(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	structural := []string{
		`mixed.json:4:3: /asof: unknown field "asof" (did you mean "as_of"?)`,
		`mixed.json:11:18: /facts/drought.declared/history/1/from: history out of order: 2011-03-01 is listed after 2012-07-01`,
		`mixed.json:12:18: /facts/drought.declared/history/2/from: invalid date "2013-02-30": day 30 is out of range: February 2013 has 28 days`,
		`mixed.json:17:64: /expect/0/status: invalid status "overdue": want one of not_in_force, not_due, undetermined, due, fulfilled, violated, available, exercised, effective, blocked, lapsed`,
		`mixed.json:18:16: /expect/1/clause: want string, got number`,
		`mixed.json:18:45: /expect/1/since: invalid since "2020": want YYYY-MM-DD or "none"`,
	}
	all := []string{
		`mixed.json:4:3: /asof: unknown field "asof" (did you mean "as_of"?)`,
		`mixed.json:6:22: /facts/dam.completed: want bool for fact "dam.completed", got string "yes"`,
		`mixed.json:7:21: /facts/dam.complete: unknown fact "dam.complete" (did you mean "dam.completed"?)`,
		`mixed.json:11:18: /facts/drought.declared/history/1/from: history out of order: 2011-03-01 is listed after 2012-07-01`,
		`mixed.json:11:41: /facts/drought.declared/history/1/value: want bool for fact "drought.declared", got number 3`,
		`mixed.json:12:18: /facts/drought.declared/history/2/from: invalid date "2013-02-30": day 30 is out of range: February 2013 has 28 days`,
		`mixed.json:17:16: /expect/0/clause: unknown clause "t1990.art3.releas" (did you mean "t1990.art3.release"?)`,
		`mixed.json:17:64: /expect/0/status: invalid status "overdue": want one of not_in_force, not_due, undetermined, due, fulfilled, violated, available, exercised, effective, blocked, lapsed`,
		`mixed.json:18:16: /expect/1/clause: want string, got number`,
		`mixed.json:18:30: /expect/1/reading: unknown reading "XX"`,
		`mixed.json:18:45: /expect/1/since: invalid since "2020": want YYYY-MM-DD or "none"`,
	}
	s, err := treaty.DecodeScenario([]byte(mixedScenario), "mixed.json")
	if s == nil {
		t.Fatalf("DecodeScenario = nil, %v; want the partial scenario with the error", err)
	}
	if diff := cmp.Diff(structural, errorTexts(t, err)); diff != "" {
		t.Errorf("DecodeScenario errors (-want +got):\n%s", diff)
	}
	err = treaty.ValidateScenario(m, s)
	if diff := cmp.Diff(all, errorTexts(t, err)); diff != "" {
		t.Errorf("ValidateScenario errors (-want +got):\n%s", diff)
	}
	for _, target := range []error{treaty.ErrSchema, treaty.ErrDates, treaty.ErrUnknownFact, treaty.ErrUnknownClause, treaty.ErrUnknownReading} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
	// A partial scenario never validates, whatever the model: the decoding
	// problems stay with it.
	if err := treaty.ValidateScenario(nil, s); err == nil {
		t.Error("ValidateScenario(nil, partial) = nil, want the decoding problems")
	}
}

func TestDecodeScenarioNotAScenario(t *testing.T) {
	tests := []struct {
		in, want, reason string
	}{
		{`{"id": `, `s.json:1:8: invalid JSON: unexpected end of input, want a value`, "not JSON"},
		{`[1, 2]`, `s.json:1:1: want object, got array`, "not an object"},
		{`{"schema": "treatycond.model/v1", "id": "m"}`,
			`s.json:1:12: /schema: schema "treatycond.model/v1": this is a model, not a scenario (want "treatycond.scenario/v1")`,
			"a model given as a scenario"},
	}
	for _, tc := range tests {
		s, err := treaty.DecodeScenario([]byte(tc.in), "s.json")
		if s != nil {
			t.Errorf("DecodeScenario(%s) = %+v, want nil: nothing worth validating (%s)", tc.in, s, tc.reason)
		}
		if got := errorTexts(t, err); len(got) != 1 || got[0] != tc.want {
			t.Errorf("DecodeScenario(%s) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
		}
	}
}

// TestBadFilesAllListed makes sure no bad file goes untested.
func TestBadFilesAllListed(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, tc := range badModels {
		listed = append(listed, tc.file)
	}
	for _, tc := range badScenarios {
		listed = append(listed, tc.file)
	}
	listed = append(listed, membershipBadFiles()...)
	var found []string
	for _, f := range files {
		found = append(found, filepath.Base(f))
	}
	slices.Sort(listed)
	if diff := cmp.Diff(listed, found); diff != "" {
		t.Errorf("files in testdata/bad differ from the test tables (-listed +found):\n%s", diff)
	}
}

func TestErrorFields(t *testing.T) {
	_, err := treaty.LoadModel("testdata/bad/condition_syntax.json")
	var list treaty.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("LoadModel = %v, want an ErrorList", err)
	}
	e := list[0]
	want := &treaty.Error{File: "testdata/bad/condition_syntax.json", Path: "/instruments/0/clauses/0/condition",
		Line: 27, Column: 83, Code: treaty.CodeCondition, Msg: "unexpected 'and': expected a condition"}
	if diff := cmp.Diff(want, e, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Err" }, cmp.Ignore())); diff != "" {
		t.Errorf("first error (-want +got):\n%s", diff)
	}
	ce, ok := errors.AsType[*conditions.Error](err)
	if !ok || ce.Code != conditions.CodeSyntax || ce.Pos.Column != 45 {
		t.Errorf("conditions error = %+v, want the syntax error at column 45 of the condition", ce)
	}
}

func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		reason string
	}{
		{"", `m.json:1:1: invalid JSON: unexpected end of input, want a value`, "empty file"},
		{"{\n  \"id\": \"x\",\n}", `m.json:3:1: invalid JSON: unexpected '}' in object, want a key in double quotes`, "trailing comma"},
		{"{\"title\": \"Ürümqi\" \"id\": 1}", `m.json:1:20: invalid JSON: unexpected '"' in object, want ',' or '}'`, "columns count characters, not bytes"},
		{"{\"id\": \"a\tb\"}", `m.json:1:10: invalid JSON: control character U+0009 in string (write it as an escape)`, "raw tab in a string"},
		{"[1] x", `m.json:1:5: invalid JSON: unexpected 'x' after the top-level value`, "trailing garbage"},
	}
	for _, tc := range tests {
		_, err := treaty.DecodeModel([]byte(tc.in), "m.json")
		if got := errorTexts(t, err); len(got) != 1 || got[0] != tc.want {
			t.Errorf("DecodeModel(%q) = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
		}
		if !errors.Is(err, treaty.ErrSyntax) {
			t.Errorf("DecodeModel(%q): errors.Is(err, ErrSyntax) = false (%s)", tc.in, tc.reason)
		}
	}
}

func TestDecodeStructuralErrors(t *testing.T) {
	tests := []struct {
		in     string
		want   []string
		reason string
	}{
		{`[]`, []string{`m.json:1:1: want object, got array`}, "the document must be an object"},
		{`{"id": "x", "parties": null}`, []string{`m.json:1:24: /parties: want array, got null`}, "null is not an empty list"},
		{`{"id": "x", "ID": "y"}`, []string{`m.json:1:13: /ID: unknown field "ID" (did you mean "id"?)`}, "field names are case-sensitive"},
		{`{"id": "x", "zzz": 1}`, []string{`m.json:1:13: /zzz: unknown field "zzz"`}, "no suggestion when nothing is close"},
		{`{"id": "x", "facts": [{"name": "a", "type": "text"}]}`,
			[]string{`m.json:1:45: /facts/0/type: invalid type "text": want bool, number, string, date or set`}, "an unknown fact type"},
		{`{"id": "x", "instruments": [{"clauses": [{"deadline": {"after": "3w"}}]}]}`,
			[]string{`m.json:1:65: /instruments/0/clauses/0/deadline/after: invalid period "3w": units must be y, m, d, each at most once and in that order`}, "a malformed period"},
		{`{"id": "x", "instruments": [{"clauses": [{"not_before": 5, "condition": 5}]}]}`,
			[]string{
				`m.json:1:57: /instruments/0/clauses/0/not_before: want object, got number`,
				`m.json:1:73: /instruments/0/clauses/0/condition: want string, got number`,
			}, "wrong types in nested objects, all reported"},
	}
	for _, tc := range tests {
		// The structural problems come with the semantic ones of the rest
		// of the document (such as "a model needs at least one party"),
		// but nothing else is reported at their paths.
		_, err := treaty.DecodeModel([]byte(tc.in), "m.json")
		var list treaty.ErrorList
		require.ErrorAs(t, err, &list)
		var got []string
		for _, e := range list {
			for _, w := range tc.want {
				if strings.Contains(w, " "+e.Path+": ") || e.Path == "" && strings.HasPrefix(w, "m.json:1:1: want") {
					got = append(got, e.Error())
					break
				}
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("DecodeModel(%s) errors at the structural paths (-want +got):\n%s(%s)", tc.in, diff, tc.reason)
		}
	}
}

// TestModelProblemsInOneRound: a model file with problems of several
// kinds reports them all in one round; a bad date does not hide an unknown
// fact or an unknown party, and nothing is reported twice.
func TestModelProblemsInOneRound(t *testing.T) {
	data := []byte(`{
  "schema": "treatycond.model/v1", "id": "m",
  "facts": [{"name": "a", "type": "bool"}],
  "parties": [{"id": "A", "name": "A"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A", "Z"], "signed": "2024-02-30",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act", "condition": "a and b",
                 "deadline": {"after": "1w"}, "colour": "red"}]}]
}`)
	_, err := treaty.DecodeModel(data, "m.json")
	want := []string{
		`m.json:5:80: /instruments/0/parties/1: unknown party "Z"`,
		`m.json:5:96: /instruments/0/signed: invalid date "2024-02-30": day 30 is out of range: February 2024 has 29 days`,
		`m.json:6:103: /instruments/0/clauses/0/condition: unknown fact "b"`,
		`m.json:7:40: /instruments/0/clauses/0/deadline/after: invalid period "1w": units must be y, m, d, each at most once and in that order`,
		`m.json:7:47: /instruments/0/clauses/0/colour: unknown field "colour"`,
	}
	if diff := cmp.Diff(want, errorTexts(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, target := range []error{treaty.ErrSchema, treaty.ErrUnknownFact, treaty.ErrUnknownParty} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
}

func TestLoadModelNotExist(t *testing.T) {
	_, err := treaty.LoadModel("testdata/no-such-file.json")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadModel(missing) = %v, want fs.ErrNotExist", err)
	}
	_, err = treaty.LoadScenario("testdata/no-such-file.json")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadScenario(missing) = %v, want fs.ErrNotExist", err)
	}
}

// goodModels are the model files that must load.
func goodModels(t *testing.T) []string {
	files := []string{"testdata/minimal.json"}
	more, err := filepath.Glob("../examples/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range more {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(`"`+treaty.ModelSchema+`"`)) {
			files = append(files, f)
		}
	}
	return files
}

func TestModelRoundTrip(t *testing.T) {
	for _, file := range goodModels(t) {
		t.Run(file, func(t *testing.T) {
			m1, err := treaty.LoadModel(file)
			if err != nil {
				t.Fatal(err)
			}
			data1, err := m1.Encode()
			if err != nil {
				t.Fatal(err)
			}
			m2, err := treaty.DecodeModel(data1, "encoded.json")
			if err != nil {
				t.Fatalf("decoding the encoded model: %v\n%s", err, data1)
			}
			// cmp uses Date.Equal and conditions.Expr.Equal.
			if diff := cmp.Diff(m1, m2); diff != "" {
				t.Errorf("decode(encode(m)) differs (-m +decoded):\n%s", diff)
			}
			data2, err := m2.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data1, data2) {
				t.Errorf("encoding is not stable:\n%s\nthen\n%s", data1, data2)
			}
		})
	}
}

func TestScenarioRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../examples/*/scenario*.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "testdata/minimal.scenario.json")
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			s1, err := treaty.LoadScenario(file)
			if err != nil {
				t.Fatal(err)
			}
			data, err := s1.Encode()
			if err != nil {
				t.Fatal(err)
			}
			s2, err := treaty.DecodeScenario(data, "encoded.json")
			if err != nil {
				t.Fatalf("decoding the encoded scenario: %v\n%s", err, data)
			}
			if diff := cmp.Diff(s1, s2); diff != "" {
				t.Errorf("decode(encode(s)) differs (-s +decoded):\n%s", diff)
			}
		})
	}
}

func TestSaveAndLoad(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := treaty.SaveModel(filepath.Join(dir, "m.json"), m); err != nil {
		t.Fatal(err)
	}
	if err := treaty.SaveScenario(filepath.Join(dir, "s.json"), s); err != nil {
		t.Fatal(err)
	}
	m2, err := treaty.LoadModel(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	s2, err := treaty.LoadScenario(filepath.Join(dir, "s.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(m, m2) || !cmp.Equal(s, s2) {
		t.Errorf("saved and loaded again: model equal %v, scenario equal %v; want both", cmp.Equal(m, m2), cmp.Equal(s, s2))
	}
	if err := treaty.SaveModel(filepath.Join(dir, "missing", "m.json"), m); err == nil {
		t.Errorf("SaveModel into a missing directory = nil, want an error")
	}
}

func TestScenarioFactsDecoded(t *testing.T) {
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]treaty.Fact{
		"dam.completed":      {Value: true},
		"flow.minimum_m3s":   {Value: 42.5},
		"commission.chair":   {Value: "Ortega"},
		"referendum.held_on": {Value: "2003-06-01"},
		"drought.declared": {Value: false, History: []treaty.Change{
			{From: treaty.MustDate("2012-07-01"), Value: true},
			{From: treaty.MustDate("2013-03-01"), Value: false},
		}},
		"water.released":   {},
		"survey.delivered": {History: []treaty.Change{{From: treaty.MustDate("2015-09-01"), Value: true}}},
		"fishing.breached": {Value: false},
	}
	if diff := cmp.Diff(want, s.Facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}

func TestFactJSON(t *testing.T) {
	tests := []struct {
		in      string
		fact    treaty.Fact
		out     string // MarshalJSON of fact; "" means the same as in
		wantErr string
		reason  string
	}{
		{in: `true`, fact: treaty.Fact{Value: true}, reason: "short form, bool"},
		{in: `12.5`, fact: treaty.Fact{Value: 12.5}, reason: "short form, number"},
		{in: `"1960-01-27"`, fact: treaty.Fact{Value: "1960-01-27"}, reason: "dates stay strings until checked against a model"},
		{in: `null`, fact: treaty.Fact{}, reason: "null is unknown"},
		{in: `{"value": false}`, fact: treaty.Fact{Value: false}, out: `false`, reason: "a long form without history encodes short"},
		{in: `{"history":[{"from":"2001-01-01","value":1}]}`,
			fact:   treaty.Fact{History: []treaty.Change{{From: treaty.MustDate("2001-01-01"), Value: 1.0}}},
			reason: "history without a base value"},
		{in: `{"value":0,"history":[{"from":"2001-01-01","value":null}]}`,
			fact:   treaty.Fact{Value: 0.0, History: []treaty.Change{{From: treaty.MustDate("2001-01-01")}}},
			reason: "a value that becomes unknown; zero values are kept"},
		{in: `["Merzig","Saarlouis"]`, fact: treaty.Fact{Value: []any{"Merzig", "Saarlouis"}}, reason: "an array is a set fact's members (checked against the model later)"},
		{in: `[["Merzig"]]`, wantErr: `/0: want a boolean, number, string or null, got array`, reason: "members are names, not arrays"},
		{in: `{"valeu": 1}`, wantErr: `1:2: /valeu: unknown field "valeu" (did you mean "value"?)`, reason: "unknown fields in the long form"},
		{in: `{"value":{"a":1}}`, fact: treaty.Fact{Value: map[string]any{"a": 1.0}}, reason: "an object value is an indexed fact's values, one per member"},
		{in: `{"value": {"a": {"b": 1}}}`, wantErr: `/value/a: want a boolean, number, string or null, got object`, reason: "member values are scalars"},
		{in: `{"history": [{"from": "01/01/2001"}]}`, wantErr: `/history/0/from: invalid date "01/01/2001": want YYYY-MM-DD`, reason: "history dates are checked"},
		{in: `1e999`, wantErr: `number 1e999 is out of range`, reason: "numbers must fit a float64"},
	}
	for _, tc := range tests {
		var f treaty.Fact
		err := f.UnmarshalJSON([]byte(tc.in))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("UnmarshalJSON(%s) = %v, want an error containing %q (%s)", tc.in, err, tc.wantErr, tc.reason)
			}
			if !cmp.Equal(f, treaty.Fact{}) {
				t.Errorf("UnmarshalJSON(%s) changed the fact on error: %+v (%s)", tc.in, f, tc.reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("UnmarshalJSON(%s): %v (%s)", tc.in, err, tc.reason)
			continue
		}
		if diff := cmp.Diff(tc.fact, f); diff != "" {
			t.Errorf("UnmarshalJSON(%s) (-want +got):\n%s(%s)", tc.in, diff, tc.reason)
		}
		out, err := f.MarshalJSON()
		want := tc.out
		if want == "" {
			want = tc.in
		}
		if err != nil || string(out) != want {
			t.Errorf("MarshalJSON(%+v) = %s, %v; want %s (%s)", f, out, err, want, tc.reason)
		}
	}
}

func TestFactMarshalDates(t *testing.T) {
	f := treaty.Fact{Value: treaty.MustDate("1956-10-19"), History: []treaty.Change{
		{From: treaty.MustDate("1960-01-01"), Value: treaty.MustDate("1960-01-27").Time()},
	}}
	out, err := f.MarshalJSON()
	want := `{"value":"1956-10-19","history":[{"from":"1960-01-01","value":"1960-01-27"}]}`
	if err != nil || string(out) != want {
		t.Errorf("MarshalJSON = %s, %v; want %s", out, err, want)
	}
}

// TestEditedModelNeverReportsWrongPositions: positions of a loaded model
// came from a global registry keyed by pointer, so Validate after an edit
// in Go pointed at text that no longer said what the model says. Now an
// error keeps its file position only when the top-level element it lies
// in is unchanged; otherwise it has its path and no position.
func TestEditedModelNeverReportsWrongPositions(t *testing.T) {
	data, err := os.ReadFile("testdata/minimal.json")
	require.NoError(t, err)
	orig := bytes.Clone(data)
	load := func() *treaty.Model {
		m, err := treaty.DecodeModel(data, "minimal.json")
		require.NoError(t, err)
		return m
	}
	m := load()
	require.Equal(t, orig, data, "DecodeModel modified its input")
	require.Equal(t, "minimal.json", m.Provenance.File())
	// The caller reuses its buffer: positions must not depend on it.
	for i := range data {
		data[i] = ' '
	}
	data = orig

	tests := []struct {
		name   string
		change func(m *treaty.Model)
		want   []string
		reason string
	}{
		{"value edited", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Bearer = "BX" },
			[]string{`/instruments/1/clauses/0/bearer: unknown party "BX" (did you mean "BO"?)`},
			"the file says \"BO\" there: no position"},
		{"party removed", func(m *treaty.Model) {
			m.Parties = slices.DeleteFunc(m.Parties, func(p treaty.Party) bool { return p.ID == "RC" })
		},
			[]string{`minimal.json:135:17: /instruments/7/author: unknown party "RC"`},
			"the instrument is unchanged: its reference to the removed party is where the file has it"},
		{"instrument inserted before", func(m *treaty.Model) {
			in := m.Instruments[1]
			in.ID, in.Clauses = "copy", nil
			in.Parties = append(slices.Clone(in.Parties), "ZZ")
			m.Instruments = slices.Insert(m.Instruments, 0, in)
		},
			[]string{`/instruments/0/parties/2: unknown party "ZZ"`},
			"every instrument moved: none of their positions hold"},
		{"condition replaced by one built in Go", func(m *treaty.Model) {
			m.Instruments[1].Clauses[0].Condition = conditions.WithOrigin(conditions.MustParse("dam.completed  &&  no.such"), "memo")
		},
			[]string{`/instruments/1/clauses/0/condition: 1:20: unknown fact "no.such"`},
			"the caret would point into the file's condition text; the position inside the new condition is given instead"},
		{"same condition, other text", func(m *treaty.Model) {
			m.Instruments[1].Clauses[0].Condition = conditions.MustParse("dam.completed && flow.minimum_m3s >= 40")
			m.Parties = m.Parties[:len(m.Parties)-1]
		},
			[]string{`minimal.json:172:17: /instruments/10/author: unknown party "TR"`},
			"equal conditions with other source text change the element; others keep positions if unchanged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := load()
			tc.change(m)
			got := errorTexts(t, m.Validate())
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}

	// Changing it back restores the position; a copy says the same.
	m = load()
	m.Instruments[1].Clauses[0].Bearer = "BX"
	m.Instruments[1].Clauses[0].Bearer = "BO"
	m.Parties = slices.DeleteFunc(m.Parties, func(p treaty.Party) bool { return p.ID == "BO" })
	c := *m
	for _, v := range []*treaty.Model{m, &c} {
		got := errorTexts(t, v.Validate())
		for _, line := range got {
			if strings.Contains(line, "/instruments/1/clauses/0/bearer") && !strings.HasPrefix(line, "minimal.json:50:21: ") {
				t.Errorf("an element changed back lost its position: %s", line)
			}
		}
		require.NotEmpty(t, got)
	}
}

// TestEditedScenarioNeverReportsWrongPositions: the same for scenarios,
// and a partially decoded scenario changed in Go no longer reports its
// decoding problems, which may be fixed.
func TestEditedScenarioNeverReportsWrongPositions(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	require.NoError(t, err)
	f := s.Facts["dam.completed"]
	f.Value = "yes"
	s.Facts["dam.completed"] = f
	s.Expect[1].Clause = "zz"
	got := errorTexts(t, treaty.ValidateScenario(m, s))
	want := []string{
		`/facts/dam.completed: want bool for fact "dam.completed", got string "yes"`,
		`/expect/1/clause: unknown clause "zz"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edited scenario (-want +got):\n%s", diff)
	}
	s, err = treaty.LoadScenario("testdata/minimal.scenario.json")
	require.NoError(t, err)
	s.Expect = append(s.Expect, treaty.Expectation{Clause: "zz", Reading: "AL"})
	got = errorTexts(t, treaty.ValidateScenario(m, s))
	want = []string{`/expect/2/clause: unknown clause "zz"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scenario with an added expectation (-want +got):\n%s", diff)
	}

	s, err = treaty.DecodeScenario([]byte("{\"id\": \"s\", \"asof\": \"2000-01-01\"}"), "s.json")
	require.NotNil(t, s)
	require.Error(t, err)
	got = errorTexts(t, treaty.ValidateScenario(m, s))
	want = []string{`s.json:1:13: /asof: unknown field "asof" (did you mean "as_of"?)`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("partial scenario (-want +got):\n%s", diff)
	}
	s.AsOf = treaty.MustDate("2000-01-01")
	if err := treaty.ValidateScenario(m, s); err != nil {
		t.Errorf("partial scenario fixed in Go: %v", err)
	}
}

func TestValidateConcurrent(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 8 {
		wg.Go(func() {
			if err := m.Validate(); err != nil {
				errs <- err
			}
			if err := treaty.ValidateScenario(m, s); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent validation: %v", err)
	}
}

func TestErrorText(t *testing.T) {
	ce := &conditions.Error{Code: conditions.CodeUnknownFact, Pos: conditions.Pos{Offset: 4, Line: 1, Column: 5}, Msg: `unknown fact "x"`}
	tests := []struct {
		err    *treaty.Error
		want   string
		reason string
	}{
		{&treaty.Error{File: "f.json", Line: 3, Column: 7, Path: "/id", Msg: "m"}, "f.json:3:7: /id: m", "full form"},
		{&treaty.Error{File: "f.json", Path: "/id", Msg: "m"}, "f.json: /id: m", "file without a line"},
		{&treaty.Error{Line: 3, Column: 7, Msg: "m"}, "3:7: m", "line without a file or path"},
		{&treaty.Error{Path: "/a", Msg: "m", Hint: `did you mean "b"?`}, `/a: m (did you mean "b"?)`, "hint in parentheses"},
		{&treaty.Error{Path: "/c", Code: treaty.CodeCondition, Msg: ce.Msg, Err: ce}, `/c: 1:5: unknown fact "x"`,
			"without a file, a condition error gives its place in the condition"},
		{&treaty.Error{File: "f.json", Line: 2, Column: 9, Path: "/c", Code: treaty.CodeCondition, Msg: ce.Msg, Err: ce},
			`f.json:2:9: /c: unknown fact "x"`, "with a file, only the file position"},
		{&treaty.Error{Code: treaty.CodeUnknownParty}, "unknown party error", "no message: the code"},
		{&treaty.Error{Err: errors.New("boom")}, "boom", "no message: the wrapped error"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q (%s)", got, tc.want, tc.reason)
		}
	}
}

func TestErrorList(t *testing.T) {
	var l treaty.ErrorList
	if l.Err() != nil {
		t.Errorf("empty list: Err() = %v, want nil", l.Err())
	}
	l.Add(&treaty.Error{File: "b", Line: 1, Column: 1, Code: treaty.CodeSchema, Msg: "b1"})
	l.Add(&treaty.Error{File: "a", Line: 5, Column: 2, Code: treaty.CodeDates, Msg: "a5"})
	l.Add(&treaty.Error{File: "a", Msg: "a-none"})
	l.Add(&treaty.Error{File: "a", Line: 5, Column: 1, Code: treaty.CodeCycle, Msg: "a5c1"})
	l.Sort()
	var got []string
	for _, e := range l {
		got = append(got, e.Msg)
	}
	if want := []string{"a5c1", "a5", "a-none", "b1"}; !slices.Equal(got, want) {
		t.Errorf("sorted = %q, want %q", got, want)
	}
	if got, want := l.Error(), "a:5:1: a5c1 (and 3 more errors)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := l[:2].Error(), "a:5:1: a5c1 (and 1 more error)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(l.Err(), treaty.ErrCycle) || errors.Is(l.Err(), treaty.ErrUnknownParty) {
		t.Errorf("errors.Is must find ErrCycle and not ErrUnknownParty in the list")
	}
	if len(l.Unwrap()) != 4 {
		t.Errorf("Unwrap() has %d errors, want 4", len(l.Unwrap()))
	}
}

func TestErrorListCapped(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	c := *m
	c.Readings = nil
	for i := range 150 {
		c.Readings = append(c.Readings, treaty.Reading{ID: fmt.Sprint("r", i), Party: "nobody"})
	}
	var list treaty.ErrorList
	if !errors.As(c.Validate(), &list) {
		t.Fatal("Validate: want an ErrorList")
	}
	if len(list) != 101 || list[100].Msg != "50 more errors were truncated" || list[100].Code != treaty.CodeUnknownParty {
		t.Errorf("got %d errors, last %v; want 100 and a note on 50 more", len(list), list[len(list)-1])
	}
}

// ExampleDecodeModel_error shows the errors of a model with an undeclared
// fact and an unknown party: one line per problem, each with file, line,
// column and JSON path.
func ExampleDecodeModel_error() {
	model := `{
  "id": "kuril",
  "facts": [{"name": "peace_treaty.concluded", "type": "bool"}],
  "parties": [{"id": "JP", "name": "Japan"}, {"id": "SU", "name": "USSR"}],
  "instruments": [{
    "id": "jsd1956", "title": "Joint Declaration", "kind": "joint_declaration",
    "parties": ["JP", "SU"], "signed": "1956-10-19",
    "clauses": [{
      "id": "jsd1956.art9", "kind": "obligation", "bearer": "SUN", "action": "transfer",
      "condition": "peace_treaty.conclude and troops.withdrawn"
    }]
  }]
}`
	_, err := treaty.DecodeModel([]byte(model), "kuril.json")
	var list treaty.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Println(e)
		}
	}
	fmt.Println(errors.Is(err, treaty.ErrUnknownParty), errors.Is(err, conditions.ErrUnknownFact))
	// Output:
	// kuril.json:9:61: /instruments/0/clauses/0/bearer: unknown party "SUN" (did you mean "SU"?)
	// kuril.json:10:21: /instruments/0/clauses/0/condition: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)
	// kuril.json:10:47: /instruments/0/clauses/0/condition: unknown fact "troops.withdrawn"
	// true true
}

// FuzzDecodeModel checks that decoding never panics, that every error has
// a position in the file, and that what decodes round-trips through Encode.
func FuzzDecodeModel(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*.json")
	files = append(files, "testdata/minimal.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := treaty.DecodeModel(data, "f.json")
		if err != nil {
			var list treaty.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, e := range list {
				if e.File != "f.json" || e.Line < 1 || e.Line > lines || e.Column < 1 {
					t.Fatalf("error without a valid position: %#v", e)
				}
			}
			return
		}
		out, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := treaty.DecodeModel(out, "out.json")
		if err != nil {
			t.Fatalf("re-decoding: %v\n%s", err, out)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip (-decoded +re-decoded):\n%s", diff)
		}
	})
}

// FuzzDecodeScenario checks the same for scenarios.
func FuzzDecodeScenario(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/scenario_*.json")
	files = append(files, "testdata/minimal.scenario.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := treaty.DecodeScenario(data, "f.json")
		if err != nil && s != nil {
			// A partial scenario: ValidateScenario reports at least what
			// DecodeScenario did.
			verr := treaty.ValidateScenario(m, s)
			var dl, vl treaty.ErrorList
			if !errors.As(err, &dl) || !errors.As(verr, &vl) {
				t.Fatalf("DecodeScenario: %v; ValidateScenario: %v; want ErrorLists", err, verr)
			}
			if len(vl) <= 100 {
				got := map[string]bool{}
				for _, e := range vl {
					got[e.Error()] = true
				}
				for _, e := range dl {
					if !got[e.Error()] {
						t.Fatalf("ValidateScenario lost %q of DecodeScenario's errors:\n%v", e, vl)
					}
				}
			}
			err = verr
		}
		if err == nil {
			err = treaty.ValidateScenario(m, s)
			out, encErr := s.Encode()
			if encErr != nil {
				t.Fatal(encErr)
			}
			s2, decErr := treaty.DecodeScenario(out, "out.json")
			if decErr != nil {
				t.Fatalf("re-decoding: %v\n%s", decErr, out)
			}
			if diff := cmp.Diff(s, s2); diff != "" {
				t.Fatalf("round trip (-decoded +re-decoded):\n%s", diff)
			}
		}
		if err == nil {
			return
		}
		var list treaty.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %v is not a non-empty ErrorList", err)
		}
		for _, e := range list {
			if e.File != "f.json" || e.Line < 1 || e.Column < 1 {
				t.Fatalf("error without a valid position: %#v", e)
			}
		}
	})
}

// TestMinimalScenarioExpectations keeps the expectations of the good test
// scenario true, so that the test data does not mislead.
func TestMinimalScenarioExpectations(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Expect) == 0 {
		t.Fatal("the scenario has no expectations")
	}
	rep, err := treaty.Evaluate(m, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, mm := range rep.Check(s.Expect) {
		t.Errorf("testdata/minimal.scenario.json: %s", mm)
	}
}

// TestConditionInnerPositions checks that a position a condition error
// mentions inside the condition, such as where an unclosed parenthesis
// opened, is given as a file position too, past escapes in the string.
func TestConditionInnerPositions(t *testing.T) {
	data := `{
  "schema": "treatycond.model/v1",
  "id": "m",
  "facts": [{"name": "a", "type": "bool"}, {"name": "b", "type": "bool"}],
  "parties": [{"id": "A", "name": "Alpha"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "signed": "2000-01-01",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "x", "condition": "\"\u00e9\" == \"x\" or (a and (b or a)"}]}]
}`
	_, err := treaty.DecodeModel([]byte(data), "syn.json")
	want := []string{`syn.json:7:133: /instruments/0/clauses/0/condition: expected ')' to close '(' at line 7, column 118`}
	if diff := cmp.Diff(want, errorTexts(t, err)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	ce, ok := errors.AsType[*conditions.Error](err)
	if !ok || !strings.Contains(ce.Msg, "at 1:") {
		t.Errorf("the wrapped conditions error = %v, want its own message with the position in the condition", ce)
	}
}

// TestErrorListNoteHadNoPosition: the note that closes a capped list of
// a decoded file's problems had no position, so it read as a problem of
// the whole file (found by FuzzPipelineCondition). It stands where the
// first problem it counts stands.
func TestErrorListNoteHadNoPosition(t *testing.T) {
	var readings []string
	for i := range 150 {
		readings = append(readings, fmt.Sprintf(`{"id": "r%d", "party": "nobody"}`, i))
	}
	text := `{"schema": "treatycond.model/v1", "id": "m", "title": "M",
 "parties": [{"id": "A", "name": "A", "kind": "state"}],
 "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "signed": "2000-01-01"}],
 "readings": [
` + strings.Join(readings, ",\n") + `]}`
	_, err := treaty.DecodeModel([]byte(text), "many.json")
	var list treaty.ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 101)
	note := list[100]
	if note.Msg != "50 more errors were truncated" {
		t.Fatalf("last error %v, want the note on 50 more", note)
	}
	// Readings start on line 5; reading 100, the first one left out, is
	// on line 105, and its error is at its party.
	want := treaty.Error{File: "many.json", Line: 105, Column: strings.Index(readings[100], `"nobody"`) + 1}
	got := treaty.Error{File: note.File, Line: note.Line, Column: note.Column}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("note position (-want +got):\n%s", diff)
	}
}
