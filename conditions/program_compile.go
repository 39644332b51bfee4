package conditions

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// The compiler turns a condition into code for a register machine (see
// [Program.run]). Boolean registers b hold lane masks ([tf]); number
// registers n hold a float64 and whether it is known ([nv]).
//
// Every instruction that yields a boolean r combines it into its
// destination register b[dst] as its flags say: r is first negated if
// flagNeg is set, then b[dst] becomes r, b[dst] and r (flagAnd) or
// b[dst] or r (flagOr). The arguments of "and" and "or" therefore
// accumulate straight into the register of the whole, and "not" costs
// nothing: it is pushed down to the leaves by De Morgan's laws, which hold
// in Kleene's logic.

// opcode is an instruction of the machine.
type opcode uint8

const (
	opConst     opcode = iota // r = constant: true in the lanes of x, false in the others
	opFact                    // r = bool slot a
	opAndFacts                // r = and of slots lists[a:x] and of the negations of slots lists[x:b]
	opOrFacts                 // r = or of the same
	opComb                    // r = b[a]
	opEqBool                  // r = b[a] == b[b]
	opClear                   // counters b[dst:dst+c] = 0
	opCntFacts                // counters b[dst:dst+c] += slots lists[a:x], negated slots lists[x:b]
	opCnt                     // counters b[dst:dst+c] += b[a]
	opAtLeast                 // r = counters b[a:a+c] >= x
	opCmpNumFC                // r = number slot a <c> constant x (float64 bits)
	opCmpNum                  // r = number operand (ma, a) <c> (mb, b)
	opCmpDateFC               // r = date slot a <c> constant day x
	opCmpDateFF               // r = date slot a <c> date slot b
	opCmpStrFC                // r = string slot a <c> strs[b]
	opCmpStrFF                // r = string slot a <c> string slot b
	opArith                   // n[dst] = number operand (ma, a) <c> (mb, b); divs[x] if c is /
	opNeg                     // n[dst] = -number operand (ma, a)
)

// Flags of an instruction that yields a boolean.
const (
	flagNeg uint8 = 1 << iota // negate the result
	flagAnd                   // and it into b[dst]
	flagOr                    // or it into b[dst]
)

// Operand modes of number operands.
const (
	modeReg   uint8 = iota // number register
	modeFact               // number slot
	modeConst              // nums[idx]
)

// instr is one instruction. c is a comparison or arithmetic operator
// ([ast.Op]) or a counter width.
type instr struct {
	op     opcode
	fl     uint8
	c      uint8
	ma, mb uint8
	dst    int32
	a, b   int32
	x      uint64
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
}

// sink is where a boolean goes: into register dst, combined as acc says
// (0, flagAnd or flagOr).
type sink struct {
	dst int
	acc uint8
}

