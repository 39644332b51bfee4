package conditions

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// quantType is the type of a quantifier: bool for any and all, number for
// count and sum.
func quantType(op ast.QuantOp) Type {
	if op == ast.QCount || op == ast.QSum {
		return Number
	}
	return Bool
}

// quantBody is the type of a quantifier's body: number for sum, else bool.
func quantBody(op ast.QuantOp) Type {
	if op == ast.QSum {
		return Number
	}
	return Bool
}

// allowCounts records the count quantifiers that are operands of the
// comparison n: a count may only be compared (see checkQuant).
func (c *checker) allowCounts(n *ast.Compare) {
	for _, x := range []ast.Node{n.L, n.R} {
		if q, ok := ast.Untag(x).(*ast.Quant); ok && q.Op == ast.QCount {
			if c.counts == nil {
				c.counts = map[*ast.Quant]bool{}
			}
			c.counts[q] = true
		}
	}
}

// checkQuant checks a quantifier: its set is a declared set-valued fact
// (with a schema), its body has the type its operator needs, and a count
// is an operand of a comparison.
func (c *checker) checkQuant(n *ast.Quant) Type {
	if c.schema != nil {
		f, ok := c.schema.Lookup(n.Set)
		switch {
		case !ok:
			e := newError(CodeUnknownFact, n.SetRng, "unknown set %q: %s(%s in S: ...) quantifies over a fact of type set", n.Set, n.Op, n.Var)
			if s, ok := c.schema.suggestSet(n.Set); ok {
				e.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			c.errs.Add(e)
		case f.Type != Set:
			c.errs.Add(newError(CodeType, n.SetRng, "%s(%s in %s: ...) quantifies over a set, but fact %q is a %s", n.Op, n.Var, n.Set, n.Set, f.Type))
		}
	}
	want := quantBody(n.Op)
	c.require(n.Body, c.check(n.Body), want, fmt.Sprintf("body of '%s'", n.Op))
	if n.Op == ast.QCount && !c.counts[n] {
		c.errs.Add(newError(CodeType, n.Rng, "count(...) can only be compared, as in count(%s in %s: ...) >= 2: it is not an operand of arithmetic", n.Var, n.Set))
	}
	return quantType(n.Op)
}

// checkKey checks that a fact is read with an index exactly when it is
// indexed: with a schema, when its field has an Index; without one, when
// its other reads have an index too. t is the fact's type.
func (c *checker) checkKey(n *ast.Fact, t Type) {
	if c.schema != nil {
		f, ok := c.schema.Lookup(n.Name)
		switch {
		case !ok:
		case f.Type == Set:
			c.errs.Add(newError(CodeType, n.Rng, "fact %q is a set: read it with a quantifier, as in any(x in %s: ...)", n.Name, n.Name))
		case n.Key != nil && f.Index == "":
			c.errs.Add(newError(CodeType, n.Rng, "fact %q is not indexed: read it without [...]", n.Name))
		case n.Key == nil && f.Index != "":
			c.errs.Add(newError(CodeType, n.Rng, "fact %q has a value per member of %s: read one, as in %s[x] inside any(x in %s: ...) or %s[\"member\"]", n.Name, f.Index, n.Name, f.Index, n.Name))
		}
		return
	}
	if c.indexed == nil {
		c.indexed = map[string]*ast.Fact{}
	}
	first, seen := c.indexed[n.Name]
	if !seen {
		c.indexed[n.Name] = n
		return
	}
	if (first.Key == nil) != (n.Key == nil) {
		how := func(f *ast.Fact) string {
			if f.Key == nil {
				return "without an index"
			}
			return "with an index"
		}
		c.errs.Add(newError(CodeType, n.Rng, "fact %q is read %s here but %s at %s", n.Name, how(n), how(first), first.Rng.Start))
	}
}

// suggestSet returns the declared set closest to name if it is a
// plausible misspelling.
func (s *Schema) suggestSet(name string) (string, bool) {
	if s == nil {
		return "", false
	}
	var sets []Field
	for _, f := range s.fields {
		if f.Type == Set {
			sets = append(sets, f)
		}
	}
	return (&Schema{fields: sets}).suggest(name)
}
