package conditions

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// TestFillStatic checks that parsing caches the static type of each
// arithmetic operation, and that it is the type computed without the cache.
func TestFillStatic(t *testing.T) {
	for _, tt := range []struct {
		src    string
		want   Type
		reason string
	}{
		{"x + y * 2 > 1", Number, "number arithmetic"},
		{"signed + 30d + 1m <= asof", Date, "a date plus periods is a date, through the chain"},
		{"(asof - signed) > 30", Number, "date minus date is the number of days"},
	} {
		e, err := Parse(tt.src)
		require.NoError(t, err, tt.src)
		cmpNode := ast.Untag(e.root).(*ast.Compare)
		a, ok := ast.Untag(cmpNode.L).(*ast.Arith)
		require.True(t, ok, tt.src)
		require.Equal(t, uint8(tt.want)+1, a.Static, "%s: %s", tt.src, tt.reason)
		ast.Inspect(e.root, func(n ast.Node) bool {
			if x, ok := n.(*ast.Arith); ok {
				require.NotZero(t, x.Static, "every operation is cached: %s", tt.src)
				uncached := *x
				uncached.Static = 0
				require.Equal(t, arithStatic(&uncached), Type(x.Static-1), "cache agrees: %s", tt.src)
			}
			return true
		})
	}
}
