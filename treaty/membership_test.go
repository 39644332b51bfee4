package treaty

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/treatycond/treatycond/conditions"
)

func loadMembers(t *testing.T) (*Model, *Scenario) {
	t.Helper()
	m, err := LoadModel("testdata/members/climate.json")
	require.NoError(t, err)
	s, err := LoadScenario("testdata/members/climate.scenario.json")
	require.NoError(t, err)
	return m, s
}

// instanceRow is what the tests compare of an instance result.
type instanceRow struct {
	Instance, Bearer string
	Status           Status
	Since            string
}

func rows(res []Result) []instanceRow {
	var out []instanceRow
	for _, r := range res {
		row := instanceRow{Instance: r.Instance, Bearer: r.Bearer, Status: r.Status}
		if r.Since != nil {
			row.Since = r.Since.String()
		}
		out = append(out, row)
	}
	return out
}

func TestEachPartyInstancesFollowMembership(t *testing.T) {
	m, s := loadMembers(t)
	for _, tc := range []struct {
		asOf   string
		want   []instanceRow
		reason string
	}{
		{"2016-10-01", nil,
			"before the threshold no member is in force, and an instance exists only for a party in force at some time by the date"},
		{"2016-11-10", []instanceRow{
			{"pact.report[a]", "a", Fulfilled, "2016-11-04"},
			{"pact.report[b]", "b", Fulfilled, "2016-11-04"},
		}, "threshold met 2016-10-05, in force 30 days later for the early depositors; c deposited 2016-10-20 and is bound from 2016-11-19"},
		{"2020-12-01", []instanceRow{
			{"pact.report[a]", "a", Fulfilled, "2016-11-04"},
			{"pact.report[b]", "b", Fulfilled, "2016-11-04"},
			{"pact.report[c]", "c", Fulfilled, "2016-11-19"},
		}, "a withdrew with effect 2020-11-04 and keeps the fulfilled status it had, as after a termination"},
		{"2021-03-01", []instanceRow{
			{"pact.report[a]", "a", Fulfilled, "2016-11-04"},
			{"pact.report[b]", "b", Fulfilled, "2016-11-04"},
			{"pact.report[c]", "c", Fulfilled, "2016-11-19"},
		}, "a rejoined (in force for it 30 days after its new deposit); its status stayed fulfilled through the gap, so since does not move; d only signed and is never instantiated"},
	} {
		rep, err := Evaluate(m, s, AsOf(MustDate(tc.asOf)))
		require.NoError(t, err, tc.reason)
		if diff := cmp.Diff(tc.want, rows(rep.Instances("pact.report", "common"))); diff != "" {
			t.Errorf("%s (%s): instances (-want +got):\n%s", tc.asOf, tc.reason, diff)
		}
	}
}

func TestWithdrawalEndsInstance(t *testing.T) {
	m, s := loadMembers(t)
	// Nobody reported: every instance is due, not fulfilled.
	s.Facts["reported"] = Fact{Value: false}
	rep, err := Evaluate(m, s, AsOf(MustDate("2020-12-01")))
	require.NoError(t, err)
	res := rep.Instances("pact.report", "common")
	require.Len(t, res, 3)
	require.Equal(t, "pact.report[a]", res[0].Instance)
	require.Equal(t, NotInForce, res[0].Status, "a due obligation ends with the withdrawal")
	require.NotNil(t, res[0].Ended)
	require.Equal(t, Ending{On: MustDate("2020-11-04"), By: "a", How: "withdrawn"}, *res[0].Ended)
	require.Equal(t, "2020-11-04", res[0].Since.String())
}

func TestConditionalEntryIntoForce(t *testing.T) {
	m, s := loadMembers(t)
	for _, tc := range []struct {
		asOf, reason string
		status       Status
		since        string
	}{
		{"2016-11-03", "the day before the thirtieth day after the threshold", NotInForce, ""},
		{"2016-11-04", "the thirtieth day after the threshold was met on 2016-10-05", Due, "2016-11-04"},
	} {
		rep, err := Evaluate(m, s, AsOf(MustDate(tc.asOf)))
		require.NoError(t, err)
		res, ok := rep.Result("pact.b.fund", "common")
		require.True(t, ok)
		require.Equal(t, tc.status, res.Status, tc.reason+": "+res.Reason)
		if tc.since != "" {
			require.NotNil(t, res.Since)
			require.Equal(t, tc.since, res.Since.String(), tc.reason)
		}
	}
}

