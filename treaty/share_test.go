package treaty

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// randomShared extends randomMembership's model with what the sharing of
// work between instances must get right: several readings (some
// rejecting a protocol that adds a condition to, suspends or terminates
// the each-party clause, which makes disputes), a second each-party
// clause with a start, a deadline not counted from the due date, its own
// lifetime or a condition on the evaluation date, a clause owed by each
// party to each other party, and a member that withdrew and joined again.
func randomShared(rng *rand.Rand) (*Model, *Scenario) {
	m, s := randomMembership(rng)
	base := MustDate("2010-01-01")
	day := func() Date { return base.AddDays(rng.IntN(3 * 365)) }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	inst := &m.Instruments[0]
	if rng.IntN(3) == 0 && len(inst.Members) > 0 {
		// A member that withdrew and joined again: a second span.
		mem := inst.Members[rng.IntN(len(inst.Members))]
		if !mem.Consent.IsZero() {
			out := mem.Consent.AddDays(40 + rng.IntN(300))
			mem.Withdrawal = &Withdrawal{Notified: out, Effective: out}
			again := Member{Party: mem.Party, Consent: out.AddDays(1 + rng.IntN(300))}
			for i := range inst.Members {
				if inst.Members[i].Party == mem.Party {
					inst.Members[i] = mem
				}
			}
			inst.Members = append(inst.Members, again)
		}
	}
	cl := Clause{ID: "t.second", Kind: Deontic(pick("obligation", "permission", "prohibition")), Bearer: EachParty("t"), Action: "act",
		Condition: conditions.MustParse(pick("a", "b or not a", "asof > @2011-06-30", "asof < @2012-03-01 or b"))}
	switch rng.IntN(4) {
	case 0:
		cl.NotBefore = &When{Date: day()}
	case 1:
		cl.NotBefore = &When{After: Period{Days: rng.IntN(300)}, From: "in_force"}
	}
	if cl.Kind == Obligation {
		switch rng.IntN(3) {
		case 0:
			cl.Deadline = &When{Date: day()}
		case 1:
			cl.Deadline = &When{After: Period{Days: rng.IntN(500)}, From: "in_force"}
		}
		cl.Performed = pick("", "p")
	}
	if rng.IntN(3) == 0 {
		cl.Until = &When{Date: day()}
	}
	inst.Clauses = append(inst.Clauses, cl)
	if rng.IntN(3) == 0 {
		inst.Clauses = append(inst.Clauses, Clause{ID: "t.mutual", Kind: Obligation, Bearer: EachParty("t"), Beneficiary: EachParty("t"),
			Action: "inform", Condition: conditions.MustParse("b")})
	}
	if rng.IntN(4) > 0 {
		pr := Instrument{ID: "pr", Title: "Protocol", Kind: KindProtocol, Parties: []string{"P0", "P1"}, Signed: day()}
		rel := Relation{Kind: RelationKind(pick("adds_condition", "adds_condition", "suspends", "terminates")), Target: pick("t.each", "t.second", "t")}
		if rel.Kind == AddsCondition {
			rel.Condition = conditions.MustParse(pick("b", "not a", "p"))
		}
		if rel.Kind == Suspends && rng.IntN(2) == 0 {
			rel.Until = pr.Signed.AddDays(1 + rng.IntN(400))
		}
		if rel.Kind == AddsCondition && rel.Target == "t" {
			rel.Target = "t.each"
		}
		pr.Relations = []Relation{rel}
		m.Instruments = append(m.Instruments, pr)
	}
	if m.Validate() != nil {
		m.Instruments[0].Clauses[1].NotBefore = nil // a deadline before the start
	}
	m.Readings = nil
	for i := range len(m.Parties) {
		r := Reading{ID: fmt.Sprintf("R%d", i), Party: fmt.Sprintf("P%d", i), Accepts: []string{"t"}}
		switch rng.IntN(3) {
		case 0:
			r.Accepts = append(r.Accepts, "pr")
		case 1:
			r.Rejects = []Rejection{{Instrument: "pr"}}
			if rng.IntN(2) == 0 {
				r.Rejects[0].Date = day()
			}
		}
		if len(m.Instruments) == 1 {
			r.Accepts, r.Rejects = []string{"t"}, nil
		}
		m.Readings = append(m.Readings, r)
	}
	return m, s
}

