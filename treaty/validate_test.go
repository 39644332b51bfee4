package treaty_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// goModel returns the model of testdata/minimal.json as a new *Model with
// no file behind it, as if built in Go. Changes to it do not affect other
// calls.
func goModel(t *testing.T) *treaty.Model {
	t.Helper()
	m, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	m.Provenance = nil // a model built in Go: errors without file positions
	return m
}

func TestValidate(t *testing.T) {
	d := treaty.MustDate
	tests := []struct {
		name   string
		change func(m *treaty.Model)
		want   []string
		reason string
	}{
		{"valid", func(m *treaty.Model) {}, nil, "the minimal model is valid"},
		{"no id", func(m *treaty.Model) { m.ID = "" },
			[]string{`/id: missing or empty "id"`}, "a model needs an id"},
		{"id with space", func(m *treaty.Model) { m.ID = "a b" },
			[]string{`/id: invalid id "a b": ids contain no white space`}, "ids contain no white space"},
		{"schema tag", func(m *treaty.Model) { m.Schema = "treatycond.model/v2" },
			[]string{`/schema: unsupported schema "treatycond.model/v2": want "treatycond.model/v1"`}, "unknown format version"},
		{"no instruments", func(m *treaty.Model) { m.Instruments, m.Readings = nil, nil },
			[]string{`/instruments: a model needs at least one instrument`}, "an empty model is a mistake"},

		{"fact keyword", func(m *treaty.Model) {
			m.Facts = append(m.Facts, treaty.FactDecl{Field: conditions.Field{Name: "and", Type: conditions.Bool}})
		},
			[]string{`/facts/8/name: invalid fact name "and": want a dotted identifier such as peace_treaty.concluded, not a keyword`},
			"keywords cannot be fact names"},
		{"fact name", func(m *treaty.Model) {
			m.Facts = append(m.Facts, treaty.FactDecl{Field: conditions.Field{Name: "a..b", Type: conditions.Bool}})
		},
			[]string{`/facts/8/name: invalid fact name "a..b": want a dotted identifier such as peace_treaty.concluded, not a keyword`},
			"fact names are dotted identifiers"},
		{"fact duplicate", func(m *treaty.Model) {
			m.Facts = append(m.Facts, treaty.FactDecl{Field: conditions.Field{Name: "dam.completed", Type: conditions.Number}})
		}, []string{`/facts/8/name: duplicate fact "dam.completed" (first at /facts/0)`}, "fact names are unique"},
		{"fact type any", func(m *treaty.Model) { m.Facts = append(m.Facts, treaty.FactDecl{Field: conditions.Field{Name: "x"}}) },
			[]string{`/facts/8/type: invalid fact type any: want bool, number, string, date or set`}, "declared facts have a type"},
		{"used fact type any", func(m *treaty.Model) { m.Facts[2].Type = conditions.Any },
			[]string{`/facts/2/type: invalid fact type any: want bool, number, string, date or set`},
			"conditions reading a badly declared fact are not reported again"},

		{"party no id", func(m *treaty.Model) { m.Parties = append(m.Parties, treaty.Party{Name: "X"}) },
			[]string{`/parties/7/id: missing or empty "id"`}, "parties have ids"},
		{"party duplicate", func(m *treaty.Model) { m.Parties = append(m.Parties, treaty.Party{ID: "AL", Name: "X"}) },
			[]string{`/parties/7/id: duplicate party id "AL" (first at /parties/0)`}, "party ids are unique"},
		{"party no name", func(m *treaty.Model) { m.Parties[0].Name = "" },
			[]string{`/parties/0/name: missing or empty "name"`}, "parties have names"},
		{"party kind", func(m *treaty.Model) { m.Parties[0].Kind = "State" },
			[]string{`/parties/0/kind: invalid party kind "State": want one of state, organization, group, population (did you mean "state"?)`},
			"kinds are case-sensitive constants"},
		{"continues unknown", func(m *treaty.Model) { m.Parties[2].Continues.Party = "BOO" },
			[]string{`/parties/2/continues/party: unknown party "BOO" (did you mean "BO"?)`}, "successions name parties"},
		{"continues no date", func(m *treaty.Model) { m.Parties[2].Continues.From = treaty.Date{} },
			[]string{`/parties/2/continues/from: missing or empty "from"`}, "successions have a date"},
		{"succession cycle", func(m *treaty.Model) {
			m.Parties[1].Continues = &treaty.Succession{Party: "NB", From: d("2002-01-01")}
		}, []string{`/parties/1/continues/party: cycle of successions: "BO" continues "NB", "NB" continues "BO"`},
			"two parties continuing each other: one error"},
		{"continues itself", func(m *treaty.Model) {
			m.Parties[0].Continues = &treaty.Succession{Party: "AL", From: d("2002-01-01")}
		}, []string{`/parties/0/continues/party: cycle of successions: "AL" continues "AL"`}, "a party cannot continue itself"},

		{"instrument no title", func(m *treaty.Model) { m.Instruments[0].Title = "" },
			[]string{`/instruments/0/title: missing or empty "title"`}, "instruments have titles"},
		{"instrument no kind", func(m *treaty.Model) { m.Instruments[0].Kind = "" },
			[]string{`/instruments/0/kind: missing or empty "kind"`}, "instruments have kinds"},
		{"instrument no parties", func(m *treaty.Model) { m.Instruments[0].Parties = nil },
			[]string{`/instruments/0/parties: instrument "jd1989" has neither parties nor an author`}, "someone makes every instrument"},
		{"instrument party twice", func(m *treaty.Model) { m.Instruments[0].Parties = []string{"AL", "AL"} },
			[]string{`/instruments/0/parties/1: party "AL" listed twice (first at /instruments/0/parties/0)`}, "parties are listed once"},
		{"instrument unknown party", func(m *treaty.Model) { m.Instruments[0].Parties = []string{"AL", "XX"} },
			[]string{`/instruments/0/parties/1: unknown party "XX"`}, "instrument parties exist"},
		{"unknown author", func(m *treaty.Model) { m.Instruments[3].Author = "NBB" },
			[]string{`/instruments/3/author: unknown party "NBB" (did you mean "NB"?)`}, "authors exist"},
		{"terminated early", func(m *treaty.Model) { m.Instruments[1].Terminated = d("1990-05-01") },
			[]string{`/instruments/1/terminated: terminated 1990-05-01 before it took effect 1990-06-01`}, "terminated before in force"},
		{"instrument id clashes with clause", func(m *treaty.Model) { m.Instruments[0].ID = "t1990.art3.release" },
			[]string{`/instruments/1/clauses/0/id: duplicate id "t1990.art3.release" (first at /instruments/0; instruments and clauses share one namespace)`},
			"a relation target must name one thing"},

		{"clause kind", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Kind = "duty" },
			[]string{`/instruments/1/clauses/0/kind: invalid clause kind "duty": want one of obligation, permission, prohibition, power`}, "deontic kinds"},
		{"clause no bearer", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Bearer = "" },
			[]string{`/instruments/1/clauses/0/bearer: missing or empty "bearer"`}, "clauses bind someone"},
		{"clause beneficiary", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Beneficiary = "ALL" },
			[]string{`/instruments/1/clauses/0/beneficiary: unknown party "ALL" (did you mean "AL"?)`}, "beneficiaries are parties"},
		{"clause no action", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Action = "" },
			[]string{`/instruments/1/clauses/0/action: missing or empty "action"`}, "clauses say what is to be done"},
		{"condition unknown fact", func(m *treaty.Model) {
			m.Instruments[1].Clauses[0].Condition = conditions.MustParse("dam.completed and dam.completd")
		}, []string{`/instruments/1/clauses/0/condition: 1:19: unknown fact "dam.completd" (did you mean "dam.completed"?)`},
			"without a file, the position inside the condition is given"},
		{"condition type", func(m *treaty.Model) {
			m.Instruments[10].Clauses[0].Condition = conditions.MustParse(`commission.chair > 3`)
		}, []string{`/instruments/10/clauses/0/condition: 1:1: cannot compare string with number`},
			"conditions type-check against the declared facts"},
		{"empty when", func(m *treaty.Model) { m.Instruments[1].Clauses[0].NotBefore = &treaty.When{} },
			[]string{`/instruments/1/clauses/0/not_before: no date: set "date", or "from" and/or a non-zero "after" period such as "30d" ("0d" adds nothing)`}, "a When says something"},
		{"when date and anchor", func(m *treaty.Model) {
			m.Instruments[1].Clauses[0].NotBefore = &treaty.When{Date: d("1991-01-01"), From: "signed"}
		}, []string{`/instruments/1/clauses/0/not_before: "date" excludes "after" and "from"`}, "a fixed date has no anchor"},
		{"anchor signed without date", func(m *treaty.Model) { m.Instruments[1].Signed = treaty.Date{} },
			[]string{`/instruments/1/clauses/2/not_before/from: anchor "signed": instrument "t1990" has no signed date`},
			"an anchor must have a date"},
		{"anchor not a date fact", func(m *treaty.Model) { m.Instruments[1].Clauses[2].Deadline.From = "dam.completed" },
			[]string{`/instruments/1/clauses/2/deadline/from: anchor fact "dam.completed" is declared bool, want date`},
			"fact anchors are date facts"},
		{"deadline on a prohibition", func(m *treaty.Model) {
			m.Instruments[1].Clauses[1].Deadline = &treaty.When{Date: d("2000-01-01")}
		}, []string{`/instruments/1/clauses/1/deadline: a prohibition has no deadline: to end it on a date, give the clause "until" (a date or a period from in_force or signed)`},
			"a deadline on a prohibition used to be ignored silently"},
		{"lifetime anchored at due", func(m *treaty.Model) {
			m.Instruments[1].Clauses[1].Until = &treaty.When{After: treaty.Period{Years: 10}, From: "due"}
		}, []string{`/instruments/1/clauses/1/until/from: anchor "due": a clause's until is a fixed date or a period from in_force or signed`},
			"a lifetime cannot depend on when the clause fell due"},
		{"lifetime empty", func(m *treaty.Model) { m.Instruments[1].Clauses[1].From = &treaty.When{} },
			[]string{`/instruments/1/clauses/1/from: no date: set "date", or "from" and/or a non-zero "after" period such as "30d" ("0d" adds nothing)`},
			"a lifetime bound says something"},
		{"lifetime reversed", func(m *treaty.Model) {
			m.Instruments[1].Clauses[1].From = &treaty.When{Date: d("2000-01-01")}
			m.Instruments[1].Clauses[1].Until = &treaty.When{After: treaty.Period{Years: 5}}
		}, []string{`/instruments/1/clauses/1/until: until 1995-06-01 is not after from 2000-01-01: the clause would never be in force`},
			"until is counted from in_force by default, here before from"},
		{"lifetime valid", func(m *treaty.Model) {
			m.Instruments[1].Clauses[1].From = &treaty.When{After: treaty.Period{Years: 1}, From: "signed"}
			m.Instruments[1].Clauses[1].Until = &treaty.When{Date: d("2047-07-01")}
		}, nil, "a window inside the instrument's life"},
		{"negative period", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Deadline.After = treaty.Period{Days: -1} },
			[]string{`/instruments/1/clauses/0/deadline/after: negative period: years, months and days count forward`}, "periods count forward"},
		{"deadline before start", func(m *treaty.Model) {
			m.Instruments[1].Clauses[0].Deadline = &treaty.When{Date: d("1990-12-01")}
		}, []string{`/instruments/1/clauses/0/deadline/date: deadline 1990-12-01 before not_before 1991-01-01`}, "fixed dates in order"},
		{"performed number", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Performed = "flow.minimum_m3s" },
			[]string{`/instruments/1/clauses/0/performed: performed fact "flow.minimum_m3s" is declared number, want bool`}, "performance is a bool fact"},
		{"performed as a condition", func(m *treaty.Model) { m.Instruments[1].Clauses[0].Performed = "flow.minimum_m3s >= 10" },
			[]string{`/instruments/1/clauses/0/performed: performed names one fact, not a condition: "flow.minimum_m3s >= 10" is not a fact name (declare a bool fact and set it in the scenario)`},
			"a condition written where a fact name is expected gets its own message, not a suggestion"},

		{"relation no kind", func(m *treaty.Model) { m.Instruments[4].Relations[0].Kind = "" },
			[]string{`/instruments/4/relations/0/kind: missing or empty "kind"`}, "relations have kinds"},
		{"relation kind", func(m *treaty.Model) { m.Instruments[4].Relations[0].Kind = "reject" },
			[]string{`/instruments/4/relations/0/kind: invalid relation kind "reject": want one of adds_condition, replaces_condition, suspends, terminates, supersedes, reaffirms, rejects, activates (did you mean "rejects"?)`},
			"relation kinds are constants"},
		{"terminates unknown", func(m *treaty.Model) { m.Instruments[5].Relations[0].Target = "t1990.art5.fish" },
			[]string{`/instruments/5/relations/0/target: unknown target "t1990.art5.fish": no instrument or clause has this id (did you mean "t1990.art5.fishing"?)`},
			"targets exist"},
		{"adds no condition", func(m *treaty.Model) { m.Instruments[2].Relations[0].Condition = conditions.Expr{} },
			[]string{`/instruments/2/relations/0/condition: missing "condition": adds_condition needs one`}, "adds_condition adds something"},
		{"terminates with condition", func(m *treaty.Model) {
			m.Instruments[5].Relations[0].Condition = conditions.MustParse("dam.completed")
		}, []string{`/instruments/5/relations/0/condition: "condition" applies only to adds_condition and replaces_condition`},
			"a condition on another relation would be ignored"},
		{"until on terminates", func(m *treaty.Model) { m.Instruments[5].Relations[0].Until = d("2010-01-01") },
			[]string{`/instruments/5/relations/0/until: "until" applies only to suspends`}, "until would be ignored"},
		{"until before effect", func(m *treaty.Model) {
			r := &m.Instruments[2].Relations[1]
			r.From, r.Until = treaty.Date{}, d("1995-01-01")
		}, []string{`/instruments/2/relations/1/until: until 1995-01-01 before from 1995-05-01`},
			"without from, a suspension starts when its instrument takes effect"},
		{"acts on itself", func(m *treaty.Model) { m.Instruments[5].Relations[0].Target = "l2005" },
			[]string{`/instruments/5/relations/0/target: instrument acts on itself: "l2005" terminates "l2005"`}, "self-termination"},
		{"long cycle", func(m *treaty.Model) {
			m.Instruments[1].Relations = []treaty.Relation{{Kind: treaty.Terminates, Target: "a2015"}}
		}, []string{`/instruments/1/relations/0/target: cycle of relations: "t1990" terminates "a2015", "a2015" supersedes "p1995", "p1995" suspends "t1990.art5.fishing"`},
			"the cycle is spelled out from its first relation in the file, through a clause of t1990"},
		{"two cycles in one component", func(m *treaty.Model) {
			m.Instruments[1].Relations = []treaty.Relation{{Kind: treaty.Terminates, Target: "a2015"}}
			m.Instruments[3].Relations = append(m.Instruments[3].Relations, treaty.Relation{Kind: treaty.Supersedes, Target: "p1995"})
			m.Instruments[2].Relations = append(m.Instruments[2].Relations, treaty.Relation{Kind: treaty.Suspends, Target: "m2003"})
		}, []string{`/instruments/1/relations/0/target: cycle of relations: "t1990" terminates "a2015", "a2015" supersedes "p1995", "p1995" suspends "t1990.art5.fishing"`},
			"relations tangled into one knot give one error, not one per cycle"},
		{"rejects and reaffirms do not cycle", func(m *treaty.Model) {
			m.Instruments[3].Relations = append(m.Instruments[3].Relations, treaty.Relation{Kind: treaty.Rejects, Target: "n2004"})
			m.Instruments[1].Relations = []treaty.Relation{{Kind: treaty.Reaffirms, Target: "r2012"}}
		}, nil, "mutual rejection and reaffirmation are not paradoxes"},

		{"reading no party", func(m *treaty.Model) { m.Readings[1].Party = "" },
			[]string{`/readings/1/party: missing or empty "party"`}, "readings belong to a party"},
		{"reading unknown party", func(m *treaty.Model) { m.Readings[1].Party = "NBB" },
			[]string{`/readings/1/party: unknown party "NBB" (did you mean "NB"?)`}, "reading parties exist"},
		{"reading duplicate", func(m *treaty.Model) { m.Readings[1].ID = "AL" },
			[]string{`/readings/1/id: duplicate reading id "AL" (first at /readings/0)`}, "reading ids are unique"},
		{"reading bad id", func(m *treaty.Model) { m.Readings[1].ID = "N B" },
			[]string{`/readings/1/id: invalid id "N B": ids contain no white space`}, "reading ids are ids"},
		{"reading accepts unknown", func(m *treaty.Model) { m.Readings[1].Accepts = []string{"r2021"} },
			[]string{`/readings/1/accepts/0: unknown instrument "r2021" (did you mean "r2012"?)`}, "accepted instruments exist"},
		{"rejection no instrument", func(m *treaty.Model) { m.Readings[0].Rejects[0].Instrument = "" },
			[]string{`/readings/0/rejects/0/instrument: missing or empty "instrument"`}, "a rejection names what it rejects"},
		{"rejection by unknown", func(m *treaty.Model) { m.Readings[0].Rejects[0].By = "n2005" },
			[]string{`/readings/0/rejects/0/by: unknown instrument "n2005" (did you mean "n2004"?)`}, "rejecting instruments exist"},

		{"source titles", func(m *treaty.Model) {
			m.Sources[0].Title = ""
			m.Parties[1].Sources[0].Title = ""
			m.Instruments[1].Clauses[0].Sources[0].Title = ""
			m.Readings[0].Sources[0].Title = ""
		}, []string{
			`/parties/1/sources/0/title: missing or empty "title"`,
			`/instruments/1/clauses/0/sources/0/title: missing or empty "title"`,
			`/readings/0/sources/0/title: missing or empty "title"`,
			`/sources/0/title: missing or empty "title"`,
		}, "every source has a title"},
		{"many at once", func(m *treaty.Model) {
			m.Parties[0].Name = ""
			m.Instruments[1].InForce = d("1990-01-01")
			m.Instruments[1].Clauses[0].Bearer = "XX"
			m.Readings[2].Accepts = []string{"zz"}
		}, []string{
			`/parties/0/name: missing or empty "name"`,
			`/instruments/1/in_force: in force 1990-01-01 before it was signed 1990-03-01`,
			`/instruments/1/clauses/0/bearer: unknown party "XX"`,
			`/readings/2/accepts/0: unknown instrument "zz"`,
		}, "all problems are reported, in the order of the document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := goModel(t)
			tc.change(m)
			err := m.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil (%s)", err, tc.reason)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate = nil, want %q (%s)", tc.want, tc.reason)
			}
			if diff := cmp.Diff(tc.want, errorTexts(t, err)); diff != "" {
				t.Errorf("Validate (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

func TestValidateCodes(t *testing.T) {
	tests := []struct {
		change func(m *treaty.Model)
		is     []error
		reason string
	}{
		{func(m *treaty.Model) { m.Instruments[2].Relations[0].Target = "t1990.art3.relase" },
			[]error{treaty.ErrUnknownClause}, "a condition relation with an unknown target"},
		{func(m *treaty.Model) { m.Instruments[5].Relations[0].Target = "t1991" },
			[]error{treaty.ErrUnknownInstrument}, "another relation with an unknown target"},
		{func(m *treaty.Model) { m.Instruments[1].Clauses[0].Condition = conditions.MustParse("x") },
			[]error{treaty.ErrCondition, treaty.ErrUnknownFact, conditions.ErrUnknownFact}, "a condition's unknown fact matches both packages' sentinels"},
		{func(m *treaty.Model) { m.Instruments[1].Clauses[0].Condition = conditions.MustParse("1 + true") },
			[]error{treaty.ErrCondition, conditions.ErrType}, "a type error"},
		{func(m *treaty.Model) { m.Instruments[5].Relations[0].Target = "l2005" },
			[]error{treaty.ErrCycle}, "a cycle"},
	}
	for _, tc := range tests {
		m := goModel(t)
		tc.change(m)
		err := m.Validate()
		for _, target := range tc.is {
			if !errors.Is(err, target) {
				t.Errorf("errors.Is(%v, %v) = false (%s)", err, target, tc.reason)
			}
		}
		if errors.Is(err, treaty.ErrDates) {
			t.Errorf("errors.Is(%v, ErrDates) = true (%s)", err, tc.reason)
		}
	}
}

func TestValidateNil(t *testing.T) {
	var m *treaty.Model
	if got := errorTexts(t, m.Validate()); len(got) != 1 || got[0] != "nil model" {
		t.Errorf("nil.Validate() = %q, want [nil model]", got)
	}
}

func TestValidateDoesNotModify(t *testing.T) {
	m := goModel(t)
	m.Instruments[1].Clauses[0].Bearer = "XX"
	m.Readings[0].ID = "" // defaults to the party: must stay empty
	before, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if m.Validate() == nil {
		t.Fatal("Validate = nil, want an error")
	}
	after, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(before), string(after)); diff != "" {
		t.Errorf("Validate modified the model:\n%s", diff)
	}
}

// goScenario returns the scenario of testdata/minimal.scenario.json as a
// new *Scenario with no file behind it and its own facts map.
func goScenario(t *testing.T) *treaty.Scenario {
	t.Helper()
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Facts = map[string]treaty.Fact{}
	for k, v := range s.Facts {
		c.Facts[k] = v
	}
	return &c
}

func TestValidateScenario(t *testing.T) {
	d := treaty.MustDate
	tests := []struct {
		name    string
		change  func(m *treaty.Model, s *treaty.Scenario)
		noModel bool
		want    []string
		reason  string
	}{
		{"valid", func(m *treaty.Model, s *treaty.Scenario) {}, false, nil, "the minimal scenario fits the minimal model"},
		{"go values", func(m *treaty.Model, s *treaty.Scenario) {
			s.Facts["flow.minimum_m3s"] = treaty.Fact{Value: int8(3)}
			s.Facts["referendum.held_on"] = treaty.Fact{Value: d("2003-06-01")}
			s.Facts["dam.completed"] = treaty.Fact{History: []treaty.Change{{From: d("2000-01-01"), Value: new(true)}}}
		}, false, nil, "Go values of the right kinds are accepted"},
		{"header", func(m *treaty.Model, s *treaty.Scenario) {
			s.Schema, s.ID, s.AsOf = "x", "", treaty.Date{}
		}, false, []string{
			`/schema: unsupported schema "x": want "treatycond.scenario/v1"`,
			`/id: missing or empty "id"`,
			`/as_of: missing or empty "as_of"`,
		}, "id and as_of are required"},
		{"wrong go type", func(m *treaty.Model, s *treaty.Scenario) {
			s.Facts["dam.completed"] = treaty.Fact{Value: 1}
			s.Facts["commission.chair"] = treaty.Fact{History: []treaty.Change{{Value: "x"}}}
		}, false, []string{
			`/facts/commission.chair/history/0/from: missing or empty "from"`,
			`/facts/dam.completed: want bool for fact "dam.completed", got int 1`,
		}, "facts in name order; a history entry needs a date"},
		{"no readings", func(m *treaty.Model, s *treaty.Scenario) {
			m.Readings = nil
			s.Expect = []treaty.Expectation{{Clause: "a2015.art2.data", Reading: "NB"}, {Clause: "a2015.art2.data", Reading: "AL-courts"}}
		}, false, []string{`/expect/1/reading: unknown reading "AL-courts"`},
			"without readings in the model, each party has its default reading"},
		{"expectation fields", func(m *treaty.Model, s *treaty.Scenario) {
			s.Expect = []treaty.Expectation{{}}
		}, false, []string{`/expect/0/clause: missing or empty "clause"`, `/expect/0/reading: missing or empty "reading"`},
			"an expectation names a clause and a reading"},
		{"no model", func(m *treaty.Model, s *treaty.Scenario) {
			s.Facts["undeclared"] = treaty.Fact{Value: []int{1}}
			s.Expect[0].Clause = "nothing"
		}, true, nil, "without a model only the scenario's own form is checked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, s := goModel(t), goScenario(t)
			tc.change(m, s)
			if tc.noModel {
				m = nil
			}
			err := treaty.ValidateScenario(m, s)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ValidateScenario = %v, want nil (%s)", err, tc.reason)
				}
				return
			}
			if diff := cmp.Diff(tc.want, errorTexts(t, err)); diff != "" {
				t.Errorf("ValidateScenario (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
	if got := errorTexts(t, treaty.ValidateScenario(goModel(t), nil)); len(got) != 1 || got[0] != "nil scenario" {
		t.Errorf("ValidateScenario(m, nil) = %q, want [nil scenario]", got)
	}
}

func TestConvertFact(t *testing.T) {
	m := goModel(t)
	m.Facts = append(m.Facts, treaty.FactDecl{Field: conditions.Field{Name: "untyped"}})
	day := time.Date(2003, 6, 1, 0, 0, 0, 0, time.UTC)
	tokyo := time.FixedZone("JST", 9*3600)
	type myBool bool
	tests := []struct {
		fact    string
		in      any
		want    any
		wantErr string
		reason  string
	}{
		{"dam.completed", true, true, "", "bool"},
		{"dam.completed", myBool(true), true, "", "named bool types"},
		{"dam.completed", nil, nil, "", "nil is unknown"},
		{"dam.completed", (*bool)(nil), nil, "", "a nil pointer is unknown"},
		{"dam.completed", new(false), false, "", "pointers are followed"},
		{"dam.completed", "true", nil, `want bool for fact "dam.completed", got string "true"`, "no string to bool conversion"},
		{"flow.minimum_m3s", 42.5, 42.5, "", "float64"},
		{"flow.minimum_m3s", 7, 7.0, "", "int to float64"},
		{"flow.minimum_m3s", uint16(7), 7.0, "", "unsigned"},
		{"flow.minimum_m3s", float32(0.5), 0.5, "", "float32"},
		{"flow.minimum_m3s", math.NaN(), nil, `want number for fact "flow.minimum_m3s", got number NaN: not a finite number`, "NaN"},
		{"flow.minimum_m3s", math.Inf(1), nil, `got number +Inf: not a finite number`, "infinity"},
		{"flow.minimum_m3s", "42", nil, `want number for fact "flow.minimum_m3s", got string "42"`, "no string to number conversion"},
		{"commission.chair", "Ortega", "Ortega", "", "string"},
		{"commission.chair", 3.0, nil, `want string for fact "commission.chair", got number 3`, "a number is not a string"},
		{"referendum.held_on", "2003-06-01", day, "", "date from YYYY-MM-DD"},
		{"referendum.held_on", treaty.MustDate("2003-06-01"), day, "", "date from Date"},
		{"referendum.held_on", time.Date(2003, 6, 1, 23, 30, 0, 0, tokyo), day, "", "date from time.Time, by its civil date"},
		{"referendum.held_on", treaty.Date{}, nil, "", "the zero Date is unknown"},
		{"referendum.held_on", "2003-6-1", nil, `got string "2003-6-1": not a valid YYYY-MM-DD date`, "dates are YYYY-MM-DD"},
		{"referendum.held_on", true, nil, `want date for fact "referendum.held_on", got boolean true`, "a bool is not a date"},
		{"untyped", "2003-06-01", "2003-06-01", "", "an untyped fact keeps strings"},
		{"untyped", 2, 2.0, "", "an untyped fact converts numbers"},
		{"untyped", []int{1}, nil, `want any for fact "untyped", got []int [1]`, "an untyped fact rejects other Go types"},
		{"dam.complete", true, nil, `unknown fact "dam.complete" (did you mean "dam.completed"?)`, "unknown facts"},
	}
	for _, tc := range tests {
		got, err := treaty.ConvertFact(m, tc.fact, tc.in)
		if tc.wantErr != "" {
			if err == nil || !contains(err.Error(), tc.wantErr) {
				t.Errorf("ConvertFact(%s, %#v) = %v, %v; want an error containing %q (%s)", tc.fact, tc.in, got, err, tc.wantErr, tc.reason)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tc.want) {
			t.Errorf("ConvertFact(%s, %#v) = %#v, %v; want %#v (%s)", tc.fact, tc.in, got, err, tc.want, tc.reason)
		}
	}
	if _, err := treaty.ConvertFact(m, "nope", 1); !errors.Is(err, treaty.ErrUnknownFact) {
		t.Errorf("ConvertFact(unknown): errors.Is(err, ErrUnknownFact) = false")
	}
	if _, err := treaty.ConvertFact(m, "dam.completed", 1); !errors.Is(err, treaty.ErrSchema) {
		t.Errorf("ConvertFact(wrong type): errors.Is(err, ErrSchema) = false")
	}
	// The deprecated name converts the same way.
	if got, err := treaty.FactValue(m, "referendum.held_on", "2003-06-01"); err != nil || !cmp.Equal(got, day) {
		t.Errorf("FactValue (deprecated) = %v, %v; want %v as ConvertFact gives", got, err, day)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
