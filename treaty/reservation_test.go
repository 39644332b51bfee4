package treaty

import (
	"errors"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// reservedModel is a fictitious convention of four parties whose dispute
// clause A excludes by reservation: B accepts, C objects, D objects and
// opposes entry into force between D and A.
func reservedModel(t *testing.T) *Model {
	t.Helper()
	b := NewBuilder("conv", "Convention")
	b.Fact("dispute", conditions.Bool, "A dispute has arisen.")
	for _, p := range []string{"A", "B", "C", "D"} {
		b.Party(p, p, State)
	}
	b.Instrument("c", "Convention", KindTreaty).Parties("A", "B", "C", "D").
		Signed(MustDate("1999-06-01")).InForce(MustDate("2000-01-01")).
		Clause(Clause{ID: "c.icj", Kind: Obligation, Bearer: EachParty("c"), Beneficiary: EachParty("c"),
			Action: "submit disputes to the ICJ"}, "dispute").
		Clause(Clause{ID: "c.report", Kind: Obligation, Bearer: EachParty("c"), Beneficiary: EachParty("c"), Action: "report to"}, "").
		Statement(Statement{ID: "A.r", Kind: Reservation, Author: "A", Made: MustDate("1999-06-01"),
			Clauses: []string{"c.icj"}, Effect: Excludes, Withdrawn: MustDate("2010-01-01")}, "").
		Statement(Statement{ID: "B.acc", Kind: AcceptanceOfReservation, Author: "B", Made: MustDate("1999-07-01"), Reservation: "A.r"}, "").
		Statement(Statement{ID: "C.obj", Kind: ObjectionToReservation, Author: "C", Made: MustDate("1999-08-01"), Reservation: "A.r"}, "").
		Statement(Statement{ID: "D.obj", Kind: ObjectionToReservation, Author: "D", Made: MustDate("2000-03-01"), Reservation: "A.r",
			OpposesEntryIntoForce: true}, "")
	m, err := b.Build()
	require.NoError(t, err)
	return m
}

func TestReservationPairs(t *testing.T) {
	m := reservedModel(t)
	s := &Scenario{ID: "s", Facts: map[string]Fact{"dispute": {Value: true}}}
	type row struct {
		Status Status
		Since  string
	}
	cases := []struct {
		asOf   string
		clause string
		want   row
		reason string
	}{
		{"2005-01-01", "c.icj[A,B]", row{NotInForce, "none"}, "B accepted (not in force since ever: before 2000 the convention was not in force either): excluded between A and B"},
		{"2005-01-01", "c.icj[B,A]", row{NotInForce, "none"}, "reciprocal: excluded for B towards A too"},
		{"2005-01-01", "c.icj[A,C]", row{NotInForce, "none"}, "C objected without opposing: excluded to the extent of the reservation (art. 21(3))"},
		{"2005-01-01", "c.icj[B,C]", row{Due, "2000-01-01"}, "between two parties that did not reserve, the clause is unchanged (art. 21(2))"},
		{"2005-01-01", "c.icj[A,D]", row{NotInForce, "none"}, "D opposes entry into force; before its objection, the reservation excluded the clause anyway"},
		{"2005-01-01", "c.report[A,D]", row{NotInForce, "2000-03-01"}, "D opposes: no clause of the convention binds A towards D from the objection"},
		{"2005-01-01", "c.report[D,A]", row{NotInForce, "2000-03-01"}, "and none binds D towards A"},
		{"2000-02-01", "c.report[A,D]", row{Due, "2000-01-01"}, "before D's objection the convention applied between A and D"},
		{"2005-01-01", "c.report[A,C]", row{Due, "2000-01-01"}, "an objection that does not oppose leaves the other clauses in force"},
		{"2011-01-01", "c.icj[A,B]", row{Due, "2010-01-01"}, "the reservation was withdrawn on 2010-01-01 (art. 22)"},
		{"2011-01-01", "c.report[A,D]", row{Due, "2010-01-01"}, "with the reservation withdrawn, the opposition lapses"},
	}
	for _, tc := range cases {
		t.Run(tc.asOf+"/"+tc.clause, func(t *testing.T) {
			res := instanceResult(t, m, s, MustDate(tc.asOf), tc.clause, "B")
			got := row{res.Status, sinceOrNone(res.Since)}
			if d := gocmp.Diff(tc.want, got); d != "" {
				t.Errorf("%s (%s): -want +got\n%s\nreason: %s", tc.clause, tc.reason, d, res.Reason)
			}
		})
	}
}

// instanceResult evaluates m under s as of asOf and returns the result
// of the instance with key instance (clause[bearer,beneficiary]) under
// reading.
func instanceResult(t *testing.T, m *Model, s *Scenario, asOf Date, instance, reading string) Result {
	t.Helper()
	clause := instance[:strings.IndexByte(instance, '[')]
	rep, err := Evaluate(m, s, AsOf(asOf), ForClauses(clause), ForReadings(reading))
	require.NoError(t, err)
	for _, r := range rep.Results {
		if r.Instance == instance {
			return r
		}
	}
	t.Fatalf("no result for %s under %s", instance, reading)
	return Result{}
}

func TestReservationReadingViews(t *testing.T) {
	m := reservedModel(t)
	late, early := false, true
	m.Readings = []Reading{
		{ID: "A", Party: "A"},
		// C holds A's statement a mere declaration: nothing is excluded.
		{ID: "C", Party: "C", Statements: []StatementView{{Statement: "A.r", As: InterpretativeDeclaration}}},
		// D's view that its objection was late makes it no objection.
		{ID: "D", Party: "D", Statements: []StatementView{{Statement: "D.obj", Timely: &late}}},
		{ID: "B", Party: "B", Statements: []StatementView{{Statement: "C.obj", Timely: &early}}},
	}
	require.NoError(t, m.Validate())
	s := &Scenario{ID: "s", AsOf: MustDate("2005-01-01"), Facts: map[string]Fact{"dispute": {Value: true}}}
	rep, err := Evaluate(m, s, ForClauses("c.icj", "c.report"))
	require.NoError(t, err)
	got := map[string]Status{}
	for _, r := range rep.Results {
		if r.Instance == "c.icj[A,C]" || r.Instance == "c.report[A,D]" {
			got[r.Instance+" "+r.Reading] = r.Status
		}
	}
	want := map[string]Status{
		"c.icj[A,C] A": NotInForce, "c.icj[A,C] C": Due, "c.icj[A,C] D": NotInForce, "c.icj[A,C] B": NotInForce,
		// For C there is no reservation, so nothing for D's objection to
		// oppose; for D the objection came too late.
		"c.report[A,D] A": NotInForce, "c.report[A,D] C": Due, "c.report[A,D] D": Due, "c.report[A,D] B": NotInForce,
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("-want +got\n%s", d)
	}
	var pairs []string
	for _, d := range rep.Disputes {
		if d.Kind == StatusDispute {
			pairs = append(pairs, d.Instance)
		}
	}
	// C's reading holds A.r a mere declaration, so the readings disagree
	// on art. 9 between A and every other party; they disagree on the
	// whole convention between A and D, whose objection D holds late.
	require.Equal(t, []string{"c.icj[A,B]", "c.icj[A,C]", "c.icj[A,D]", "c.icj[B,A]", "c.icj[C,A]", "c.icj[D,A]",
		"c.report[A,D]", "c.report[D,A]"}, pairs, "the pairs on which the readings disagree, in both directions")
}

func TestReservationTimeliness(t *testing.T) {
	m := reservedModel(t)
	// An objection more than twelve months after the reservation was
	// notified (and after the objector consented) is late: silence had
	// already accepted the reservation (art. 20(5)).
	m.Instruments[0].Statements[3].Made = MustDate("2001-03-01")
	s := &Scenario{ID: "s", AsOf: MustDate("2005-01-01"), Facts: map[string]Fact{"dispute": {Value: true}}}
	res := instanceResult(t, m, s, s.AsOf, "c.report[A,D]", "A")
	require.Equal(t, Due, res.Status, res.Reason)
}

func TestReservationValidation(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(m *Model)
		path   string
		code   Code
		reason string
	}{
		{"author not a party", func(m *Model) {
			m.Parties = append(m.Parties, Party{ID: "E", Name: "E"})
			m.Instruments[0].Statements[0].Author = "E"
		}, "/instruments/0/statements/0/author", CodeUnknownParty, "a reservation to a treaty the party is not party to"},
		{"objection to nothing", func(m *Model) { m.Instruments[0].Statements[2].Reservation = "A.x" },
			"/instruments/0/statements/2/reservation", CodeUnknownStatement, "an objection to a reservation nobody made"},
		{"objection to an objection", func(m *Model) { m.Instruments[0].Statements[2].Reservation = "D.obj" },
			"/instruments/0/statements/2/reservation", CodeUnknownStatement, "an objection answers a reservation, not an objection"},
		{"unknown clause", func(m *Model) { m.Instruments[0].Statements[0].Clauses = []string{"c.icjj"} },
			"/instruments/0/statements/0/clauses/0", CodeUnknownClause, "a reservation to a clause the treaty does not have"},
		{"no effect", func(m *Model) { m.Instruments[0].Statements[0].Effect = "" },
			"/instruments/0/statements/0/effect", CodeSchema, "a reservation says whether it excludes or modifies"},
		{"modifies without condition", func(m *Model) { m.Instruments[0].Statements[0].Effect = Modifies },
			"/instruments/0/statements/0/condition", CodeSchema, "a modification needs its condition"},
		{"withdrawn before made", func(m *Model) { m.Instruments[0].Statements[0].Withdrawn = MustDate("1990-01-01") },
			"/instruments/0/statements/0/withdrawn", CodeDates, "dates in order"},
		{"duplicate id", func(m *Model) { m.Instruments[0].Statements[1].ID = "A.r" },
			"/instruments/0/statements/1/id", CodeDuplicateID, "statement ids are unique"},
		{"own reservation", func(m *Model) { m.Instruments[0].Statements[2].Author = "A" },
			"/instruments/0/statements/2/author", CodeSchema, "a party does not object to its own reservation"},
		{"view of unknown statement", func(m *Model) {
			m.Readings = []Reading{{Party: "A", Statements: []StatementView{{Statement: "nope"}}}}
		}, "/readings/0/statements/0/statement", CodeUnknownStatement, "a reading's view names a statement"},
		{"timely reservation", func(m *Model) {
			yes := true
			m.Readings = []Reading{{Party: "A", Statements: []StatementView{{Statement: "A.r", Timely: &yes}}}}
		}, "/readings/0/statements/0/timely", CodeSchema, "only objections are timely or late"},
		{"clause without beneficiary", func(m *Model) { m.Instruments[0].Clauses[0].Beneficiary = "" },
			"/instruments/0/statements/0/clauses/0", CodeSchema, "a reservation acts between two parties: its clause names a beneficiary"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := cloneModel(reservedModel(t))
			tc.edit(m)
			err := m.Validate()
			require.Error(t, err, tc.reason)
			var list ErrorList
			require.True(t, errors.As(err, &list))
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

func TestReservationWhatItTakesInstance(t *testing.T) {
	m := reservedModel(t)
	m.Instruments[0].Statements[0].Effect = Modifies
	m.Instruments[0].Statements[0].Condition = conditions.MustParse("consent")
	m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: "consent", Type: conditions.Bool}})
	require.NoError(t, m.Validate())
	s := &Scenario{ID: "s", AsOf: MustDate("2005-01-01"), Facts: map[string]Fact{"dispute": {Value: true}}}
	p, err := WhatItTakes(m, s, "c.icj[A,B]", ForReadings("A"))
	require.NoError(t, err)
	require.Len(t, p.Readings, 1)
	var got []string
	for _, a := range p.Readings[0].ToBeDue {
		got = append(got, a.String())
	}
	require.Equal(t, []string{"consent = true"}, got, "between A and B the clause needs A's reservation's condition too")
	p, err = WhatItTakes(m, s, "c.icj[B,C]", ForReadings("A"))
	require.NoError(t, err)
	require.Equal(t, Due, p.Readings[0].Status, "between B and C the reservation changes nothing")
	_, err = WhatItTakes(m, s, "c.icj[B,Z]")
	require.ErrorIs(t, err, ErrUnknownClause)
}
