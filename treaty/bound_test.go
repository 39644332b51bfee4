package treaty

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// loadBound loads the convention and protocol of testdata/bound: the
// convention enters into force 90 days after the second deposit (for
// a and b on 2000-08-30, for c, which acceded on 2001-01-10, on
// 2001-04-10); the protocol 30 days after three parties are bound by the
// convention (2001-05-10).
func loadBound(t *testing.T) (*Model, *Scenario) {
	t.Helper()
	m, err := LoadModel("testdata/bound/model.json")
	require.NoError(t, err)
	s, err := LoadScenario("testdata/bound/scenario.json")
	require.NoError(t, err)
	return m, s
}

// statusOn evaluates clause (or its instance) under reading common on
// date d and returns its status and since.
func statusOn(t *testing.T, m *Model, s *Scenario, clause, d string) (Status, string) {
	t.Helper()
	rep, err := Evaluate(m, s, AsOf(MustDate(d)), ForClauses(clause))
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	r := rep.Results[0]
	since := ""
	if r.Since != nil {
		since = r.Since.String()
	}
	return r.Status, since
}

// TestBoundFactEntryIntoForce: an entry-into-force condition counts the
// parties bound by another instrument (bound.conv), whose own entry into
// force and per-party entries into force are computed first; a clause
// quantifies over the parties bound by its own instrument.
func TestBoundFactEntryIntoForce(t *testing.T) {
	m, s := loadBound(t)
	tests := []struct {
		date   string
		status Status
		since  string
		reason string
	}{
		{"2000-08-30", NotInForce, "", "the convention is in force for a and b only: two of three"},
		{"2001-04-10", NotInForce, "", "c is bound from 2001-04-10: the protocol's condition holds, its 30 days run"},
		{"2001-05-09", NotInForce, "", "the day before the thirtieth day"},
		{"2001-05-10", Due, "2001-05-10", "in force 2001-05-10; a and b, bound by the protocol, have reported"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			st, since := statusOn(t, m, s, "prot.review", tt.date)
			if diff := cmp.Diff([]string{string(tt.status), tt.since}, []string{string(st), since}); diff != "" {
				t.Errorf("status, since (-want +got):\n%s", diff)
			}
		})
	}
	ev, _, err := newEvaluation(m, s, AsOf(MustDate("2001-06-01")))
	require.NoError(t, err)
	require.Equal(t, "2001-05-10", ev.ix.instruments["prot"].InForce.String())
}

// newEvaluation builds the evaluator Evaluate uses.
func newEvaluation(m *Model, s *Scenario, opts ...Option) (*evaluator, Date, error) {
	cfg := evalConfig{}
	for _, o := range opts {
		o.applyEval(&cfg)
	}
	return newEvaluator(context.Background(), m, s, cfg)
}

// TestBoundFactMatchesInstances: on every day around the change dates,
// bound.conv holds exactly the members whose each-party instance of a
// clause of the convention is in force: the fact and the engine read one
// membership.
func TestBoundFactMatchesInstances(t *testing.T) {
	m, s := loadBound(t)
	m.Instruments[0].Clauses = []Clause{{ID: "conv.report", Kind: Obligation, Bearer: EachParty("conv"), Action: "report"}}
	ev, _, err := newEvaluation(m, s, AsOf(MustDate("2001-06-01")))
	require.NoError(t, err)
	tl := ev.facts[BoundFact("conv")]
	require.NotNil(t, tl)
	for _, d := range []string{"2000-03-01", "2000-08-29", "2000-08-30", "2001-01-10", "2001-04-09", "2001-04-10", "2002-01-01"} {
		rep, err := Evaluate(m, s, AsOf(MustDate(d)), ForClauses("conv.report"))
		require.NoError(t, err)
		var inForce []string
		for _, r := range rep.Results {
			if r.Status != NotInForce && r.Instance != "" {
				inForce = append(inForce, r.Instance[len("conv.report["):len(r.Instance)-1])
			}
		}
		slices.Sort(inForce)
		got, _ := tl.value(dayOf(MustDate(d))).([]string)
		if diff := cmp.Diff(inForce, got, cmpEmpty); diff != "" {
			t.Errorf("%s: bound.conv against the instances in force (-instances +fact):\n%s", d, diff)
		}
	}
}

// cmpEmpty treats nil and empty slices as equal.
var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })

