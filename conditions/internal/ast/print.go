package ast

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Precedence levels, loosest first. A parenthesised expression or a primary
// (fact, literal, atleast call) has PrecPrimary.
const (
	PrecOr = 1 + iota
	PrecAnd
	PrecNot
	PrecCompare
	PrecAdd
	PrecMul
	PrecNeg
	PrecPrimary
)

// Prec returns the precedence level of n's outermost operator.
func Prec(n Node) int {
	switch n := Untag(n).(type) {
	case *Logic:
		if n.Op == OpOr {
			return PrecOr
		}
		return PrecAnd
	case *Unary:
		if n.Op == OpNot {
			return PrecNot
		}
		return PrecNeg
	case *Compare:
		return PrecCompare
	case *Arith:
		if n.Op == OpAdd || n.Op == OpSub {
			return PrecAdd
		}
		return PrecMul
	}
	if l, ok := Untag(n).(*Lit); ok && l.Val.Kind == KindNumber && math.IsInf(l.Val.N, 0) {
		return PrecMul // printed as a product; see FormatNumber
	}
	return PrecPrimary
}

// Format returns the canonical text of n: single spaces around binary
// operators, "not" and "and"/"or" spelled as words, and only the
// parentheses that precedence and associativity require. Parsing the text
// gives back a tree that formats to the same text.
func Format(n Node) string {
	var b strings.Builder
	write(&b, n)
	return b.String()
}

func writeParen(b *strings.Builder, n Node, paren bool) {
	if paren {
		b.WriteByte('(')
		write(b, n)
		b.WriteByte(')')
		return
	}
	write(b, n)
}

func write(b *strings.Builder, n Node) {
	switch n := n.(type) {
	case nil:
		b.WriteString("true")
	case *Tagged:
		write(b, n.X)
	case *Fact:
		b.WriteString(n.Name)
		if n.Key != nil {
			b.WriteByte('[')
			if n.Key.Var != "" {
				b.WriteString(n.Key.Var)
			} else {
				b.WriteString(strconv.Quote(n.Key.Lit))
			}
			b.WriteByte(']')
		}
	case *Quant:
		b.WriteString(n.Op.String())
		b.WriteByte('(')
		b.WriteString(n.Var)
		b.WriteString(" in ")
		b.WriteString(n.Set)
		b.WriteString(": ")
		write(b, n.Body)
		b.WriteByte(')')
	case *Lit:
		b.WriteString(FormatValue(n.Val))
	case *Unary:
		if n.Op == OpNot {
			b.WriteString("not ")
			writeParen(b, n.X, Prec(n.X) < PrecNot)
			return
		}
		b.WriteByte('-')
		writeParen(b, n.X, Prec(n.X) < PrecNeg)
	case *Logic:
		p := Prec(n)
		for i, a := range n.Args {
			if i > 0 {
				b.WriteByte(' ')
				b.WriteString(n.Op.String())
				b.WriteByte(' ')
			}
			writeParen(b, a, Prec(a) < p)
		}
	case *Compare:
		writeParen(b, n.L, Prec(n.L) <= PrecCompare)
		b.WriteByte(' ')
		b.WriteString(n.Op.String())
		b.WriteByte(' ')
		writeParen(b, n.R, Prec(n.R) <= PrecCompare)
	case *Arith:
		writeArith(b, n)
	case *AtLeast:
		b.WriteString("atleast(")
		b.WriteString(strconv.Itoa(n.K))
		for _, a := range n.Args {
			b.WriteString(", ")
			write(b, a)
		}
		b.WriteByte(')')
	}
}

