package treaty_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// factModel is a small model whose fact declaration carries sources and
// notes; extra is spliced into the declaration's object.
func factModel(extra string) string {
	return `{
  "id": "m",
  "facts": [
    {"name": "peace_treaty.concluded", "type": "bool", "doc": "a peace treaty is concluded",
     "sources": [{"title": "Joint Declaration", "article": "9", "date": "1956-10-19"}],
     "notes": ["the treaty the declaration foresees"]` + extra + `}
  ],
  "parties": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A", "B"], "signed": "1956-10-19",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act", "condition": "peace_treaty.concluded"}]}]
}`
}

func TestFactDeclSourcesDecoded(t *testing.T) {
	m, err := treaty.DecodeModel([]byte(factModel("")), "m.json")
	require.NoError(t, err)
	want := []treaty.FactDecl{{
		Field:   conditions.Field{Name: "peace_treaty.concluded", Type: conditions.Bool, Doc: "a peace treaty is concluded"},
		Sources: []treaty.Source{{Title: "Joint Declaration", Article: "9", Date: treaty.MustDate("1956-10-19")}},
		Notes:   []string{"the treaty the declaration foresees"},
	}}
	if diff := cmp.Diff(want, m.Facts); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	data, err := m.Encode()
	require.NoError(t, err)
	// The embedded field's members stand inline, not under "Field".
	require.Contains(t, string(data), `"name": "peace_treaty.concluded"`)
	require.NotContains(t, string(data), `"Field"`)
}

func TestFactDeclBad(t *testing.T) {
	for _, tc := range []struct {
		extra, want, reason string
	}{
		{`, "source": []`, `m.json:6:56: /facts/0/source: unknown field "source" (did you mean "sources"?)`,
			"a misspelt field of a declaration is located and corrected like any other"},
		{`, "Field": {}`, `m.json:6:56: /facts/0/Field: unknown field "Field"`,
			"the embedded field has no JSON name of its own: its members stand inline"},
	} {
		_, err := treaty.DecodeModel([]byte(factModel(tc.extra)), "m.json")
		require.Error(t, err, tc.reason)
		if got := strings.Split(err.Error(), "\n")[0]; got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.reason, got, tc.want)
		}
	}
	_, err := treaty.DecodeModel([]byte(strings.Replace(factModel(""), `"title": "Joint Declaration", `, ``, 1)), "m.json")
	require.ErrorContains(t, err, `/facts/0/sources/0/title: missing or empty "title"`, "a fact's source needs a title, as every source does")
}

func TestScenarioFactSources(t *testing.T) {
	m, err := treaty.DecodeModel([]byte(factModel("")), "m.json")
	require.NoError(t, err)
	data := `{
  "id": "s", "as_of": "2000-01-01",
  "facts": {
    "peace_treaty.concluded": {"value": false, "source": {"title": "Status quo"}, "note": "no treaty yet",
      "history": [{"from": "1999-05-01", "value": true, "source": {"title": "Treaty of peace", "article": "1"}, "note": "signed"}]}
  }
}`
	s, err := treaty.DecodeScenario([]byte(data), "s.json")
	require.NoError(t, err)
	require.NoError(t, treaty.ValidateScenario(m, s))
	want := treaty.Fact{Value: false, Source: &treaty.Source{Title: "Status quo"}, Note: "no treaty yet",
		History: []treaty.Change{{From: treaty.MustDate("1999-05-01"), Value: true,
			Source: &treaty.Source{Title: "Treaty of peace", Article: "1"}, Note: "signed"}}}
	if diff := cmp.Diff(want, s.Facts["peace_treaty.concluded"]); diff != "" {
		t.Errorf("fact (-want +got):\n%s", diff)
	}
	enc, err := s.Encode()
	require.NoError(t, err)
	s2, err := treaty.DecodeScenario(enc, "enc.json")
	require.NoError(t, err)
	if diff := cmp.Diff(s.Facts, s2.Facts); diff != "" {
		t.Errorf("sources and notes do not survive encoding (-first +again):\n%s\n%s", diff, enc)
	}
	// A plain value with only a note keeps the object form.
	one, err := treaty.Fact{Value: true, Note: "n"}.MarshalJSON()
	require.NoError(t, err)
	require.JSONEq(t, `{"value": true, "note": "n"}`, string(one))

	bad := strings.Replace(data, `"title": "Treaty of peace", `, ``, 1)
	_, err = treaty.DecodeScenario([]byte(bad), "s.json")
	require.ErrorContains(t, err, `s.json:5:67: /facts/peace_treaty.concluded/history/0/source/title: missing or empty "title"`,
		"a history entry's source needs a title, located in the file")
}
