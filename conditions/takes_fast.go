package conditions

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// The fast path of Takes.
//
// Takes is specified as [Eval] (for its errors and its value), then the
// prime implicants of the residual's BDD under the theory of its atoms.
// Most calls need far less: the condition is well typed, the facts have
// the right types, and only a few atoms are left unknown. takesFast
// handles those calls in one walk over the condition, with no
// explanation, no type-inference tables and no BDD:
//
//   - It checks types locally. Every fact occurrence gets the type its
//     context requires (bool under a logical operator, number under
//     arithmetic, the other side's type in a comparison with anything
//     but a fact); a known fact's value must have that type, and an
//     unknown fact must get one type at all its occurrences. Facts
//     compared with facts form classes that must agree on one type
//     (checkLinks). The walk gives up on any type error, any fact value
//     Eval would reject, a division by a known zero and arithmetic whose
//     result is not a number (which Residual leaves unfolded).
//     When it gives up, Takes takes the slow path, which reports exactly
//     Eval's error, if there is one. When it does not, [infer] would
//     find no error and Eval would report none (see takesWalk.fact), so
//     the slow path would not return one either.
//   - It computes Kleene's value of every node as Eval does, visiting
//     every operand. A decided condition is answered at once.
//   - Otherwise it collects the atoms of the residual (the unknown atoms
//     that are not under a decided node, keyed by the canonical text of
//     their residual), and while there are at most six, the truth table
//     of every unknown node as a 64-bit set of assignments to them. The
//     theory C of [atomSet.theory] is a truth table too, and the prime
//     implicants of C -> F are found by enumerating cubes (3^6 at most).
//     With more than six atoms Takes goes on with the BDD, having checked
//     what Eval would have.
//
// Each step gives the same result as the slow path: the same error, the
// same value, and for an unknown condition the same atoms, the same
// function of them and the same theory, hence the same prime implicants.

// takesSmallAtoms is the most atoms the truth tables of takesFast cover:
// 2^6 assignments fit in a uint64.
const takesSmallAtoms = 6

// takesVarTab[i] is the truth table of atom variable i: bit j is set when
// bit i of the assignment j is set.
var takesVarTab = [takesSmallAtoms]uint64{
	0xAAAAAAAAAAAAAAAA,
	0xCCCCCCCCCCCCCCCC,
	0xF0F0F0F0F0F0F0F0,
	0xFF00FF00FF00FF00,
	0xFFFF0000FFFF0000,
	0xFFFFFFFF00000000,
}

// takesStatus is how far takesFast got.
type takesStatus uint8

const (
	takesDone   takesStatus = iota // the result is final
	takesBig                       // Eval would succeed and leave e unknown; more than six atoms
	takesGiveUp                    // take the slow path
)

// takesTruth is the result of walking a boolean node: Kleene's value when
// known, else the truth table over the atoms (meaningless after overflow).
type takesTruth struct {
	t     uint64
	known bool
	val   bool
}

func takesConst(b bool) takesTruth { return takesTruth{known: true, val: b} }

// takesUnknownFact is the type an unknown fact is used with.
type takesUnknownFact struct {
	name string
	typ  Type
}

// takesWalk is the state of one call of takesFast. It is pooled; reset
// clears every reference it holds.
type takesWalk struct {
	facts  Facts
	giveUp bool // a case takesFast leaves to the slow path
	over   bool // more than takesSmallAtoms atoms

	unknown    []takesUnknownFact
	unknownMap map[string]Type // instead of unknown once it is long
	links      []takesLink     // comparisons of two facts
	class      []takesClassMember

	atoms []atom      // the atoms of the residual so far
	tabs  []uint64    // the tables of the unknown operands of atleast nodes
	dp    []uint64    // scratch of atleast
	cands []ast.Value // scratch of the theory
	prime []uint64    // primes: sort key << 32 | mask << 8 | bits
	res   residualizer
	val   ast.Value // the value of the last known operand walked
}

var takesPool = sync.Pool{New: func() any { return new(takesWalk) }}

