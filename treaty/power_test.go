package treaty

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// denunciationModel is a treaty between A and B with a power of A to
// denounce it: a year after A's notice the treaty's obligation ends,
// unless A withdraws the notice within the year; and a dormant clause
// the denunciation activates. Reading "B" holds that a notice given while
// A is in breach is not valid.
func denunciationModel(t *testing.T) *Model {
	t.Helper()
	b := NewBuilder("denounce", "A treaty with denunciation on notice")
	b.Fact("a.notified", conditions.Bool, "A has given notice of denunciation.")
	b.Fact("a.withdrew", conditions.Bool, "A has withdrawn its notice.")
	b.Fact("a.in_breach", conditions.Bool, "A is in breach.")
	b.Fact("b.paid", conditions.Bool, "B has paid.")
	b.Party("A", "State A", State).Party("B", "State B", State)
	b.Instrument("t", "Treaty", KindTreaty).Parties("A", "B").
		Signed(MustDate("2000-01-01")).
		Clause(Clause{ID: "t.pay", Kind: Obligation, Bearer: "B", Beneficiary: "A", Action: "pay", Performed: "b.paid"}, "").
		Clause(Clause{ID: "t.wind_down", Kind: Obligation, Bearer: "A", Action: "wind down", Dormant: true}, "").
		Power(Clause{ID: "t.denounce", Bearer: "A", Action: "denounce the treaty"},
			PowerTerms{Exercise: "a.notified", After: Period{Years: 1}, Effects: []Relation{
				{Kind: Terminates, Target: "t.pay"},
				{Kind: Activates, Target: "t.wind_down"},
			}}, "", "a.withdrew")
	b.Instrument("bview", "B's view of notices in breach", KindStatement).Author("B").
		Signed(MustDate("2000-01-01")).
		Relation(Relation{Kind: AddsCondition, Target: "t.denounce"}, "not a.in_breach")
	m, err := b.Build()
	require.NoError(t, err)
	return m
}

// find returns the result for clause and reading.
func find(t *testing.T, rep *Report, clause, reading string) Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Clause == clause && r.Reading == reading {
			return r
		}
	}
	t.Fatalf("no result for %s under %s", clause, reading)
	return Result{}
}

func TestPowerStatuses(t *testing.T) {
	m := denunciationModel(t)
	type want struct {
		status  Status
		since   string
		missing []string
	}
	cases := []struct {
		name   string
		asOf   string
		facts  map[string]Fact
		clause string
		want   map[string]want // by reading
	}{
		{
			name: "available before any notice", asOf: "2001-01-01",
			facts:  map[string]Fact{"a.notified": {Value: false}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.denounce",
			want:   map[string]want{"A": {Available, "2000-01-01", nil}, "B": {Available, "2000-01-01", nil}},
		},
		{
			name: "notice given, the year runs", asOf: "2005-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.denounce",
			want:   map[string]want{"A": {Exercised, "2005-03-01", nil}, "B": {Exercised, "2005-03-01", nil}},
		},
		{
			name: "a year after the notice the denunciation is effective", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.denounce",
			want:   map[string]want{"A": {Effective, "2006-03-01", nil}, "B": {Effective, "2006-03-01", nil}},
		},
		{
			name: "the obligation ends on the effective date", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: false}, "b.paid": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.pay",
			want:   map[string]want{"A": {NotInForce, "2006-03-01", nil}, "B": {NotInForce, "2006-03-01", nil}},
		},
		{
			name: "the dormant clause is activated on the effective date", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.wind_down",
			want:   map[string]want{"A": {Due, "2006-03-01", nil}, "B": {Due, "2006-03-01", nil}},
		},
		{
			name: "withdrawing the notice within the year blocks it", asOf: "2006-06-01",
			facts: map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: false},
				"a.withdrew": {Value: false, History: []Change{{From: MustDate("2005-09-01"), Value: true}}}},
			clause: "t.denounce",
			want:   map[string]want{"A": {Blocked, "2005-09-01", nil}, "B": {Blocked, "2005-09-01", nil}},
		},
		{
			name: "reading B denies a notice given in breach; A counts it", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "a.in_breach": {Value: true}, "b.paid": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.pay",
			want:   map[string]want{"A": {NotInForce, "2006-03-01", nil}, "B": {Due, "2000-01-01", nil}},
		},
		{
			name: "an unknown notice leaves the obligation undetermined, naming the exercise fact", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: nil}}}, "a.in_breach": {Value: false}, "b.paid": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.pay",
			want:   map[string]want{"A": {Undetermined, "2006-03-01", []string{"a.notified"}}, "B": {Undetermined, "2006-03-01", []string{"a.notified"}}},
		},
		{
			name: "an unknown notice leaves the power undetermined", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: nil}}}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.denounce",
			want:   map[string]want{"A": {Undetermined, "2005-03-01", []string{"a.notified"}}},
		},
		{
			name: "unknown standing under B's reading leaves the effect undetermined there", asOf: "2006-06-01",
			facts:  map[string]Fact{"a.notified": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}, "b.paid": {Value: false}, "a.withdrew": {Value: false}},
			clause: "t.wind_down",
			want:   map[string]want{"A": {Due, "2006-03-01", nil}, "B": {Undetermined, "2006-03-01", []string{"a.in_breach"}}},
		},
	}
	defer func(min int) { incrementalMin = min }(incrementalMin)
	for _, tc := range cases {
		for _, inc := range []int{16, 1} { // composing from scratch, and incrementally
			incrementalMin = inc
			t.Run(fmt.Sprintf("%s/incremental=%v", tc.name, inc == 1), func(t *testing.T) {
				s := &Scenario{ID: "s", AsOf: MustDate(tc.asOf), Facts: tc.facts}
				rep, err := Evaluate(m, s)
				require.NoError(t, err)
				for reading, w := range tc.want {
					res := find(t, rep, tc.clause, reading)
					got := want{res.Status, "", res.Missing}
					if res.Since != nil {
						got.since = res.Since.String()
					}
					if len(got.missing) == 0 {
						got.missing = nil
					}
					if diff := cmp.Diff(w, got, cmp.AllowUnexported(want{})); diff != "" {
						t.Errorf("%s under %s (-want +got):\n%s\nreason: %s", tc.clause, reading, diff, res.Reason)
					}
				}
			})
		}
	}
}

