package conditions

import "github.com/treatycond/treatycond/conditions/internal/sem"

// Most conditions are a conjunction (or a disjunction) of facts, negated
// facts, small clauses of facts and comparisons: the scalar code of such a
// condition is one run (see [Program.scalarCode]) into register 0. For
// those, [Program.Eval] runs a flat evaluation rather than the scalar
// machine: the facts and their clauses in a few mask tests, the
// comparisons that cannot fail in two loops, and only the rest of the run
// (arithmetic that may fail, nested logic, strings, and so on) on the
// machine.

// flatProg is the flat form of a program whose scalar code is one run into
// register 0: the and (or false) or the or (or true) of
//
//   - the units, facts of word w of the bitsets, read plainly if in pos
//     and negated if in neg;
//   - the clauses, the or (in an and; the and in an or) of the facts of
//     each: those of two facts in adjacent slots as the bits of their
//     lower slots, adj; the others in big, as masks;
//   - the comparisons items and exprs;
//   - the value the scalar code rest puts into register 0, if rest is not
//     empty.
//
// As in cnfMasks, no fact is both in pos and in neg.
type flatProg struct {
	ok       bool
	or       bool
	w, wf    int32 // the word of the facts in Values.sc, in bitset bt and in bf
	pos, neg uint64
	units    uint64
	clauses  []uint64 // all the clauses, as masks, while flatten builds fl
	adj      uint64
	big      []uint64
	items    []cmpItem
	exprs    []exprItem
	kw       int32 // the word of the slots of the items and exprs, or -1 (see knownMask)
	kmask    uint64
	cmps     bool // whether there are items or exprs
	rest     []sinstr
}

// splitClauses sets fl.adj and fl.big from fl.clauses. A clause of two
// facts in adjacent slots a and a+1 holds (in an and) when bit a of
// L | L>>1 is set, with L the literals that hold (see cnfMasks); so all
// such clauses take one test.
func (fl *flatProg) splitClauses() {
	for _, c := range fl.clauses {
		if low := c & -c; c == low|low<<1 && low != 1<<63 {
			fl.adj |= low
		} else {
			fl.big = append(fl.big, c)
		}
	}
	fl.clauses = nil
}

// maxDistributed bounds the number of clauses distributing one
// instruction into the flat form may make.
const maxDistributed = 8

// flatten sets p.flat from p.fast, if p.fast is one run into register 0.
func (p *Program) flatten() {
	fl := flatProg{w: -1}
	var acc uint8 // the run's accumulation mode, once known
	seen := false // whether an instruction has yielded a boolean
	for _, s := range p.fast {
		switch {
		case s.op == sArith || s.op == sNeg:
			continue
		case !producesBool(s.op) || s.dst != 0:
			return
		case !seen:
			if s.acc != accSet {
				return
			}
			seen = true
		case s.acc == accSet || acc != 0 && s.acc != acc:
			return
		default:
			acc = s.acc
		}
	}
	fl.or = acc == accOr
	if acc == 0 {
		// One boolean: the operator of its own list, if it has one, so
		// that it goes to the units or the items.
		for _, s := range p.fast {
			switch s.op {
			case sOr1, sDNF1, sCmpsOr, sExprsOr:
				fl.or = true
			}
		}
	}
	var rest []sinstr
	for _, s := range p.fast {
		if producesBool(s.op) && fl.merge(p, &s) {
			continue
		}
		s.acc = accAnd
		if fl.or {
			s.acc = accOr
		}
		rest = append(rest, s)
	}
	if len(rest) == len(p.fast) {
		return // nothing to gain
	}
	fl.ok, fl.rest = true, rest
	var slots []int32
	for _, it := range fl.items {
		slots = append(slots, it.slot)
	}
	for _, it := range fl.exprs {
		for _, s := range [...]int32{it.l.xs, it.l.ys, it.r.xs, it.r.ys} {
			if s >= 0 {
				slots = append(slots, s)
			}
		}
	}
	fl.kw, fl.kmask = knownMask(slots)
	fl.cmps = len(fl.items)+len(fl.exprs) > 0
	fl.splitClauses()
	if fl.w < 0 {
		fl.w = 0 // no facts: the masks are all zero
	}
	nw, _, _ := scLayout(p.schema.Len())
	fl.wf = int32(nw) + fl.w
	p.flat = fl
	p.flatOnly = len(fl.rest) == 0
}

// merge adds the value of s to fl, if it can, and reports whether it did.
func (fl *flatProg) merge(p *Program, s *sinstr) bool {
	switch s.op {
	case sCmpsAnd, sCmpsOr:
		if (s.op == sCmpsOr) != fl.or && s.b-s.a > 1 {
			return false
		}
		fl.items = append(fl.items, p.items[s.a:s.b]...)
		return true
	case sExprsAnd, sExprsOr:
		if (s.op == sExprsOr) != fl.or && s.b-s.a > 1 {
			return false
		}
		fl.exprs = append(fl.exprs, p.exprs[s.a:s.b]...)
		return true
	case sAnd1, sOr1:
		// One list of facts: units if its operator is the run's, else a
		// clause.
		if !fl.facts(s.a, s.x, s.y) {
			return false
		}
		if (s.op == sOr1) == fl.or {
			fl.units |= s.x | s.y
		} else {
			fl.clauses = append(fl.clauses, s.x|s.y)
		}
		return true
	case sCNF1, sDNF1:
		m := p.smasks[s.b : s.b+3+int32(s.x)]
		if !fl.facts(s.a, m[0], m[1]) {
			return false
		}
		if (s.op == sDNF1) == fl.or {
			fl.units |= m[2]
			fl.clauses = append(fl.clauses, m[3:]...)
			return true
		}
		// An and of units and or-clauses in an or (or the dual):
		// distributed, it is the or of the and-clauses made of the units
		// and one fact of each clause.
		n := 1
		for _, c := range m[3:] {
			n *= onesCount(c)
			if n > maxDistributed {
				return false
			}
		}
		terms := []uint64{m[2]}
		for _, c := range m[3:] {
			var next []uint64
			for _, t := range terms {
				for b := c; b != 0; b &= b - 1 {
					next = append(next, t|b&-b)
				}
			}
			terms = next
		}
		fl.clauses = append(fl.clauses, terms...)
		return true
	}
	return false
}

