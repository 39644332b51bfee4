package view_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/internal/jsonschema"
	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// models are the models the tests draw, with a scenario each.
var models = []struct{ model, scenario string }{
	{"../../examples/kuril/kuril.json", "../../examples/kuril/scenario-peace-and-withdrawal.json"},
	{"../testdata/minimal.json", "../testdata/minimal.scenario.json"},
	{"../../examples/jcpoa/jcpoa.json", "../../examples/jcpoa/scenario-2025-snapback.json"},
	{"../../examples/transit/transit.json", "../../examples/transit/scenario-no-emergency.json"},
}

func load(t *testing.T, model, scenario string) (*treaty.Model, *treaty.Scenario) {
	t.Helper()
	m, err := treaty.LoadModel(model)
	require.NoError(t, err)
	s, err := treaty.LoadScenario(scenario)
	require.NoError(t, err)
	return m, s
}

func schema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, ok := view.JSONSchema(name)
	require.True(t, ok, "JSONSchema(%q)", name)
	s, err := jsonschema.Compile(data)
	require.NoError(t, err)
	return s
}

// TestGraph checks that every edge joins nodes of the graph, node ids are
// unique, and the JSON validates against the published schema.
func TestGraph(t *testing.T) {
	for _, tc := range models {
		t.Run(tc.model, func(t *testing.T) {
			m, _ := load(t, tc.model, tc.scenario)
			before, err := json.Marshal(m)
			require.NoError(t, err)
			g := view.NewGraph(m)
			after, err := json.Marshal(m)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "NewGraph must not modify the model")

			ids := map[string]bool{}
			for _, n := range g.Nodes {
				assert.False(t, ids[n.ID], "duplicate node %s", n.ID)
				ids[n.ID] = true
				assert.Equal(t, string(n.Kind)+":"+n.Ref, n.ID)
			}
			for _, e := range g.Edges {
				assert.True(t, ids[e.From] && ids[e.To], "edge %s -> %s names a node the graph lacks", e.From, e.To)
			}
			data, err := json.Marshal(g)
			require.NoError(t, err)
			require.NoError(t, schema(t, "graph").ValidateJSON(data))
		})
	}
}

// allScenarios lists every example scenario with its model.
func allScenarios(t *testing.T) []struct{ model, scenario string } {
	t.Helper()
	files, err := filepath.Glob("../../examples/*/scenario-*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := models[1:2]
	for _, f := range files {
		dir := filepath.Dir(f)
		out = append(out, struct{ model, scenario string }{filepath.Join(dir, filepath.Base(dir)+".json"), f})
	}
	return out
}

// TestTimeline checks, for every track, that the periods cover the range
// without gaps or overlaps, that neighbours differ, that Evaluate on the
// first and last day of every period agrees with it, and that the JSON
// validates against the schema with "holds" matching "value".
func TestTimeline(t *testing.T) {
	for _, tc := range allScenarios(t) {
		t.Run(tc.scenario, func(t *testing.T) {
			m, s := load(t, tc.model, tc.scenario)
			tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{})
			require.NoError(t, err)
			require.NotEmpty(t, tl.Tracks)
			assert.Equal(t, s.AsOf, tl.To, "to defaults to the scenario's date")
			assert.Equal(t, view.ChangeDates(m, s)[0], tl.From, "from defaults to the first change date")
			for _, tr := range tl.Tracks {
				require.NotEmpty(t, tr.Periods)
				assert.Equal(t, tl.From, tr.Periods[0].From, "%s/%s starts on From", tr.Clause, tr.Reading)
				assert.Equal(t, tl.To, tr.Periods[len(tr.Periods)-1].To, "%s/%s ends on To", tr.Clause, tr.Reading)
				for i, p := range tr.Periods {
					assert.False(t, p.To.Before(p.From), "period %d of %s/%s ends before it starts", i, tr.Clause, tr.Reading)
					if i > 0 {
						prev := tr.Periods[i-1]
						assert.Equal(t, prev.To.AddDays(1), p.From, "period %d of %s/%s follows the one before", i, tr.Clause, tr.Reading)
						assert.False(t, prev.Status == p.Status && prev.Value == p.Value && prev.Condition == p.Condition &&
							(prev.Ended == nil) == (p.Ended == nil),
							"periods %d and %d of %s/%s should be one", i-1, i, tr.Clause, tr.Reading)
					}
					for _, day := range []treaty.Date{p.From, p.To} {
						rep, err := treaty.Evaluate(m, s, treaty.AsOf(day), treaty.ForClauses(tr.Clause), treaty.ForReadings(tr.Reading))
						require.NoError(t, err)
						i := slices.IndexFunc(rep.Results, func(x treaty.Result) bool { return x.Instance == tr.Instance })
						if i < 0 && tr.Instance != "" {
							assert.Equal(t, treaty.NotInForce, p.Status, "%s/%s on %s, before the instance exists", tr.Instance, tr.Reading, day)
							continue
						}
						require.GreaterOrEqual(t, i, 0, "%s/%s on %s", tr.Clause, tr.Reading, day)
						r := rep.Results[i]
						assert.Equal(t, p.Status, r.Status, "%s/%s on %s", tr.Clause, tr.Reading, day)
						assert.Equal(t, p.Ended != nil, r.Ended != nil, "%s/%s on %s: the period says whether the instrument has ended", tr.Clause, tr.Reading, day)
						if r.Status != treaty.NotInForce {
							assert.Equal(t, p.Value, r.Value, "%s/%s on %s", tr.Clause, tr.Reading, day)
							assert.Equal(t, p.Condition, r.Condition, "%s/%s on %s", tr.Clause, tr.Reading, day)
						}
					}
				}
			}
			data, err := json.Marshal(tl)
			require.NoError(t, err)
			require.NoError(t, schema(t, "timeline").ValidateJSON(data))
			var doc struct {
				Tracks []struct {
					Periods []struct {
						Value string
						Holds *bool
					}
				}
			}
			require.NoError(t, json.Unmarshal(data, &doc))
			for _, tr := range doc.Tracks {
				for _, p := range tr.Periods {
					switch p.Value {
					case "unknown":
						assert.Nil(t, p.Holds)
					default:
						require.NotNil(t, p.Holds)
						assert.Equal(t, p.Value == "true", *p.Holds)
					}
				}
			}
		})
	}
}

