package conditions

import (
	"math/bits"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The normal-form tier. Most conditions people write are an "and" of
// "or"s (or an "or" of "and"s) of boolean facts and comparisons, nested
// a few levels at most. Such a condition, when none of its operations can
// fail, is compiled to a normal form, and [Program.Eval] evaluates it in
// two steps, with no machine:
//
//  1. the atoms: bool facts are read from the bitsets bt and bf of a
//     [Values] (bit s of bt is set when slot s is true, of bf when it is
//     false); each comparison becomes two bits, "holds" (known and true)
//     and "fails" (known and false), in words cT and cF;
//  2. the normal form: with negations pushed down to the atoms (De
//     Morgan's laws hold in Kleene's logic), the condition is a
//     conjunction of clauses (CNF) or a disjunction of terms (DNF) of
//     literals. Kleene's logic makes the "true" bit of a clause the or of
//     the "holds" bits of its literals and its "false" bit the and of
//     their "fails" bits, so a clause is two mask tests.
//
// Since nothing can fail, the evaluation may stop as soon as the value is
// decided: the clauses over facts alone are tested before the
// comparisons are computed, and a CNF with a failing clause is false
// whatever the rest.

// maxNFClauses bounds the clauses (or terms) of a normal form; a
// condition whose normal forms are both larger runs on the machine.
const maxNFClauses = 48

// nfLit is a literal of a normal form: a bool fact, plain or negated, or
// a comparison (negated comparisons are comparisons with the complement
// accept mask).
type nfLit struct {
	cmp  bool
	idx  int32 // the slot of a fact, the index of a comparison
	neg  bool
	kind uint8 // for a comparison: nfKey, nfExpr or nfStr
}

// Kinds of comparisons in a normal form.
const (
	nfKey  uint8 = iota // number or date slot with a constant: cmpItem
	nfExpr              // numbers that cannot fail: exprItem
	nfStr               // string slot with a constant or another slot
)

// nfClause is a clause (in a CNF) or a term (in a DNF): the facts of the
// word w of the bitsets read plainly (p) and negated (n), and the
// comparisons (c, bits of cT and cF).
type nfClause struct {
	p, n, c uint64
}

// strItem is a comparison of a string slot with a constant or another
// string slot.
type strItem struct {
	m    uint8 // accept mask
	a, b int32 // slots; b < 0 for the constant k
	k    string
}

// nfProg is the normal form of a program.
type nfProg struct {
	ok  bool
	dnf bool  // a disjunction of terms, else a conjunction of clauses
	w   int32 // the word of the bool facts, in Values.sc (bt); wf in bf
	wf  int32
	// The unit clauses (terms) of facts, tested first: in a CNF, units
	// holds when all hold and fails when one fails; dually in a DNF.
	up, un uint64
	// The clauses (terms) of two facts in adjacent slots a and a+1, both
	// plain (adjP) or both negated (adjN), as the bits of a: all of them
	// take one test.
	adjP, adjN uint64
	facts      []nfClause // the other clauses over facts alone
	uc         uint64     // unit clauses (terms) of comparisons
	cmps       []nfClause // the clauses with comparisons
	keys       []cmpItem  // comparisons: bits 0 to len(keys)-1,
	kw         int32      // the word of the slots of keys in bt, or -1 (see knownMask)
	kmask      uint64
	all        uint64     // the bits of the comparisons
	exprs      []exprItem // then these,
	strs       []strItem  // then these
}

// nfNode is a condition with negations pushed down to the literals: an
// and or or of kids, a literal or a constant.
type nfNode struct {
	op   uint8 // nfAnd, nfOr, nfLeaf, nfConst
	kids []*nfNode
	lit  nfLit
	val  bool
}

const (
	nfAnd uint8 = iota
	nfOr
	nfLeaf
	nfConst
)

// nfBuilder builds the normal form of a program.
type nfBuilder struct {
	p    *Program
	prog nfProg
	w    int32 // the word of the facts, -1 until one is read
}

// normalForm sets p.nf to the normal form of root, if it has one.
func (p *Program) normalForm(root ast.Node) {
	b := &nfBuilder{p: p, w: -1}
	n, ok := b.node(root, false)
	if !ok || len(b.prog.keys)+len(b.prog.exprs)+len(b.prog.strs) > 64 {
		return
	}
	nb := nfBits{exprs: int32(len(b.prog.keys)), strs: int32(len(b.prog.keys) + len(b.prog.exprs))}
	cnf, cok := nb.clauses(n, false)
	dnf, dok := nb.clauses(n, true)
	switch {
	case cok && (!dok || nfCost(cnf) <= nfCost(dnf)):
		b.prog.dnf = false
	case dok:
		cnf, b.prog.dnf = dnf, true
	default:
		return
	}
	fl := &b.prog
	for _, c := range cnf {
		switch {
		case c.c == 0 && bits.OnesCount64(c.p)+bits.OnesCount64(c.n) == 1:
			fl.up |= c.p
			fl.un |= c.n
		case c.c == 0 && c.n == 0 && nfAdjacent(c.p):
			fl.adjP |= c.p & -c.p
		case c.c == 0 && c.p == 0 && nfAdjacent(c.n):
			fl.adjN |= c.n & -c.n
		case c.c == 0:
			fl.facts = append(fl.facts, c)
		case c.p|c.n == 0 && bits.OnesCount64(c.c) == 1:
			fl.uc |= c.c
		default:
			fl.cmps = append(fl.cmps, c)
		}
	}
	nw, _, _ := scLayout(p.schema.Len())
	fl.w, fl.wf = b.w, int32(nw)+b.w // -1 and garbage when no fact is read
	slots := itemSlots(fl.keys)
	for _, it := range fl.exprs {
		for _, s := range [...]int32{it.l.xs, it.l.ys, it.r.xs, it.r.ys} {
			if s >= 0 {
				slots = append(slots, s)
			}
		}
	}
	fl.kw, fl.kmask = knownMask(slots)
	if fl.kmask == 0 {
		fl.kw = -1
	}
	ncmp := len(fl.keys) + len(fl.exprs) + len(fl.strs)
	fl.all = 1<<ncmp - 1
	if ncmp == 64 {
		fl.all = ^uint64(0)
	}
	fl.ok = true
	p.nf = b.prog
}

// nfAdjacent reports whether m is two adjacent bits.
func nfAdjacent(m uint64) bool {
	low := m & -m
	return m != 0 && m == low|low<<1 && low != 1<<63
}

// nfCost is the cost of evaluating clauses: units are tested together, so
// it is the number of the other clauses.
func nfCost(cs []nfClause) int {
	n := 0
	for _, c := range cs {
		if bits.OnesCount64(c.p)+bits.OnesCount64(c.n)+bits.OnesCount64(c.c) > 1 {
			n++
		}
	}
	return n
}

// nfBits gives the comparison literals their bits: the keys first, then
// the exprs from bit exprs, then the strings from bit strs.
type nfBits struct{ exprs, strs int32 }

// bit returns the bit of the comparison literal l.
func (nb nfBits) bit(l nfLit) int32 {
	switch l.kind {
	case nfExpr:
		return nb.exprs + l.idx
	case nfStr:
		return nb.strs + l.idx
	}
	return l.idx
}

// clauses returns the clauses of the CNF of n, or with dnf the terms of
// its DNF, unless there are more than maxNFClauses. An empty list is the
// constant true (CNF) or false (DNF); an empty clause is false (CNF) or
// true (DNF).
func (nb nfBits) clauses(n *nfNode, dnf bool) ([]nfClause, bool) {
	// In a DNF the roles of and and or swap.
	conj, disj := nfAnd, nfOr
	if dnf {
		conj, disj = nfOr, nfAnd
	}
	switch n.op {
	case nfConst:
		if n.val != dnf {
			return nil, true // the neutral constant: no clause
		}
		return []nfClause{{}}, true // the absorbing one: an empty clause
	case nfLeaf:
		var c nfClause
		l := n.lit
		switch {
		case l.cmp:
			c.c = 1 << nb.bit(l)
		case l.neg:
			c.n = 1 << (l.idx & 63)
		default:
			c.p = 1 << (l.idx & 63)
		}
		return []nfClause{c}, true
	case conj:
		var all []nfClause
		for _, k := range n.kids {
			cs, ok := nb.clauses(k, dnf)
			if !ok || len(all)+len(cs) > maxNFClauses {
				return nil, false
			}
			all = append(all, cs...)
		}
		return all, true
	case disj:
		acc := []nfClause{{}} // the clause of no literal
		for _, k := range n.kids {
			cs, ok := nb.clauses(k, dnf)
			if !ok || len(acc)*len(cs) > maxNFClauses {
				return nil, false
			}
			next := make([]nfClause, 0, len(acc)*len(cs))
			for _, a := range acc {
				for _, c := range cs {
					next = append(next, nfClause{a.p | c.p, a.n | c.n, a.c | c.c})
				}
			}
			acc = next
		}
		return acc, true
	}
	return nil, false
}

// node returns n, negated if neg, with negations pushed to the literals;
// ok is false when n has no normal form this tier evaluates.
func (b *nfBuilder) node(n ast.Node, neg bool) (*nfNode, bool) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		if n.Val.Kind != ast.KindBool {
			return nil, false
		}
		return &nfNode{op: nfConst, val: n.Val.B != neg}, true
	case *ast.Fact:
		i, ok := b.p.schema.Index(n.Name)
		if !ok || b.p.schema.fields[i].Type != Bool {
			return nil, false
		}
		w := int32(i >> 6)
		if b.w >= 0 && w != b.w {
			return nil, false // facts in one word of the bitsets only
		}
		b.w = w
		return &nfNode{op: nfLeaf, lit: nfLit{idx: int32(i), neg: neg}}, true
	case *ast.Unary:
		if n.Op != ast.OpNot {
			return nil, false
		}
		return b.node(n.X, !neg)
	case *ast.Logic:
		op := nfAnd
		if (n.Op == ast.OpOr) != neg {
			op = nfOr
		}
		return b.kids(op, n.Args, neg)
	case *ast.AtLeast:
		return b.atLeast(n, neg)
	case *ast.Compare:
		return b.compare(n, neg)
	}
	return nil, false
}