// facts records that the run reads the facts of word w plainly in pos and
// negated in neg, and reports whether it can: all facts must be in one
// word, and none read both ways.
func (fl *flatProg) facts(w int32, pos, neg uint64) bool {
	if pos|neg == 0 {
		return true
	}
	if fl.w >= 0 && w != fl.w || (fl.pos|pos)&(fl.neg|neg) != 0 {
		return false
	}
	fl.w = w
	fl.pos |= pos
	fl.neg |= neg
	return true
}

func onesCount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// evalFlat evaluates p.flat over v, as [Program.runScalar] evaluates
// p.fast.
func (p *Program) evalFlat(v *Values) (r tf, div int) {
	t, f := p.flatValue(v)
	if len(p.flat.rest) == 0 {
		return tf{t, f}, -1
	}
	// The rest accumulates into register 0, which starts as the value
	// so far.
	v.regB[0] = tf{t, f}
	return p.runScalar(v, p.flat.rest)
}

// flatValue returns the value of p.flat over v but for the rest. The and
// of facts and comparisons that are all known, the case it is made for,
// runs here; the others in functions of their own, so that this one keeps
// its values in registers.
func (p *Program) flatValue(v *Values) (t, f uint64) {
	fl := &p.flat
	if fl.or {
		return p.flatOr(v)
	}
	sc := v.sc
	bT, bF := sc[fl.w], sc[fl.wf]
	lt, nlf := bT&fl.pos|bF&fl.neg, ^(bF&fl.pos | bT&fl.neg) // the literals that hold, that do not fail
	// The units hold when none is missing and fail when one fails; a
	// clause holds when one of its literals holds and fails when all do.
	// The and is true when nothing is missing and false when something
	// fails: miss and fail gather the bits of both, and are tested once.
	miss, fail := fl.units&^lt, fl.units&^nlf
	if fl.adj != 0 {
		miss |= fl.adj &^ (lt | lt>>1)
		fail |= fl.adj &^ (nlf | nlf>>1)
	}
	for _, c := range fl.big {
		miss |= b2u64(c&lt == 0)
		fail |= b2u64(c&nlf == 0)
	}
	t, f = b2u64(miss == 0), b2u64(fail != 0)
	if !fl.cmps {
		return t, f
	}
	if fl.kw < 0 || sc[fl.kw]&fl.kmask != fl.kmask {
		return fl.unknownCmps(sc, t, f)
	}
	// Every comparison is true or false: their and is false if it is not
	// true.
	h := uint64(1)
	for i := range fl.items {
		it := &fl.items[i]
		h &= b2u64(sc[it.ki]-it.lo <= it.span)
	}
	for i := range fl.exprs {
		// exprItem.holds, inlined.
		it := &fl.exprs[i]
		x := numValue(sc, it.l.xs, it.l.xi, it.l.xk)
		if it.l.op != 0 {
			x = sem.Arith(it.l.op, x, numValue(sc, it.l.ys, it.l.yi, it.l.yk))
		}
		y := numValue(sc, it.r.xs, it.r.xi, it.r.xk)
		if it.r.op != 0 {
			y = sem.Arith(it.r.op, y, numValue(sc, it.r.ys, it.r.yi, it.r.yk))
		}
		h &= b2u64(relHolds(it.rel, x, y) != (it.inv != 0))
	}
	return t & h, f | (h ^ 1)
}

// unknownCmps adds to the and t, f the comparisons of fl, some of whose
// operands may be unknown.
func (fl *flatProg) unknownCmps(sc []uint64, t, f uint64) (uint64, uint64) {
	ct, cf := cmpsAnd(sc, fl.items, false)
	t &= ct
	f |= cf
	for i := range fl.exprs {
		k, h := fl.exprs[i].test(sc)
		t &= k & h
		f |= k &^ h
	}
	return t, f
}

// flatOr is flatValue for an or.
func (p *Program) flatOr(v *Values) (t, f uint64) {
	fl := &p.flat
	sc := v.sc
	bT, bF := sc[fl.w], sc[fl.wf]
	lt, nlf := bT&fl.pos|bF&fl.neg, ^(bF&fl.pos | bT&fl.neg)
	known := fl.kw >= 0 && v.bt[fl.kw]&fl.kmask == fl.kmask
	t, f = b2u64(fl.units&lt != 0), b2u64(fl.units&nlf == 0)
	y, z := lt&(lt>>1), nlf&(nlf>>1)
	t |= b2u64(y&fl.adj != 0)
	f &= b2u64(z&fl.adj == 0)
	for _, c := range fl.big {
		t |= b2u64(c&^lt == 0)
		f &= b2u64(c&nlf != c)
	}
	ct, cf := cmpsOr(sc, fl.items, known)
	t |= ct
	f &= cf
	for i := range fl.exprs {
		k, h := fl.exprs[i].test(sc)
		t |= k & h
		f &= k &^ h
	}
	return t, f
}
