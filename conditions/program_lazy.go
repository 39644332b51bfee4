package conditions

import (
	"slices"
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
//   - anything else (a comparison, a fact, a literal) is a leaf: all the
//     facts it reads are looked up and it is evaluated whole. A bool fact,
//     and a comparison that cannot fail but for an invalid fact value (a
//     number or date fact with a constant, numbers with at most one
//     operation that cannot fail on each side, a string fact with a
//     constant or another string fact: those of the normal form, see
//     nfBuilder.compare), is a direct test on the values looked up; any
//     other leaf is a unit, evaluated by a program of its own (a compiled
//     [Program] over the same schema) on a scratch [Values].
//
// The plan is run as straight-line code (see flatCode), and by the tree
// of lazyNodes for what that code hands over.
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
	lzExpr  // numbers that cannot fail compared: lazyPlan.exprs[k]
	lzStr   // a string fact compared with a constant or another: lazyPlan.strs[k]
	lzUnit  // evaluated by sub
)

// lazyNode is a node of the lookup plan.
type lazyNode struct {
	op       uint8
	typ      Type   // lzKey: the fact's type, Number or Date
	k        int32  // atleast's k; lzConst's Truth; lzExpr, lzStr: the index
	lo, hi   int32  // lzAnd, lzOr, lzNot, lzAtLeast: kids[lo:hi]; the others: facts[lo:hi]
	m        uint8  // lzFact, lzKey: the map to look name up in (see lookMaps)
	name     string // lzFact, lzKey: the fact's name
	key, spn uint64 // lzKey: the order keys for which it holds (see cmpItem)
	sub      *Program
}

// lazyExpr is a comparison of numbers that cannot fail (see exprItem)
// with the names and types of the facts of its operands.
type lazyExpr struct {
	it    exprItem
	names [4]string // of l.xs, l.ys, r.xs, r.ys
	ms    [4]uint8  // the maps to look them up in
	has   [4]bool   // whether there is a fact (not a constant or nothing)
	types [4]Type
}

// lazyStr is a comparison of a string fact with a constant or another
// string fact (see strItem), with the names of the facts.
type lazyStr struct {
	it     strItem
	a, b   string // b is unused when it.b < 0 (a constant)
	ma, mb uint8  // the maps to look them up in
}