// kids returns the op of the nodes args, each negated if neg.
func (b *nfBuilder) kids(op uint8, args []ast.Node, neg bool) (*nfNode, bool) {
	x := &nfNode{op: op, kids: make([]*nfNode, len(args))}
	for i, a := range args {
		k, ok := b.node(a, neg)
		if !ok {
			return nil, false
		}
		x.kids[i] = k
	}
	return x, true
}

// atLeast returns atleast(k, args), negated if neg: not atleast(k, xs) is
// atleast(n-k+1, not xs), and atleast(k, xs) is the and of the ors of all
// the subsets of n-k+1 operands, in Kleene's logic too.
func (b *nfBuilder) atLeast(n *ast.AtLeast, neg bool) (*nfNode, bool) {
	k, cnt := n.K, len(n.Args)
	if neg {
		k = cnt - k + 1
	}
	// Every operand is built, even under a constant result, so that one
	// that this tier cannot evaluate (one that may fail) is found.
	args := make([]*nfNode, cnt)
	for i, a := range n.Args {
		x, ok := b.node(a, neg)
		if !ok {
			return nil, false
		}
		args[i] = x
	}
	switch {
	case k <= 0:
		return &nfNode{op: nfConst, val: true}, true
	case k > cnt:
		return &nfNode{op: nfConst, val: false}, true
	case k == 1:
		return &nfNode{op: nfOr, kids: args}, true
	case k == cnt:
		return &nfNode{op: nfAnd, kids: args}, true
	}
	size := cnt - k + 1
	if binomial(cnt, size) > maxNFClauses {
		return nil, false
	}
	and := &nfNode{op: nfAnd}
	var pick func(from int, chosen []*nfNode)
	pick = func(from int, chosen []*nfNode) {
		if len(chosen) == size {
			and.kids = append(and.kids, &nfNode{op: nfOr, kids: append([]*nfNode(nil), chosen...)})
			return
		}
		for i := from; i <= cnt-(size-len(chosen)); i++ {
			pick(i+1, append(chosen, args[i]))
		}
	}
	pick(0, nil)
	return and, true
}

