package treaty

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// asofModel is a treaty with clauses whose conditions read the evaluation
// date: one due a month after ratification, one in force ten years from
// signature, one due in a window.
func asofModel(declared bool) (*Model, *Scenario) {
	m := &Model{ID: "asof", Parties: []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"},
			Signed: MustDate("2020-01-31"), InForce: MustDate("2020-01-31"),
			Clauses: []Clause{
				{ID: "t.month", Kind: Obligation, Bearer: "A", Action: "report", Condition: conditions.MustParse("asof >= ratified + 1m")},
				{ID: "t.tenyears", Kind: Obligation, Bearer: "B", Action: "keep", Condition: conditions.MustParse("asof < @2020-02-29 + 1y")},
				{ID: "t.window", Kind: Obligation, Bearer: "A", Action: "notify", Condition: conditions.MustParse("asof - ratified > 10 and asof < ratified + 2m")},
			}}}}
	if declared {
		m.Facts = []FactDecl{{Field: conditions.Field{Name: "ratified", Type: conditions.Date}}}
	}
	s := &Scenario{ID: "s", Facts: map[string]Fact{
		"ratified": {History: []Change{{From: MustDate("2020-02-05"), Value: time.Date(2020, 1, 31, 0, 0, 0, 0, time.UTC)}}},
	}}
	return m, s
}

// TestAsOfSince: a condition that turns as time passes, with no fact
// changing, reports the day it turned as since, with and without declared
// facts (compiled programs and trees).
func TestAsOfSince(t *testing.T) {
	tests := []struct {
		clause, asOf string
		status       Status
		since        string
		reason       string
	}{
		{"t.month", "2020-02-28", NotDue, "2020-02-05", "31 Jan + 1m is 29 Feb 2020: not yet, since ratification became known"},
		{"t.month", "2020-02-29", Due, "2020-02-29", "due from the end of February, a day no fact changed"},
		{"t.month", "2021-06-01", Due, "2020-02-29", "still due, since the same day"},
		{"t.month", "2020-02-01", Undetermined, "2020-01-31", "ratification unknown yet, since entry into force"},
		{"t.tenyears", "2021-02-27", Due, "2020-01-31", "29 Feb 2020 + 1y is 28 Feb 2021"},
		{"t.tenyears", "2021-02-28", NotDue, "2021-02-28", "over on 28 Feb 2021: since that day"},
		{"t.window", "2020-02-10", NotDue, "2020-02-05", "ten days after ratification not yet passed"},
		{"t.window", "2020-02-11", Due, "2020-02-11", "the window opens the eleventh day"},
		{"t.window", "2020-03-31", NotDue, "2020-03-31", "31 Jan + 2m is 31 March: the window closes"},
	}
	for _, declared := range []bool{true, false} {
		for _, tt := range tests {
			t.Run(tt.reason, func(t *testing.T) {
				m, s := asofModel(declared)
				if declared {
					require.NoError(t, m.Validate())
				}
				s.AsOf = MustDate(tt.asOf)
				rep, err := Evaluate(m, s, ForClauses(tt.clause))
				require.NoError(t, err)
				require.Len(t, rep.Results, 2) // one per party's reading
				r := rep.Results[0]
				got := ""
				if r.Since != nil {
					got = r.Since.String()
				}
				if diff := cmp.Diff(tt.status, r.Status); diff != "" {
					t.Errorf("declared=%v status (-want +got):\n%s", declared, diff)
				}
				if diff := cmp.Diff(tt.since, got); diff != "" {
					t.Errorf("declared=%v since (-want +got):\n%s", declared, diff)
				}
				ref, err := refEvaluate(m, s, s.AsOf)
				require.NoError(t, err)
				var refRes []Result
				for _, x := range ref {
					if x.Clause == tt.clause {
						refRes = append(refRes, x)
					}
				}
				if diff := cmp.Diff(refRes, rep.Results); diff != "" {
					t.Errorf("declared=%v: differs from the reference (-want +got):\n%s", declared, diff)
				}
			})
		}
	}
}

// TestAsOfReserved: a model may not declare asof, and a condition with
// asof on both sides of a comparison is refused with its position.
func TestAsOfReserved(t *testing.T) {
	m, _ := asofModel(true)
	m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: "asof", Type: conditions.Date}})
	err := m.Validate()
	require.Error(t, err)
	require.Contains(t, err.Error(), `fact name "asof" is reserved`)

	m, _ = asofModel(true)
	m.Instruments[0].Clauses[0].Condition = conditions.MustParse("asof + 1m > asof + 30d")
	err = m.Validate()
	require.Error(t, err)
	require.Contains(t, err.Error(), "in no single direction")
}
