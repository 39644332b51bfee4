package treaty_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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
