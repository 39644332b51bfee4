package conditions_test

import (
	"strings"
	"testing"

	"github.com/treatycond/treatycond/conditions"
)

// chainSource returns "x + x + ... + x > 0" (op "+") of n operands, or
// the same with "/" and "*", a left-leaning chain as deep as it is long.
func chainSource(op string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" " + op + " ")
		}
		b.WriteString("x")
	}
	b.WriteString(" > 0")
	return b.String()
}

// chainSizes are the sizes of the chains of BenchmarkChain: the largest
// is about 64 KiB of source, the limit of the language.
var chainSizes = []int{2000, 4000, 8000, 16000}

// BenchmarkChain measures every entry point on arithmetic chains of
// growing length; cost per operation must grow linearly: the exponent
// fitted on the three largest sizes, with
//
//	go test -run '^$' -bench BenchmarkChain -benchmem -count 3 ./conditions | go run ./internal/scalefit
//
// is at most 1.2 for every series. Besides ns/op it reports CPU time
// (cpu-ns/op), which a busy machine disturbs less.
func BenchmarkChain(b *testing.B) {
	for _, op := range []string{"+", "/"} {
		for _, n := range chainSizes {
			src := chainSource(op, n)
			e, err := conditions.Parse(src)
			if err != nil {
				b.Fatal(err)
			}
			s, err := conditions.NewSchema(conditions.Field{Name: "x", Type: conditions.Number})
			if err != nil {
				b.Fatal(err)
			}
			facts := conditions.Facts{"x": 2}
			name := func(what string) string {
				return what + "/" + map[string]string{"+": "add", "/": "div"}[op] + "/n=" + itoa(n)
			}
			b.Run(name("Parse"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					if _, err := conditions.Parse(src); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("Eval"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					// A new Expr each time: the per-Expr caches must not hide the cost.
					e, _ := conditions.Parse(src)
					if _, err := conditions.Eval(e, facts); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("Residual"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					conditions.Residual(e, facts)
				}
			})
			b.Run(name("Compile"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					p, err := conditions.Compile(e, s)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := p.EvalFacts(facts); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("String"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					_ = e.String()
				}
			})
		}
	}
}

// measure reports allocations, and returns a function that reports the
// CPU time per operation since it was called.
func measure(b *testing.B) func() {
	b.ReportAllocs()
	start, ok := conditions.CPUTime()
	return func() {
		if end, ok2 := conditions.CPUTime(); ok && ok2 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
