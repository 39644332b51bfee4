package conditions

// Syntax of the condition language (for the package documentation).
//
// A condition is an expression that is true, false or unknown, such as
//
//	peace_treaty.concluded and foreign_troops.count == 0
//	atleast(2, ratified.de, ratified.fr, ratified.uk) or @1990-10-03 <= reunification.date
//
// # Grammar
//
//	condition  = or .
//	or         = and { ( "or" | "||" ) and } .
//	and        = not { ( "and" | "&&" ) not } .
//	not        = ( "not" | "!" ) not | comparison .
//	comparison = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] .
//	sum        = product { ( "+" | "-" ) product } .
//	product    = unary { ( "*" | "/" ) unary } .
//	unary      = "-" unary | primary .
//	primary    = quantifier | fact [ index ] | literal | "(" or ")" | atleast .
//	atleast    = "atleast" "(" integer "," or { "," or } ")" .
//	quantifier = ( "any" | "all" | "count" | "sum" ) "(" variable "in" fact ":" or ")" .
//	index      = "[" ( variable | string ) "]" .
//	fact       = name { "." name } .
//	name       = ( letter | "_" ) { letter | digit | "_" } .   (ASCII letters only)
//	variable   = name .
//	literal    = "true" | "false" | number | string | date | period .
//	period     = integer ( "y" [ integer "m" ] [ integer "w" ] [ integer "d" ] | "m" [ integer "w" ] [ integer "d" ] | "w" [ integer "d" ] | "d" ) .
//
// # Precedence
//
// From loosest to tightest binding:
//
//	or  ||
//	and &&
//	not !
//	== != < <= > >=   (not associative: a < b < c is an error)
//	+ -               (left-associative)
//	* /               (left-associative)
//	- (unary minus)
//
// So "not a == b" means "not (a == b)", and "a or b and c" means
// "a or (b and c)". A comparison may not be the operand of another
// comparison without parentheses, and a "not" may not be an operand of a
// comparison or of arithmetic without parentheses.
//
// # Names and keywords
//
// A fact name is one token even when it has dots, such as
// peace_treaty.concluded. The keywords are and, or, not, true, false and
// atleast; a name is a keyword only when the whole name is one, so
// "treaty.not" is a fact. Keywords and names are case-sensitive.
//
// # Literals
//
//   - Numbers are decimal: 12, 0.5, 1e21, 1.5e-3, 1e+21. They have no sign;
//     a "-" directly before a number literal makes a negative literal, so
//     -3 is a number, not an operation. All numbers are float64.
//   - Strings are in double quotes with the escapes of Go: "Lomé",
//     "say \"yes\"", "\u00e9".
//   - Dates are written @YYYY-MM-DD, such as @1990-10-03. The year has four
//     digits and the day must exist: @2019-02-30 is an error.
//   - true and false.
//
// In atleast(K, c1, ..., cn), K is a whole number literal (0, 1, 2, ...)
// and there is at least one condition c1.
//
// # Layout and limits
//
// Spaces, tabs and newlines separate tokens and are otherwise ignored.
// There are no comments. A condition is at most 64 KiB long, both as
// written and in its canonical text (the text [Expr.String] gives, which
// is what the library writes), so that every condition it writes parses
// again; and it nests parentheses, "not", unary minus and atleast at most 200 levels deep.
//
// # Errors
//
// Parse reports every syntax error it finds, up to 100, each with its
// line:column (lines and columns count from 1, columns in Unicode
// characters), as an ErrorList.

