// Package ast defines the syntax tree of the condition language, its source
// positions and its canonical printer. It is shared by the parser, the
// evaluator and the compiler of package conditions and is not meant for use
// outside it.
//
// Trees are immutable once built: no function in this module modifies a node
// after construction, so trees may be shared freely between goroutines.
package ast

import (
	"fmt"
	"time"
)

// Pos is a position in condition source text.
//
// Offset is a byte offset, starting at 0. Line is a line number, starting
// at 1. Column is a column number, starting at 1, counted in Unicode code
// points (not bytes), so a caret can be placed under the right character.
// The zero Pos means "no position" (a node built by a function rather than
// parsed).
type Pos struct {
	Offset int
	Line   int
	Column int
}

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "line:column", or "-" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Column)
}

// Range is a span of source text. Start is inclusive and End is exclusive.
type Range struct {
	Start, End Pos
	// Src is the text the positions are in, set by SetSource; nil when it
	// is not known. A condition composed of parts parsed from different
	// texts keeps each part's text with its ranges.
	Src *string
}

// SetSource sets the text of the ranges of n and of the nodes below it
// that have none yet to src. It is meant for a freshly parsed tree, before
// it is shared.
func SetSource(n Node, src *string) {
	Inspect(n, func(n Node) bool {
		var r *Range
		switch x := n.(type) {
		case *Fact:
			r = &x.Rng
		case *Lit:
			r = &x.Rng
		case *Unary:
			r = &x.Rng
		case *Logic:
			r = &x.Rng
		case *Compare:
			r = &x.Rng
		case *Arith:
			r = &x.Rng
		case *AtLeast:
			r = &x.Rng
			if x.KRng.Src == nil && x.KRng.Start.IsValid() {
				x.KRng.Src = src
			}
		}
		if r != nil && r.Src == nil && r.Start.IsValid() {
			r.Src = src
		}
		return true
	})
}

// Kind is the type of a value in the condition language.
type Kind uint8

// The kinds of values. KindAny is the kind of an expression whose type is
// not yet known (a fact with no declared type in an untyped context).
const (
	KindAny Kind = iota
	KindBool
	KindNumber
	KindString
	KindDate
	// KindPeriod is the kind of a period literal such as 30d or 6y6m. No
	// fact has this kind: periods are only ever added to or subtracted
	// from dates.
	KindPeriod
	// KindSet is the kind of a set-valued fact: a finite set of strings.
	// It is never the kind of a Value: a set is read only by a
	// quantifier (see Quant).
	KindSet
)

