package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

func TestParseSetAt(t *testing.T) {
	m := &treaty.Model{ID: "m", Facts: []treaty.FactDecl{
		{Field: conditions.Field{Name: "done", Type: conditions.Bool}}, {Field: conditions.Field{Name: "mail", Type: conditions.String}}}}
	tests := []struct {
		arg     string
		name    string
		value   any
		from    string
		wantErr string
		reason  string
	}{
		{"done=true", "done", true, "", "", "no date: the value since forever, as before"},
		{"done=true@2019-07-08", "done", true, "2019-07-08", "", "a date after @ is when the value starts"},
		{"mail=a@b", "mail", "a@b", "", "", "an @ followed by no date is part of a string value"},
		{`mail="x@2019-07-08"`, "mail", "x@2019-07-08", "", "", "a quoted value is taken as it is"},
		{"done=true@2019-02-30", "", nil, "", `after @: invalid date "2019-02-30": day 30 is out of range: February 2019 has 28 days`,
			"a bad date after @ is an error, not part of the value"},
	}
	for _, tc := range tests {
		t.Run(tc.arg, func(t *testing.T) {
			name, v, from, err := parseSetAt(m, tc.arg)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr, tc.reason)
				return
			}
			require.NoError(t, err, tc.reason)
			var want treaty.Date
			if tc.from != "" {
				want = treaty.MustDate(tc.from)
			}
			if d := cmp.Diff([]any{tc.name, tc.value, want.String()}, []any{name, v, from.String()}); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, d)
			}
		})
	}
}

func TestSetFrom(t *testing.T) {
	d := treaty.MustDate
	f := treaty.Fact{Value: false, History: []treaty.Change{{From: d("2001-01-01"), Value: true}, {From: d("2005-01-01"), Value: false}}}
	got := f.SetFrom(d("2003-01-01"), "x")
	want := treaty.Fact{Value: false, History: []treaty.Change{{From: d("2001-01-01"), Value: true}, {From: d("2003-01-01"), Value: "x"}}}
	if diff := cmp.Diff(want, got, cmp.Comparer(treaty.Date.Equal)); diff != "" {
		t.Errorf("history before the date is kept, later changes dropped (-want +got):\n%s", diff)
	}
	require.Len(t, f.History, 2, "the scenario's fact is not modified")
}

func TestEvalSetAt(t *testing.T) {
	out, stderr, code := runTreaty(t, "../../examples/jcpoa", []string{"eval", "jcpoa.json", "--scenario", "scenario-2031-enrichment-cap.json",
		"--clause", "jcpoa.annex1.enrichment_cap", "--reading", "E3", "--format", "json", "--set", "iran.enrichment_above_367=false@2019-07-08"})
	require.Equal(t, 0, code, stderr)
	validateJSON(t, "eval --set @date", out, "report")
	require.Contains(t, out, `"from": "2019-07-08"`, "the override records its date")
	require.Contains(t, out, `"status": "not_in_force"`, "with the enrichment undone from 2019-07-08 the cap lapses unbreached")
	out, stderr, code = runTreaty(t, "../../examples/jcpoa", []string{"eval", "jcpoa.json", "--scenario", "scenario-2031-enrichment-cap.json",
		"--clause", "jcpoa.annex1.enrichment_cap", "--reading", "E3", "--set", "iran.enrichment_above_367=true@2031-03-01"})
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "iran.enrichment_above_367 = true from 2031-03-01", "the text names the date")
	require.Contains(t, out, "violated", "the history before the date is kept: the 2019 breach stands")
}