func TestConditionalEntryIntoForceUnknown(t *testing.T) {
	m, s := loadMembers(t)
	f := s.Facts["deposits"]
	f.History[1].Value = nil // the count after 2016-10-05 is unknown
	s.Facts["deposits"] = f
	rep, err := Evaluate(m, s, AsOf(MustDate("2017-01-01")))
	require.NoError(t, err)
	res, ok := rep.Result("pact.b.fund", "common")
	require.True(t, ok)
	require.Equal(t, Undetermined, res.Status, res.Reason)
	require.Equal(t, []string{"deposits"}, res.Missing)
	require.Contains(t, res.Reason, "entry into force of pact undetermined")
	require.Equal(t, "2016-11-04", res.Since.String(), "undetermined from 30 days after the day the count became unknown")
	before, err := Evaluate(m, s, AsOf(MustDate("2016-11-03")))
	require.NoError(t, err)
	res, _ = before.Result("pact.b.fund", "common")
	require.Equal(t, NotInForce, res.Status, "before the delay after the first unknown day, the instrument is known not in force")
}

func TestRejoinedMemberIsBoundAgain(t *testing.T) {
	m, s := loadMembers(t)
	s.Facts["reported"] = Fact{Value: false}
	rep, err := Evaluate(m, s, AsOf(MustDate("2021-03-01")))
	require.NoError(t, err)
	res := rep.Instances("pact.report", "common")
	require.Equal(t, "pact.report[a]", res[0].Instance)
	require.Equal(t, Due, res[0].Status, res[0].Reason)
	require.Equal(t, "2021-02-19", res[0].Since.String(), "bound again 30 days after its new deposit of 2021-01-20")
	gap, err := Evaluate(m, s, AsOf(MustDate("2021-01-30")))
	require.NoError(t, err)
	res = gap.Instances("pact.report", "common")
	require.Equal(t, NotInForce, res[0].Status, res[0].Reason)
}

func TestMembershipValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(m *Model)
		path   string
		code   Code
		reason string
	}{
		{"each on instrument without parties", func(m *Model) {
			m.Instruments = append(m.Instruments, Instrument{ID: "decl", Title: "Declaration", Kind: KindDeclaration, Author: "a", Signed: MustDate("2016-01-01")})
			m.Instruments[0].Clauses[1].Bearer = "each:decl"
		}, "/instruments/0/clauses/1/bearer", CodeSchema, "a unilateral declaration has no parties to instantiate for"},
		{"each on unknown instrument", func(m *Model) {
			m.Instruments[0].Clauses[1].Beneficiary = "each:nope"
		}, "/instruments/0/clauses/1/beneficiary", CodeUnknownInstrument, "the instrument must exist"},
		{"withdrawal before ratification", func(m *Model) {
			m.Instruments[0].Members[4].Withdrawal = &Withdrawal{Notified: MustDate("2017-01-01")}
		}, "/instruments/0/members/4/withdrawal/notified", CodeDates, "d only signed: it cannot withdraw"},
		{"withdrawal notified before consent", func(m *Model) {
			m.Instruments[0].Members[2].Withdrawal = &Withdrawal{Notified: MustDate("2016-01-01")}
		}, "/instruments/0/members/2/withdrawal/notified", CodeDates, "notice before b's own ratification"},
		{"withdrawal notice too early", func(m *Model) {
			m.Instruments[0].Members[2].Withdrawal = &Withdrawal{Notified: MustDate("2018-01-01")}
		}, "/instruments/0/members/2/withdrawal/notified", CodeDates, "notice is possible three years after entry into force for the party"},
		{"overlapping memberships", func(m *Model) {
			m.Instruments[0].Members[1].Consent = MustDate("2018-01-20")
		}, "/instruments/0/members/1", CodeDates, "a rejoins before its withdrawal took effect"},
		{"overlapping with the continued state", func(m *Model) {
			m.Parties[3].Continues = &Succession{Party: "c", From: MustDate("2018-01-01")}
			m.Instruments[0].Members[4].Consent = MustDate("2019-01-01")
		}, "/instruments/0/members/4", CodeDates, "d continues c, whose membership it holds; its own overlaps"},
		{"party both in parties and members", func(m *Model) {
			m.Instruments[0].Parties = []string{"b"}
		}, "/instruments/0/members/2/party", CodeDuplicateID, "one party, one listing"},
		{"in_force and a condition", func(m *Model) {
			m.Instruments[0].InForce = MustDate("2016-11-04")
		}, "/instruments/0/in_force", CodeSchema, "the condition computes the date"},
		{"unknown fact in entry condition", func(m *Model) {
			m.Instruments[0].EntryIntoForce.Condition = conditionsMustParse("deposit >= 3")
		}, "/instruments/0/entry_into_force/condition", CodeCondition, "conditions of entry into force read declared facts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := loadMembers(t)
			tc.edit(m)
			m.Provenance = nil
			err := m.Validate()
			require.Error(t, err, tc.reason)
			var list ErrorList
			require.ErrorAs(t, err, &list)
			found := false
			for _, e := range list {
				if e.Path == tc.path && e.Code == tc.code {
					found = true
				}
			}
			require.True(t, found, "%s: want %s at %s, got %v", tc.reason, tc.code, tc.path, err)
		})
	}
}