func (w *takesWalk) reset() {
	w.facts, w.res.facts = nil, nil
	w.val, w.res.val = ast.Value{}, ast.Value{}
	w.giveUp, w.over = false, false
	clear(w.unknown)
	w.unknown = w.unknown[:0]
	w.unknownMap = nil
	clear(w.links)
	w.links = w.links[:0]
	clear(w.class)
	w.class = w.class[:0]
	clear(w.atoms)
	w.atoms = w.atoms[:0]
	w.tabs = w.tabs[:0]
	clear(w.cands)
	w.cands = w.cands[:0]
	w.prime = w.prime[:0]
}

// takesFast is Takes for a valid want on the fast path; see above.
func takesFast(e Expr, f Facts, want Truth) ([]Assignment, takesStatus) {
	if e.root == nil {
		return takesDecided(true, want), takesDone
	}
	w := takesPool.Get().(*takesWalk)
	defer func() {
		w.reset()
		takesPool.Put(w)
	}()
	w.facts, w.res.facts = f, f
	x := w.truth(e.root)
	if len(w.links) > 0 && !w.giveUp {
		w.checkLinks()
	}
	switch {
	case w.giveUp:
		return nil, takesGiveUp
	case x.known:
		return takesDecided(x.val, want), takesDone
	case w.over:
		return nil, takesBig
	}
	fn := x.t
	if want == False {
		fn = ^fn
	}
	return w.small(fn), takesDone
}

// takesDecided is the result of Takes for a condition whose value is v.
func takesDecided(v bool, want Truth) []Assignment {
	if TruthOf(v) == want {
		return []Assignment{{}}
	}
	return nil
}

// truth walks the boolean node n.
func (w *takesWalk) truth(n ast.Node) takesTruth {
	switch n := n.(type) {
	case *ast.Tagged:
		return w.truth(n.X)
	case *ast.Lit:
		if n.Val.Kind == ast.KindBool {
			return takesConst(n.Val.B)
		}
	case *ast.Fact:
		if w.fact(n, Bool) {
			return takesConst(w.val.B)
		}
		return w.atom(atom{key: n.Name, simple: true, fact: n.Name, op: ast.OpEq, val: ast.Bool(true)})
	case *ast.Unary:
		if n.Op == ast.OpNot {
			x := w.truth(n.X)
			if x.known {
				return takesConst(!x.val)
			}
			return takesTruth{t: ^x.t}
		}
	case *ast.Logic:
		return w.logic(n)
	case *ast.AtLeast:
		return w.atLeast(n)
	case *ast.Compare:
		return w.compare(n)
	}
	w.giveUp = true // a type error
	return takesTruth{}
}

// logic walks an and/or node. When it is decided, the atoms first met
// under it are not atoms of the residual, which drops it.
func (w *takesWalk) logic(n *ast.Logic) takesTruth {
	mark := len(w.atoms)
	and := n.Op == ast.OpAnd
	var t uint64
	if and {
		t = ^t
	}
	absorbed, unknown := false, false
	for _, a := range n.Args {
		x := w.truth(a)
		if w.giveUp {
			return takesTruth{}
		}
		switch {
		case !x.known:
			unknown = true
			if and {
				t &= x.t
			} else {
				t |= x.t
			}
		case x.val != and: // false under and, true under or
			absorbed = true
		}
	}
	if absorbed || !unknown {
		w.atoms = w.atoms[:mark]
		return takesConst(absorbed != and)
	}
	return takesTruth{t: t}
}

// atLeast walks an atleast node, dropping the atoms first met under it
// when it is decided.
func (w *takesWalk) atLeast(n *ast.AtLeast) takesTruth {
	mark, start := len(w.atoms), len(w.tabs)
	nt := 0
	for _, a := range n.Args {
		x := w.truth(a)
		if w.giveUp {
			return takesTruth{}
		}
		switch {
		case !x.known:
			w.tabs = append(w.tabs, x.t)
		case x.val:
			nt++
		}
	}
	tabs := w.tabs[start:]
	k := n.K - nt
	w.tabs = w.tabs[:start] // tabs stays readable until the next append
	switch {
	case k <= 0:
		w.atoms = w.atoms[:mark]
		return takesConst(true)
	case k > len(tabs):
		w.atoms = w.atoms[:mark]
		return takesConst(false)
	}
	// dp[j] is the table of "at least j of the operands so far".
	dp := append(w.dp[:0], ^uint64(0))
	for range k {
		dp = append(dp, 0)
	}
	for _, x := range tabs {
		for j := k; j >= 1; j-- {
			dp[j] |= x & dp[j-1]
		}
	}
	w.dp = dp
	return takesTruth{t: dp[k]}
}

