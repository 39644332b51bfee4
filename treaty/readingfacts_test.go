package treaty

import (
	"context"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// handoverModel is a treaty obliging A to transfer territory to B once
// ready; the two readings define "transferred" each its own way: A
// (the receiving side's view, here) as handed over with sovereignty, B
// as handed over.
func handoverModel() *Model {
	decl := func(name string, t conditions.Type) FactDecl {
		return FactDecl{Field: conditions.Field{Name: name, Type: t}}
	}
	return &Model{
		ID: "handover",
		Facts: []FactDecl{decl("ready", conditions.Bool), decl("handed_over", conditions.Bool),
			decl("sovereignty", conditions.Bool), decl("transferred", conditions.Bool), decl("troops", conditions.Number)},
		Parties: []Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}},
		Instruments: []Instrument{{ID: "t", Title: "Treaty", Kind: KindTreaty, Parties: []string{"A", "B"},
			InForce: MustDate("2000-01-01"),
			Clauses: []Clause{
				{ID: "cede", Kind: Obligation, Bearer: "B", Beneficiary: "A", Action: "transfer",
					Condition: conditions.MustParse("ready"), Performed: "transferred"},
				{ID: "withdraw", Kind: Obligation, Bearer: "A", Action: "withdraw",
					Condition: conditions.MustParse("troops > 0")},
			}}},
		Readings: []Reading{
			{ID: "A", Party: "A", Facts: []ReadingFact{{Fact: "transferred", Definition: conditions.MustParse("handed_over and sovereignty"),
				Sources: []Source{{Title: "A's note", Date: MustDate("2001-02-03")}}}}},
			{ID: "B", Party: "B", Facts: []ReadingFact{
				{Fact: "transferred", Definition: conditions.MustParse("handed_over")},
				{Fact: "troops", Value: 0.0, History: []Change{{From: MustDate("2004-01-01"), Value: 500.0}}, Notes: []string{"B's count"}}}},
		},
	}
}

func handoverScenario(asOf string) *Scenario {
	return &Scenario{ID: "s", AsOf: MustDate(asOf), Facts: map[string]Fact{
		"ready":       {Value: true},
		"handed_over": {Value: false, History: []Change{{From: MustDate("2005-01-01"), Value: true}}},
		"sovereignty": {Value: false},
		"transferred": {Value: true}, // the scenario's own value: every reading here defines it
		"troops":      {Value: 0.0},
	}}
}

func TestReadingFacts(t *testing.T) {
	m := handoverModel()
	require.NoError(t, m.Validate())
	date := func(s string) *Date { d := MustDate(s); return &d }
	tests := []struct {
		asOf, clause, reading string
		status                Status
		since                 *Date
		readingFacts          []string
		why                   string
	}{
		{"2004-06-01", "cede", "A", Due, date("2000-01-01"), []string{"A's definition of transferred"},
			"before the handover A's definition is false: due since entry into force, not the scenario's 'transferred'"},
		{"2004-06-01", "cede", "B", Due, date("2000-01-01"), []string{"B's definition of transferred"},
			"B's definition is false too before the handover"},
		{"2006-01-01", "cede", "A", Due, date("2000-01-01"), []string{"A's definition of transferred"},
			"without sovereignty A does not count the handover as the transfer"},
		{"2006-01-01", "cede", "B", Fulfilled, date("2005-01-01"), []string{"B's definition of transferred"},
			"B counts the handover as the transfer, since the day it happened"},
		{"2006-01-01", "withdraw", "A", NotDue, date("2000-01-01"), nil,
			"A reads the scenario's troop count"},
		{"2006-01-01", "withdraw", "B", Due, date("2004-01-01"), []string{"B's own value of troops"},
			"B's own dated value decides, and gives the since date"},
	}
	for _, tc := range tests {
		rep, err := Evaluate(m, handoverScenario(tc.asOf))
		require.NoError(t, err)
		i := indexOf(rep.Results, tc.clause, tc.reading)
		require.GreaterOrEqual(t, i, 0)
		r := rep.Results[i]
		got := []any{r.Status, r.Since, r.ReadingFacts}
		if d := gocmp.Diff([]any{tc.status, tc.since, tc.readingFacts}, got); d != "" {
			t.Errorf("%s %s under %s: %s (-want +got):\n%s", tc.asOf, tc.clause, tc.reading, tc.why, d)
		}
	}

	rep, err := Evaluate(m, handoverScenario("2006-01-01"))
	require.NoError(t, err)
	var cede *Dispute
	for i := range rep.Disputes {
		if rep.Disputes[i].Clause == "cede" && rep.Disputes[i].Kind == StatusDispute {
			cede = &rep.Disputes[i]
		}
	}
	require.NotNil(t, cede, "the readings' definitions make a status dispute")
	require.Equal(t, "cede: A due, B fulfilled; differs by A's definition of transferred, B's definition of transferred", cede.Summary,
		"the dispute names the definitions that decided it")
	ev := rep.Results[indexOf(rep.Results, "cede", "A")].Evidence
	require.Contains(t, ev, Evidence{Fact: "transferred", Value: false, Reading: "A", Definition: "handed_over and sovereignty",
		Source: &Source{Title: "A's note", Date: MustDate("2001-02-03")}},
		"the evidence says whose definition gave the value, with its source")

	var b strings.Builder
	require.NoError(t, rep.WriteText(&b))
	require.Contains(t, b.String(), "transferred = false (A's definition: handed_over and sovereignty; source: A's note, 2001-02-03)",
		"the text report lists the reading's definition among the sources of deciding facts")
}

