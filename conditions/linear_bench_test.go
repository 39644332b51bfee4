package conditions_test

import (
	"strings"
	"testing"

	"github.com/treatycond/treatycond/conditions"
)

// A chainShape is one shape of long condition of BenchmarkChain: a chain
// of one binary operator as deep (for arithmetic, which is left-leaning)
// or as wide (for and/or, which are flattened) as it is long.
type chainShape struct {
	name  string
	sizes []int
	// src returns the condition of n operands, all the fact x (or the
	// boolean fact b, true, for and, and d, false, for or), except the first, which is the fact y when
	// unknown is set: the chain then keeps an unknown operand at its
	// deepest point, and Residual has to rebuild every level above it.
	src func(n int, unknown bool) string
}

// chainOf joins n operands with op; the first is y when unknown is set,
// the others are x.
func chainOf(op, x string, n int, unknown bool) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" " + op + " ")
		}
		if i == 0 && unknown {
			b.WriteString("y")
		} else {
			b.WriteString(x)
		}
	}
	return b.String()
}

var chainShapes = []chainShape{
	{"add", chainSizes, func(n int, u bool) string { return chainOf("+", "x", n, u) + " > 0" }},
	{"sub", chainSizes, func(n int, u bool) string { return chainOf("-", "x", n, u) + " < 0" }},
	{"mul", chainSizes, func(n int, u bool) string { return chainOf("*", "x", n, u) + " > 0" }},
	{"div", chainSizes, func(n int, u bool) string { return chainOf("/", "x", n, u) + " > 0" }},
	// Two chains of n/2 operands compared.
	{"cmp", chainSizes, func(n int, u bool) string {
		return chainOf("+", "x", n/2, u) + " >= " + chainOf("+", "x", n/2, false)
	}},
	{"and", logicSizes, func(n int, u bool) string { return strings.ReplaceAll(chainOf("and", "b", n, u), "y", "c") }},
	{"or", logicSizes, func(n int, u bool) string { return strings.ReplaceAll(chainOf("or", "d", n, u), "y", "c") }},
}

// chainSizes are the sizes of the chains of BenchmarkChain: the largest
// is about 64 KiB of source, the limit of the language.
var chainSizes = []int{2000, 4000, 8000, 16000}

// logicSizes are those of the and/or chains, whose operands take more
// text.
var logicSizes = []int{1250, 2500, 5000, 10000}

// BenchmarkChain measures every entry point that walks a condition on
// chains of growing length; cost per operation must grow linearly: the
// exponent fitted on the three largest sizes, with
//
//	go test -run '^$' -bench BenchmarkChain -benchmem -benchtime 10x -count 3 ./conditions | go run ./internal/scalefit
//
// is at most 1.2 for every series. Besides ns/op it reports CPU time
// (cpu-ns/op), which a busy machine disturbs less.
//
// The walkers: Parse; Eval (of a fresh parse, so that caches kept with
// an Expr do not hide the cost); Residual with every fact known, and with
// the deepest operand unknown (Residual-part, which rebuilds the chain);
// Takes with the deepest operand unknown; Check with a schema; Compile
// and one evaluation of the program; String.
func BenchmarkChain(b *testing.B) {
	s, err := conditions.NewSchema(
		conditions.Field{Name: "x", Type: conditions.Number},
		conditions.Field{Name: "y", Type: conditions.Number},
		conditions.Field{Name: "b", Type: conditions.Bool},
		conditions.Field{Name: "c", Type: conditions.Bool},
		conditions.Field{Name: "d", Type: conditions.Bool},
	)
	if err != nil {
		b.Fatal(err)
	}
	known := conditions.Facts{"x": 2, "y": 3, "b": true, "c": true, "d": false}
	part := conditions.Facts{"x": 2, "b": true, "d": false}
	for _, shape := range chainShapes {
		for _, n := range shape.sizes {
			src := shape.src(n, false)
			e, err := conditions.Parse(src)
			if err != nil {
				b.Fatal(err)
			}
			eu, err := conditions.Parse(shape.src(n, true))
			if err != nil {
				b.Fatal(err)
			}
			name := func(what string) string { return what + "/" + shape.name + "/n=" + itoa(n) }
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
					if _, err := conditions.Eval(e, known); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("Residual"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					conditions.Residual(e, known)
				}
			})
			b.Run(name("Residual-part"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					conditions.Residual(eu, part)
				}
			})
			b.Run(name("Takes"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					if _, err := conditions.Takes(eu, part, conditions.True); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("Check"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					if err := conditions.Check(e, s); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name("Compile"), func(b *testing.B) {
				defer measure(b)()
				for b.Loop() {
					p, err := conditions.Compile(e, s)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := p.EvalFacts(known); err != nil {
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