// flags returns the flags of an instruction yielding into k, negated if
// neg.
func (k sink) flags(neg bool) uint8 {
	if neg {
		return k.acc | flagNeg
	}
	return k.acc
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

// typeError reports an operand of the wrong type. Compile runs [Check]
// first, so the compiler meets these only when called on its own.
func typeError(n ast.Node, format string, args ...any) error {
	return newError(CodeType, n.Span(), format, args...)
}

// fact returns the slot of f, which must be declared with type want.
func (c *compiler) fact(f *ast.Fact, want Type) (int32, error) {
	i, ok := c.s.Index(f.Name)
	if !ok {
		return 0, unknownFactError(c.s, f)
	}
	if got := c.s.fields[i].Type; got != want {
		return 0, typeError(f, "fact %q is %s, want %s", f.Name, withArticle(got), withArticle(want))
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
		return Number, nil
	}
	return Bool, nil
}

func not(t Truth) Truth {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}

// konst returns the constant outcome v, negated if neg.
func konst(v Truth, neg bool) bres {
	if neg {
		v = not(v)
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
	c.emit(instr{op: opConst, dst: int32(k.dst), fl: k.acc, x: laneMask(v == True)})
	return bres{fail: true}
}

// boolean compiles n, of type Bool and negated if neg, into k.
func (c *compiler) boolean(n ast.Node, k sink, neg bool) (bres, error) {
	c.useB(k.dst)
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindBool {
			return bres{}, typeError(n, "%s is %s, want a bool", ast.FormatValue(n.Val), withArticle(Type(n.Val.Kind)))
		}
		return konst(TruthOf(n.Val.B), neg), nil
	case *ast.Fact:
		slot, err := c.fact(n, Bool)
		if err != nil {
			return bres{}, err
		}
		c.emit(instr{op: opFact, dst: int32(k.dst), fl: k.flags(neg), a: slot})
		return bres{}, nil
	case *ast.Unary:
		if n.Op != ast.OpNot {
			return bres{}, typeError(n, "a number, want a bool")
		}
		return c.boolean(n.X, k, !neg)
	case *ast.Logic:
		return c.viaRegister(k, func(r int) (bres, error) { return c.logic(n, r, neg) })
	case *ast.AtLeast:
		return c.atLeast(n, k, neg)
	case *ast.Compare:
		return c.compare(n, k, neg)
	case *ast.Arith:
		return bres{}, typeError(n, "a number, want a bool")
	}
	return bres{}, fmt.Errorf("conditions: compile: unexpected node %T", n)
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
	c.emit(instr{op: opComb, dst: int32(k.dst), fl: k.acc, a: int32(k.dst + 1)})
	return res, nil
}

// factArgs splits args into bool facts, negated bool facts (each negated
// once more if neg) and the rest, and appends the facts to p.lists. It
// returns the list bounds: facts are lists[lo:mid], negated facts
// lists[mid:hi].
func (c *compiler) factArgs(args []ast.Node, neg bool) (lo, mid, hi int, others []ast.Node, err error) {
	var negs []int32
	lo = len(c.p.lists)
	for _, a := range args {
		f, negated := (*ast.Fact)(nil), neg
		switch x := ast.Untag(a).(type) {
		case *ast.Fact:
			f = x
		case *ast.Unary:
			if y, ok := ast.Untag(x.X).(*ast.Fact); ok && x.Op == ast.OpNot {
				f, negated = y, !neg
			}
		}
		if f == nil {
			others = append(others, a)
			continue
		}
		slot, err := c.fact(f, Bool)
		if err != nil {
			return 0, 0, 0, nil, err
		}
		if negated {
			negs = append(negs, slot)
		} else {
			c.p.lists = append(c.p.lists, slot)
		}
	}
	mid = len(c.p.lists)
	c.p.lists = append(c.p.lists, negs...)
	return lo, mid, len(c.p.lists), others, nil
}

// logic compiles an and or or, negated if neg, into register r.
func (c *compiler) logic(n *ast.Logic, r int, neg bool) (bres, error) {
	m := c.mark()
	and := (n.Op == ast.OpAnd) != neg // not (a and b) is not a or not b
	absorb, acc, listOp := False, flagAnd, opAndFacts
	if !and {
		absorb, acc, listOp = True, flagOr, opOrFacts
	}
	lo, mid, hi, others, err := c.factArgs(n.Args, neg)
	if err != nil {
		return bres{}, err
	}
	filled := false // whether r holds the value of the arguments so far
	if hi > lo {
		c.emit(instr{op: listOp, dst: int32(r), a: int32(lo), x: uint64(mid), b: int32(hi)})
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
		return bres{konst: true, val: not(absorb)}, nil
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
	lo, mid, hi, others, err := c.factArgs(n.Args, false)
	if err != nil {
		return bres{}, err
	}
	if hi > lo {
		c.emit(instr{op: opCntFacts, dst: int32(base), c: uint8(w), a: int32(lo), x: uint64(mid), b: int32(hi)})
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
			v = not(v)
		}
		return c.constant(m, v, fail, k), nil
	}
	c.emit(instr{op: opAtLeast, dst: int32(k.dst), fl: k.flags(neg), a: int32(base), c: uint8(w), x: uint64(need)})
	return bres{fail: fail}, nil
}

// flip returns the operator op' with a op b == b op' a.
func flip(op ast.Op) ast.Op {
	switch op {
	case ast.OpLt:
		return ast.OpGt
	case ast.OpLe:
		return ast.OpGe
	case ast.OpGt:
		return ast.OpLt
	case ast.OpGe:
		return ast.OpLe
	}
	return op
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
		return bres{}, typeError(n, "cannot compare %s with %s", withArticle(lt), withArticle(rt))
	}
	if lt == Bool {
		if n.Op != ast.OpEq && n.Op != ast.OpNe {
			return bres{}, typeError(n, "operator %s does not apply to bools", n.Op)
		}
		return c.compareBools(n, k, neg)
	}
	var l, r operand
	if lt == Number {
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
		return konst(TruthOf(cmpValues(op, l.val, r.val)), neg), nil
	}
	if l.mode == modeConst && r.mode == modeFact {
		l, r, op = r, l, flip(op)
	}
	in := instr{c: uint8(op), dst: int32(k.dst), fl: k.flags(neg)}
	switch {
	case lt == Number && l.mode == modeFact && r.mode == modeConst:
		in.op, in.a, in.x = opCmpNumFC, l.idx, math.Float64bits(r.val.N)
	case lt == Number:
		in.op = opCmpNum
		in.ma, in.a = c.numOperand(l)
		in.mb, in.b = c.numOperand(r)
	case lt == Date && r.mode == modeConst:
		in.op, in.a, in.x = opCmpDateFC, l.idx, uint64(r.val.D)
	case lt == Date:
		in.op, in.a, in.b = opCmpDateFF, l.idx, r.idx
	case lt == String && r.mode == modeConst:
		in.op, in.a, in.b = opCmpStrFC, l.idx, int32(len(c.p.strs))
		c.p.strs = append(c.p.strs, r.val.S)
	default:
		in.op, in.a, in.b = opCmpStrFF, l.idx, r.idx
	}
	c.emit(in)
	return bres{fail: l.fail || r.fail}, nil
}

