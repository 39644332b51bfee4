package conditions

import (
	"fmt"
	"regexp"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Dates in conditions: the reserved fact asof, period literals and date
// arithmetic. The semantics (what date + period is) live in package sem;
// this file has the lexing of period literals and the typing rules.

// AsOf is the name of the reserved fact that holds the evaluation date:
// the date on which a condition is evaluated, as in
//
//	asof >= ratified + 30d
//
// It is always of type [Date]. Like every fact it is unknown unless it
// is given: pass it in [Facts] (Facts{"asof": t}) to [Eval], [Residual]
// and [Takes], and declare it in the [Schema] (as a date) of a [Program].
// Package treaty gives it the date being evaluated, every date of a
// timeline and not only the report's as-of date.
const AsOf = "asof"

// isPeriodUnit reports whether c ends a count in a period literal.
func isPeriodUnit(c byte) bool { return c == 'y' || c == 'm' || c == 'w' || c == 'd' }

// periodUnits are the units of a period literal, in the order they must
// be written, and their sizes.
var periodUnits = [...]struct {
	c            byte
	months, days int64
}{{'y', 12, 0}, {'m', 1, 0}, {'w', 0, 7}, {'d', 0, 1}}

// period scans a period literal such as 30d, 2w, 6m, 10y or 6y6m: counts
// each followed by a unit, the units in the order y m w d and each at most
// once. The lexer is at the first unit, after the first count.
func (l *lexer) period(t *token, start ast.Pos) {
	t.kind = tPeriod
	var months, days int64
	next := 0 // the first unit allowed next
	ok, order, big := true, true, false
	n := int64(0)
	for i := start.Offset; i < l.off; i++ {
		n = min(n*10+int64(l.src[i]-'0'), 1<<40)
	}
	for {
		c := l.src[l.off]
		u := 0
		for periodUnits[u].c != c {
			u++
		}
		if u < next {
			order = false
		}
		next = u + 1
		months = min(months+n*periodUnits[u].months, 1<<40)
		days = min(days+n*periodUnits[u].days, 1<<40)
		l.off++
		l.col++
		if !isDigit(l.peek(0)) {
			break
		}
		n = 0
		for isDigit(l.peek(0)) {
			n = min(n*10+int64(l.src[l.off]-'0'), 1<<40)
			l.off++
			l.col++
		}
		if !isPeriodUnit(l.peek(0)) {
			ok = false
			break
		}
	}
	// Letters, digits or dots glued to the literal make it invalid.
	for l.off < len(l.src) && (isWord(l.src[l.off]) || l.src[l.off] == '.') {
		l.advance()
		ok = false
	}
	big = months > sem.MaxPeriodMonths || days > sem.MaxPeriodDays
	text := l.src[start.Offset:l.off]
	rng := ast.Range{Start: start, End: l.pos()}
	switch {
	case !ok:
		t.bad = true
		l.report(rng, "invalid period %s: want counts with units y, m, w, d, such as 30d or 6y6m", shorten(text))
	case !order:
		t.bad = true
		l.report(rng, "invalid period %s: write the units in the order y, m, w, d, each once", shorten(text))
	case big:
		t.bad = true
		l.report(rng, "period %s is too long: at most %d months and %d days", shorten(text), sem.MaxPeriodMonths, sem.MaxPeriodDays)
	default:
		t.mons, t.days = int32(months), days
	}
}

// arithStatic returns the type of the arithmetic n as far as it is known
// without facts: a date plus or minus a period is a date, a date minus a
// date a number, and everything else a number. It walks n's whole
// subtree; a walk that asks for the type of every node uses
// [staticTypes] to stay linear.
func arithStatic(n *ast.Arith) Type {
	return arithType(n.Op, staticType(n.L), staticType(n.R))
}

// arithType is the type of op applied to operands of types ls and rs, as
// arithStatic reports it.
func arithType(op ast.Op, ls, rs Type) Type {
	if k, ok := sem.ArithKind(op, ast.Kind(ls), ast.Kind(rs)); ok {
		return Type(k)
	}
	switch {
	case ls == Period || rs == Period:
		return Date
	case (ls == Date || rs == Date) && op == ast.OpAdd:
		return Date
	}
	return Number
}

// staticTypes memoizes the static types of the arithmetic nodes of one
// tree that do not cache it themselves (see [ast.Arith.Static]), so that a walk asking for the type of every operand of a long
// chain (a + b + c + ...) does linear work, not quadratic. The zero
// value is ready to use; it allocates only once it meets arithmetic.
type staticTypes map[*ast.Arith]Type

// of returns staticType(n), computing each arithmetic node's type once.
func (m *staticTypes) of(n ast.Node) Type {
	a, ok := ast.Untag(n).(*ast.Arith)
	if !ok {
		return staticType(n) // constant time for every other node
	}
	if a.Static != 0 {
		return Type(a.Static - 1) // see fillStatic
	}
	if t, ok := (*m)[a]; ok {
		return t
	}
	t := arithType(a.Op, m.of(a.L), m.of(a.R))
	if *m == nil {
		*m = make(staticTypes)
	}
	(*m)[a] = t
	return t
}

// arithWants returns the types the operands of n want of a fact, for
// inference: a fact next to a period is a date, a fact subtracted from
// or taken from a date is a date (date - date), and otherwise a number.
func arithWants(op ast.Op, ls, rs Type) (l, r Type) {
	switch {
	case rs == Period:
		return Date, Any
	case ls == Period:
		return Any, Date
	case ls == Date:
		if op == ast.OpAdd {
			return Any, Period
		}
		return Any, Date
	case rs == Date:
		return Date, Any
	case ls == Any && rs == Any && (op == ast.OpAdd || op == ast.OpSub):
		return Any, Any // two numbers or, for -, two dates: see collectArith
	}
	return Number, Number
}

// arithWantsOf returns the types the operands of the arithmetic n want
// of a fact, for inference (see collectArith, which collects them). Two
// untyped facts added or subtracted have one type, a number unless
// another use makes them dates (signed - ratified), so they are joined as
// compared facts are and given Number by default (see resolve); then
// done is true, and there is nothing to collect.
func (c *checker) arithWantsOf(n *ast.Arith) (lw, rw Type, done bool) {
	lw, rw = arithWants(n.Op, c.static.of(n.L), c.static.of(n.R))
	if lw == Any && rw == Any {
		lf, lok := factOf(n.L)
		rf, rok := factOf(n.R)
		if lok && rok {
			c.union(lf.Name, rf.Name)
			c.numeric = append(c.numeric, lf.Name)
			return Any, Any, true
		}
		lw, rw = Number, Number
	}
	return lw, rw, false
}

// arithOf checks the arithmetic n, whose operands have the types lt and
// rt, and returns its type (see arith). Numbers take all four operators;
// dates and periods only date + period, period + date, date - period and
// date - date.
func (c *checker) arithOf(n *ast.Arith, lt, rt Type) Type {
	dated := func(t Type) bool { return t == Date || t == Period }
	if !dated(lt) && !dated(rt) {
		if lt != Number || rt != Number { // else require has nothing to say
			what := "operand of '" + n.Op.String() + "'"
			c.require(n.L, lt, Number, what)
			c.require(n.R, rt, Number, what)
		}
		if lt == invalid || rt == invalid {
			return invalid // reported already: no second error about the result
		}
		return Number
	}
	if lt == invalid || rt == invalid {
		return invalid
	}
	for _, x := range [...]struct {
		n ast.Node
		t Type
	}{{n.L, lt}, {n.R, rt}} {
		if f, ok := factOf(x.n); ok && x.t == Period {
			c.errs.Add(newError(CodeType, f.Rng, "fact %q would have to be a period, and no fact is: add a period literal such as 30d to a date", f.Name))
			return invalid
		}
	}
	if k, ok := sem.ArithKind(n.Op, ast.Kind(lt), ast.Kind(rt)); ok {
		return Type(k)
	}
	switch {
	case n.Op == ast.OpAdd && lt == Date && rt == Date:
		c.errs.Add(newError(CodeType, n.Rng, "cannot add two dates: add a period to a date, such as signed + 30d, or subtract them for the days between"))
	default:
		e := newError(CodeType, n.Rng, "cannot apply '%s' to %s and %s: dates take date + period, date - period and date - date (the days between)", n.Op, lt, rt)
		e.Hint = dateLiteralHint(n.L, n.R)
		c.errs.Add(e)
	}
	return invalid
}

// dateLike matches a date written without the '@' of a date literal:
// 2011-02-05 reads as the arithmetic 2011 - 2 - 5.
var dateLike = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}\b`)

// dateLiteralHint returns a hint for a type error among operands when one
// of them begins with text such as 2011-02-05, which a user most likely
// meant as the date @2011-02-05; otherwise it returns "".
func dateLiteralHint(operands ...ast.Node) string {
	for _, x := range operands {
		r := x.Span()
		if r.Src == nil || !r.Start.IsValid() || r.Start.Offset > len(*r.Src) {
			continue
		}
		if m := dateLike.FindString((*r.Src)[r.Start.Offset:]); m != "" {
			return fmt.Sprintf("write the date as @%s: without '@' it is a subtraction", m)
		}
	}
	return ""
}

// arithWant returns the kind the residualizer wants of the operands of
// n: numbers, unless n has a date or period operand (then whatever they
// are: Eval reports a fact of the wrong type).
func (r *residualizer) arithWant(n *ast.Arith) ast.Kind {
	ls, rs := r.static.of(n.L), r.static.of(n.R)
	if ls == Date || ls == Period || rs == Date || rs == Period {
		return ast.KindAny
	}
	return ast.KindNumber
}
