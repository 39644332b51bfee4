package treaty

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestWarnings(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Model)
		want   []string
		reason string
	}{
		{"none", nil, nil, "a plain model has nothing to warn about"},
		{"start after the end", func(m *Model) {
			m.Instruments[0].Clauses[0].NotBefore = &When{Date: MustDate("2010-01-01")}
		}, []string{"/instruments/0/clauses/0/not_before: c can never be due: it could start on 2010-01-01, but it is in force only until 2009-12-31"},
			"a fixed not_before on the instrument's end date can never be reached"},
		{"start after until", func(m *Model) {
			m.Instruments[0].Clauses[0].NotBefore = &When{After: Period{Years: 5}}
			m.Instruments[0].Clauses[0].Until = &When{After: Period{Years: 2}}
		}, []string{"/instruments/0/clauses/0/not_before: c can never be due: it could start on 2005-01-01, but it is in force only until 2001-12-31"},
			"the clause's own until ends it before its start"},
		{"start before the end", func(m *Model) {
			m.Instruments[0].Clauses[0].NotBefore = &When{Date: MustDate("2009-12-31")}
		}, nil, "one day is enough to be due"},
		{"deadline before not_before", func(m *Model) {
			m.Instruments[0].Clauses[0].NotBefore = &When{After: Period{Years: 1}}
			m.Instruments[0].Clauses[0].Deadline = &When{Date: MustDate("2000-06-30")}
		}, []string{"/instruments/0/clauses/0/deadline: deadline 2000-06-30 comes before not_before 2001-01-01: the clause would be overdue the day it can start"},
			"a fixed deadline before a start counted from entry into force"},
		{"deadline from due", func(m *Model) {
			m.Instruments[0].Clauses[0].NotBefore = &When{After: Period{Years: 1}}
			m.Instruments[0].Clauses[0].Deadline = &When{After: Period{Days: 30}}
		}, nil, "a deadline counted from the day the clause falls due cannot come before its start"},
		{"relation before its target", func(m *Model) {
			m.Instruments[1].InForce = MustDate("1999-01-01")
			m.Instruments[1].Relations = []Relation{{Kind: AddsCondition, Target: "c", Condition: m.Instruments[0].Clauses[0].Condition}}
		}, []string{"/instruments/1/relations/0: adds_condition c takes effect on 1999-01-01, before its target's instrument t takes effect on 2000-01-01"},
			"an amendment older than the clause it amends"},
		{"relation after its target", func(m *Model) {
			m.Instruments[1].Relations = []Relation{{Kind: Terminates, Target: "t"}}
		}, nil, "the later agreement terminates the treaty after it exists"},
		{"accepts and rejects", func(m *Model) {
			m.Readings[0].Accepts = []string{"later"}
			m.Readings[0].Rejects = []Rejection{{Instrument: "later"}}
		}, []string{"/readings/0/rejects/0: reading A both accepts and rejects later: the rejection wins (always)"},
			"a contradictory reading"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := endModel(Obligation, tc.change)
			require.NoError(t, m.Validate(), "warnings are for valid models")
			var got []string
			for _, w := range m.Warnings() {
				got = append(got, w.Error())
			}
			if d := gocmp.Diff(tc.want, got); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, d)
			}
		})
	}
}

func TestWarningsPositions(t *testing.T) {
	src := `{"id": "w", "parties": [{"id": "A", "name": "A"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "in_force": "2000-01-01", "terminated": "2001-01-01",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act",
      "not_before": {"date": "2002-01-01"}}]}]}`
	m, err := DecodeModel([]byte(src), "w.json")
	require.NoError(t, err)
	ws := m.Warnings()
	require.Len(t, ws, 1)
	if d := gocmp.Diff("w.json:4:21: /instruments/0/clauses/0/not_before: c can never be due: it could start on 2002-01-01, but it is in force only until 2000-12-31",
		ws[0].Error()); d != "" {
		t.Errorf("a warning names its file, line and column (-want +got):\n%s", d)
	}
	require.Equal(t, CodeNeverDue, ws[0].Code)
}
