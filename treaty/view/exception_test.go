package view_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// TestExceptionsInViews checks that the graph draws exceptions and what
// they override, and that the timeline says which exceptions disapply a
// clause over each period.
func TestExceptionsInViews(t *testing.T) {
	m, s := load(t, "../../examples/transit/transit.json", "../../examples/transit/scenario-no-emergency.json")
	g := view.NewGraph(m)
	type edge struct {
		From, To string
		Kind     view.EdgeKind
	}
	var got []edge
	for _, e := range g.Edges {
		if e.Kind == view.ExceptionEdge || e.Kind == view.OverridesEdge {
			got = append(got, edge{e.From, e.To, e.Kind})
		}
	}
	want := []edge{
		{"instrument:gatt1994", "exception:gatt1994.art21.b.iii", view.ExceptionEdge},
		{"exception:gatt1994.art21.b.iii", "instrument:gatt1994", view.OverridesEdge},
		{"instrument:gatt1994", "exception:gatt1994.art21.b.iii.review", view.ExceptionEdge},
		{"exception:gatt1994.art21.b.iii.review", "exception:gatt1994.art21.b.iii", view.OverridesEdge},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("exception edges (-want +got):\n%s", d)
	}
	var label []string
	for _, n := range g.Nodes {
		if n.ID == "exception:gatt1994.art21.b.iii" {
			label = n.Label
		}
	}
	require.Equal(t, []string{"gatt1994.art21.b.iii (XXI(b)(iii))", "disapplies gatt1994 where ru.considers_necessary", "priority 0; 1 under RU"}, label)

	tl, err := view.NewTimeline(m, s, treaty.MustDate("2015-01-01"), s.AsOf)
	require.NoError(t, err)
	type period struct {
		Reading, From string
		Status        treaty.Status
		By            []string
	}
	var periods []period
	for _, tr := range tl.Tracks {
		for _, p := range tr.Periods {
			periods = append(periods, period{tr.Reading, p.From.String(), p.Status, p.DisappliedBy})
		}
	}
	wantPeriods := []period{
		{"RU", "2015-01-01", treaty.Due, nil},
		{"RU", "2016-01-01", treaty.NotDue, []string{"gatt1994.art21.b.iii"}},
		{"UA", "2015-01-01", treaty.Due, nil},
		{"UA", "2016-01-01", treaty.Violated, nil},
		{"panel", "2015-01-01", treaty.Due, nil},
		{"panel", "2016-01-01", treaty.Violated, nil},
	}
	if d := cmp.Diff(wantPeriods, periods); d != "" {
		t.Errorf("periods (-want +got):\n%s", d)
	}
}
