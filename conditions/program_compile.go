package conditions

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The compiler turns a condition into code for a register machine (see
// [Program.run]). Boolean registers b hold lane masks ([tf]); number
// registers n hold a float64 and whether it is known ([nv]).
//
// Every instruction that yields a boolean r combines it into its
// destination register b[dst] as its accumulation mode acc says: b[dst]
// becomes r, b[dst] and r (accAnd) or b[dst] or r (accOr). The arguments
// of "and" and "or" therefore accumulate straight into the register of the
// whole. "not" costs nothing: the compiler pushes it down to the leaves by
// De Morgan's laws, which hold in Kleene's logic, and folds it into the
// leaf (a negated fact reference, the complement of a comparison's accept
// mask, or the neg field of the few instructions that have one).

// opcode is an instruction of the machine.
type opcode uint8

const (
	opConst    opcode = iota // r = constant: true in the lanes of x, false in the others
	opFact                   // r = the bool slot of factRef a
	opAndFacts               // r = and of the bool slots of lists[a:b] (see factRef)
	opOrFacts                // r = or of the same
	opCNF                    // r = and of clauses[a] (facts) and of the ors of clauses[a+1:a+1+b]
	opDNF                    // r = or of clauses[a] (facts) and of the ands of clauses[a+1:a+1+b]
	opComb                   // r = b[a], negated if neg
	opEqBool                 // r = b[a] == b[b], negated if neg
	opClear                  // counters b[dst:dst+c] = 0
	opCntFacts               // counters b[dst:dst+c] += the bool slots of lists[a:b]
	opCnt                    // counters b[dst:dst+c] += b[a]
	opAtLeast                // r = counters b[a:a+c] >= x, negated if neg
	opCmpNumFC               // r = number or date slot a <c> constant x (float64 bits)
	opCmpNum                 // r = number or date operand (ma, a) <c> (mb, b)
	opCmpStrFC               // r = string slot a <c> strs[b]
	opCmpStrFF               // r = string slot a <c> string slot b
	opArith                  // n[dst] = number operand (ma, a) <c> (mb, b); divs[x] if c is /
	opNeg                    // n[dst] = -number operand (ma, a)
	opShift                  // n[dst] = date operand (ma, a) moved by c-1 (1 or -1) times the period x months, y days
)

// Accumulation modes of an instruction that yields a boolean.
const (
	accSet uint8 = iota // b[dst] = r
	accAnd              // b[dst] = b[dst] and r
	accOr               // b[dst] = b[dst] or r
)

// Operand modes of number operands.
const (
	modeReg   uint8 = iota // number register
	modeFact               // number slot
	modeConst              // nums[idx]
)

// instr is one instruction. c is the accept mask of a comparison (see
// acceptMask), an arithmetic operator ([ast.Op]) or a counter width.
type instr struct {
	op     opcode
	acc    uint8 // accumulation mode
	neg    uint8 // 1 to negate the result, for the instructions that say so
	c      uint8
	ma, mb uint8
	dst    int32
	a, b   int32
	w      int32
	x, y   uint64
}

// tf is a three-valued boolean over 64 lanes: the lanes where it is true
// and the lanes where it is false. A lane in neither is unknown; no lane is
// in both.
type tf struct{ t, f uint64 }

// nv is a number register: a value and whether it is known.
type nv struct {
	v float64
	k bool
}

type compiler struct {
	p      *Program
	s      *Schema
	ev     *evaluator // locates operators in the source, as Eval does
	nb, nn int        // registers used
	// arithTypes are the types of the arithmetic nodes met so far.
	arithTypes map[*ast.Arith]Type
	// spine and shifts are stacks of the spine walkers (see arith and
	// datedArith), shared by their nested calls.
	spine  []*ast.Arith
	shifts []shiftStep
}

// sink is where a boolean goes: into register dst, combined as acc says.
type sink struct {
	dst int
	acc uint8
}

func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// bres is the outcome of compiling a boolean: a constant, for which no
// code was emitted and the sink was left alone, or code that combined the
// value into the sink; fail says whether that code can fail.
type bres struct {
	konst bool
	val   Truth
	fail  bool
}

// operand is a compiled number, string or date operand: a constant value,
// a slot, or (numbers only) a register filled by code.
type operand struct {
	mode uint8
	idx  int32
	val  ast.Value
	fail bool
}

func (c *compiler) emit(in instr) { c.p.code = append(c.p.code, in) }

// mark returns the current end of the code, for truncate.
func (c *compiler) mark() int { return len(c.p.code) }

// truncate drops the code emitted since mark m.
func (c *compiler) truncate(m int) { c.p.code = c.p.code[:m] }

func (c *compiler) useB(r int) { c.nb = max(c.nb, r+1) }
func (c *compiler) useN(r int) { c.nn = max(c.nn, r+1) }

// compileTypeError reports an operand of the wrong type. Compile runs [Check]
// first, so the compiler meets these only when called on its own.
func compileTypeError(n ast.Node, format string, args ...any) error {
	return newError(CodeType, n.Span(), format, args...)
}

// fact returns the slot of f, which must be declared with type want.
func (c *compiler) fact(f *ast.Fact, want Type) (int32, error) {
	i, ok := c.s.Index(f.Name)
	if !ok {
		return 0, unknownFactError(c.s, f)
	}
	if got := c.s.fields[i].Type; got != want {
		return 0, compileTypeError(f, "fact %q is %s, want %s", f.Name, withArticle(got), withArticle(want))
	}
	return int32(i), nil
}

// typeOf returns the static type of n.
func (c *compiler) typeOf(n ast.Node) (Type, error) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return Type(n.Val.Kind), nil
	case *ast.Fact:
		f, ok := c.s.Lookup(n.Name)
		if !ok {
			return Any, unknownFactError(c.s, n)
		}
		return f.Type, nil
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			return Number, nil
		}
	case *ast.Arith:
		return c.arithType(n)
	}
	return Bool, nil
}