import (
	"fmt"
	"strconv"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

const (
	// maxSource is the longest source text Parse accepts, in bytes.
	maxSource = 64 << 10
	// maxDepth is how deeply parentheses, not, unary minus and atleast
	// may nest.
	maxDepth = 200
	// maxStored is how many errors the parser keeps; it counts the rest.
	maxStored = 1000
)

// Parse parses the text of a condition.
//
// On success the error is nil and the Expr remembers src as its
// [Expr.Source]. Otherwise Parse returns the zero Expr and an error that is
// always an [ErrorList], sorted by position, listing every syntax problem
// found (at most 100, then a note saying how many more there were). Each
// entry is an [*Error] with code [CodeSyntax], or [CodeLimit] when src is
// longer than 64 KiB, its canonical text ([Expr.String]) is longer than
// 64 KiB, or it is nested deeper than 200 levels.
func Parse(src string) (Expr, error) {
	if len(src) > maxSource {
		start := Pos{Offset: 0, Line: 1, Column: 1}
		return Expr{}, ErrorList{{
			Code: CodeLimit, Pos: start, End: start,
			Msg: fmt.Sprintf("condition is %d bytes long; the limit is %d bytes", len(src), maxSource),
		}}
	}
	var p parser
	p.init(src)
	root := p.parse()
	if err := p.errs.finish(p.dropped); err != nil {
		return Expr{}, err
	}
	// What the library writes is the canonical text, which can be longer
	// than src (spaces around operators, numbers written out): it must
	// read back, so the limit holds for it too.
	if n := len(ast.Format(root)); n > maxSource {
		return Expr{}, canonicalTooLong(n)
	}
	text := src
	ast.SetSource(root, &text) // so that errors know which text they are in
	fillStatic(root)
	return newExpr(root, src), nil
}

// canonicalTooLong is the error for a condition whose canonical text, n
// bytes long, is over the limit on what Parse reads.
func canonicalTooLong(n int) ErrorList {
	start := Pos{Offset: 0, Line: 1, Column: 1}
	return ErrorList{{
		Code: CodeLimit, Pos: start, End: start,
		Msg: fmt.Sprintf("condition's canonical text is %d bytes long; the limit is %d bytes", n, maxSource),
	}}
}

// MustParse is like [Parse] but panics if src is not a valid condition,
// with the errors rendered by [Snippet]. It is meant for conditions
// written in the program itself, such as package-level variables and tests.
func MustParse(src string) Expr {
	e, err := Parse(src)
	if err != nil {
		panic("conditions: MustParse(" + strconv.Quote(shorten(src)) + "):\n" + Snippet(src, err))
	}
	return e
}

// What the parser expected, for messages.
const (
	wantCond  = "a condition"
	wantValue = "a value"
)

// parser is a recursive-descent parser with precedence climbing for the
// binary operators. Recursion happens only for nesting constructs (groups,
// not, unary minus, atleast), which are counted against maxDepth, so the
// Go stack stays small whatever the input; chains of binary operators are
// parsed by loops.
type parser struct {
	lx      lexer
	tok     token   // the current token
	prevEnd ast.Pos // the end of the previous token
	depth   int
	open    []tokKind // the open brackets, innermost last: tLParen or tAtLeast
	vars    []string  // the quantifier variables in scope, innermost last
	errs    ErrorList
	dropped int // errors found beyond maxStored
	lastErr int // offset of the last error reported, or -1
}

// bailout is panicked to abandon parsing after a limit error; Parse
// recovers it, and only it.
type bailout struct{}

func (p *parser) init(src string) {
	p.lastErr = -1
	p.lx.init(src, p.errorf)
}

// errorf reports a syntax error at rng. A second error at the same
// offset as the previous one is dropped: it is nearly always a consequence
// of the first.
func (p *parser) errorf(rng ast.Range, format string, args ...any) {
	p.add(CodeSyntax, rng, format, args...)
}

func (p *parser) add(code Code, rng ast.Range, format string, args ...any) {
	if rng.Start.Offset == p.lastErr {
		return
	}
	p.lastErr = rng.Start.Offset
	if len(p.errs) >= maxStored {
		p.dropped++
		return
	}
	p.errs.Add(newError(code, rng, format, args...))
}

func (p *parser) next() {
	p.prevEnd = p.tok.rng.End
	p.tok = p.lx.next()
}

// rangeFrom returns the range from start to the end of the previous token.
func (p *parser) rangeFrom(start ast.Pos) ast.Range {
	return ast.Range{Start: start, End: p.prevEnd}
}

// enter starts a nested construct at t; leave ends it.
func (p *parser) enter(t token) {
	p.depth++
	if p.depth > maxDepth {
		p.lastErr = -1 // always report the limit
		p.add(CodeLimit, t.rng, "expression nested deeper than %d levels", maxDepth)
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) parse() (root ast.Node) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			root = nil
		}
	}()
	p.next()
	if p.tok.kind == tEOF {
		p.errorf(p.tok.rng, "empty condition")
		return nil
	}
	start := p.tok.rng.Start
	x := p.expr(ast.PrecOr, wantCond)
	for p.tok.kind != tEOF {
		switch p.tok.kind {
		case tRParen:
			p.errorf(p.tok.rng, "unexpected ')': no matching '('")
			p.next()
		case tComma:
			p.errorf(p.tok.rng, "unexpected ',' outside atleast(...)")
			p.next()
		case tLBrack, tRBrack, tColon:
			p.errorf(p.tok.rng, "unexpected %s: expected an operator or end of input", p.tok.describe())
			p.next()
		default:
			p.errorf(p.tok.rng, "unexpected %s: expected an operator or end of input", p.tok.describe())
		}
		if canStart(p.tok.kind) {
			// Two conditions side by side: parse the second one for the
			// errors it may hold.
			p.expr(ast.PrecOr, wantCond)
		}
		x = p.binaryRest(x, start, ast.PrecOr)
	}
	return x
}