// TestSharingChangesNothing checks that the instances of each-party
// clauses that take their results and disputes from their clause's (see
// share.go) get exactly the report they get when every instance is
// evaluated on its own, on random models as of several dates.
func TestSharingChangesNothing(t *testing.T) {
	n := 150
	if testing.Short() || raceEnabled {
		n = 40
	}
	defer func() { shareInstances = true }()
	shared, disputes := 0, 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 21))
		m, s := randomShared(rng)
		require.NoError(t, m.Validate(), "seed %d", seed)
		for _, asOf := range []Date{s.AsOf, s.AsOf.AddDays(-200 - rng.IntN(400)), s.AsOf.AddDays(300 + rng.IntN(600))} {
			shareInstances = false
			want, wantErr := Evaluate(m, s, AsOf(asOf))
			shareInstances = true
			got, err := Evaluate(m, s, AsOf(asOf))
			require.Equal(t, wantErr, err, "seed %d", seed)
			if err != nil {
				continue
			}
			// cmp.Diff is the judge; DeepEqual spares its cost when the
			// reports are the same.
			if !reflect.DeepEqual(want, got) {
				if diff := gocmp.Diff(want, got); diff != "" {
					data, _ := m.Encode()
					sdata, _ := s.Encode()
					t.Fatalf("seed %d, as of %s: the shared evaluation differs (-alone +shared):\n%s\nmodel:\n%s\nscenario:\n%s", seed, asOf, diff, data, sdata)
				}
			}
			for _, res := range got.Results {
				if res.Instance != "" && res.Status != NotInForce {
					shared++
				}
			}
			for _, d := range got.Disputes {
				if d.Instance != "" {
					disputes++
				}
			}
		}
	}
	require.Greater(t, shared, 3*n, "the generator must make instances in force")
	require.Greater(t, disputes, n, "the generator must make disputes about instances")
	t.Logf("%d results of instances in force, %d disputes about instances", shared, disputes)
}

// TestInstanceBoundAfterClauseEnded: a member bound only after its
// clause ended (the clause's own lifetime, its instrument's termination,
// the reading's rejection) was never bound by the clause. Its instance is
// not in force, while a member bound before the end keeps the status the
// clause reached, as the brute-force expansion into one clause per member
// says.
func TestInstanceBoundAfterClauseEnded(t *testing.T) {
	cases := []struct {
		name, reason string
		edit         func(inst *Instrument, r *Reading)
	}{
		{"until", "the clause applies until 2012-10-26, P1 joins on 2012-11-22",
			func(inst *Instrument, _ *Reading) { inst.Clauses[0].Until = &When{Date: MustDate("2012-10-27")} }},
		{"terminated", "the treaty ends on 2012-10-27, P1 is bound from 2012-11-22",
			func(inst *Instrument, _ *Reading) { inst.Terminated = MustDate("2012-10-27") }},
		{"rejected", "the reading rejects the treaty from 2012-10-27, P1 joins later",
			func(_ *Instrument, r *Reading) {
				r.Rejects = []Rejection{{Instrument: "t", Date: MustDate("2012-10-27")}}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := &Model{ID: "m", Facts: []FactDecl{{Field: conditions.Field{Name: "p", Type: conditions.Bool}}},
				Parties: []Party{{ID: "P0", Name: "P0"}, {ID: "P1", Name: "P1"}}}
			inst := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Signed: MustDate("2010-01-01"), InForce: MustDate("2010-03-17"),
				EntryIntoForce: &EntryIntoForce{}, Parties: []string{"P0"},
				Members: []Member{{Party: "P1", Consent: MustDate("2012-11-22")}},
				Clauses: []Clause{{ID: "t.each", Kind: Obligation, Bearer: EachParty("t"), Action: "act", Performed: "p"}}}
			r := Reading{ID: "R", Party: "P0", Accepts: []string{"t"}}
			tc.edit(&inst, &r)
			m.Instruments, m.Readings = []Instrument{inst}, []Reading{r}
			require.NoError(t, m.Validate(), tc.reason)
			s := &Scenario{ID: "s", AsOf: MustDate("2013-02-10"), Facts: map[string]Fact{"p": {Value: true}}}
			rep, err := Evaluate(m, s)
			require.NoError(t, err, tc.reason)
			x, ids := expandMembership(m)
			want, err := Evaluate(x, s)
			require.NoError(t, err, tc.reason)
			got := map[string]Status{}
			for _, res := range rep.Instances("t.each", "R") {
				got[res.Bearer] = res.Status
			}
			exp := map[string]Status{}
			for p, id := range ids {
				res, ok := want.Result(id, "R")
				require.True(t, ok, tc.reason)
				exp[p] = res.Status
			}
			require.Equal(t, Fulfilled, exp["P0"], "%s: the expansion keeps P0's status", tc.reason)
			require.Equal(t, NotInForce, exp["P1"], "%s: the expansion never binds P1", tc.reason)
			if diff := gocmp.Diff(exp, got); diff != "" {
				t.Errorf("%s: instance statuses differ from the expansion (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}