// constRes returns the constant outcome v, negated if neg.
func constRes(v Truth, neg bool) bres {
	if neg {
		v = Truth(sem.Not(sem.Truth(v)))
	}
	return bres{konst: true, val: v}
}

// constant returns the outcome of a node whose value is v whatever the
// facts, after the code since mark m that was emitted only for the errors
// it may raise: a constant if that code cannot fail, or else the code and
// an instruction putting v into k.
func (c *compiler) constant(m int, v Truth, fail bool, k sink) bres {
	if !fail {
		c.truncate(m)
		return bres{konst: true, val: v}
	}
	c.emit(instr{op: opConst, dst: int32(k.dst), acc: k.acc, x: laneMask(v == True)})
	return bres{fail: true}
}

// boolean compiles n, of type Bool and negated if neg, into k.
func (c *compiler) boolean(n ast.Node, k sink, neg bool) (bres, error) {
	c.useB(k.dst)
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindBool {
			return bres{}, compileTypeError(n, "%s is %s, want a bool", ast.FormatValue(n.Val), withArticle(Type(n.Val.Kind)))
		}
		return constRes(TruthOf(n.Val.B), neg), nil
	case *ast.Fact:
		slot, err := c.fact(n, Bool)
		if err != nil {
			return bres{}, err
		}
		c.emit(instr{op: opFact, dst: int32(k.dst), acc: k.acc, a: factRef(slot, neg)})
		return bres{}, nil
	case *ast.Unary:
		if n.Op != ast.OpNot {
			return bres{}, compileTypeError(n, "a number, want a bool")
		}
		return c.boolean(n.X, k, !neg)
	case *ast.Logic:
		and := (n.Op == ast.OpAnd) != neg // not (a and b) is not a or not b
		units, clauses, others, err := c.split(n.Args, and, neg)
		if err != nil {
			return bres{}, err
		}
		if len(others) == 0 {
			// Only facts: one instruction, straight into the sink.
			c.emitFacts(k, and, units, clauses)
			return bres{}, nil
		}
		return c.viaRegister(k, func(r int) (bres, error) { return c.logic(n, r, neg) })
	case *ast.AtLeast:
		return c.atLeast(n, k, neg)
	case *ast.Compare:
		return c.compare(n, k, neg)
	case *ast.Arith:
		return bres{}, compileTypeError(n, "a number, want a bool")
	}
	return bres{}, &Error{Code: CodeType, Msg: fmt.Sprintf("conditions: compile: unexpected node %T", n)}
}

