package conditions

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Check reports every type error in e, and with a schema every fact e reads
// that s does not declare.
//
// The rules:
//
//   - The operands of and, or, not and atleast, and the whole condition,
//     must be bool.
//   - The operands of + - * / and of unary minus must be numbers.
//   - == and != compare two operands of the same type; < <= > >= compare
//     two numbers, two strings (byte-wise) or two dates.
//
// With a schema, fact types come from it, and a fact it does not declare
// is an error with code [CodeUnknownFact] and, when a declared name is
// close, a hint such as `did you mean "peace_treaty.concluded"?`. With a
// nil schema, fact types are inferred from their use: a fact used as an
// operand of a logical operator (or as the whole condition) is bool, an
// operand of arithmetic is a number, and a fact compared with an operand of
// known type has that type. A fact used with two different types is an
// error. Facts compared only with each other have no fixed type; [Eval]
// requires their values to share one.
//
// A non-nil error is an [ErrorList] of all problems found, sorted by
// position, each with the source range of the offending node.
func Check(e Expr, s *Schema) error {
	_, errs := infer(e.root, s)
	return errs.finish(0)
}

// typeInfo is the result of type inference over a condition.
type typeInfo struct {
	// facts maps each fact the condition reads to its type, except facts
	// the schema does not declare. A fact whose type is Any is only ever
	// compared with other facts of type Any; see groups.
	facts map[string]Type
	// order lists the facts in order of their first occurrence.
	order []string
	// first is the source range of each fact's first occurrence.
	first map[string]ast.Range
	// groups partitions the facts of type Any into sets of facts compared
	// with one another (directly or through others), each in order of
	// first occurrence. At run time the known values of a group must all
	// have the same type.
	groups []anyGroup
}

// anyGroup is a set of untyped facts that must have values of one type.
type anyGroup struct {
	facts []string
	// ordered is set when a member is compared with < <= > or >=, so the
	// group's values must be numbers, strings or dates.
	ordered bool
	// op is the first such ordering operator, for messages.
	op ast.Op
}

// inferTypes returns the type of every fact root reads, from s when it is
// not nil and otherwise by inference from use (facts s does not declare
// are left out), together with all the type errors found: unknown facts,
// operands of the wrong type, conflicting uses of a fact. The errors are
// sorted but not capped; return them with errs.finish(0).
//
// A fact of type Any in the map is compared only with other untyped facts
// (this happens only without a schema): whoever evaluates the condition
// must check at run time that the known values of such facts have one
// type, as [Eval] does. inferTypes is shared by [Check], [Eval] and the
// compiler of programs.
func inferTypes(root ast.Node, s *Schema) (map[string]Type, ErrorList) {
	ti, errs := infer(root, s)
	return ti.facts, errs
}

// infer is inferTypes with the full result.
func infer(root ast.Node, s *Schema) (*typeInfo, ErrorList) {
	c := &checker{
		schema: s,
		ti: &typeInfo{
			facts: make(map[string]Type),
			first: make(map[string]ast.Range),
		},
	}
	if root == nil {
		return c.ti, nil
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if f, ok := n.(*ast.Fact); ok {
			if _, seen := c.ti.first[f.Name]; !seen {
				c.ti.first[f.Name] = f.Rng
				c.ti.order = append(c.ti.order, f.Name)
			}
		}
		return true
	})
	if s == nil {
		c.parent = make(map[string]string)
		c.class = make(map[string]*class)
		c.collect(root, Bool)
		c.resolve()
	}
	for _, name := range c.ti.order {
		if t := c.factType(name); t != invalid {
			c.ti.facts[name] = t
		}
	}
	c.require(root, c.check(root), Bool, "condition")
	c.errs.Sort()
	return c.ti, c.errs
}

// invalid is the type of a node whose type cannot be known because of an
// error already reported, such as an unknown fact. It never causes a
// further error.
const invalid = Type(255)

// checker holds the state of one run of type inference.
type checker struct {
	schema *Schema
	ti     *typeInfo
	errs   ErrorList

	// Inference without a schema: facts compared with each other are
	// joined in a union-find forest; each root has a class.
	parent map[string]string
	class  map[string]*class
	cons   []constraint
	orders []orderUse
	// numeric lists facts added to or subtracted from another untyped
	// fact: numbers unless a constraint says otherwise (see collectArith).
	numeric []string

	// Quantifiers: the count nodes that are operands of a comparison,
	// and how each fact was first read, with an index or without.
	counts  map[*ast.Quant]bool
	indexed map[string]*ast.Fact

	static  staticTypes      // the static types of arithmetic nodes
	pending []pendingCollect // right operands of arithmetic to collect (see collectArith)
}

