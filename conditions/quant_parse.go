package conditions

import (
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// factOrQuant parses what follows the name t: a quantifier when t is any,
// all, count or sum and a '(' follows, an indexed fact read when a '['
// follows, or else the fact t itself.
func (p *parser) factOrQuant(t token) ast.Node {
	if op, ok := ast.QuantOps[t.text]; ok && p.tok.kind == tLParen {
		return p.quant(t, op)
	}
	f := &ast.Fact{Name: t.text, Rng: t.rng}
	if p.tok.kind == tLBrack {
		f.Key = p.key(t)
		f.Rng = p.rangeFrom(t.rng.Start)
		return f
	}
	if !t.bad && slices.Contains(p.vars, t.text) {
		p.errorf(t.rng, "%s is a quantifier variable: use it as the index of an indexed fact, as in votes[%s]", t.text, t.text)
	}
	return f
}

// key parses "[" ( variable | string ) "]" after the indexed fact t.
func (p *parser) key(t token) *ast.Key {
	lb := p.tok
	p.next()
	k := &ast.Key{Rng: p.tok.rng}
	switch p.tok.kind {
	case tIdent:
		switch {
		case p.tok.bad:
		case !slices.Contains(p.vars, p.tok.text):
			if len(p.vars) == 0 {
				p.errorf(p.tok.rng, "unknown variable %s in the index of %s: an index is a quantifier variable, as in any(x in S: %s[x]), or a member in quotes, as in %s[\"name\"]", shorten(p.tok.text), shorten(t.text), shorten(t.text), shorten(t.text))
			} else {
				p.errorf(p.tok.rng, "unknown variable %s in the index of %s: the quantifier variables here are %s; a member is written in quotes, as in %s[\"name\"]", shorten(p.tok.text), shorten(t.text), joinVars(p.vars), shorten(t.text))
			}
		}
		k.Var = p.tok.text
		p.next()
	case tString:
		k.Lit = p.tok.str
		p.next()
	default:
		p.errorf(p.tok.rng, "unexpected %s: expected a quantifier variable or a member in quotes as the index of %s", p.tok.describe(), shorten(t.text))
		if p.tok.kind != tRBrack {
			return k
		}
	}
	if p.tok.kind != tRBrack {
		p.errorf(p.tok.rng, "unexpected %s: expected ']' to close '[' at %s", p.tok.describe(), lb.rng.Start)
		return k
	}
	p.next()
	return k
}

// joinVars lists variable names for a message.
func joinVars(vs []string) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += v
	}
	return s
}

// quant parses op "(" variable "in" set ":" body ")", the current token
// being the '('.
func (p *parser) quant(t token, op ast.QuantOp) ast.Node {
	lparen := p.tok
	p.enter(t)
	p.open = append(p.open, tLParen)
	defer func() {
		p.open = p.open[:len(p.open)-1]
		p.leave()
	}()
	p.next()
	q := &ast.Quant{Op: op}
	head := func(ok bool, want string) bool {
		if !ok {
			p.errorf(p.tok.rng, "unexpected %s: expected %s in %s(x in set: ...)", p.tok.describe(), want, op)
		}
		return ok
	}
	// The head: variable "in" set ":".
	if !head(p.tok.kind == tIdent && !p.tok.bad && !isDotted(p.tok.text) && p.tok.text != "in", "a variable name") {
		return p.skipQuant(t, lparen)
	}
	q.Var, q.VarRng = p.tok.text, p.tok.rng
	if slices.Contains(p.vars, q.Var) {
		p.errorf(p.tok.rng, "variable %s is already bound by an enclosing quantifier: use another name", q.Var)
	}
	p.next()
	if !head(p.tok.kind == tIdent && p.tok.text == "in", "'in'") {
		return p.skipQuant(t, lparen)
	}
	p.next()
	if !head(p.tok.kind == tIdent && !p.tok.bad, "the name of a set-valued fact") {
		return p.skipQuant(t, lparen)
	}
	q.Set, q.SetRng = p.tok.text, p.tok.rng
	if slices.Contains(p.vars, q.Set) || q.Set == q.Var {
		p.errorf(p.tok.rng, "%s is a quantifier variable, not a set: quantify over a set-valued fact", q.Set)
	}
	p.next()
	if !head(p.tok.kind == tColon, "':'") {
		return p.skipQuant(t, lparen)
	}
	p.next()
	p.vars = append(p.vars, q.Var)
	want := wantCond
	if op == ast.QSum {
		want = wantValue
	}
	q.Body = p.expr(ast.PrecOr, want)
	p.vars = p.vars[:len(p.vars)-1]
	reported := false
	for p.tok.kind != tRParen {
		if p.tok.kind == tEOF {
			p.errorf(p.tok.rng, "expected ')' to close '%s(' at %s", op, lparen.rng.Start)
			break
		}
		if !reported {
			p.errorf(p.tok.rng, "unexpected %s: expected ')' to close '%s(' at %s", p.tok.describe(), op, lparen.rng.Start)
			reported = true
		}
		p.skipOrParse()
	}
	if p.tok.kind == tRParen {
		p.next()
	}
	q.Rng = p.rangeFrom(t.rng.Start)
	return q
}

// skipQuant skips to the ')' that closes a quantifier whose head is
// malformed (the error is reported) and returns a placeholder.
func (p *parser) skipQuant(t, lparen token) ast.Node {
	depth := 0
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tLParen:
			depth++
		case tRParen:
			if depth == 0 {
				p.next()
				return bad(p.rangeFrom(t.rng.Start))
			}
			depth--
		}
		p.next()
	}
	p.errorf(p.tok.rng, "expected ')' to close '%s(' at %s", t.text, lparen.rng.Start)
	return bad(p.rangeFrom(t.rng.Start))
}

// isDotted reports whether name has a dot in it.
func isDotted(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			return true
		}
	}
	return false
}