// viaRegister compiles, with f, a boolean that needs a register of its
// own to accumulate in: the sink's register if the sink takes the value as
// it is, or else the next register, which is then combined into the sink.
func (c *compiler) viaRegister(k sink, f func(r int) (bres, error)) (bres, error) {
	if k.acc == 0 {
		return f(k.dst)
	}
	res, err := f(k.dst + 1)
	if err != nil || res.konst {
		return res, err
	}
	c.emit(instr{op: opComb, dst: int32(k.dst), acc: k.acc, a: int32(k.dst + 1)})
	return res, nil
}

// A factRef in p.lists refers to a bool slot, negated if its low bit is
// set: slot<<1 | neg.
func factRef(slot int32, neg bool) int32 {
	if neg {
		return slot<<1 | 1
	}
	return slot << 1
}

// asFact returns the fact a is, or the negation of, and whether it is
// negated; or nil.
func asFact(a ast.Node) (*ast.Fact, bool) {
	a, neg := stripNot(a)
	f, _ := a.(*ast.Fact)
	return f, neg
}

// stripNot returns a without its tags and nots, and whether an odd number
// of nots was removed.
func stripNot(a ast.Node) (ast.Node, bool) {
	neg := false
	for {
		a = ast.Untag(a)
		u, ok := a.(*ast.Unary)
		if !ok || u.Op != ast.OpNot {
			return a, neg
		}
		a, neg = u.X, !neg
	}
}

// factLogic returns the fact references of the arguments of a, if a is,
// up to tags and nots, an and or an or of facts and negated facts, and the
// operator it amounts to; all under neg.
func (c *compiler) factLogic(a ast.Node, neg bool) (refs []int32, and, ok bool, err error) {
	x, flip := stripNot(a)
	l, ok := x.(*ast.Logic)
	if !ok {
		return nil, false, false, nil
	}
	neg = neg != flip
	for _, arg := range l.Args {
		f, negated := asFact(arg)
		if f == nil {
			return nil, false, false, nil
		}
		slot, err := c.fact(f, Bool)
		if err != nil {
			return nil, false, false, err
		}
		refs = append(refs, factRef(slot, negated != neg))
	}
	return refs, (l.Op == ast.OpAnd) != neg, true, nil
}

// split sorts the arguments of an and (and is true) or an or, under neg:
// facts and the facts of arguments with the same operator go to units,
// arguments that are an or of facts (in an and; an and of facts in an or)
// to clauses, the rest to others.
func (c *compiler) split(args []ast.Node, and, neg bool) (units []int32, clauses [][]int32, others []ast.Node, err error) {
	for _, a := range args {
		if f, negated := asFact(a); f != nil {
			slot, err := c.fact(f, Bool)
			if err != nil {
				return nil, nil, nil, err
			}
			units = append(units, factRef(slot, negated != neg))
			continue
		}
		refs, subAnd, ok, err := c.factLogic(a, neg)
		switch {
		case err != nil:
			return nil, nil, nil, err
		case !ok:
			others = append(others, a)
		case subAnd == and:
			units = append(units, refs...)
		case !oneWord(refs):
			others = append(others, a) // compiled on its own, with several mask groups
		default:
			clauses = append(clauses, refs)
		}
	}
	return units, clauses, others, nil
}

// oneWord reports whether the slots of the fact references refs are all in
// the same word of the bitsets.
func oneWord(refs []int32) bool {
	for _, e := range refs {
		if e>>7 != refs[0]>>7 {
			return false
		}
	}
	return true
}