// canStart reports whether a token of kind k can begin an operand.
func canStart(k tokKind) bool {
	switch k {
	case tIdent, tNumber, tString, tDate, tPeriod, tTrue, tFalse, tNot, tAtLeast, tLParen, tSub, tIllegal:
		return true
	}
	return false
}

// binaryPrec returns the precedence of k as a binary operator, or 0. An
// unknown character between two operands is taken as an operator of the
// highest precedence, so that "a $ b" gives one error, not two.
func binaryPrec(k tokKind) int {
	switch k {
	case tOr:
		return ast.PrecOr
	case tAnd:
		return ast.PrecAnd
	case tEq, tNe, tLt, tLe, tGt, tGe:
		return ast.PrecCompare
	case tAdd, tSub:
		return ast.PrecAdd
	case tMul, tDiv, tIllegal:
		return ast.PrecMul
	}
	return 0
}

var binaryOp = [...]ast.Op{
	tAnd: ast.OpAnd, tOr: ast.OpOr,
	tEq: ast.OpEq, tNe: ast.OpNe, tLt: ast.OpLt, tLe: ast.OpLe, tGt: ast.OpGt, tGe: ast.OpGe,
	tAdd: ast.OpAdd, tSub: ast.OpSub, tMul: ast.OpMul, tDiv: ast.OpDiv,
}

// expr parses an expression whose binary operators all have precedence
// minPrec or higher. want says what is expected, for messages.
func (p *parser) expr(minPrec int, want string) ast.Node {
	start := p.tok.rng.Start
	var x ast.Node
	if p.tok.kind == tNot {
		if minPrec > ast.PrecNot {
			p.errorf(p.tok.rng, "'%s' cannot be an operand of a comparison or arithmetic; put it in parentheses", p.tok.text)
		}
		x = p.not()
	} else {
		x = p.unary(want)
	}
	return p.binaryRest(x, start, minPrec)
}

// not parses "not X", the current token being the not.
func (p *parser) not() ast.Node {
	start := p.tok.rng.Start
	p.enter(p.tok)
	p.next()
	x := p.expr(ast.PrecNot, wantCond)
	p.leave()
	return &ast.Unary{Op: ast.OpNot, X: x, Rng: p.rangeFrom(start)}
}