func conditionsMustParse(s string) conditions.Expr { return conditions.MustParse(s) }

func TestMembershipErrorsHaveFilePositions(t *testing.T) {
	data, err := os.ReadFile("testdata/members/climate.json")
	require.NoError(t, err)
	bad := strings.Replace(string(data), `{"party": "d", "signed": "2016-04-22"}`,
		`{"party": "d", "signed": "2016-04-22", "withdrawal": {"notified": "2017-01-01"}}`, 1)
	require.NotEqual(t, string(data), bad)
	_, err = DecodeModel([]byte(bad), "climate.json")
	require.Error(t, err)
	line := 1 + strings.Count(bad[:strings.Index(bad, `"notified": "2017`)], "\n")
	require.Contains(t, err.Error(), fmt.Sprintf("climate.json:%d:", line))
	require.Contains(t, err.Error(), "/instruments/0/members/4/withdrawal/notified")
	require.Contains(t, err.Error(), "without ratification")
}

func TestReportMembers(t *testing.T) {
	m, s := loadMembers(t)
	d := func(s string) *Date { x := MustDate(s); return &x }
	for _, tc := range []struct {
		asOf   string
		want   []Membership
		reason string
	}{
		{"2016-11-10", []Membership{
			{Instrument: "pact", Party: "a", Status: Bound, InForce: d("2016-11-04"), Until: d("2020-11-04")},
			{Instrument: "pact", Party: "b", Status: Bound, InForce: d("2016-11-04")},
			{Instrument: "pact", Party: "c", Status: Consented, InForce: d("2016-11-19")},
			{Instrument: "pact", Party: "d", Status: Signatory},
		}, "c deposited on 2016-10-20 and is bound 30 days later; d only signed"},
		{"2020-12-01", []Membership{
			{Instrument: "pact", Party: "a", Status: Withdrawn, InForce: d("2016-11-04"), Until: d("2020-11-04")},
			{Instrument: "pact", Party: "b", Status: Bound, InForce: d("2016-11-04")},
			{Instrument: "pact", Party: "c", Status: Bound, InForce: d("2016-11-19")},
			{Instrument: "pact", Party: "d", Status: Signatory},
		}, "a's withdrawal took effect a year after its notice"},
		{"2021-01-25", []Membership{
			{Instrument: "pact", Party: "a", Status: Consented, InForce: d("2021-02-19")},
			{Instrument: "pact", Party: "b", Status: Bound, InForce: d("2016-11-04")},
			{Instrument: "pact", Party: "c", Status: Bound, InForce: d("2016-11-19")},
			{Instrument: "pact", Party: "d", Status: Signatory},
		}, "a deposited again on 2021-01-20"},
	} {
		rep, err := Evaluate(m, s, AsOf(MustDate(tc.asOf)))
		require.NoError(t, err)
		if diff := cmp.Diff(tc.want, rep.Members); diff != "" {
			t.Errorf("%s (%s): members (-want +got):\n%s", tc.asOf, tc.reason, diff)
		}
	}
	rep, err := Evaluate(m, s, AsOf(MustDate("2016-11-10")))
	require.NoError(t, err)
	require.Contains(t, rep.String(), "pact: bound 2: a (until 2020-11-03), b; consented 1: c (from 2016-11-19); signatory 1: d")
	require.Contains(t, rep.String(), "pact.report[a]")
}