// emitFacts emits the instruction that puts into k the and (and is true)
// or the or of units and clauses, which are not both empty.
func (c *compiler) emitFacts(k sink, and bool, units []int32, clauses [][]int32) {
	if len(clauses) == 0 {
		op := opAndFacts
		if !and {
			op = opOrFacts
		}
		lo := len(c.p.lists)
		c.p.lists = append(c.p.lists, units...)
		c.emit(instr{op: op, dst: int32(k.dst), acc: k.acc, a: int32(lo), b: int32(len(c.p.lists))})
		return
	}
	if !oneWord(units) {
		// The units on their own, then the clauses combined with them, in
		// a register of their own unless k takes the value as it is.
		own := accOr
		if and {
			own = accAnd
		}
		if k.acc != accSet {
			r := k.dst + 1
			c.useB(r)
			c.emitFacts(sink{dst: r}, and, units, clauses)
			c.emit(instr{op: opComb, dst: int32(k.dst), acc: k.acc, a: int32(r)})
			return
		}
		c.emitFacts(k, and, units, nil)
		k.acc, units = own, nil
	}
	op := opCNF
	if !and {
		op = opDNF
	}
	first := len(c.p.clauses)
	c.addClause(units)
	for _, cl := range clauses {
		c.addClause(cl)
	}
	c.emit(instr{op: op, dst: int32(k.dst), acc: k.acc, a: int32(first), b: int32(len(clauses))})
}

// clause is a list of facts of an opCNF or opDNF instruction, all in one
// word of the bitsets: in p.lists for the lane path, and as a mask group
// for the scalar path.
type clause struct {
	lo, hi   int32
	w        int32
	pos, neg uint64
}

// addClause appends the clause of facts refs, which are in one word, to
// p.clauses.
func (c *compiler) addClause(refs []int32) {
	lo := len(c.p.lists)
	c.p.lists = append(c.p.lists, refs...)
	cl := clause{lo: int32(lo), hi: int32(len(c.p.lists))}
	for _, e := range refs {
		cl.w = e >> 7
		if e&1 == 0 {
			cl.pos |= 1 << (e >> 1 & 63)
		} else {
			cl.neg |= 1 << (e >> 1 & 63)
		}
	}
	c.p.clauses = append(c.p.clauses, cl)
}

// factArgs appends to p.lists the arguments of args that are bool facts
// or their negations (negated once more if neg), and returns their bounds
// in p.lists and the other arguments.
func (c *compiler) factArgs(args []ast.Node, neg bool) (lo, hi int, others []ast.Node, err error) {
	lo = len(c.p.lists)
	for _, a := range args {
		f, negated := asFact(a)
		if f == nil {
			others = append(others, a)
			continue
		}
		slot, err := c.fact(f, Bool)
		if err != nil {
			return 0, 0, nil, err
		}
		c.p.lists = append(c.p.lists, factRef(slot, negated != neg))
	}
	return lo, len(c.p.lists), others, nil
}

// logic compiles an and or or, negated if neg, into register r.
func (c *compiler) logic(n *ast.Logic, r int, neg bool) (bres, error) {
	m := c.mark()
	and := (n.Op == ast.OpAnd) != neg // not (a and b) is not a or not b
	absorb, acc := False, accAnd
	if !and {
		absorb, acc = True, accOr
	}
	units, clauses, others, err := c.split(n.Args, and, neg)
	if err != nil {
		return bres{}, err
	}
	filled := false // whether r holds the value of the arguments so far
	if len(units)+len(clauses) > 0 {
		c.emitFacts(sink{dst: r}, and, units, clauses)
		filled = true
	}
	absorbed, fail := false, false
	for _, a := range others {
		k := sink{dst: r}
		if filled {
			k.acc = acc
		}
		res, err := c.boolean(a, k, neg)
		if err != nil {
			return bres{}, err
		}
		if res.konst {
			absorbed = absorbed || res.val == absorb
			continue
		}
		fail = fail || res.fail
		filled = true
	}
	switch {
	case absorbed:
		return c.constant(m, absorb, fail, sink{dst: r}), nil
	case !filled: // only constants, none absorbing
		return bres{konst: true, val: Truth(sem.Not(sem.Truth(absorb)))}, nil
	}
	return bres{fail: fail}, nil
}

