package treaty

import (
	"fmt"
	"math/rand/v2"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// randomMembership builds a small model with one instrument whose parties
// are partly plain and partly dated members (consent, a given or computed
// entry into force for the party, withdrawal with or without notice
// period), and an each-party clause on it.
func randomMembership(rng *rand.Rand) (*Model, *Scenario) {
	base := MustDate("2010-01-01")
	day := func() Date { return base.AddDays(rng.IntN(3 * 365)) }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	m := &Model{ID: "members", Facts: []FactDecl{
		{Field: conditions.Field{Name: "a", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "b", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "p", Type: conditions.Bool}},
	}}
	nParties := 2 + rng.IntN(4)
	for i := range nParties {
		m.Parties = append(m.Parties, Party{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("Party %d", i)})
	}
	inst := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Signed: base, InForce: base.AddDays(rng.IntN(400))}
	if rng.IntN(5) == 0 {
		inst.Terminated = inst.InForce.AddDays(200 + rng.IntN(600))
	}
	rule := &EntryIntoForce{ForParty: Period{Days: pick1(rng, 0, 30, 90)}, WithdrawalNotice: Period{Days: pick1(rng, 0, 60, 365)}}
	inst.EntryIntoForce = rule
	for i := range nParties {
		p := fmt.Sprintf("P%d", i)
		switch rng.IntN(4) {
		case 0:
			inst.Parties = append(inst.Parties, p)
		case 1:
			// only signed: never bound
			inst.Members = append(inst.Members, Member{Party: p, Signed: base})
		default:
			mem := Member{Party: p, Consent: day()}
			if rng.IntN(4) == 0 {
				mem.InForce = mem.Consent.AddDays(rng.IntN(50))
			}
			if rng.IntN(2) == 0 {
				w := &Withdrawal{Notified: mem.Consent.AddDays(rng.IntN(700))}
				if rng.IntN(3) == 0 {
					w.Effective = w.Notified.AddDays(rng.IntN(100))
				}
				mem.Withdrawal = w
			}
			inst.Members = append(inst.Members, mem)
		}
	}
	if len(inst.Parties)+len(inst.Members) == 0 {
		inst.Parties = []string{"P0"}
	}
	cl := Clause{ID: "t.each", Kind: Deontic(pick("obligation", "obligation", "permission", "prohibition")),
		Bearer: EachParty("t"), Action: "act"}
	if src := pick("", "a", "a and b", "not b", "a or b"); src != "" {
		cl.Condition = conditions.MustParse(src)
	}
	if rng.IntN(2) == 0 {
		cl.Performed = "p"
	}
	if cl.Kind == Obligation && rng.IntN(2) == 0 {
		cl.Deadline = &When{After: Period{Days: 1 + rng.IntN(200)}}
	}
	inst.Clauses = []Clause{cl}
	m.Instruments = []Instrument{inst}
	m.Readings = []Reading{{ID: "R", Party: "P0", Accepts: []string{"t"}}}
	s := &Scenario{ID: "s", AsOf: day().AddDays(rng.IntN(400)), Facts: map[string]Fact{}}
	for _, name := range []string{"a", "b", "p"} {
		if rng.IntN(4) == 0 {
			continue
		}
		f := Fact{Value: rng.IntN(2) == 0}
		for range rng.IntN(4) {
			var v any = rng.IntN(2) == 0
			if rng.IntN(6) == 0 {
				v = nil
			}
			f.History = append(f.History, Change{From: day(), Value: v})
		}
		s.Facts[name] = f
	}
	return m, s
}

func pick1(rng *rand.Rand, xs ...int) int { return xs[rng.IntN(len(xs))] }

