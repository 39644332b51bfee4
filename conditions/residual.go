package conditions

import (
	"math"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Residual returns what is left of e once the facts known in f are taken
// into account: the condition on the still-unknown facts that decides e.
//
// Residual substitutes the value of every fact f knows, evaluates every
// subexpression whose facts are all known, and simplifies the result with
// the identities of Kleene's three-valued logic:
//
//   - "true and x" is x, "false and x" is false, "x or true" is true,
//     "x or false" is x, and an "and" or "or" left with one operand is that
//     operand;
//   - "not true" is false, "not false" is true, "not not x" is x;
//   - in atleast(k, ...), operands that are decided are dropped and k is
//     lowered by the number of true ones; then atleast with k <= 0 is true,
//     with k greater than the number of operands left is false, with k = 1
//     is their "or" and with k equal to their number is their "and".
//
// When e is decided by f the result is the literal true or false. Arithmetic
// whose result is not a finite number (such as 1e308 * 10), and division by
// zero, are left as they are, so that evaluating the residual reports the
// same outcome as evaluating e. Subexpressions that survive keep their
// origins (see [WithOrigin]) and the source ranges they have in e; the
// residual's [Expr.Source] is its canonical text.
//
// The residual is sound: for every completion g of f (values for facts f
// leaves unknown), Eval(Residual(e, f), g) has the same value as Eval(e, f
// plus g), whenever the latter succeeds. Residual removes decided
// subexpressions; if such a subexpression would make [Eval] report an error
// (a division by zero under "false and ..."), the residual may evaluate
// without that error.
//
// Residual assumes facts that [Eval] accepts. It cannot return an error, so
// a fact value that does not fit where the fact is used is treated as
// unknown and left in the residual: a value of a Go type the language does
// not know, a NaN, a non-bool as an operand of and, or, not or atleast, a
// non-number in arithmetic, or a value of another type than the other side
// of a comparison. (For such values [Eval] reports an error whatever the
// other facts are, so the residual's soundness is not at stake.) Use
// [Eval] or [Takes] to have such values reported.
//
// Residual never modifies f or e, and is safe for concurrent use.
func Residual(e Expr, f Facts) Expr {
	if e.root == nil {
		return e
	}
	r := residualizer{facts: f}
	x := r.node(e.root, ast.KindBool)
	if x.n == e.root {
		return e
	}
	return Expr{root: x.node(e.root)}
}

// residualizer holds the state of one call of Residual.
type residualizer struct {
	facts Facts
}

// resVal is the residual of a subexpression: a value when it is decided
// (known), or else a node. A decided residual may carry the literal node
// it came from, to be shared rather than rebuilt when it is needed in the
// tree; otherwise no node is allocated for it unless it is needed.
type resVal struct {
	n     ast.Node
	v     ast.Value
	known bool
}

// node returns x as a node; orig is the subexpression x is the residual
// of, whose source range a new literal gets.
func (x resVal) node(orig ast.Node) ast.Node {
	if x.n != nil {
		return x.n
	}
	return &ast.Lit{Val: x.v, Rng: orig.Span()}
}

// isBool reports whether x is decided to be the boolean b.
func (x resVal) isBool(b bool) bool {
	return x.known && x.v.Kind == ast.KindBool && x.v.B == b
}

func resKnown(v ast.Value) resVal { return resVal{v: v, known: true} }

// value returns the known value of the named fact, if it is known and of
// kind want (any kind for KindAny).
func (r *residualizer) value(name string, want ast.Kind) (ast.Value, bool) {
	raw, present := r.facts[name]
	if !present {
		return ast.Value{}, false
	}
	v, ok, err := valueOf(raw)
	if !ok || err != nil {
		return ast.Value{}, false
	}
	if want != ast.KindAny && v.Kind != want {
		return ast.Value{}, false
	}
	return v, true
}

// node returns the residual of n, where the context of n requires a value
// of kind want (KindAny if the context does not tell). A residual that is
// a node is n itself when nothing in n changes, so unchanged subtrees are
// shared, not copied.
func (r *residualizer) node(n ast.Node, want ast.Kind) resVal {
	switch n := n.(type) {
	case *ast.Tagged:
		x := r.node(n.X, want)
		switch {
		case x.known:
			return resKnown(x.v) // decided: the origin goes with it
		case x.n == n.X:
			return resVal{n: n}
		}
		return resVal{n: &ast.Tagged{Origin: n.Origin, X: x.n}}
	case *ast.Fact:
		if v, ok := r.value(n.Name, want); ok {
			return resKnown(v)
		}
		return resVal{n: n}
	case *ast.Lit:
		return resVal{n: n, v: n.Val, known: true}
	case *ast.Unary:
		if n.Op == ast.OpNot {
			x := r.node(n.X, ast.KindBool)
			switch {
			case x.known && x.v.Kind == ast.KindBool:
				return resKnown(ast.Bool(!x.v.B))
			case x.known:
				// Ill-typed: left for Eval to report.
			default:
				if u, ok := x.n.(*ast.Unary); ok && u.Op == ast.OpNot {
					return resVal{n: u.X}
				}
			}
			return r.rebuild(n, x, func(x ast.Node) ast.Node { return &ast.Unary{Op: n.Op, X: x, Rng: n.Rng} })
		}
		x := r.node(n.X, ast.KindNumber)
		if x.known && x.v.Kind == ast.KindNumber {
			return resKnown(ast.Number(-x.v.N))
		}
		return r.rebuild(n, x, func(x ast.Node) ast.Node { return &ast.Unary{Op: n.Op, X: x, Rng: n.Rng} })
	case *ast.Arith:
		l, rr := r.node(n.L, ast.KindNumber), r.node(n.R, ast.KindNumber)
		if l.known && rr.known && l.v.Kind == ast.KindNumber && rr.v.Kind == ast.KindNumber {
			if v, ok := resArith(n.Op, l.v.N, rr.v.N); ok {
				return resKnown(ast.Number(v))
			}
		}
		if l.n == n.L && rr.n == n.R {
			return resVal{n: n}
		}
		return resVal{n: &ast.Arith{Op: n.Op, L: l.node(n.L), R: rr.node(n.R), Rng: n.Rng}}
	case *ast.Compare:
		l, rr := r.node(n.L, resStaticKind(n.R)), r.node(n.R, resStaticKind(n.L))
		if l.known && rr.known {
			if v, ok := resCompare(n.Op, l.v, rr.v); ok {
				return resKnown(ast.Bool(v))
			}
		}
		if l.n == n.L && rr.n == n.R {
			return resVal{n: n}
		}
		return resVal{n: &ast.Compare{Op: n.Op, L: l.node(n.L), R: rr.node(n.R), Rng: n.Rng}}
	case *ast.Logic:
		return r.logic(n)
	case *ast.AtLeast:
		return r.atLeast(n)
	}
	return resVal{n: n}
}

// rebuild returns the residual of the unary node n whose operand's
// residual is x: n itself if x is n's operand, else a node built by mk.
func (r *residualizer) rebuild(n *ast.Unary, x resVal, mk func(ast.Node) ast.Node) resVal {
	if x.n == n.X {
		return resVal{n: n}
	}
	return resVal{n: mk(x.node(n.X))}
}

// logic simplifies an and/or node: an absorbing operand (false for and,
// true for or) decides it, neutral operands are dropped.
func (r *residualizer) logic(n *ast.Logic) resVal {
	absorb := n.Op == ast.OpOr // the value that decides the node
	var args []ast.Node        // nil while the operands are unchanged
	for i, a := range n.Args {
		x := r.node(a, ast.KindBool)
		switch {
		case x.isBool(absorb):
			return resKnown(ast.Bool(absorb))
		case x.isBool(!absorb):
			if args == nil {
				args = append(make([]ast.Node, 0, len(n.Args)), n.Args[:i]...)
			}
			continue
		case x.n != a && args == nil:
			args = append(make([]ast.Node, 0, len(n.Args)), n.Args[:i]...)
		}
		if args != nil {
			args = append(args, x.node(a))
		}
	}
	switch {
	case args == nil:
		return resVal{n: n}
	case len(args) == 0:
		return resKnown(ast.Bool(!absorb))
	}
	return resVal{n: resLogic(n.Op, args, n.Rng)}
}

// atLeast simplifies atleast(k, ...): decided operands are dropped, the
// true ones lowering k.
func (r *residualizer) atLeast(n *ast.AtLeast) resVal {
	k := n.K
	var args []ast.Node // nil while the operands are unchanged
	for i, a := range n.Args {
		x := r.node(a, ast.KindBool)
		decided := x.isBool(true) || x.isBool(false)
		if (decided || x.n != a) && args == nil {
			args = append(make([]ast.Node, 0, len(n.Args)), n.Args[:i]...)
		}
		if decided {
			if x.v.B {
				k--
			}
			continue
		}
		if args != nil {
			args = append(args, x.node(a))
		}
	}
	changed := args != nil
	if !changed {
		args = n.Args
	}
	switch {
	case k <= 0:
		return resKnown(ast.Bool(true))
	case k > len(args):
		return resKnown(ast.Bool(false))
	case k == 1:
		return resVal{n: resLogic(ast.OpOr, args, n.Rng)}
	case k == len(args):
		return resVal{n: resLogic(ast.OpAnd, args, n.Rng)}
	case !changed:
		return resVal{n: n}
	}
	x := &ast.AtLeast{K: k, Args: args, Rng: n.Rng}
	if k == n.K {
		x.KRng = n.KRng
	}
	return resVal{n: x}
}

// resLogic builds an and/or node over args, flattening untagged operands
// of the same operator as [ast.NewLogic] does; a single operand is
// returned as it is.
func resLogic(op ast.Op, args []ast.Node, rng ast.Range) ast.Node {
	if len(args) == 1 {
		return args[0]
	}
	flat := args
	for i, a := range args {
		if l, ok := a.(*ast.Logic); ok && l.Op == op {
			flat = append(make([]ast.Node, 0, len(args)+len(l.Args)), args[:i]...)
			for _, b := range args[i:] {
				if l, ok := b.(*ast.Logic); ok && l.Op == op {
					flat = append(flat, l.Args...)
				} else {
					flat = append(flat, b)
				}
			}
			break
		}
	}
	return &ast.Logic{Op: op, Args: flat, Rng: rng}
}

// resStaticKind returns the kind of n's value as far as it is known
// without facts: KindAny for a fact.
func resStaticKind(n ast.Node) ast.Kind {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return n.Val.Kind
	case *ast.Arith:
		return ast.KindNumber
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			return ast.KindNumber
		}
		return ast.KindBool
	case *ast.Logic, *ast.Compare, *ast.AtLeast:
		return ast.KindBool
	}
	return ast.KindAny
}

