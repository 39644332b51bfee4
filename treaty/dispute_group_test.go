package treaty

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestDisputedRegionMatchesPairwise checks, on random readings (many of
// them sharing a condition) and random known facts, that the grouped
// disputedRegion returns exactly what the former pairwise computation
// returns, and fills in the same what-it-takes lists.
func TestDisputedRegionMatchesPairwise(t *testing.T) {
	conds := []string{"a", "a and b", "not c", "n > 2", "a or n < 3", "b", "c or not a", "n + k >= 4",
		"atleast(2, a, b, c)", "true", "false", "a and (b or n > 1)", "k / n > 1"}
	n := 400
	if testing.Short() || raceEnabled {
		n = 100
	}
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 17))
		pool := make([]conditions.Expr, 1+rng.IntN(4))
		for i := range pool {
			pool[i] = conditions.MustParse(conds[rng.IntN(len(conds))])
		}
		lives := make([]liveReading, rng.IntN(24))
		for i := range lives {
			lives[i] = liveReading{id: fmt.Sprintf("R%d", i), cond: pool[rng.IntN(len(pool))]}
		}
		facts := conditions.Facts{}
		if rng.IntN(2) == 0 {
			facts["a"] = rng.IntN(2) == 0
		}
		if rng.IntN(3) == 0 {
			facts["n"] = float64(rng.IntN(4))
		}
		wantLives, gotLives := slices.Clone(lives), slices.Clone(lives)
		got, err := disputedRegion(gotLives, facts)
		if first, _ := groupLives(lives); len(first) < 2 {
			// One condition: nothing sets the readings apart, and the
			// grouped analysis does not analyse it. (The pairwise one
			// analysed c and not c, and could fail on c; its callers never
			// got there: findDisputes stops at one condition, and
			// WhatItTakes has analysed c itself first.)
			require.NoError(t, err, "seed %d", seed)
			require.Empty(t, got, "seed %d", seed)
			require.Equal(t, lives, gotLives, "seed %d", seed)
			continue
		}
		want, wantErr := refDisputedRegion(wantLives, facts)
		// Errors quote the analysed formula, which differs: they must
		// have the same code and the same cause.
		if (wantErr == nil) != (err == nil) {
			t.Fatalf("seed %d: error %v, want %v", seed, err, wantErr)
		}
		if err != nil {
			var e, w *Error
			require.ErrorAs(t, err, &e)
			require.ErrorAs(t, wantErr, &w)
			if e.Code != w.Code || e.Err.Error() != w.Err.Error() {
				t.Fatalf("seed %d: error %v, want %v", seed, err, wantErr)
			}
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("seed %d: region differs from the pairwise one (-want +got):\n%s", seed, diff)
		}
		if diff := gocmp.Diff(wantLives, gotLives, gocmp.AllowUnexported(liveReading{}), gocmp.Comparer(conditions.Expr.Equal)); diff != "" {
			t.Fatalf("seed %d: lives differ (-want +got):\n%s", seed, diff)
		}
	}
}

// TestDisputesMatchPairwise evaluates random models with many readings
// (each accepting and rejecting random instruments, so that their
// effective conditions split into a few groups) twice: with the grouped
// analysis of latent disputes, and with the former pairwise one. Reports
// and what-it-takes answers must be the same, errors included.
func TestDisputesMatchPairwise(t *testing.T) {
	n := 300
	if testing.Short() || raceEnabled {
		n = 60
	}
	defer func() { regionOf = disputedRegion }()
	latent, disputed := 0, 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 23))
		var m *Model
		var s *Scenario
		if seed%2 == 0 {
			m, s = randomModel(rng)
		} else {
			m, s = disputedModel(rng)
		}
		var insts []string
		for _, inst := range m.Instruments {
			insts = append(insts, inst.ID)
		}
		m.Readings = nil
		for i := range 6 + rng.IntN(20) {
			r := Reading{ID: fmt.Sprintf("R%d", i), Party: m.Parties[rng.IntN(len(m.Parties))].ID}
			for range rng.IntN(3) {
				inst := insts[rng.IntN(len(insts))]
				if rng.IntN(2) == 0 {
					r.Accepts = append(r.Accepts, inst)
				} else {
					r.Rejects = append(r.Rejects, Rejection{Instrument: inst})
				}
			}
			m.Readings = append(m.Readings, r)
		}
		type answer struct {
			Report    *Report
			Err       string
			Prospects []*Prospects
		}
		run := func() answer {
			var a answer
			rep, err := Evaluate(m, s)
			if err != nil {
				a.Err = err.Error()
				return a
			}
			a.Report = rep
			for _, inst := range m.Instruments {
				for _, c := range inst.Clauses {
					p, err := WhatItTakes(m, s, c.ID)
					if err != nil {
						a.Err += c.ID + ": " + err.Error() + "\n"
					}
					a.Prospects = append(a.Prospects, p)
				}
			}
			return a
		}
		regionOf = refDisputedRegion
		want := run()
		regionOf = disputedRegion
		got := run()
		if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("seed %d: grouped analysis differs from the pairwise one (-want +got):\n%s", seed, diff)
		}
		if got.Report != nil {
			for _, d := range got.Report.Disputes {
				if d.Kind == LatentDispute && len(d.Divergence) > 0 {
					latent++
				}
			}
		}
		for _, p := range got.Prospects {
			if p != nil && len(p.Disputed) > 0 {
				disputed++
			}
		}
	}
	// The models must exercise the analysis compared.
	require.Greater(t, latent, n/20, "latent disputes with a divergence")
	require.Greater(t, disputed, n/20, "what-it-takes answers with disputed assignments")
	t.Logf("%d latent disputes with a divergence, %d what-it-takes answers with disputed assignments", latent, disputed)
}