// numOperand returns the mode and index of a number operand, moving a
// constant to the constant pool.
func (c *compiler) numOperand(o operand) (uint8, int32) {
	if o.mode == modeConst {
		c.p.nums = append(c.p.nums, o.val.N)
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
		c.emit(instr{op: opComb, dst: int32(k.dst), fl: k.flags(neg != (r.val == False)), a: int32(r1)})
	} else {
		c.emit(instr{op: opEqBool, dst: int32(k.dst), fl: k.flags(neg), a: int32(r1), b: int32(r2)})
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
	return operand{}, typeError(n, "want %s", withArticle(t))
}

// number compiles a number operand, using registers from nd up if it needs
// code.
func (c *compiler) number(n ast.Node, nd int) (operand, error) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindNumber {
			return operand{}, typeError(n, "%s is %s, want a number", ast.FormatValue(n.Val), withArticle(Type(n.Val.Kind)))
		}
		return operand{mode: modeConst, val: n.Val}, nil
	case *ast.Fact:
		slot, err := c.fact(n, Number)
		return operand{mode: modeFact, idx: slot}, err
	case *ast.Unary:
		if n.Op != ast.OpNeg {
			return operand{}, typeError(n, "a bool, want a number")
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
		l, err := c.number(n.L, nd)
		if err != nil {
			return operand{}, err
		}
		next := nd
		if l.mode == modeReg {
			next = nd + 1
		}
		r, err := c.number(n.R, next)
		if err != nil {
			return operand{}, err
		}
		div := n.Op == ast.OpDiv
		fail := l.fail || r.fail || div && !(r.mode == modeConst && r.val.N != 0)
		if l.mode == modeConst && r.mode == modeConst && !fail {
			return operand{mode: modeConst, val: ast.Number(arith(n.Op, l.val.N, r.val.N))}, nil
		}
		c.useN(nd)
		in := instr{op: opArith, c: uint8(n.Op), dst: int32(nd)}
		in.ma, in.a = c.numOperand(l)
		in.mb, in.b = c.numOperand(r)
		if div {
			in.x = uint64(len(c.p.divs))
			c.p.divs = append(c.p.divs, division{rng: c.ev.operator(n, '/'), text: ast.Format(n)})
		}
		c.emit(in)
		return operand{mode: modeReg, idx: int32(nd), fail: fail}, nil
	}
	return operand{}, typeError(n, "a bool, want a number")
}

// The operations, shared by the compiler's constant folding and the
// machine, so that both compute exactly the same.

func arith(op ast.Op, a, b float64) float64 {
	switch op {
	case ast.OpAdd:
		return a + b
	case ast.OpSub:
		return a - b
	case ast.OpMul:
		return a * b
	}
	return a / b
}

func cmpNum(op ast.Op, a, b float64) bool {
	switch op {
	case ast.OpEq:
		return a == b
	case ast.OpNe:
		return a != b
	case ast.OpLt:
		return a < b
	case ast.OpLe:
		return a <= b
	case ast.OpGt:
		return a > b
	}
	return a >= b
}

func cmpInt(op ast.Op, a, b int64) bool {
	switch op {
	case ast.OpEq:
		return a == b
	case ast.OpNe:
		return a != b
	case ast.OpLt:
		return a < b
	case ast.OpLe:
		return a <= b
	case ast.OpGt:
		return a > b
	}
	return a >= b
}

func cmpStr(op ast.Op, a, b string) bool {
	switch op {
	case ast.OpEq:
		return a == b
	case ast.OpNe:
		return a != b
	case ast.OpLt:
		return a < b
	case ast.OpLe:
		return a <= b
	case ast.OpGt:
		return a > b
	}
	return a >= b
}

// cmpValues compares two known values of the same kind.
func cmpValues(op ast.Op, a, b ast.Value) bool {
	switch a.Kind {
	case ast.KindNumber:
		return cmpNum(op, a.N, b.N)
	case ast.KindString:
		return cmpStr(op, a.S, b.S)
	case ast.KindDate:
		return cmpInt(op, a.D, b.D)
	}
	return (a.B == b.B) == (op == ast.OpEq)
}
