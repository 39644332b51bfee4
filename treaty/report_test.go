package treaty_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// lys loads the fictitious test model and its scenario.
func lys(t *testing.T) (*treaty.Model, *treaty.Scenario) {
	t.Helper()
	m, err := treaty.LoadModel("testdata/minimal.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("testdata/minimal.scenario.json")
	require.NoError(t, err)
	return m, s
}

// row finds the line of a text table that starts with clause and reading.
func row(t *testing.T, text, clause, reading string) []string {
	t.Helper()
	for l := range strings.SplitSeq(text, "\n") {
		f := strings.Fields(l)
		if len(f) > 2 && f[0] == clause && f[1] == reading {
			return f
		}
	}
	t.Fatalf("no row for %s under %s in\n%s", clause, reading, text)
	return nil
}

// TestWriteTextSaysWhy checks that rows whose value and status seem to
// contradict each other carry the reason, the deadline and a legend line
// for their status.
func TestWriteTextSaysWhy(t *testing.T) {
	m, s := lys(t)
	for _, tc := range []struct {
		asOf, clause, reading string
		want                  []string // status, value, since, deadline, then the reason's words
		legend                string
		reason                string
	}{
		{"1990-07-01", "t1990.art3.release", "AL", []string{"not_due", "true", "1990-06-01", "-", "not", "due", "before", "1991-01-01"},
			"not_due       in force, but the condition does not hold, or the clause's start date has not come",
			"the condition holds but the start date has not come: the reason says so"},
		{"2020-06-30", "t1990.art3.release", "AL", []string{"undetermined", "true", "2013-04-01", "2013-03-31", "deadline", "2013-03-31", "passed;", "performance", "unknown"},
			"undetermined  missing facts leave the condition unknown (or, past a deadline, whether the clause was performed)",
			"the condition holds but performance after the deadline is unknown"},
		{"1989-11-01", "t1990.art3.release", "AL", []string{"not_in_force", "-", "-", "-", "t1990", "takes", "effect", "on", "1990-06-01"},
			"not_in_force  the reading does not count the clause's instrument, or it is not in force (not yet, no longer, suspended)",
			"a clause not in force has no value"},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(tc.asOf)))
			require.NoError(t, err)
			text := rep.String()
			got := row(t, text, tc.clause, tc.reading)[2:]
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: row (-want +got):\n%s\n%s", tc.reason, diff, text)
			}
			assert.Contains(t, text, "\nLegend:\n  ", tc.reason)
			assert.Contains(t, text, "\n  "+tc.legend+"\n", tc.reason)
		})
	}
}

// TestWriteTextLegendOnlyUsedStatuses checks that the legend explains the
// statuses the report shows and no others.
func TestWriteTextLegendOnlyUsedStatuses(t *testing.T) {
	m, s := lys(t)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	used := map[treaty.Status]bool{}
	for _, r := range rep.Results {
		used[r.Status] = true
	}
	_, legend, ok := strings.Cut(rep.String(), "\nLegend:\n")
	require.True(t, ok)
	for _, st := range []treaty.Status{treaty.NotInForce, treaty.NotDue, treaty.Undetermined, treaty.Due, treaty.Fulfilled, treaty.Violated} {
		line := "  " + string(st) + " "
		assert.Equal(t, used[st], strings.Contains(legend, line), "legend line for %s", st)
	}
}

// TestReportJSONHolds checks that every "value" of a result, part and
// reading status has a "holds" beside it with the same truth as a JSON
// boolean or null, and that the report validates against its schema.
func TestReportJSONHolds(t *testing.T) {
	m, s := lys(t)
	// In the drought of 2012 Alderia's reading holds the release not due.
	rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate("2012-08-01")))
	require.NoError(t, err)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	require.NoError(t, compiledSchema(t, "report").ValidateJSON(data))

	var doc struct {
		Schema  string
		Results []struct {
			Value string
			Holds *bool
			Parts []struct {
				Value string
				Holds *bool
			}
		}
		Disputes []struct {
			Statuses []struct {
				Value string
				Holds *bool
			}
		}
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, "treatycond.report/v2", doc.Schema)
	want := func(v string) *bool {
		switch v {
		case "true":
			b := true
			return &b
		case "false":
			b := false
			return &b
		}
		return nil
	}
	seen := map[string]bool{}
	check := func(where, value string, got *bool) {
		seen[value] = true
		assert.Equal(t, want(value), got, "%s: value %q", where, value)
	}
	for _, r := range doc.Results {
		check("result", r.Value, r.Holds)
		for _, p := range r.Parts {
			check("part", p.Value, p.Holds)
		}
	}
	for _, d := range doc.Disputes {
		for _, st := range d.Statuses {
			check("dispute", st.Value, st.Holds)
		}
	}
	assert.Equal(t, map[string]bool{"true": true, "false": true, "unknown": true}, seen, "the scenario exercises every truth value")
	// "holds" is output only: decoding ignores it.
	var back treaty.Report
	require.NoError(t, json.Unmarshal(data, &back))
	if diff := cmp.Diff(rep.Results[0].Value, back.Results[0].Value); diff != "" {
		t.Error(diff)
	}
}

// TestWriteMarkdownSaysWhy checks the Markdown table has the reason,
// deadline and condition columns and a legend.
func TestWriteMarkdownSaysWhy(t *testing.T) {
	m, s := lys(t)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, rep.WriteMarkdown(&b))
	md := b.String()
	assert.Contains(t, md, "| Clause | Reading | Status | Value | Since | Deadline | Condition | Reason | Missing |")
	assert.Contains(t, md, "| t1990.art3.release | AL | undetermined | true | 2013-04-01 | 2013-03-31 | `dam.completed and flow.minimum_m3s >= 40` | deadline 2013-03-31 passed; performance unknown | water.released |")
	assert.Contains(t, md, "\n**Legend**\n\n- **not_in_force**: ")
	assert.Contains(t, md, "\n- **undetermined**: missing facts ")
}

// TestREADMEFirstProgram checks that the output the README shows under its
// first program is what the program prints.
func TestREADMEFirstProgram(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(data), "rep.WriteText(os.Stdout)\n```\n\nprints\n\n```\n")
	require.True(t, ok, "the README shows a first program ending in rep.WriteText and what it prints")
	shown, _, ok := strings.Cut(after, "```\n")
	require.True(t, ok)
	m, err := treaty.LoadModel("../examples/kuril/kuril.json")
	require.NoError(t, err)
	s, err := treaty.LoadScenario("../examples/kuril/scenario-peace-only.json")
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	if diff := cmp.Diff(shown, rep.String()); diff != "" {
		t.Errorf("README first program output is stale (-README +actual):\n%s", diff)
	}
}
