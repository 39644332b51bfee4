package conditions

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// TestResidualLongChains checks Residual on arithmetic chains as long as
// the language allows, which it walks as loops over their left spines
// rather than by recursion: the residual is what folding each decided
// operand gives, and it evaluates as the condition does.
func TestResidualLongChains(t *testing.T) {
	const n = 9000 // "x + " is 4 bytes: about 36 KiB
	chainN := func(n int, op, first, rest string) string {
		return first + strings.Repeat(" "+op+" "+rest, n-1)
	}
	chain := func(op, first, rest string) string { return chainN(n, op, first, rest) }
	tests := []struct {
		name   string
		src    string
		facts  Facts
		want   string // the residual's text
		reason string
	}{
		{
			name: "unknown innermost", src: chain("+", "y", "x") + " > 0",
			facts: Facts{"x": 2}, want: chain("+", "y", "2") + " > 0",
			reason: "the innermost operand is unknown, so every level is rebuilt over the folded right operands",
		},
		{
			name: "unknown outermost", src: chain("-", "x", "x") + " - y < 0",
			facts: Facts{"x": 1}, want: "-8998 - y < 0",
			reason: "the whole spine below the unknown operand folds into one number",
		},
		{
			name: "unknown in the middle", src: chain("*", "x", "x") + " * y * x > 0",
			facts: Facts{"x": 1}, want: "1 * y * 1 > 0",
			reason: "the operations above the unknown operand keep their folded right operands",
		},
		{
			name: "all known", src: chain("/", "x", "x") + " == 0",
			facts: Facts{"x": 2}, want: "true",
			reason: "a decided chain is a literal (2 / 2 / ... underflows to 0)",
		},
		{
			name: "nothing known", src: chainN(n/2, "+", "y", "x") + " >= " + chainN(n/2, "+", "x", "x"),
			facts: Facts{}, want: chainN(n/2, "+", "y", "x") + " >= " + chainN(n/2, "+", "x", "x"),
			reason: "an undecided chain is shared unchanged, on both sides of a comparison",
		},
		{
			name: "nested chain on the right", src: "x + (" + chainN(100, "+", "y", "x") + ") > 0",
			facts: Facts{"x": 1}, want: "1 + (y" + strings.Repeat(" + 1", 99) + ") > 0",
			reason: "a parenthesized chain as a right operand has its own spine, walked inside the outer one",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MustParse(tt.src)
			got := Residual(e, tt.facts)
			require.Equal(t, tt.want, got.String(), tt.reason)
			for _, y := range []float64{-1e9, 0, 3} {
				g := Facts{"y": y}
				for k, v := range tt.facts {
					g[k] = v
				}
				want, err := Eval(e, g)
				require.NoError(t, err)
				res, err := Eval(got, Facts{"y": y, "x": tt.facts["x"]})
				require.NoError(t, err)
				require.Equal(t, want.Value, res.Value, "y = %v: the residual evaluates as the condition does", y)
			}
		})
	}
}

// TestResidualStaticTypes checks that the arithmetic nodes a residual
// rebuilds cache their static type (ast.Arith.Static) as parsing does,
// with the type of their new operands: a date fact replaced by a date
// literal makes an operation a date.
func TestResidualStaticTypes(t *testing.T) {
	tests := []struct {
		src    string
		facts  Facts
		reason string
	}{
		{"y + x + x > 0", Facts{"x": 1}, "numbers"},
		{"signed + x + 30d > @2020-01-01", Facts{"signed": time.Date(2019, time.May, 1, 0, 0, 0, 0, time.UTC)}, "a known date fact makes the sums dates"},
		{"signed - x > 30", Facts{"x": time.Date(2019, time.May, 1, 0, 0, 0, 0, time.UTC)}, "date - date is a number"},
		{"y + (signed + 1m - 2d) * 2 > 0", Facts{"signed": time.Date(2019, time.May, 1, 0, 0, 0, 0, time.UTC)}, "an ill-typed product of a date stays for Eval to report"},
	}
	for _, tt := range tests {
		got := Residual(MustParse(tt.src), tt.facts)
		var ops int
		ast.Inspect(got.root, func(n ast.Node) bool {
			if a, ok := n.(*ast.Arith); ok {
				ops++
				require.Equal(t, uint8(arithStatic(&ast.Arith{Op: a.Op, L: a.L, R: a.R}))+1, a.Static, "%s: %s at %s (%s)", tt.src, ast.Format(a), got, tt.reason)
			}
			return true
		})
		require.NotZero(t, ops, "%s: the residual %s keeps arithmetic", tt.src, got)
	}
}

// TestTakesLongChains checks Takes on arithmetic chains far deeper than
// the nesting limit, which its fast path walks as loops over their left
// spines: the atom is the residual comparison, a chain of known facts
// decides it, and a division by zero anywhere in the chain is Eval's
// error.
func TestTakesLongChains(t *testing.T) {
	const n = 5000
	chain := func(first, op, rest string) string { return first + strings.Repeat(" "+op+" "+rest, n-1) }
	tests := []struct {
		name   string
		src    string
		facts  Facts
		want   []Assignment
		code   Code // of the error, if any
		reason string
	}{
		{
			name: "unknown innermost", src: chain("y", "+", "x") + " > 0", facts: Facts{"x": 1},
			want:   []Assignment{{chain("y", "+", "1") + " > 0": true}},
			reason: "the one atom is the comparison over the folded chain",
		},
		{
			name: "decided", src: chain("x", "-", "x") + " < 0 or y > 1", facts: Facts{"x": 1},
			want:   []Assignment{{}},
			reason: "1 - 1 - ... is negative whatever y is",
		},
		{
			name: "decided false", src: chain("x", "*", "x") + " > 1 or y > 1", facts: Facts{"x": 1},
			want:   []Assignment{{"y > 1": true}},
			reason: "1 * 1 * ... is not above 1, so only y can make it true",
		},
		{
			name: "division by zero", src: chain("y", "+", "x") + " / z + x > 0", facts: Facts{"x": 1, "z": 0},
			code:   CodeDivByZero,
			reason: "the divisor near the top of the chain is zero",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Takes(MustParse(tt.src), tt.facts, True)
			if tt.code != "" {
				var e *Error
				require.ErrorAs(t, err, &e, tt.reason)
				require.Equal(t, tt.code, e.Code, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
}
