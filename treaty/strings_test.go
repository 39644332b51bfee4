package treaty_test

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

func TestResultTypesString(t *testing.T) {
	since := treaty.MustDate("1960-01-27")
	tests := []struct {
		name   string
		v      interface{ String() string }
		want   string
		reason string
	}{
		{"result", treaty.Result{Clause: "art9", Reading: "RU", Party: "RU", Status: treaty.Undetermined, Since: &since, Reason: "missing facts"},
			"art9 under RU (party RU): undetermined, value unknown, since 1960-01-27: missing facts",
			"one line with every field a reader scans for"},
		{"result without since", treaty.Result{Clause: "c", Reading: "A", Party: "A", Status: treaty.Due, Value: conditions.True, Reason: "r"},
			"c under A (party A): due, value true, since -: r",
			"a nil since prints as in the report table"},
		{"part", treaty.Part{Condition: "a", Value: conditions.False, Relation: "adds_condition", Origin: "memo", From: &since},
			"a (false; adds_condition memo from 1960-01-27)", "the part says where it came from and when"},
		{"original part", treaty.Part{Condition: "a", Value: conditions.True, Relation: "original", Origin: "t"},
			"a (true; original t)", "no date when the part has none"},
		{"reading status", treaty.ReadingStatus{Reading: "JP", Status: treaty.NotDue, Value: conditions.False},
			"JP not_due (false)", "reading, status and value"},
		{"dispute", treaty.Dispute{Summary: "art9: JP due, RU not_due"}, "art9: JP due, RU not_due", "a dispute prints as its summary"},
		{"prospects impossible", treaty.ReadingProspects{Reading: "RU", Status: treaty.NotDue, InForce: true,
			ToBeDue: []conditions.Assignment{}, ToBeNotDue: []conditions.Assignment{{}}},
			"RU: not_due; to be due: impossible while the known facts stay as they are; to be not due: already",
			"impossible is qualified by the known facts"},
		{"prospects out of force", treaty.ReadingProspects{Reading: "RU", Status: treaty.NotInForce},
			"RU: not_in_force (not in force on the date: no facts change that)", "out of force says no fact helps"},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, tc.v.String()); diff != "" {
			t.Errorf("%s: String() (-want +got):\n%s\n(%s)", tc.name, diff, tc.reason)
		}
	}
}

func TestOverrides(t *testing.T) {
	tests := []struct {
		o      treaty.Override
		want   string
		reason string
	}{
		{treaty.Override{Fact: "a", Value: true}, "a = true", "a bool"},
		{treaty.Override{Fact: "n", Value: 2.5}, "n = 2.5", "a number"},
		{treaty.Override{Fact: "s", Value: "x y"}, `s = "x y"`, "a string is quoted, so spaces and commas read plainly"},
		{treaty.Override{Fact: "d", Value: treaty.MustDate("2020-01-02")}, "d = 2020-01-02", "a date"},
		{treaty.Override{Fact: "u"}, "u = unknown", "nil is unknown"},
	}
	for _, tc := range tests {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q (%s)", tc.o, got, tc.want, tc.reason)
		}
	}
	rep := &treaty.Report{Model: "m", AsOf: treaty.MustDate("2020-01-01"), Overrides: []treaty.Override{{Fact: "a", Value: true}, {Fact: "u"}}}
	if got := rep.String(); !strings.Contains(got, "\nOverridden facts (not the scenario's values): a = true, u = unknown\n") {
		t.Errorf("report text does not list the overrides:\n%s", got)
	}
	var md strings.Builder
	if err := rep.WriteMarkdown(&md); err != nil || !strings.Contains(md.String(), "Overridden facts (not the scenario's values): a = true, u = unknown") {
		t.Errorf("report Markdown does not list the overrides (%v):\n%s", err, md.String())
	}
	rep.Overrides = nil
	if got := rep.String(); strings.Contains(got, "Overridden") {
		t.Errorf("a report without overrides mentions them:\n%s", got)
	}
}

func TestAnalysisResultsString(t *testing.T) {
	m := kuril()
	s := &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2018-12-31")}
	imp, err := treaty.Impact(m, s, "art9")
	require.NoError(t, err)
	cmpr, err := treaty.CompareReadings(m, s, "art9", "JP", "RU")
	require.NoError(t, err)
	jp, err := treaty.Consolidate(m, "JP", treaty.MustDate("2018-12-31"))
	require.NoError(t, err)
	ru, err := treaty.Consolidate(m, "RU", treaty.MustDate("2018-12-31"))
	require.NoError(t, err)
	diff := treaty.DiffConsolidated(jp, ru)
	for name, v := range map[string]interface {
		String() string
		WriteText(io.Writer) error
	}{"ImpactReport": imp, "ReadingComparison": cmpr, "Consolidated": jp, "ConsolidatedDiff": diff} {
		var b strings.Builder
		require.NoError(t, v.WriteText(&b))
		if b.Len() == 0 || v.String() != b.String() {
			t.Errorf("%s.String() = %q, want the text WriteText writes, %q", name, v.String(), b.String())
		}
	}

	sc := treaty.SweepCount{Clause: "art9", Reading: "RU", Statuses: map[treaty.Status]uint64{treaty.Due: 1, treaty.NotDue: 3, treaty.Violated: 0}}
	if got, want := sc.String(), "art9 under RU: not_due 3, due 1"; got != want {
		t.Errorf("SweepCount.String() = %q, want %q (statuses in their order, zeros left out)", got, want)
	}
	if got, want := (treaty.SweepCount{Clause: "c", Reading: "A"}).String(), "c under A: no scenarios"; got != want {
		t.Errorf("empty SweepCount.String() = %q, want %q", got, want)
	}
	if got, want := (treaty.ClauseCount{Clause: "c", Scenarios: 1}).String(), "c: 1 scenario"; got != want {
		t.Errorf("ClauseCount.String() = %q, want %q", got, want)
	}
}
