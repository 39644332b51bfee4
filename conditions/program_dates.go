package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Date arithmetic in compiled programs. Dates live in number registers
// and slots as their day counts (exact in a float64), so date - date is
// an ordinary subtraction, and date ± period is one instruction, opShift,
// that moves a day count by the calendar rule of package sem.

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

// shift runs an opShift instruction: a date moved by a period.
func (v *Values) shift(p *Program, in *instr) {
	x, xk := v.num(p, in.ma, in.a)
	if !xk {
		v.regN[in.dst] = nv{}
		return
	}
	v.regN[in.dst] = nv{float64(sem.Shift(int64(x), int32(in.x), int64(in.y), int(in.c)-1)), true}
}