func indexOf(results []Result, clause, reading string) int {
	for i, r := range results {
		if r.Clause == clause && r.Reading == reading {
			return i
		}
	}
	return -1
}

// TestReadingFactsSweepAndTakes checks that sweeps and what-it-takes see
// a reading's own facts as Evaluate does.
func TestReadingFactsSweepAndTakes(t *testing.T) {
	m := handoverModel()
	s := handoverScenario("2006-01-01")
	res, err := Sweep(context.Background(), m, s, SweepSpec{Vary: []string{"handed_over", "sovereignty"}}, ForClauses("cede"))
	require.NoError(t, err)
	got := map[string]map[Status]uint64{}
	for _, c := range res.Counts {
		got[c.Reading] = map[Status]uint64{}
		for st, n := range c.Statuses {
			if n > 0 {
				got[c.Reading][st] = n
			}
		}
	}
	want := map[string]map[Status]uint64{
		"A": {Due: 3, Fulfilled: 1}, // only handed over with sovereignty
		"B": {Due: 2, Fulfilled: 2}, // handed over, with or without
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("the sweep varies the facts the definitions read (-want +got):\n%s", d)
	}
	p, err := WhatItTakes(m, s, "withdraw")
	require.NoError(t, err)
	for _, rp := range p.Readings {
		if rp.Reading == "B" {
			require.Equal(t, Due, rp.Status)
			require.Contains(t, rp.Fixed, "troops", "B's own value fixes the troop count under B")
		}
	}
}

func TestReadingFactsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   string
		why    string
	}{
		{"unknown fact", func(m *Model) { m.Readings[0].Facts[0].Fact = "transfered" },
			`/readings/0/facts/0/fact: unknown fact "transfered" (did you mean "transferred"?)`, "a reading can only give a declared fact"},
		{"definition cycle", func(m *Model) {
			m.Readings[0].Facts = append(m.Readings[0].Facts, ReadingFact{Fact: "handed_over", Definition: conditions.MustParse("transferred or ready")})
		}, `/readings/0/facts/0/definition: reading A defines transferred through itself: transferred -> handed_over -> transferred`,
			"definitions that read one another in a circle define nothing"},
		{"self definition", func(m *Model) { m.Readings[1].Facts[0].Definition = conditions.MustParse("transferred and ready") },
			`/readings/1/facts/0/definition: reading B defines transferred through itself: transferred -> transferred`, "nor does a definition that reads itself"},
		{"definition of a number", func(m *Model) {
			m.Readings[0].Facts = append(m.Readings[0].Facts, ReadingFact{Fact: "troops", Definition: conditions.MustParse("ready")})
		}, `/readings/0/facts/1/definition: a definition is a condition, so it defines a bool fact; "troops" is declared number (give the reading's own value instead)`,
			"a condition cannot define a number"},
		{"value of the wrong type", func(m *Model) { m.Readings[1].Facts[1].History[0].Value = "many" },
			`/readings/1/facts/1/history/0/value: want number for fact "troops", got string "many"`, "an own value must have the fact's type"},
		{"definition that does not type-check", func(m *Model) { m.Readings[0].Facts[0].Definition = conditions.MustParse("troops and ready") },
			`/readings/0/facts/0/definition`, "a definition type-checks against the declarations"},
		{"both", func(m *Model) { m.Readings[0].Facts[0].Value = true },
			`/readings/0/facts/0/definition: fact "transferred" has both a definition and a value under reading A: give one`, "one or the other"},
		{"neither", func(m *Model) { m.Readings[0].Facts[0].Definition = conditions.Expr{} },
			`/readings/0/facts/0: reading A gives fact "transferred" neither a definition nor a value`, "an empty entry says nothing"},
		{"twice", func(m *Model) {
			m.Readings[0].Facts = append(m.Readings[0].Facts, ReadingFact{Fact: "transferred", Value: true})
		},
			`/readings/0/facts/1/fact: reading A gives fact "transferred" twice (first at /readings/0/facts/0)`, "one view per fact and reading"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := handoverModel()
			tc.change(m)
			err := m.Validate()
			require.ErrorContains(t, err, tc.want, tc.why)
		})
	}
}

func TestReadingFactsPositions(t *testing.T) {
	src := `{"id": "w", "facts": [{"name": "a", "type": "bool"}, {"name": "b", "type": "bool"}],
  "parties": [{"id": "A", "name": "A"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "in_force": "2000-01-01",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act", "condition": "a"}]}],
  "readings": [{"party": "A", "facts": [{"fact": "a", "definition": "b"}, {"fact": "b", "definition": "a"}]}]}`
	_, err := DecodeModel([]byte(src), "w.json")
	require.ErrorContains(t, err, `w.json:5:69: /readings/0/facts/0/definition: reading A defines a through itself: a -> b -> a`,
		"a definition cycle is reported at the file position of the definition")
}

func TestReadingFactsCompare(t *testing.T) {
	c, err := CompareReadings(handoverModel(), handoverScenario("2006-01-01"), "withdraw", "A", "B")
	require.NoError(t, err)
	require.Equal(t, "the conditions are equivalent: no facts set them apart; the conditions are compared as written, but they read B's own value of troops: the readings may also part on what those facts are (see the evaluation)",
		c.Note, "the same condition text does not make the readings agree when one has its own value of a fact it reads")
}
