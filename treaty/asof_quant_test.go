package treaty

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestAsOfInQuantifier: a clause whose condition reads asof inside a
// quantifier's body (each party must report within 30 days of its
// deposit) turns due on the day the first member's 30 days pass, a day
// on which no fact changes.
func TestAsOfInQuantifier(t *testing.T) {
	m := &Model{ID: "q", Parties: []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Facts: []FactDecl{
			{Field: conditions.Field{Name: "members", Type: conditions.Set}},
			{Field: conditions.Field{Name: "deposit", Type: conditions.Date, Index: "members"}},
		},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"},
			Signed: MustDate("2024-01-01"), InForce: MustDate("2024-01-01"),
			Clauses: []Clause{
				{ID: "t.late", Kind: Obligation, Bearer: "A", Action: "remind", Condition: conditions.MustParse("any(x in members: asof - deposit[x] > 30)")},
				{ID: "t.all", Kind: Obligation, Bearer: "A", Action: "close", Condition: conditions.MustParse("count(x in members: asof >= deposit[x] + 1m) >= 2")},
			}}}}
	require.NoError(t, m.Validate())
	s := &Scenario{ID: "s", Facts: map[string]Fact{
		"members": {Value: []any{"A", "B"}},
		"deposit": {Value: map[string]any{"A": time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), "B": time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}},
	}}
	tests := []struct {
		clause, asOf string
		status       Status
		since        string
		reason       string
	}{
		{"t.late", "2024-03-01", NotDue, "2024-01-01", "30 days after A's deposit: not yet more than 30"},
		{"t.late", "2024-03-02", Due, "2024-03-02", "the 31st day after A's deposit, a day no fact changes"},
		{"t.all", "2024-03-31", NotDue, "2024-01-01", "A's month passed (29 Feb), B's not: one member is not two, not due since entry into force"},
		{"t.all", "2024-04-01", Due, "2024-04-01", "B's month passes on 1 April: two members"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			s := *s
			s.AsOf = MustDate(tt.asOf)
			rep, err := Evaluate(m, &s, ForClauses(tt.clause))
			require.NoError(t, err)
			require.NotEmpty(t, rep.Results)
			r := rep.Results[0]
			got := ""
			if r.Since != nil {
				got = r.Since.String()
			}
			if diff := cmp.Diff([]string{string(tt.status), tt.since}, []string{string(r.Status), got}); diff != "" {
				t.Errorf("status, since (-want +got):\n%s", diff)
			}
		})
	}
}
