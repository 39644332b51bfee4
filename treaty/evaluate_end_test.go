package treaty

import (
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// endModel is a treaty in force from 2000-01-01 to 2010-01-01 (its last
// day in force is 2009-12-31) with one clause, and a later instrument
// that may end it; change adjusts it per case.
func endModel(kind Deontic, change func(m *Model)) *Model {
	m := &Model{
		ID: "ends",
		Facts: []FactDecl{
			{Field: conditions.Field{Name: "done", Type: conditions.Bool}},
			{Field: conditions.Field{Name: "ready", Type: conditions.Bool}},
		},
		Parties: []Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}},
		Instruments: []Instrument{
			{ID: "t", Title: "Treaty", Kind: KindTreaty, Parties: []string{"A", "B"},
				InForce: MustDate("2000-01-01"), Terminated: MustDate("2010-01-01"),
				Clauses: []Clause{{ID: "c", Kind: kind, Bearer: "A", Action: "hand over",
					Condition: conditions.MustParse("ready"), Performed: "done"}}},
			{ID: "later", Title: "Later agreement", Kind: KindAgreement, Parties: []string{"A", "B"},
				InForce: MustDate("2005-01-01")},
		},
		Readings: []Reading{{ID: "A", Party: "A"}},
	}
	if change != nil {
		change(m)
	}
	return m
}

func history(base any, changes ...Change) Fact { return Fact{Value: base, History: changes} }

func ch(d string, v any) Change { return Change{From: MustDate(d), Value: v} }