// lazyPlan is the lookup plan of a program: its nodes, the root first,
// and the same plan as straight-line code (see flatCode).
type lazyPlan struct {
	keys  []lookup // where to look each slot's fact up, by slot
	nodes []lazyNode
	kids  []int32
	facts []int32 // the slots each leaf reads, without duplicates
	exprs []lazyExpr
	strs  []lazyStr
	flat  flatCode
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
	b.lz.keys = make([]lookup, p.schema.Len())
	for i := range b.lz.keys {
		b.lz.keys[i] = lookup{name: p.schema.fields[i].Name}
	}
	b.lz.nodes = make([]lazyNode, 1)
	if err := b.node(0, root); err != nil {
		return err
	}
	p.lazy.flat = flatten(&p.lazy)
	return nil
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
		lz.nodes[i] = lazyNode{op: lzFact, name: x.Name}
		b.reads(i, int32(s))
		return nil
	case *ast.Compare:
		if b.compare(i, x) {
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

// reads sets the facts of leaf i to the slots given, without duplicates.
func (b *lazyBuilder) reads(i int, slots ...int32) {
	lo := len(b.lz.facts)
	for _, s := range slots {
		if s >= 0 && !slices.Contains(b.lz.facts[lo:], s) {
			b.lz.facts = append(b.lz.facts, s)
		}
	}
	b.lz.nodes[i].lo, b.lz.nodes[i].hi = int32(lo), int32(len(b.lz.facts))
}

// compare makes node i a direct test if x is a comparison that the
// normal form evaluates without a machine (see nfBuilder.compare): a
// number or date fact with a constant, numbers that cannot fail, or a
// string fact with a constant or another string fact. Such a comparison
// cannot fail but for an invalid fact value.
func (b *lazyBuilder) compare(i int, x *ast.Compare) bool {
	nb := &nfBuilder{p: b.p, w: -1}
	r, ok := nb.compare(x, false)
	if !ok {
		return false
	}
	fields := b.p.schema.fields
	n := &b.lz.nodes[i]
	switch {
	case r.op == nfConst:
		*n = lazyNode{op: lzConst, k: int32(False)}
		if r.val {
			n.k = int32(True)
		}
		return true
	case r.op != nfLeaf:
		return false // a comparison of booleans: a unit
	}
	switch r.lit.kind {
	case nfKey:
		it := nb.prog.keys[r.lit.idx]
		f := fields[it.slot]
		*n = lazyNode{op: lzKey, name: f.Name, typ: f.Type, key: it.lo, spn: it.span}
		b.reads(i, it.slot)
	case nfExpr:
		it := nb.prog.exprs[r.lit.idx]
		x := lazyExpr{it: it}
		slots := [4]int32{it.l.xs, it.l.ys, it.r.xs, it.r.ys}
		if it.l.op == 0 {
			slots[1] = -1
		}
		if it.r.op == 0 {
			slots[3] = -1
		}
		for j, s := range slots {
			if s >= 0 {
				x.names[j], x.types[j], x.has[j] = fields[s].Name, fields[s].Type, true
			}
		}
		*n = lazyNode{op: lzExpr, k: int32(len(b.lz.exprs))}
		b.lz.exprs = append(b.lz.exprs, x)
		b.reads(i, slots[:]...)
	case nfStr:
		it := nb.prog.strs[r.lit.idx]
		x := lazyStr{it: it, a: fields[it.a].Name}
		if it.b >= 0 {
			x.b = fields[it.b].Name
		}
		*n = lazyNode{op: lzStr, k: int32(len(b.lz.strs))}
		b.lz.strs = append(b.lz.strs, x)
		b.reads(i, it.a, it.b)
	default:
		return false
	}
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
	// maps, by value: a pointer to the caller's would escape with e.s,
	// which goes back to the pool, and make every call allocate.
	maps lookMaps
	s    *lazyScratch // taken from the pool on first use
	// rec: every fact looked up is set in s.v, so that Program.Eval can
	// report an error met; otherwise only the facts of units are.
	rec bool
	bad bool // an error was met: the evaluation stops
}

// evalLazy evaluates p over f by its lookup plan.
func (p *Program) evalLazy(f Facts) (t Truth, err error) {
	e := lazyEval{p: p}
	e.maps[0] = f
	return e.evalLazy()
}

// evalLazy evaluates e.p by its lookup plan over the facts in e.maps.
func (e *lazyEval) evalLazy() (t Truth, err error) {
	p := e.p
	t = e.run()
	if e.bad {
		// Again, by the tree of the plan and recording the facts looked
		// up, for the error that Program.Eval reports on them: the same
		// evaluation meets the same error.
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
	return sc.v.fetch(s, e.maps.get(e.p.lazy.keys[s]))
}

// fetchAll fetches the facts of node n, all of them, even after an
// invalid one; it reports false if one is invalid.
func (e *lazyEval) fetchAll(n *lazyNode) bool {
	ok := true
	for _, s := range e.p.lazy.facts[n.lo:n.hi] {
		ok = e.fetch(s) && ok
	}
	return ok
}

// leaf evaluates the leaf n (not a unit) over the facts; ok is false if
// a fact it reads is invalid.
func (e *lazyEval) leaf(n *lazyNode) (t Truth, ok bool) {
	if e.rec && !e.fetchAll(n) {
		return Unknown, false
	}
	switch n.op {
	case lzFact:
		x := e.maps[n.m&7][n.name]
		if x == nil {
			return Unknown, true
		}
		return boolFact(n.name, x)
	case lzKey:
		return keyTest(e.maps[n.m&7][n.name], n.name, n.typ, n.key, n.spn)
	case lzExpr:
		return e.p.lazy.exprs[n.k].test(&e.maps)
	}
	return e.p.lazy.strs[n.k].test(&e.maps)
}

// eval evaluates node i by the tree of the plan.
func (e *lazyEval) eval(i int32) Truth {
	n := &e.p.lazy.nodes[i]
	switch n.op {
	case lzFact, lzKey, lzExpr, lzStr:
		t, ok := e.leaf(n)
		e.bad = !ok
		return t
	case lzConst:
		return Truth(n.k)
	case lzUnit:
		if !e.fetchAll(n) {
			e.bad = true
			return Unknown
		}
		t, err := n.sub.Eval(e.scratch().v)
		if err != nil {
			e.bad = true
		}
		return t
	case lzNot:
		return notTruth(e.eval(e.p.lazy.kids[n.lo]))
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

// notTruth returns not t.
func notTruth(t Truth) Truth { return [...]Truth{Unknown, True, False}[t] }

// boolFact returns the value of the bool fact called name whose value in
// the facts is x, and false if x is invalid.
func boolFact(name string, x any) (Truth, bool) {
	if b, ok := x.(bool); ok {
		return False + Truth(b2u64(b)), true
	}
	val, known, err := convertFact(name, Bool, x)
	switch {
	case err != nil:
		return Unknown, false
	case !known:
		return Unknown, true
	}
	return False + Truth(b2u64(val.B)), true
}

// numFact returns the number (a date: its day number) of the fact called
// name, of type t (Number or Date), whose value is v (nil if it has
// none), and whether it is known; ok is false if v is invalid.
func numFact(v any, name string, t Type) (x float64, known, ok bool) {
	switch v := v.(type) {
	case nil:
		return 0, false, true
	case float64:
		if t == Number && v-v == 0 { // finite
			return v, true, true
		}
	case int:
		if t == Number {
			return float64(v), true, true
		}
	case time.Time:
		if t == Date {
			return float64(ast.DaysOf(v)), true, true
		}
	}
	return numFactOf(name, t, v)
}

// numFactOf is numFact for a value v of another Go type than the usual.
func numFactOf(name string, t Type, v any) (x float64, known, ok bool) {
	val, known, err := convertFact(name, t, v)
	switch {
	case err != nil:
		return 0, false, false
	case !known:
		return 0, false, true
	case t == Date:
		return float64(val.D), true, true
	}
	return val.N, true, true
}

// keyTest returns whether the number or date fact called name, of type
// t, whose value is v (nil if it has none), has an order key in [key,
// key+spn], and false if v is invalid.
func keyTest(v any, name string, t Type, key, spn uint64) (Truth, bool) {
	x, known, ok := numFact(v, name, t)
	if !known {
		return Unknown, ok
	}
	return False + Truth(b2u64(orderKey(x)-key <= spn)), true
}

// test evaluates the comparison x over the facts in maps: it reads all
// of its facts, and reports false if one is invalid.
func (x *lazyExpr) test(maps *lookMaps) (Truth, bool) {
	var v [4]float64
	known, ok := true, true
	for j, name := range x.names {
		if x.has[j] {
			n, k, o := numFact(maps[x.ms[j]&7][name], name, x.types[j])
			v[j], known, ok = n, known && k, ok && o
		}
	}
	switch {
	case !ok:
		return Unknown, false
	case !known:
		return Unknown, true
	}
	return False + Truth(b2u64(x.it.holdsNums(v[0], v[1], v[2], v[3]))), true
}

// test evaluates the comparison x over the facts in maps: it reads all
// of its facts, and reports false if one is invalid.
func (x *lazyStr) test(maps *lookMaps) (Truth, bool) {
	a, ka, oka := strFact(maps[x.ma&7][x.a], x.a)
	b, kb, okb := x.it.k, true, true
	if x.it.b >= 0 {
		b, kb, okb = strFact(maps[x.mb&7][x.b], x.b)
	}
	switch {
	case !oka || !okb:
		return Unknown, false
	case !ka || !kb:
		return Unknown, true
	}
	return False + Truth(b2u64(sem.Holds(x.it.m, sem.OrderStr(a, b)))), true
}

// strFact returns the string fact called name whose value is v (nil if
// it has none), and whether it is known; ok is false if v is invalid.
func strFact(v any, name string) (s string, known, ok bool) {
	if v == nil {
		return "", false, true
	}
	if s, isStr := v.(string); isStr {
		return s, true, true
	}
	val, known, err := convertFact(name, String, v)
	if err != nil {
		return "", false, false
	}
	return val.S, known, true
}

// fetch sets slot s of v to x, the value of its fact (nil if it has
// none). It reports false if x is invalid (the slot is then marked so,
// see Misuse in [Values]).
func (v *Values) fetch(s int32, x any) bool {
	if x == nil {
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

// lookMaps are the maps EvalFacts looks facts up in: the facts given
// (map 0), and for a quantified program the maps of its indexed facts
// (see quantProg.evalFacts). Map nilMap is always nil: a fact looked up
// there is unknown.
type lookMaps [8]Facts

const nilMap = 7

// lookup is where EvalFacts looks a fact up: name in map m.
type lookup struct {
	m    uint8
	name string
}

// lookIn makes the plan look the fact of each slot of s up at keys[slot]
// instead of by its name in map 0.
func (lz *lazyPlan) lookIn(s *Schema, keys []lookup) {
	at := func(name string) lookup {
		i, _ := s.Index(name)
		return keys[i]
	}
	for i := range lz.nodes {
		if n := &lz.nodes[i]; n.op == lzFact || n.op == lzKey {
			k := at(n.name)
			n.m, n.name = k.m, k.name
		}
	}
	for i := range lz.exprs {
		x := &lz.exprs[i]
		for j, name := range x.names {
			if x.has[j] {
				k := at(name)
				x.ms[j], x.names[j] = k.m, k.name
			}
		}
	}
	for i := range lz.strs {
		x := &lz.strs[i]
		k := at(x.a)
		x.ma, x.a = k.m, k.name
		if x.it.b >= 0 {
			k := at(x.b)
			x.mb, x.b = k.m, k.name
		}
	}
	for i := range lz.flat.code {
		if in := &lz.flat.code[i]; in.op == flBool || in.op == flKey {
			k := at(in.name)
			in.m, in.name = k.m, k.name
		}
	}
	for i := range lz.flat.seq {
		st := &lz.flat.seq[i]
		k := at(st.name)
		st.m, st.name = k.m, k.name
	}
	lz.keys = keys
}

// get returns the value of the fact at k, nil if there is none.
func (maps *lookMaps) get(k lookup) any { return maps[k.m&7][k.name] }
