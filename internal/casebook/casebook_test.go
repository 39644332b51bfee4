package casebook_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/internal/casebook"
	"github.com/treatycond/treatycond/treaty"
)

func load(t *testing.T) *casebook.Book {
	t.Helper()
	b, err := casebook.Load(ferryFiles(nil), "ferry.json", ferryOrder)
	require.NoError(t, err)
	return b
}

func ids(scs []*treaty.Scenario) []string {
	var out []string
	for _, s := range scs {
		out = append(out, s.ID)
	}
	return out
}

func TestLoad(t *testing.T) {
	fsys := ferryFiles(map[string]string{"README.md": "not a scenario", "ferry-notes.json": "{}"})
	b, err := casebook.Load(fsys, "ferry.json", ferryOrder)
	require.NoError(t, err)
	assert.Equal(t, "Ferry Treaty (fictitious)", b.Model.Title)
	assert.Equal(t, []string{"open", "closed"}, ids(b.Scenarios), "the scenarios come in the order given, not the files' order")
}

func TestLoadErrors(t *testing.T) {
	const truncated = "{\n  \"id\": \"open\",\n  \"as_of\": \"2010-01-01\",\n  \"facts\": {\"bridge.open\": tru}\n}"
	const unknownFact = "{\n  \"id\": \"open\",\n  \"as_of\": \"2010-01-01\",\n  \"facts\": {\"bridge.opened\": true}\n}"
	tests := []struct {
		name      string
		extra     map[string]string
		modelFile string
		order     []string
		want      string
		is        error
		reason    string
	}{
		{"unlisted scenario", map[string]string{"scenario-new.json": closedScenario}, "ferry.json", ferryOrder,
			"scenario-new.json is not listed in the scenario order", nil,
			"a scenario file missing from the order would silently drop out of the story"},
		{"listed twice", nil, "ferry.json", []string{"scenario-open.json", "scenario-closed.json", "scenario-open.json"},
			"scenario-open.json is listed twice in the scenario order", nil,
			"a scenario told twice is a slip in the order"},
		{"listed but absent", nil, "ferry.json", append(ferryOrder[:2:2], "scenario-gone.json"),
			"open scenario-gone.json: file does not exist", fs.ErrNotExist,
			"the order names a file that is not there"},
		{"bad scenario JSON", map[string]string{"scenario-open.json": truncated}, "ferry.json", ferryOrder,
			"scenario-open.json:4:31: invalid JSON: unexpected '}' in literal true", treaty.ErrSyntax,
			"a syntax error names the file and the line:column"},
		{"scenario not valid against the model", map[string]string{"scenario-open.json": unknownFact}, "ferry.json", ferryOrder,
			`scenario-open.json:4:30: /facts/bridge.opened: unknown fact "bridge.opened" (did you mean "bridge.open"?)`, nil,
			"each scenario is validated against the model, with file, JSON path and line:column"},
		{"bad model JSON", map[string]string{"ferry.json": "{\n  \"schema\": \"treatycond.model/v1\",\n  \"id\": 3\n}"}, "ferry.json", ferryOrder,
			"ferry.json:1:1: /parties: a model needs at least one party (and 2 more errors)", treaty.ErrSchema,
			"a model error names the model file"},
		{"no model file", nil, "kuril.json", ferryOrder,
			"open kuril.json: file does not exist", fs.ErrNotExist,
			"the model file name is wrong"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := casebook.Load(ferryFiles(tt.extra), tt.modelFile, tt.order)
			require.Error(t, err, tt.reason)
			assert.Nil(t, b)
			assert.Contains(t, err.Error(), tt.want, tt.reason)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is, tt.reason)
			}
		})
	}
}

func TestScenario(t *testing.T) {
	b := load(t)
	s, err := b.Scenario("closed")
	require.NoError(t, err)
	assert.Same(t, b.Scenarios[1], s)
	_, err = b.Scenario("ajar")
	assert.EqualError(t, err, `no scenario "ajar"`)
}

func TestReports(t *testing.T) {
	b := load(t)
	reports, err := b.Reports()
	require.NoError(t, err)
	require.Len(t, reports, 2)
	assert.Equal(t, "open", reports[0].Scenario)
	assert.Equal(t, "closed", reports[1].Scenario)
	res, ok := reports[1].Result("f2000.ferry", "BO")
	require.True(t, ok)
	assert.Equal(t, treaty.Due, res.Status, "each scenario is evaluated as of its own date and facts")

	bad := &casebook.Book{Model: b.Model, Scenarios: []*treaty.Scenario{{
		ID: "wrong-type", AsOf: treaty.MustDate("2001-01-01"),
		Facts: map[string]treaty.Fact{"bridge.open": {Value: "yes"}},
	}}}
	_, err = bad.Reports()
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "scenario wrong-type: "), "the error names the scenario: %v", err)
}