// binomial returns n choose k, or a number above maxNFClauses once it is
// larger.
func binomial(n, k int) int {
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > maxNFClauses {
			return r
		}
	}
	return r
}

// compare returns the comparison n, negated if neg.
func (b *nfBuilder) compare(n *ast.Compare, neg bool) (*nfNode, bool) {
	l, r := ast.Untag(n.L), ast.Untag(n.R)
	if b.isBool(l) && b.isBool(r) {
		// a == b is (a and b) or (not a and not b); a != b is its negation.
		eq := (n.Op == ast.OpEq) != neg
		if n.Op != ast.OpEq && n.Op != ast.OpNe {
			return nil, false
		}
		pa, ok1 := b.node(l, false)
		pb, ok2 := b.node(r, !eq)
		na, ok3 := b.node(l, true)
		nb, ok4 := b.node(r, eq)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, false
		}
		return &nfNode{op: nfOr, kids: []*nfNode{
			{op: nfAnd, kids: []*nfNode{pa, pb}},
			{op: nfAnd, kids: []*nfNode{na, nb}},
		}}, true
	}
	m := sem.Accept(n.Op)
	if neg {
		m ^= sem.AllOutcomes
	}
	op := n.Op
	// Constants on both sides are folded; a constant on the left goes
	// right.
	lc, lIsConst := constValue(l)
	rc, rIsConst := constValue(r)
	if lIsConst && rIsConst {
		o, ok := sem.Outcome(lc, rc)
		if !ok {
			return nil, false
		}
		return &nfNode{op: nfConst, val: sem.Holds(m, o)}, true
	}
	if lIsConst {
		l, r = r, l
		rc, rIsConst = lc, true
		op = sem.Flip(op)
		m = sem.Accept(op)
		if neg {
			m ^= sem.AllOutcomes
		}
	}
	lf, lIsFact := l.(*ast.Fact)
	if lIsFact {
		slot, ok := b.p.schema.Index(lf.Name)
		if !ok {
			return nil, false
		}
		switch t := b.p.schema.fields[slot].Type; {
		case (t == Number || t == Date) && rIsConst:
			k, ok := nfNumConst(rc, t)
			if !ok {
				return nil, false
			}
			_, keys, _ := scLayout(b.p.schema.Len())
			it := cmpItem{slot: int32(slot), ki: int32(keys + slot)}
			it.lo, it.span = keyRange(m, k)
			b.prog.keys = append(b.prog.keys, it)
			return b.cmpLeaf(nfKey, len(b.prog.keys)-1), true
		case t == String && rIsConst:
			if rc.Kind != ast.KindString {
				return nil, false
			}
			b.prog.strs = append(b.prog.strs, strItem{m: m, a: int32(slot), b: -1, k: rc.S})
			return b.cmpLeaf(nfStr, len(b.prog.strs)-1), true
		case t == String:
			rf, ok := r.(*ast.Fact)
			if !ok {
				return nil, false
			}
			rs, ok := b.p.schema.Index(rf.Name)
			if !ok || b.p.schema.fields[rs].Type != String {
				return nil, false
			}
			b.prog.strs = append(b.prog.strs, strItem{m: m, a: int32(slot), b: int32(rs)})
			return b.cmpLeaf(nfStr, len(b.prog.strs)-1), true
		}
	}
	// Numbers or dates on both sides, with at most one operation that
	// cannot fail on each.
	rel, inv := relOf(m)
	if inv > 1 {
		return nil, false
	}
	lt, ok1 := b.term(l)
	rt, ok2 := b.term(r)
	if !ok1 || !ok2 {
		return nil, false
	}
	b.prog.exprs = append(b.prog.exprs, exprItem{rel: rel, inv: inv, l: lt, r: rt})
	return b.cmpLeaf(nfExpr, len(b.prog.exprs)-1), true
}

