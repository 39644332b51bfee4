package conditions

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkQuantProgram measures compiled quantifiers over 200 members
// (EvalFacts, the sets given as a []string and the indexed facts as maps)
// against the equivalent plain conditions the quantifiers expand to, over
// 200 plain facts, in the same run: the goal is at most 3x. The members'
// values are such that any and all must read every member, and count
// most of them. It reports cpu-ns/op, the process's CPU time per op,
// which other jobs on a busy machine inflate less than wall-clock time.
//
//	go test -run '^$' -bench 'BenchmarkQuantProgram' -benchmem -count 5 ./conditions
func BenchmarkQuantProgram(b *testing.B) {
	const n = 200
	members := make([]string, n)
	votes := make(map[string]any, n)
	yes := make(map[string]any, n)
	plain := Facts{}
	var anyTerms, allTerms, cntTerms, sumTerms []string
	var fields []Field
	for i := range n {
		m := fmt.Sprintf("commune_%03d", i)
		members[i] = m
		votes[m] = float64(i%50) / 100 // all below 0.5: any and all must read every member
		yes[m] = i%3 == 0
		plain[fmt.Sprintf("votes_%d", i)] = votes[m]
		plain[fmt.Sprintf("yes_%d", i)] = yes[m]
		anyTerms = append(anyTerms, fmt.Sprintf("votes_%d > 0.5", i))
		allTerms = append(allTerms, fmt.Sprintf("votes_%d < 0.5", i))
		cntTerms = append(cntTerms, fmt.Sprintf("yes_%d", i))
		sumTerms = append(sumTerms, fmt.Sprintf("votes_%d", i))
		fields = append(fields, Field{Name: fmt.Sprintf("votes_%d", i), Type: Number}, Field{Name: fmt.Sprintf("yes_%d", i), Type: Bool})
	}
	quantFacts := Facts{"communes": members, "votes": votes, "yes": yes}
	qs, err := NewSchema(Field{Name: "communes", Type: Set}, Field{Name: "votes", Type: Number, Index: "communes"}, Field{Name: "yes", Type: Bool, Index: "communes"})
	if err != nil {
		b.Fatal(err)
	}
	ps, err := NewSchema(fields...)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name  string
		src   string
		s     *Schema
		facts Facts
	}{
		{"any/quantifier", "any(c in communes: votes[c] > 0.5)", qs, quantFacts},
		{"any/plain", strings.Join(anyTerms, " or "), ps, plain},
		{"all/quantifier", "all(c in communes: votes[c] < 0.5)", qs, quantFacts},
		{"all/plain", strings.Join(allTerms, " and "), ps, plain},
		{"count/quantifier", "count(c in communes: yes[c]) >= 100", qs, quantFacts},
		{"count/plain", "atleast(100, " + strings.Join(cntTerms, ", ") + ")", ps, plain},
		{"sum/quantifier", "sum(c in communes: votes[c]) > 40", qs, quantFacts},
		{"sum/plain", strings.Join(sumTerms, " + ") + " > 40", ps, plain},
	}
	for _, c := range cases {
		p, err := Compile(MustParse(c.src), c.s)
		if err != nil {
			b.Fatal(err)
		}
		want, err := Eval(MustParse(c.src), c.facts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			c0, cpuOK := cpuTime()
			for b.Loop() {
				got, err := p.EvalFacts(c.facts)
				if err != nil || got != want.Value {
					b.Fatalf("got %v, %v; want %v", got, err, want.Value)
				}
			}
			if c1, ok := cpuTime(); ok && cpuOK {
				b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