func TestPowerLapses(t *testing.T) {
	m := denunciationModel(t)
	m.Instruments[0].Clauses[2].Until = &When{Date: MustDate("2010-01-01")}
	s := &Scenario{ID: "s", AsOf: MustDate("2011-01-01"), Facts: map[string]Fact{"a.notified": {Value: false}, "a.in_breach": {Value: false}, "a.withdrew": {Value: false}}}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)
	res := find(t, rep, "t.denounce", "A")
	require.Equal(t, Lapsed, res.Status, res.Reason)
	require.Equal(t, "2010-01-01", res.Since.String())
}

func TestPowerValidation(t *testing.T) {
	cases := []struct {
		name string
		edit func(m *Model)
		path string
		code Code
	}{
		{"an effect on the power itself", func(m *Model) { m.Instruments[0].Clauses[2].Power.Effects[0].Target = "t.denounce" },
			"/instruments/0/clauses/2/power/effects/0/target", CodeCycle},
		{"an effect on the power's own instrument", func(m *Model) { m.Instruments[0].Clauses[2].Power.Effects[0].Target = "t" },
			"/instruments/0/clauses/2/power/effects/0/target", CodeCycle},
		{"an unknown target", func(m *Model) { m.Instruments[0].Clauses[2].Power.Effects[0].Target = "t.nope" },
			"/instruments/0/clauses/2/power/effects/0/target", CodeUnknownInstrument},
		{"an effect of a kind a power cannot have", func(m *Model) { m.Instruments[0].Clauses[2].Power.Effects[0].Kind = Reaffirms },
			"/instruments/0/clauses/2/power/effects/0/kind", CodeSchema},
		{"an effect with a written date", func(m *Model) { m.Instruments[0].Clauses[2].Power.Effects[0].From = MustDate("2001-01-01") },
			"/instruments/0/clauses/2/power/effects/0/from", CodeSchema},
		{"an activation of a clause that is not dormant", func(m *Model) { m.Instruments[0].Clauses[1].Dormant = false },
			"/instruments/0/clauses/2/power/effects/1/target", CodeSchema},
		{"an exercise fact that is not declared", func(m *Model) { m.Instruments[0].Clauses[2].Power.Exercise = "a.notifed" },
			"/instruments/0/clauses/2/power/exercise", CodeUnknownFact},
		{"a power without terms", func(m *Model) { m.Instruments[0].Clauses[2].Power = nil },
			"/instruments/0/clauses/2/power", CodeSchema},
		{"terms on an obligation", func(m *Model) { m.Instruments[0].Clauses[0].Power = &PowerTerms{Exercise: "a.notified"} },
			"/instruments/0/clauses/0/power", CodeSchema},
		{"an unknown holder", func(m *Model) { m.Instruments[0].Clauses[2].Power.Holders = []string{"C"} },
			"/instruments/0/clauses/2/power/holders/0", CodeUnknownParty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := denunciationModel(t)
			tc.edit(m)
			err := m.Validate()
			require.Error(t, err)
			var list ErrorList
			require.True(t, errors.As(err, &list), "%v", err)
			var paths []string
			for _, e := range list {
				paths = append(paths, e.Path)
				if e.Path == tc.path {
					require.Equal(t, tc.code, e.Code, e.Msg)
					return
				}
			}
			t.Fatalf("no error at %s; got %s", tc.path, strings.Join(paths, ", "))
		})
	}
}

func TestPowerCycleRejected(t *testing.T) {
	m := denunciationModel(t)
	m.Instruments[1].Clauses = []Clause{{ID: "bview.counter", Kind: Power, Bearer: "B", Action: "counter",
		Power: &PowerTerms{Exercise: "a.withdrew", Effects: []Relation{{Kind: Suspends, Target: "t.denounce"}}}}}
	m.Instruments[0].Clauses[2].Power.Effects = append(m.Instruments[0].Clauses[2].Power.Effects, Relation{Kind: Suspends, Target: "bview.counter"})
	err := m.Validate()
	require.ErrorIs(t, err, ErrCycle)
	// Evaluation of the invalid model still ends, without a panic.
	s := &Scenario{ID: "s", AsOf: MustDate("2006-06-01"), Facts: map[string]Fact{"a.notified": {Value: true}, "a.withdrew": {Value: true}}}
	_, err = Evaluate(m, s)
	require.NoError(t, err)
}