// compare walks a comparison, typing its operands as [infer] does.
func (w *takesWalk) compare(n *ast.Compare) takesTruth {
	lf, lok := factOf(n.L)
	rf, rok := factOf(n.R)
	var l, r ast.Value
	var lk, rk bool
	var typ Type
	switch {
	case lok && rok:
		// Two facts share a type class, checked once the walk is done.
		lk = w.anyFact(lf)
		l = w.val
		rk = w.anyFact(rf)
		r = w.val
		w.links = append(w.links, takesLink{lf.Name, rf.Name, isOrdered(n.Op)})
		typ = Any
	case lok:
		rk, typ = w.value(n.R)
		r = w.val
		lk = w.fact(lf, typ)
		l = w.val
	case rok:
		lk, typ = w.value(n.L)
		l = w.val
		rk = w.fact(rf, typ)
		r = w.val
	default:
		var rt Type
		lk, typ = w.value(n.L)
		l = w.val
		rk, rt = w.value(n.R)
		r = w.val
		if typ != rt {
			w.giveUp = true
		}
	}
	if w.giveUp || isOrdered(n.Op) && typ == Bool || lk && rk && l.Kind != r.Kind {
		w.giveUp = true
		return takesTruth{}
	}
	if lk && rk {
		return takesConst(compare(n.Op, l, r) == True)
	}
	// The atom is the residual of n, keyed by its canonical text. When
	// each side is a fact or known, that is "l op r" with a fact's name
	// or a literal of the value on each side (a fact or a literal needs
	// no parentheses), which needs no residual node.
	lu, ru := ast.Untag(n.L), ast.Untag(n.R)
	lf, lok = lu.(*ast.Fact)
	rf, rok = ru.(*ast.Fact)
	if (lk || lok) && (rk || rok) {
		var buf [64]byte
		b := buf[:0]
		a := atom{}
		switch {
		case lk:
			b = appendValue(b, l)
			a.simple, a.fact, a.op, a.val = true, rf.Name, atomFlip(n.Op), l
		default:
			b = append(b, lf.Name...)
		}
		b = append(append(append(b, ' '), n.Op.String()...), ' ')
		switch {
		case rk:
			b = appendValue(b, r)
			a.simple, a.fact, a.op, a.val = true, lf.Name, n.Op, r
		default:
			b = append(b, rf.Name...)
		}
		a.key = string(b)
		return w.atom(a)
	}
	x, _ := w.res.node(n, ast.KindBool)
	a := atom{key: ast.Format(x), node: x}
	a.fact, a.op, a.val, a.simple = simpleAtom(x)
	return w.atom(a)
}

// appendValue appends the literal text of v ([ast.FormatValue]) to b. It
// writes whole numbers of moderate size itself, which is what
// FormatNumber does for them, without the intermediate string.
func appendValue(b []byte, v ast.Value) []byte {
	if v.Kind == ast.KindNumber && v.N == math.Trunc(v.N) && math.Abs(v.N) < 1e15 && (v.N != 0 || !math.Signbit(v.N)) {
		return strconv.AppendInt(b, int64(v.N), 10)
	}
	return append(b, ast.FormatValue(v)...)
}

// value walks an operand of a comparison that is not a fact, and returns
// whether its value is known (the value is left in w.val) and its type.
func (w *takesWalk) value(n ast.Node) (known bool, typ Type) {
	switch n := n.(type) {
	case *ast.Tagged:
		return w.value(n.X)
	case *ast.Lit:
		w.val = n.Val
		return true, Type(n.Val.Kind)
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			x, known := w.number(n.X)
			w.val = ast.Number(-x)
			return known, Number
		}
		return w.boolValue(n)
	case *ast.Arith:
		return w.arith(n)
	case *ast.Logic, *ast.AtLeast, *ast.Compare:
		return w.boolValue(n)
	case *ast.Fact:
		// Only through number, which types it.
	}
	w.giveUp = true
	return false, Any
}

