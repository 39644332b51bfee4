package conditions

import (
	"maps"
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Explanations of quantified conditions. Eval evaluates a quantifier by
// its expansion into plain connectives (see quant.go), so that it has one
// semantics; for the explanation it asks the expansion to keep notes:
// each quantifier's expansion, and each member's, is wrapped in a marker
// node (a Tagged node without origin, transparent to evaluation), and the
// tree evaluator folds every marked expansion back into one node that
// reads as written, any(x in S: ...), with one child per member.
//
// The node's value is the expansion's. A member's child is decisive when
// the expansion reaches it from the quantifier's node through decisive
// nodes: for any and all these are the members an or and an and of the
// members would mark (the members that made any true, those that made all
// false, the unknown ones when the result is unknown); for count they are
// the members that decided the count's bounds. A comparison with a sum
// stays a leaf, written as such, whose facts are the members' values (and
// an unknown membership, which makes a sum unknown).

// quantNotes is what an expansion made for an explanation records.
type quantNotes struct {
	quants map[ast.Node]*quantNote // by the marker around a quantifier's expansion
	args   map[ast.Node]bool       // the markers around the members' expansions
	texts  map[ast.Node]string     // the written texts of expanded nodes with a quantifier inside
}

// quantNote describes a quantifier node of an explanation.
type quantNote struct {
	text    string     // the text as written, with the members of enclosing quantifiers bound
	op      string     // Explanation.Op
	members []string   // the candidate members, in the order of args
	args    []ast.Node // the marked expansion of the body for each member
	rest    ast.Node   // the expanded other operand of a count compared with facts
}

// newQuantNotes returns empty notes.
func newQuantNotes() *quantNotes {
	return &quantNotes{quants: map[ast.Node]*quantNote{}, args: map[ast.Node]bool{}, texts: map[ast.Node]string{}}
}

// noteQuant returns x, the expansion of orig (a quantifier, or a
// comparison with a count), marked for the explanation when notes are
// kept.
func (lw *lowering) noteQuant(orig ast.Node, op string, x ast.Node, members []string, args []ast.Node, rest ast.Node) ast.Node {
	if lw.notes == nil {
		return x
	}
	t := &ast.Tagged{X: x}
	lw.notes.quants[t] = &quantNote{text: lw.boundText(orig), op: op, members: members, args: args, rest: rest}
	return t
}

// noteArg returns x, the expansion of a quantifier's body for one member,
// marked when notes are kept.
func (lw *lowering) noteArg(x ast.Node) ast.Node {
	if lw.notes == nil {
		return x
	}
	t := &ast.Tagged{X: x}
	lw.notes.args[t] = true
	return t
}

// noteSum returns x, the expansion of the comparison orig, marked as a
// leaf written as orig when orig has a quantifier (a sum) inside.
func (lw *lowering) noteSum(orig *ast.Compare, x ast.Node) ast.Node {
	if lw.notes == nil || !hasQuantifier(orig) {
		return x
	}
	return lw.noteQuant(orig, orig.Op.String(), x, nil, nil, nil)
}

// written returns x, the expansion of orig, recording orig's text for it
// when notes are kept and orig has a quantifier inside.
func (lw *lowering) written(orig, x ast.Node) ast.Node {
	if lw.notes != nil && hasQuantifier(orig) {
		lw.notes.texts[x] = lw.boundText(orig)
	}
	return x
}

// boundText returns the canonical text of n with the variables of the
// enclosing quantifiers replaced by their members.
func (lw *lowering) boundText(n ast.Node) string {
	return ast.Format(bind(n, lw.env))
}

// hasQuantifier reports whether n has a quantifier inside.
func hasQuantifier(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		_, q := m.(*ast.Quant)
		found = found || q
		return !found
	})
	return found
}

