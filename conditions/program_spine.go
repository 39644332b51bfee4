package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The compiler walks the left spines of arithmetic chains in loops and
// recurses only into right operands (see ast.Spine), so that its stack
// stays shallow on a chain as long as the language allows: a chain
// x + x + ... + x is as deep as it is long. Each loop does, level by
// level and in the same order, what recursing into the left operand
// would do, so the code emitted and the errors met are the same.

// arithType returns the static type of the arithmetic n, remembered so
// that a long chain of operations is typed in linear time. It types the
// chain from its innermost operation not yet typed outwards.
func (c *compiler) arithType(n *ast.Arith) (Type, error) {
	if t, ok := c.arithTypes[n]; ok {
		return t, nil
	}
	base := len(c.spine)
	defer func() { c.spine = c.spine[:base] }()
	c.spine = ast.Spine(c.spine, n, func(_, l *ast.Arith) bool {
		_, typed := c.arithTypes[l]
		return !typed
	})
	lt, err := c.typeOf(c.spine[len(c.spine)-1].L)
	if err != nil {
		return Any, err
	}
	if c.arithTypes == nil {
		c.arithTypes = map[*ast.Arith]Type{}
	}
	for i := len(c.spine) - 1; i >= base; i-- {
		a := c.spine[i] // typeOf may have grown c.spine and moved it
		rt, err := c.typeOf(a.R)
		if err != nil {
			return Any, err
		}
		t := Number // or a type error Check reports
		if k, ok := sem.ArithKind(a.Op, ast.Kind(lt), ast.Kind(rt)); ok {
			t = Type(k)
		}
		c.arithTypes[a] = t
		lt = t
	}
	return lt, nil
}

// arith compiles the arithmetic n, a number, into register nd or folds
// it to a constant. The operations of the left spine that are not dated
// (see isDated) are compiled in a loop, innermost first, each into nd with
// its right operand in the register after the left one's.
func (c *compiler) arith(n *ast.Arith, nd int) (operand, error) {
	if c.isDated(n) {
		return c.datedArith(n, nd)
	}
	base := len(c.spine)
	defer func() { c.spine = c.spine[:base] }()
	c.spine = ast.Spine(c.spine, n, func(_, l *ast.Arith) bool { return !c.isDated(l) })
	l, err := c.number(c.spine[len(c.spine)-1].L, nd)
	if err != nil {
		return operand{}, err
	}
	for i := len(c.spine) - 1; i >= base; i-- {
		if l, err = c.arithStep(c.spine[i], l, nd); err != nil {
			return operand{}, err
		}
	}
	return l, nil
}

// arithStep compiles the number operation n, whose left operand compiled
// to l, into register nd, or folds it to a constant.
func (c *compiler) arithStep(n *ast.Arith, l operand, nd int) (operand, error) {
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
		return operand{mode: modeConst, val: ast.Number(sem.Arith(n.Op, l.val.N, r.val.N))}, nil
	}
	c.useN(nd)
	in := instr{op: opArith, c: uint8(n.Op), dst: int32(nd)}
	in.ma, in.a = c.numOperand(l)
	in.mb, in.b = c.numOperand(r)
	if div {
		in.x = uint64(len(c.p.divs))
		c.p.divs = append(c.p.divs, division{rng: c.ev.operator(n, '/'), node: n})
	}
	c.emit(in)
	return operand{mode: modeReg, idx: int32(nd), fail: fail}, nil
}

// shiftStep is one operation date ± period of a chain datedArith
// compiles: the period's months and days and the sign of the move.
type shiftStep struct {
	m    int32
	d    int64
	sign int
}

