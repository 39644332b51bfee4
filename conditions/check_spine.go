package conditions

import "github.com/treatycond/treatycond/conditions/internal/ast"

// Arithmetic is left associative, so a chain x + x + ... + x is a tree
// that leans left as deep as the chain is long (about 16,000 levels
// within the limit of 64 KiB). The checker walks the left spine of such
// a chain in a loop and recurses only into right operands, which nest at
// most as deeply as parentheses may: a recursion as deep as the chain
// grows the goroutine stack to megabytes, and made the time per node
// grow with the chain's length.

// collectArith gathers the constraints of the arithmetic n for
// inference, in source order, as collecting its left operand and then
// its right operand would (see arithWantsOf).
func (c *checker) collectArith(n *ast.Arith) {
	base := len(c.pending)
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
	spine := append(buf[:0], n)
	for {
		l, ok := spine[len(spine)-1].L.(*ast.Arith)
		if !ok {
			break
		}
		spine = append(spine, l)
	}
	t := c.check(spine[len(spine)-1].L)
	for i := len(spine) - 1; i >= 0; i-- {
		a := spine[i]
		t = c.arithOf(a, t, c.check(a.R))
	}
	return t
}
