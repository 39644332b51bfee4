package treaty_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// The scale benchmarks generate models that grow in one direction each,
// with the public API, and evaluate them. Evaluation should take time and
// memory proportional to the input: internal/scalefit fits the growth
// exponent of each series on its largest three sizes:
//
//	go test -run '^$' -bench BenchmarkScale -benchmem -count 3 ./treaty | go run ./internal/scalefit
//
// The series are those of issue 9's table:
//
//	instruments  n clauses, each in its own instrument with its own dates
//	amendments   one clause amended by n adds_condition on n dates
//	chain        instrument k amends the clause of instrument k-1
//	history      a 10-clause model and one fact with n changes no clause reads
//	history-read the same, but one clause reads the fact, which stays true
//	succession   a chain of n parties, each continuing the one before; the
//	             last one's reading of a treaty of the first
//	arith        one clause whose condition is an arithmetic chain of n bytes
var scaleSeries = []struct {
	name  string
	sizes []int
	build func(n int) (*treaty.Model, *treaty.Scenario)
}{
	{"instruments", []int{1000, 2500, 5000, 10000}, scaleInstruments},
	{"amendments", []int{250, 500, 1000, 2000}, scaleAmendments},
	{"chain", []int{250, 500, 1000, 2000}, scaleChain},
	{"history", []int{12500, 25000, 50000, 100000}, func(n int) (*treaty.Model, *treaty.Scenario) { return scaleHistory(n, false) }},
	{"history-read", []int{12500, 25000, 50000, 100000}, func(n int) (*treaty.Model, *treaty.Scenario) { return scaleHistory(n, true) }},
	{"succession", []int{250, 500, 1000, 2000}, scaleSuccession},
	{"arith", []int{1024, 2048, 4096, 8192}, scaleArith},
}

