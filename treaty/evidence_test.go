package treaty

import (
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

func TestEvidence(t *testing.T) {
	art := &Source{Title: "Exchange of notes", Article: "2", Date: MustDate("2003-05-01")}
	decl := []Source{{Title: "Treaty", Article: "4"}}
	date := func(s string) *Date { d := MustDate(s); return &d }
	tests := []struct {
		name  string
		cond  string
		facts map[string]Fact
		asOf  string
		want  []Evidence
		why   string
	}{
		{"plain value with its source", "ready", map[string]Fact{"ready": {Value: true, Source: art, Note: "as notified"}}, "2004-01-01",
			[]Evidence{{Fact: "ready", Value: true, Source: art, Note: "as notified", Declared: decl}, {Fact: "done"}},
			"a value that holds throughout names the source given with it, and the declaration's sources; the unknown performance fact makes the status due"},
		{"the history entry in effect", "ready",
			map[string]Fact{"ready": {Value: false, Source: &Source{Title: "old"}, History: []Change{
				{From: MustDate("2003-01-01"), Value: true, Source: art},
				{From: MustDate("2006-01-01"), Value: false, Note: "withdrawn"}}}}, "2004-01-01",
			[]Evidence{{Fact: "ready", Value: true, From: date("2003-01-01"), Source: art, Declared: decl}, {Fact: "done"}},
			"the entry whose date is the latest on or before the as-of date gives value, date and source; later entries do not count"},
		{"before the first change", "ready",
			map[string]Fact{"ready": {Value: false, Note: "initially", History: []Change{{From: MustDate("2008-01-01"), Value: true}}}}, "2004-01-01",
			[]Evidence{{Fact: "ready", Value: false, Note: "initially", Declared: decl}},
			"before any change the plain value and its note apply"},
		{"only decisive facts", "ready or extra",
			map[string]Fact{"ready": {Value: true}, "extra": {Value: false, Source: art}}, "2004-01-01",
			[]Evidence{{Fact: "ready", Value: true, Declared: decl}, {Fact: "done"}},
			"a false operand of a true 'or' did not decide it, so its source is not evidence"},
		{"false and", "ready and extra",
			map[string]Fact{"ready": {Value: true}, "extra": {Value: false, Source: art}}, "2004-01-01",
			[]Evidence{{Fact: "extra", Value: false, Source: art}},
			"the false operand of a false 'and' decided it"},
		{"performance fact", "ready",
			map[string]Fact{"ready": {Value: true}, "done": {History: []Change{{From: MustDate("2003-06-01"), Value: true, Source: art}}}}, "2004-01-01",
			[]Evidence{{Fact: "ready", Value: true, Declared: decl}, {Fact: "done", Value: true, From: date("2003-06-01"), Source: art}},
			"a fulfilled status depends on the performance fact, so it is evidence too"},
		{"unknown", "ready",
			map[string]Fact{}, "2004-01-01",
			[]Evidence{{Fact: "ready", Declared: decl}},
			"an unknown deciding fact is evidence with a nil value (and the declaration's sources)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := endModel(Obligation, func(m *Model) {
				m.Facts[1].Sources = decl
				m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: "extra", Type: conditions.Bool}})
				m.Instruments[0].Clauses[0].Condition = conditions.MustParse(tc.cond)
			})
			rep, err := Evaluate(m, &Scenario{ID: "s", AsOf: MustDate(tc.asOf), Facts: tc.facts})
			require.NoError(t, err)
			if diff := gocmp.Diff(tc.want, rep.Results[0].Evidence); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.why, diff)
			}
		})
	}
}

func TestEvidenceText(t *testing.T) {
	m := endModel(Obligation, nil)
	s := &Scenario{ID: "s", AsOf: MustDate("2004-01-01"), Facts: map[string]Fact{
		"ready": {History: []Change{{From: MustDate("2003-01-01"), Value: true,
			Source: &Source{Title: "Exchange of notes", Article: "2", Date: MustDate("2003-05-01")}, Note: "as notified"}}}}}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, rep.WriteText(&b))
	want := "\nSources of the deciding facts:\n" +
		"  ready = true (from 2003-01-01; source: Exchange of notes, art. 2, 2003-05-01; as notified)\n" +
		"    decides c under A\n"
	require.Contains(t, b.String(), want, "the text report names the source of a deciding value and what it decides")
}
