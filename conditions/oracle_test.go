package conditions_test

// An independent reference evaluator ("oracle") for the condition language,
// written only from the documented semantics (README, package doc, Eval,
// Residual, Compile): Kleene's strong three-valued logic, unknown facts,
// the atleast rule, comparisons of numbers, strings (byte-wise) and dates (by
// civil date), == and != on bools, float64 arithmetic, division by zero an
// error whenever the divisor is known to be zero, and a fact value of the
// wrong Go type an error. The test generates random condition TEXT (not
// ASTs) from fixed seeds together with the oracle's own tree for it, random
// partial facts, and checks Eval, Compile+Program (EvalFacts, Values and
// Batch), the canonical printer and Residual against the oracle.
//
// TestOracleKnownFailures holds the smallest reproducers of the
// disagreements found; they fail until the package is fixed.

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

type orcType int

const (
	orcBool orcType = iota
	orcNum
	orcStr
	orcDate
)

func (t orcType) String() string {
	return [...]string{"bool", "number", "string", "date"}[t]
}

func (t orcType) schemaType() conditions.Type {
	return [...]conditions.Type{conditions.Bool, conditions.Number, conditions.String, conditions.Date}[t]
}

// orcFacts are the facts the generator uses. Some names start with or
// contain a keyword: a dotted name is one token, and a keyword only when the
// whole token is one.
var orcFacts = []struct {
	name string
	typ  orcType
}{
	{"b0", orcBool}, {"b1", orcBool}, {"p.q", orcBool}, {"not_b", orcBool},
	{"and.x", orcBool}, {"true.t", orcBool}, {"_b", orcBool},
	{"n0", orcNum}, {"n1", orcNum}, {"n.x.y", orcNum}, {"or_n", orcNum},
	{"s0", orcStr}, {"s1", orcStr}, {"false.s", orcStr},
	{"d0", orcDate}, {"d1", orcDate}, {"atleast.d", orcDate},
}

func orcFactsOf(t orcType) []string {
	var names []string
	for _, f := range orcFacts {
		if f.typ == t {
			names = append(names, f.name)
		}
	}
	return names
}

func orcSchema(t testing.TB) *conditions.Schema {
	var fields []conditions.Field
	for _, f := range orcFacts {
		fields = append(fields, conditions.Field{Name: f.name, Type: f.typ.schemaType()})
	}
	s, err := conditions.NewSchema(fields...)
	require.NoError(t, err)
	return s
}

type orcCivil struct{ y, m, d int }

