package conditions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The scale benchmarks of Takes run the shapes that used to grow
// quadratically (or worse) at four sizes each. internal/scalefit fits the
// growth exponent of each series on its largest three sizes:
//
//	go test -run '^$' -bench BenchmarkScaleTakes -benchmem -count 3 ./conditions | go run ./internal/scalefit
//
// The series:
//
//	or-chain/true     v0 or ... or v(n-1), want true: n answers
//	or-chain/false    the same, want false: one answer of n atoms
//	and-chain/false   v0 and ... and v(n-1), want false: n answers
//	one-fact-eq       x == 0 or ... or x == n-1, want true: n answers
//	one-fact-ladder   (x >= 0 and x < 5) or (x >= 10 and x < 15) or ...
//	                  with n comparisons, want false: n/2+1 answers
//	one-fact-random   n comparisons of one fact with random operators and
//	                  constants, joined by random and/or, want true
var takesScaleSeries = []struct {
	name  string
	sizes []int
	src   func(n int) string
	want  Truth
}{
	{"or-chain/true", []int{500, 1000, 2000, 4000}, orChain, True},
	{"or-chain/false", []int{500, 1000, 2000, 4000}, orChain, False},
	{"and-chain/false", []int{500, 1000, 2000, 4000}, func(n int) string { return strings.ReplaceAll(orChain(n), " or ", " and ") }, False},
	{"one-fact-eq", []int{250, 500, 1000, 2000}, oneFactEq, True},
	{"one-fact-ladder", []int{250, 500, 1000, 2000}, oneFactLadder, False},
	{"one-fact-random", []int{250, 500, 1000, 2000}, oneFactRandom, True},
}

func oneFactEq(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("x == %d", i)
	}
	return strings.Join(parts, " or ")
}

func oneFactLadder(n int) string {
	var parts []string
	for i := range n / 2 {
		parts = append(parts, fmt.Sprintf("(x >= %d and x < %d)", 10*i, 10*i+5))
	}
	return strings.Join(parts, " or ")
}

func oneFactRandom(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString([]string{" and ", " or "}[r.IntN(2)])
		}
		fmt.Fprintf(&b, "troops.count %s %d", []string{"<", ">", "<=", ">=", "==", "!="}[r.IntN(6)], r.IntN(1000))
	}
	return b.String()
}

func BenchmarkScaleTakes(b *testing.B) {
	for _, series := range takesScaleSeries {
		for _, n := range series.sizes {
			b.Run(fmt.Sprintf("%s/n=%d", series.name, n), func(b *testing.B) {
				e := MustParse(series.src(n))
				if _, err := Takes(e, nil, series.want); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if _, err := Takes(e, nil, series.want); err != nil {
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
