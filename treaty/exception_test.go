package treaty

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// securityModel is a fictitious trade agreement with a transit obligation,
// a security exception to it, and a review provision that disapplies the
// exception where no emergency exists. Reading A holds the exception
// self-judging (it ranks it above the review); reading B holds it
// reviewable (the default ranks: the review prevails).
func securityModel(t *testing.T) *Model {
	t.Helper()
	b := NewBuilder("security", "Security exception")
	b.Fact("invoked", conditions.Bool, "A invokes the security exception.")
	b.Fact("emergency", conditions.Bool, "An emergency in international relations exists.")
	b.Fact("requested", conditions.Bool, "Transit is requested.")
	b.Fact("granted", conditions.Bool, "Transit is granted.")
	b.Party("A", "Alpha", State).Party("B", "Beta", State)
	b.Instrument("gatt", "Trade agreement", KindAgreement).Parties("A", "B").InForce(MustDate("2000-01-01")).
		Clause(Clause{ID: "transit", Kind: Obligation, Bearer: "A", Beneficiary: "B", Action: "allow transit", Performed: "granted"}, "requested").
		Exception(Exception{ID: "security", Overrides: []string{"transit"}}, "invoked").
		Exception(Exception{ID: "review", Overrides: []string{"security"}}, "not emergency")
	b.Reading(Reading{ID: "A", Party: "A", Priorities: []Priority{{Provision: "security", Priority: 1, Note: "self-judging"}}})
	b.Reading(Reading{ID: "B", Party: "B"})
	m, err := b.Build()
	require.NoError(t, err)
	return m
}

func TestExceptionStatuses(t *testing.T) {
	m := securityModel(t)
	type want struct {
		status  Status
		missing []string
	}
	cases := []struct {
		name   string
		facts  map[string]any
		a, b   want
		reason string
	}{
		{"not invoked: the obligation stands", map[string]any{"requested": true, "invoked": false, "emergency": true},
			want{Due, nil}, want{Due, nil}, "an exception whose condition is false changes nothing"},
		{"invoked in an emergency: disapplied for both", map[string]any{"requested": true, "invoked": true, "emergency": true},
			want{NotDue, nil}, want{NotDue, nil}, "the review does not disapply the exception when the emergency exists"},
		{"invoked without emergency: the readings part", map[string]any{"requested": true, "invoked": true, "emergency": false},
			want{NotDue, nil}, want{Due, nil}, "A ranks the exception above the review; B lets the review disapply it"},
		{"emergency unknown: undetermined only where reviewable", map[string]any{"requested": true, "invoked": true},
			want{NotDue, nil}, want{Undetermined, []string{"emergency"}}, "the review's fact decides under B only"},
		{"invocation unknown: undetermined for both", map[string]any{"requested": true, "emergency": true},
			want{Undetermined, []string{"invoked"}}, want{Undetermined, []string{"invoked"}}, "the exception's own fact is missing"},
		{"not requested: not due whatever the exception", map[string]any{"requested": false},
			want{NotDue, nil}, want{NotDue, nil}, "false and unknown is false: the clause's own condition decides"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := &Scenario{ID: "s", AsOf: MustDate("2010-01-01"), Facts: map[string]Fact{}}
			for k, v := range c.facts {
				s.Facts[k] = Fact{Value: v}
			}
			rep, err := Evaluate(m, s)
			require.NoError(t, err)
			for _, rw := range []struct {
				id string
				w  want
			}{{"A", c.a}, {"B", c.b}} {
				res, ok := rep.Result("transit", rw.id)
				require.True(t, ok)
				got := want{res.Status, res.Missing}
				if len(got.missing) == 0 {
					got.missing = nil
				}
				if d := gocmp.Diff(rw.w, got, gocmp.AllowUnexported(want{})); d != "" {
					t.Errorf("reading %s (%s) (-want +got):\n%s\nreason: %s", rw.id, c.reason, d, res.Reason)
				}
			}
		})
	}
}