// atLeast compiles atleast(K, args), negated if neg, into k. It counts
// with bit-sliced counters in w registers from base: in counter register
// j, the t lanes are bit j of the number of true arguments and the f lanes
// bit j of the number of arguments that are not false.
func (c *compiler) atLeast(n *ast.AtLeast, k sink, neg bool) (bres, error) {
	m := c.mark()
	base := k.dst
	if k.acc != 0 {
		base++
	}
	w := bits.Len(uint(len(n.Args)))
	c.useB(base + w)
	c.emit(instr{op: opClear, dst: int32(base), c: uint8(w)})
	lo, hi, others, err := c.factArgs(n.Args, false)
	if err != nil {
		return bres{}, err
	}
	if hi > lo {
		c.emit(instr{op: opCntFacts, dst: int32(base), c: uint8(w), a: int32(lo), b: int32(hi)})
	}
	need, vars, fail := n.K, hi-lo, false
	for _, a := range others {
		res, err := c.boolean(a, sink{dst: base + w}, false)
		if err != nil {
			return bres{}, err
		}
		if res.konst {
			if res.val == True {
				need--
			}
			continue
		}
		fail = fail || res.fail
		vars++
		c.emit(instr{op: opCnt, dst: int32(base), c: uint8(w), a: int32(base + w)})
	}
	v := Unknown
	switch {
	case need <= 0:
		v = True
	case need > vars:
		v = False
	}
	if v != Unknown {
		if neg {
			v = Truth(sem.Not(sem.Truth(v)))
		}
		return c.constant(m, v, fail, k), nil
	}
	c.emit(instr{op: opAtLeast, dst: int32(k.dst), acc: k.acc, neg: b2u8(neg), a: int32(base), c: uint8(w), x: uint64(need)})
	return bres{fail: fail}, nil
}

// compare compiles a comparison, negated if neg, into k.
func (c *compiler) compare(n *ast.Compare, k sink, neg bool) (bres, error) {
	lt, err := c.typeOf(n.L)
	if err != nil {
		return bres{}, err
	}
	rt, err := c.typeOf(n.R)
	if err != nil {
		return bres{}, err
	}
	if lt != rt {
		return bres{}, compileTypeError(n, "cannot compare %s with %s", withArticle(lt), withArticle(rt))
	}
	if lt == Bool {
		if n.Op != ast.OpEq && n.Op != ast.OpNe {
			return bres{}, compileTypeError(n, "operator %s does not apply to bools", n.Op)
		}
		return c.compareBools(n, k, neg)
	}
	var l, r operand
	if lt == Date && (hasArith(n.L) || hasArith(n.R)) {
		if l, err = c.dated(n.L, 0); err == nil {
			next := 0
			if l.mode == modeReg {
				next = 1
			}
			r, err = c.dated(n.R, next)
		}
	} else if lt == Number {
		if l, err = c.number(n.L, 0); err == nil {
			next := 0
			if l.mode == modeReg {
				next = 1
			}
			r, err = c.number(n.R, next)
		}
	} else {
		if l, err = c.leaf(n.L, lt); err == nil {
			r, err = c.leaf(n.R, lt)
		}
	}
	if err != nil {
		return bres{}, err
	}
	op := n.Op
	if l.mode == modeConst && r.mode == modeConst { // constants never fail
		return constRes(TruthOf(cmpValues(op, l.val, r.val)), neg), nil
	}
	if l.mode == modeConst && r.mode == modeFact {
		l, r, op = r, l, sem.Flip(op)
	}
	in := instr{c: sem.Accept(op), dst: int32(k.dst), acc: k.acc}
	if neg {
		in.c ^= sem.AllOutcomes
	}
	switch {
	case lt != String && l.mode == modeFact && r.mode == modeConst:
		// Dates compare as numbers: a [Values] keeps them as a float64
		// day count, which is exact.
		in.op, in.a, in.x = opCmpNumFC, l.idx, math.Float64bits(numOf(r.val))
	case lt != String:
		in.op = opCmpNum
		in.ma, in.a = c.numOperand(l)
		in.mb, in.b = c.numOperand(r)
	case lt == String && r.mode == modeConst:
		in.op, in.a, in.b = opCmpStrFC, l.idx, int32(len(c.p.strs))
		c.p.strs = append(c.p.strs, r.val.S)
	default:
		in.op, in.a, in.b = opCmpStrFF, l.idx, r.idx
	}
	c.emit(in)
	return bres{fail: l.fail || r.fail}, nil
}

