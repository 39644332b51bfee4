package conditions_test

import (
	"math/bits"
	"testing"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/conditions/internal/benchcases"
)

// The benchmarks compile outside the timed loop and time only evaluation.
// Inputs cycle through nScenarios generated scenarios so that branch
// predictors cannot learn one answer. Each condition is measured for
// Program.Eval and against two hand-written baselines over a struct:
// plain Go with every fact known (the floor), and Go in three-valued logic
// with unknowns allowed (what Program.Eval computes).

const nScenarios = 1024

// compileCase compiles c and returns the program, its schema and the
// generated scenarios.
func compileCase(tb testing.TB, c *benchcases.Case, unknown float64) (*conditions.Program, []conditions.Facts) {
	tb.Helper()
	s, err := c.Schema()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := conditions.Parse(c.Source)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := conditions.Compile(e, s)
	if err != nil {
		tb.Fatal(err)
	}
	return p, c.Generate(1, nScenarios, unknown)
}

// valuesOf fills one Values per scenario.
func valuesOf(tb testing.TB, p *conditions.Program, fs []conditions.Facts) []*conditions.Values {
	tb.Helper()
	vs := make([]*conditions.Values, len(fs))
	for i, f := range fs {
		vs[i] = conditions.NewValues(p.Schema())
		if err := vs[i].FromFacts(f); err != nil {
			tb.Fatal(err)
		}
	}
	return vs
}

// plain is every fact of the benchmark conditions as a plain Go field.
type plain struct {
	PeaceTreatyConcluded, PeaceTreatyPublished, ForeignTroopsWithdrawn    bool
	PrisonersExchanged, PrisonersAmnestyGranted                           bool
	SanctionsReimposed, HostilitiesResumed                                bool
	BorderDemarcated, BorderCommissionEstablished, BorderArbitrationAcc   bool
	MonitoringMissionDeployed, ElectionsHeld, ElectionsScheduled          bool
	RefugeesReturnProgramme, DisarmamentCompleted, DisarmamentVerifiedInP bool
	TroopsRemaining, RatificationsCount                                   int
	ReparationsPaidShare                                                  float64
	VotesYes, VotesCast                                                   int
	CeasefireEffectiveOn                                                  time.Time
}

// tri is every fact as a three-valued field: a Truth for booleans, a value
// and a known flag for the others.
type tri struct {
	PeaceTreatyConcluded, PeaceTreatyPublished, ForeignTroopsWithdrawn    conditions.Truth
	PrisonersExchanged, PrisonersAmnestyGranted                           conditions.Truth
	SanctionsReimposed, HostilitiesResumed                                conditions.Truth
	BorderDemarcated, BorderCommissionEstablished, BorderArbitrationAcc   conditions.Truth
	MonitoringMissionDeployed, ElectionsHeld, ElectionsScheduled          conditions.Truth
	RefugeesReturnProgramme, DisarmamentCompleted, DisarmamentVerifiedInP conditions.Truth

	TroopsRemaining, RatificationsCount, VotesYes, VotesCast int
	ReparationsPaidShare                                     float64
	CeasefireEffectiveOn                                     time.Time
	// Known has a bit per non-boolean fact, in the order of the fields above.
	Known uint8
}

const (
	kTroops = 1 << iota
	kRatifications
	kYes
	kCast
	kShare
	kCeasefire
)