func TestExceptionExplanation(t *testing.T) {
	m := securityModel(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2010-01-01"), Facts: map[string]Fact{
		"requested": {Value: true}, "invoked": {Value: true}, "emergency": {Value: false}}}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)

	a, _ := rep.Result("transit", "A")
	require.Equal(t, "disapplied by security (priority 1, accepted by reading A)", a.Reason)
	require.Len(t, a.Exceptions, 1)
	want := ExceptionNode{Exception: "security", Instrument: "gatt", Target: "transit", Priority: 1, TargetPriority: 0,
		Status: ExceptionApplies, Condition: "invoked", Value: conditions.True, Applies: conditions.True, Missing: []string{},
		Reason: "disapplies transit (priority 1 over 0, accepted by reading A)",
		By: []ExceptionNode{{Exception: "review", Instrument: "gatt", Target: "security", Priority: 0, TargetPriority: 1,
			Status: ExceptionOutranked, Condition: "not emergency", Value: conditions.True, Missing: []string{},
			Reason: "reading A ranks security (priority 1) above review (priority 0)"}}}
	if d := gocmp.Diff(want, a.Exceptions[0]); d != "" {
		t.Errorf("A's exception tree (-want +got):\n%s", d)
	}

	b, _ := rep.Result("transit", "B")
	require.Equal(t, Due, b.Status)
	require.Len(t, b.Exceptions, 1)
	require.Equal(t, ExceptionDoesNotApply, b.Exceptions[0].Status, "the review disapplies the exception under B")
	require.Equal(t, "disapplied by review", b.Exceptions[0].Reason)
	require.Equal(t, ExceptionApplies, b.Exceptions[0].By[0].Status)
	// One part per exception that bears on the clause, marked with it.
	require.Len(t, b.Parts, 2)
	require.Equal(t, "exception", b.Parts[1].Relation)
	require.Equal(t, "security", b.Parts[1].Exception)
	require.Equal(t, "not (invoked and not not emergency)", b.Parts[1].Condition)
	// The readings disagree because of the exception's priority.
	var found bool
	for _, d := range rep.Disputes {
		if d.Clause == "transit" && d.Kind == StatusDispute {
			found = true
			require.NotEmpty(t, d.Parts, "the differing part is the exception's")
			require.Equal(t, "security", d.Parts[0].Exception)
		}
	}
	require.True(t, found, "a status dispute over transit")
}

func TestExceptionSince(t *testing.T) {
	m := securityModel(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2010-01-01"), Facts: map[string]Fact{
		"requested": {Value: true}, "emergency": {Value: true},
		"invoked": {Value: false, History: []Change{{From: MustDate("2005-03-01"), Value: true}}}}}
	rep, err := Evaluate(m, s)
	require.NoError(t, err)
	for _, id := range []string{"A", "B"} {
		res, _ := rep.Result("transit", id)
		require.Equal(t, NotDue, res.Status, id)
		require.NotNil(t, res.Since, id)
		require.Equal(t, "2005-03-01", res.Since.String(), "%s: the exception's fact decides since when", id)
	}
	// Before the invocation the clause was due.
	rep, err = Evaluate(m, s, AsOf(MustDate("2005-02-28")))
	require.NoError(t, err)
	res, _ := rep.Result("transit", "B")
	require.Equal(t, Due, res.Status)
}