func TestMismatches(t *testing.T) {
	b := load(t)
	closed := *b.Scenarios[1]
	tests := []struct {
		name   string
		expect []treaty.Expectation
		want   []string
		reason string
	}{
		{"all met", closed.Expect, nil, "the scenario's own expectations hold"},
		{"status", []treaty.Expectation{{Clause: "f2000.ferry", Reading: "BO", Status: treaty.NotDue}},
			[]string{"closed: f2000.ferry under BO: status is due, want not_due"}, "a wrong status"},
		{"value", []treaty.Expectation{{Clause: "f2000.ferry", Reading: "AL", Value: "false"}},
			[]string{"closed: f2000.ferry under AL: value is true, want false"}, "a wrong value"},
		{"since", []treaty.Expectation{{Clause: "f2000.ferry", Reading: "AL", Since: "2000-01-01"}},
			[]string{"closed: f2000.ferry under AL: since is 2000-02-01, want 2000-01-01"}, "a wrong since date"},
		{"missing", []treaty.Expectation{{Clause: "f2000.ferry", Reading: "AL", Missing: []string{"bridge.open"}}},
			[]string{"closed: f2000.ferry under AL: missing is [], want [bridge.open]"}, "a fact expected missing that is known"},
		{"no result", []treaty.Expectation{{Clause: "f2000.ferry", Reading: "XX", Status: treaty.Due}},
			[]string{"closed: f2000.ferry under XX: no such result in the report"}, "a reading the report does not have"},
		{"several", []treaty.Expectation{
			{Clause: "f2000.ferry", Reading: "AL", Status: treaty.Due},
			{Clause: "f2000.ferry", Reading: "AL", Status: treaty.Violated},
			{Clause: "f2000.ferry", Reading: "BO", Value: "unknown"},
		}, []string{
			"closed: f2000.ferry under AL: status is due, want violated",
			"closed: f2000.ferry under BO: value is true, want unknown",
		}, "every failure is listed, in order, and the met ones are not"},
		{"no expectations", nil,
			[]string{"closed: no expectations: a scenario without expectations tests nothing"}, "a scenario that tests nothing fails"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := closed
			s.Expect = tt.expect
			book := &casebook.Book{Model: b.Model, Scenarios: []*treaty.Scenario{b.Scenarios[0], &s}}
			got, err := book.Mismatches()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, tt.reason)
		})
	}
}

func TestCaseRun(t *testing.T) {
	c := ferryCase(nil)
	b := load(t)
	for _, asJSON := range []bool{false, true} {
		var got, want bytes.Buffer
		require.NoError(t, c.Run(&got, asJSON))
		require.NoError(t, write(b, &want, c.Question, asJSON))
		assert.Equal(t, want.String(), got.String(), "asJSON %v: Run runs the program", asJSON)
	}
	c.Program = ferryProgram(ferryFiles(map[string]string{"scenario-open.json": "{"}), ferryQuestion)
	assert.ErrorIs(t, c.Run(&bytes.Buffer{}, false), treaty.ErrSyntax, "the program's error is returned")
}

func TestCaseScenario(t *testing.T) {
	c := casebook.Case{Files: ferryFiles(nil), ModelFile: "ferry.json", Order: ferryOrder}
	m, s, err := c.Scenario("open")
	require.NoError(t, err)
	assert.Equal(t, "ferry", m.ID)
	assert.Equal(t, "2010: the bridge is open", s.Title)
	_, _, err = c.Scenario("ajar")
	assert.EqualError(t, err, `no scenario "ajar"`)
}

