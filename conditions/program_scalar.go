package conditions

import (
	"math"
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The scalar machine evaluates one scenario (lane 0) for [Program.Eval].
// Its code is translated from the lane machine's (see [Program.run]) and
// specialised for a single scenario:
//
//   - a boolean is a pair of bits (t, f), 1 or 0, rather than lane masks;
//   - bool facts are read from the bitsets bt and bf of a [Values], so
//     that an and or or of facts, or one of clauses of facts, is a few
//     mask tests;
//   - the comparisons of number and date facts with constants that
//     accumulate into the same register (a run) are one instruction, each
//     comparison a test of the fact's order key against an interval
//     worked out at compile time (cmpItem);
//   - so are, in another instruction, the comparisons of numbers that
//     cannot fail, the number operands facts, constants or one arithmetic
//     operation on them (exprItem), without the registers;
//   - the counters of atleast are plain integers;
//   - constant operands are in the instruction rather than in a pool.
//
// Only comparisons that cannot fail move (to the first of their kind in
// their run); every instruction that can fail runs in the same order as in
// the lane machine, so that both meet the same division errors in the
// same order. Most programs then have a flat form (see flatProg), which
// [Program.Eval] runs without the machine.

// sop is an opcode of the scalar machine.
type sop uint8

const (
	sCmpsAnd  sop = iota // r = and of the comparisons items[a:b] (see cmpItem); their slots are mask x of word w, if w >= 0
	sCmpsOr              // r = or of the same
	sExprsAnd            // r = and of the comparisons exprs[a:b] (see exprItem)
	sExprsOr             // r = or of the same
	sAnd1                // r = and of the facts of word a: plain x, negated y
	sOr1                 // r = or of the same
	sCNF1                // r = clauses of word a (see cnfMasks) from smasks[b:], x clauses
	sDNF1                // r = the dual, and-clauses under an or
	sCmpNum              // r = number operand (ma, a, x) <c> (mb, b, y)
	sArith               // n[dst] = number operand (ma, a, x) <c> (mb, b, y); divs[w] if c is /
	sComb                // r = b[a], negated if neg
	sConst               // r = (x, y)
	sAndN                // r = and of the fact groups masks[a:b]
	sOrN                 // r = or of the same
	sCNF                 // r = as opCNF, clauses[a:a+1+b]
	sDNF                 // r = as opDNF
	sEqBool              // r = b[a] == b[b], negated if neg
	sClear               // counter b[dst] = 0
	sCntFacts            // counter b[dst] += the bool slots of lists[a:b]
	sCnt                 // counter b[dst] += b[a]
	sAtLeast             // r = counter b[a] >= x, negated if neg
	sCmpStrFC            // r = string slot a <c> strs[b]
	sCmpStrFF            // r = string slot a <c> string slot b
	sNeg                 // n[dst] = -number operand (ma, a, x)
)

// producesBool reports whether instructions with opcode op yield a boolean,
// which they combine into their destination register.
func producesBool(op sop) bool {
	switch op {
	case sArith, sNeg, sClear, sCnt, sCntFacts:
		return false
	}
	return true
}

// sinstr is an instruction of the scalar machine. A constant number
// operand of mode modeConst is in x (operand a) or y (operand b), as
// float64 bits.
type sinstr struct {
	op     sop
	acc    uint8 // accumulation mode, as in instr
	c      uint8 // accept mask or arithmetic operator
	ma, mb uint8
	neg    uint8
	dst    int32
	a, b   int32
	w      int32
	x, y   uint64
}

// cmpItem is the comparison of a number or date slot with a constant, in
// an sCmpsAnd or sCmpsOr instruction: it holds when the slot's order key
// (see orderKey) is in [lo, lo+span], computed modulo 2^64, so that the
// interval can wrap around (for !=).
type cmpItem struct {
	slot     int32 // for its known bit, in bitset bt
	ki       int32 // the index of its key in Values.sc
	lo, span uint64
}

// knownMask returns the word of the bitsets with the slots and the mask of
// those slots, if they are all in one word (word 0 if there are none);
// otherwise -1. (The bit of a slot that is not a bool's in bitset bt says
// whether it is known.)
func knownMask(slots []int32) (w int32, mask uint64) {
	if len(slots) == 0 {
		return 0, 0
	}
	w = -1
	for _, s := range slots {
		if w >= 0 && s>>6 != w {
			return -1, 0
		}
		w = s >> 6
		mask |= 1 << (s & 63)
	}
	return w, mask
}

// itemSlots returns the slots of items.
func itemSlots(items []cmpItem) []int32 {
	slots := make([]int32, len(items))
	for i, it := range items {
		slots[i] = it.slot
	}
	return slots
}

// exprItem is a comparison of number or date operands that cannot fail,
// in an sExprsAnd or sExprsOr instruction: it holds when l <rel> r is not
// inv (see relOf).
type exprItem struct {
	rel, inv uint8
	l, r     numTerm
}

// Relations of exprItem.
const (
	relLt uint8 = iota
	relLe
	relEq
	relGt
	relGe
)

// relOf returns the relation and its negation, inv, whose outcomes as Go
// comparisons of float64 values are those of the accept mask m, NaNs
// included: a comparison with a NaN is false, and its negation true.
func relOf(m uint8) (rel, inv uint8) {
	const l, e, g, u = 1 << sem.Less, 1 << sem.Equal, 1 << sem.Greater, 1 << sem.Unordered
	for _, r := range [...]struct {
		m, rel uint8
	}{{l, relLt}, {l | e, relLe}, {e, relEq}, {g, relGt}, {g | e, relGe}} {
		switch m {
		case r.m:
			return r.rel, 0
		case r.m ^ (l | e | g | u):
			return r.rel, 1
		}
	}
	return 0, 2 // no such relation (acceptMask makes none)
}

// numTerm is an operand of an exprItem: the number of slot xs, at index xi
// of Values.sc, or the constant xk if xs is negative; or if op is not 0,
// that number op the one of ys, yi or yk, an operation that cannot fail.
type numTerm struct {
	op     ast.Op
	xs, ys int32
	xi, yi int32
	xk, yk float64
}

// groupOps are the opcodes of the instructions that hold a group of
// comparisons, the and and the or: of cmpItem and of exprItem.
var groupOps = [2][2]sop{{sCmpsAnd, sCmpsOr}, {sExprsAnd, sExprsOr}}

// groupKind returns the index in groupOps of op, or -1.
func groupKind(op sop) int {
	switch op {
	case sCmpsAnd, sCmpsOr:
		return 0
	case sExprsAnd, sExprsOr:
		return 1
	}
	return -1
}

// scalarCode translates p.code for the scalar machine.
func (p *Program) scalarCode() {
	p.fast = make([]sinstr, 0, len(p.code))
	// A run is a sequence of instructions that combine a boolean into
	// register run.dst, the first in any way and the others with
	// accumulation mode run.acc (0 until known), with arithmetic between
	// them. Its comparisons all go to the first of them of their kind, at
	// p.fast[run.group[kind]] (-1 until there is one): they cannot fail,
	// and and and or are commutative and associative in Kleene's logic
	// too.
	type runState struct {
		open  bool
		dst   int32
		acc   uint8
		group [2]int
	}
	closed := runState{group: [2]int{-1, -1}}
	run := closed
	for i := range p.code {
		s := p.scalarInstr(&p.code[i])
		if s.op == sCmpNum {
			p.fuseExpr(&s)
		}
		kind := groupKind(s.op)
		switch {
		case s.op == sArith || s.op == sNeg:
			// Writes no boolean register: the run goes on.
		case !producesBool(s.op):
			run = closed
		case run.open && s.dst == run.dst && s.acc != accSet && (run.acc == 0 || s.acc == run.acc):
			run.acc = s.acc
			if kind < 0 {
				break
			}
			if run.group[kind] < 0 {
				run.group[kind] = len(p.fast)
				break
			}
			// The item of s is the last of its list, right after those
			// of the run's instruction of its kind.
			g := &p.fast[run.group[kind]]
			g.b++
			if s.acc == accOr {
				g.op = groupOps[kind][1]
			}
			continue
		default:
			run = closed
			run.open, run.dst, run.acc = true, s.dst, s.acc
			if kind >= 0 {
				run.group[kind] = len(p.fast)
			}
		}
		p.fast = append(p.fast, s)
	}
	for i := range p.fast {
		if s := &p.fast[i]; s.op == sCmpsAnd || s.op == sCmpsOr {
			s.w, s.x = knownMask(itemSlots(p.items[s.a:s.b]))
		}
	}
	p.fast = slices.Clip(p.fast)
	p.items = slices.Clip(p.items)
	p.exprs = slices.Clip(p.exprs)
	p.smasks = slices.Clip(p.smasks)
	p.flatten()
}

// fuseExpr turns the sCmpNum instruction s into an sExprsAnd of one item,
// added to p.exprs, if its operands are slots, constants or operations on
// slots and constants that cannot fail; the instructions that compute the
// latter, the last ones of p.fast, are then dropped.
func (p *Program) fuseExpr(s *sinstr) {
	_, _, nums := scLayout(p.schema.Len())
	operand := func(md uint8, i int32, k uint64) (slot, si int32, x float64) {
		if md == modeFact {
			return i, int32(nums) + i, 0
		}
		return -1, 0, math.Float64frombits(k)
	}
	var terms [2]numTerm
	modes, idx, ks := [2]uint8{s.ma, s.mb}, [2]int32{s.a, s.b}, [2]uint64{s.x, s.y}
	n := len(p.fast)          // p.fast[n:] is dropped
	for j := 1; j >= 0; j-- { // the code of the right operand comes last
		t := &terms[j]
		if modes[j] != modeReg {
			t.xs, t.xi, t.xk = operand(modes[j], idx[j], ks[j])
			t.ys = -1
			continue
		}
		if n == 0 {
			return
		}
		a := &p.fast[n-1]
		if a.op != sArith || a.dst != idx[j] || a.ma == modeReg || a.mb == modeReg ||
			ast.Op(a.c) == ast.OpDiv && (a.mb != modeConst || math.Float64frombits(a.y) == 0) {
			return
		}
		t.op = ast.Op(a.c)
		t.xs, t.xi, t.xk = operand(a.ma, a.a, a.x)
		t.ys, t.yi, t.yk = operand(a.mb, a.b, a.y)
		n--
	}
	rel, inv := relOf(s.c)
	if inv > 1 {
		return
	}
	p.fast = p.fast[:n]
	p.exprs = append(p.exprs, exprItem{rel: rel, inv: inv, l: terms[0], r: terms[1]})
	*s = sinstr{op: sExprsAnd, acc: s.acc, dst: s.dst, a: int32(len(p.exprs) - 1), b: int32(len(p.exprs))}
}

// scalarInstr translates one instruction for the scalar machine. The
// comparison of a number or date slot with a constant becomes an sCmpsAnd
// of one item, added to p.items.
func (p *Program) scalarInstr(in *instr) sinstr {
	s := sinstr{acc: in.acc, c: in.c, ma: in.ma, mb: in.mb, neg: in.neg, dst: in.dst, a: in.a, b: in.b}
	constOps := func() {
		if in.ma == modeConst {
			s.x = math.Float64bits(p.nums[in.a])
		}
		if in.mb == modeConst {
			s.y = math.Float64bits(p.nums[in.b])
		}
	}
	switch in.op {
	case opConst:
		s.op, s.x, s.y = sConst, in.x&1, ^in.x&1
	case opFact:
		slot := in.a >> 1
		s.op, s.a = sAnd1, slot>>6
		if in.a&1 == 0 {
			s.x = 1 << (slot & 63)
		} else {
			s.y = 1 << (slot & 63)
		}
	case opAndFacts, opOrFacts:
		and := in.op == opAndFacts
		if in.ma == 1 {
			s.op, s.a, s.x, s.y = sOr1, in.w, in.x, in.y
			if and {
				s.op = sAnd1
			}
		} else {
			s.op, s.a, s.b = sOrN, int32(in.x), int32(in.y)
			if and {
				s.op = sAndN
			}
		}
	case opCNF, opDNF:
		s.op = sCNF
		if in.op == opDNF {
			s.op = sDNF
		}
		if w, off, ok := p.cnfMasks(p.clauses[in.a : in.a+1+in.b]); ok {
			s.op, s.a, s.b, s.x = s.op+sCNF1-sCNF, w, int32(off), uint64(in.b)
		}
	case opComb:
		s.op = sComb
	case opEqBool:
		s.op = sEqBool
	case opClear:
		s.op = sClear
	case opCntFacts:
		s.op = sCntFacts
	case opCnt:
		s.op = sCnt
	case opAtLeast:
		s.op, s.x = sAtLeast, in.x
	case opCmpNumFC:
		_, keys, _ := scLayout(p.schema.Len())
		it := cmpItem{slot: in.a, ki: int32(keys) + in.a}
		it.lo, it.span = keyRange(in.c, math.Float64frombits(in.x))
		s.op, s.a, s.b = sCmpsAnd, int32(len(p.items)), int32(len(p.items)+1)
		p.items = append(p.items, it)
	case opCmpNum:
		s.op = sCmpNum
		constOps()
	case opCmpStrFC:
		s.op = sCmpStrFC
	case opCmpStrFF:
		s.op = sCmpStrFF
	case opArith:
		s.op, s.w = sArith, int32(in.x)
		constOps()
	case opNeg:
		s.op = sNeg
		constOps()
	}
	return s
}

// keyRange returns, for the accept mask m of the comparison of a number
// that is never NaN with the constant k, the interval of the order keys of
// the numbers for which it holds, as in cmpItem. (A NaN k is unordered
// with every number.)
func keyRange(m uint8, k float64) (lo, span uint64) {
	const all = 1<<64 - 1
	interval := func(lo, hi uint64) (uint64, uint64) { return lo, hi - lo }
	if k != k {
		if m>>sem.Unordered&1 == 0 {
			// Never: the key of a NaN is no number's.
			return interval(math.Float64bits(math.NaN())|1<<63, math.Float64bits(math.NaN())|1<<63)
		}
		return interval(0, all)
	}
	key := orderKey(k)
	switch m &^ (1 << sem.Unordered) {
	case 1 << sem.Less:
		return interval(0, key-1)
	case 1<<sem.Less | 1<<sem.Equal:
		return interval(0, key)
	case 1 << sem.Greater:
		return interval(key+1, all)
	case 1<<sem.Greater | 1<<sem.Equal:
		return interval(key, all)
	case 1 << sem.Equal:
		return interval(key, key)
	case 1<<sem.Less | 1<<sem.Greater:
		return interval(key+1, key-1) // wraps around: all but key
	case 1<<sem.Less | 1<<sem.Equal | 1<<sem.Greater:
		return interval(0, all)
	}
	return keyRange(0, math.NaN()) // never
}

// cnfMasks adds to p.smasks the masks of the scalar instruction for the
// clauses cl of an opCNF or opDNF instruction, if all their facts are in
// one word of the bitsets and no fact is both read plainly and negated,
// and returns the word and the offset of the masks. The masks are P and N,
// the facts read plainly and negated, U, the facts of cl[0], and one mask
// for each of the clauses cl[1:]. With T and F the bits of the facts that
// are true and false, the literals that hold are T&P | F&N and those that
// fail F&P | T&N: a plain fact holds when true and fails when false, a
// negated one the other way around.
func (p *Program) cnfMasks(cl []clause) (w int32, off int, ok bool) {
	var pos, neg uint64
	w = -1
	for _, c := range cl {
		switch {
		case c.pos|c.neg == 0:
			continue
		case w < 0:
			w = c.w
		case c.w != w:
			return 0, 0, false
		}
		pos |= c.pos
		neg |= c.neg
	}
	if pos&neg != 0 {
		return 0, 0, false
	}
	off = len(p.smasks)
	p.smasks = append(p.smasks, pos, neg)
	for _, c := range cl {
		p.smasks = append(p.smasks, c.pos|c.neg)
	}
	return max(w, 0), off, true
}

// runScalar executes code, p.fast or a part of it, over the slots of v, with v's registers, and
// returns register 0 and the index in p.divs of the failed division to
// report, or -1. It is [Program.run] for lane 0, with lanes as bits: see
// there for how it deals with errors.
//
// The loop keeps little in registers, and the instructions that
// conditions seldom need run out of line, in [Program.scalarRare], so that
// the common ones compile to short code.
func (p *Program) runScalar(v *Values, code []sinstr) (r tf, div int) {
	div = -1
	for i := range code {
		in := &code[i]
		var t, f uint64
		switch in.op {
		case sCmpsAnd, sCmpsOr:
			if in.b-in.a == 1 { // the and and the or of one: a common case
				it := &p.items[in.a]
				k, h := knownBit(v.sc, it.slot), b2u64(v.sc[it.ki]-it.lo <= it.span)
				t, f = k&h, k&^h
			} else if in.op == sCmpsAnd {
				t, f = cmpsAnd(v.sc, p.items[in.a:in.b], in.w >= 0 && v.bt[in.w]&in.x == in.x)
			} else {
				t, f = cmpsOr(v.sc, p.items[in.a:in.b], in.w >= 0 && v.bt[in.w]&in.x == in.x)
			}
		case sExprsAnd, sExprsOr:
			if in.b-in.a == 1 {
				k, h := p.exprs[in.a].test(v.sc)
				t, f = k&h, k&^h
			} else if in.op == sExprsAnd {
				t, f = exprsAnd(v.sc, p.exprs[in.a:in.b])
			} else {
				t, f = exprsOr(v.sc, p.exprs[in.a:in.b])
			}
		case sAnd1:
			bT, bF := v.bt[in.a], v.bf[in.a]
			t, f = b2u64(in.x&^bT|in.y&^bF == 0), b2u64(in.x&bF|in.y&bT != 0)
		case sOr1:
			bT, bF := v.bt[in.a], v.bf[in.a]
			t, f = b2u64(in.x&bT|in.y&bF != 0), b2u64(in.x&^bF|in.y&^bT == 0)
		case sCNF1:
			t, f = cnf1(v.bt[in.a], v.bf[in.a], p.smasks[in.b:in.b+3+int32(in.x)])
		case sDNF1:
			t, f = dnf1(v.bt[in.a], v.bf[in.a], p.smasks[in.b:in.b+3+int32(in.x)])
		case sCmpNum:
			x, xk := v.scalarNum(in.ma, in.a, in.x)
			y, yk := v.scalarNum(in.mb, in.b, in.y)
			k, h := b2u64(xk && yk), b2u64(sem.Holds(in.c, sem.OrderNum(x, y)))
			t, f = k&h, k&^h
		case sArith:
			if d := v.scalarArith(in); d >= 0 && (div < 0 || sortsBefore(p.divs[d].rng, p.divs[div].rng)) {
				div = d
			}
			continue
		case sConst:
			t, f = in.x, in.y
		case sComb:
			x := v.regB[in.a]
			t, f = swapIf(x.t, x.f, in.neg)
		case sEqBool:
			x, y := v.regB[in.a], v.regB[in.b]
			t, f = swapIf(x.t&y.t|x.f&y.f, x.t&y.f|x.f&y.t, in.neg)
		case sClear:
			v.regB[in.dst] = tf{}
			continue
		case sCnt:
			x, d := v.regB[in.a], &v.regB[in.dst]
			d.t += x.t
			d.f += x.f ^ 1
			continue
		case sAtLeast:
			x := v.regB[in.a]
			t, f = swapIf(b2u64(x.t >= in.x), b2u64(x.f < in.x), in.neg)
		default:
			var ok bool
			if t, f, ok = p.scalarRare(v, in); !ok {
				continue
			}
		}
		d := &v.regB[in.dst]
		switch in.acc {
		case accAnd:
			d.t &= t
			d.f |= f
		case accOr:
			d.t |= t
			d.f &= f
		default:
			d.t, d.f = t, f
		}
	}
	return v.regB[0], div
}

// cmpsAnd returns the and of the comparisons items over the words sc of a
// [Values]. If known is set, the slots of the items are all known.
func cmpsAnd(sc []uint64, items []cmpItem, known bool) (t, f uint64) {
	t = 1
	if known {
		for i := range items {
			it := &items[i]
			t &= b2u64(sc[it.ki]-it.lo <= it.span)
		}
		return t, t ^ 1
	}
	for i := range items {
		it := &items[i]
		k, h := knownBit(sc, it.slot), b2u64(sc[it.ki]-it.lo <= it.span)
		t &= k & h
		f |= k &^ h
	}
	return t, f
}

// cmpsOr returns the or of the comparisons items over sc.
func cmpsOr(sc []uint64, items []cmpItem, known bool) (t, f uint64) {
	if known {
		for i := range items {
			it := &items[i]
			t |= b2u64(sc[it.ki]-it.lo <= it.span)
		}
		return t, t ^ 1
	}
	f = 1
	for i := range items {
		it := &items[i]
		k, h := knownBit(sc, it.slot), b2u64(sc[it.ki]-it.lo <= it.span)
		t |= k & h
		f &= k &^ h
	}
	return t, f
}

// knownBit returns 1 if slot s, not a bool one, is known in the words sc
// of a [Values], else 0.
func knownBit(sc []uint64, s int32) uint64 { return sc[s>>6] >> (s & 63) & 1 }

// exprsAnd returns the and of the comparisons items over sc.
func exprsAnd(sc []uint64, items []exprItem) (t, f uint64) {
	t = 1
	for i := range items {
		k, h := items[i].test(sc)
		t &= k & h
		f |= k &^ h
	}
	return t, f
}

// exprsOr returns the or of the comparisons items over sc.
func exprsOr(sc []uint64, items []exprItem) (t, f uint64) {
	f = 1
	for i := range items {
		k, h := items[i].test(sc)
		t |= k & h
		f &= k &^ h
	}
	return t, f
}

// test returns whether the operands of it are known in sc (k) and
// whether it holds if they are (h).
func (it *exprItem) test(sc []uint64) (k, h uint64) {
	k = 1
	if it.l.xs >= 0 {
		k &= knownBit(sc, it.l.xs)
	}
	if it.l.ys >= 0 {
		k &= knownBit(sc, it.l.ys)
	}
	if it.r.xs >= 0 {
		k &= knownBit(sc, it.r.xs)
	}
	if it.r.ys >= 0 {
		k &= knownBit(sc, it.r.ys)
	}
	return k, b2u64(it.holds(sc))
}

// holds reports whether it holds over sc, where its operands are known
// (if they are not, the answer is garbage).
func (it *exprItem) holds(sc []uint64) bool {
	x := numValue(sc, it.l.xs, it.l.xi, it.l.xk)
	if it.l.op != 0 {
		x = sem.Arith(it.l.op, x, numValue(sc, it.l.ys, it.l.yi, it.l.yk))
	}
	y := numValue(sc, it.r.xs, it.r.xi, it.r.xk)
	if it.r.op != 0 {
		y = sem.Arith(it.r.op, y, numValue(sc, it.r.ys, it.r.yi, it.r.yk))
	}
	return relHolds(it.rel, x, y) != (it.inv != 0)
}

// relHolds reports whether x <rel> y.
func relHolds(rel uint8, x, y float64) bool {
	switch rel {
	case relLt:
		return x < y
	case relLe:
		return x <= y
	case relEq:
		return x == y
	case relGt:
		return x > y
	}
	return x >= y
}

// numValue returns the number at index i of sc, if s is not negative,
// else k.
func numValue(sc []uint64, s, i int32, k float64) float64 {
	if s < 0 {
		return k
	}
	return math.Float64frombits(sc[i])
}

// cnf1 returns the value of the clauses of masks m (see cnfMasks), given
// the bits bT of the true facts and bF of the false ones.
func cnf1(bT, bF uint64, m []uint64) (t, f uint64) {
	_ = m[2]
	lt, nlf := bT&m[0]|bF&m[1], ^(bF&m[0] | bT&m[1]) // the literals that hold, that do not fail
	// The units hold when none is missing and fail when one fails; a
	// clause holds when one of its literals holds and fails when all do.
	t, f = b2u64(m[2]&^lt == 0), b2u64(m[2]&nlf != m[2])
	for _, c := range m[3:] {
		t &= b2u64(c&lt != 0)
		f |= b2u64(c&nlf == 0)
	}
	return t, f
}

// dnf1 returns the value of the dual clauses of masks m: an or of units
// and of and-clauses.
func dnf1(bT, bF uint64, m []uint64) (t, f uint64) {
	_ = m[2]
	lt, nlf := bT&m[0]|bF&m[1], ^(bF&m[0] | bT&m[1])
	t, f = b2u64(m[2]&lt != 0), b2u64(m[2]&nlf == 0)
	for _, c := range m[3:] {
		t |= b2u64(c&^lt == 0)
		f &= b2u64(c&nlf != c)
	}
	return t, f
}

// scalarArith runs an sArith instruction. It returns the index in p.divs
// of the division if it failed, or -1.
func (v *Values) scalarArith(in *sinstr) int {
	x, xk := v.scalarNum(in.ma, in.a, in.x)
	y, yk := v.scalarNum(in.mb, in.b, in.y)
	if ast.Op(in.c) == ast.OpDiv && yk && y == 0 { // whether or not x is known
		v.regN[in.dst] = nv{}
		return int(in.w)
	}
	v.regN[in.dst] = nv{sem.Arith(ast.Op(in.c), x, y), xk && yk}
	return -1
}

// scalarRare runs the instructions that [Program.runScalar] does not. It
// returns the boolean result, if the instruction has one (ok).
//
//go:noinline
func (p *Program) scalarRare(v *Values, in *sinstr) (t, f uint64, ok bool) {
	switch in.op {
	case sAndN:
		var missT, anyF uint64
		for _, g := range p.masks[in.a:in.b] {
			bT, bF := v.bt[g.w], v.bf[g.w]
			missT |= g.pos&^bT | g.neg&^bF
			anyF |= g.pos&bF | g.neg&bT
		}
		return b2u64(missT == 0), b2u64(anyF != 0), true
	case sOrN:
		var anyT, missF uint64
		for _, g := range p.masks[in.a:in.b] {
			bT, bF := v.bt[g.w], v.bf[g.w]
			anyT |= g.pos&bT | g.neg&bF
			missF |= g.pos&^bF | g.neg&^bT
		}
		return b2u64(anyT != 0), b2u64(missF == 0), true
	case sCNF, sDNF:
		x := p.clauseBits(v, in.op == sCNF, in.a, in.b)
		return x.t & 1, x.f & 1, true
	case sCntFacts:
		var nt, nf uint64 // facts true, facts not false
		for _, e := range p.lists[in.a:in.b] {
			s := e >> 1
			w, sh, n := s>>6, s&63, uint64(e&1)
			ft, ff := v.bt[w]>>sh&1, v.bf[w]>>sh&1
			nt += ft ^ (ft^ff)&n // ff if negated
			nf += 1 ^ ff ^ (ft^ff)&n
		}
		d := &v.regB[in.dst]
		d.t += nt
		d.f += nf
		return 0, 0, false
	case sCmpStrFC:
		k, h := b2u64(v.cells[in.a].st == stKnown), b2u64(sem.Holds(in.c, sem.OrderStr(v.strs[in.a], p.strs[in.b])))
		return k & h, k &^ h, true
	case sCmpStrFF:
		k := b2u64(v.cells[in.a].st == stKnown && v.cells[in.b].st == stKnown)
		h := b2u64(sem.Holds(in.c, sem.OrderStr(v.strs[in.a], v.strs[in.b])))
		return k & h, k &^ h, true
	}
	// sNeg, the last one.
	x, xk := v.scalarNum(in.ma, in.a, in.x)
	v.regN[in.dst] = nv{-x, xk}
	return 0, 0, false
}

// swapIf returns t, f, or f, t if neg is 1.
func swapIf(t, f uint64, neg uint8) (uint64, uint64) {
	d := (t ^ f) & -uint64(neg&1)
	return t ^ d, f ^ d
}

// scalarNum reads a number operand of mode md: number register i, number
// slot i or the constant of bits k.
func (v *Values) scalarNum(md uint8, i int32, k uint64) (float64, bool) {
	switch md {
	case modeReg:
		r := v.regN[i]
		return r.v, r.k
	case modeFact:
		c := &v.cells[i]
		return math.Float64frombits(c.x), c.st == stKnown
	}
	return math.Float64frombits(k), true
}

// b2u64 returns 1 if b is true, else 0.
func b2u64(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
}
