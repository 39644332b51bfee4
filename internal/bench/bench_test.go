package bench

import (
	"math/bits"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/treatycond/treatycond/conditions"
)

// Benchmark names are Benchmark<Suite>/<Case>/<engine>, which is what
// cmd/ratios groups by. The engines:
//
//	go               hand-written Go over a struct of plain fields (the floor)
//	eval             conditions.Eval over a conditions.Facts map (with its explanation)
//	program          conditions.Program.Eval over a conditions.Values
//	program-facts    conditions.Program.EvalFacts over a conditions.Facts map
//	go-map           hand-written Go over the same conditions.Facts map (C22, C22M):
//	                 the floor of any engine that takes facts by name from a map
//	program-batch    conditions.Program.EvalBatch, 64 scenarios per call
//	expr             expr-lang/expr, compiled with a typed map env, one reused vm.VM
//	cel              cel-go Program.Eval over a map activation
//	cel-state        the same with OptTrackState (every subexpression's value)
//	cel-partial      cel-go with OptPartialEval over a PartialActivation
//	residual         conditions.Residual
//	takes            conditions.Takes(e, facts, True)
//	cel-residualast  cel-go partial Eval (OptTrackState) then Env.ResidualAst
//
// One-at-a-time benchmarks cycle through nInputs scenarios converted for
// each engine before the timer starts; one op is one evaluation. Besides
// ns/op (wall-clock time) they report cpu-ns/op, the CPU time the process
// used per op (garbage collection included), which other processes on a
// busy machine inflate much less; cmd/ratios uses it when present.

// sink keeps benchmark results alive.
var sink int

// BenchmarkEval compares the engines on C2, C5 and C22 with every fact
// known.
func BenchmarkEval(b *testing.B) {
	for _, c := range Cases {
		cc := compile(b, c)
		in := cc.prepare(b, c.Generate(benchSeed, nInputs))
		b.Run(c.Name, func(b *testing.B) {
			b.Run("go", func(b *testing.B) { benchGo(b, c, in.scen) })
			b.Run("eval", func(b *testing.B) { benchEval(b, cc, in) })
			b.Run("program", func(b *testing.B) { benchProgram(b, cc, in) })
			b.Run("program-facts", func(b *testing.B) { benchProgramFacts(b, cc, in) })
			if fn := goMapFloors[c]; fn != nil {
				b.Run("go-map", func(b *testing.B) { benchGoMap(b, fn, in) })
			}
			b.Run("expr", func(b *testing.B) { benchExpr(b, cc, in) })
			b.Run("cel", func(b *testing.B) { benchCEL(b, cc, cc.cel.Program, in) })
			b.Run("cel-state", func(b *testing.B) { benchCEL(b, cc, cc.cel.State, in) })
		})
	}
}

// BenchmarkUnknown compares the engines that take unknown facts on C22 with
// one fact unknown (Unknown1).
func BenchmarkUnknown(b *testing.B) {
	cc := compile(b, C22)
	in := cc.prepare(b, C22.Generate(benchSeed, nInputs), Unknown1)
	b.Run("C22u1", func(b *testing.B) {
		b.Run("eval", func(b *testing.B) { benchEval(b, cc, in) })
		b.Run("program", func(b *testing.B) { benchProgram(b, cc, in) })
		b.Run("cel-partial", func(b *testing.B) {
			defer reportCPU(b)()
			n, i := 0, 0
			for b.Loop() {
				out, _, err := cc.cel.Partial.Eval(in.partial[i&mask])
				if err != nil {
					b.Fatal(err)
				}
				if out == types.True {
					n++
				}
				i++
			}
			sink = n
		})
	})
}