// bind returns n with each indexed read by a variable of env replaced by
// the read of its member; n itself when env is empty.
func bind(n ast.Node, env map[string]string) ast.Node {
	if len(env) == 0 {
		return n
	}
	binds := func(ns []ast.Node) []ast.Node {
		out := make([]ast.Node, len(ns))
		for i, a := range ns {
			out[i] = bind(a, env)
		}
		return out
	}
	switch n := n.(type) {
	case *ast.Fact:
		if n.Key != nil && n.Key.Var != "" {
			if m, ok := env[n.Key.Var]; ok {
				return &ast.Fact{Name: n.Name, Rng: n.Rng, Key: &ast.Key{Lit: m, Rng: n.Key.Rng}}
			}
		}
	case *ast.Tagged:
		return &ast.Tagged{Origin: n.Origin, X: bind(n.X, env)}
	case *ast.Unary:
		c := *n
		c.X = bind(n.X, env)
		return &c
	case *ast.Logic:
		c := *n
		c.Args = binds(n.Args)
		return &c
	case *ast.AtLeast:
		c := *n
		c.Args = binds(n.Args)
		return &c
	case *ast.Compare:
		c := *n
		c.L, c.R = bind(n.L, env), bind(n.R, env)
		return &c
	case *ast.Arith:
		return &ast.Arith{Op: n.Op, L: bind(n.L, env), R: bind(n.R, env), Rng: n.Rng}
	case *ast.Quant:
		inner := env
		if _, ok := env[n.Var]; ok { // the quantifier's own variable hides the outer one
			inner = maps.Clone(env)
			delete(inner, n.Var)
		}
		c := *n
		c.Body = bind(n.Body, inner)
		return &c
	}
	return n
}

// quantTruth evaluates t, a marked quantifier expansion, and explains it
// as the quantifier q describes.
func (ev *evaluator) quantTruth(t *ast.Tagged, q *quantNote) *Explanation {
	inner := ev.truth(t.X)
	x := &Explanation{Expr: q.text, Op: q.op, Value: inner.Value}
	switch {
	case q.rest != nil:
		x.Facts = ev.factValues(q.rest)
	case q.args == nil: // a comparison with a sum, an unknown or empty set
		x.Facts = inner.Facts
	}
	if len(q.args) == 0 {
		return x
	}
	reached := map[*Explanation]bool{}
	var walk func(*Explanation)
	walk = func(e *Explanation) {
		reached[e] = true
		for _, c := range e.Children {
			if c.Decisive && !reached[c] {
				walk(c)
			}
		}
	}
	walk(inner)
	for i, a := range q.args {
		xs := ev.seen[a]
		if len(xs) == 0 {
			continue // not evaluated: a count no member can decide, such as count(...) >= 0
		}
		c := xs[0]
		c.Member = q.members[i]
		c.Decisive = slices.ContainsFunc(xs, func(e *Explanation) bool { return reached[e] })
		x.Children = append(x.Children, c)
	}
	return x
}

// noteTruth is the part of evaluator.truth for the marked nodes of an
// expansion made for an explanation; ok is false for other nodes.
func (ev *evaluator) noteTruth(n ast.Node) (x *Explanation, ok bool) {
	if q := ev.notes.quants[n]; q != nil {
		return ev.quantTruth(n.(*ast.Tagged), q), true
	}
	if ev.notes.args[n] {
		x := ev.truth(n.(*ast.Tagged).X)
		ev.seen[n] = append(ev.seen[n], x)
		return x, true
	}
	return nil, false
}

// evalQuant is [Eval] of a quantified condition (already type-checked):
// the evaluation of its expansion, explained with its quantifiers as
// written.
func evalQuant(e Expr, f Facts) (Result, error) {
	x, err := expand(e, f, true)
	if err != nil {
		return Result{}, err
	}
	flat, err := x.facts(f)
	if err != nil {
		return Result{}, err
	}
	ti, errs := x.expr.inferred()
	if len(errs) > 0 {
		return Result{}, slices.Clone(errs).finish(0)
	}
	return evalTreeNotes(x.expr, ti, flat, x.notes)
}