// arith is value for the arithmetic n. A chain x + x + ... + x leans
// left as deep as it is long (arithmetic is left associative): arith
// follows its left spine in a loop and recurses only into right
// operands, so that the stack stays shallow (see [ast.Spine]).
// Every operand is walked, whatever the others are, since walking an
// operand records its facts.
func (w *takesWalk) arith(n *ast.Arith) (known bool, typ Type) {
	var buf [16]*ast.Arith
	spine := ast.Spine(buf[:0], n, nil)
	l, known := w.number(spine[len(spine)-1].L)
	typ = Number
	for i := len(spine) - 1; i >= 0; i-- {
		a := spine[i]
		r, rk := w.number(a.R)
		switch x, ok := resArith(a.Op, l, r); {
		case a.Op == ast.OpDiv && rk && r == 0:
			// Division by zero: Eval reports it.
			w.giveUp = true
			known, typ = false, Any
		case !known || !rk:
			known, typ = false, Number
		case ok:
			l = x
		default:
			// Not a number: Residual leaves it as it is.
			w.giveUp = true
			known, typ = false, Any
		}
	}
	if known {
		w.val = ast.Number(l)
	}
	return known, typ
}

// boolValue walks a logical operator or a comparison used as a value,
// as in (a and b) == c. Its atoms are not atoms of the residual: the
// comparison it is an operand of is.
func (w *takesWalk) boolValue(n ast.Node) (bool, Type) {
	mark := len(w.atoms)
	x := w.truth(n)
	w.atoms = w.atoms[:mark]
	w.val = ast.Bool(x.val)
	return x.known, Bool
}

// number walks an operand of arithmetic.
func (w *takesWalk) number(n ast.Node) (float64, bool) {
	switch n := n.(type) {
	case *ast.Tagged:
		return w.number(n.X)
	case *ast.Fact:
		known := w.fact(n, Number)
		return w.val.N, known
	case *ast.Lit:
		if n.Val.Kind != ast.KindNumber {
			w.giveUp = true
		}
		return n.Val.N, true
	case *ast.Unary, *ast.Arith:
		known, _ := w.value(n)
		return w.val.N, known
	}
	w.giveUp = true
	return 0, false
}

// fact reads the fact n where its context requires type typ, and
// reports whether it is known; its value is left in w.val.
//
// If no occurrence of any fact gives up, and checkLinks does not either,
// all the occurrences of a fact where the context requires a type require
// the same type, which is that of its value if it is known: so [infer]
// gives each fact that type and reports no conflict, and [Eval]'s
// conversion of the values (all of that type, or nil) succeeds.
func (w *takesWalk) fact(n *ast.Fact, typ Type) bool {
	known, ok := convertInto(&w.val, w.facts[n.Name])
	switch {
	case !ok, known && Type(w.val.Kind) != typ, typ == Any:
		w.giveUp = true
		return false
	case known:
		return true
	}
	w.useUnknown(n.Name, typ)
	return false
}

// anyFact reads the fact n compared with another fact.
func (w *takesWalk) anyFact(n *ast.Fact) bool {
	known, ok := convertInto(&w.val, w.facts[n.Name])
	w.giveUp = w.giveUp || !ok
	return known
}

// takesLink is a comparison of two facts, which puts them in one type
// class.
type takesLink struct {
	a, b    string
	ordered bool
}

// takesClassMember is a fact compared with another fact, with the index
// of its parent in the union-find forest over those facts, and what is
// known of its type.
type takesClassMember struct {
	name    string
	parent  int
	typ     Type // Any while nothing is known
	ordered bool // in a class compared with < <= > or >=
}