// BenchmarkResidual compares residual conditions on C22 with three facts
// unknown (Unknown3): conditions.Residual and conditions.Takes against
// cel-go's partial evaluation followed by Env.ResidualAst.
func BenchmarkResidual(b *testing.B) {
	cc := compile(b, C22)
	in := cc.prepare(b, C22.Generate(benchSeed, nInputs), Unknown3...)
	b.Run("C22u3", func(b *testing.B) {
		b.Run("residual", func(b *testing.B) {
			defer reportCPU(b)()
			n, i := 0, 0
			for b.Loop() {
				r := conditions.Residual(cc.expr, in.facts[i&mask])
				if r.IsZero() {
					n++
				}
				i++
			}
			sink = n
		})
		b.Run("takes", func(b *testing.B) {
			defer reportCPU(b)()
			n, i := 0, 0
			for b.Loop() {
				as, err := conditions.Takes(cc.expr, in.facts[i&mask], conditions.True)
				if err != nil {
					b.Fatal(err)
				}
				n += len(as)
				i++
			}
			sink = n
		})
		b.Run("cel-residualast", func(b *testing.B) {
			defer reportCPU(b)()
			n, i := 0, 0
			for b.Loop() {
				r, err := cc.cel.ResidualAst(in.partial[i&mask])
				if err != nil {
					b.Fatal(err)
				}
				if r.IsChecked() {
					n++
				}
				i++
			}
			sink = n
		})
	})
}

func benchGo(b *testing.B, c *Case, scen []Scenario) {
	defer reportCPU(b)()
	n, i := 0, 0
	// Direct calls, so that the compiler can inline the floor.
	switch c {
	case C2:
		for b.Loop() {
			if goC2(&scen[i&mask]) {
				n++
			}
			i++
		}
	case C5:
		for b.Loop() {
			if goC5(&scen[i&mask]) {
				n++
			}
			i++
		}
	case C22:
		for b.Loop() {
			if goC22(&scen[i&mask]) {
				n++
			}
			i++
		}
	case C22M:
		for b.Loop() {
			if goC22M(&scen[i&mask]) {
				n++
			}
			i++
		}
	default:
		b.Fatalf("no hand-written floor for %s", c.Name)
	}
	sink = n
}

func benchEval(b *testing.B, cc *compiled, in *inputs) {
	defer reportCPU(b)()
	n, i := 0, 0
	for b.Loop() {
		r, err := conditions.Eval(cc.expr, in.facts[i&mask])
		if err != nil {
			b.Fatal(err)
		}
		if r.Value == conditions.True {
			n++
		}
		i++
	}
	sink = n
}

func benchProgram(b *testing.B, cc *compiled, in *inputs) {
	defer reportCPU(b)()
	n, i := 0, 0
	for b.Loop() {
		t, err := cc.program.Eval(in.values[i&mask])
		if err != nil {
			b.Fatal(err)
		}
		if t == conditions.True {
			n++
		}
		i++
	}
	sink = n
}

func benchProgramFacts(b *testing.B, cc *compiled, in *inputs) {
	defer reportCPU(b)()
	n, i := 0, 0
	for b.Loop() {
		t, err := cc.program.EvalFacts(in.facts[i&mask])
		if err != nil {
			b.Fatal(err)
		}
		if t == conditions.True {
			n++
		}
		i++
	}
	sink = n
}

func benchGoMap(b *testing.B, fn func(conditions.Facts) bool, in *inputs) {
	defer reportCPU(b)()
	n, i := 0, 0
	for b.Loop() {
		if fn(in.facts[i&mask]) {
			n++
		}
		i++
	}
	sink = n
}

func benchExpr(b *testing.B, cc *compiled, in *inputs) {
	defer reportCPU(b)()
	var m vm.VM
	n, i := 0, 0
	for b.Loop() {
		out, err := m.Run(cc.exprVM, in.exprEnv[i&mask])
		if err != nil {
			b.Fatal(err)
		}
		if out.(bool) {
			n++
		}
		i++
	}
	sink = n
}

func benchCEL(b *testing.B, cc *compiled, prg cel.Program, in *inputs) {
	defer reportCPU(b)()
	n, i := 0, 0
	for b.Loop() {
		out, _, err := prg.Eval(in.celAct[i&mask])
		if err != nil {
			b.Fatal(err)
		}
		if out == types.True {
			n++
		}
		i++
	}
	sink = n
}