// TestContinuesMatchesWalk checks that continues, answered from the
// numbering of the succession forest, says what walking the chain says.
func TestContinuesMatchesWalk(t *testing.T) {
	for seed := range 200 {
		rng := rand.New(rand.NewPCG(uint64(seed), 29))
		m := &Model{ID: "m"}
		n := 1 + rng.IntN(12)
		for i := range n {
			p := Party{ID: fmt.Sprintf("P%d", i), Name: "P"}
			if i > 0 && rng.IntN(3) > 0 {
				p.Continues = &Succession{Party: fmt.Sprintf("P%d", rng.IntN(i)), From: scaleDay(i)}
			}
			m.Parties = append(m.Parties, p)
		}
		ix, err := newIndex(m)
		require.NoError(t, err)
		require.NotNil(t, ix.succ.tin, "seed %d: a forest has no cycle", seed)
		walk, err := newIndex(m)
		require.NoError(t, err)
		walk.succ.tin = nil // as when successions form a cycle: walk the chain
		ids := []string{"", "X"}
		for i := range n {
			ids = append(ids, fmt.Sprintf("P%d", i))
		}
		for _, p := range ids {
			for _, q := range ids {
				if got, want := ix.continues(p, q), walk.continues(p, q); got != want {
					t.Fatalf("seed %d: continues(%q, %q) = %t, walking the chain says %t", seed, p, q, got, want)
				}
			}
		}
	}
}

// disputedModel builds a model in force as of its scenario whose clauses
// protocols amend, with few facts known: readings that count different
// protocols then give a clause the same status under different
// conditions, a latent dispute.
func disputedModel(rng *rand.Rand) (*Model, *Scenario) {
	conds := []string{"a", "a and b", "not c", "n > 2", "a or n < 3", "b", "c or not a", "atleast(2, a, b, c)", "n / k > 1"}
	pick := func() conditions.Expr { return conditions.MustParse(conds[rng.IntN(len(conds))]) }
	m := &Model{ID: "disputed", Facts: []FactDecl{
		{Field: conditions.Field{Name: "a", Type: conditions.Bool}}, {Field: conditions.Field{Name: "b", Type: conditions.Bool}}, {Field: conditions.Field{Name: "c", Type: conditions.Bool}},
		{Field: conditions.Field{Name: "n", Type: conditions.Number}}, {Field: conditions.Field{Name: "k", Type: conditions.Number}},
	}, Parties: []Party{{ID: "P0", Name: "P0"}, {ID: "P1", Name: "P1"}, {ID: "P2", Name: "P2"},
		{ID: "P3", Name: "P3", Continues: &Succession{Party: "P0", From: scaleDay(5)}}}}
	t := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"P0", "P1", "P2"}, Signed: scaleDay(0)}
	for i := range 1 + rng.IntN(3) {
		t.Clauses = append(t.Clauses, Clause{ID: fmt.Sprintf("c%d", i), Kind: Obligation, Bearer: fmt.Sprintf("P%d", rng.IntN(3)),
			Action: "act", Condition: pick()})
	}
	m.Instruments = []Instrument{t}
	for i := range 1 + rng.IntN(4) {
		kind := AddsCondition
		if rng.IntN(4) == 0 {
			kind = ReplacesCondition
		}
		m.Instruments = append(m.Instruments, Instrument{ID: fmt.Sprintf("p%d", i), Title: "P", Kind: KindProtocol,
			Parties: []string{fmt.Sprintf("P%d", rng.IntN(3))}, Signed: scaleDay(1 + i),
			Relations: []Relation{{Kind: kind, Target: t.Clauses[rng.IntN(len(t.Clauses))].ID, Condition: pick()}}})
	}
	s := &Scenario{ID: "s", AsOf: scaleDay(100), Facts: map[string]Fact{}}
	if rng.IntN(3) == 0 {
		s.Facts["a"] = Fact{Value: rng.IntN(2) == 0}
	}
	if rng.IntN(3) == 0 {
		s.Facts["n"] = Fact{Value: float64(rng.IntN(4))}
	}
	return m, s
}

// BenchmarkDisputesGrouped evaluates the readings series of the scale
// benchmarks with the grouped analysis of latent disputes and with the
// former pairwise one, in the same run:
//
//	go test -run '^$' -bench BenchmarkDisputesGrouped -benchmem -benchtime 1x -count 3 ./treaty
func BenchmarkDisputesGrouped(b *testing.B) {
	defer func() { regionOf = disputedRegion }()
	for _, n := range []int{250, 500, 1000} {
		m, s := scaleReadings(n)
		for _, how := range []struct {
			name   string
			region func([]liveReading, conditions.Facts) ([]DisputedAssignment, error)
		}{{"grouped", disputedRegion}, {"pairwise", refDisputedRegion}} {
			b.Run(fmt.Sprintf("n=%d/%s", n, how.name), func(b *testing.B) {
				regionOf = how.region
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if _, err := Evaluate(m, s); err != nil {
						b.Fatal(err)
					}
				}
				if end, ok2 := cpuTime(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
