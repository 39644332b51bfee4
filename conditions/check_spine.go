package conditions

import (
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// The checker walks the left spines of arithmetic chains in loops and
// recurses only into right operands (see ast.Spine).

// collectArith gathers the constraints of the arithmetic n for
// inference, in source order, as collecting its left operand and then
// its right operand would (see arithWantsOf).
func (c *checker) collectArith(n *ast.Arith) {
	base := len(c.pending)
	c.pending = slices.Grow(c.pending, ast.SpineLen(n, nil))
	for a := n; ; {
		lw, rw, done := c.arithWantsOf(a)
		if done {
			break
		}
		c.pending = append(c.pending, pendingCollect{a.R, rw})
		l, ok := a.L.(*ast.Arith)
		if !ok {
			c.collect(a.L, lw)
			break
		}
		a = l // its want is the one collect ignores for arithmetic
	}
	for i := len(c.pending) - 1; i >= base; i-- {
		p := c.pending[i]
		c.collect(p.n, p.want)
	}
	c.pending = c.pending[:base]
}

// pendingCollect is a right operand of arithmetic left to collect, with
// the type wanted of it.
type pendingCollect struct {
	n    ast.Node
	want Type
}

// arith checks the arithmetic n and returns its type (see arithOf).
func (c *checker) arith(n *ast.Arith) Type {
	var buf [16]*ast.Arith
	spine := ast.Spine(buf[:0], n, nil)
	t := c.check(spine[len(spine)-1].L)
	for i := len(spine) - 1; i >= 0; i-- {
		a := spine[i]
		t = c.arithOf(a, t, c.check(a.R))
	}
	return t
}