// structsOf converts scenarios to both baseline structs.
func structsOf(fs []conditions.Facts) ([]plain, []tri) {
	ps, ts := make([]plain, len(fs)), make([]tri, len(fs))
	for i, f := range fs {
		p, t := &ps[i], &ts[i]
		bools := []struct {
			name string
			p    *bool
			t    *conditions.Truth
		}{
			{"peace_treaty.concluded", &p.PeaceTreatyConcluded, &t.PeaceTreatyConcluded},
			{"peace_treaty.published", &p.PeaceTreatyPublished, &t.PeaceTreatyPublished},
			{"foreign_troops.withdrawn", &p.ForeignTroopsWithdrawn, &t.ForeignTroopsWithdrawn},
			{"prisoners.exchanged", &p.PrisonersExchanged, &t.PrisonersExchanged},
			{"prisoners.amnesty_granted", &p.PrisonersAmnestyGranted, &t.PrisonersAmnestyGranted},
			{"sanctions.reimposed", &p.SanctionsReimposed, &t.SanctionsReimposed},
			{"hostilities.resumed", &p.HostilitiesResumed, &t.HostilitiesResumed},
			{"border.demarcated", &p.BorderDemarcated, &t.BorderDemarcated},
			{"border.commission_established", &p.BorderCommissionEstablished, &t.BorderCommissionEstablished},
			{"border.arbitration_accepted", &p.BorderArbitrationAcc, &t.BorderArbitrationAcc},
			{"monitoring.mission_deployed", &p.MonitoringMissionDeployed, &t.MonitoringMissionDeployed},
			{"elections.held", &p.ElectionsHeld, &t.ElectionsHeld},
			{"elections.scheduled", &p.ElectionsScheduled, &t.ElectionsScheduled},
			{"refugees.return_programme_adopted", &p.RefugeesReturnProgramme, &t.RefugeesReturnProgramme},
			{"disarmament.completed", &p.DisarmamentCompleted, &t.DisarmamentCompleted},
			{"disarmament.verified_in_progress", &p.DisarmamentVerifiedInP, &t.DisarmamentVerifiedInP},
		}
		for _, b := range bools {
			if v, ok := f[b.name].(bool); ok {
				*b.p, *b.t = v, conditions.TruthOf(v)
			}
		}
		ints := []struct {
			name  string
			p, t  *int
			known uint8
		}{
			{"troops.remaining", &p.TroopsRemaining, &t.TroopsRemaining, kTroops},
			{"ratifications.count", &p.RatificationsCount, &t.RatificationsCount, kRatifications},
			{"votes.yes", &p.VotesYes, &t.VotesYes, kYes},
			{"votes.cast", &p.VotesCast, &t.VotesCast, kCast},
		}
		for _, n := range ints {
			if v, ok := f[n.name].(float64); ok {
				*n.p, *n.t = int(v), int(v)
				t.Known |= n.known
			}
		}
		if v, ok := f["reparations.paid_share"].(float64); ok {
			p.ReparationsPaidShare, t.ReparationsPaidShare = v, v
			t.Known |= kShare
		}
		if v, ok := f["ceasefire.effective_on"].(time.Time); ok {
			p.CeasefireEffectiveOn, t.CeasefireEffectiveOn = v, v
			t.Known |= kCeasefire
		}
	}
	return ps, ts
}

// Plain Go: the floor.

func plainC2(s *plain) bool { return s.PeaceTreatyConcluded && s.ForeignTroopsWithdrawn }

func plainC5(s *plain) bool {
	return s.PeaceTreatyConcluded && s.RatificationsCount >= 40 &&
		(s.ForeignTroopsWithdrawn || !s.SanctionsReimposed) && !s.HostilitiesResumed
}

func plainC22(s *plain) bool {
	return s.PeaceTreatyConcluded && s.PeaceTreatyPublished &&
		s.ForeignTroopsWithdrawn && s.TroopsRemaining < 500 &&
		(s.PrisonersExchanged || s.PrisonersAmnestyGranted) &&
		!s.SanctionsReimposed && !s.HostilitiesResumed &&
		s.RatificationsCount >= 40 &&
		s.ReparationsPaidShare >= 0.75 &&
		float64(s.VotesYes) > 0.5*float64(s.VotesCast) &&
		!s.CeasefireEffectiveOn.After(benchcases.Deadline) &&
		(s.BorderDemarcated || (s.BorderCommissionEstablished && s.BorderArbitrationAcc)) &&
		s.MonitoringMissionDeployed &&
		(s.ElectionsHeld || s.ElectionsScheduled) &&
		s.RefugeesReturnProgramme &&
		(s.DisarmamentCompleted || s.DisarmamentVerifiedInP)
}

