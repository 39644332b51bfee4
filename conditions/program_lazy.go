package conditions

import (
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Lazy lookups: how [Program.EvalFacts] reads facts from a map.
//
// A map lookup costs far more than evaluating what it returns, so
// EvalFacts evaluates the boolean structure of the condition with
// short-circuits and looks a fact up only when the evaluation reaches it:
//
//   - "and" evaluates its operands left to right and stops at the first
//     false one, "or" at the first true one, atleast(k, ...) once k
//     operands are true or too many are false for k to be; "not"
//     evaluates its operand;
//   - anything else (a comparison, a fact, a literal) is a unit: all the
//     facts it reads are looked up and it is evaluated whole, by a
//     program of its own (a compiled [Program] over the same schema and
//     [Values]), or, for a bool fact or a comparison of a number or date
//     fact with a constant, by a direct test.
//
// Kleene's logic makes the short-circuits exact: an operand skipped
// cannot change a decided value. When a unit meets an error (an invalid
// value, a division by zero), EvalFacts stops and returns what
// [Program.Eval] gives on the facts looked up so far: that error, or the
// one Eval puts before it.

// Kinds of lazyNode.
const (
	lzAnd uint8 = iota
	lzOr
	lzNot
	lzAtLeast
	lzConst // k is the Truth
	lzFact  // a bool fact
	lzKey   // a number or date fact compared with a constant
	lzUnit  // evaluated by sub
)

// lazyNode is a node of the lookup plan.
type lazyNode struct {
	op       uint8
	k        int32  // atleast's k; lzConst's Truth
	lo, hi   int32  // lzAnd, lzOr, lzNot, lzAtLeast: kids[lo:hi]; lzUnit: facts[lo:hi]
	slot     int32  // lzFact, lzKey
	name     string // lzFact, lzKey: the fact's name
	typ      Type   // lzKey: the fact's type, Number or Date
	ki       int32  // lzKey: the index of the slot's order key in Values.sc
	key, spn uint64
	sub      *Program
}

// lazyPlan is the lookup plan of a program: its nodes, the root first.
type lazyPlan struct {
	nodes []lazyNode
	kids  []int32
	facts []int32 // the slots the units read, each unit's without duplicates
}

// lazyScratch is what EvalFacts works in when it needs a Values (for a
// unit, or to report an error): the Values and the slots set in it.
type lazyScratch struct {
	v      *Values
	looked []int32
}

// planLookups sets p.lazy from the condition's tree.
func (p *Program) planLookups(root ast.Node) error {
	b := &lazyBuilder{p: p, lz: &p.lazy}
	b.lz.nodes = make([]lazyNode, 1)
	return b.node(0, root)
}

type lazyBuilder struct {
	p  *Program
	lz *lazyPlan
}

// node fills node i with the plan of n.
func (b *lazyBuilder) node(i int, n ast.Node) error {
	lz := b.lz
	var kids []ast.Node
	switch x := ast.Untag(n).(type) {
	case *ast.Logic:
		lz.nodes[i].op = lzAnd
		if x.Op == ast.OpOr {
			lz.nodes[i].op = lzOr
		}
		kids = x.Args
	case *ast.AtLeast:
		lz.nodes[i].op, lz.nodes[i].k = lzAtLeast, int32(x.K)
		kids = x.Args
	case *ast.Unary:
		if x.Op != ast.OpNot {
			return b.unit(i, n)
		}
		lz.nodes[i].op = lzNot
		kids = []ast.Node{x.X}
	case *ast.Lit:
		if x.Val.Kind != ast.KindBool {
			return b.unit(i, n)
		}
		lz.nodes[i] = lazyNode{op: lzConst, k: int32(False)}
		if x.Val.B {
			lz.nodes[i].k = int32(True)
		}
		return nil
	case *ast.Fact:
		s, ok := b.p.schema.Index(x.Name)
		if !ok || b.p.schema.fields[s].Type != Bool {
			return b.unit(i, n)
		}
		lz.nodes[i] = lazyNode{op: lzFact, slot: int32(s), name: x.Name}
		return nil
	case *ast.Compare:
		if b.key(i, x) {
			return nil
		}
		return b.unit(i, n)
	default:
		return b.unit(i, n)
	}
	// The kids take consecutive nodes, so that they are kids[lo:hi] of
	// a list of node numbers.
	first := len(lz.nodes)
	lz.nodes = append(lz.nodes, make([]lazyNode, len(kids))...)
	lo := len(lz.kids)
	for j := range kids {
		lz.kids = append(lz.kids, int32(first+j))
	}
	lz.nodes[i].lo, lz.nodes[i].hi = int32(lo), int32(len(lz.kids))
	for j, k := range kids {
		if err := b.node(first+j, k); err != nil {
			return err
		}
	}
	return nil
}

// key makes node i a direct test if x compares a number or date fact with
// a constant.
func (b *lazyBuilder) key(i int, x *ast.Compare) bool {
	l, r, op := ast.Untag(x.L), ast.Untag(x.R), x.Op
	if _, ok := l.(*ast.Lit); ok {
		l, r, op = r, l, sem.Flip(op)
	}
	f, ok1 := l.(*ast.Fact)
	c, ok2 := r.(*ast.Lit)
	if !ok1 || !ok2 {
		return false
	}
	s, ok := b.p.schema.Index(f.Name)
	if !ok {
		return false
	}
	t := b.p.schema.fields[s].Type
	k, ok := nfNumConst(c.Val, t)
	if !ok {
		return false
	}
	_, keys, _ := scLayout(b.p.schema.Len())
	key, spn := keyRange(sem.Accept(op), k)
	b.lz.nodes[i] = lazyNode{op: lzKey, slot: int32(s), name: f.Name, typ: t, ki: int32(keys + s), key: key, spn: spn}
	return true
}

// unit makes node i evaluate n whole, by a program of its own (p itself
// when n is the whole condition).
func (b *lazyBuilder) unit(i int, n ast.Node) error {
	sub := b.p
	if i != 0 {
		var err error
		if sub, err = compileCode(Expr{root: n, src: b.p.expr.src}, b.p.schema); err != nil {
			return err
		}
	}
	lo := len(b.lz.facts)
	b.lz.facts = append(b.lz.facts, sub.slots...)
	b.lz.nodes[i] = lazyNode{op: lzUnit, sub: sub, lo: int32(lo), hi: int32(len(b.lz.facts))}
	return nil
}

// lazyEval is one evaluation by the lookup plan: the facts, and what it
// works in.
type lazyEval struct {
	p *Program
	f Facts
	s *lazyScratch // taken from the pool on first use
	// rec: every fact looked up is set in s.v, so that Program.Eval can
	// report an error met; otherwise only the facts of units are.
	rec bool
	bad bool // an error was met: the evaluation stops
}

// evalLazy evaluates p over f by its lookup plan.
func (p *Program) evalLazy(f Facts) (t Truth, err error) {
	e := lazyEval{p: p, f: f}
	t = e.eval(0)
	if e.bad {
		// Again, recording the facts looked up, for the error that
		// Program.Eval reports on them: the same evaluation meets the
		// same error.
		e.scratch().reset()
		e.rec, e.bad = true, false
		e.eval(0)
		t, err = p.Eval(e.s.v)
	}
	if e.s != nil {
		e.s.reset()
		p.vals.Put(e.s)
	}
	return t, err
}

// scratch returns the scratch space of e, from the pool on first use.
func (e *lazyEval) scratch() *lazyScratch {
	if e.s == nil {
		e.s, _ = e.p.vals.Get().(*lazyScratch)
		if e.s == nil {
			e.s = &lazyScratch{v: NewValues(e.p.schema), looked: make([]int32, 0, len(e.p.slots))}
		}
	}
	return e.s
}

// fetch looks up the fact of slot s and sets it in the scratch Values; it
// reports false if its value is invalid.
func (e *lazyEval) fetch(s int32) bool {
	sc := e.scratch()
	sc.looked = append(sc.looked, s)
	return sc.v.fetch(s, e.f, e.p.schema.fields[s].Name)
}

// boolFact returns the value of the bool fact of node n, and false if it
// is invalid.
func (e *lazyEval) boolFact(n *lazyNode) (Truth, bool) {
	if e.rec {
		if !e.fetch(n.slot) {
			return Unknown, false
		}
		c := &e.s.v.cells[n.slot]
		return Truth(c.v[0]&1)<<1 | Truth(c.v[1]&1), true
	}
	x, ok := e.f[n.name]
	if !ok {
		return Unknown, true
	}
	if b, ok := x.(bool); ok {
		return False + Truth(b2u64(b)), true
	}
	val, known, err := convertFact(n.name, Bool, x)
	switch {
	case err != nil:
		return Unknown, false
	case !known:
		return Unknown, true
	}
	return False + Truth(b2u64(val.B)), true
}

// keyFact returns the value of the comparison of node n, and false if
// its fact is invalid.
func (e *lazyEval) keyFact(n *lazyNode) (Truth, bool) {
	var k uint64
	if e.rec {
		if !e.fetch(n.slot) {
			return Unknown, false
		}
		v := e.s.v
		if v.cells[n.slot].st != stKnown {
			return Unknown, true
		}
		k = v.sc[n.ki]
	} else {
		x, ok := e.f[n.name]
		if !ok {
			return Unknown, true
		}
		switch x := x.(type) {
		case float64:
			if n.typ != Number || x-x != 0 {
				return e.keyOf(n, x)
			}
			k = orderKey(x)
		case int:
			if n.typ != Number {
				return e.keyOf(n, x)
			}
			k = orderKey(float64(x))
		case time.Time:
			if n.typ != Date {
				return e.keyOf(n, x)
			}
			k = orderKey(float64(ast.DaysOf(x)))
		default:
			return e.keyOf(n, x)
		}
	}
	return False + Truth(b2u64(k-n.key <= n.spn)), true
}

// keyOf is keyFact for a value x of another Go type than the usual.
func (e *lazyEval) keyOf(n *lazyNode, x any) (Truth, bool) {
	val, known, err := convertFact(n.name, n.typ, x)
	switch {
	case err != nil:
		return Unknown, false
	case !known:
		return Unknown, true
	}
	k := val.N
	if n.typ == Date {
		k = float64(val.D)
	}
	return False + Truth(b2u64(orderKey(k)-n.key <= n.spn)), true
}

// eval evaluates node i.
func (e *lazyEval) eval(i int32) Truth {
	n := &e.p.lazy.nodes[i]
	switch n.op {
	case lzFact:
		t, ok := e.boolFact(n)
		e.bad = !ok
		return t
	case lzKey:
		t, ok := e.keyFact(n)
		e.bad = !ok
		return t
	case lzConst:
		return Truth(n.k)
	case lzUnit:
		ok := true
		for _, s := range e.p.lazy.facts[n.lo:n.hi] {
			ok = e.fetch(s) && ok // all of them, even after an invalid one
		}
		if !ok {
			e.bad = true
			return Unknown
		}
		t, err := n.sub.Eval(e.scratch().v)
		if err != nil {
			e.bad = true
		}
		return t
	case lzNot:
		switch e.eval(e.p.lazy.kids[n.lo]) {
		case True:
			return False
		case False:
			return True
		}
		return Unknown
	}
	kids := e.p.lazy.kids[n.lo:n.hi]
	switch n.op {
	case lzAnd:
		r := True
		for _, k := range kids {
			switch e.eval(k) {
			case False:
				return False
			case Unknown:
				r = Unknown
			}
			if e.bad {
				return Unknown
			}
		}
		return r
	case lzOr:
		r := False
		for _, k := range kids {
			switch e.eval(k) {
			case True:
				return True
			case Unknown:
				r = Unknown
			}
			if e.bad {
				return Unknown
			}
		}
		return r
	}
	// atleast(k, ...): true once k operands are, false once more than
	// len-k are false.
	need, nt, nf := int(n.k), 0, 0
	switch {
	case need <= 0:
		return True
	case need > len(kids):
		return False
	}
	for _, k := range kids {
		switch e.eval(k) {
		case True:
			nt++
		case False:
			nf++
		}
		switch {
		case e.bad:
			return Unknown
		case nt >= need:
			return True
		case nf > len(kids)-need:
			return False
		}
	}
	return Unknown
}

// fetch sets slot s of v to the value of the fact called name in f, if f
// has one. It reports false if the value is invalid (the slot is then
// marked so, see Misuse in [Values]).
func (v *Values) fetch(s int32, f Facts, name string) bool {
	x, ok := f[name]
	if !ok {
		return true
	}
	if v.nbad == 0 {
		// The usual Go types of the slot's type, without the checks of
		// set, which gives the same result.
		switch t := v.types[s]; x := x.(type) {
		case bool:
			if t == Bool {
				m := laneMask(x)
				v.cells[s] = cell{v: [2]uint64{m, ^m}, st: stKnown}
				v.setBits(int(s), m, ^m)
				return true
			}
		case float64:
			if t == Number && x-x == 0 { // finite
				v.setNum(int(s), x)
				return true
			}
		case int:
			if t == Number {
				v.setNum(int(s), float64(x))
				return true
			}
		}
	}
	return v.set(int(s), x) == nil
}

// reset makes every fact of s unknown again.
func (s *lazyScratch) reset() {
	v := s.v
	if v.nbad != 0 || len(v.cells) <= 4*len(s.looked) {
		v.Reset() // clears a few words at once
	} else {
		for _, sl := range s.looked {
			v.Unset(int(sl))
		}
	}
	s.looked = s.looked[:0]
}
