package treaty

import (
	"fmt"
	"math/rand/v2"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestReservationsEqualExpanded checks, on random small models, that
// evaluating a model with reservations, acceptances and objections gives
// the same statuses, values, since dates, missing facts and conditions as
// evaluating, reading by reading, a plain model expanded by hand: one
// clause per pair of parties, and for each pair the reservation's effect
// and any opposition to entry into force written out as ordinary
// instruments with suspends and adds_condition relations whose dates the
// rules of VCLT arts. 20-22 give.
func TestReservationsEqualExpanded(t *testing.T) {
	const cases = 250
	for seed := range uint64(cases) {
		rng := rand.New(rand.NewPCG(seed, 0x5e5e))
		m, s := randomReservedModel(rng)
		require.NoError(t, m.Validate(), "seed %d", seed)
		rep, err := Evaluate(m, s)
		require.NoError(t, err, "seed %d", seed)
		readings := m.Readings
		if len(readings) == 0 {
			for _, p := range m.Parties {
				readings = append(readings, Reading{ID: p.ID, Party: p.ID})
			}
		}
		for _, r := range readings {
			plain := expandByHand(m, r)
			require.NoError(t, plain.Validate(), "seed %d: the hand expansion is a valid plain model", seed)
			want, err := Evaluate(plain, s)
			require.NoError(t, err, "seed %d", seed)
			type row struct {
				Clause, Reading string
				Status          Status
				Value           conditions.Truth
				Since           string
				Missing         []string
				Condition       string
			}
			var got, exp []row
			for _, x := range rep.Results {
				if x.Reading == readingID(&r) {
					got = append(got, row{x.Instance, x.Reading, x.Status, x.Value, sinceOrNone(x.Since), x.Missing, x.Condition})
				}
			}
			for _, x := range want.Results {
				exp = append(exp, row{x.Clause, x.Reading, x.Status, x.Value, sinceOrNone(x.Since), x.Missing, x.Condition})
			}
			if d := gocmp.Diff(exp, got); d != "" {
				t.Fatalf("seed %d, reading %s: -expanded +lowered\n%s", seed, readingID(&r), d)
			}
		}
	}
}

// randomReservedModel returns a convention of two to four parties with
// two each-party clauses, random reservations, acceptances, objections
// and withdrawals, readings with random views of them, and a scenario.
func randomReservedModel(rng *rand.Rand) (*Model, *Scenario) {
	day := func(from, span int) Date { return MustDate("1998-01-01").AddDays(from + rng.IntN(span)) }
	n := 2 + rng.IntN(3)
	m := &Model{ID: "rand", Facts: []FactDecl{
		{Field: conditions.Field{Name: "f0", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "f1", Type: conditions.Bool}},
	}}
	var ids []string
	for i := range n {
		id := fmt.Sprintf("P%d", i)
		ids = append(ids, id)
		m.Parties = append(m.Parties, Party{ID: id, Name: id})
	}
	inst := Instrument{ID: "c", Title: "Convention", Kind: KindTreaty, Parties: ids,
		Signed: day(0, 300), InForce: day(400, 600),
		Clauses: []Clause{
			{ID: "c.a", Kind: Obligation, Bearer: EachParty("c"), Beneficiary: EachParty("c"), Action: "a", Condition: conditions.MustParse("f0")},
			{ID: "c.b", Kind: Obligation, Bearer: EachParty("c"), Beneficiary: EachParty("c"), Action: "b"},
		}}
	var reservations []string
	for k := range 1 + rng.IntN(2) {
		s := Statement{ID: fmt.Sprintf("r%d", k), Kind: Reservation, Author: ids[rng.IntN(n)], Made: inst.Signed,
			Clauses: []string{[]string{"c.a", "c.b"}[rng.IntN(2)]}, Effect: Excludes}
		if rng.IntN(3) == 0 {
			s.Kind = InterpretativeDeclaration
		}
		if rng.IntN(2) == 0 {
			s.Effect, s.Condition = Modifies, []conditions.Expr{conditions.MustParse("f1"), conditions.Not(conditions.MustParse("f0"))}[rng.IntN(2)]
		}
		if rng.IntN(3) == 0 {
			s.Notified = s.Made.AddDays(rng.IntN(60))
		}
		if rng.IntN(3) == 0 {
			s.Withdrawn = day(500, 2000)
		}
		inst.Statements = append(inst.Statements, s)
		reservations = append(reservations, s.ID)
	}
	for k := range rng.IntN(5) {
		res := inst.Statements[rng.IntN(len(reservations))]
		author := ids[rng.IntN(n)]
		if author == res.Author {
			continue
		}
		s := Statement{ID: fmt.Sprintf("o%d", k), Kind: ObjectionToReservation, Author: author, Reservation: res.ID, Made: day(0, 1500)}
		if rng.IntN(3) == 0 {
			s.Kind = AcceptanceOfReservation
		} else if rng.IntN(2) == 0 {
			s.OpposesEntryIntoForce = true
		}
		if rng.IntN(4) == 0 {
			s.Withdrawn = s.Made.AddDays(rng.IntN(900))
		}
		inst.Statements = append(inst.Statements, s)
	}
	m.Instruments = []Instrument{inst}
	if rng.IntN(2) == 0 {
		for _, p := range ids {
			r := Reading{ID: p, Party: p}
			for _, st := range inst.Statements {
				switch {
				case st.Kind == ObjectionToReservation && rng.IntN(3) == 0:
					timely := rng.IntN(2) == 0
					r.Statements = append(r.Statements, StatementView{Statement: st.ID, Timely: &timely})
				case st.Kind.isReservationLike() && rng.IntN(3) == 0:
					r.Statements = append(r.Statements, StatementView{Statement: st.ID,
						As: []StatementKind{Reservation, InterpretativeDeclaration}[rng.IntN(2)]})
				}
			}
			m.Readings = append(m.Readings, r)
		}
	}
	hist := func() Fact {
		f := Fact{Value: rng.IntN(2) == 0}
		for d := day(0, 200); rng.IntN(3) > 0; d = d.AddDays(100 + rng.IntN(700)) {
			f.History = append(f.History, Change{From: d, Value: rng.IntN(2) == 0})
		}
		return f
	}
	s := &Scenario{ID: "s", AsOf: day(0, 3000), Facts: map[string]Fact{"f0": hist(), "f1": hist()}}
	return m, s
}

// expandByHand writes m, as reading r sees it, as a plain model: each
// each-party clause one clause per ordered pair, and the statements'
// effects as instruments of their own.
func expandByHand(m *Model, r Reading) *Model {
	src := &m.Instruments[0]
	plain := &Model{ID: m.ID, Facts: m.Facts, Parties: m.Parties}
	conv := Instrument{ID: src.ID, Title: src.Title, Kind: src.Kind, Parties: src.Parties, Signed: src.Signed, InForce: src.InForce}
	for _, c := range src.Clauses {
		for _, b := range src.Parties {
			for _, f := range src.Parties {
				if b != f {
					x := c
					x.ID, x.Bearer, x.Beneficiary = instanceKey(c.ID, b, f), b, f
					conv.Clauses = append(conv.Clauses, x)
				}
			}
		}
	}
	plain.Instruments = []Instrument{conv}
	reading := Reading{ID: readingID(&r), Party: r.Party}
	viewOf := func(id string) *StatementView {
		for i := range r.Statements {
			if r.Statements[i].Statement == id {
				return &r.Statements[i]
			}
		}
		return nil
	}
	for _, s := range src.Statements {
		kind := s.Kind
		if v := viewOf(s.ID); v != nil && v.As != "" {
			kind = v.As
		}
		if kind != Reservation {
			continue
		}
		start := src.InForce // every party's entry into force, in these models
		for _, p := range src.Parties {
			if p == s.Author {
				continue
			}
			// The answers of p: its first acceptance, and its first
			// objection made within twelve months of the notification (or
			// by p's consent, the signature here), unless the reading
			// decides otherwise.
			var acc, obj *Statement
			for i := range src.Statements {
				x := &src.Statements[i]
				if x.Author != p || x.Reservation != s.ID {
					continue
				}
				notified := s.Made
				if !s.Notified.IsZero() {
					notified = s.Notified
				}
				limit := notified.Add(Period{Years: 1})
				if limit.Before(src.Signed) {
					limit = src.Signed
				}
				timely := !x.Made.After(limit)
				if v := viewOf(x.ID); v != nil && v.Timely != nil {
					timely = *v.Timely
				}
				if x.Kind == AcceptanceOfReservation && (acc == nil || x.Made.Before(acc.Made)) {
					acc = x
				}
				if x.Kind == ObjectionToReservation && timely && (obj == nil || x.Made.Before(obj.Made)) {
					obj = x
				}
			}
			if obj != nil && acc != nil && !obj.Made.Before(acc.Made) {
				obj = nil // accepted first: the objection comes too late to count
			}
			if s.Withdrawn.IsZero() || start.Before(s.Withdrawn) {
				eff := Instrument{ID: "eff-" + s.ID + "-" + p, Title: "effect", Kind: KindStatement, Author: s.Author,
					InForce: start, Terminated: s.Withdrawn}
				for _, c := range s.Clauses {
					for _, id := range []string{instanceKey(c, s.Author, p), instanceKey(c, p, s.Author)} {
						if s.Effect == Excludes {
							eff.Relations = append(eff.Relations, Relation{Kind: Suspends, Target: id})
						} else {
							eff.Relations = append(eff.Relations, Relation{Kind: AddsCondition, Target: id, Condition: s.Condition})
						}
					}
				}
				plain.Instruments = append(plain.Instruments, eff)
				reading.Accepts = append(reading.Accepts, eff.ID)
			}
			if obj == nil || !obj.OpposesEntryIntoForce {
				continue
			}
			from := obj.Made
			if from.Before(start) {
				from = start
			}
			until := s.Withdrawn
			if w := obj.Withdrawn; !w.IsZero() && (until.IsZero() || w.Before(until)) {
				until = w
			}
			if !until.IsZero() && !from.Before(until) {
				continue
			}
			opp := Instrument{ID: "opp-" + s.ID + "-" + p, Title: "opposition", Kind: KindStatement, Author: p,
				InForce: from, Terminated: until}
			for _, c := range src.Clauses {
				for _, id := range []string{instanceKey(c.ID, s.Author, p), instanceKey(c.ID, p, s.Author)} {
					opp.Relations = append(opp.Relations, Relation{Kind: Suspends, Target: id})
				}
			}
			plain.Instruments = append(plain.Instruments, opp)
			reading.Accepts = append(reading.Accepts, opp.ID)
		}
	}
	plain.Readings = []Reading{reading}
	return plain
}