func plainC22M(s *plain) bool {
	return s.PeaceTreatyConcluded && s.PeaceTreatyPublished &&
		(s.ForeignTroopsWithdrawn || s.TroopsRemaining == 0 || s.TroopsRemaining < 100) &&
		(s.PrisonersExchanged || s.PrisonersAmnestyGranted) &&
		!s.SanctionsReimposed && !s.HostilitiesResumed &&
		(s.RatificationsCount >= 40 || (s.MonitoringMissionDeployed && s.ReparationsPaidShare >= 0.9)) &&
		(float64(s.VotesYes) > 0.5*float64(s.VotesCast) || !s.CeasefireEffectiveOn.After(benchcases.Deadline)) &&
		(s.BorderDemarcated || (s.BorderCommissionEstablished && s.BorderArbitrationAcc)) &&
		(s.ElectionsHeld || s.ElectionsScheduled) &&
		s.RefugeesReturnProgramme &&
		(s.DisarmamentCompleted || s.DisarmamentVerifiedInP)
}

// Three-valued Go, as one would write it by hand.

const (
	u = conditions.Unknown
	f = conditions.False
	t = conditions.True
)

func and3(xs ...conditions.Truth) conditions.Truth {
	r := t
	for _, x := range xs {
		if x == f {
			return f
		}
		if x == u {
			r = u
		}
	}
	return r
}

func or3(a, b conditions.Truth) conditions.Truth {
	switch {
	case a == t || b == t:
		return t
	case a == u || b == u:
		return u
	}
	return f
}

func not3(a conditions.Truth) conditions.Truth {
	switch a {
	case t:
		return f
	case f:
		return t
	}
	return u
}

// cmp3 is the truth of a comparison whose operands are known when known.
func cmp3(known, holds bool) conditions.Truth {
	if !known {
		return u
	}
	return conditions.TruthOf(holds)
}

func triC2(s *tri) conditions.Truth { return and3(s.PeaceTreatyConcluded, s.ForeignTroopsWithdrawn) }

func triC5(s *tri) conditions.Truth {
	return and3(s.PeaceTreatyConcluded,
		cmp3(s.Known&kRatifications != 0, s.RatificationsCount >= 40),
		or3(s.ForeignTroopsWithdrawn, not3(s.SanctionsReimposed)),
		not3(s.HostilitiesResumed))
}

func triC22(s *tri) conditions.Truth {
	return and3(s.PeaceTreatyConcluded, s.PeaceTreatyPublished,
		s.ForeignTroopsWithdrawn,
		cmp3(s.Known&kTroops != 0, s.TroopsRemaining < 500),
		or3(s.PrisonersExchanged, s.PrisonersAmnestyGranted),
		not3(s.SanctionsReimposed), not3(s.HostilitiesResumed),
		cmp3(s.Known&kRatifications != 0, s.RatificationsCount >= 40),
		cmp3(s.Known&kShare != 0, s.ReparationsPaidShare >= 0.75),
		cmp3(s.Known&(kYes|kCast) == kYes|kCast, float64(s.VotesYes) > 0.5*float64(s.VotesCast)),
		cmp3(s.Known&kCeasefire != 0, !s.CeasefireEffectiveOn.After(benchcases.Deadline)),
		or3(s.BorderDemarcated, and3(s.BorderCommissionEstablished, s.BorderArbitrationAcc)),
		s.MonitoringMissionDeployed,
		or3(s.ElectionsHeld, s.ElectionsScheduled),
		s.RefugeesReturnProgramme,
		or3(s.DisarmamentCompleted, s.DisarmamentVerifiedInP))
}

func triC22M(s *tri) conditions.Truth {
	return and3(s.PeaceTreatyConcluded, s.PeaceTreatyPublished,
		or3(s.ForeignTroopsWithdrawn, or3(cmp3(s.Known&kTroops != 0, s.TroopsRemaining == 0),
			cmp3(s.Known&kTroops != 0, s.TroopsRemaining < 100))),
		or3(s.PrisonersExchanged, s.PrisonersAmnestyGranted),
		not3(s.SanctionsReimposed), not3(s.HostilitiesResumed),
		or3(cmp3(s.Known&kRatifications != 0, s.RatificationsCount >= 40),
			and3(s.MonitoringMissionDeployed, cmp3(s.Known&kShare != 0, s.ReparationsPaidShare >= 0.9))),
		or3(cmp3(s.Known&(kYes|kCast) == kYes|kCast, float64(s.VotesYes) > 0.5*float64(s.VotesCast)),
			cmp3(s.Known&kCeasefire != 0, !s.CeasefireEffectiveOn.After(benchcases.Deadline))),
		or3(s.BorderDemarcated, and3(s.BorderCommissionEstablished, s.BorderArbitrationAcc)),
		or3(s.ElectionsHeld, s.ElectionsScheduled),
		s.RefugeesReturnProgramme,
		or3(s.DisarmamentCompleted, s.DisarmamentVerifiedInP))
}

