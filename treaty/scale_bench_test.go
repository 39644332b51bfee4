package treaty

import (
	"fmt"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
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
//	readings     the succession chain with one reading per party, half of
//	             them rejecting a protocol that adds a condition to one of
//	             the three clauses (a latent dispute between n readings)
//	members      n dated members of a treaty (joining on n dates, a third
//	             of them withdrawing) and 10 each-party clauses: 10n clause
//	             instances
var scaleSeries = []struct {
	name  string
	sizes []int
	build func(n int) (*Model, *Scenario)
}{
	{"instruments", []int{1000, 2500, 5000, 10000}, scaleInstruments},
	{"amendments", []int{500, 1000, 2000, 4000}, scaleAmendments},
	{"chain", []int{1000, 2000, 4000, 8000}, scaleChain},
	{"history", []int{12500, 25000, 50000, 100000}, func(n int) (*Model, *Scenario) { return scaleHistory(n, false) }},
	{"history-read", []int{12500, 25000, 50000, 100000}, func(n int) (*Model, *Scenario) { return scaleHistory(n, true) }},
	{"succession", []int{2000, 4000, 8000, 16000}, scaleSuccession},
	{"arith", []int{1024, 2048, 4096, 8192}, scaleArith},
	{"readings", []int{500, 1000, 2000, 4000}, scaleReadings},
	{"members", []int{250, 500, 1000, 2000}, func(n int) (*Model, *Scenario) { return scaleMembers(n, 10) }},
}

func BenchmarkScale(b *testing.B) {
	for _, series := range scaleSeries {
		for _, n := range series.sizes {
			b.Run(fmt.Sprintf("%s/n=%d", series.name, n), func(b *testing.B) {
				m, s := series.build(n)
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if _, err := Evaluate(m, s); err != nil {
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

// BenchmarkScaleReference evaluates a small model of each series (a
// quarter of its smallest size; the arithmetic chain, whose cost is in
// package conditions, left out) twice in the same run: with Evaluate, and
// with the former evaluator kept in evaluate_ref_test.go, which
// re-evaluates every clause on every date the model and scenario mention.
//
//	go test -run '^$' -bench BenchmarkScaleReference -benchtime 1x ./treaty
func BenchmarkScaleReference(b *testing.B) {
	for _, series := range scaleSeries {
		if series.name == "arith" || series.name == "members" { // members: the former evaluator knows no membership
			continue
		}
		n := series.sizes[0] / 4
		m, s := series.build(n)
		for _, ev := range []struct {
			name string
			eval func() error
		}{
			{"evaluate", func() error { _, err := Evaluate(m, s); return err }},
			{"reference", func() error { _, err := refEvaluate(m, s, s.AsOf); return err }},
		} {
			b.Run(fmt.Sprintf("%s/n=%d/%s", series.name, n, ev.name), func(b *testing.B) {
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if err := ev.eval(); err != nil {
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

// TestScaleModels checks that the benchmark models are valid and that
// their evaluation says what the series means, at the smallest size.
func TestScaleModels(t *testing.T) {
	for _, series := range scaleSeries {
		n := series.sizes[0] / 20
		m, s := series.build(n)
		if err := m.Validate(); err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		if err := ValidateScenario(m, s); err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		rep, err := Evaluate(m, s)
		if err != nil {
			t.Fatalf("%s: %v", series.name, err)
		}
		// The same results as the former evaluator (amendments: through
		// the incremental composer, with more than incrementalMin
		// relations); for members, which it does not know, as the
		// expansion into plain clauses with lifetimes.
		want, err := refEvaluate(m, s, s.AsOf)
		require.NoError(t, err)
		opts := []gocmp.Option{cmpopts.EquateEmpty()}
		if series.name == "members" {
			// The same statuses, since, deadlines and ends; the reasons
			// say "withdrew" rather than "applied until".
			want = expandedResults(t, m, s)
			opts = append(opts, cmpopts.IgnoreFields(Result{}, "Reason"),
				cmpopts.SortSlices(func(a, b Result) bool { return a.Instance < b.Instance }))
		}
		if diff := gocmp.Diff(want, rep.Results, opts...); diff != "" {
			t.Errorf("%s: results differ from the reference (-want +got):\n%s", series.name, diff)
		}
		for _, res := range rep.Results {
			if res.Status == NotInForce && series.name != "members" {
				t.Errorf("%s: %s under %s is not in force: %s", series.name, res.Clause, res.Reading, res.Reason)
			}
		}
		if series.name == "readings" {
			// Readings that count the protocol hold c0 to "a and b", the
			// others to "a": a latent dispute among all the readings, which
			// would diverge if b were false, then the applicability
			// dispute over the protocol.
			require.Len(t, rep.Disputes, 2, "readings: disputes %v", rep.Disputes)
			require.Equal(t, ApplicabilityDispute, rep.Disputes[1].Kind)
			d := rep.Disputes[0]
			if d.Clause != "c0" || d.Kind != LatentDispute || len(d.Statuses) != len(m.Readings) {
				t.Errorf("readings: dispute %s (%s) among %d readings, want a latent dispute about c0 among %d", d.Clause, d.Kind, len(d.Statuses), len(m.Readings))
			}
			require.Len(t, d.Divergence, 1)
			if diff := gocmp.Diff(conditions.Assignment{"a": true, "b": false}, d.Divergence[0].Assignment); diff != "" {
				t.Errorf("readings: divergence (-want +got):\n%s", diff)
			}
		}
		if series.name == "succession" {
			if got, want := rep.Results[0].Bearer, fmt.Sprintf("P%d", n-1); got != want {
				t.Errorf("succession: bearer %s, want the last successor %s", got, want)
			}
		}
	}
}

var scaleFacts = []FactDecl{
	{Field: conditions.Field{Name: "a", Type: conditions.Bool}}, {Field: conditions.Field{Name: "b", Type: conditions.Bool}},
	{Field: conditions.Field{Name: "n", Type: conditions.Number}}, {Field: conditions.Field{Name: "x", Type: conditions.Number}},
}

func scaleDay(i int) Date { return MustDate("1950-01-01").AddDays(i) }

func scaleScenario(asOf Date) *Scenario {
	return &Scenario{ID: "s", AsOf: asOf, Facts: map[string]Fact{
		"a": {Value: true}, "b": {Value: true}, "n": {Value: 7},
	}}
}

func scaleParties() []Party {
	return []Party{{ID: "A", Name: "Alpha"}, {ID: "B", Name: "Beta"}}
}

func scaleClause(id, cond string) Clause {
	return Clause{ID: id, Kind: Obligation, Bearer: "A", Action: "act", Condition: conditions.MustParse(cond)}
}

func scaleInstruments(n int) (*Model, *Scenario) {
	m := &Model{ID: "instruments", Facts: scaleFacts, Parties: scaleParties()}
	for i := range n {
		m.Instruments = append(m.Instruments, Instrument{
			ID: fmt.Sprintf("t%d", i), Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"},
			Signed: scaleDay(2 * i), InForce: scaleDay(2*i + 1),
			Clauses: []Clause{scaleClause(fmt.Sprintf("c%d", i), fmt.Sprintf("a and n > %d", i%5))},
		})
	}
	return m, scaleScenario(scaleDay(2*n + 10))
}

func scaleAmendments(n int) (*Model, *Scenario) {
	m := &Model{ID: "amendments", Facts: scaleFacts, Parties: scaleParties()}
	m.Instruments = append(m.Instruments, Instrument{
		ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0),
		Clauses: []Clause{scaleClause("c", "a")},
	})
	for i := range n {
		m.Instruments = append(m.Instruments, Instrument{
			ID: fmt.Sprintf("p%d", i), Title: "P", Kind: KindProtocol, Parties: []string{"A", "B"}, Signed: scaleDay(i + 1),
			Relations: []Relation{{Kind: AddsCondition, Target: "c", Condition: conditions.MustParse(fmt.Sprintf("n > %d", i%5))}},
		})
	}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleChain(n int) (*Model, *Scenario) {
	m := &Model{ID: "chain", Facts: scaleFacts, Parties: scaleParties()}
	for i := range n {
		inst := Instrument{
			ID: fmt.Sprintf("t%d", i), Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(i),
			Clauses: []Clause{scaleClause(fmt.Sprintf("c%d", i), "a")},
		}
		if i > 0 {
			inst.Relations = []Relation{{Kind: AddsCondition, Target: fmt.Sprintf("c%d", i-1), Condition: conditions.MustParse("b")}}
		}
		m.Instruments = append(m.Instruments, inst)
	}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleHistory(n int, read bool) (*Model, *Scenario) {
	m := &Model{ID: "history", Facts: scaleFacts, Parties: scaleParties()}
	inst := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0)}
	for i := range 10 {
		cond := "a and n > 1"
		if read && i == 0 {
			cond = "x > 0"
		}
		inst.Clauses = append(inst.Clauses, scaleClause(fmt.Sprintf("c%d", i), cond))
	}
	m.Instruments = []Instrument{inst}
	s := scaleScenario(scaleDay(n + 10))
	h := make([]Change, n)
	for i := range h {
		h[i] = Change{From: scaleDay(i + 1), Value: i + 1}
	}
	s.Facts["x"] = Fact{History: h}
	return m, s
}

func scaleSuccession(n int) (*Model, *Scenario) {
	m := &Model{ID: "succession", Facts: scaleFacts}
	for i := range n {
		p := Party{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("Party %d", i)}
		if i > 0 {
			p.Continues = &Succession{Party: fmt.Sprintf("P%d", i-1), From: scaleDay(i)}
		}
		m.Parties = append(m.Parties, p)
	}
	m.Parties = append(m.Parties, Party{ID: "Q", Name: "Other"})
	inst := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"P0", "Q"}, Signed: scaleDay(0)}
	for i := range 3 {
		c := scaleClause(fmt.Sprintf("c%d", i), "a")
		c.Bearer = "P0"
		inst.Clauses = append(inst.Clauses, c)
	}
	m.Instruments = []Instrument{inst}
	// The last successor's reading accepts t through the chain back to
	// P0. (A reading per party would also work, but then the disputes
	// between n readings, not the succession, would dominate.)
	m.Readings = []Reading{{ID: "last", Party: fmt.Sprintf("P%d", n-1)}, {ID: "Q", Party: "Q"}}
	return m, scaleScenario(scaleDay(n + 10))
}

func scaleArith(n int) (*Model, *Scenario) {
	var b strings.Builder
	b.WriteString("n")
	for b.Len() < n-4 {
		b.WriteString(" + n")
	}
	b.WriteString(" > 0")
	m := &Model{ID: "arith", Facts: scaleFacts, Parties: scaleParties()}
	m.Instruments = []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: scaleDay(0),
		Clauses: []Clause{scaleClause("c", b.String())}}}
	return m, scaleScenario(scaleDay(10))
}

func scaleReadings(n int) (*Model, *Scenario) {
	m, s := scaleSuccession(n)
	m.ID = "readings"
	m.Instruments = append(m.Instruments, Instrument{
		ID: "p", Title: "P", Kind: KindProtocol, Parties: []string{"P0", "Q"}, Signed: scaleDay(1),
		Relations: []Relation{{Kind: AddsCondition, Target: "c0", Condition: conditions.MustParse("b")}},
	})
	m.Readings = nil
	for _, p := range m.Parties {
		r := Reading{ID: p.ID, Party: p.ID}
		if len(m.Readings)%2 == 1 {
			r.Rejects = []Rejection{{Instrument: "p"}}
		}
		m.Readings = append(m.Readings, r)
	}
	return m, s
}
