package conditions_test

import (
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// spineChain joins n operands, operand(i) for the i-th, with the
// operators ops in turn: a left-leaning chain as deep as it is long.
func spineChain(n int, ops []string, operand func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(" " + ops[(i-1)%len(ops)] + " ")
		}
		b.WriteString(operand(i))
	}
	return b.String()
}

// TestCompileLongChains checks that the compiled program of a long
// arithmetic chain, which the compiler walks along its left spine in
// loops, agrees with every other evaluation path: values, and the error
// and its position when an operation fails.
func TestCompileLongChains(t *testing.T) {
	const n = 1500
	cycle := func(xs ...string) func(int) string { return func(i int) string { return xs[i%len(xs)] } }
	cases := []struct {
		name, reason, src string
		divErr            bool // some of the fact sets make a division fail
	}{
		{"sums of facts and products", "the spine mixes facts, constants and right operands that need registers of their own",
			spineChain(n, []string{"+", "-"}, cycle("n0", "2", "n1 * 3", "1.5", "-n.x.y")) + " > 0", false},
		{"constants below a fact", "the innermost operations fold to one constant before the first fact is met",
			spineChain(n, []string{"+"}, func(i int) string {
				if i == n/2 {
					return "n0"
				}
				return "1"
			}) + " >= n1", false},
		{"constants only", "the whole chain folds to a constant and the comparison with it",
			spineChain(n, []string{"+", "*", "-"}, cycle("1", "0.5")) + " < 1e9 or b0", false},
		{"a failing division deep down", "the error is the one of the innermost division, at its operator",
			"n0 / (n1 - n1) " + spineChain(n, []string{"+"}, cycle("n0"))[len("n0"):] + " > 0", true},
		{"divisions by a constant", "a division by a nonzero constant cannot fail and one by zero always does",
			spineChain(n, []string{"/", "*", "/"}, cycle("n0", "2", "1", "3")) + " != 0 and (n1 / 0 > 1 or b1)", true},
		{"moves of a date fact", "date ± period at every level, folded into one shift per level",
			spineChain(n, []string{"+", "-", "+"}, func(i int) string {
				if i == 0 {
					return "d0"
				}
				return []string{"1m", "2d", "1y", "3w"}[i%4]
			}) + " < d1", false},
		{"moves of a date constant", "every move folds: the comparison is of a fact with a constant",
			spineChain(n, []string{"+"}, func(i int) string {
				if i == 0 {
					return "@2020-01-31"
				}
				return "1m"
			}) + " >= atleast.d", false},
		{"a date difference below numbers", "the innermost operation is dated, the ones above it are numbers",
			"d0 + 1m - d1 " + spineChain(n, []string{"+", "*"}, cycle("n0", "2"))[len("n0"):] + " > or_n", false},
	}
	schema := orcSchema(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := conditions.Parse(c.src)
			require.NoError(t, err, c.reason)
			_, err = conditions.Compile(e, schema)
			require.NoError(t, err, c.reason)
			divErrs := 0
			for seed := range uint64(6) {
				g := &orcGen{r: rand.New(rand.NewPCG(seed, 11))}
				facts := g.facts(0)
				paths := evalPaths(t, schema, e, facts)
				ref := paths["tree"]
				if ref.code == conditions.CodeDivByZero {
					divErrs++
				}
				for name, got := range paths {
					want := ref
					if name == "Residual" {
						want.off, got.off = 0, 0
					}
					require.Equal(t, want, got, "%s disagrees with the tree evaluator (%s); facts %#v", name, c.reason, facts)
				}
			}
			require.Equal(t, c.divErr, divErrs > 0, "whether a division fails for some of the facts")
		})
	}
}

// TestCompileChainStack checks that compiling chains at the length limit
// of the language needs little goroutine stack: the compiler recurses
// only into right operands, not down a chain's left spine. (Were it to
// recurse, at 700 bytes a level it would need megabytes, and the test
// binary would stop with "goroutine stack exceeds 524288-byte limit".)
func TestCompileChainStack(t *testing.T) {
	date := func(i int) string {
		if i == 0 {
			return "d0"
		}
		return []string{"1m", "2d", "1y"}[i%3]
	}
	cases := []struct{ name, src string }{
		{"numbers", spineChain(12000, []string{"+", "-", "*", "/"}, func(i int) string { return []string{"n0", "2", "n1"}[i%3] }) + " > 0"},
		{"two chains compared", spineChain(6000, []string{"+"}, func(int) string { return "n0" }) + " < " + spineChain(6000, []string{"-"}, func(int) string { return "n1" })},
		{"constants", spineChain(16000, []string{"+"}, func(int) string { return "1" }) + " > n0"},
		{"date moves", spineChain(12000, []string{"+", "-"}, date) + " > d1"},
	}
	schema := orcSchema(t)
	for _, c := range cases {
		e, err := conditions.Parse(c.src)
		require.NoError(t, err, c.name)
		require.NoError(t, conditions.Check(e, schema), c.name)
		old := debug.SetMaxStack(512 << 10)
		_, err = conditions.Compile(e, schema)
		debug.SetMaxStack(old)
		require.NoError(t, err, c.name)
	}
}