// checkLinks gives up unless the type classes formed by the comparisons
// of facts with facts pass [infer] and [Eval]'s checks of fact values.
//
// [infer] gives a class the type of the first use of a member where its
// context requires a type, and reports every other use that requires
// another type; without such uses the class has no type and Eval requires
// the members' known values to have one type. Either way no error is
// reported exactly when all the types required of the members and all
// the types of their known values are one and the same, and that type is
// not bool if a member is compared with < <= > or >=. The walk has
// checked each known member's value against the uses that require a
// type, so it is enough to look at the known values and, for unknown
// members, at the one type all their uses require (recorded by
// useUnknown).
func (w *takesWalk) checkLinks() {
	if len(w.links) > 32 {
		w.giveUp = true // a rare shape; the slow path is fine
		return
	}
	for _, l := range w.links {
		a, b := w.find(w.member(l.a)), w.find(w.member(l.b))
		if a != b {
			w.class[b].parent = a
		}
		w.class[a].ordered = w.class[a].ordered || w.class[b].ordered || l.ordered
	}
	for i := range w.class {
		m := &w.class[i]
		t := Any
		var v ast.Value
		if known, _ := convertInto(&v, w.facts[m.name]); known {
			t = Type(v.Kind)
		} else if w.unknownMap != nil {
			t = w.unknownMap[m.name] // Any if none
		} else if j := slices.IndexFunc(w.unknown, func(u takesUnknownFact) bool { return u.name == m.name }); j >= 0 {
			t = w.unknown[j].typ
		}
		root := &w.class[w.find(i)]
		switch {
		case t == Any:
		case root.typ == Any:
			root.typ = t
		case root.typ != t:
			w.giveUp = true
			return
		}
	}
	for i := range w.class {
		if m := &w.class[i]; m.parent == i && m.ordered && m.typ == Bool {
			w.giveUp = true
			return
		}
	}
}

// member returns the index of the named fact in w.class, adding it.
func (w *takesWalk) member(name string) int {
	for i := range w.class {
		if w.class[i].name == name {
			return i
		}
	}
	w.class = append(w.class, takesClassMember{name: name, parent: len(w.class)})
	return len(w.class) - 1
}

func (w *takesWalk) find(i int) int {
	for w.class[i].parent != i {
		i = w.class[i].parent
	}
	return i
}

// useUnknown records that the unknown fact name is used as typ, and gives
// up if it is used with another type elsewhere.
func (w *takesWalk) useUnknown(name string, typ Type) {
	if w.unknownMap != nil {
		if t, ok := w.unknownMap[name]; ok {
			w.giveUp = w.giveUp || t != typ
			return
		}
		w.unknownMap[name] = typ
		return
	}
	for _, u := range w.unknown {
		if u.name == name {
			w.giveUp = w.giveUp || u.typ != typ
			return
		}
	}
	w.unknown = append(w.unknown, takesUnknownFact{name, typ})
	if len(w.unknown) > 32 {
		w.unknownMap = make(map[string]Type, 2*len(w.unknown))
		for _, u := range w.unknown {
			w.unknownMap[u.name] = u.typ
		}
	}
}

// atom returns the variable of the unknown atom a, numbering it if it is
// new. Its node is not needed (and may be left nil).
func (w *takesWalk) atom(a atom) takesTruth {
	for i := range w.atoms {
		if w.atoms[i].key == a.key {
			return takesTruth{t: takesVarTab[i]}
		}
	}
	if len(w.atoms) == takesSmallAtoms {
		w.over = true
		return takesTruth{}
	}
	w.atoms = append(w.atoms, a)
	return takesTruth{t: takesVarTab[len(w.atoms)-1]}
}

// theory returns the truth table of the constraint C of [atomSet.theory]
// over the atoms.
func (w *takesWalk) theory() uint64 {
	c := ^uint64(0)
	var done uint8 // the atoms whose fact is done
	var group [takesSmallAtoms]int
	for i := range w.atoms {
		a := &w.atoms[i]
		if !a.simple || done>>i&1 == 1 {
			continue
		}
		idx := group[:0]
		for j := i; j < len(w.atoms); j++ {
			if b := &w.atoms[j]; b.simple && b.fact == a.fact {
				idx = append(idx, j)
				done |= 1 << j
			}
		}
		if len(idx) == 1 && takesFree(a) {
			continue
		}
		c &= w.factTheory(idx)
	}
	return c
}