// constValue returns the value of n if it is a constant that cannot fail:
// a literal, or arithmetic on constants without a division by zero.
func constValue(n ast.Node) (ast.Value, bool) {
	switch n := ast.Untag(n).(type) {
	case *ast.Lit:
		return n.Val, true
	case *ast.Unary:
		x, ok := constValue(n.X)
		if !ok || n.Op != ast.OpNeg || x.Kind != ast.KindNumber {
			return ast.Value{}, false
		}
		return ast.Number(sem.Neg(x.N)), true
	case *ast.Arith:
		return constArith(n)
	}
	return ast.Value{}, false
}

// cmpLeaf returns the literal of comparison i of the given kind. Its bit
// is fixed once all comparisons are known (see nfBits).
func (b *nfBuilder) cmpLeaf(kind uint8, i int) *nfNode {
	return &nfNode{op: nfLeaf, lit: nfLit{cmp: true, kind: kind, idx: int32(i)}}
}

// isBool reports whether n is of type bool.
func (b *nfBuilder) isBool(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.Lit:
		return n.Val.Kind == ast.KindBool
	case *ast.Fact:
		f, ok := b.p.schema.Lookup(n.Name)
		return ok && f.Type == Bool
	case *ast.Unary:
		return n.Op == ast.OpNot
	case *ast.Logic, *ast.Compare, *ast.AtLeast:
		return true
	}
	return false
}