func BenchmarkScale(b *testing.B) {
	for _, series := range scaleSeries {
		for _, n := range series.sizes {
			b.Run(fmt.Sprintf("%s/n=%d", series.name, n), func(b *testing.B) {
				m, s := series.build(n)
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if _, err := treaty.Evaluate(m, s); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time, which other processes on a busy machine
				// disturb less than the wall-clock ns/op.
				if end, ok2 := cpuTime(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

// TestScaleModels checks that the benchmark models are valid and that
// their evaluation says what the series means, at the smallest size.
func TestScaleModels(t *testing.T) {
	for _, series := range scaleSeries {
		n := series.sizes[0] / 10
		m, s := series.build(n)
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		if err := treaty.ValidateScenario(m, s); err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		rep, err := treaty.Evaluate(m, s)
		if err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		for _, res := range rep.Results {
			if res.Status == treaty.NotInForce {
				t.Errorf("%s: %s under %s is not in force: %s", series.name, res.Clause, res.Reading, res.Reason)
			}
		}
		if series.name == "succession" {
			if got, want := rep.Results[0].Bearer, fmt.Sprintf("P%d", n-1); got != want {
				t.Errorf("succession: bearer %s, want the last successor %s", got, want)
			}
		}
	}
}

var scaleFacts = []conditions.Field{
	{Name: "a", Type: conditions.Bool}, {Name: "b", Type: conditions.Bool},
	{Name: "n", Type: conditions.Number}, {Name: "x", Type: conditions.Number},
}

func scaleDay(i int) treaty.Date { return treaty.MustDate("1950-01-01").AddDays(i) }

func scaleScenario(asOf treaty.Date) *treaty.Scenario {
	return &treaty.Scenario{ID: "s", AsOf: asOf, Facts: map[string]treaty.Fact{
		"a": {Value: true}, "b": {Value: true}, "n": {Value: 7},
	}}
}

func scaleParties() []treaty.Party {
	return []treaty.Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}}
}

func scaleClause(id, cond string) treaty.Clause {
	return treaty.Clause{ID: id, Kind: treaty.Obligation, Bearer: "A", Action: "act", Condition: conditions.MustParse(cond)}
}

func scaleInstruments(n int) (*treaty.Model, *treaty.Scenario) {
	m := &treaty.Model{ID: "instruments", Facts: scaleFacts, Parties: scaleParties()}
	for i := range n {
		m.Instruments = append(m.Instruments, treaty.Instrument{
			ID: fmt.Sprintf("t%d", i), Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"},
			Signed: scaleDay(2 * i), InForce: scaleDay(2*i + 1),
			Clauses: []treaty.Clause{scaleClause(fmt.Sprintf("c%d", i), fmt.Sprintf("a and n > %d", i%5))},
		})
	}
	return m, scaleScenario(scaleDay(2*n + 10))
}

func scaleAmendments(n int) (*treaty.Model, *treaty.Scenario) {
	m := &treaty.Model{ID: "amendments", Facts: scaleFacts, Parties: scaleParties()}
	m.Instruments = append(m.Instruments, treaty.Instrument{
		ID: "t", Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0),
		Clauses: []treaty.Clause{scaleClause("c", "a")},
	})
	for i := range n {
		m.Instruments = append(m.Instruments, treaty.Instrument{
			ID: fmt.Sprintf("p%d", i), Title: "P", Kind: treaty.KindProtocol, Parties: []string{"A", "B"}, Signed: scaleDay(i + 1),
			Relations: []treaty.Relation{{Kind: treaty.AddsCondition, Target: "c", Condition: conditions.MustParse(fmt.Sprintf("n > %d", i%5))}},
		})
	}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleChain(n int) (*treaty.Model, *treaty.Scenario) {
	m := &treaty.Model{ID: "chain", Facts: scaleFacts, Parties: scaleParties()}
	for i := range n {
		inst := treaty.Instrument{
			ID: fmt.Sprintf("t%d", i), Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(i),
			Clauses: []treaty.Clause{scaleClause(fmt.Sprintf("c%d", i), "a")},
		}
		if i > 0 {
			inst.Relations = []treaty.Relation{{Kind: treaty.AddsCondition, Target: fmt.Sprintf("c%d", i-1), Condition: conditions.MustParse("b")}}
		}
		m.Instruments = append(m.Instruments, inst)
	}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleHistory(n int, read bool) (*treaty.Model, *treaty.Scenario) {
	m := &treaty.Model{ID: "history", Facts: scaleFacts, Parties: scaleParties()}
	inst := treaty.Instrument{ID: "t", Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0)}
	for i := range 10 {
		cond := "a and n > 1"
		if read && i == 0 {
			cond = "x > 0"
		}
		inst.Clauses = append(inst.Clauses, scaleClause(fmt.Sprintf("c%d", i), cond))
	}
	m.Instruments = []treaty.Instrument{inst}
	s := scaleScenario(scaleDay(n + 10))
	h := make([]treaty.Change, n)
	for i := range h {
		h[i] = treaty.Change{From: scaleDay(i + 1), Value: i + 1}
	}
	s.Facts["x"] = treaty.Fact{History: h}
	return m, s
}

func scaleSuccession(n int) (*treaty.Model, *treaty.Scenario) {
	m := &treaty.Model{ID: "succession", Facts: scaleFacts}
	for i := range n {
		p := treaty.Party{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("Party %d", i)}
		if i > 0 {
			p.Continues = &treaty.Succession{Party: fmt.Sprintf("P%d", i-1), From: scaleDay(i)}
		}
		m.Parties = append(m.Parties, p)
	}
	m.Parties = append(m.Parties, treaty.Party{ID: "Q", Name: "Other"})
	inst := treaty.Instrument{ID: "t", Title: "T", Kind: treaty.KindTreaty, Parties: []string{"P0", "Q"}, Signed: scaleDay(0)}
	for i := range 3 {
		c := scaleClause(fmt.Sprintf("c%d", i), "a")
		c.Bearer = "P0"
		inst.Clauses = append(inst.Clauses, c)
	}
	m.Instruments = []treaty.Instrument{inst}
	// The last successor's reading accepts t through the chain back to
	// P0. (A reading per party would also work, but then the disputes
	// between n readings, not the succession, would dominate.)
	m.Readings = []treaty.Reading{{ID: "last", Party: fmt.Sprintf("P%d", n-1)}, {ID: "Q", Party: "Q"}}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleArith(n int) (*treaty.Model, *treaty.Scenario) {
	var b strings.Builder
	b.WriteString("n")
	for b.Len() < n-4 {
		b.WriteString(" + n")
	}
	b.WriteString(" > 0")
	m := &treaty.Model{ID: "arith", Facts: scaleFacts, Parties: scaleParties()}
	m.Instruments = []treaty.Instrument{{ID: "t", Title: "T", Kind: treaty.KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0),
		Clauses: []treaty.Clause{scaleClause("c", b.String())}}}
	return m, scaleScenario(scaleDay(10))
}