// takesFree reports whether the simple atom a can take both values, so
// that the constraint of its fact is trivial when no other atom reads it:
// a comparison with a boolean, a finite number or a date (whole days,
// far from the limits of int64) by any operator Check allows.
func takesFree(a *atom) bool {
	switch a.val.Kind {
	case ast.KindBool:
		return a.op == ast.OpEq || a.op == ast.OpNe
	case ast.KindNumber:
		return !math.IsInf(a.val.N, 0) && !math.IsNaN(a.val.N)
	case ast.KindDate:
		return true
	}
	return false
}

// factTheory is [atomSet.factTheory] as a truth table.
func (w *takesWalk) factTheory(idx []int) uint64 {
	cands, ok := theoryCandidates(w.cands[:0], w.atoms, idx)
	w.cands = cands
	if !ok {
		return ^uint64(0)
	}
	var allowed uint64
	for _, v := range cands {
		m := ^uint64(0)
		for _, i := range idx {
			a := &w.atoms[i]
			t, ok := resCompare(a.op, v, a.val)
			if !ok {
				return ^uint64(0)
			}
			if t {
				m &= takesVarTab[i]
			} else {
				m &^= takesVarTab[i]
			}
		}
		allowed |= m
	}
	return allowed
}

// small returns the minimal consistent assignments that make the function
// with truth table fn hold: the prime implicants of C -> fn consistent with
// C, in the order of Takes.
func (w *takesWalk) small(fn uint64) []Assignment {
	c := w.theory()
	g := ^c | fn
	w.primes(g, c, 0, 0, 0, ^uint64(0))
	if len(w.prime) == 0 {
		return nil
	}

	// The rank of each atom in text order.
	n := len(w.atoms)
	var byText, rank [takesSmallAtoms]uint8
	for i := range n {
		byText[i] = uint8(i)
	}
	slices.SortFunc(byText[:n], func(i, j uint8) int { return strings.Compare(w.atoms[i].key, w.atoms[j].key) })
	for r, i := range byText[:n] {
		rank[i] = uint8(r)
	}
	// The sort key of a prime: its size, then its literals' codes (twice
	// the rank, plus one for true) in increasing order, four bits each.
	for p, x := range w.prime {
		mask, bits := uint8(x>>8), uint8(x)
		var codes [takesSmallAtoms]uint8
		size := 0
		for i := range n {
			if mask>>i&1 == 1 {
				codes[size] = 2*rank[i] + bits>>i&1
				size++
			}
		}
		slices.Sort(codes[:size])
		key := uint64(size) << 24
		for j, d := range codes[:size] {
			key |= uint64(d) << (20 - 4*j)
		}
		w.prime[p] = key<<32 | x&0xFFFF
	}
	slices.Sort(w.prime)

	as := make([]Assignment, len(w.prime))
	for p, x := range w.prime {
		mask, bits := uint8(x>>8), uint8(x)
		a := make(Assignment, int(x>>56))
		for i := range n {
			if mask>>i&1 == 1 {
				a[w.atoms[i].key] = bits>>i&1 == 1
			}
		}
		as[p] = a
	}
	return as
}

// primes appends to w.prime the prime implicants of g consistent with c
// that extend the cube (mask, bits) with literals of the atoms from on;
// tab is the cube's truth table. Each cube is visited once, its literals
// being added in increasing order of atom. An extension of an implicant
// is not prime, and an extension of a cube inconsistent with c is
// inconsistent too, so neither is explored.
func (w *takesWalk) primes(g, c uint64, from int, mask, bits uint8, tab uint64) {
	if tab&c == 0 {
		return
	}
	if tab&^g == 0 {
		for i := range len(w.atoms) {
			if mask>>i&1 == 0 {
				continue
			}
			// The table of the cube without literal i.
			wider := tab | tab<<(1<<i)
			if bits>>i&1 == 1 {
				wider = tab | tab>>(1<<i)
			}
			if wider&^g == 0 {
				return // not prime
			}
		}
		w.prime = append(w.prime, uint64(mask)<<8|uint64(bits))
		return
	}
	for j := from; j < len(w.atoms); j++ {
		w.primes(g, c, j+1, mask|1<<j, bits, tab&^takesVarTab[j])
		w.primes(g, c, j+1, mask|1<<j, bits|1<<j, tab&takesVarTab[j])
	}
}