// writeArith writes the arithmetic n. Arithmetic is left associative, so
// a chain x + x + ... + x leans left as deep as it is long; writeArith
// follows its left spine in a loop, as long as no parentheses are needed,
// and recurses only into right operands, so that the stack stays shallow
// on chains of any length (see [Spine]).
func writeArith(b *strings.Builder, n *Arith) {
	var buf [spineBuf]*Arith
	spine := Spine(buf[:0], n, func(a, l *Arith) bool { return Prec(l) >= Prec(a) })
	in := spine[len(spine)-1]
	writeParen(b, in.L, Prec(in.L) < Prec(in))
	for i := len(spine) - 1; i >= 0; i-- {
		a := spine[i]
		p := Prec(a)
		b.WriteByte(' ')
		b.WriteString(a.Op.String())
		b.WriteByte(' ')
		writeParen(b, a.R, Prec(a.R) <= p)
	}
}

// spineBuf is the length of spine that walkers keep on the stack before
// they allocate.
const spineBuf = 16

// Spine appends to dst the left spine of the arithmetic n: n, its left
// operand if that is arithmetic (not tagged) and follow(n, n.L) allows it
// (nil allows all), that operand's left operand on the same terms, and so
// on. Arithmetic is left associative, so a chain x + x + ... + x is a
// tree as deep as the chain is long (up to about 16,000 levels within
// the limit of 64 KiB of text); walkers that follow its spine in a loop
// over Spine's result, and recurse only into right operands (which nest
// at most as deeply as parentheses may), keep the goroutine stack
// shallow. A recursion as deep as the chain grows the stack to megabytes
// and made the time per operand grow with the chain's length.
//
// Spine grows dst at most once, to the exact length it needs.
func Spine(dst []*Arith, n *Arith, follow func(a, l *Arith) bool) []*Arith {
	k := SpineLen(n, follow)
	dst = slices.Grow(dst, k)
	dst = append(dst, n)
	for a := n; k > 1; k-- {
		a = a.L.(*Arith)
		dst = append(dst, a)
	}
	return dst
}

// SpineLen returns the length of the spine [Spine] appends.
func SpineLen(n *Arith, follow func(a, l *Arith) bool) int {
	k := 1
	for a := n; ; k++ {
		l, ok := a.L.(*Arith)
		if !ok || follow != nil && !follow(a, l) {
			return k
		}
		a = l
	}
}

// FormatValue returns the literal text of v: true, false, a decimal number
// (exponent form only for very large or small magnitudes), a double-quoted Go string, @YYYY-MM-DD, or a period
// such as 6y6m (see [FormatPeriod]).
func FormatValue(v Value) string {
	switch v.Kind {
	case KindBool:
		return strconv.FormatBool(v.B)
	case KindNumber:
		return FormatNumber(v.N)
	case KindString:
		return strconv.Quote(v.S)
	case KindDate:
		return "@" + TimeOf(v.D).Format("2006-01-02")
	case KindPeriod:
		return FormatPeriod(v.M, v.D)
	}
	return "?"
}

// FormatPeriod returns the canonical text of the period of months months
// and days days: years, then months, then days, each only when not zero
// ("1y6m", "30d", "2y10d"), and "0d" for the empty period. Weeks are
// written as days: 2w is 14d.
func FormatPeriod(months int32, days int64) string {
	var b []byte
	if y := months / 12; y != 0 {
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, 'y')
	}
	if m := months % 12; m != 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'm')
	}
	if days != 0 || len(b) == 0 {
		b = strconv.AppendInt(b, days, 10)
		b = append(b, 'd')
	}
	return string(b)
}

// FormatNumber formats a number as the condition language writes it: the
// shortest decimal that reads back to the same float64, in exponent form
// only below 1e-6 or from 1e21 in magnitude. The language has no literal
// for an infinity, so +Inf is written as the product 1e+308 * 10, which
// evaluates to it, and -Inf as -1e+308 * 10; [Prec] ranks such a literal as
// a product so that it gets the parentheses one needs.
func FormatNumber(f float64) string {
	if math.IsInf(f, 0) {
		if f > 0 {
			return "1e+308 * 10"
		}
		return "-1e+308 * 10"
	}
	if a := math.Abs(f); a == 0 || a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