// nfNumConst returns the number a constant compares as with a fact of
// type t: a date as its day count.
func nfNumConst(v ast.Value, t Type) (float64, bool) {
	switch {
	case t == Number && v.Kind == ast.KindNumber:
		return v.N, true
	case t == Date && v.Kind == ast.KindDate:
		return float64(v.D), true
	}
	return 0, false
}

// term returns n as a numTerm: a number or date slot, a constant, or one
// operation on two of those that cannot fail (no division but by a
// nonzero constant).
func (b *nfBuilder) term(n ast.Node) (numTerm, bool) {
	leaf := func(n ast.Node) (slot, si int32, k float64, ok bool) {
		if c, ok := constValue(n); ok {
			switch c.Kind {
			case ast.KindNumber:
				return -1, 0, c.N, true
			case ast.KindDate:
				return -1, 0, float64(c.D), true
			}
			return 0, 0, 0, false
		}
		switch n := ast.Untag(n).(type) {
		case *ast.Fact:
			i, ok := b.p.schema.Index(n.Name)
			if !ok {
				return 0, 0, 0, false
			}
			if t := b.p.schema.fields[i].Type; t != Number && t != Date {
				return 0, 0, 0, false
			}
			_, _, nums := scLayout(b.p.schema.Len())
			return int32(i), int32(nums + i), 0, true
		}
		return 0, 0, 0, false
	}
	var t numTerm
	var ok bool
	if _, isConst := constValue(n); isConst {
		t.ys = -1
		t.xs, t.xi, t.xk, ok = leaf(n)
		return t, ok
	}
	if a, isArith := ast.Untag(n).(*ast.Arith); isArith {
		t.op = a.Op
		if t.xs, t.xi, t.xk, ok = leaf(a.L); !ok {
			return t, false
		}
		if t.ys, t.yi, t.yk, ok = leaf(a.R); !ok {
			return t, false
		}
		if a.Op == ast.OpDiv && (t.ys >= 0 || sem.DivByZero(a.Op, t.yk)) {
			return t, false // may fail
		}
		return t, true
	}
	t.ys = -1
	t.xs, t.xi, t.xk, ok = leaf(n)
	return t, ok
}

// nfValue evaluates the normal form of p over v, whose bitsets are up to
// date and whose slots hold values of their declared types.
func (p *Program) nfValue(v *Values) Truth {
	nf := &p.nf
	var bT, bF uint64
	if nf.w >= 0 {
		bT, bF = v.sc[nf.w], v.sc[nf.wf]
	}
	if nf.dnf {
		return p.nfDNF(v, bT, bF)
	}
	// The units hold when all of them do and fail when one does; a
	// clause holds when one of its literals does and fails when all do.
	// miss and fail gather what keeps the and from being true, and what
	// makes it false, so that they are tested once.
	miss := nf.up&^bT | nf.un&^bF | nf.adjP&^(bT|bT>>1) | nf.adjN&^(bF|bF>>1)
	fail := bF&nf.up | bT&nf.un | nf.adjP&bF&(bF>>1) | nf.adjN&bT&(bT>>1)
	for i := range nf.facts {
		c := &nf.facts[i]
		fail |= b2u64(((bF&c.p)^c.p)|((bT&c.n)^c.n) == 0)
		miss |= b2u64(bT&c.p|bF&c.n == 0)
	}
	if fail != 0 {
		return False
	}
	if nf.uc|uint64(len(nf.cmps)) == 0 {
		return Truth(b2u64(miss == 0) << 1) // True or Unknown
	}
	cT, cF := nf.comparisons(v)
	fail = cF & nf.uc
	miss |= nf.uc &^ cT
	for i := range nf.cmps {
		c := &nf.cmps[i]
		fail |= b2u64(((bF&c.p)^c.p)|((bT&c.n)^c.n)|((cF&c.c)^c.c) == 0)
		miss |= b2u64(bT&c.p|bF&c.n|cT&c.c == 0)
	}
	if fail != 0 {
		return False
	}
	return Truth(b2u64(miss == 0) << 1)
}