// orderUse records that fact was compared with another fact by op, one
// of < <= > >=.
type orderUse struct {
	fact string
	op   ast.Op
}

// class is the inferred type of a set of facts compared with one another.
type class struct {
	typ     Type      // Any until a constraint sets it
	at      ast.Range // the use that set typ
	fact    string    // the fact of that use
	ordered bool      // compared with < <= > >=
	op      ast.Op    // the first such operator
}

// constraint says that the use of fact at rng requires type typ.
type constraint struct {
	fact string
	typ  Type
	rng  ast.Range
}

func (c *checker) find(name string) string {
	for {
		p, ok := c.parent[name]
		if !ok || p == name {
			return name
		}
		if gp, ok := c.parent[p]; ok && gp != p {
			c.parent[name] = gp
		}
		name = p
	}
}

func (c *checker) union(a, b string) {
	ra, rb := c.find(a), c.find(b)
	if ra != rb {
		c.parent[rb] = ra
	}
}

// factOf returns the fact n is, looking through origin tags.
func factOf(n ast.Node) (*ast.Fact, bool) {
	f, ok := ast.Untag(n).(*ast.Fact)
	return f, ok
}

// staticType returns the type of n as far as it is known without facts:
// Any for a fact.
func staticType(n ast.Node) Type {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return Type(n.Val.Kind)
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			return Number
		}
		return Bool
	case *ast.Arith:
		if n.Static != 0 {
			return Type(n.Static - 1) // see fillStatic
		}
		return arithStatic(n)
	case *ast.Logic, *ast.Compare, *ast.AtLeast:
		return Bool
	case *ast.Fact:
		if n.Name == AsOf {
			return Date
		}
	case *ast.Quant:
		return quantType(n.Op)
	}
	return Any
}

// collect gathers, in source order, the constraints the uses of facts in n
// put on their types; want is the type n's context requires (Any if none).
func (c *checker) collect(n ast.Node, want Type) {
	switch n := n.(type) {
	case *ast.Tagged:
		c.collect(n.X, want)
	case *ast.Fact:
		if want != Any {
			c.cons = append(c.cons, constraint{n.Name, want, n.Rng})
		}
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			c.collect(n.X, Number)
		} else {
			c.collect(n.X, Bool)
		}
	case *ast.Logic:
		for _, a := range n.Args {
			c.collect(a, Bool)
		}
	case *ast.AtLeast:
		for _, a := range n.Args {
			c.collect(a, Bool)
		}
	case *ast.Arith:
		c.collectArith(n)
	case *ast.Quant:
		c.collect(n.Body, quantBody(n.Op))
	case *ast.Compare:
		lf, lok := factOf(n.L)
		rf, rok := factOf(n.R)
		switch {
		case lok && rok:
			c.union(lf.Name, rf.Name)
			if isOrdered(n.Op) {
				c.orders = append(c.orders, orderUse{lf.Name, n.Op})
			}
		case lok:
			c.collect(n.R, Any)
			c.cons = append(c.cons, constraint{lf.Name, c.static.of(n.R), lf.Rng})
		case rok:
			c.collect(n.L, Any)
			c.cons = append(c.cons, constraint{rf.Name, c.static.of(n.L), rf.Rng})
		default:
			c.collect(n.L, Any)
			c.collect(n.R, Any)
		}
	}
}

// resolve gives each class of facts the type of its first constraint in
// source order. Conflicting later uses are reported by check.
func (c *checker) resolve() {
	for _, name := range c.ti.order {
		r := c.find(name)
		if c.class[r] == nil {
			c.class[r] = &class{}
		}
	}
	for _, k := range c.cons {
		cl := c.class[c.find(k.fact)]
		if k.typ != Any && cl.typ == Any {
			cl.typ, cl.at, cl.fact = k.typ, k.rng, k.fact
		}
	}
	for _, name := range c.numeric {
		if cl := c.class[c.find(name)]; cl.typ == Any {
			cl.typ, cl.at, cl.fact = Number, c.ti.first[name], name
		}
	}
	for _, u := range c.orders {
		if cl := c.class[c.find(u.fact)]; !cl.ordered {
			cl.ordered, cl.op = true, u.op
		}
	}
	seen := make(map[string]int)
	for _, name := range c.ti.order {
		r := c.find(name)
		cl := c.class[r]
		if cl.typ != Any {
			continue
		}
		i, ok := seen[r]
		if !ok {
			i = len(c.ti.groups)
			seen[r] = i
			c.ti.groups = append(c.ti.groups, anyGroup{ordered: cl.ordered, op: cl.op})
		}
		c.ti.groups[i].facts = append(c.ti.groups[i].facts, name)
	}
}