// TestBoundFactUnknownEntry: while the convention's entry into force is
// unknown, the parties that would be bound are of unknown membership, so
// the protocol's count is unknown once it could reach three, and the
// protocol's clauses undetermined from the first day it may have entered
// into force; a scenario value for bound.conv takes precedence.
func TestBoundFactUnknownEntry(t *testing.T) {
	m, s := loadBound(t)
	m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: "opened", Type: conditions.Bool}})
	m.Instruments[0].EntryIntoForce.Condition = conditions.MustParse("count(p in parties.conv: true) >= 2 and opened")
	m.Provenance = nil
	require.NoError(t, m.Validate())
	tests := []struct {
		date   string
		status Status
		reason string
	}{
		{"2001-04-09", NotInForce, "two parties may be bound: fewer than three whatever opened is"},
		{"2001-05-10", Undetermined, "three may be bound from 2001-04-10: the protocol may be in force 30 days on"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			st, _ := statusOn(t, m, s, "prot.review", tt.date)
			require.Equal(t, tt.status, st)
		})
	}
	ev, _, err := newEvaluation(m, s, AsOf(MustDate("2001-06-01")))
	require.NoError(t, err)
	want := map[string]any{"a": nil, "b": nil, "c": nil}
	if diff := cmp.Diff(want, ev.facts[BoundFact("conv")].value(dayOf(MustDate("2001-04-10")))); diff != "" {
		t.Errorf("bound.conv while the convention's entry is unknown (-want +got):\n%s", diff)
	}

	// The scenario says who is bound: its value is read as it is.
	s2 := *s
	s2.Facts = map[string]Fact{"reported": s.Facts["reported"], "bound.conv": {History: []Change{{From: MustDate("2002-01-01"), Value: []any{"a", "b", "c"}}}}}
	st, since := statusOn(t, m, &s2, "prot.review", "2002-03-01")
	require.Equal(t, []string{string(Due), "2002-01-31"}, []string{string(st), since})
}

// TestBoundFactCycleEvaluates: a model whose entries into force wait for
// each other, which Validate rejects, still evaluates without looping:
// the instrument resolved first reads the other's bound fact as unknown,
// so both entries into force are unknown and the clauses undetermined.
func TestBoundFactCycleEvaluates(t *testing.T) {
	m, err := DecodeModel([]byte(`{"id": "c", "facts": [{"name": "bound.x", "type": "set"}, {"name": "bound.y", "type": "set"}],
		"parties": [{"id": "a", "name": "A"}],
		"instruments": [
		 {"id": "x", "title": "X", "kind": "treaty", "signed": "2000-01-01", "entry_into_force": {"condition": "count(p in bound.y: true) >= 1"},
		  "members": [{"party": "a", "consent": "2000-02-01"}], "clauses": [{"id": "x.c", "kind": "obligation", "bearer": "a", "action": "act"}]},
		 {"id": "y", "title": "Y", "kind": "treaty", "signed": "2000-01-01", "entry_into_force": {"condition": "count(p in bound.x: true) >= 1"},
		  "members": [{"party": "a", "consent": "2000-02-01"}]}]}`), "cycle.json")
	require.ErrorIs(t, err, ErrCycle)
	require.Nil(t, m)
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 1)

	// Built in Go, skipping validation.
	m2 := &Model{ID: "c", Facts: []FactDecl{{Field: conditions.Field{Name: "bound.x", Type: conditions.Set}}, {Field: conditions.Field{Name: "bound.y", Type: conditions.Set}}},
		Parties: []Party{{ID: "a", Name: "A"}},
		Instruments: []Instrument{
			{ID: "x", Title: "X", Kind: KindTreaty, Signed: MustDate("2000-01-01"), EntryIntoForce: &EntryIntoForce{Condition: conditions.MustParse("count(p in bound.y: true) >= 1")},
				Members: []Member{{Party: "a", Consent: MustDate("2000-02-01")}}, Clauses: []Clause{{ID: "x.c", Kind: Obligation, Bearer: "a", Action: "act"}}},
			{ID: "y", Title: "Y", Kind: KindTreaty, Signed: MustDate("2000-01-01"), EntryIntoForce: &EntryIntoForce{Condition: conditions.MustParse("count(p in bound.x: true) >= 1")},
				Members: []Member{{Party: "a", Consent: MustDate("2000-02-01")}}},
		}}
	require.ErrorIs(t, m2.Validate(), ErrCycle)
	rep, err := Evaluate(m2, &Scenario{ID: "s"}, AsOf(MustDate("2010-01-01")))
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	require.Equal(t, Undetermined, rep.Results[0].Status)
}