// nfDNF is nfValue for a disjunction of terms: true when a term holds
// (all its literals hold), false when every term fails (one of its
// literals fails).
func (p *Program) nfDNF(v *Values, bT, bF uint64) Truth {
	nf := &p.nf
	// Dually: a unit term holds when its literal does, and the or is
	// false when every term fails.
	hold := bT&nf.up | bF&nf.un | nf.adjP&bT&(bT>>1) | nf.adjN&bF&(bF>>1)
	keep := nf.up&^bF | nf.un&^bT | nf.adjP&^(bF|bF>>1) | nf.adjN&^(bT|bT>>1) // terms that do not fail
	for i := range nf.facts {
		c := &nf.facts[i]
		hold |= b2u64(((bT&c.p)^c.p)|((bF&c.n)^c.n) == 0)
		keep |= b2u64(bF&c.p|bT&c.n == 0)
	}
	if hold != 0 {
		return True
	}
	if nf.uc|uint64(len(nf.cmps)) == 0 {
		return Truth(b2u64(keep == 0)) // False or Unknown
	}
	cT, cF := nf.comparisons(v)
	hold = cT & nf.uc
	keep |= nf.uc &^ cF
	for i := range nf.cmps {
		c := &nf.cmps[i]
		hold |= b2u64(((bT&c.p)^c.p)|((bF&c.n)^c.n)|((cT&c.c)^c.c) == 0)
		keep |= b2u64(bF&c.p|bT&c.n|cF&c.c == 0)
	}
	if hold != 0 {
		return True
	}
	return Truth(b2u64(keep == 0))
}

// comparisons returns the bits of the comparisons that hold (cT) and of
// those that fail (cF); a comparison with an unknown operand is in
// neither.
func (nf *nfProg) comparisons(v *Values) (cT, cF uint64) {
	sc := v.sc
	if nf.kw < 0 || sc[nf.kw]&nf.kmask != nf.kmask || len(nf.strs) != 0 {
		return nf.slowComparisons(v, 0, 0)
	}
	// Every operand is known: a comparison fails when it does not hold.
	for i := range nf.keys {
		it := &nf.keys[i]
		cT |= b2u64(sc[it.ki]-it.lo <= it.span) << i
	}
	for j := range nf.exprs {
		// exprItem.holds, inlined.
		it := &nf.exprs[j]
		x := numValue(sc, it.l.xs, it.l.xi, it.l.xk)
		if it.l.op != 0 {
			x = sem.Arith(it.l.op, x, numValue(sc, it.l.ys, it.l.yi, it.l.yk))
		}
		y := numValue(sc, it.r.xs, it.r.xi, it.r.xk)
		if it.r.op != 0 {
			y = sem.Arith(it.r.op, y, numValue(sc, it.r.ys, it.r.yi, it.r.yk))
		}
		cT |= b2u64(relHolds(it.rel, x, y) != (it.inv != 0)) << (len(nf.keys) + j)
	}
	return cT, nf.all &^ cT
}

// slowComparisons adds the comparisons to cT and cF, one by one.
func (nf *nfProg) slowComparisons(v *Values, cT, cF uint64) (uint64, uint64) {
	sc := v.sc
	for i := range nf.keys {
		it := &nf.keys[i]
		k, h := knownBit(sc, it.slot), b2u64(sc[it.ki]-it.lo <= it.span)
		cT |= (k & h) << i
		cF |= (k &^ h) << i
	}
	i := len(nf.keys)
	for j := range nf.exprs {
		k, h := nf.exprs[j].test(sc)
		cT |= (k & h) << i
		cF |= (k &^ h) << i
		i++
	}
	for j := range nf.strs {
		it := &nf.strs[j]
		k := knownBit(sc, it.a)
		y := it.k
		if it.b >= 0 {
			k &= knownBit(sc, it.b)
			y = v.strs[it.b]
		}
		h := b2u64(sem.Holds(it.m, sem.OrderStr(v.strs[it.a], y)))
		cT |= (k & h) << i
		cF |= (k &^ h) << i
		i++
	}
	return cT, cF
}
