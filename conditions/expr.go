package conditions

import (
	"slices"
	"sync"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Expr is a parsed condition. It is an immutable value: copying it is cheap
// and every method is safe for concurrent use.
//
// The zero Expr is the condition that always holds; it prints as "true".
// Expr implements [encoding.TextMarshaler] and [encoding.TextUnmarshaler],
// so in JSON a condition is a plain string in the text syntax.
type Expr struct {
	root ast.Node
	src  string // the source text it was parsed from, if any
	// info caches what Eval needs to know about the tree, computed once
	// and shared by copies; nil for Exprs built without it.
	info *exprInfo
}

// exprInfo is the schema-free type information of an Expr, computed on
// first use. It is immutable once computed.
type exprInfo struct {
	once sync.Once
	ti   *typeInfo
	errs ErrorList

	textOnce sync.Once
	texts    map[ast.Node]string // canonical text of every node an explanation shows

	planOnce sync.Once
	plan     *xplan // Eval's plan (see xplan), nil if it does not cover the Expr

	quantOnce sync.Once
	quant     bool // the Expr has a quantifier or an indexed fact (see quant.go)
}

// newExpr returns an Expr over root with a cache for its type information.
func newExpr(root ast.Node, src string) Expr {
	return Expr{root: root, src: src, info: new(exprInfo)}
}

// texts returns the canonical text of every node of e that an
// [Explanation] shows (the boolean structure down to its leaves: facts,
// literals and comparisons, not the arithmetic below a comparison),
// computed at most once per parsed or built Expr; nil when e has no
// cache. The cost is the size of the text times the nesting depth of the
// boolean structure, which the parser bounds, so it is linear in the size
// of the condition: an arithmetic chain of any length is formatted once,
// by its comparison.
func (e Expr) texts() map[ast.Node]string {
	if e.info == nil {
		return nil
	}
	e.info.textOnce.Do(func() {
		m := map[ast.Node]string{}
		var walk func(n ast.Node)
		walk = func(n ast.Node) {
			if n == nil {
				return
			}
			m[n] = ast.Format(n)
			switch n := n.(type) {
			case *ast.Tagged:
				walk(n.X)
			case *ast.Logic:
				for _, a := range n.Args {
					walk(a)
				}
			case *ast.AtLeast:
				for _, a := range n.Args {
					walk(a)
				}
			case *ast.Unary:
				if n.Op == ast.OpNot {
					walk(n.X)
				}
			}
		}
		walk(e.root)
		e.info.texts = m
	})
	return e.info.texts
}

// inferred returns the schema-free type information of e, computing it at
// most once per parsed or built Expr.
func (e Expr) inferred() (*typeInfo, ErrorList) {
	if e.info == nil {
		return infer(e.root, nil)
	}
	e.info.once.Do(func() { e.info.ti, e.info.errs = infer(e.root, nil) })
	return e.info.ti, e.info.errs
}

// IsZero reports whether e is the zero Expr.
func (e Expr) IsZero() bool { return e.root == nil }

// String returns the canonical text of e: normalised spacing, "and", "or"
// and "not" spelled as words, and only the parentheses the grammar needs.
// Parsing it gives back an equal Expr.
func (e Expr) String() string { return ast.Format(e.root) }

// Source returns the text e was parsed from, or its canonical text if e was
// built by a function such as [And].
func (e Expr) Source() string {
	if e.src != "" {
		return e.src
	}
	return e.String()
}

// Equal reports whether e and o are the same condition up to spacing,
// redundant parentheses, operator spelling (&& or and) and origins: that is,
// whether their canonical texts are equal.
func (e Expr) Equal(o Expr) bool { return e.String() == o.String() }

// MarshalText returns the canonical text of e. It fails with an error
// matching [ErrLimit] when that text is longer than [Parse] reads (64 KiB),
// as it can be for a condition composed in Go with [And] or [Or]: what is
// written must read back.
func (e Expr) MarshalText() ([]byte, error) {
	text := e.String()
	if len(text) > maxSource {
		return nil, canonicalTooLong(len(text))
	}
	return []byte(text), nil
}

// UnmarshalText parses text into e. On error e is left unchanged and the
// error is an [ErrorList], as from [Parse].
func (e *Expr) UnmarshalText(text []byte) error {
	x, err := Parse(string(text))
	if err != nil {
		return err
	}
	*e = x
	return nil
}

// Facts returns the names of the facts e reads, the sets its quantifiers
// range over included, sorted and without duplicates.
func (e Expr) Facts() []string {
	var names []string
	ast.Inspect(e.root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Fact:
			names = append(names, n.Name)
		case *ast.Quant:
			names = append(names, n.Set)
		}
		return true
	})
	slices.Sort(names)
	return slices.Compact(names)
}

// And returns the conjunction of es. Zero Exprs (always true) are dropped;
// with no other argument the result is the zero Expr.
func And(es ...Expr) Expr { return logic(ast.OpAnd, es) }

// Or returns the disjunction of es. With no argument the result is the
// literal false; a zero Expr argument makes the whole disjunction true.
func Or(es ...Expr) Expr {
	for _, e := range es {
		if e.IsZero() {
			return Expr{}
		}
	}
	if len(es) == 0 {
		return newExpr(&ast.Lit{Val: ast.Bool(false)}, "")
	}
	return logic(ast.OpOr, es)
}

func logic(op ast.Op, es []Expr) Expr {
	var args []ast.Node
	for _, e := range es {
		if e.root != nil {
			args = append(args, e.root)
		}
	}
	if len(args) == 0 {
		return Expr{}
	}
	return newExpr(ast.NewLogic(op, args...), "")
}

// Not returns the negation of e.
func Not(e Expr) Expr {
	x := e.root
	if x == nil {
		x = &ast.Lit{Val: ast.Bool(true)}
	}
	return newExpr(&ast.Unary{Op: ast.OpNot, X: x}, "")
}

// WithOrigin returns e marked as coming from origin, such as the id of the
// instrument that contributed it. Origins do not change how e prints or
// evaluates; explanations report them, so a composed condition remembers
// where each of its parts came from.
func WithOrigin(e Expr, origin string) Expr {
	x := e.root
	if x == nil {
		x = &ast.Lit{Val: ast.Bool(true)}
	}
	if t, ok := x.(*ast.Tagged); ok {
		x = t.X
	}
	return newExpr(&ast.Tagged{Origin: origin, X: x}, e.src)
}

// Origin returns the origin e was marked with by [WithOrigin], or "".
func (e Expr) Origin() string {
	if t, ok := e.root.(*ast.Tagged); ok {
		return t.Origin
	}
	return ""
}
