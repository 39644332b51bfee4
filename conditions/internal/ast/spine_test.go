package ast

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// recFormat and recInspect are Format and Inspect as plain recursions
// over the tree, the definitions that the loops over left spines of
// arithmetic must agree with.
func recFormat(n Node) string {
	var b strings.Builder
	var rec func(n Node)
	paren := func(n Node, p bool) {
		if p {
			b.WriteByte('(')
			rec(n)
			b.WriteByte(')')
			return
		}
		rec(n)
	}
	rec = func(n Node) {
		switch n := n.(type) {
		case *Tagged:
			rec(n.X)
		case *Arith:
			p := Prec(n)
			paren(n.L, Prec(n.L) < p)
			b.WriteString(" " + n.Op.String() + " ")
			paren(n.R, Prec(n.R) <= p)
		case *Compare:
			paren(n.L, Prec(n.L) <= PrecCompare)
			b.WriteString(" " + n.Op.String() + " ")
			paren(n.R, Prec(n.R) <= PrecCompare)
		case *Unary:
			b.WriteString("-")
			paren(n.X, Prec(n.X) < PrecNeg)
		default:
			write(&b, n) // leaves
		}
	}
	rec(n)
	return b.String()
}

func recInspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *Tagged:
		recInspect(n.X, f)
	case *Arith:
		recInspect(n.L, f)
		recInspect(n.R, f)
	case *Compare:
		recInspect(n.L, f)
		recInspect(n.R, f)
	case *Unary:
		recInspect(n.X, f)
	}
}

// randArith returns a random arithmetic tree of about size operations,
// mostly left chains of mixed operators with right operands that are
// leaves, negations, tagged nodes or nested trees.
func randArith(r *rand.Rand, size int) Node {
	ops := []Op{OpAdd, OpSub, OpMul, OpDiv}
	leaf := func() Node {
		switch r.IntN(4) {
		case 0:
			return &Lit{Val: Number(float64(r.IntN(10)))}
		case 1:
			return &Tagged{Origin: "o", X: &Fact{Name: "y"}}
		}
		return &Fact{Name: "x"}
	}
	var x Node = leaf()
	for range size {
		var y Node = leaf()
		switch r.IntN(8) {
		case 0:
			y = randArith(r, r.IntN(4))
		case 1:
			y = &Unary{Op: OpNeg, X: randArith(r, r.IntN(3))}
		case 2:
			x = &Tagged{Origin: "t", X: x}
		}
		x = &Arith{Op: ops[r.IntN(len(ops))], L: x, R: y}
	}
	return x
}

// TestSpineWalks checks that Format and Inspect, which walk the left
// spines of arithmetic in loops, print and visit as the recursive
// definitions do: on random trees, on a chain far deeper than the
// spine buffer, and with f cutting the walk at chosen nodes.
func TestSpineWalks(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	trees := []Node{randArith(r, 3*spineBuf)}
	for range 100 {
		trees = append(trees, &Compare{Op: OpGt, L: randArith(r, r.IntN(40)), R: randArith(r, r.IntN(5))})
	}
	for _, n := range trees {
		require.Equal(t, recFormat(n), Format(n), "Format prints as the recursion does")
		for _, cut := range []int{-1, 0, 1, 5, 17} {
			// f returns false on the cut-th Arith it meets.
			visit := func(out *[]Node) func(Node) bool {
				seen := 0
				return func(m Node) bool {
					*out = append(*out, m)
					if _, ok := m.(*Arith); ok {
						seen++
						return seen-1 != cut
					}
					return true
				}
			}
			var want, got []Node
			recInspect(n, visit(&want))
			Inspect(n, visit(&got))
			if slices.Equal(want, got) {
				continue
			}
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b Node) bool { return a == b })); diff != "" {
				t.Fatalf("Inspect cut at arithmetic %d visits otherwise than the recursion (-want +got):\n%s", cut, diff)
			}
		}
	}
}