func (c orcCivil) compare(o orcCivil) int {
	switch {
	case c.y != o.y:
		return cmpInt(c.y, o.y)
	case c.m != o.m:
		return cmpInt(c.m, o.m)
	default:
		return cmpInt(c.d, o.d)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// orcVal is a value of the oracle; known is false for unknown.
type orcVal struct {
	known bool
	typ   orcType
	b     bool
	n     float64
	s     string
	d     orcCivil
}

type orcNode struct {
	kind    string // fact, lit, not, and, or, atleast, cmp, neg, arith
	typ     orcType
	name    string // fact
	lit     orcVal // lit
	litText string // lit
	op      string // cmp: == != < <= > >=; arith: + - * /
	k       int    // atleast
	kids    []*orcNode
	off     int // byte offset in the text: of the fact name, or of the '/'
}

// ---- generation of trees and their text ----

type orcGen struct {
	r *rand.Rand
	// huge adds literals and fact values near and at infinity.
	huge bool
}

var orcNumLits = []string{"0", "1", "2", "3", "0.5", "1.5", "10", "100", "1e2", "25e-1", "0.0", "1e+1", "1.0e0", "0.25"}

// orcHugeLits overflow to infinity when multiplied.
var orcHugeLits = []string{"1e308", "1.7976931348623157e308"}

var orcStrPieces = []struct{ text, val string }{
	{"a", "a"}, {"b", "b"}, {"A", "A"}, {"é", "é"}, {"日", "日"}, {" ", " "},
	{`\"`, `"`}, {`\\`, `\`}, {`\n`, "\n"}, {`\t`, "\t"}, {`\x41`, "A"},
	{`\u00e9`, "é"}, {`\U0001F600`, "😀"},
}

var orcDateLits = []orcCivil{{2020, 1, 1}, {2020, 2, 29}, {2019, 12, 31}, {2021, 6, 15}, {1999, 12, 31}}

func (g *orcGen) pick(n int) int { return g.r.IntN(n) }

func (g *orcGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *orcGen) fact(t orcType) *orcNode {
	names := orcFactsOf(t)
	return &orcNode{kind: "fact", typ: t, name: names[g.pick(len(names))]}
}

func (g *orcGen) numLit() *orcNode {
	text := orcNumLits[g.pick(len(orcNumLits))]
	if g.huge && g.chance(0.4) {
		text = orcHugeLits[g.pick(len(orcHugeLits))]
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		panic(err)
	}
	return &orcNode{kind: "lit", typ: orcNum, litText: text, lit: orcVal{known: true, typ: orcNum, n: v}}
}

func (g *orcGen) strLit() *orcNode {
	var text, val strings.Builder
	for range g.pick(3) {
		p := orcStrPieces[g.pick(len(orcStrPieces))]
		text.WriteString(p.text)
		val.WriteString(p.val)
	}
	return &orcNode{kind: "lit", typ: orcStr, litText: `"` + text.String() + `"`, lit: orcVal{known: true, typ: orcStr, s: val.String()}}
}

func (g *orcGen) dateLit() *orcNode {
	c := orcDateLits[g.pick(len(orcDateLits))]
	return &orcNode{kind: "lit", typ: orcDate, litText: fmt.Sprintf("@%04d-%02d-%02d", c.y, c.m, c.d), lit: orcVal{known: true, typ: orcDate, d: c}}
}

func (g *orcGen) boolLit() *orcNode {
	b := g.chance(0.5)
	return &orcNode{kind: "lit", typ: orcBool, litText: strconv.FormatBool(b), lit: orcVal{known: true, typ: orcBool, b: b}}
}

var orcCmpOps = []string{"==", "!=", "<", "<=", ">", ">="}

func (g *orcGen) boolExpr(depth int) *orcNode {
	if depth <= 0 || g.chance(0.2) {
		switch p := g.pick(10); {
		case p < 6:
			return g.fact(orcBool)
		case p < 7:
			return g.boolLit()
		default:
			return g.cmp(0)
		}
	}
	switch g.pick(10) {
	case 0:
		return &orcNode{kind: "not", typ: orcBool, kids: []*orcNode{g.boolExpr(depth - 1)}}
	case 1, 2:
		return g.logic("and", depth)
	case 3, 4:
		return g.logic("or", depth)
	case 5:
		n := 1 + g.pick(4)
		x := &orcNode{kind: "atleast", typ: orcBool, k: g.pick(n + 2)}
		for range n {
			x.kids = append(x.kids, g.boolExpr(depth-1))
		}
		return x
	default:
		return g.cmp(depth - 1)
	}
}

func (g *orcGen) logic(op string, depth int) *orcNode {
	x := &orcNode{kind: op, typ: orcBool}
	for range 2 + g.pick(2) {
		x.kids = append(x.kids, g.boolExpr(depth-1))
	}
	return x
}

// cmp returns a comparison. Two bare facts are never compared with each
// other, so that every fact's type is fixed by its context.
func (g *orcGen) cmp(depth int) *orcNode {
	x := &orcNode{kind: "cmp", typ: orcBool}
	switch p := g.pick(10); {
	case p < 5: // numbers
		x.op = orcCmpOps[g.pick(6)]
		l, r := g.numExpr(depth), g.numExpr(depth)
		if l.kind == "fact" && r.kind == "fact" {
			r = g.numLit()
		}
		x.kids = []*orcNode{l, r}
	case p < 7: // strings
		x.op = orcCmpOps[g.pick(6)]
		x.kids = g.factAndLit(orcStr, g.strLit)
	case p < 9: // dates
		x.op = orcCmpOps[g.pick(6)]
		x.kids = g.factAndLit(orcDate, g.dateLit)
	default: // bools
		x.op = orcCmpOps[g.pick(2)]
		l, r := g.boolExpr(depth), g.boolExpr(depth)
		if l.kind == "fact" && r.kind == "fact" {
			r = g.boolLit()
		}
		x.kids = []*orcNode{l, r}
	}
	return x
}

func (g *orcGen) factAndLit(t orcType, lit func() *orcNode) []*orcNode {
	switch g.pick(10) {
	case 0:
		return []*orcNode{lit(), lit()}
	case 1, 2, 3:
		return []*orcNode{lit(), g.fact(t)}
	default:
		return []*orcNode{g.fact(t), lit()}
	}
}

func (g *orcGen) numExpr(depth int) *orcNode {
	if depth <= 0 || g.chance(0.3) {
		if g.huge && g.chance(0.3) {
			// An infinity, which fact values cannot be: a huge number
			// that overflows.
			ten := &orcNode{kind: "lit", typ: orcNum, litText: "10", lit: orcVal{known: true, typ: orcNum, n: 10}}
			x := g.fact(orcNum)
			if g.chance(0.5) {
				x = g.numLit()
			}
			return &orcNode{kind: "arith", typ: orcNum, op: "*", kids: []*orcNode{x, ten}}
		}
		if g.chance(0.5) {
			return g.fact(orcNum)
		}
		return g.numLit()
	}
	switch p := g.pick(10); {
	case p < 2:
		return &orcNode{kind: "neg", typ: orcNum, kids: []*orcNode{g.numExpr(depth - 1)}}
	default:
		op := []string{"+", "-", "*", "/", "/"}[g.pick(5)]
		x := &orcNode{kind: "arith", typ: orcNum, op: op, kids: []*orcNode{g.numExpr(depth - 1), g.numExpr(depth - 1)}}
		if op == "/" && g.chance(0.15) {
			// A divisor that is zero more often than by chance.
			x.kids[1] = &orcNode{kind: "lit", typ: orcNum, litText: []string{"0", "0.0", "0e5"}[g.pick(3)], lit: orcVal{known: true, typ: orcNum}}
		}
		return x
	}
}

// ---- printing ----

func orcPrec(n *orcNode) int {
	switch n.kind {
	case "or":
		return 1
	case "and":
		return 2
	case "not":
		return 3
	case "cmp":
		return 4
	case "arith":
		if n.op == "+" || n.op == "-" {
			return 5
		}
		return 6
	case "neg":
		return 7
	}
	return 8
}

type orcPrinter struct {
	g *orcGen
	b strings.Builder
}

var orcSpaces = []string{" ", " ", " ", "  ", "\t", "\n", " \n\t "}

// ws writes optional white space.
func (p *orcPrinter) ws() {
	if p.g.chance(0.5) {
		p.b.WriteString(orcSpaces[p.g.pick(len(orcSpaces))])
	}
}

// ws1 writes at least one white-space character.
func (p *orcPrinter) ws1() { p.b.WriteString(orcSpaces[p.g.pick(len(orcSpaces))]) }

func (p *orcPrinter) print(n *orcNode, need int) {
	if orcPrec(n) < need || p.g.chance(0.1) {
		p.b.WriteString("(")
		p.ws()
		p.inner(n)
		p.ws()
		p.b.WriteString(")")
		return
	}
	p.inner(n)
}

func (p *orcPrinter) inner(n *orcNode) {
	switch n.kind {
	case "fact":
		n.off = p.b.Len()
		p.b.WriteString(n.name)
	case "lit":
		p.b.WriteString(n.litText)
	case "not":
		if p.g.chance(0.5) {
			p.b.WriteString("not")
			p.ws1()
		} else {
			p.b.WriteString("!")
			p.ws()
		}
		p.print(n.kids[0], 3)
	case "and", "or":
		need, word, sym := 3, "and", "&&"
		if n.kind == "or" {
			need, word, sym = 2, "or", "||"
		}
		for i, k := range n.kids {
			if i > 0 {
				if p.g.chance(0.5) {
					p.ws1()
					p.b.WriteString(word)
					p.ws1()
				} else {
					p.ws()
					p.b.WriteString(sym)
					p.ws()
				}
			}
			p.print(k, need)
		}
	case "atleast":
		p.b.WriteString("atleast")
		p.ws()
		p.b.WriteString("(")
		p.ws()
		p.b.WriteString(strconv.Itoa(n.k))
		for _, k := range n.kids {
			p.ws()
			p.b.WriteString(",")
			p.ws()
			p.print(k, 1)
		}
		p.ws()
		p.b.WriteString(")")
	case "cmp":
		p.print(n.kids[0], 5)
		p.ws()
		p.b.WriteString(n.op)
		p.ws()
		p.print(n.kids[1], 5)
	case "neg":
		p.b.WriteString("-")
		if p.g.chance(0.3) {
			p.ws()
		}
		p.print(n.kids[0], 7)
	case "arith":
		l, r := 5, 6
		if n.op == "*" || n.op == "/" {
			l, r = 6, 7
		}
		p.print(n.kids[0], l)
		p.ws()
		if n.op == "/" {
			n.off = p.b.Len()
		}
		p.b.WriteString(n.op)
		p.ws()
		p.print(n.kids[1], r)
	default:
		panic(n.kind)
	}
}

// ---- facts ----

type orcInt int32
type orcFloat float64

var orcNumVals = []float64{0, 1, 2, 3, -1, 0.5, 2.5, 10, 100, -0.5, 0.25}

var orcZones = []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -12*3600), time.FixedZone("half", 5*3600+1800)}

// value returns a random Go value of a fact of type t.
func (g *orcGen) value(t orcType) any {
	switch t {
	case orcBool:
		return g.chance(0.5)
	case orcNum:
		v := orcNumVals[g.pick(len(orcNumVals))]
		if g.huge && g.chance(0.7) {
			// Infinities are refused (fact values must be finite), so they
			// come rarely; the largest numbers overflow in arithmetic.
			return []float64{math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
				math.MaxFloat64, -math.MaxFloat64, 1e308, -1e308}[g.pick(8)]
		}
		if v == math.Trunc(v) {
			switch g.pick(7) {
			case 0:
				return int(v)
			case 1:
				return int8(v)
			case 2:
				return int64(v)
			case 3:
				if v >= 0 {
					return uint16(v)
				}
				return int32(v)
			case 4:
				return orcInt(v)
			}
		}
		switch g.pick(3) {
		case 0:
			return float32(v) // exact for every value in orcNumVals
		case 1:
			return orcFloat(v)
		}
		return v
	case orcStr:
		var s strings.Builder
		for range g.pick(3) {
			s.WriteString(orcStrPieces[g.pick(len(orcStrPieces))].val)
		}
		return s.String()
	default:
		c := orcDateLits[g.pick(len(orcDateLits))]
		if g.chance(0.3) {
			c = orcCivil{2020, 1, 2}
		}
		// The civil date in the value's own location is c, whatever its
		// date in UTC.
		return time.Date(c.y, time.Month(c.m), c.d, g.pick(24), g.pick(60), 0, 0, orcZones[g.pick(len(orcZones))])
	}
}

// wrongValue returns a Go value that a fact of type t must not have.
func (g *orcGen) wrongValue(t orcType) any {
	for {
		switch g.pick(8) {
		case 0:
			if t != orcBool {
				return true
			}
		case 1:
			if t != orcNum {
				return 3
			}
		case 2:
			if t != orcStr {
				return "2020-01-01"
			}
		case 3:
			if t != orcDate {
				return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			}
		case 4:
			return struct{}{}
		case 5:
			return []int{1}
		case 6:
			return math.NaN()
		case 7:
			return complex(1, 2)
		}
	}
}

// facts returns random facts, some unknown, and with probability pWrong per
// case a value of the wrong type for one fact.
func (g *orcGen) facts(pWrong float64) conditions.Facts {
	f := conditions.Facts{}
	for _, fd := range orcFacts {
		switch p := g.pick(10); {
		case p < 3: // absent: unknown
		case p < 4:
			f[fd.name] = nil // unknown
		default:
			f[fd.name] = g.value(fd.typ)
		}
	}
	if g.chance(pWrong) {
		fd := orcFacts[g.pick(len(orcFacts))]
		f[fd.name] = g.wrongValue(fd.typ)
	}
	// Facts a condition does not read are ignored, whatever their values.
	f["zz.unused"] = struct{}{}
	return f
}

// ---- the oracle ----

type orcResult struct {
	code    conditions.Code // "" when there is no error
	off     int             // the offset of the error
	value   conditions.Truth
	missing []string
	// undefined is set when a comparison met a NaN (such as 1e308 * 10 -
	// 1e308 * 10): the documentation does not say how NaN compares, so
	// value and missing are then not the oracle's to give.
	undefined bool
}

// orcConvert converts a Go fact value for a fact of type want; ok is false
// when the value has the wrong or an unsupported type.
func orcConvert(v any, want orcType) (val orcVal, ok bool) {
	if v == nil {
		return orcVal{typ: want}, true
	}
	val = orcVal{known: true, typ: want}
	switch want {
	case orcBool:
		b, isBool := v.(bool)
		val.b = b
		return val, isBool
	case orcStr:
		s, isStr := v.(string)
		val.s = s
		return val, isStr
	case orcDate:
		t, isTime := v.(time.Time)
		y, m, d := t.Date()
		val.d = orcCivil{y, int(m), d}
		return val, isTime
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		val.n = float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		val.n = float64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		val.n = rv.Float()
		if math.IsNaN(val.n) || math.IsInf(val.n, 0) {
			return val, false // a fact value must be a finite number
		}
	default:
		return val, false
	}
	return val, true
}

type orcEval struct {
	facts     conditions.Facts
	badOff    int // the first offset of a fact with a bad value, or -1
	divOffs   []int
	undefined bool
}

// orcRun evaluates root over facts. Of all errors (fact values of the wrong
// type, divisions by a known zero) the first in source order is returned:
// Eval's documentation says that fact values are checked before evaluation
// and that "if there are several errors, the first in source order is
// returned", which the package implements across both kinds.
func orcRun(root *orcNode, facts conditions.Facts) orcResult {
	o := &orcEval{facts: facts, badOff: -1}
	// Every fact value the condition reads is checked before evaluation.
	orcWalk(root, func(n *orcNode) {
		if n.kind != "fact" {
			return
		}
		if _, ok := orcConvert(facts[n.name], n.typ); !ok && (o.badOff < 0 || n.off < o.badOff) {
			o.badOff = n.off
		}
	})
	// A fact with a bad value counts as unknown while the other errors are
	// looked for; of all errors, the first in source order is returned.
	v := o.eval(root)
	if len(o.divOffs) > 0 && (o.badOff < 0 || slices.Min(o.divOffs) < o.badOff) {
		return orcResult{code: conditions.CodeDivByZero, off: slices.Min(o.divOffs)}
	}
	if o.badOff >= 0 {
		return orcResult{code: conditions.CodeFactType, off: o.badOff}
	}
	res := orcResult{value: orcTruth(v), undefined: o.undefined}
	if res.value == conditions.Unknown {
		set := map[string]bool{}
		o.missing(root, set)
		for name := range set {
			res.missing = append(res.missing, name)
		}
		sort.Strings(res.missing)
	}
	return res
}

func orcWalk(n *orcNode, f func(*orcNode)) {
	f(n)
	for _, k := range n.kids {
		orcWalk(k, f)
	}
}

func orcTruth(v orcVal) conditions.Truth {
	switch {
	case !v.known:
		return conditions.Unknown
	case v.b:
		return conditions.True
	}
	return conditions.False
}

func orcBoolVal(t conditions.Truth) orcVal {
	return orcVal{typ: orcBool, known: t != conditions.Unknown, b: t == conditions.True}
}

func (o *orcEval) eval(n *orcNode) orcVal {
	switch n.kind {
	case "fact":
		v, ok := orcConvert(o.facts[n.name], n.typ)
		if !ok {
			return orcVal{typ: n.typ}
		}
		return v
	case "lit":
		return n.lit
	case "not":
		v := o.eval(n.kids[0])
		v.b = !v.b
		return v
	case "and", "or", "atleast":
		var nt, nf, nu int
		for _, k := range n.kids { // every operand, no short-circuit
			switch orcTruth(o.eval(k)) {
			case conditions.True:
				nt++
			case conditions.False:
				nf++
			default:
				nu++
			}
		}
		switch n.kind {
		case "and":
			switch {
			case nf > 0:
				return orcBoolVal(conditions.False)
			case nu > 0:
				return orcBoolVal(conditions.Unknown)
			}
			return orcBoolVal(conditions.True)
		case "or":
			switch {
			case nt > 0:
				return orcBoolVal(conditions.True)
			case nu > 0:
				return orcBoolVal(conditions.Unknown)
			}
			return orcBoolVal(conditions.False)
		}
		switch {
		case nt >= n.k:
			return orcBoolVal(conditions.True)
		case nt+nu < n.k:
			return orcBoolVal(conditions.False)
		}
		return orcBoolVal(conditions.Unknown)
	case "cmp":
		l, r := o.eval(n.kids[0]), o.eval(n.kids[1])
		if !l.known || !r.known {
			return orcBoolVal(conditions.Unknown)
		}
		var c int
		switch l.typ {
		case orcBool:
			eq := l.b == r.b
			return orcBoolVal(conditions.TruthOf(eq == (n.op == "==")))
		case orcNum:
			if math.IsNaN(l.n) || math.IsNaN(r.n) {
				o.undefined = true
			}
			switch n.op {
			case "==":
				return orcBoolVal(conditions.TruthOf(l.n == r.n))
			case "!=":
				return orcBoolVal(conditions.TruthOf(l.n != r.n))
			case "<":
				return orcBoolVal(conditions.TruthOf(l.n < r.n))
			case "<=":
				return orcBoolVal(conditions.TruthOf(l.n <= r.n))
			case ">":
				return orcBoolVal(conditions.TruthOf(l.n > r.n))
			}
			return orcBoolVal(conditions.TruthOf(l.n >= r.n))
		case orcStr:
			c = strings.Compare(l.s, r.s) // byte-wise
		case orcDate:
			c = l.d.compare(r.d)
		}
		var b bool
		switch n.op {
		case "==":
			b = c == 0
		case "!=":
			b = c != 0
		case "<":
			b = c < 0
		case "<=":
			b = c <= 0
		case ">":
			b = c > 0
		case ">=":
			b = c >= 0
		}
		return orcBoolVal(conditions.TruthOf(b))
	case "neg":
		v := o.eval(n.kids[0])
		v.n = -v.n
		return v
	case "arith":
		l, r := o.eval(n.kids[0]), o.eval(n.kids[1])
		if n.op == "/" && r.known && r.n == 0 {
			// An error; the quotient has no value (in particular, not an
			// infinity that could make an enclosing divisor zero).
			o.divOffs = append(o.divOffs, n.off)
			return orcVal{typ: orcNum}
		}
		if !l.known || !r.known {
			return orcVal{typ: orcNum}
		}
		v := orcVal{known: true, typ: orcNum}
		switch n.op {
		case "+":
			v.n = l.n + r.n
		case "-":
			v.n = l.n - r.n
		case "*":
			v.n = l.n * r.n
		case "/":
			v.n = l.n / r.n
		}
		return v
	}
	panic(n.kind)
}

// missing collects the unknown facts read by the unknown leaves that are
// reached from the root through unknown logical nodes only.
func (o *orcEval) missing(n *orcNode, set map[string]bool) {
	if orcTruth(o.eval(n)) != conditions.Unknown {
		return
	}
	switch n.kind {
	case "not", "and", "or", "atleast":
		for _, k := range n.kids {
			o.missing(k, set)
		}
		return
	}
	orcWalk(n, func(x *orcNode) {
		if x.kind == "fact" {
			if v, _ := orcConvert(o.facts[x.name], x.typ); !v.known {
				set[x.name] = true
			}
		}
	})
}

func orcFactNames(root *orcNode) []string {
	set := map[string]bool{}
	orcWalk(root, func(n *orcNode) {
		if n.kind == "fact" {
			set[n.name] = true
		}
	})
	var names []string
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ---- comparing with the package ----

// orcGot turns a result of the package into an orcResult.
func orcGot(t conditions.Truth, missing []string, err error) orcResult {
	if err != nil {
		var el conditions.ErrorList
		if errors.As(err, &el) && len(el) > 0 {
			return orcResult{code: el[0].Code, off: el[0].Pos.Offset}
		}
		var e *conditions.Error
		if errors.As(err, &e) {
			return orcResult{code: e.Code, off: e.Pos.Offset}
		}
		return orcResult{code: "not-a-conditions-error: " + conditions.Code(err.Error())}
	}
	if len(missing) == 0 {
		missing = nil
	}
	return orcResult{value: t, missing: missing}
}

// orcCase is one condition with facts, checked against the oracle.
type orcCase struct {
	src   string
	root  *orcNode
	facts conditions.Facts
}

func orcGenCase(g *orcGen, depth int, pWrong float64) orcCase {
	root := g.boolExpr(depth)
	p := &orcPrinter{g: g}
	p.ws()
	p.print(root, 1)
	p.ws()
	return orcCase{src: p.b.String(), root: root, facts: g.facts(pWrong)}
}

// orcComplete returns f with every fact that root reads and f leaves unknown
// given a value, and the facts added.
func orcComplete(g *orcGen, root *orcNode, f conditions.Facts) (full, added conditions.Facts) {
	full, added = conditions.Facts{}, conditions.Facts{}
	for k, v := range f {
		full[k] = v
	}
	orcWalk(root, func(n *orcNode) {
		if n.kind != "fact" {
			return
		}
		if _, done := added[n.name]; done {
			return
		}
		if v, _ := orcConvert(f[n.name], n.typ); !v.known {
			x := g.value(n.typ)
			full[n.name], added[n.name] = x, x
		}
	})
	return full, added
}

func TestOracleEval(t *testing.T) {
	schema := orcSchema(t)
	g := &orcGen{r: rand.New(rand.NewPCG(20240601, 1956))}
	cases := 2500
	if testing.Short() {
		cases = 400
	}
	stats := map[string]int{}
	for i := range cases {
		c := orcGenCase(g, 1+g.pick(4), 0.15)
		orcCheck(t, g, schema, c, stats)
		if t.Failed() {
			t.Fatalf("case %d failed: %q", i, c.src)
		}
	}
	t.Logf("outcomes: %v", stats)
	// The generator must reach every outcome, or the test proves little.
	for _, k := range []string{"true", "false", "unknown", "fact_type", "div_by_zero"} {
		require.Greater(t, stats[k], cases/100, "too few cases with outcome %s", k)
	}
}

// orcCompare checks a result of the package against the oracle's. When the
// oracle cannot decide the value (a NaN was compared), the package's own Eval
// result ref is the reference instead, so that the package is at least
// consistent with itself.
func orcCompare(t *testing.T, want, ref, got orcResult, what, msg string) {
	t.Helper()
	if want.undefined && want.code == "" {
		want = ref
	}
	want.undefined = false
	require.Equal(t, want, got, "%s: %s", what, msg)
}

func orcCheck(t *testing.T, g *orcGen, schema *conditions.Schema, c orcCase, stats map[string]int) {
	t.Helper()
	e, err := conditions.Parse(c.src)
	require.NoError(t, err, "Parse(%q)", c.src)
	msg := fmt.Sprintf("condition %q\ncanonical %q\nfacts %#v", c.src, e.String(), c.facts)

	require.NoError(t, conditions.Check(e, nil), msg)
	require.NoError(t, conditions.Check(e, schema), msg)
	require.Equal(t, orcFactNames(c.root), e.Facts(), "Facts: %s", msg)

	// Eval against the oracle.
	want := orcRun(c.root, c.facts)
	res, err := conditions.Eval(e, c.facts)
	ref := orcGot(res.Value, res.Missing, err)
	orcCompare(t, want, ref, ref, "Eval", msg)
	if err == nil {
		require.NotNil(t, res.Explanation, msg)
		require.Equal(t, res.Value, res.Explanation.Value, "the explanation's root has the value: %s", msg)
	}
	switch {
	case want.code != "":
		stats[string(want.code)]++
	case want.undefined:
		stats["nan"]++
	default:
		stats[want.value.String()]++
	}
	noMissing := func(r orcResult) orcResult { r.missing = nil; return r }

	// The canonical text parses back to an equal condition with the same
	// results (error positions aside: the text differs).
	canon := e.String()
	e2, err := conditions.Parse(canon)
	require.NoError(t, err, "Parse(String()): %s", msg)
	require.Equal(t, canon, e2.String(), "String round trip: %s", msg)
	require.True(t, e.Equal(e2), msg)
	res2, err := conditions.Eval(e2, c.facts)
	got2 := orcGot(res2.Value, res2.Missing, err)
	got2.off = ref.off
	orcCompare(t, want, ref, got2, "Eval of the canonical text", msg)

	// Compile + Program give Eval's results, errors and their positions
	// included.
	p, err := conditions.Compile(e, schema)
	require.NoError(t, err, msg)
	checkEvalFacts(t, p, c.facts, noMissing(ref), false, msg)
	vals := conditions.NewValues(schema)
	_ = vals.FromFacts(c.facts) // wrong values mark their slots invalid
	pt, err := p.Eval(vals)
	orcCompare(t, noMissing(want), noMissing(ref), orcGot(pt, nil, err), "Program.Eval", msg)
	if g.chance(0.1) {
		orcCheckBatch(t, g, schema, p, c, msg)
	}

	// Residual: sound for complete completions, and a literal when Eval
	// decides.
	if want.code == conditions.CodeFactType {
		return // Residual assumes facts that Eval accepts
	}
	r := conditions.Residual(e, c.facts)
	rmsg := fmt.Sprintf("%s\nresidual %q", msg, r.String())
	// An infinite fact value substituted into the residual prints as
	// "+Inf" or "-Inf", which is not the language (a known bug, pinned down
	// by TestOracleKnownFailures); the residual's tree is still checked below.
	if r2, err := conditions.Parse(r.String()); !strings.Contains(r.String(), "Inf") {
		require.NoError(t, err, "the residual does not parse: %s", rmsg)
		require.Equal(t, r.String(), r2.String(), "the residual's text round trip: %s", rmsg)
	}
	decided := ref.code == "" && ref.value != conditions.Unknown
	// Residual leaves non-finite arithmetic as it is, even when e is
	// decided (see TestOracleKnownFailures), so in huge mode only the
	// residual's value is checked, with the completions below.
	if decided && !g.huge {
		require.Equal(t, ref.value.String(), r.String(), "decided, so the residual is a literal: %s", rmsg)
	}
	for range 3 {
		full, added := orcComplete(g, c.root, c.facts)
		wantFull := orcRun(c.root, full)
		fmsg := fmt.Sprintf("%s\ncompletion %#v", rmsg, added)
		resFull, err := conditions.Eval(e, full)
		refFull := orcGot(resFull.Value, resFull.Missing, err)
		orcCompare(t, wantFull, refFull, refFull, "Eval of the completed facts", fmsg)
		if refFull.code != "" {
			continue
		}
		require.NotEqual(t, conditions.Unknown, refFull.value, "a complete assignment decides: %s", fmsg)
		if decided {
			require.Equal(t, ref.value, refFull.value, "Eval decided %v, so every completion agrees: %s", ref.value, fmsg)
		}
		rres, err := conditions.Eval(r, added)
		require.NoError(t, err, "Eval of the residual: %s", fmsg)
		require.Equal(t, refFull.value, rres.Value, "Residual unsound: %s", fmsg)
	}
}

// orcCheckBatch evaluates p over a Batch whose 64 lanes share c's number,
// string and date facts and take random boolean facts, and checks every lane
// against the oracle.
func orcCheckBatch(t *testing.T, g *orcGen, schema *conditions.Schema, p *conditions.Program, c orcCase, msg string) {
	t.Helper()
	b := conditions.NewBatch(schema)
	type lanes struct{ t, f uint64 }
	boolLanes := map[string]lanes{}
	for _, fd := range orcFacts {
		if fd.typ == orcBool {
			tm := g.r.Uint64()
			fm := g.r.Uint64() &^ tm
			i, ok := schema.Index(fd.name)
			require.True(t, ok)
			b.SetLanes(i, tm, fm)
			boolLanes[fd.name] = lanes{tm, fm}
			continue
		}
		if err := b.Set(fd.name, c.facts[fd.name]); err != nil {
			return // a value of the wrong type: not what this check is about
		}
	}
	bt, bf, err := p.EvalBatch(b)
	var wantCode conditions.Code
	for l := range conditions.Lanes {
		f := conditions.Facts{}
		for _, fd := range orcFacts {
			if fd.typ != orcBool {
				f[fd.name] = c.facts[fd.name]
				continue
			}
			switch m := boolLanes[fd.name]; {
			case m.t>>l&1 == 1:
				f[fd.name] = true
			case m.f>>l&1 == 1:
				f[fd.name] = false
			}
		}
		want := orcRun(c.root, f)
		if want.undefined && want.code == "" {
			res, err := conditions.Eval(p.Expr(), f)
			want = orcGot(res.Value, nil, err)
		}
		if l == 0 {
			wantCode = want.code
		}
		require.Equal(t, wantCode, want.code, "errors cannot differ between lanes: %s", msg)
		if want.code != "" {
			continue
		}
		got := conditions.Unknown
		switch {
		case bt>>l&1 == 1:
			got = conditions.True
		case bf>>l&1 == 1:
			got = conditions.False
		}
		require.Equal(t, want.value, got, "EvalBatch lane %d (facts %#v): %s", l, f, msg)
	}
	require.Equal(t, wantCode, orcGot(0, nil, err).code, "EvalBatch error: %s", msg)
}

// TestOracleHuge adds numbers near and at infinity, whose arithmetic can
// give infinities and NaN. The documentation does not say how a NaN
// compares, so for those cases the package is checked against itself: Eval,
// the canonical text, the compiled program and the residual must agree.
func TestOracleHuge(t *testing.T) {
	schema := orcSchema(t)
	g := &orcGen{r: rand.New(rand.NewPCG(1308, 7)), huge: true}
	cases := 800
	if testing.Short() {
		cases = 150
	}
	stats := map[string]int{}
	for i := range cases {
		c := orcGenCase(g, 1+g.pick(4), 0.05)
		orcCheck(t, g, schema, c, stats)
		if t.Failed() {
			t.Fatalf("case %d failed: %q", i, c.src)
		}
	}
	t.Logf("outcomes: %v", stats)
	require.Greater(t, stats["nan"], 0, "no case compared a NaN")
}

// TestOracleUntypedFacts covers facts compared only with each other, whose
// type Eval cannot infer: their known values must share one type, a type
// that the comparison accepts. A compiled program takes their type from the
// schema instead (here: number).
func TestOracleUntypedFacts(t *testing.T) {
	fields := []conditions.Field{{Name: "u0", Type: conditions.Number}, {Name: "u1", Type: conditions.Number}}
	for _, f := range orcFacts {
		fields = append(fields, conditions.Field{Name: f.name, Type: f.typ.schemaType()})
	}
	schema, err := conditions.NewSchema(fields...)
	require.NoError(t, err)
	g := &orcGen{r: rand.New(rand.NewPCG(42, 43))}
	typeOf := func(v any) (orcType, bool) {
		for _, typ := range []orcType{orcBool, orcNum, orcStr, orcDate} {
			if x, ok := orcConvert(v, typ); ok && x.known {
				return typ, true
			}
		}
		return 0, false
	}
	stats := map[string]int{}
	for range 600 {
		// X and (u0 op u1), or X or (...): X never reads u0 or u1, and
		// its facts all have values of the right type.
		x := g.boolExpr(1 + g.pick(2))
		op := orcCmpOps[g.pick(6)]
		l, r := "u0", "u1"
		if g.chance(0.5) {
			l, r = r, l
		}
		join := []string{" and ", " or ", " && ", " || "}[g.pick(4)]
		pr := &orcPrinter{g: g}
		pr.print(x, 3)
		src := pr.b.String() + join + "(" + l + " " + op + " " + r + ")"
		facts := g.facts(0)
		shared := []orcType{orcBool, orcNum, orcStr, orcDate}[g.pick(4)]
		for _, u := range []string{"u0", "u1"} {
			switch g.pick(10) {
			case 0, 1: // unknown
			case 2:
				facts[u] = g.wrongValue(orcBool) // possibly unsupported
			case 3:
				facts[u] = g.value([]orcType{orcBool, orcNum, orcStr, orcDate}[g.pick(4)])
			default:
				facts[u] = g.value(shared)
			}
		}
		msg := fmt.Sprintf("condition %q facts %#v", src, facts)
		e, err := conditions.Parse(src)
		require.NoError(t, err, msg)
		require.NoError(t, conditions.Check(e, nil), msg)

		// The oracle: X first (it comes first in the text), then u0 op u1.
		wantX := orcRun(x, facts)
		var want orcResult
		ut := map[string]orcType{}
		uv := map[string]orcVal{}
		bad := false
		for _, u := range []string{"u0", "u1"} {
			if facts[u] == nil {
				continue
			}
			typ, ok := typeOf(facts[u])
			if !ok {
				bad = true
				continue
			}
			ut[u] = typ
			uv[u], _ = orcConvert(facts[u], typ)
		}
		if len(ut) == 2 && ut["u0"] != ut["u1"] {
			bad = true
		}
		for _, typ := range ut {
			if typ == orcBool && op != "==" && op != "!=" {
				bad = true // bools are only compared with == and !=
			}
		}
		switch {
		case wantX.code != "":
			want = orcResult{code: wantX.code}
		case bad:
			want = orcResult{code: conditions.CodeFactType}
		default:
			cmp := &orcNode{kind: "cmp", typ: orcBool, op: op, kids: []*orcNode{
				{kind: "lit", lit: uv[l]}, {kind: "lit", lit: uv[r]},
			}}
			if !uv[l].known || !uv[r].known {
				cmp = &orcNode{kind: "lit", lit: orcVal{typ: orcBool}}
			}
			root := &orcNode{kind: map[string]string{" and ": "and", " && ": "and", " or ": "or", " || ": "or"}[join], kids: []*orcNode{x, cmp}}
			want = orcRun(root, facts)
			want.missing = nil // compared below only as a set of names
		}
		res, err := conditions.Eval(e, facts)
		got := orcGot(res.Value, nil, err)
		got.off, want.off = 0, 0
		require.Equal(t, want, got, "Eval: %s", msg)
		if want.code != "" {
			stats[string(want.code)]++
		} else {
			stats[want.value.String()]++
		}

		// A program takes u0 and u1 to be numbers, as its schema says.
		p, err := conditions.Compile(e, schema)
		require.NoError(t, err, msg)
		vals := conditions.NewValues(schema)
		_ = vals.FromFacts(facts) // wrong values mark their slots invalid
		pt, err := p.Eval(vals)
		pgot := orcGot(pt, nil, err)
		if wantX.code != "" {
			require.Equal(t, wantX.code, pgot.code, "Program.Eval: %s", msg)
			checkEvalFacts(t, p, facts, orcResult{code: wantX.code}, false, msg)
			continue
		}
		pwant := orcResult{}
		pbad := false
		for _, u := range []string{"u0", "u1"} {
			if v, ok := orcConvert(facts[u], orcNum); !ok {
				pbad = true
			} else {
				uv[u] = v
			}
		}
		if pbad {
			pwant.code = conditions.CodeFactType
		} else {
			root := &orcNode{kind: map[string]string{" and ": "and", " && ": "and", " or ": "or", " || ": "or"}[join], kids: []*orcNode{x,
				{kind: "cmp", typ: orcBool, op: op, kids: []*orcNode{{kind: "lit", lit: uv[l]}, {kind: "lit", lit: uv[r]}}}}}
			if !uv[l].known || !uv[r].known {
				root.kids[1] = &orcNode{kind: "lit", lit: orcVal{typ: orcBool}}
			}
			pwant = orcRun(root, facts)
			pwant.missing = nil
		}
		pgot.off, pwant.off = 0, 0
		require.Equal(t, pwant, pgot, "Program.Eval: %s", msg)
		checkEvalFacts(t, p, facts, pwant, false, msg)
	}
	t.Logf("outcomes: %v", stats)
}

// TestOracleGeneratorSanity checks the generator and the oracle on
// hand-written cases whose outcomes follow directly from the documentation,
// so that a bug in the oracle cannot pass for a bug in the package.
func TestOracleGeneratorSanity(t *testing.T) {
	f := func(name string, typ orcType) *orcNode { return &orcNode{kind: "fact", name: name, typ: typ} }
	num := func(x float64) *orcNode {
		return &orcNode{kind: "lit", typ: orcNum, lit: orcVal{known: true, typ: orcNum, n: x}}
	}
	tests := []struct {
		reason string
		root   *orcNode
		facts  conditions.Facts
		want   orcResult
	}{
		{
			reason: "false and unknown is false",
			root:   &orcNode{kind: "and", kids: []*orcNode{f("b0", orcBool), f("b1", orcBool)}},
			facts:  conditions.Facts{"b0": false},
			want:   orcResult{value: conditions.False},
		},
		{
			reason: "true or unknown is true",
			root:   &orcNode{kind: "or", kids: []*orcNode{f("b0", orcBool), f("b1", orcBool)}},
			facts:  conditions.Facts{"b1": true},
			want:   orcResult{value: conditions.True},
		},
		{
			reason: "atleast(2, ...) with one true and one unknown of three, the third false, is unknown",
			root:   &orcNode{kind: "atleast", k: 2, kids: []*orcNode{f("b0", orcBool), f("b1", orcBool), f("p.q", orcBool)}},
			facts:  conditions.Facts{"b0": true, "p.q": false},
			want:   orcResult{value: conditions.Unknown, missing: []string{"b1"}},
		},
		{
			reason: "division by a known zero is an error even when the dividend is unknown",
			root:   &orcNode{kind: "cmp", op: ">", kids: []*orcNode{{kind: "arith", op: "/", off: 3, kids: []*orcNode{f("n0", orcNum), f("n1", orcNum)}}, num(1)}},
			facts:  conditions.Facts{"n1": 0},
			want:   orcResult{code: conditions.CodeDivByZero, off: 3},
		},
		{
			reason: "a wrong value type is an error even when the result is decided without it",
			root:   &orcNode{kind: "or", kids: []*orcNode{f("b0", orcBool), f("b1", orcBool)}},
			facts:  conditions.Facts{"b0": true, "b1": "yes"},
			want:   orcResult{code: conditions.CodeFactType},
		},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, orcRun(tt.root, tt.facts), tt.reason)
	}
}

// TestOracleRegressions holds the smallest reproducers of disagreements
// the oracle found, fixed since: infinities print as 1e+308 * 10, and
// arithmetic that overflows is folded like any other.
func TestOracleRegressions(t *testing.T) {
	t.Run("residual with an infinite fact prints text that is not a condition", func(t *testing.T) {
		// Residual substituted n0 = +Inf and printed it as "+Inf", which
		// does not parse; -Inf printed as "-Inf", which parses as the
		// negation of a fact named Inf. Expr.String promises text that
		// parses back to an equal Expr. Fact values must now be finite,
		// so the infinity comes from arithmetic that overflows.
		for _, big := range []float64{1e308, -1e308} {
			e := conditions.MustParse("n0 * 10 + n1 > 0")
			f := conditions.Facts{"n0": big}
			r := conditions.Residual(e, f)
			back, err := conditions.Parse(r.String())
			require.NoError(t, err, "residual %q", r.String())
			require.Equal(t, r.String(), back.String())
			require.Equal(t, []string{"n1"}, back.Facts(), "residual %q reads other facts than n1", r.String())
			// The residual must still decide like e for n1 = 0.
			want, err := conditions.Eval(e, conditions.Facts{"n0": big, "n1": 0})
			require.NoError(t, err)
			got, err := conditions.Eval(back, conditions.Facts{"n1": 0})
			require.NoError(t, err)
			require.Equal(t, want.Value, got.Value)
		}
		// And an infinite fact value is refused as Eval refuses it:
		// Residual leaves the fact unknown.
		for _, inf := range []float64{math.Inf(1), math.Inf(-1)} {
			e := conditions.MustParse("n0 + n1 > 0")
			_, err := conditions.Eval(e, conditions.Facts{"n0": inf, "n1": 0})
			require.ErrorIs(t, err, conditions.ErrFactType)
			require.Equal(t, e.String(), conditions.Residual(e, conditions.Facts{"n0": inf}).String())
		}
	})
	t.Run("residual of a decided condition with non-finite arithmetic is not a literal", func(t *testing.T) {
		// The Residual doc says both "when e is decided by f the result is
		// the literal true or false" and that non-finite arithmetic is left
		// as it is. Here Eval decides True, yet the residual is
		// "1e+308 * 10 > 0". Either the code or the doc must give.
		e := conditions.MustParse("n0 * 10 > 0")
		f := conditions.Facts{"n0": 1e308}
		res, err := conditions.Eval(e, f)
		require.NoError(t, err)
		require.Equal(t, conditions.True, res.Value)
		require.Equal(t, "true", conditions.Residual(e, f).String())
	})
}