// binaryRest parses the binary operators of precedence minPrec or higher
// that follow the operand x, which began at start.
func (p *parser) binaryRest(x ast.Node, start ast.Pos, minPrec int) ast.Node {
	compared := false // x is a comparison made by this loop
	for {
		k := p.tok.kind
		prec := binaryPrec(k)
		if prec == 0 || prec < minPrec {
			return x
		}
		switch k {
		case tAnd, tOr:
			args := []ast.Node{x}
			for p.tok.kind == k {
				p.next()
				args = append(args, p.expr(prec+1, wantCond))
			}
			l := ast.NewLogic(binaryOp[k], args...).(*ast.Logic)
			l.Rng = p.rangeFrom(start)
			x = l
			compared = false
		case tEq, tNe, tLt, tLe, tGt, tGe:
			if compared {
				p.errorf(p.tok.rng, "comparison operators cannot be chained; add parentheses")
			}
			p.next()
			y := p.expr(ast.PrecAdd, wantValue)
			x = &ast.Compare{Op: binaryOp[k], L: x, R: y, Rng: p.rangeFrom(start)}
			compared = true
		case tIllegal:
			for p.tok.kind == tIllegal {
				p.next()
			}
			if canStart(p.tok.kind) {
				p.expr(prec+1, wantValue)
			}
			compared = false
		default:
			p.next()
			y := p.expr(prec+1, wantValue)
			x = &ast.Arith{Op: binaryOp[k], L: x, R: y, Rng: p.rangeFrom(start)}
			compared = false
		}
	}
}

// unary parses a unary minus or a primary. A minus directly followed by a
// number literal makes a negative number literal.
func (p *parser) unary(want string) ast.Node {
	if p.tok.kind != tSub {
		return p.primary(want)
	}
	minus := p.tok
	p.next()
	if p.tok.kind == tNumber {
		n := p.tok
		p.next()
		return &ast.Lit{Val: ast.Number(-n.num), Rng: ast.Range{Start: minus.rng.Start, End: n.rng.End}}
	}
	p.enter(minus)
	x := p.unary(wantValue)
	p.leave()
	return &ast.Unary{Op: ast.OpNeg, X: x, Rng: p.rangeFrom(minus.rng.Start)}
}

// bad returns a placeholder for an operand that could not be parsed. The
// tree is discarded when there are errors, so any node will do.
func bad(rng ast.Range) ast.Node { return &ast.Lit{Val: ast.Bool(false), Rng: rng} }

// primary parses a fact, a literal, a parenthesised condition or an
// atleast call.
func (p *parser) primary(want string) ast.Node {
	for {
		t := p.tok
		switch t.kind {
		case tIdent:
			p.next()
			return p.factOrQuant(t)
		case tNumber:
			p.next()
			return &ast.Lit{Val: ast.Number(t.num), Rng: t.rng}
		case tString:
			p.next()
			return &ast.Lit{Val: ast.String(t.str), Rng: t.rng}
		case tDate:
			p.next()
			return &ast.Lit{Val: ast.Date(t.days), Rng: t.rng}
		case tPeriod:
			p.next()
			return &ast.Lit{Val: ast.Period(t.mons, t.days), Rng: t.rng}
		case tTrue, tFalse:
			p.next()
			return &ast.Lit{Val: ast.Bool(t.kind == tTrue), Rng: t.rng}
		case tLParen:
			return p.group()
		case tAtLeast:
			return p.atLeast()
		case tSub:
			// After skipped tokens; see below.
			return p.unary(want)
		case tNot:
			// As in "-not a": report it, then parse it as if parenthesised.
			p.errorf(t.rng, "'%s' cannot be an operand of a comparison or arithmetic; put it in parentheses", t.text)
			return p.not()
		case tIllegal:
			// Already reported by the lexer: skip it.
			p.next()
		default:
			p.errorf(t.rng, "unexpected %s: expected %s", t.describe(), want)
			// A stray ')' or ',' is skipped; anything else (end of input,
			// an operator, a closer of an enclosing bracket) is left for
			// the caller, which can go on from there.
			if !p.stray(t.kind) {
				return bad(ast.Range{Start: t.rng.Start, End: t.rng.Start})
			}
			p.next()
		}
		if !canStart(p.tok.kind) {
			return bad(t.rng)
		}
	}
}