// resArith computes a op b, and reports false when the result is not a
// finite number or b is a zero divisor: such results are not folded.
func resArith(op ast.Op, a, b float64) (float64, bool) {
	var v float64
	switch op {
	case ast.OpAdd:
		v = a + b
	case ast.OpSub:
		v = a - b
	case ast.OpMul:
		v = a * b
	case ast.OpDiv:
		if b == 0 {
			return 0, false
		}
		v = a / b
	default:
		return 0, false
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// resCompare compares two values as the language does. It reports false
// when the comparison is not defined: values of different kinds, or an
// ordering operator on booleans.
func resCompare(op ast.Op, a, b ast.Value) (bool, bool) {
	if a.Kind != b.Kind {
		return false, false
	}
	var c int // -1, 0 or +1; for numbers a NaN makes every ordering false
	switch a.Kind {
	case ast.KindBool:
		switch op {
		case ast.OpEq:
			return a.B == b.B, true
		case ast.OpNe:
			return a.B != b.B, true
		}
		return false, false
	case ast.KindNumber:
		switch op {
		case ast.OpEq:
			return a.N == b.N, true
		case ast.OpNe:
			return a.N != b.N, true
		case ast.OpLt:
			return a.N < b.N, true
		case ast.OpLe:
			return a.N <= b.N, true
		case ast.OpGt:
			return a.N > b.N, true
		case ast.OpGe:
			return a.N >= b.N, true
		}
		return false, false
	case ast.KindString:
		switch {
		case a.S < b.S:
			c = -1
		case a.S > b.S:
			c = 1
		}
	case ast.KindDate:
		switch {
		case a.D < b.D:
			c = -1
		case a.D > b.D:
			c = 1
		}
	default:
		return false, false
	}
	switch op {
	case ast.OpEq:
		return c == 0, true
	case ast.OpNe:
		return c != 0, true
	case ast.OpLt:
		return c < 0, true
	case ast.OpLe:
		return c <= 0, true
	case ast.OpGt:
		return c > 0, true
	case ast.OpGe:
		return c >= 0, true
	}
	return false, false
}
