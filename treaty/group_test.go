package treaty_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/treaty"
)

func TestReportGroupReadings(t *testing.T) {
	rep := &treaty.Report{Results: []treaty.Result{
		{Clause: "a", Reading: "R1", Status: treaty.Due},
		{Clause: "b", Reading: "R1", Status: treaty.Violated},
		{Clause: "a", Reading: "R2", Status: treaty.NotDue},
		{Clause: "a", Reading: "R3", Status: treaty.Due},
	}}
	byStatus := func(r treaty.Result) string { return string(r.Status) }
	for _, tc := range []struct {
		name   string
		rep    *treaty.Report
		clause string
		want   []treaty.ReadingGroup
		reason string
	}{
		{"agreeing readings grouped", rep, "a", []treaty.ReadingGroup{
			{Key: string(treaty.Due), Readings: []string{"R1", "R3"}},
			{Key: string(treaty.NotDue), Readings: []string{"R2"}},
		}, "groups in first-appearance order; other clauses' results ignored"},
		{"one reading", rep, "b", []treaty.ReadingGroup{{Key: string(treaty.Violated), Readings: []string{"R1"}}}, "only b's result"},
		{"unknown clause", rep, "c", nil, "no results, no groups"},
		{"nil report", nil, "a", nil, "a nil report has no results"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.rep.GroupReadings(tc.clause, byStatus)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// Say once, for the readings that agree, where Article 9 stands.
func ExampleReport_GroupReadings() {
	m := kuril()
	s := &treaty.Scenario{ID: "now", AsOf: treaty.MustDate("2025-01-01"), Facts: map[string]treaty.Fact{
		"peace_treaty.concluded":   {Value: true},
		"foreign_troops.withdrawn": {Value: false},
	}}
	rep, err := treaty.Evaluate(m, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range rep.GroupReadings("art9", func(r treaty.Result) string { return string(r.Status) }) {
		fmt.Printf("%s: %s\n", strings.Join(g.Readings, ", "), g.Key)
	}
	// Output:
	// JP: due
	// RU: not_due
}