// expandMembership is the brute-force meaning of membership: the same
// model with every party plain, and the each-party clause replaced by one
// plain clause per member whose own lifetime (from, until) is the span in
// which the instrument is in force for the member, worked out here from
// the rules of [Member] without the library's code. Every date the
// original model mentions is kept in the expansion (on instruments
// without clauses), since the dates a model mentions are the candidates
// for since. It returns the clause id for each member.
func expandMembership(m *Model) (*Model, map[string]string) {
	x := *m
	orig := m.Instruments[0]
	inst := orig
	inst.Members, inst.EntryIntoForce = nil, nil
	inst.Parties = nil
	ids := map[string]string{}
	var extra []Date
	var clauses []Clause
	instantiate := func(p string, from, until Date) {
		for _, cl := range orig.Clauses {
			c := cl
			c.ID, c.Bearer = cl.ID+"#"+p, p
			if !from.IsZero() {
				c.From = &When{Date: from}
			}
			if !until.IsZero() {
				c.Until = &When{Date: until}
			}
			clauses = append(clauses, c)
		}
		ids[p] = "t.each#" + p
	}
	for _, p := range orig.Parties {
		inst.Parties = append(inst.Parties, p)
		instantiate(p, Date{}, Date{})
	}
	for _, mem := range orig.Members {
		inst.Parties = append(inst.Parties, mem.Party)
		extra = append(extra, mem.Signed, mem.Consent, mem.InForce)
		if mem.Withdrawal != nil {
			extra = append(extra, mem.Withdrawal.Notified, mem.Withdrawal.Effective)
		}
		if mem.Consent.IsZero() && mem.InForce.IsZero() {
			continue
		}
		from := mem.InForce
		if from.IsZero() {
			from = mem.Consent.Add(orig.EntryIntoForce.ForParty)
			if from.Before(orig.InForce) {
				from = orig.InForce
			}
		}
		var until Date
		if w := mem.Withdrawal; w != nil {
			until = w.Effective
			if until.IsZero() {
				until = w.Notified.Add(orig.EntryIntoForce.WithdrawalNotice)
			}
			if !from.Before(until) {
				continue
			}
		}
		extra = append(extra, from, until)
		instantiate(mem.Party, from, until)
	}
	inst.Clauses = clauses
	x.Instruments = []Instrument{inst}
	for i, d := range extra {
		if !d.IsZero() {
			x.Instruments = append(x.Instruments, Instrument{ID: fmt.Sprintf("date%d", i), Title: "a date", Kind: KindNote, Author: "P0", Signed: d})
		}
	}
	return &x, ids
}

// TestMembershipMatchesExpansion checks each-party instances against the
// brute-force expansion on random small instances: the same status,
// value, since, deadline and end date for every member instantiated, and
// no instance for a member not yet bound by the as-of date.
func TestMembershipMatchesExpansion(t *testing.T) {
	n := 400
	if testing.Short() || raceEnabled {
		n = 200
	}
	instances := 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 13))
		m, s := randomMembership(rng)
		require.NoError(t, m.Validate(), "seed %d", seed)
		x, ids := expandMembership(m)
		require.NoError(t, x.Validate(), "seed %d: expansion", seed)
		got, err := Evaluate(m, s)
		require.NoError(t, err, "seed %d", seed)
		want, err := Evaluate(x, s)
		require.NoError(t, err, "seed %d: expansion", seed)
		type row struct {
			Status   Status
			Value    conditions.Truth
			Since    *Date
			Deadline *Date
			EndOn    Date
		}
		rowOf := func(r Result) row {
			out := row{Status: r.Status, Value: r.Value, Since: r.Since, Deadline: r.Deadline}
			if r.Ended != nil {
				out.EndOn = r.Ended.On
			}
			return out
		}
		seen := map[string]bool{}
		for _, res := range got.Instances("t.each", "R") {
			member := res.Bearer
			seen[member] = true
			instances++
			w, ok := want.Result(ids[member], "R")
			require.True(t, ok, "seed %d: no expanded clause for %s", seed, member)
			if diff := gocmp.Diff(rowOf(w), rowOf(res)); diff != "" {
				data, _ := m.Encode()
				sdata, _ := s.Encode()
				t.Fatalf("seed %d, member %s: instance differs from the expansion (-want +got):\n%s\ngot reason: %s\nwant reason: %s\nmodel:\n%s\nscenario:\n%s",
					seed, member, diff, res.Reason, w.Reason, data, sdata)
			}
		}
		for member, id := range ids {
			if seen[member] {
				continue
			}
			c := x.Clause(id)
			require.NotNil(t, c.From, "seed %d: a plain party %s must always be instantiated", seed, member)
			require.True(t, s.AsOf.Before(c.From.Date), "seed %d: %s bound from %s is not instantiated as of %s", seed, member, c.From.Date, s.AsOf)
		}
	}
	require.Greater(t, instances, n, "the generator must instantiate members")
}
