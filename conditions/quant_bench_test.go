package conditions

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkQuantProgram measures a compiled quantifier over 200 members
// (EvalFacts, the sets given as a []string and the indexed facts as maps)
// against the equivalent plain condition the quantifier expands to, over
// 200 plain facts, in the same run: the goal is at most 3x.
//
//	go test -run '^$' -bench 'BenchmarkQuantProgram' -benchmem ./conditions
func BenchmarkQuantProgram(b *testing.B) {
	const n = 200
	members := make([]string, n)
	votes := make(map[string]any, n)
	yes := make(map[string]any, n)
	plain := Facts{}
	var anyTerms, cntTerms []string
	var fields []Field
	for i := range n {
		m := fmt.Sprintf("commune_%03d", i)
		members[i] = m
		votes[m] = float64(i%50) / 100 // all below 0.5: any must read every member
		yes[m] = i%3 == 0
		plain[fmt.Sprintf("votes_%d", i)] = votes[m]
		plain[fmt.Sprintf("yes_%d", i)] = yes[m]
		anyTerms = append(anyTerms, fmt.Sprintf("votes_%d > 0.5", i))
		cntTerms = append(cntTerms, fmt.Sprintf("yes_%d", i))
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
		{"count/quantifier", "count(c in communes: yes[c]) >= 100", qs, quantFacts},
		{"count/plain", "atleast(100, " + strings.Join(cntTerms, ", ") + ")", ps, plain},
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
			for b.Loop() {
				got, err := p.EvalFacts(c.facts)
				if err != nil || got != want.Value {
					b.Fatalf("got %v, %v; want %v", got, err, want.Value)
				}
			}
		})
	}
}