func TestCaseCheck(t *testing.T) {
	const wrong = `{"id": "closed", "title": "wrong", "as_of": "2001-01-01", "facts": {"bridge.open": false},
	  "expect": [{"clause": "f2000.ferry", "reading": "AL", "status": "violated"}, {"clause": "f2000.ferry", "reading": "BO", "since": "none"}]}`
	const bare = `{"id": "closed", "as_of": "2001-01-01", "facts": {"bridge.open": false}}`
	tests := []struct {
		name     string
		extra    map[string]string
		order    []string
		question string
		want     []string
		reason   string
	}{
		{"all met", nil, ferryOrder, "", nil, "every expectation holds and the JSON has one report per scenario"},
		{"question not asked", nil, ferryOrder, "Is the bridge open?",
			[]string{`the text does not state the question "Is the bridge open?" on a line of its own`}, "the text must state the question the case names"},
		{"unmet", map[string]string{"scenario-closed.json": wrong}, ferryOrder, "", []string{
			"closed: f2000.ferry under AL: status is due, want violated",
			"closed: f2000.ferry under BO: since is 2000-02-01, want none",
		}, "each unmet expectation is one line of the error"},
		{"no expectations", map[string]string{"scenario-closed.json": bare}, ferryOrder, "",
			[]string{"closed: no expectations: a scenario without expectations tests nothing"}, "a scenario that tests nothing fails the check"},
		{"does not load", map[string]string{"scenario-extra.json": bare}, ferryOrder, "",
			[]string{"scenario-extra.json is not listed in the scenario order"}, "a load error fails the check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ferryCase(tt.extra)
			c.Order = tt.order
			if tt.question != "" {
				c.Question = tt.question
			}
			err := c.Check()
			if tt.want == nil {
				assert.NoError(t, err, tt.reason)
				return
			}
			require.Error(t, err, tt.reason)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"), tt.reason)
		})
	}
}

func TestSection(t *testing.T) {
	b := load(t)
	var buf bytes.Buffer
	require.NoError(t, write(b, &buf, "Is the ferry due?", false))
	out := buf.String()

	tests := []struct {
		title       string
		has, hasNot string
		err         string
		reason      string
	}{
		{"2010: the bridge is open", "f2000.ferry  AL       not_due", "due     true", "",
			"a middle section stops before the next heading"},
		{"2001: the bridge is closed", "f2000.ferry  BO       due", "not_due", "",
			"the last section runs to the end"},
		{"2010", "", "", `no section "2010" in the output`,
			"a title matches only a whole heading"},
		{"Is the ferry due?", "", "", `no section "Is the ferry due?" in the output`,
			"the question is not a heading"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			s, err := casebook.Section(out, tt.title)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err, tt.reason)
				assert.Empty(t, s)
				return
			}
			require.NoError(t, err, tt.reason)
			assert.Contains(t, s, tt.has, tt.reason)
			assert.NotContains(t, s, tt.hasNot, tt.reason)
			assert.NotContains(t, s, "\n--- ", tt.reason)
		})
	}
}

func TestRow(t *testing.T) {
	const table = "CLAUSE       READING  STATUS  VALUE  SINCE       CONDITION\n" +
		"f2000.ferry  AL       due     true   2000-02-01  not bridge.open\n" +
		"f2000.ferry  BO       due     true   2000-02-01  not bridge.open\n"
	tests := []struct {
		clause, reading, status, since string
		match                          bool
		reason                         string
	}{
		{"f2000.ferry", "AL", "due", "2000-02-01", true, "the row as printed"},
		{"f2000.ferry", "BO", "due", "2000-02-01", true, "the second reading's row"},
		{"f2000.ferry", "AL", "not_due", "2000-02-01", false, "another status"},
		{"f2000.ferry", "AL", "due", "2000-02-02", false, "another since date"},
		{"f2000.ferry", "XX", "due", "2000-02-01", false, "another reading"},
		{"f2000xferry", "AL", "due", "2000-02-01", false, "the dot in a clause id is not a wildcard"},
		{"ferry", "AL", "due", "2000-02-01", false, "the clause id starts the line"},
		{"f2000.ferry", "A", "due", "2000-02-01", false, "a reading matches only whole"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.match, casebook.Row(tt.clause, tt.reading, tt.status, tt.since).MatchString(table), tt.reason)
	}
}

func TestWithFacts(t *testing.T) {
	s := &treaty.Scenario{ID: "s", Facts: map[string]treaty.Fact{"a": {Value: true}, "b": {Value: 1.0}}}
	c := casebook.WithFacts(s, map[string]treaty.Fact{"b": {Value: 2.0}, "c": {Value: "x"}})
	assert.Equal(t, map[string]treaty.Fact{"a": {Value: true}, "b": {Value: 2.0}, "c": {Value: "x"}}, c.Facts, "the given facts are laid over the scenario's")
	assert.Equal(t, "s", c.ID, "the rest is copied")
	assert.Equal(t, map[string]treaty.Fact{"a": {Value: true}, "b": {Value: 1.0}}, s.Facts, "the original is not modified")

	delete(c.Facts, "a")
	assert.Contains(t, s.Facts, "a", "the copy has its own map")

	none := casebook.WithFacts(&treaty.Scenario{ID: "none"}, nil)
	none.Facts["x"] = treaty.Fact{Value: true}
	assert.Len(t, none.Facts, 1, "a scenario without facts gets a map that can be written")
}