// TestTimelineOptions checks that the range and the selection options
// are honoured, that AsOf cannot move the timeline, and bad ranges.
func TestTimelineOptions(t *testing.T) {
	m, s := load(t, models[0].model, models[0].scenario)
	from, to := treaty.MustDate("1960-01-01"), treaty.MustDate("1961-01-01")
	tl, err := view.NewTimeline(m, s, from, to, treaty.ForReadings("RU"), treaty.ForClauses("jsd1956.art9.transfer"), treaty.AsOf(treaty.MustDate("2000-01-01")))
	require.NoError(t, err)
	require.Len(t, tl.Tracks, 1)
	got := []string{}
	for _, p := range tl.Tracks[0].Periods {
		got = append(got, p.From.String()+" "+string(p.Status)+" "+p.Condition)
	}
	want := []string{
		"1960-01-01 not_due peace_treaty.concluded",
		"1960-01-27 not_due peace_treaty.concluded and foreign_troops.withdrawn",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the memorandum of 1960-01-27 starts a period under RU (-want +got):\n%s", diff)
	}

	_, err = view.NewTimeline(m, s, to, from)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ends on 1960-01-01, before it starts on 1961-01-01")
	_, err = view.NewTimeline(&treaty.Model{ID: "empty"}, &treaty.Scenario{}, treaty.Date{}, treaty.Date{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mention no dates")
	_, err = view.NewTimeline(m, s, from, to, treaty.ForClauses("nope"))
	require.Error(t, err)
}

// TestTimelineWriters checks the text, Mermaid and DOT forms on one track.
func TestTimelineWriters(t *testing.T) {
	m, s := load(t, models[0].model, models[0].scenario)
	tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{}, treaty.ForClauses("jsd1956.art9.transfer"), treaty.ForReadings("JP"))
	require.NoError(t, err)
	var text, mmd, dot strings.Builder
	require.NoError(t, tl.WriteText(&text))
	require.NoError(t, tl.WriteMermaid(&mmd))
	require.NoError(t, tl.WriteDOT(&dot))
	assert.Regexp(t, `(?m)^    1956-10-19 \.\. 1956-12-11 +not_in_force +- +- +jsd1956 takes effect on 1956-12-12$`, text.String())
	assert.Contains(t, mmd.String(), "  due (true) :active, t2, 2027-09-01, 2031-01-02\n", "gantt ends are exclusive")
	assert.Contains(t, dot.String(), `p2 [label="2027-09-01 .. 2031-01-01\ndue (true)", fillcolor="#cfe3ff"];`)
	assert.Contains(t, dot.String(), "p1 -> p2;")
}

func TestJSONSchemaNames(t *testing.T) {
	for _, name := range []string{"", "model", "report", "../view/schema/graph", "graph.schema.json"} {
		_, ok := view.JSONSchema(name)
		assert.False(t, ok, "JSONSchema(%q)", name)
	}
	a, _ := view.JSONSchema("graph")
	a[0] = 'X'
	b, _ := view.JSONSchema("graph")
	assert.Equal(t, byte('{'), b[0], "each call returns a copy")
}

func TestTimelineFirstDayMissing(t *testing.T) {
	due := func(s treaty.Status) bool { return s == treaty.Due }
	d, ok := (*view.Timeline)(nil).FirstDay("c", "r", due)
	require.False(t, ok, "a nil timeline has no days")
	require.True(t, d.IsZero(), "and gives the zero date")
	tl := &view.Timeline{Tracks: []view.Track{{Clause: "c", Reading: "r", Periods: []view.Period{
		{From: treaty.MustDate("2000-01-01"), To: treaty.MustDate("2000-01-31"), Status: treaty.NotDue},
		{From: treaty.MustDate("2000-02-01"), To: treaty.MustDate("2000-03-31"), Status: treaty.Due},
	}}}}
	d, ok = tl.FirstDay("c", "r", due)
	require.True(t, ok)
	require.Equal(t, "2000-02-01", d.String(), "the first period whose status matches")
	_, ok = tl.FirstDay("c", "other", due)
	require.False(t, ok, "no track for the reading")
	_, ok = tl.FirstDay("x", "r", due)
	require.False(t, ok, "no track for the clause")
}

// TestGraphStatements checks that the graph of the genocide example draws
// each statement, the clause a reservation bears on and the reservation an
// objection answers.
func TestGraphStatements(t *testing.T) {
	m, err := treaty.LoadModel("../../examples/genocide/genocide.json")
	require.NoError(t, err)
	g := view.NewGraph(m)
	var got []string
	for _, e := range g.Edges {
		switch e.Kind {
		case view.ReservesEdge, view.AnswersEdge:
			got = append(got, e.From+" -> "+e.To+": "+e.Label)
		}
	}
	want := []string{
		"statement:su.res.art9 -> clause:genocide.art9: excludes",
		"statement:usa.res.art9 -> clause:genocide.art9: modifies",
		"statement:nld.obj.su -> statement:su.res.art9: objects to, opposing entry into force (1966-06-20)",
		"statement:nld.obj.usa -> statement:usa.res.art9: objects to, opposing entry into force (1966-06-20)",
		"statement:gbr.obj.su -> statement:su.res.art9: objects to (1970-01-30)",
	}
	require.Equal(t, want, got)
	data, err := json.Marshal(g)
	require.NoError(t, err)
	require.NoError(t, schema(t, "graph").ValidateJSON(data))
}

// TestGraphMembers checks that the graph draws each dated member of an
// instrument as a party edge carrying the dates the model records.
func TestGraphMembers(t *testing.T) {
	d := func(s string) treaty.Date {
		v, err := treaty.ParseDate(s)
		require.NoError(t, err)
		return v
	}
	m := &treaty.Model{
		ID:      "pact",
		Parties: []treaty.Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Instruments: []treaty.Instrument{{
			ID: "pact", Title: "Pact", Kind: treaty.KindTreaty, Signed: d("2000-01-01"),
			Members: []treaty.Member{
				{Party: "A", Signed: d("2000-01-01"), Consent: d("2000-03-01"), How: treaty.Ratification},
				{Party: "B", Consent: d("2001-05-02"), How: treaty.Accession,
					Withdrawal: &treaty.Withdrawal{Notified: d("2005-01-01"), Effective: d("2006-01-01")}},
			},
		}},
	}
	type edge struct {
		From, Label string
		Date, Until string
	}
	var got []edge
	for _, e := range view.NewGraph(m).Edges {
		if e.Kind != view.PartyEdge {
			continue
		}
		x := edge{From: e.From, Label: e.Label}
		if e.Date != nil {
			x.Date = e.Date.String()
		}
		if e.Until != nil {
			x.Until = e.Until.String()
		}
		got = append(got, x)
	}
	want := []edge{
		{From: "party:A", Label: "member: signed 2000-01-01; ratification 2000-03-01", Date: "2000-03-01"},
		{From: "party:B", Label: "member: accession 2001-05-02; withdrawal notified 2005-01-01; withdrawal effective 2006-01-01",
			Date: "2001-05-02", Until: "2006-01-01"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("member edges (-want +got):\n%s", diff)
	}
}
