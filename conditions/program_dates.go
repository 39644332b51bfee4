package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Date arithmetic in compiled programs. Dates live in number registers
// and slots as their day counts (exact in a float64), so date - date is
// an ordinary subtraction, and date ± period is one instruction, opShift,
// that moves a day count by the calendar rule of package sem.

// arithType returns the static type of the arithmetic n, remembered so
// that a long chain of operations is typed in linear time.
func (c *compiler) arithType(n *ast.Arith) (Type, error) {
	if t, ok := c.arithTypes[n]; ok {
		return t, nil
	}
	lt, err := c.typeOf(n.L)
	if err != nil {
		return Any, err
	}
	rt, err := c.typeOf(n.R)
	if err != nil {
		return Any, err
	}
	t := Number // or a type error Check reports
	if k, ok := sem.ArithKind(n.Op, ast.Kind(lt), ast.Kind(rt)); ok {
		t = Type(k)
	}
	if c.arithTypes == nil {
		c.arithTypes = map[*ast.Arith]Type{}
	}
	c.arithTypes[n] = t
	return t, nil
}

// isDated reports whether the arithmetic n has a date or period operand.
func (c *compiler) isDated(n *ast.Arith) bool {
	lt, _ := c.typeOf(n.L)
	rt, _ := c.typeOf(n.R)
	return lt == Date || lt == Period || rt == Date || rt == Period
}

// hasArith reports whether n is, up to tags, arithmetic.
func hasArith(n ast.Node) bool {
	_, ok := ast.Untag(n).(*ast.Arith)
	return ok
}

// dated compiles a date operand: a date literal or fact, or date ± period,
// using registers from nd up if it needs code.
func (c *compiler) dated(n ast.Node, nd int) (operand, error) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindDate {
			return operand{}, compileTypeError(n, "%s is %s, want a date", ast.FormatValue(n.Val), withArticle(Type(n.Val.Kind)))
		}
		return operand{mode: modeConst, val: n.Val}, nil
	case *ast.Fact:
		slot, err := c.fact(n, Date)
		return operand{mode: modeFact, idx: slot}, err
	case *ast.Arith:
		return c.datedArith(n, nd)
	}
	return operand{}, compileTypeError(n, "want a date")
}

// datedArith compiles date ± period (a date) or date - date (a number of
// days) into register nd, or folds it to a constant.
func (c *compiler) datedArith(n *ast.Arith, nd int) (operand, error) {
	lt, _ := c.typeOf(n.L)
	rt, _ := c.typeOf(n.R)
	if lt == Date && rt == Date && n.Op == ast.OpSub {
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
	x, err := c.dated(d, nd)
	if err != nil {
		return operand{}, err
	}
	if x.mode == modeConst {
		return operand{mode: modeConst, val: ast.Date(sem.Shift(x.val.D, lit.Val.M, lit.Val.D, sign))}, nil
	}
	c.useN(nd)
	in := instr{op: opShift, dst: int32(nd), c: uint8(sign + 1), x: uint64(lit.Val.M), y: uint64(lit.Val.D)}
	in.ma, in.a = c.numOperand(x)
	c.emit(in)
	return operand{mode: modeReg, idx: int32(nd), fail: x.fail}, nil
}

// shift runs an opShift instruction: a date moved by a period.
func (v *Values) shift(p *Program, in *instr) {
	x, xk := v.num(p, in.ma, in.a)
	if !xk {
		v.regN[in.dst] = nv{}
		return
	}
	v.regN[in.dst] = nv{float64(sem.Shift(int64(x), int32(in.x), int64(in.y), int(in.c)-1)), true}
}