// BenchmarkSweep evaluates S16 over all 2^16 assignments of its facts; one
// op is the whole sweep, and the ns/scenario metric is the time per
// assignment. Every engine builds its input for each scenario from the
// scenario number inside the timed loop (struct fields, Values slots, map
// entries; Batch.Enumerate for the bit-parallel batch), because that is
// part of the cost of a sweep, and counts the scenarios that satisfy S16;
// a wrong count fails the benchmark. conditions.Eval is left out: it builds
// an explanation per call, and the one-at-a-time benchmarks show its cost.
func BenchmarkSweep(b *testing.B) {
	cc := compile(b, S16)
	slots := cc.slots(b)
	names := make([]string, len(S16.Facts))
	exprNames := make([]string, len(S16.Facts))
	for j, f := range S16.Facts {
		names[j] = f.Name
		exprNames[j] = ExprName(f.Name)
	}
	want := 0
	for x := range sweepSize {
		s := S16.SweepScenario(x)
		if goS16(&s) {
			want++
		}
	}
	done := func(b *testing.B, n int) {
		b.Helper()
		if n != want {
			b.Fatalf("sweep found %d satisfying scenarios, want %d", n, want)
		}
		sink = n
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/sweepSize, "ns/scenario")
	}

	b.Run("S16", func(b *testing.B) {
		b.Run("go", func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = sweepGo()
			}
			done(b, n)
		})
		b.Run("program", func(b *testing.B) {
			b.ReportAllocs()
			v := conditions.NewValues(cc.schema)
			var n int
			for b.Loop() {
				n = 0
				for x := range sweepSize {
					for j, slot := range slots {
						v.SetBool(slot, x>>j&1 == 1)
					}
					t, err := cc.program.Eval(v)
					if err != nil {
						b.Fatal(err)
					}
					if t == conditions.True {
						n++
					}
				}
			}
			done(b, n)
		})
		b.Run("program-batch", func(b *testing.B) {
			b.ReportAllocs()
			batch := conditions.NewBatch(cc.schema)
			blocks := conditions.Blocks(len(slots))
			var n int
			for b.Loop() {
				n = 0
				for block := range blocks {
					valid, err := batch.Enumerate(slots, block)
					if err != nil {
						b.Fatal(err)
					}
					t, _, err := cc.program.EvalBatch(batch)
					if err != nil {
						b.Fatal(err)
					}
					n += bits.OnesCount64(t & valid)
				}
			}
			done(b, n)
		})
		b.Run("expr", func(b *testing.B) {
			b.ReportAllocs()
			var m vm.VM
			env := map[string]any{}
			var n int
			for b.Loop() {
				n = 0
				for x := range sweepSize {
					for j, name := range exprNames {
						env[name] = x>>j&1 == 1
					}
					out, err := m.Run(cc.exprVM, env)
					if err != nil {
						b.Fatal(err)
					}
					if out.(bool) {
						n++
					}
				}
			}
			done(b, n)
		})
		b.Run("cel", func(b *testing.B) {
			b.ReportAllocs()
			vars := map[string]any{}
			act, err := cel.NewActivation(vars)
			if err != nil {
				b.Fatal(err)
			}
			var n int
			for b.Loop() {
				n = 0
				for x := range sweepSize {
					for j, name := range names {
						vars[name] = x>>j&1 == 1
					}
					out, _, err := cc.cel.Program.Eval(act)
					if err != nil {
						b.Fatal(err)
					}
					if out == types.True {
						n++
					}
				}
			}
			done(b, n)
		})
	})
}

// sweepGo is the hand-written sweep of S16: it fills a struct from the bits
// of each scenario number (in S16.Facts order) and evaluates goS16.
func sweepGo() int {
	n := 0
	var s Scenario
	for x := range sweepSize {
		s.PeaceTreatyConcluded = x&(1<<0) != 0
		s.PeaceTreatyPublished = x&(1<<1) != 0
		s.HostilitiesResumed = x&(1<<2) != 0
		s.ForeignTroopsWithdrawn = x&(1<<3) != 0
		s.PrisonersExchanged = x&(1<<4) != 0
		s.PrisonersAmnestyGranted = x&(1<<5) != 0
		s.BorderDemarcated = x&(1<<6) != 0
		s.SanctionsReimposed = x&(1<<7) != 0
		s.BorderCommissionEstablished = x&(1<<8) != 0
		s.BorderArbitrationAccepted = x&(1<<9) != 0
		s.MonitoringMissionDeployed = x&(1<<10) != 0
		s.ElectionsHeld = x&(1<<11) != 0
		s.ElectionsScheduled = x&(1<<12) != 0
		s.RefugeesReturnProgramme = x&(1<<13) != 0
		s.DisarmamentCompleted = x&(1<<14) != 0
		s.DisarmamentVerifiedProgress = x&(1<<15) != 0
		if goS16(&s) {
			n++
		}
	}
	return n
}