var (
	plainFuncs = map[string]func(*plain) bool{"C2": plainC2, "C5": plainC5, "C22": plainC22, "C22M": plainC22M}
	triFuncs   = map[string]func(*tri) conditions.Truth{"C2": triC2, "C5": triC5, "C22": triC22, "C22M": triC22M}
)

// TestBaselinesAgree checks that the hand-written baselines compute the
// benchmark conditions: the same results as Program.Eval on every
// generated scenario, with and without unknown facts.
func TestBaselinesAgree(t *testing.T) {
	for _, c := range benchcases.Cases {
		for _, unknown := range []float64{0, 0.1} {
			p, fs := compileCase(t, c, unknown)
			vs := valuesOf(t, p, fs)
			ps, ts := structsOf(fs)
			nTrue := 0
			for i := range fs {
				got, err := p.Eval(vs[i])
				if err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				if want := triFuncs[c.Name](&ts[i]); got != want {
					t.Fatalf("%s scenario %d (unknown %v): Program.Eval = %v, three-valued Go = %v", c.Name, i, unknown, got, want)
				}
				if unknown == 0 && got != conditions.TruthOf(plainFuncs[c.Name](&ps[i])) {
					t.Fatalf("%s scenario %d: Program.Eval = %v, plain Go = %v", c.Name, i, got, !plainFuncs[c.Name](&ps[i]))
				}
				if got == conditions.True {
					nTrue++
				}
			}
			// The generator is meant to make C22 neither trivially true
			// nor trivially false, so that evaluation looks at most of it.
			if c == benchcases.C22 && unknown == 0 && (nTrue < len(fs)/8 || nTrue > len(fs)*7/8) {
				t.Errorf("%s: %d of %d scenarios true, want between an eighth and seven eighths", c.Name, nTrue, len(fs))
			}
		}
	}
}

// TestProgramAllocs checks that Program.Eval and Program.EvalBatch do not
// allocate on the benchmark conditions.
func TestProgramAllocs(t *testing.T) {
	for _, c := range append(benchcases.Cases, benchcases.S16) {
		p, fs := compileCase(t, c, 0.1)
		vs := valuesOf(t, p, fs)
		i := 0
		if n := testing.AllocsPerRun(200, func() {
			if _, err := p.Eval(vs[i%len(vs)]); err != nil {
				t.Fatal(err)
			}
			i++
		}); n != 0 {
			t.Errorf("%s: Program.Eval allocates %v times per run, want 0", c.Name, n)
		}
		b := conditions.NewBatch(p.Schema())
		if err := b.FromFacts(fs[0]); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(200, func() {
			if _, _, err := p.EvalBatch(b); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: Program.EvalBatch allocates %v times per run, want 0", c.Name, n)
		}
	}
}

func BenchmarkProgram(b *testing.B) {
	for _, c := range benchcases.Cases {
		for _, unknown := range []float64{0, 0.1} {
			name := c.Name
			if unknown > 0 {
				name += "-unknowns"
			}
			p, fs := compileCase(b, c, unknown)
			vs := valuesOf(b, p, fs)
			ps, ts := structsOf(fs)
			b.Run(name+"/Program.Eval", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					p.Eval(vs[i%nScenarios])
					i++
				}
			})
			b.Run(name+"/three-valued-Go", func(b *testing.B) {
				b.ReportAllocs()
				fn, i := triFuncs[c.Name], 0
				for b.Loop() {
					fn(&ts[i%nScenarios])
					i++
				}
			})
			if unknown > 0 {
				continue // plain Go has no unknowns
			}
			b.Run(name+"/plain-Go", func(b *testing.B) {
				b.ReportAllocs()
				fn, i := plainFuncs[c.Name], 0
				for b.Loop() {
					fn(&ps[i%nScenarios])
					i++
				}
			})
			b.Run(name+"/Program.EvalFacts", func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					p.EvalFacts(fs[i%nScenarios])
					i++
				}
			})
			b.Run(name+"/Eval", func(b *testing.B) {
				b.ReportAllocs()
				e, i := p.Expr(), 0
				for b.Loop() {
					conditions.Eval(e, fs[i%nScenarios])
					i++
				}
			})
		}
	}
}