var kindNames = [...]string{"any", "bool", "number", "string", "date", "period", "set"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Value is a literal or fact value. Exactly the field selected by Kind is
// meaningful. Dates are whole days: D counts days since 1970-01-01 (negative
// before). A period is M months and D days, both at least 0 (years are
// counted as 12 months, weeks as 7 days).
type Value struct {
	Kind Kind
	B    bool
	M    int32 // the months of a period (it fits in the padding after B)
	N    float64
	S    string
	D    int64
}

// Bool, Number, String and Date build values.
func Bool(b bool) Value      { return Value{Kind: KindBool, B: b} }
func Number(n float64) Value { return Value{Kind: KindNumber, N: n} }
func String(s string) Value  { return Value{Kind: KindString, S: s} }
func Date(days int64) Value  { return Value{Kind: KindDate, D: days} }

// Period builds the period of months months and days days.
func Period(months int32, days int64) Value { return Value{Kind: KindPeriod, M: months, D: days} }

// DaysOf returns the civil date of t (in t's own location) as days since
// 1970-01-01.
func DaysOf(t time.Time) int64 {
	// The civil date is that of the wall clock: the Unix time shifted by
	// the zone's offset. Flooring it is t.Date() without the calendar.
	_, off := t.Zone()
	s := t.Unix() + int64(off)
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// TimeOf returns midnight UTC of the given day count.
func TimeOf(days int64) time.Time {
	return time.Unix(days*86400, 0).UTC()
}

// Op is an operator.
type Op uint8

// Operators. Their text is given by [Op.String].
const (
	OpAnd Op = iota
	OpOr
	OpNot
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpNeg
)

var opText = [...]string{"and", "or", "not", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "-"}

func (o Op) String() string {
	if int(o) < len(opText) {
		return opText[o]
	}
	return fmt.Sprintf("Op(%d)", o)
}

// Node is a node of the syntax tree. The set of implementations is closed:
// *Fact, *Lit, *Unary, *Logic, *Compare, *Arith, *AtLeast, *Quant and *Tagged.
type Node interface {
	// Span returns the source range of the node; the zero Range for nodes
	// that were built rather than parsed.
	Span() Range
	node()
}

// Fact reads a fact by its dotted name, such as peace_treaty.concluded.
// With a non-nil Key it reads one value of an indexed fact (a fact with a
// value per member of a set): Name[x] for the member bound to the
// quantifier variable x, or Name["Saarlouis"] for a given member.
type Fact struct {
	Name string
	Rng  Range
	Key  *Key
}

// Key is the index of an indexed fact read: a quantifier variable (Var
// not empty) or a member given as a string literal (Lit).
type Key struct {
	Var string
	Lit string
	Rng Range
}

// Lit is a literal: true, false, a number, a "string" or a @YYYY-MM-DD date.
type Lit struct {
	Val Value
	Rng Range
}

// Unary is "not X" (Op == OpNot) or "-X" (Op == OpNeg).
type Unary struct {
	Op  Op
	X   Node
	Rng Range
}

// Logic is an n-ary "and" or "or" with at least two arguments. Nested
// logic nodes of the same operator are always flattened: no argument of a
// Logic node is itself a Logic node with the same Op (looking through
// Tagged nodes does not count: a Tagged argument stays where it is).
type Logic struct {
	Op   Op
	Args []Node
	Rng  Range
}

// Compare is a comparison L Op R with Op one of == != < <= > >=.
type Compare struct {
	Op   Op
	L, R Node
	Rng  Range
}

// Arith is an arithmetic operation L Op R with Op one of + - * /.
type Arith struct {
	Op   Op
	L, R Node
	Rng  Range
	// Static caches the static type of the operation for package
	// conditions (its Type plus one; 0 when not computed). It is set once,
	// after parsing and before the tree is shared, so that asking for the
	// type of every operation of a chain stays linear.
	Static uint8
}

// AtLeast is atleast(K, Args...): true when at least K arguments are true.
type AtLeast struct {
	K    int
	Args []Node
	Rng  Range
	KRng Range // the range of the K literal
}

// QuantOp is the operator of a quantifier.
type QuantOp uint8

// The quantifiers.
const (
	QAny   QuantOp = iota // any(x in S: c): some member satisfies c
	QAll                  // all(x in S: c): every member satisfies c
	QCount                // count(x in S: c): how many members satisfy c
	QSum                  // sum(x in S: e): the sum of e over the members
)

var quantText = [...]string{"any", "all", "count", "sum"}

func (q QuantOp) String() string {
	if int(q) < len(quantText) {
		return quantText[q]
	}
	return fmt.Sprintf("QuantOp(%d)", q)
}

// QuantOps maps the quantifier names to their operators.
var QuantOps = map[string]QuantOp{"any": QAny, "all": QAll, "count": QCount, "sum": QSum}

// Quant is a quantifier over the members of the set-valued fact Set:
// Op(Var in Set: Body). Inside Body, Var is read only as the key of an
// indexed fact (Fact.Key.Var). any and all are bool, count and sum are
// numbers; Body is bool except for sum, where it is a number.
type Quant struct {
	Op     QuantOp
	Var    string
	Set    string
	Body   Node
	Rng    Range
	VarRng Range
	SetRng Range
}

// Tagged marks a subtree with the origin it came from, such as the id of
// the instrument that added it. It is transparent to printing and
// evaluation; explanations report the origin.
type Tagged struct {
	Origin string
	X      Node
}

func (n *Fact) Span() Range    { return n.Rng }
func (n *Lit) Span() Range     { return n.Rng }
func (n *Unary) Span() Range   { return n.Rng }
func (n *Logic) Span() Range   { return n.Rng }
func (n *Compare) Span() Range { return n.Rng }
func (n *Arith) Span() Range   { return n.Rng }
func (n *AtLeast) Span() Range { return n.Rng }
func (n *Quant) Span() Range   { return n.Rng }
func (n *Tagged) Span() Range  { return n.X.Span() }

func (*Fact) node()    {}
func (*Lit) node()     {}
func (*Unary) node()   {}
func (*Logic) node()   {}
func (*Compare) node() {}
func (*Arith) node()   {}
func (*AtLeast) node() {}
func (*Quant) node()   {}
func (*Tagged) node()  {}

var (
	_ Node = (*Fact)(nil)
	_ Node = (*Lit)(nil)
	_ Node = (*Unary)(nil)
	_ Node = (*Logic)(nil)
	_ Node = (*Compare)(nil)
	_ Node = (*Arith)(nil)
	_ Node = (*AtLeast)(nil)
	_ Node = (*Quant)(nil)
	_ Node = (*Tagged)(nil)
)

// Untag returns n with any Tagged wrappers removed.
func Untag(n Node) Node {
	for {
		t, ok := n.(*Tagged)
		if !ok {
			return n
		}
		n = t.X
	}
}

// NewLogic builds an and/or node over args, flattening arguments that are
// themselves untagged Logic nodes of the same operator. With one argument
// it returns that argument.
func NewLogic(op Op, args ...Node) Node {
	var flat []Node
	for _, a := range args {
		if l, ok := a.(*Logic); ok && l.Op == op {
			flat = append(flat, l.Args...)
			continue
		}
		flat = append(flat, a)
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return &Logic{Op: op, Args: flat}
}

// Inspect calls f for n and, while f returns true, for each of n's
// children in source order.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case *Unary:
		Inspect(n.X, f)
	case *Logic:
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *Compare:
		Inspect(n.L, f)
		Inspect(n.R, f)
	case *Arith:
		inspectArith(n, f)
	case *AtLeast:
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *Quant:
		Inspect(n.Body, f)
	case *Tagged:
		Inspect(n.X, f)
	}
}

// inspectArith is Inspect on the operands of the arithmetic n, which f
// has been called on and returned true for. It follows the left spine of
// a chain x + x + ... + x (as deep as it is long) in a loop, calling f on
// each operation on the way down, and recurses only into right operands,
// so that the stack stays shallow; the order of the calls is Inspect's.
func inspectArith(n *Arith, f func(Node) bool) {
	var buf [spineBuf]*Arith
	spine := buf[:0]
	if _, ok := n.L.(*Arith); ok {
		// f may stop the descent: the spine is at most as long as n's.
		spine = Spine(spine, n, nil)[:1]
	} else {
		spine = append(spine, n)
	}
	for {
		a := spine[len(spine)-1]
		l, ok := a.L.(*Arith)
		if !ok {
			Inspect(a.L, f)
			break
		}
		if !f(l) {
			break // l's operands are skipped, the right operands above it are not
		}
		spine = append(spine, l)
	}
	for i := len(spine) - 1; i >= 0; i-- {
		Inspect(spine[i].R, f)
	}
}
