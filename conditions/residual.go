package conditions

import (
	"context"
	"fmt"
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
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
// When e is decided by f the result is the literal true or false. Division
// by zero, and arithmetic with no numeric result (Inf - Inf), are left as
// they are, so that evaluating the residual reports the same outcome as
// evaluating e. An infinite value, from a fact or from arithmetic that
// overflows, prints as 1e+308 * 10 (or -1e+308 * 10), which evaluates to it.
// Subexpressions that survive keep their origins (see [WithOrigin]) and the
// source ranges they have in e; the residual's [Expr.Source] is its
// canonical text.
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
// Residual takes time linear in the size of e (at most 64 KiB of text, see
// [Parse]); [ResidualContext] can stop it early.
//
// Residual never modifies f or e, and is safe for concurrent use.
func Residual(e Expr, f Facts) Expr {
	x, _ := residual(nil, e, f)
	return x
}

// ResidualContext is [Residual] under a context: when ctx is cancelled or
// its deadline passes, it stops within a few thousand nodes and returns
// the zero Expr and an error that wraps ctx.Err(), so that
// errors.Is(err, context.Canceled) (or [context.DeadlineExceeded]) holds.
func ResidualContext(ctx context.Context, e Expr, f Facts) (Expr, error) {
	if err := ctx.Err(); err != nil {
		return Expr{}, residualStopped(err)
	}
	return residual(ctx, e, f)
}

// residualStopped is the error of a Residual stopped by its context.
func residualStopped(err error) error {
	return fmt.Errorf("conditions: residual: stopped: %w", err)
}

// residual implements Residual and ResidualContext; ctx is nil for the
// former.
func residual(ctx context.Context, e Expr, f Facts) (Expr, error) {
	if e.root == nil {
		return e, nil
	}
	if e.quantified() {
		x, flat, err := expandFacts(e, f)
		if err != nil {
			return e, nil // as for a fact of the wrong type: nothing is known
		}
		e, f = x, flat
	}
	r := residualizer{facts: f, ctx: ctx}
	x, _ := r.node(e.root, ast.KindBool)
	if r.err != nil {
		return Expr{}, residualStopped(r.err)
	}
	if x == e.root {
		return e, nil
	}
	return Expr{root: r.lit(x, e.root)}, nil
}

// residualCheck is the number of nodes between two looks at the context.
const residualCheck = 1024

// residualizer holds the state of one call of Residual.
//
// The residual of a subexpression is either a node, or a value when the
// subexpression is decided (known). Its methods return the residual as a
// node and whether it is known; the value of a known residual is left in
// val, to be read before the next call. A known residual may come with
// the literal node it came from, to be shared rather than rebuilt when it
// is needed in the tree; otherwise its node is nil, and no node is
// allocated for it unless it is needed (see resLit). Keeping the value out of
// the results keeps them in registers.
type residualizer struct {
	facts Facts
	val   ast.Value // the value of the last known residual returned
	ctx   context.Context
	steps int   // nodes visited, while ctx is not nil
	err   error // ctx.Err() once seen: the walk then unwinds

	static staticTypes  // the static types of arithmetic nodes
	spine  []*ast.Arith // the left spines of the arithmetic being walked (see arith)
}

// stopped reports whether the walk must stop: the context, looked at every
// residualCheck nodes, is done.
func (r *residualizer) stopped() bool {
	if r.ctx == nil {
		return false
	}
	if r.err == nil {
		r.steps++
		if r.steps%residualCheck == 0 {
			r.err = r.ctx.Err()
		}
	}
	return r.err != nil
}

// resLit returns the residual x as a node: x itself, or a new literal
// with the value v (the residual's value) when x is nil. orig is the
// subexpression x is the residual of, whose source range the literal
// gets.
func resLit(x ast.Node, v ast.Value, orig ast.Node) ast.Node {
	if x != nil {
		return x
	}
	return &ast.Lit{Val: v, Rng: orig.Span()}
}

// lit is resLit with the value in r.val.
func (r *residualizer) lit(x ast.Node, orig ast.Node) ast.Node { return resLit(x, r.val, orig) }

// value reports whether the named fact is known with a value of kind want
// (any kind for KindAny), and leaves the value in r.val.
func (r *residualizer) value(name string, want ast.Kind) bool {
	known, ok := convertInto(&r.val, r.facts[name])
	return known && ok && (want == ast.KindAny || r.val.Kind == want)
}

// convertInto converts the fact value raw into *dst as [sem.FromGo] does,
// and reports whether the value is known and whether it is accepted (no
// error).
func convertInto(dst *ast.Value, raw any) (known, ok bool) {
	v, known, err := sem.FromGo(raw)
	if err != nil {
		return false, false
	}
	*dst = v
	return known, true
}

// isBool reports whether a residual is known to be a boolean, and which.
func (r *residualizer) isBool(known bool) (isBool, b bool) {
	return known && r.val.Kind == ast.KindBool, r.val.B
}

// node returns the residual of n, where the context of n requires a value
// of kind want (KindAny if the context does not tell). A residual that is
// a node is n itself when nothing in n changes, so unchanged subtrees are
// shared, not copied.
func (r *residualizer) node(n ast.Node, want ast.Kind) (x ast.Node, known bool) {
	if r.stopped() {
		return n, false // the result is dropped
	}
	switch n := n.(type) {
	case *ast.Tagged:
		x, known := r.node(n.X, want)
		switch {
		case known:
			return nil, true // decided: the origin goes with it
		case x == n.X:
			return n, false
		}
		return &ast.Tagged{Origin: n.Origin, X: x}, false
	case *ast.Fact:
		if r.value(n.Name, want) {
			return nil, true
		}
		return n, false
	case *ast.Lit:
		r.val = n.Val
		return n, true
	case *ast.Unary:
		return r.unary(n)
	case *ast.Arith:
		return r.arith(n)
	case *ast.Compare:
		return r.compare(n)
	case *ast.Logic:
		return r.logic(n)
	case *ast.AtLeast:
		return r.atLeast(n)
	}
	return n, false
}

// unary returns the residual of a not or unary minus node.
func (r *residualizer) unary(n *ast.Unary) (ast.Node, bool) {
	if n.Op == ast.OpNot {
		x, known := r.node(n.X, ast.KindBool)
		switch isBool, b := r.isBool(known); {
		case isBool:
			r.val = ast.Bool(!b)
			return nil, true
		case known:
			// Ill-typed: left for Eval to report.
		default:
			if u, ok := x.(*ast.Unary); ok && u.Op == ast.OpNot {
				return u.X, false
			}
		}
		if x == n.X {
			return n, false
		}
		return &ast.Unary{Op: n.Op, X: r.lit(x, n.X), Rng: n.Rng}, false
	}
	x, known := r.node(n.X, ast.KindNumber)
	if known && r.val.Kind == ast.KindNumber {
		r.val = ast.Number(sem.Neg(r.val.N))
		return nil, true
	}
	if x == n.X {
		return n, false
	}
	return &ast.Unary{Op: n.Op, X: r.lit(x, n.X), Rng: n.Rng}, false
}

// arith returns the residual of the arithmetic n. It walks the left
// spine of n in a loop, innermost operation first, and recurses only
// into right operands, so that the goroutine stack stays shallow on
// chains of any length (see [ast.Spine]).
func (r *residualizer) arith(n *ast.Arith) (ast.Node, bool) {
	base := len(r.spine)
	r.spine = ast.Spine(r.spine, n, nil)
	// The innermost operation's left operand is no arithmetic.
	in := r.spine[len(r.spine)-1]
	l, lk := r.node(in.L, r.arithWant(in))
	lv := r.val
	for i := len(r.spine) - 1; i >= base; i-- {
		a := r.spine[i]
		if i > base && r.stopped() {
			r.spine = r.spine[:base]
			return n, false // the result is dropped
		}
		rx, rk := r.node(a.R, r.arithWant(a))
		l, lk = r.arithOf(a, l, lk, lv, rx, rk, r.val)
		lv = r.val
	}
	r.spine = r.spine[:base]
	return l, lk
}

// arithOf returns the residual of the arithmetic n given the residuals
// of its operands: l (known with the value lv when lk) and rx (known with
// the value rv when rk). The value of a known residual is left in r.val.
func (r *residualizer) arithOf(n *ast.Arith, l ast.Node, lk bool, lv ast.Value, rx ast.Node, rk bool, rv ast.Value) (ast.Node, bool) {
	if lk && rk && lv.Kind == ast.KindNumber && rv.Kind == ast.KindNumber {
		if v, ok := resArith(n.Op, lv.N, rv.N); ok {
			r.val = ast.Number(v)
			return nil, true
		}
	} else if v, ok := sem.DateArith(n.Op, lv, rv); lk && rk && ok {
		r.val = v
		return nil, true
	}
	if l == n.L && rx == n.R {
		return n, false
	}
	x := resNewArith(n, l, &lv, rx, &rv)
	// Cached as a parsed tree has it, so that the residual's static types
	// cost no map (see staticTypes).
	x.Static = uint8(arithType(x.Op, r.static.of(x.L), r.static.of(x.R))) + 1
	return x, false
}

// compare returns the residual of the comparison n.
func (r *residualizer) compare(n *ast.Compare) (ast.Node, bool) {
	l, lk := r.node(n.L, r.staticKind(n.R))
	lv := r.val
	rx, rk := r.node(n.R, r.staticKind(n.L))
	rv := r.val
	if lk && rk {
		if v, ok := resCompare(n.Op, lv, rv); ok {
			r.val = ast.Bool(v)
			return nil, true
		}
	}
	if l == n.L && rx == n.R {
		return n, false
	}
	return resNewCompare(n, l, &lv, rx, &rv), false
}

// logic simplifies an and/or node: an absorbing operand (false for and,
// true for or) decides it, neutral operands are dropped.
func (r *residualizer) logic(n *ast.Logic) (ast.Node, bool) {
	absorb := n.Op == ast.OpOr // the value that decides the node
	var buf [resBuf]ast.Node   // scratch for args, copied by resLogic
	var args []ast.Node        // nil while the operands are unchanged
	for i, a := range n.Args {
		x, known := r.node(a, ast.KindBool)
		switch isBool, b := r.isBool(known); {
		case isBool && b == absorb:
			r.val = ast.Bool(absorb)
			return nil, true
		case isBool:
			if args == nil {
				args = append(buf[:0], n.Args[:i]...)
			}
			continue
		case x != a && args == nil:
			args = append(buf[:0], n.Args[:i]...)
		}
		if args != nil {
			args = append(args, r.lit(x, a))
		}
	}
	switch {
	case args == nil:
		return n, false
	case len(args) == 0:
		r.val = ast.Bool(!absorb)
		return nil, true
	}
	return resLogic(n.Op, args, n.Rng), false
}

// resBuf is the number of operands of an and, or or atleast node that the
// residualizer collects without allocating.
const resBuf = 16

// atLeast simplifies atleast(k, ...): decided operands are dropped, the
// true ones lowering k.
func (r *residualizer) atLeast(n *ast.AtLeast) (ast.Node, bool) {
	k := n.K
	var buf [resBuf]ast.Node // scratch for args, copied when kept
	var args []ast.Node      // nil while the operands are unchanged
	for i, a := range n.Args {
		x, known := r.node(a, ast.KindBool)
		decided, b := r.isBool(known)
		if (decided || x != a) && args == nil {
			args = append(buf[:0], n.Args[:i]...)
		}
		if decided {
			if b {
				k--
			}
			continue
		}
		if args != nil {
			args = append(args, r.lit(x, a))
		}
	}
	changed := args != nil
	if !changed {
		args = n.Args
	}
	switch {
	case k <= 0:
		r.val = ast.Bool(true)
		return nil, true
	case k > len(args):
		r.val = ast.Bool(false)
		return nil, true
	case k == 1:
		return resLogic(ast.OpOr, args, n.Rng), false
	case k == len(args):
		return resLogic(ast.OpAnd, args, n.Rng), false
	case !changed:
		return n, false
	}
	x := &ast.AtLeast{K: k, Args: slices.Clone(args), Rng: n.Rng}
	if k == n.K {
		x.KRng = n.KRng
	}
	return x, false
}

// resLogic builds an and/or node over a copy of args, flattening untagged
// operands of the same operator as [ast.NewLogic] does; a single operand
// is returned as it is.
func resLogic(op ast.Op, args []ast.Node, rng ast.Range) ast.Node {
	if len(args) == 1 {
		return args[0]
	}
	size := len(args)
	for _, a := range args {
		if l, ok := a.(*ast.Logic); ok && l.Op == op {
			size += len(l.Args) - 1
		}
	}
	x := newLogic(op, size, rng)
	flat := x.Args[:0]
	for _, a := range args {
		if l, ok := a.(*ast.Logic); ok && l.Op == op {
			flat = append(flat, l.Args...)
		} else {
			flat = append(flat, a)
		}
	}
	return x
}

// newLogic returns an and/or node with n operands, all nil, allocated
// together with the node when they are few.
func newLogic(op ast.Op, n int, rng ast.Range) *ast.Logic {
	var x *ast.Logic
	switch n {
	case 2:
		y := new(struct {
			l ast.Logic
			a [2]ast.Node
		})
		x = &y.l
		x.Args = y.a[:]
	case 3:
		y := new(struct {
			l ast.Logic
			a [3]ast.Node
		})
		x = &y.l
		x.Args = y.a[:]
	case 4:
		y := new(struct {
			l ast.Logic
			a [4]ast.Node
		})
		x = &y.l
		x.Args = y.a[:]
	default:
		x = &ast.Logic{Args: make([]ast.Node, n)}
	}
	x.Op, x.Rng = op, rng
	return x
}

// resNewCompare returns n rebuilt over the residuals l and r of its
// operands, whose values are *lv and *rv when they are known. A new literal
// for a decided operand is allocated together with the node.
func resNewCompare(n *ast.Compare, l ast.Node, lv *ast.Value, r ast.Node, rv *ast.Value) *ast.Compare {
	switch {
	case l == nil && r != nil:
		y := new(struct {
			c   ast.Compare
			lit ast.Lit
		})
		y.lit = ast.Lit{Val: *lv, Rng: n.L.Span()}
		y.c = ast.Compare{Op: n.Op, L: &y.lit, R: r, Rng: n.Rng}
		return &y.c
	case l != nil && r == nil:
		y := new(struct {
			c   ast.Compare
			lit ast.Lit
		})
		y.lit = ast.Lit{Val: *rv, Rng: n.R.Span()}
		y.c = ast.Compare{Op: n.Op, L: l, R: &y.lit, Rng: n.Rng}
		return &y.c
	}
	return &ast.Compare{Op: n.Op, L: resLit(l, *lv, n.L), R: resLit(r, *rv, n.R), Rng: n.Rng}
}

// resNewArith is resNewCompare for arithmetic.
func resNewArith(n *ast.Arith, l ast.Node, lv *ast.Value, r ast.Node, rv *ast.Value) *ast.Arith {
	switch {
	case l == nil && r != nil:
		y := new(struct {
			a   ast.Arith
			lit ast.Lit
		})
		y.lit = ast.Lit{Val: *lv, Rng: n.L.Span()}
		y.a = ast.Arith{Op: n.Op, L: &y.lit, R: r, Rng: n.Rng}
		return &y.a
	case l != nil && r == nil:
		y := new(struct {
			a   ast.Arith
			lit ast.Lit
		})
		y.lit = ast.Lit{Val: *rv, Rng: n.R.Span()}
		y.a = ast.Arith{Op: n.Op, L: l, R: &y.lit, Rng: n.Rng}
		return &y.a
	}
	return &ast.Arith{Op: n.Op, L: resLit(l, *lv, n.L), R: resLit(r, *rv, n.R), Rng: n.Rng}
}

// staticKind returns the kind of n's value as far as it is known
// without facts: KindAny for a fact.
func (r *residualizer) staticKind(n ast.Node) ast.Kind {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return n.Val.Kind
	case *ast.Fact:
		if n.Name == AsOf {
			return ast.KindDate
		}
	case *ast.Arith:
		return ast.Kind(r.static.of(n))
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
// number (a NaN, from Inf - Inf) or b is a zero divisor: such results are
// not folded. Infinities are folded: they print as 1e+308 * 10.
func resArith(op ast.Op, a, b float64) (float64, bool) {
	if sem.DivByZero(op, b) {
		return 0, false
	}
	v := sem.Arith(op, a, b)
	return v, v == v
}

// resCompare compares two values as the language does ([sem.Compare]).
// It reports false when the comparison is not defined: values of different
// kinds, or an ordering operator on booleans.
func resCompare(op ast.Op, a, b ast.Value) (bool, bool) { return sem.Compare(op, a, b) }