// datedArith compiles date ± period (a date) or date - date (a number of
// days) into register nd, or folds it to a constant. A chain of moves
// d ± p1 ± p2 ... is checked on the way down its dates in a loop and
// compiled on the way up, innermost move first.
func (c *compiler) datedArith(n *ast.Arith, nd int) (operand, error) {
	base := len(c.shifts)
	defer func() { c.shifts = c.shifts[:base] }()
	var x operand
	for {
		lt, _ := c.typeOf(n.L)
		rt, _ := c.typeOf(n.R)
		if lt == Date && rt == Date && n.Op == ast.OpSub {
			var err error
			if x, err = c.dateDiff(n, nd); err != nil {
				return operand{}, err
			}
			break
		}
		d, p, sign := n.L, n.R, 1
		if lt == Period {
			d, p = n.R, n.L
		}
		if n.Op == ast.OpSub {
			sign = -1
		}
		lit, ok := ast.Untag(p).(*ast.Lit)
		if !ok || lit.Val.Kind != ast.KindPeriod || n.Op != ast.OpAdd && n.Op != ast.OpSub || lt == Period && sign < 0 {
			return operand{}, compileTypeError(n, "cannot apply '%s' to %s and %s", n.Op, lt, rt)
		}
		c.shifts = append(c.shifts, shiftStep{m: lit.Val.M, d: lit.Val.D, sign: sign})
		if a, ok := ast.Untag(d).(*ast.Arith); ok {
			n = a // what dated does with it
			continue
		}
		var err error
		if x, err = c.dated(d, nd); err != nil {
			return operand{}, err
		}
		break
	}
	for i := len(c.shifts) - 1; i >= base; i-- {
		s := c.shifts[i]
		if x.mode == modeConst {
			x = operand{mode: modeConst, val: ast.Date(sem.Shift(x.val.D, s.m, s.d, s.sign))}
			continue
		}
		c.useN(nd)
		in := instr{op: opShift, dst: int32(nd), c: uint8(s.sign + 1), x: uint64(s.m), y: uint64(s.d)}
		in.ma, in.a = c.numOperand(x)
		c.emit(in)
		x = operand{mode: modeReg, idx: int32(nd), fail: x.fail}
	}
	return x, nil
}

// dateDiff compiles date - date, a number of days, into register nd, or
// folds it to a constant.
func (c *compiler) dateDiff(n *ast.Arith, nd int) (operand, error) {
	l, err := c.dated(n.L, nd)
	if err != nil {
		return operand{}, err
	}
	next := nd
	if l.mode == modeReg {
		next = nd + 1
	}
	r, err := c.dated(n.R, next)
	if err != nil {
		return operand{}, err
	}
	if l.mode == modeConst && r.mode == modeConst {
		v, _ := sem.DateArith(n.Op, l.val, r.val)
		return operand{mode: modeConst, val: v}, nil
	}
	c.useN(nd)
	in := instr{op: opArith, c: uint8(ast.OpSub), dst: int32(nd)}
	in.ma, in.a = c.numOperand(l)
	in.mb, in.b = c.numOperand(r)
	c.emit(in)
	return operand{mode: modeReg, idx: int32(nd), fail: l.fail || r.fail}, nil
}

// constArith is constValue of the arithmetic n. It folds the left spine
// of n in a loop, innermost operation first; since an operation is a
// constant only if its left operand is, it stops at the first that is
// not.
func constArith(n *ast.Arith) (ast.Value, bool) {
	in := n
	for {
		l, ok := in.L.(*ast.Arith)
		if !ok {
			break
		}
		in = l
	}
	x, ok := constValue(in.L)
	if !ok {
		return ast.Value{}, false
	}
	var buf [16]*ast.Arith
	spine := ast.Spine(buf[:0], n, nil)
	for i := len(spine) - 1; i >= 0; i-- {
		a := spine[i]
		y, ok := constValue(a.R)
		switch {
		case !ok:
			return ast.Value{}, false
		case x.Kind != ast.KindNumber || y.Kind != ast.KindNumber:
			if x, ok = sem.DateArith(a.Op, x, y); !ok {
				return ast.Value{}, false
			}
		case sem.DivByZero(a.Op, y.N):
			return ast.Value{}, false
		default:
			x = ast.Number(sem.Arith(a.Op, x.N, y.N))
		}
	}
	return x, true
}