func TestStatusAfterEnd(t *testing.T) {
	ready := Fact{Value: true}
	date := func(s string) *Date { d := MustDate(s); return &d }
	noTermination := func(m *Model) { m.Instruments[0].Terminated = Date{} }
	tests := []struct {
		name   string
		kind   Deontic
		change func(m *Model)
		facts  map[string]Fact
		asOf   string
		status Status
		since  *Date
		ended  *Ending
		reason string // what the result's reason must be
		why    string
	}{
		{"performed on the last day", Obligation, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2009-12-31", true))}, "2012-01-01",
			Fulfilled, date("2009-12-31"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"performed (done); t ended on 2010-01-01 (status kept after the end)",
			"termination does not undo what was performed under the treaty (VCLT art. 70(1)(b))"},
		{"the last day itself", Obligation, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2009-12-31", true))}, "2009-12-31",
			Fulfilled, date("2009-12-31"), nil, "performed (done)",
			"on its last day the treaty is in force: no ending yet"},
		{"due and unperformed at the end", Obligation, nil,
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2012-01-01",
			NotInForce, date("2010-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"t ended on 2010-01-01 before performance",
			"an obligation still due when its treaty ends lapses; the reason says it ended before performance"},
		{"performed after the end", Obligation, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2011-06-01", true))}, "2012-01-01",
			NotInForce, date("2010-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"t ended on 2010-01-01 before performance",
			"a performance after the end is not performance under the treaty"},
		{"violated by a deadline before the end", Obligation,
			func(m *Model) { m.Instruments[0].Clauses[0].Deadline = &When{Date: MustDate("2003-06-30")} },
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2012-01-01",
			Violated, date("2003-07-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"deadline 2003-06-30 passed without performance; t ended on 2010-01-01 (status kept after the end)",
			"a breach committed while the treaty was in force stays a breach"},
		{"deadline counted from due, passed before the end", Obligation,
			func(m *Model) { m.Instruments[0].Clauses[0].Deadline = &When{After: Period{Days: 30}} },
			map[string]Fact{"ready": history(false, ch("2004-01-01", true)), "done": {Value: false}}, "2012-01-01",
			Violated, date("2004-02-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"deadline 2004-01-31 passed without performance; t ended on 2010-01-01 (status kept after the end)",
			"the deadline from the day the clause fell due is resolved on the last day in force"},
		{"not due at the end", Obligation, nil,
			map[string]Fact{"ready": {Value: false}}, "2012-01-01",
			NotInForce, date("2010-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"t ended on 2010-01-01",
			"a clause that never fell due simply is no longer in force"},
		{"prohibited act while in force", Prohibition, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2008-03-01", true))}, "2012-01-01",
			Violated, date("2008-03-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"prohibited act took place (done); t ended on 2010-01-01 (status kept after the end)",
			"a prohibition breached while in force stays violated"},
		{"prohibited act after the end", Prohibition, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2011-03-01", true))}, "2012-01-01",
			NotInForce, date("2010-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"t ended on 2010-01-01",
			"an act after the end breaches nothing"},
		{"permission exercised", Permission, nil,
			map[string]Fact{"ready": ready, "done": history(false, ch("2001-01-01", true))}, "2012-01-01",
			Fulfilled, date("2001-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			"permission exercised; t ended on 2010-01-01 (status kept after the end)",
			"a permission exercised under the treaty stays exercised"},
		{"superseded by another instrument", Obligation,
			func(m *Model) {
				noTermination(m)
				m.Instruments[1].Relations = []Relation{{Kind: Supersedes, Target: "t", From: MustDate("2006-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": history(false, ch("2005-05-05", true))}, "2012-01-01",
			Fulfilled, date("2005-05-05"), &Ending{On: MustDate("2006-01-01"), By: "later", How: "supersedes"},
			"performed (done); later supersedes it from 2006-01-01 (status kept after the end)",
			"supersession ends the treaty as termination does"},
		{"terminated by another instrument before performance", Obligation,
			func(m *Model) {
				noTermination(m)
				m.Instruments[1].Relations = []Relation{{Kind: Terminates, Target: "c", From: MustDate("2006-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": history(false, ch("2007-01-01", true))}, "2012-01-01",
			NotInForce, date("2006-01-01"), &Ending{On: MustDate("2006-01-01"), By: "later", How: "terminates"},
			"later terminates it from 2006-01-01 before performance",
			"a relation that terminates the clause itself ends it; performance after does not count"},
		{"rejected by the reading from a date", Obligation,
			func(m *Model) {
				noTermination(m)
				m.Readings[0].Rejects = []Rejection{{Instrument: "t", By: "later", Date: MustDate("2006-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": history(false, ch("2005-05-05", true))}, "2012-01-01",
			Fulfilled, date("2005-05-05"), &Ending{On: MustDate("2006-01-01"), By: "later", How: "rejected"},
			"performed (done); rejected by later from 2006-01-01 (status kept after the end)",
			"what was performed under an instrument before a reading disowned it stays performed"},
		{"rejected without a date", Obligation,
			func(m *Model) {
				noTermination(m)
				m.Readings[0].Rejects = []Rejection{{Instrument: "t"}}
			},
			map[string]Fact{"ready": ready, "done": {Value: true}}, "2012-01-01",
			NotInForce, nil, nil, "reading A rejects t",
			"a reading that never accepted the instrument has nothing to keep"},
		{"terminated from before it took effect", Obligation,
			func(m *Model) {
				noTermination(m)
				m.Instruments[1].Relations = []Relation{{Kind: Terminates, Target: "t", From: MustDate("1999-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": {Value: true}}, "2012-01-01",
			NotInForce, nil, nil, "later terminates t from 1999-01-01",
			"an instrument ended before it was ever in force has no end to record"},
		{"suspended", Obligation,
			func(m *Model) {
				m.Instruments[1].Relations = []Relation{{Kind: Suspends, Target: "t", From: MustDate("2006-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": history(false, ch("2005-05-05", true))}, "2007-01-01",
			NotInForce, date("2006-01-01"), nil, "later suspends t from 2006-01-01",
			"a suspension is not an end: the status comes back when it lifts"},
		{"two ends: the earliest counts", Obligation,
			func(m *Model) {
				m.Instruments[1].Relations = []Relation{{Kind: Terminates, Target: "t", From: MustDate("2008-01-01")}}
			},
			map[string]Fact{"ready": ready, "done": history(false, ch("2007-12-31", true))}, "2012-01-01",
			Fulfilled, date("2007-12-31"), &Ending{On: MustDate("2008-01-01"), By: "later", How: "terminates"},
			"performed (done); later terminates it from 2008-01-01 (status kept after the end)",
			"the status is the one on the last day of force before the first end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := endResult(t, tc.kind, tc.change, tc.facts, tc.asOf, tc.why)
			type got struct {
				Status Status
				Since  *Date
				Ended  *Ending
				Reason string
			}
			if d := gocmp.Diff(got{tc.status, tc.since, tc.ended, tc.reason},
				got{res.Status, res.Since, res.Ended, res.Reason}, gocmp.Comparer(Date.Equal)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.why, d)
			}
		})
	}
}

func TestClauseLifetime(t *testing.T) {
	date := func(s string) *Date { d := MustDate(s); return &d }
	ready := Fact{Value: true}
	// The treaty is in force from 2000-01-01 with no end; the clause has
	// its own lifetime.
	life := func(from, until *When) func(m *Model) {
		return func(m *Model) {
			m.Instruments[0].Terminated = Date{}
			m.Instruments[0].Clauses[0].From, m.Instruments[0].Clauses[0].Until = from, until
		}
	}
	until2047 := &When{Date: MustDate("2047-07-01")} // applies until 2047-06-30
	tests := []struct {
		name   string
		kind   Deontic
		change func(m *Model)
		facts  map[string]Fact
		asOf   string
		status Status
		since  *Date
		ended  *Ending
		window *Window
		reason string
		why    string
	}{
		{"prohibition breached on its last day", Prohibition, life(nil, until2047),
			map[string]Fact{"ready": ready, "done": history(false, ch("2047-06-30", true))}, "2050-01-01",
			Violated, date("2047-06-30"), &Ending{On: MustDate("2047-07-01"), By: "t", How: "until"},
			&Window{From: date("2000-01-01"), Until: date("2047-07-01")},
			"prohibited act took place (done); the clause applied until 2047-06-30 (status kept after the end)",
			"a breach before until stays a breach"},
		{"act after until", Prohibition, life(nil, until2047),
			map[string]Fact{"ready": ready, "done": history(false, ch("2047-07-01", true))}, "2050-01-01",
			NotInForce, date("2047-07-01"), &Ending{On: MustDate("2047-07-01"), By: "t", How: "until"},
			&Window{From: date("2000-01-01"), Until: date("2047-07-01")},
			"c applied until 2047-06-30",
			"an act after until breaches nothing"},
		{"inside the lifetime", Prohibition, life(nil, until2047),
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2030-01-01",
			Due, date("2000-01-01"), nil, &Window{From: date("2000-01-01"), Until: date("2047-07-01")},
			"prohibition in effect", "inside its window the clause is an ordinary prohibition"},
		{"before from", Obligation, life(&When{Date: MustDate("2005-01-01")}, nil),
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2003-01-01",
			NotInForce, nil, nil, &Window{From: date("2005-01-01")},
			"c applies from 2005-01-01", "before its own start the clause is not in force, as before its instrument's"},
		{"from reached", Obligation, life(&When{Date: MustDate("2005-01-01")}, nil),
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2006-01-01",
			Due, date("2005-01-01"), nil, &Window{From: date("2005-01-01")},
			"condition holds", "from its start it is due like any obligation"},
		{"ten years from entry into force", Obligation, life(nil, &When{After: Period{Years: 10}}),
			map[string]Fact{"ready": ready, "done": history(false, ch("2004-04-04", true))}, "2015-01-01",
			Fulfilled, date("2004-04-04"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "until"},
			&Window{From: date("2000-01-01"), Until: date("2010-01-01")},
			"performed (done); the clause applied until 2009-12-31 (status kept after the end)",
			"a period from in_force is the default anchor of until"},
		{"instrument ends first", Obligation,
			func(m *Model) { m.Instruments[0].Clauses[0].Until = &When{After: Period{Years: 50}} },
			map[string]Fact{"ready": ready, "done": {Value: false}}, "2012-01-01",
			NotInForce, date("2010-01-01"), &Ending{On: MustDate("2010-01-01"), By: "t", How: "terminated"},
			&Window{From: date("2000-01-01"), Until: date("2010-01-01")},
			"t ended on 2010-01-01 before performance",
			"the clause is in force only inside its own window and its instrument's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := endResult(t, tc.kind, tc.change, tc.facts, tc.asOf, tc.why)
			type got struct {
				Status Status
				Since  *Date
				Ended  *Ending
				Window *Window
				Reason string
			}
			if d := gocmp.Diff(got{tc.status, tc.since, tc.ended, tc.window, tc.reason},
				got{res.Status, res.Since, res.Ended, res.Window, res.Reason}, gocmp.Comparer(Date.Equal)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.why, d)
			}
		})
	}
}

// endResult evaluates clause c of endModel(kind, change) under reading A
// on asOf with facts, and checks that the plain reference evaluator gives
// the same result; why says what the case checks.
func endResult(t *testing.T, kind Deontic, change func(*Model), facts map[string]Fact, asOf, why string) Result {
	t.Helper()
	m := endModel(kind, change)
	require.NoError(t, m.Validate(), why)
	s := &Scenario{ID: "s", AsOf: MustDate(asOf), Facts: facts}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)
	res, ok := rep.Result("c", "A")
	require.True(t, ok)
	ref, err := newRefEval(m, s)
	require.NoError(t, err)
	want, err := ref.result(&m.Readings[0], clauseRef{inst: &m.Instruments[0], c: &m.Instruments[0].Clauses[0]}, s.AsOf)
	require.NoError(t, err)
	if d := gocmp.Diff(want, res, gocmp.Comparer(Date.Equal)); d != "" {
		t.Errorf("the reference evaluator disagrees (-ref +got):\n%s", d)
	}
	return res
}
