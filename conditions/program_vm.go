package conditions

import (
	"math"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// run executes p over the slots of v, with v's registers, and returns the
// lanes of register 0 and the index in p.divs of the failed division to
// report, or -1. The registers hold garbage from earlier runs: the
// compiler sees to it that every register is written before it is read.
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
//
// run serves [Program.EvalBatch], and [Program.Eval] for the programs
// that have no normal form (see nfProg).
func (p *Program) run(v *Values) (r tf, div int) {
	div = -1
	code := p.code
	for i := range code {
		in := &code[i]
		switch in.op {
		case opConst:
			v.put(in, tf{in.x, ^in.x})
		case opFact:
			t, f := laneFact(v.cells, in.a)
			v.put(in, tf{t, f})
		case opAndFacts:
			t, f := ^uint64(0), uint64(0)
			for _, e := range p.lists[in.a:in.b] {
				ct, cf := laneFact(v.cells, e)
				t &= ct
				f |= cf
			}
			v.put(in, tf{t, f})
		case opOrFacts:
			t, f := uint64(0), ^uint64(0)
			for _, e := range p.lists[in.a:in.b] {
				ct, cf := laneFact(v.cells, e)
				t |= ct
				f &= cf
			}
			v.put(in, tf{t, f})
		case opCNF, opDNF:
			v.put(in, p.clauseLanes(v, in))
		case opComb:
			v.put(in, negLanes(v.regB[in.a], in.neg))
		case opEqBool:
			x, y := v.regB[in.a], v.regB[in.b]
			v.put(in, negLanes(tf{x.t&y.t | x.f&y.f, x.t&y.f | x.f&y.t}, in.neg))
		case opClear:
			clear(v.regB[in.dst : in.dst+int32(in.c)])
		case opCntFacts:
			cnt := v.regB[in.dst : in.dst+int32(in.c)]
			for _, e := range p.lists[in.a:in.b] {
				ct, cf := laneFact(v.cells, e)
				countLanes(cnt, ct, ^cf)
			}
		case opCnt:
			s := v.regB[in.a]
			countLanes(v.regB[in.dst:in.dst+int32(in.c)], s.t, ^s.f)
		case opAtLeast:
			t, nf := atLeastLanes(v.regB[in.a:in.a+int32(in.c)], in.x)
			v.put(in, negLanes(tf{t, ^nf}, in.neg))
		case opCmpNumFC:
			c := &v.cells[in.a]
			v.put(in, cmpLanes(c.st == stKnown, sem.Holds(in.c, sem.OrderNum(math.Float64frombits(c.x), math.Float64frombits(in.x)))))
		case opCmpNum:
			x, xk := v.num(p, in.ma, in.a)
			y, yk := v.num(p, in.mb, in.b)
			v.put(in, cmpLanes(xk && yk, sem.Holds(in.c, sem.OrderNum(x, y))))
		case opCmpStrFC:
			v.put(in, cmpLanes(v.cells[in.a].st == stKnown, sem.Holds(in.c, sem.OrderStr(v.strs[in.a], p.strs[in.b]))))
		case opCmpStrFF:
			ok := v.cells[in.a].st == stKnown && v.cells[in.b].st == stKnown
			v.put(in, cmpLanes(ok, sem.Holds(in.c, sem.OrderStr(v.strs[in.a], v.strs[in.b]))))
		case opArith:
			if d := v.arith(p, in); d >= 0 && (div < 0 || sortsBefore(p.divs[d].rng, p.divs[div].rng)) {
				div = d
			}
		case opNeg:
			x, xk := v.num(p, in.ma, in.a)
			v.regN[in.dst] = nv{-x, xk}
		case opShift:
			v.shift(p, in)
		}
	}
	return v.regB[0], div
}

// arith runs an opArith instruction of p. It returns the index in p.divs
// of the division if it failed, or -1.
func (v *Values) arith(p *Program, in *instr) int {
	x, xk := v.num(p, in.ma, in.a)
	y, yk := v.num(p, in.mb, in.b)
	if ast.Op(in.c) == ast.OpDiv && yk && y == 0 { // whether or not x is known
		v.regN[in.dst] = nv{}
		return int(in.x)
	}
	v.regN[in.dst] = nv{sem.Arith(ast.Op(in.c), x, y), xk && yk}
	return -1
}

// clauseLanes computes an opCNF or opDNF instruction, lane by lane.
func (p *Program) clauseLanes(v *Values, in *instr) tf {
	cl := p.clauses[in.a : in.a+1+in.b]
	if in.op == opCNF {
		r := andLanes(v.cells, p.lists[cl[0].lo:cl[0].hi])
		for _, c := range cl[1:] {
			x := orLanes(v.cells, p.lists[c.lo:c.hi])
			r.t, r.f = r.t&x.t, r.f|x.f
		}
		return r
	}
	r := orLanes(v.cells, p.lists[cl[0].lo:cl[0].hi])
	for _, c := range cl[1:] {
		x := andLanes(v.cells, p.lists[c.lo:c.hi])
		r.t, r.f = r.t|x.t, r.f&x.f
	}
	return r
}

// andLanes returns the and of the facts of list, lane by lane.
func andLanes(cells []cell, list []int32) tf {
	t, f := ^uint64(0), uint64(0)
	for _, e := range list {
		ct, cf := laneFact(cells, e)
		t &= ct
		f |= cf
	}
	return tf{t, f}
}

// orLanes returns the or of the facts of list, lane by lane.
func orLanes(cells []cell, list []int32) tf {
	t, f := uint64(0), ^uint64(0)
	for _, e := range list {
		ct, cf := laneFact(cells, e)
		t |= ct
		f &= cf
	}
	return tf{t, f}
}

// put combines the boolean r into register in.dst as in.acc says.
func (v *Values) put(in *instr, r tf) {
	d := &v.regB[in.dst]
	switch in.acc {
	case accSet:
		*d = r
	case accAnd:
		d.t &= r.t
		d.f |= r.f
	default:
		d.t |= r.t
		d.f &= r.f
	}
}

// negLanes returns r, negated if neg is 1.
func negLanes(r tf, neg uint8) tf {
	x := (r.t ^ r.f) & -uint64(neg&1)
	return tf{r.t ^ x, r.f ^ x}
}

// laneFact returns the lanes of the bool slot that factRef e refers to,
// negated if it says so.
func laneFact(cells []cell, e int32) (t, f uint64) {
	c := &cells[e>>1]
	n := e & 1
	return c.v[n], c.v[n^1]
}

// cmpLanes returns the boolean of a comparison that yields holds when its
// operands are known (ok), in every lane.
func cmpLanes(ok, holds bool) tf {
	k, h := laneMask(ok), laneMask(holds)
	return tf{k & h, k &^ h}
}

// num reads the number operand of p of mode md and index i.
func (v *Values) num(p *Program, md uint8, i int32) (float64, bool) {
	switch md {
	case modeReg:
		r := v.regN[i]
		return r.v, r.k
	case modeFact:
		c := &v.cells[i]
		return math.Float64frombits(c.x), c.st == stKnown
	}
	return p.nums[i], true
}

// countLanes adds, lane by lane, the bits of mt to the bit-sliced counter
// in the t lanes of cnt and the bits of mf to the one in the f lanes. The
// counters are wide enough never to overflow.
func countLanes(cnt []tf, mt, mf uint64) {
	for j := range cnt {
		c := &cnt[j]
		c.t, mt = c.t^mt, c.t&mt
		c.f, mf = c.f^mf, c.f&mf
		if mt|mf == 0 {
			return
		}
	}
}

// atLeastLanes returns the lanes where the t counter of cnt is at least k
// and the lanes where the f counter is.
func atLeastLanes(cnt []tf, k uint64) (t, f uint64) {
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