// TestEntryMayReadOwnDeposits: an entry-into-force condition may read
// parties.I of its own instrument (deposits depend on no entry into
// force) and bound.J of an instrument with a fixed date; only bound
// facts closing a cycle are refused.
func TestEntryMayReadOwnDeposits(t *testing.T) {
	m, _ := loadBound(t)
	m.Provenance = nil
	m.Instruments[1].EntryIntoForce.Condition = conditions.MustParse("count(p in bound.conv: true) >= 3 and count(p in parties.prot: true) >= 2")
	require.NoError(t, m.Validate())
	m.Instruments[0].EntryIntoForce = nil
	m.Instruments[0].InForce = MustDate("2000-06-01")
	m.Instruments[0].Clauses = []Clause{{ID: "conv.c", Kind: Obligation, Bearer: "a", Action: "act", Condition: conditions.MustParse("count(p in bound.prot: true) >= 1")}}
	require.NoError(t, m.Validate(), "a clause condition may read any bound fact")
}

// TestSweepFollowsEntryIntoForce: a sweep over a fact that the
// convention's entry into force reads counts, for every clause, the
// statuses Evaluate gives with the same value set (Fact.SetFrom): the
// convention's own clause, the protocol that counts the parties bound by
// it, and a clause of an instrument in force throughout whose condition
// counts them too. Before, the compiled sweep kept the entry into force
// of the starting scenario.
func TestSweepFollowsEntryIntoForce(t *testing.T) {
	m, s := loadBound(t)
	m.Provenance = nil
	m.Facts = append(m.Facts, FactDecl{Field: conditions.Field{Name: "opened", Type: conditions.Bool}})
	m.Instruments[0].EntryIntoForce.Condition = conditions.MustParse("count(p in parties.conv: true) >= 2 and opened")
	m.Instruments[0].Clauses = []Clause{{ID: "conv.c", Kind: Obligation, Bearer: "a", Action: "x"}}
	m.Instruments = append(m.Instruments, Instrument{ID: "other", Title: "O", Kind: KindTreaty, Parties: []string{"a", "b"}, InForce: MustDate("2000-01-01"),
		Clauses: []Clause{{ID: "other.c", Kind: Obligation, Bearer: "a", Action: "y", Condition: conditions.MustParse("count(p in bound.conv: true) >= 2")}}})
	m.Readings[0].Accepts = append(m.Readings[0].Accepts, "other")
	require.NoError(t, m.Validate())
	s.AsOf = MustDate("2002-01-01")
	s.Facts["opened"] = Fact{Value: true}

	res, err := Sweep(context.Background(), m, s, SweepSpec{Values: map[string][]any{"opened": {true, false, nil}}})
	require.NoError(t, err)
	want := map[string]map[Status]uint64{}
	for _, v := range []any{true, false, nil} {
		s2 := *s
		s2.Facts = map[string]Fact{"reported": s.Facts["reported"], "opened": s.Facts["opened"].SetFrom(Date{}, v)}
		rep, err := Evaluate(m, &s2)
		require.NoError(t, err)
		for _, r := range rep.Results {
			if want[r.Clause] == nil {
				want[r.Clause] = map[Status]uint64{}
			}
			want[r.Clause][r.Status]++
		}
	}
	got := map[string]map[Status]uint64{}
	for _, c := range res.Counts {
		got[c.Clause] = c.Statuses
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sweep counts against Evaluate per value (-evaluate +sweep):\n%s", diff)
	}
	require.Equal(t, map[Status]uint64{Due: 1, NotDue: 1, Undetermined: 1}, got["other.c"], "the count over bound.conv follows opened")
}

// TestFactAt: a cycle error points at the first whole reading of the
// bound fact in the condition's text, on whichever line it stands.
func TestFactAt(t *testing.T) {
	tests := []struct {
		src, name string
		want      string // "line:column", or "" for no position
		reason    string
	}{
		{"count(p in bound.x: true) >= 1", "bound.x", "1:12", "the first reading"},
		{"count(p in bound.xy: true) >= 1 and count(q in bound.x: true) >= 1", "bound.x", "1:48", "a longer name that starts with it is not it"},
		{"a.bound.x or\n  count(p in bound.x: true) >= 1", "bound.x", "2:14", "a longer name that ends with it is not it; the second line"},
		{"count(p in parties.x: true) >= 1", "bound.x", "", "not read: no position"},
	}
	for _, tt := range tests {
		got := ""
		if err := factAt(conditions.MustParse(tt.src), tt.name); err != nil {
			ce, ok := err.(*conditions.Error)
			require.True(t, ok)
			require.Equal(t, tt.name, tt.src[ce.Pos.Offset:ce.End.Offset], tt.reason)
			got = ce.Pos.String()
		}
		if got != tt.want {
			t.Errorf("factAt(%q, %q) = %q, want %q (%s)", tt.src, tt.name, got, tt.want, tt.reason)
		}
	}
}