// factType returns the type of the named fact: from the schema, or as
// inferred; invalid for a fact the schema does not declare.
func (c *checker) factType(name string) Type {
	if c.schema != nil {
		f, ok := c.schema.Lookup(name)
		if !ok {
			return invalid
		}
		return f.Type
	}
	if name == AsOf {
		return Date
	}
	return c.class[c.find(name)].typ
}

// check returns the type of n and reports the type errors within it.
func (c *checker) check(n ast.Node) Type {
	switch n := n.(type) {
	case *ast.Tagged:
		return c.check(n.X)
	case *ast.Fact:
		t := c.factType(n.Name)
		if t == invalid {
			e := newError(CodeUnknownFact, n.Rng, "unknown fact %q", n.Name)
			if s, ok := c.schema.suggest(n.Name); ok {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			c.errs.Add(e)
		}
		c.checkKey(n, t)
		return t
	case *ast.Quant:
		return c.checkQuant(n)
	case *ast.Lit:
		return Type(n.Val.Kind)
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			c.require(n.X, c.check(n.X), Number, "operand of unary '-'")
			return Number
		}
		c.require(n.X, c.check(n.X), Bool, "operand of 'not'")
		return Bool
	case *ast.Logic:
		what := fmt.Sprintf("operand of '%s'", n.Op)
		for _, a := range n.Args {
			c.require(a, c.check(a), Bool, what)
		}
		return Bool
	case *ast.AtLeast:
		for _, a := range n.Args {
			c.require(a, c.check(a), Bool, "operand of 'atleast'")
		}
		return Bool
	case *ast.Arith:
		return c.arith(n)
	case *ast.Compare:
		c.allowCounts(n)
		lt, rt := c.check(n.L), c.check(n.R)
		if lt == invalid || rt == invalid {
			return Bool
		}
		if lt == Period || rt == Period {
			c.errs.Add(newError(CodeType, n.Rng, "cannot compare periods: compare dates instead, such as asof >= signed + 30d"))
			return Bool
		}
		if lt != Any && rt != Any && lt != rt {
			// An untyped fact's type was inferred from another use: say so.
			if c.inferred(n.R) {
				c.conflict(n.R, lt, rt)
			} else if c.inferred(n.L) {
				c.conflict(n.L, rt, lt)
			} else {
				e := newError(CodeType, n.Rng, "cannot compare %s with %s", lt, rt)
				e.Hint = dateLiteralHint(n.L, n.R)
				c.errs.Add(e)
			}
			return Bool
		}
		if isOrdered(n.Op) && (lt == Bool || rt == Bool) {
			c.errs.Add(newError(CodeType, n.Rng, "'%s' is not defined on bool", n.Op))
		}
		return Bool
	}
	return invalid
}

// require reports an error unless got, the type of n, is want. what names
// the place of n, such as "operand of 'and'".
func (c *checker) require(n ast.Node, got, want Type, what string) {
	if got == want || got == invalid || got == Any {
		return
	}
	if c.inferred(n) {
		c.conflict(n, want, got)
		return
	}
	c.errs.Add(newError(CodeType, n.Span(), "%s must be %s, found %s", what, want, got))
}

// inferred reports whether n is a fact whose type was inferred (there is
// no schema).
func (c *checker) inferred(n ast.Node) bool {
	f, ok := factOf(n)
	return ok && c.schema == nil && f.Name != AsOf
}

// conflict reports that the untyped fact n is used here as want but was
// inferred to have type got from an earlier use.
func (c *checker) conflict(n ast.Node, want, got Type) {
	f, _ := factOf(n)
	cl := c.class[c.find(f.Name)]
	msg := fmt.Sprintf("fact %q is used as %s here but as %s", f.Name, want, got)
	switch {
	case cl.at.Start.IsValid() && cl.at.Src == f.Rng.Src:
		msg += " at " + cl.at.Start.String()
	case cl.at.Start.IsValid():
		// A position in the text of another part of a composed condition.
		msg += " in another part of the condition (at " + cl.at.Start.String() + " of its text)"
	}
	if cl.fact != f.Name {
		msg += fmt.Sprintf(" (by way of its comparison with %q)", cl.fact)
	}
	c.errs.Add(newError(CodeType, f.Rng, "%s", msg))
}

// isOrdered reports whether op is < <= > or >=.
func isOrdered(op ast.Op) bool {
	return op == ast.OpLt || op == ast.OpLe || op == ast.OpGt || op == ast.OpGe
}