// TestExceptionInstruments checks that an exception applies only while its
// instrument is in force and counted by the reading, and that one naming
// an instrument overrides each of its clauses.
func TestExceptionInstruments(t *testing.T) {
	b := NewBuilder("later", "A later derogation")
	b.Fact("crisis", conditions.Bool, "")
	b.Party("A", "Alpha", State).Party("B", "Beta", State)
	b.Instrument("t", "Treaty", KindTreaty).Parties("A", "B").InForce(MustDate("2000-01-01")).
		Clause(Clause{ID: "c1", Kind: Obligation, Bearer: "A", Action: "x"}, "").
		Clause(Clause{ID: "c2", Kind: Prohibition, Bearer: "B", Action: "y"}, "")
	b.Instrument("d", "Derogation", KindDeclaration).Author("A").Signed(MustDate("2005-01-01")).Terminated(MustDate("2008-01-01")).
		Exception(Exception{ID: "derog", Overrides: []string{"t"}}, "crisis")
	m, err := b.Build()
	require.NoError(t, err)
	s := &Scenario{ID: "s", AsOf: MustDate("2006-01-01"), Facts: map[string]Fact{"crisis": {Value: true}}}
	cases := []struct {
		asOf            string
		reading, clause string
		status          Status
		reason          string
	}{
		{"2006-01-01", "A", "c1", NotDue, "A authored the derogation, in force, crisis holds"},
		{"2006-01-01", "A", "c2", NotDue, "naming the instrument overrides each of its clauses"},
		{"2006-01-01", "B", "c1", Due, "B does not count A's declaration"},
		{"2004-12-31", "A", "c1", Due, "before the derogation takes effect"},
		{"2008-01-01", "A", "c1", Due, "after the derogation ended"},
	}
	for _, c := range cases {
		rep, err := Evaluate(m, s, AsOf(MustDate(c.asOf)))
		require.NoError(t, err)
		res, _ := rep.Result(c.clause, c.reading)
		require.Equal(t, c.status, res.Status, "%s %s %s: %s (%s)", c.asOf, c.reading, c.clause, c.reason, res.Reason)
	}
	rep, err := Evaluate(m, s, AsOf(MustDate("2009-01-01")))
	require.NoError(t, err)
	res, _ := rep.Result("c1", "A")
	require.NotNil(t, res.Since)
	require.Equal(t, "2008-01-01", res.Since.String(), "due again since the derogation ended")
	require.Equal(t, ExceptionNotInForce, res.Exceptions[0].Status)
}

func TestExceptionValidate(t *testing.T) {
	src := `{
  "id": "v",
  "facts": [{"name": "f", "type": "bool"}],
  "parties": [{"id": "A", "name": "Alpha"}],
  "instruments": [{
    "id": "t", "title": "T", "kind": "treaty", "parties": ["A"], "in_force": "2000-01-01",
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act"}],
    "exceptions": [
      {"id": "e1", "overrides": ["e2"], "condition": "f"},
      {"id": "e2", "overrides": ["e3"]},
      {"id": "e3", "overrides": ["e1", "cc"]},
      {"id": "e4", "overrides": ["e4"]},
      {"id": "e5", "overrides": [], "condition": "g"},
      {"id": "c", "overrides": ["t"]}
    ]
  }],
  "readings": [{"party": "A", "priorities": [{"provision": "e1", "priority": 1}, {"provision": "e1", "priority": 2}, {"provision": "t", "priority": 1}]}]
}`
	_, err := DecodeModel([]byte(src), "v.json")
	require.Error(t, err)
	var list ErrorList
	require.True(t, errors.As(err, &list))
	type problem struct {
		Code Code
		Path string
		Pos  string
	}
	var got []problem
	for _, e := range list {
		got = append(got, problem{e.Code, e.Path, fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)})
	}
	want := []problem{
		{CodeUnknownClause, "/instruments/0/exceptions/2/overrides/1", "v.json:11:40"},
		{CodeSchema, "/instruments/0/exceptions/4/overrides", "v.json:13:33"},
		{CodeCondition, "/instruments/0/exceptions/4/condition", "v.json:13:51"},
		{CodeDuplicateID, "/instruments/0/exceptions/5/id", "v.json:14:14"},
		{CodeDuplicateID, "/readings/0/priorities/1/provision", "v.json:17:96"},
		{CodeUnknownClause, "/readings/0/priorities/2/provision", "v.json:17:132"},
		{CodeCycle, "/instruments/0/exceptions/0/overrides/0", "v.json:9:34"},
		{CodeCycle, "/instruments/0/exceptions/3/overrides/0", "v.json:12:34"},
	}
	sortProblems := gocmp.Transformer("sort", func(ps []problem) []problem {
		out := append([]problem(nil), ps...)
		for i := range out {
			for j := i + 1; j < len(out); j++ {
				if out[j].Path < out[i].Path {
					out[i], out[j] = out[j], out[i]
				}
			}
		}
		return out
	})
	if d := gocmp.Diff(want, got, sortProblems); d != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", d, err)
	}
	require.Contains(t, err.Error(), "cycle of exceptions: e1 overrides e2 overrides e3 overrides e1")
	var msgs []string
	for _, e := range list {
		msgs = append(msgs, e.Msg)
	}
	require.Contains(t, strings.Join(msgs, "\n"), `exception "e4" overrides itself`)
}
