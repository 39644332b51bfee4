package treaty

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatycond/treatycond/conditions"
)

// scaleExceptions builds n treaties of one clause each; a declaration per
// treaty, in force a day later, states an exception to the clause, and
// every other declaration an exception to that exception; the reading
// ranks a third of the exceptions above their counter-exceptions.
func scaleExceptions(n int) (*Model, *Scenario) {
	m := &Model{ID: "exceptions", Facts: scaleFacts, Parties: scaleParties()}
	r := Reading{ID: "A", Party: "A"}
	for i := range n {
		c := scaleClause(fmt.Sprintf("c%d", i), fmt.Sprintf("a and n > %d", i%5))
		m.Instruments = append(m.Instruments, Instrument{ID: fmt.Sprintf("t%d", i), Title: "T", Kind: KindTreaty,
			Parties: []string{"A", "B"}, InForce: scaleDay(3 * i), Clauses: []Clause{c}})
		d := Instrument{ID: fmt.Sprintf("d%d", i), Title: "D", Kind: KindDeclaration, Author: "A", Signed: scaleDay(3*i + 1),
			Exceptions: []Exception{{ID: fmt.Sprintf("x%d", i), Overrides: []string{c.ID}, Condition: conditions.MustParse("b and n > 8")}}}
		if i%2 == 0 {
			d.Exceptions = append(d.Exceptions, Exception{ID: fmt.Sprintf("y%d", i), Overrides: []string{fmt.Sprintf("x%d", i)},
				Condition: conditions.MustParse("not a")})
		}
		if i%3 == 0 {
			r.Priorities = append(r.Priorities, Priority{Provision: fmt.Sprintf("x%d", i), Priority: 1})
		}
		m.Instruments = append(m.Instruments, d)
	}
	m.Readings = []Reading{r}
	return m, scaleScenario(scaleDay(3*n + 10))
}

// BenchmarkScaleExceptions evaluates models whose clauses each have
// exceptions, in four sizes, for internal/scalefit:
//
//	go test -run '^$' -bench BenchmarkScaleExceptions -benchmem -benchtime 1x -count 5 ./treaty | go run ./internal/scalefit
func BenchmarkScaleExceptions(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000, 8000} {
		b.Run(fmt.Sprintf("exceptions/n=%d", n), func(b *testing.B) {
			m, s := scaleExceptions(n)
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

// BenchmarkEvaluateExamples evaluates every scenario of every example
// model; the transit example twice, as it is and as its exceptions'
// expansion into plain relations (see exception_prop_test.go), to compare
// the cost of exceptions with that of the plain model they stand for:
//
//	go test -run '^$' -bench BenchmarkEvaluateExamples -benchmem -count 5 ./treaty
func BenchmarkEvaluateExamples(b *testing.B) {
	models, err := filepath.Glob("../examples/*/*.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, path := range models {
		if strings.HasPrefix(filepath.Base(path), "scenario-") {
			continue
		}
		m, err := LoadModel(path)
		if err != nil {
			b.Fatal(err)
		}
		paths, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "scenario-*.json"))
		var scenarios []*Scenario
		for _, p := range paths {
			s, err := LoadScenario(p)
			if err != nil {
				b.Fatal(err)
			}
			scenarios = append(scenarios, s)
		}
		name := filepath.Base(filepath.Dir(path))
		run := func(name string, m func(*Scenario) *Model) {
			b.Run(name, func(b *testing.B) {
				ms := make([]*Model, len(scenarios))
				for i, s := range scenarios {
					ms[i] = m(s)
				}
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					for i, s := range scenarios {
						if _, err := Evaluate(ms[i], s); err != nil {
							b.Fatal(err)
						}
					}
				}
				if end, ok2 := cpuTime(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
		run(name, func(*Scenario) *Model { return m })
		if hasExceptions(m) {
			run(name+"-expanded", func(s *Scenario) *Model { return expandAll(b, m, s) })
		}
	}
}

func hasExceptions(m *Model) bool {
	for _, inst := range m.Instruments {
		if len(inst.Exceptions) > 0 {
			return true
		}
	}
	return false
}

// expandAll returns the expansion of m for all its readings at once: the
// union of the per-reading expansions, each expansion instrument counted
// only by its reading.
func expandAll(b *testing.B, m *Model, s *Scenario) *Model {
	out := cloneModel(m)
	for i := range out.Instruments {
		out.Instruments[i].Exceptions = nil
	}
	ix, err := newIndex(m)
	if err != nil {
		b.Fatal(err)
	}
	t := &testing.T{}
	for k, r := range ix.readings {
		x := expandExceptions(t, m, s, r)
		var own []string
		for _, inst := range x.Instruments[len(m.Instruments):] {
			inst.ID = fmt.Sprintf("r%d.%s", k, inst.ID)
			// Counted by this reading alone: author a party none of the
			// readings belongs to, accepted by the reading.
			inst.Parties, inst.Author = nil, m.Parties[0].ID
			out.Instruments = append(out.Instruments, inst)
			own = append(own, inst.ID)
		}
		for i := range out.Readings {
			if readingID(&out.Readings[i]) == readingID(&r) {
				out.Readings[i].Accepts = append(out.Readings[i].Accepts, own...)
				out.Readings[i].Priorities = nil
			}
		}
	}
	return out
}