// stray reports whether a token of kind k closes nothing that is open.
func (p *parser) stray(k tokKind) bool {
	switch k {
	case tRParen:
		return len(p.open) == 0
	case tComma:
		return len(p.open) == 0 || p.open[len(p.open)-1] != tAtLeast
	}
	return false
}

// group parses "(" condition ")".
func (p *parser) group() ast.Node {
	lparen := p.tok
	p.enter(lparen)
	p.open = append(p.open, tLParen)
	p.next()
	x := p.expr(ast.PrecOr, wantCond)
	reported := false
	for p.tok.kind != tRParen {
		if p.tok.kind == tEOF {
			p.errorf(p.tok.rng, "expected ')' to close '(' at %s", lparen.rng.Start)
			break
		}
		if !reported {
			p.errorf(p.tok.rng, "unexpected %s: expected ')' to close '(' at %s", p.tok.describe(), lparen.rng.Start)
			reported = true
		}
		p.skipOrParse()
	}
	if p.tok.kind == tRParen {
		p.next()
	}
	p.open = p.open[:len(p.open)-1]
	p.leave()
	return x
}

// skipOrParse recovers from an unexpected token inside brackets: it skips
// a comma, or else parses the condition that starts there so that its
// errors are found too. Either way at least one token is consumed.
func (p *parser) skipOrParse() {
	if p.tok.kind == tComma || !canStart(p.tok.kind) {
		p.next()
		return
	}
	off := p.tok.rng.Start.Offset
	p.expr(ast.PrecOr, wantCond)
	if p.tok.rng.Start.Offset == off && p.tok.kind != tEOF {
		p.next()
	}
}

// atLeast parses "atleast" "(" K "," condition { "," condition } ")".
func (p *parser) atLeast() ast.Node {
	at := p.tok
	p.next()
	if p.tok.kind != tLParen {
		p.errorf(p.tok.rng, "unexpected %s: expected '(' after 'atleast'", p.tok.describe())
		return bad(at.rng)
	}
	p.enter(at)
	p.open = append(p.open, tAtLeast)
	p.next()

	const wantK = "atleast needs a whole number as its first argument"
	n := &ast.AtLeast{KRng: p.tok.rng}
	switch p.tok.kind {
	case tNumber:
		if !p.tok.bad {
			if !isDigits(p.tok.text) {
				p.errorf(p.tok.rng, wantK)
			} else if k, err := strconv.Atoi(p.tok.text); err != nil || k > maxSource {
				p.errorf(p.tok.rng, "atleast count %s is too large", shorten(p.tok.text))
			} else {
				n.K = k
			}
		}
		p.next()
	case tComma, tRParen, tEOF:
		p.errorf(p.tok.rng, wantK)
	default:
		start := p.tok.rng.Start
		p.expr(ast.PrecOr, wantValue)
		n.KRng = p.rangeFrom(start)
		p.errorf(n.KRng, wantK)
	}

	switch p.tok.kind {
	case tComma:
		p.next()
	case tRParen:
		p.errorf(p.tok.rng, "atleast needs at least one condition after the count")
		p.next()
		p.open = p.open[:len(p.open)-1]
		p.leave()
		return bad(p.rangeFrom(at.rng.Start))
	default:
		p.errorf(p.tok.rng, "unexpected %s: expected ',' after the count of atleast", p.tok.describe())
	}
	reported := false
	for {
		n.Args = append(n.Args, p.expr(ast.PrecOr, wantCond))
		for p.tok.kind != tComma && p.tok.kind != tRParen && p.tok.kind != tEOF {
			if !reported {
				p.errorf(p.tok.rng, "unexpected %s: expected ',' or ')' to close 'atleast(' at %s", p.tok.describe(), at.rng.Start)
				reported = true
			}
			p.skipOrParse()
		}
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	if p.tok.kind == tRParen {
		p.next()
	} else {
		p.errorf(p.tok.rng, "expected ')' to close 'atleast(' at %s", at.rng.Start)
	}
	p.open = p.open[:len(p.open)-1]
	p.leave()
	n.Rng = p.rangeFrom(at.rng.Start)
	return n
}

// isDigits reports whether s is a non-empty string of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
