package treaty_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

func mustPeriod(t *testing.T, s string) treaty.Period {
	t.Helper()
	p, err := treaty.ParsePeriod(s)
	require.NoError(t, err)
	return p
}

func TestClauseRule(t *testing.T) {
	for _, tc := range []struct {
		name   string
		clause treaty.Clause
		want   string
		reason string
	}{
		{"bare obligation", treaty.Clause{Kind: treaty.Obligation, Bearer: "A", Action: "pay"},
			"A must pay", "no condition, no dates: bearer, verb, action only"},
		{"permission", treaty.Clause{Kind: treaty.Permission, Bearer: "B", Action: "fish", Objects: []string{"cod"}, Beneficiary: "C"},
			"B may fish", "objects and beneficiary are left out"},
		{"prohibition with condition", treaty.Clause{Kind: treaty.Prohibition, Bearer: "A", Action: "build", Condition: conditions.MustParse("x && !y")},
			"A must not build if x and not y", "the condition follows 'if'"},
		{"fixed dates", treaty.Clause{Kind: treaty.Obligation, Bearer: "A", Action: "pay",
			NotBefore: &treaty.When{Date: treaty.MustDate("2000-01-01")}, Deadline: &treaty.When{Date: treaty.MustDate("2001-02-03")}},
			"A must pay; not before 2000-01-01; by 2001-02-03", "fixed dates are written as dates"},
		{"default anchors", treaty.Clause{Kind: treaty.Obligation, Bearer: "A", Action: "pay",
			NotBefore: &treaty.When{After: mustPeriod(t, "1y")}, Deadline: &treaty.When{After: mustPeriod(t, "3m")}},
			"A must pay; not before 1y after in_force; by 3m after due", "a left-out anchor is named: in_force for not before, due for the deadline"},
		{"named anchor", treaty.Clause{Kind: treaty.Obligation, Bearer: "A", Action: "pay", Deadline: &treaty.When{After: mustPeriod(t, "30d"), From: "award.date"}},
			"A must pay; by 30d after award.date", "an explicit anchor is kept"},
		{"unknown kind", treaty.Clause{Kind: "duty", Bearer: "A", Action: "pay"},
			"A duty pay", "a kind the model does not know is written as it is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.clause.Rule()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestModelClause(t *testing.T) {
	m := kuril()
	c := m.Clause("art9")
	require.NotNil(t, c)
	require.Equal(t, "SU", c.Bearer)
	require.Same(t, &m.Instruments[0].Clauses[0], c, "the model's own clause, not a copy")
	require.Nil(t, m.Clause("art10"), "an unknown id")
	require.Nil(t, (*treaty.Model)(nil).Clause("art9"), "a nil model has no clauses")
}

// Say in words what Article 9 of the 1956 Joint Declaration requires.
func ExampleClause_Rule() {
	m := kuril()
	fmt.Println(m.Clause("art9").Rule())
	// Output:
	// SU must transfer if peace_treaty.concluded
}