// BenchmarkSweep evaluates S16 over all 2^16 assignments of its boolean
// facts and counts those that satisfy it: bit-parallel with
// Batch.Enumerate and Program.EvalBatch, and one scenario at a time with
// plain Go and with Program.Eval. It reports ns/scenario.
func BenchmarkSweep(b *testing.B) {
	c := benchcases.S16
	p, _ := compileCase(b, c, 0)
	slots := make([]int, len(c.Facts))
	for i, f := range c.Facts {
		slots[i], _ = p.Schema().Index(f.Name)
	}
	const scenarios = 1 << 16
	want := sweepPlain()
	report := func(b *testing.B, got int) {
		if got != want {
			b.Fatalf("%d assignments satisfy S16, want %d", got, want)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scenarios, "ns/scenario")
	}
	b.Run("EvalBatch", func(b *testing.B) {
		b.ReportAllocs()
		batch := conditions.NewBatch(p.Schema())
		got := 0
		for b.Loop() {
			got = 0
			for block := range conditions.Blocks(len(slots)) {
				valid, _ := batch.Enumerate(slots, block)
				t, _, _ := p.EvalBatch(batch)
				got += bits.OnesCount64(t & valid)
			}
		}
		report(b, got)
	})
	b.Run("plain-Go", func(b *testing.B) {
		b.ReportAllocs()
		got := 0
		for b.Loop() {
			got = sweepPlain()
		}
		report(b, got)
	})
	b.Run("Program.Eval", func(b *testing.B) {
		b.ReportAllocs()
		v := conditions.NewValues(p.Schema())
		got := 0
		for b.Loop() {
			got = 0
			for a := range scenarios {
				for j, s := range slots {
					v.SetBool(s, a>>j&1 == 1)
				}
				if r, _ := p.Eval(v); r == conditions.True {
					got++
				}
			}
		}
		report(b, got)
	})
}

// sweepPlain counts the assignments that satisfy S16 with plain Go over a
// struct, one scenario at a time; fact j is bit j of the assignment number.
func sweepPlain() int {
	n := 0
	var s plain
	for a := range 1 << 16 {
		bit := func(j int) bool { return a>>j&1 == 1 }
		s.PeaceTreatyConcluded, s.PeaceTreatyPublished, s.HostilitiesResumed = bit(0), bit(1), bit(2)
		s.ForeignTroopsWithdrawn, s.PrisonersExchanged, s.PrisonersAmnestyGranted = bit(3), bit(4), bit(5)
		s.BorderDemarcated, s.SanctionsReimposed = bit(6), bit(7)
		s.BorderCommissionEstablished, s.BorderArbitrationAcc, s.MonitoringMissionDeployed = bit(8), bit(9), bit(10)
		s.ElectionsHeld, s.ElectionsScheduled, s.RefugeesReturnProgramme = bit(11), bit(12), bit(13)
		s.DisarmamentCompleted, s.DisarmamentVerifiedInP = bit(14), bit(15)
		if plainS16(&s) {
			n++
		}
	}
	return n
}

func plainS16(s *plain) bool {
	return (s.PeaceTreatyConcluded && s.PeaceTreatyPublished && !s.HostilitiesResumed) ||
		(s.ForeignTroopsWithdrawn && (s.PrisonersExchanged || s.PrisonersAmnestyGranted)) ||
		(s.BorderDemarcated && !s.SanctionsReimposed) ||
		(s.BorderCommissionEstablished && s.BorderArbitrationAcc && s.MonitoringMissionDeployed) ||
		(s.ElectionsHeld && s.ElectionsScheduled && s.RefugeesReturnProgramme) ||
		(s.DisarmamentCompleted && s.DisarmamentVerifiedInP)
}
