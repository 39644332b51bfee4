package conditions

import (
	"math"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// run executes p's code over the slots of v with boolean registers b and
// number registers n. It returns the lanes of register b[0], and the index
// in p.divs of the failed division to report, or -1.
//
// Every boolean is a pair of lane masks, so the same code evaluates one
// scenario (a [Values], whose lanes are all alike) or 64 (a [Batch]).
// Kleene's logic is then plain bit arithmetic: and is (t1&t2, f1|f2), or
// is (t1|t2, f1&f2), not swaps t and f. Numbers, strings and dates are the
// same in every lane, so their comparisons yield all lanes or none.
//
// There is no short-circuit: every instruction runs, so every division by
// zero is met. A failed division yields an unknown number and evaluation
// goes on, as in [Eval]; div is the failed division whose error
// [ErrorList.Sort] puts first. Instructions run in the order in which
// Eval evaluates the operands that can fail (fact lists are hoisted, but
// reading a fact cannot fail), so ties go the same way.
func (p *Program) run(v *Values, b []tf, n []nv) (r tf, div int) {
	div = -1
	cells, strs := v.cells, v.strs
	code, lists := p.code, p.lists
	for i := range code {
		in := &code[i]
		switch in.op {
		case opConst:
			put(&b[in.dst], in.fl, tf{in.x, ^in.x})
		case opFact:
			c := &cells[in.a]
			put(&b[in.dst], in.fl, tf{c.t, c.f})
		case opAndFacts:
			t, f := ^uint64(0), uint64(0)
			for _, s := range lists[in.a:in.x] {
				c := &cells[s]
				t &= c.t
				f |= c.f
			}
			for _, s := range lists[in.x:in.b] {
				c := &cells[s]
				t &= c.f
				f |= c.t
			}
			put(&b[in.dst], in.fl, tf{t, f})
		case opOrFacts:
			t, f := uint64(0), ^uint64(0)
			for _, s := range lists[in.a:in.x] {
				c := &cells[s]
				t |= c.t
				f &= c.f
			}
			for _, s := range lists[in.x:in.b] {
				c := &cells[s]
				t |= c.f
				f &= c.t
			}
			put(&b[in.dst], in.fl, tf{t, f})
		case opComb:
			put(&b[in.dst], in.fl, b[in.a])
		case opEqBool:
			x, y := b[in.a], b[in.b]
			put(&b[in.dst], in.fl, tf{x.t&y.t | x.f&y.f, x.t&y.f | x.f&y.t})
		case opClear:
			clear(b[in.dst : in.dst+int32(in.c)])
		case opCntFacts:
			cnt := b[in.dst : in.dst+int32(in.c)]
			for _, s := range lists[in.a:in.x] {
				c := &cells[s]
				count(cnt, c.t, ^c.f)
			}
			for _, s := range lists[in.x:in.b] {
				c := &cells[s]
				count(cnt, c.f, ^c.t)
			}
		case opCnt:
			s := b[in.a]
			count(b[in.dst:in.dst+int32(in.c)], s.t, ^s.f)
		case opAtLeast:
			t, nf := atLeast(b[in.a:in.a+int32(in.c)], in.x)
			put(&b[in.dst], in.fl, tf{t, ^nf})
		case opCmpNumFC:
			c := &cells[in.a]
			put(&b[in.dst], in.fl, known(c.st == stKnown, cmpNum(ast.Op(in.c), math.Float64frombits(c.x), math.Float64frombits(in.x))))
		case opCmpNum:
			x, xk := p.num(in.ma, in.a, cells, n)
			y, yk := p.num(in.mb, in.b, cells, n)
			put(&b[in.dst], in.fl, known(xk && yk, cmpNum(ast.Op(in.c), x, y)))
		case opCmpDateFC:
			c := &cells[in.a]
			put(&b[in.dst], in.fl, known(c.st == stKnown, cmpInt(ast.Op(in.c), int64(c.x), int64(in.x))))
		case opCmpDateFF:
			c, d := &cells[in.a], &cells[in.b]
			put(&b[in.dst], in.fl, known(c.st == stKnown && d.st == stKnown, cmpInt(ast.Op(in.c), int64(c.x), int64(d.x))))
		case opCmpStrFC:
			put(&b[in.dst], in.fl, known(cells[in.a].st == stKnown, cmpStr(ast.Op(in.c), strs[in.a], p.strs[in.b])))
		case opCmpStrFF:
			put(&b[in.dst], in.fl, known(cells[in.a].st == stKnown && cells[in.b].st == stKnown, cmpStr(ast.Op(in.c), strs[in.a], strs[in.b])))
		case opArith:
			x, xk := p.num(in.ma, in.a, cells, n)
			y, yk := p.num(in.mb, in.b, cells, n)
			if ast.Op(in.c) == ast.OpDiv && yk && y == 0 { // whether or not x is known
				if div < 0 || before(p.divs[in.x].rng, p.divs[div].rng) {
					div = int(in.x)
				}
				n[in.dst] = nv{}
				break
			}
			n[in.dst] = nv{arith(ast.Op(in.c), x, y), xk && yk}
		case opNeg:
			x, xk := p.num(in.ma, in.a, cells, n)
			n[in.dst] = nv{-x, xk}
		}
	}
	return b[0], div
}

// put combines the boolean r into *d as the flags fl of an instruction
// say, without branches: r is negated under flagNeg, then *d becomes r,
// *d and r (flagAnd) or *d or r (flagOr).
func put(d *tf, fl uint8, r tf) {
	m := uint64(fl)
	x := (r.t ^ r.f) & -(m & 1) // flagNeg: swap t and f
	a, o := -(m >> 1 & 1), -(m >> 2 & 1)
	d.t, d.f = (d.t|^a)&(r.t^x)|d.t&o, (d.f|^o)&(r.f^x)|d.f&a
}

// known returns the boolean of a comparison that yields holds when its
// operands are known, in every lane.
func known(ok, holds bool) tf {
	if !ok {
		return tf{}
	}
	m := laneMask(holds)
	return tf{m, ^m}
}

// num reads the number operand of mode m and index i.
func (p *Program) num(m uint8, i int32, cells []cell, n []nv) (float64, bool) {
	switch m {
	case modeReg:
		r := n[i]
		return r.v, r.k
	case modeFact:
		c := &cells[i]
		return math.Float64frombits(c.x), c.st == stKnown
	}
	return p.nums[i], true
}

// count adds, lane by lane, the bits of mt to the bit-sliced counter in the
// t lanes of cnt and the bits of mf to the one in the f lanes. The counters
// are wide enough never to overflow.
func count(cnt []tf, mt, mf uint64) {
	for j := range cnt {
		c := &cnt[j]
		c.t, mt = c.t^mt, c.t&mt
		c.f, mf = c.f^mf, c.f&mf
		if mt|mf == 0 {
			return
		}
	}
}

// atLeast returns the lanes where the t counter of cnt is at least k and
// the lanes where the f counter is.
func atLeast(cnt []tf, k uint64) (t, f uint64) {
	if k>>len(cnt) != 0 {
		return 0, 0
	}
	// Scanning from the top bit, eq holds the lanes equal to k so far and
	// gt those already greater.
	var gtT, gtF uint64
	eqT, eqF := ^uint64(0), ^uint64(0)
	for j := len(cnt) - 1; j >= 0; j-- {
		c := cnt[j]
		if k>>j&1 == 1 {
			eqT &= c.t
			eqF &= c.f
		} else {
			gtT |= eqT & c.t
			gtF |= eqF & c.f
			eqT &^= c.t
			eqF &^= c.f
		}
	}
	return gtT | eqT, gtF | eqF
}