// numOf returns the number a number or date constant compares as: a date
// as its day count.
func numOf(v ast.Value) float64 {
	if v.Kind == ast.KindDate {
		return float64(v.D)
	}
	return v.N
}

// numOperand returns the mode and index of a number or date operand,
// moving a constant to the constant pool.
func (c *compiler) numOperand(o operand) (uint8, int32) {
	if o.mode == modeConst {
		c.p.nums = append(c.p.nums, numOf(o.val))
		return modeConst, int32(len(c.p.nums) - 1)
	}
	return o.mode, o.idx
}

// compareBools compiles == or != between two bools, negated if neg, into
// k. Against a constant, x == true is x and x == false is not x.
func (c *compiler) compareBools(n *ast.Compare, k sink, neg bool) (bres, error) {
	neg = neg != (n.Op == ast.OpNe) // a != b is not (a == b)
	r1, r2 := k.dst+1, k.dst+2
	l, err := c.boolean(n.L, sink{dst: r1}, false)
	if err != nil {
		return bres{}, err
	}
	if l.konst {
		// l left no code and no value: r goes straight to k, negated once
		// more if l is false; that is also right if r is a constant.
		return c.boolean(n.R, k, neg != (l.val == False))
	}
	r, err := c.boolean(n.R, sink{dst: r2}, false)
	if err != nil {
		return bres{}, err
	}
	if r.konst {
		c.emit(instr{op: opComb, dst: int32(k.dst), acc: k.acc, neg: b2u8(neg != (r.val == False)), a: int32(r1)})
	} else {
		c.emit(instr{op: opEqBool, dst: int32(k.dst), acc: k.acc, neg: b2u8(neg), a: int32(r1), b: int32(r2)})
	}
	return bres{fail: l.fail || r.fail}, nil
}

// leaf compiles a string or date operand: a literal or a fact of type t.
func (c *compiler) leaf(n ast.Node, t Type) (operand, error) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return operand{mode: modeConst, val: n.Val}, nil
	case *ast.Fact:
		slot, err := c.fact(n, t)
		return operand{mode: modeFact, idx: slot}, err
	}
	return operand{}, compileTypeError(n, "want %s", withArticle(t))
}

// number compiles a number operand, using registers from nd up if it needs
// code.
func (c *compiler) number(n ast.Node, nd int) (operand, error) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindNumber {
			return operand{}, compileTypeError(n, "%s is %s, want a number", ast.FormatValue(n.Val), withArticle(Type(n.Val.Kind)))
		}
		return operand{mode: modeConst, val: n.Val}, nil
	case *ast.Fact:
		slot, err := c.fact(n, Number)
		return operand{mode: modeFact, idx: slot}, err
	case *ast.Unary:
		if n.Op != ast.OpNeg {
			return operand{}, compileTypeError(n, "a bool, want a number")
		}
		x, err := c.number(n.X, nd)
		if err != nil {
			return operand{}, err
		}
		if x.mode == modeConst {
			return operand{mode: modeConst, val: ast.Number(-x.val.N)}, nil
		}
		c.useN(nd)
		in := instr{op: opNeg, dst: int32(nd)}
		in.ma, in.a = c.numOperand(x)
		c.emit(in)
		return operand{mode: modeReg, idx: int32(nd), fail: x.fail}, nil
	case *ast.Arith:
		return c.arith(n, nd)
	}
	return operand{}, compileTypeError(n, "a bool, want a number")
}

// cmpValues compares two known values of the same kind.
func cmpValues(op ast.Op, a, b ast.Value) bool {
	h, _ := sem.Compare(op, a, b)
	return h
}
