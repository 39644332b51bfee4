package view_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// TestTimelineAsOf: a condition on the evaluation date turns as time
// passes, between and after the dates the model and scenario mention: a
// window that opens and closes with no fact changing shows as its own
// period.
func TestTimelineAsOf(t *testing.T) {
	m := &treaty.Model{ID: "asof", Parties: []treaty.Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Facts: []treaty.FactDecl{{Field: conditions.Field{Name: "ratified", Type: conditions.Date}}},
		Instruments: []treaty.Instrument{{ID: "t", Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"},
			Signed: treaty.MustDate("2020-01-31"), InForce: treaty.MustDate("2020-01-31"),
			Clauses: []treaty.Clause{{ID: "t.window", Kind: treaty.Obligation, Bearer: "A", Action: "notify",
				Condition: conditions.MustParse("asof - ratified > 10 and asof < ratified + 2m")}}}}}
	require.NoError(t, m.Validate())
	s := &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2020-05-01"), Facts: map[string]treaty.Fact{
		"ratified": {History: []treaty.Change{{From: treaty.MustDate("2020-02-05"), Value: time.Date(2020, 1, 31, 0, 0, 0, 0, time.UTC)}}},
	}}
	tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{}, treaty.ForReadings("A"))
	require.NoError(t, err)
	require.Len(t, tl.Tracks, 1)
	type span struct {
		From, To string
		Status   treaty.Status
	}
	var got []span
	for _, p := range tl.Tracks[0].Periods {
		got = append(got, span{p.From.String(), p.To.String(), p.Status})
	}
	want := []span{
		{"2020-01-31", "2020-02-04", treaty.Undetermined},
		{"2020-02-05", "2020-02-10", treaty.NotDue},
		{"2020-02-11", "2020-03-30", treaty.Due},    // ten days after 31 Jan
		{"2020-03-31", "2020-05-01", treaty.NotDue}, // 31 Jan + 2m is 31 March
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("periods (-want +got):\n%s", diff)
	}
}
