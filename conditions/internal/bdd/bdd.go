// Package bdd implements reduced ordered binary decision diagrams (ROBDDs)
// for the logic analyses of package conditions: conjunction, disjunction,
// negation and restriction of Boolean functions, satisfying assignments,
// and the prime implicants of a function.
//
// A [Manager] owns every node it builds. Variables are numbered 0 to n-1
// and are ordered by their number: variable 0 is tested first. Nodes are
// hash-consed, so two [Node] values of one Manager are equal exactly when
// they denote the same function.
//
// A Manager bounds the number of nodes it creates, and optionally the
// work its operations do ([Manager.SetBudget]). Once an operation would
// exceed a bound, the Manager records an error wrapping [ErrLimit] (see
// [Manager.Err]) and every later operation returns [False] at once;
// callers build their functions and then check Err once.
//
// A Manager is not safe for concurrent use: it memoizes results in tables
// it updates on every operation. Use one Manager per goroutine.
package bdd

import (
	"errors"
	"fmt"
	"math"
)

// ErrLimit is recorded by a [Manager] when an operation would create more
// nodes than its limit allows, and returned by [Manager.Primes] when the
// prime implicants exceed their limit.
var ErrLimit = errors.New("bdd: size limit exceeded")

// Node is a reference to a function built by a [Manager]. It is only
// meaningful together with the Manager that returned it.
type Node uint32

// The two constant functions.
const (
	False Node = 0
	True  Node = 1
)

// terminalLevel is the level of the two terminal nodes: below every variable.
const terminalLevel = math.MaxInt32

type node struct {
	level  int32 // the variable tested; terminalLevel for False and True
	lo, hi Node  // the cofactors for the variable false and true
}

// Operation codes of the computed table. Zero marks an empty entry.
const (
	opAnd uint32 = 1 + iota
	opOr
	opXor
	opNot
	opRestrict0
	opRestrict1
)

type cacheEntry struct {
	op   uint32
	a, b Node
	r    Node
}

// Manager builds and owns BDD nodes over a fixed number of variables.
// The zero Manager is not usable; call [New].
type Manager struct {
	nvars int
	limit int
	nodes []node
	table []Node // open addressing into nodes; 0 marks an empty slot
	cache []cacheEntry
	err   error

	mark  []uint32 // per-node stamps for Implies
	stamp uint32

	steps, maxSteps int64        // work done, and the budget (0: none)
	nextPoll        int64        // steps at which to call done next
	done            func() error // polled every pollEvery steps; nil: never
}

// pollEvery is how many steps pass between two calls of the done function
// of a budget.
const pollEvery = 1 << 12

// New returns a Manager over nvars variables that creates at most limit
// nodes (including the two terminals). A limit below 2 means no limit
// other than what fits in a Node.
func New(nvars, limit int) *Manager {
	if limit < 2 || limit > math.MaxUint32 {
		limit = math.MaxUint32
	}
	m := &Manager{
		nvars: nvars,
		limit: limit,
		nodes: make([]node, 2, 64),
		table: make([]Node, 64),
		cache: make([]cacheEntry, 256),
	}
	m.nodes[False] = node{level: terminalLevel}
	m.nodes[True] = node{level: terminalLevel}
	return m
}

// SetBudget bounds the work of m's operations, including [Manager.Primes]:
// once they have taken more than steps steps in all (steps <= 0 means no
// bound), m records an error wrapping [ErrLimit], and every later operation
// returns [False] at once, as for the node limit. A step is about the cost
// of creating or looking up one node. If done is not nil, it is called
// every few thousand steps, and when it returns an error m records that
// error and stops the same way: pass ctx.Err to make m cancellable.
func (m *Manager) SetBudget(steps int64, done func() error) {
	m.maxSteps, m.done = steps, done
	m.nextPoll = m.steps + pollEvery
}

// spend charges n steps to the budget and reports whether m may go on.
func (m *Manager) spend(n int64) bool {
	if m.err != nil {
		return false
	}
	m.steps += n
	if m.maxSteps > 0 && m.steps > m.maxSteps {
		m.err = fmt.Errorf("%w: more than %d steps", ErrLimit, m.maxSteps)
		return false
	}
	if m.done != nil && m.steps >= m.nextPoll {
		m.nextPoll = m.steps + pollEvery
		if err := m.done(); err != nil {
			m.err = err
			return false
		}
	}
	return true
}

// Steps returns the number of steps m's operations have taken.
func (m *Manager) Steps() int64 { return m.steps }

// NumVars returns the number of variables of m.
func (m *Manager) NumVars() int { return m.nvars }

// Size returns the number of nodes m has created, including the two
// terminals.
func (m *Manager) Size() int { return len(m.nodes) }

// Err returns [ErrLimit] (wrapped with the limit) once an operation has
// exceeded the node limit or the budget, the error of the budget's done
// function once it has returned one, and nil before.
func (m *Manager) Err() error { return m.err }

// Level returns the variable tested by f, or -1 for [False] and [True].
func (m *Manager) Level(f Node) int {
	l := m.nodes[f].level
	if l == terminalLevel {
		return -1
	}
	return int(l)
}

// Low and High return the cofactors of a non-terminal node f: the
// function when the variable [Manager.Level] of f is false or true.
func (m *Manager) Low(f Node) Node  { return m.nodes[f].lo }
func (m *Manager) High(f Node) Node { return m.nodes[f].hi }

// Var returns the function that is true exactly when variable i is true.
// It panics if i is not a variable of m, which is a programming error.
func (m *Manager) Var(i int) Node { return m.Lit(i, true) }

// Lit returns the literal of variable i: Var(i) if val, else its negation.
// It panics if i is not a variable of m.
func (m *Manager) Lit(i int, val bool) Node {
	if i < 0 || i >= m.nvars {
		panic(fmt.Sprintf("bdd: variable %d out of range [0, %d)", i, m.nvars))
	}
	if val {
		return m.mk(int32(i), False, True)
	}
	return m.mk(int32(i), True, False)
}

func hash3(level int32, lo, hi Node) uint32 {
	h := uint32(level)*0x9E3779B1 ^ uint32(lo)*0x85EBCA77 ^ uint32(hi)*0xC2B2AE3D
	return h ^ h>>15
}

// mk returns the node (level, lo, hi), creating it if needed.
func (m *Manager) mk(level int32, lo, hi Node) Node {
	if lo == hi {
		return lo
	}
	if m.err != nil {
		return False
	}
	mask := uint32(len(m.table) - 1)
	for i := hash3(level, lo, hi) & mask; ; i = (i + 1) & mask {
		r := m.table[i]
		if r == 0 {
			break
		}
		if n := m.nodes[r]; n.level == level && n.lo == lo && n.hi == hi {
			return r
		}
	}
	if len(m.nodes) >= m.limit {
		m.err = fmt.Errorf("%w: more than %d nodes", ErrLimit, m.limit)
		return False
	}
	r := Node(len(m.nodes))
	m.nodes = append(m.nodes, node{level: level, lo: lo, hi: hi})
	if 2*len(m.nodes) > len(m.table) {
		m.grow()
	} else {
		m.insert(r)
	}
	return r
}

func (m *Manager) insert(r Node) {
	n := m.nodes[r]
	mask := uint32(len(m.table) - 1)
	i := hash3(n.level, n.lo, n.hi) & mask
	for m.table[i] != 0 {
		i = (i + 1) & mask
	}
	m.table[i] = r
}

// grow doubles the unique table and the computed table.
func (m *Manager) grow() {
	m.table = make([]Node, 2*len(m.table))
	for r := 2; r < len(m.nodes); r++ {
		m.insert(Node(r))
	}
	if len(m.cache) < len(m.table) && len(m.cache) < 1<<20 {
		m.cache = make([]cacheEntry, 2*len(m.cache))
	}
}

func (m *Manager) lookup(op uint32, a, b Node) (Node, bool) {
	e := &m.cache[(hash3(int32(op), a, b))&uint32(len(m.cache)-1)]
	if e.op == op && e.a == a && e.b == b {
		return e.r, true
	}
	return 0, false
}

func (m *Manager) store(op uint32, a, b, r Node) {
	m.cache[(hash3(int32(op), a, b))&uint32(len(m.cache)-1)] = cacheEntry{op: op, a: a, b: b, r: r}
}

// And returns the conjunction of a and b.
func (m *Manager) And(a, b Node) Node { return m.apply(opAnd, a, b) }

// Or returns the disjunction of a and b.
func (m *Manager) Or(a, b Node) Node { return m.apply(opOr, a, b) }

// Xor returns the exclusive or of a and b.
func (m *Manager) Xor(a, b Node) Node { return m.apply(opXor, a, b) }

// Imp returns the implication a -> b.
func (m *Manager) Imp(a, b Node) Node { return m.Or(m.Not(a), b) }

// AndAll returns the conjunction of fs; True if fs is empty.
func (m *Manager) AndAll(fs ...Node) Node {
	r := True
	for _, f := range fs {
		r = m.And(r, f)
	}
	return r
}

// OrAll returns the disjunction of fs; False if fs is empty.
func (m *Manager) OrAll(fs ...Node) Node {
	r := False
	for _, f := range fs {
		r = m.Or(r, f)
	}
	return r
}

func (m *Manager) apply(op uint32, a, b Node) Node {
	if m.err != nil {
		return False
	}
	switch op {
	case opAnd:
		switch {
		case a == False || b == False:
			return False
		case a == True:
			return b
		case b == True, a == b:
			return a
		}
	case opOr:
		switch {
		case a == True || b == True:
			return True
		case a == False:
			return b
		case b == False, a == b:
			return a
		}
	case opXor:
		switch {
		case a == b:
			return False
		case a == False:
			return b
		case b == False:
			return a
		case a == True:
			return m.Not(b)
		case b == True:
			return m.Not(a)
		}
	}
	if a > b {
		a, b = b, a
	}
	if r, ok := m.lookup(op, a, b); ok {
		return r
	}
	if !m.spend(1) {
		return False
	}
	na, nb := m.nodes[a], m.nodes[b]
	level := min(na.level, nb.level)
	a0, a1, b0, b1 := a, a, b, b
	if na.level == level {
		a0, a1 = na.lo, na.hi
	}
	if nb.level == level {
		b0, b1 = nb.lo, nb.hi
	}
	lo := m.apply(op, a0, b0)
	hi := m.apply(op, a1, b1)
	r := m.mk(level, lo, hi)
	if m.err == nil {
		m.store(op, a, b, r)
	}
	return r
}

// Not returns the negation of a.
func (m *Manager) Not(a Node) Node {
	if m.err != nil {
		return False
	}
	switch a {
	case False:
		return True
	case True:
		return False
	}
	if r, ok := m.lookup(opNot, a, 0); ok {
		return r
	}
	if !m.spend(1) {
		return False
	}
	n := m.nodes[a]
	lo := m.Not(n.lo)
	hi := m.Not(n.hi)
	r := m.mk(n.level, lo, hi)
	if m.err == nil {
		m.store(opNot, a, 0, r)
	}
	return r
}

// Restrict returns f with variable v fixed to val (the cofactor of f).
func (m *Manager) Restrict(f Node, v int, val bool) Node {
	if m.err != nil {
		return False
	}
	n := m.nodes[f]
	if n.level == terminalLevel || int(n.level) > v {
		return f
	}
	if int(n.level) == v {
		if val {
			return n.hi
		}
		return n.lo
	}
	op := opRestrict0
	if val {
		op = opRestrict1
	}
	if r, ok := m.lookup(op, f, Node(v)); ok {
		return r
	}
	if !m.spend(1) {
		return False
	}
	lo := m.Restrict(n.lo, v, val)
	hi := m.Restrict(n.hi, v, val)
	r := m.mk(n.level, lo, hi)
	if m.err == nil {
		m.store(op, f, Node(v), r)
	}
	return r
}

// Lit is a literal of a [Cube]: variable Var with the value Val.
type Lit struct {
	Var int
	Val bool
}

// Cube is a conjunction of literals over distinct variables, sorted by
// variable. The empty cube is the constant true. A cube is also a partial
// assignment: the literals are the values it fixes.
type Cube []Lit

// CubeNode returns the function of the cube c.
func (m *Manager) CubeNode(c Cube) Node {
	if !m.spend(int64(len(c))) {
		return False
	}
	r := True
	for i := len(c) - 1; i >= 0; i-- {
		if m.err != nil {
			return False
		}
		// Building bottom-up with increasing levels keeps every step one node.
		if c[i].Val {
			r = m.mk(int32(c[i].Var), False, r)
		} else {
			r = m.mk(int32(c[i].Var), r, False)
		}
	}
	return r
}

// RestrictCube returns f with the variables of c fixed to their values.
// The literals of c must be sorted by variable.
func (m *Manager) RestrictCube(f Node, c Cube) Node {
	for _, l := range c {
		f = m.Restrict(f, l.Var, l.Val)
	}
	return f
}

// Eval returns the value of f under the total assignment x, where x[i] is
// the value of variable i.
func (m *Manager) Eval(f Node, x []bool) bool {
	for {
		n := m.nodes[f]
		if n.level == terminalLevel {
			return f == True
		}
		if x[n.level] {
			f = n.hi
		} else {
			f = n.lo
		}
	}
}

// AnySat returns a cube all of whose completions satisfy f, and false if f
// is unsatisfiable. The cube is one path of the diagram, so it may fix
// fewer than all variables.
func (m *Manager) AnySat(f Node) (Cube, bool) {
	if f == False {
		return nil, false
	}
	var c Cube
	for f != True {
		n := m.nodes[f]
		if n.lo != False {
			c = append(c, Lit{Var: int(n.level), Val: false})
			f = n.lo
		} else {
			c = append(c, Lit{Var: int(n.level), Val: true})
			f = n.hi
		}
	}
	return c, true
}

// SatCount returns the number of total assignments of the variables of m
// that satisfy f, as a float64 (exact up to 2^53).
func (m *Manager) SatCount(f Node) float64 {
	memo := make(map[Node]float64)
	// count(g) is the number of satisfying assignments of the variables from
	// level(g) on, for a node g.
	var count func(g Node) float64
	level := func(g Node) int {
		if l := m.nodes[g].level; l != terminalLevel {
			return int(l)
		}
		return m.nvars
	}
	count = func(g Node) float64 {
		switch g {
		case False:
			return 0
		case True:
			return 1
		}
		if c, ok := memo[g]; ok {
			return c
		}
		n := m.nodes[g]
		l := int(n.level)
		c := count(n.lo)*math.Ldexp(1, level(n.lo)-l-1) + count(n.hi)*math.Ldexp(1, level(n.hi)-l-1)
		memo[g] = c
		return c
	}
	return count(f) * math.Ldexp(1, level(f))
}

// Implies reports whether every completion of the cube c satisfies f,
// that is whether c -> f is valid. It takes time linear in the size of f.
func (m *Manager) Implies(c Cube, f Node) bool {
	if len(m.mark) < len(m.nodes) {
		m.mark = make([]uint32, len(m.nodes)+len(m.nodes)/2)
		m.stamp = 0
	}
	m.stamp++
	if m.stamp == 0 {
		clear(m.mark)
		m.stamp = 1
	}
	return m.implies(c, 0, f)
}

// implies follows the literals of c from index i down f. Nodes known to be
// implied are stamped, so each node is explored once per call: the index
// into c at a node is determined by the node's level.
func (m *Manager) implies(c Cube, i int, f Node) bool {
	for {
		switch f {
		case True:
			return true
		case False:
			return false
		}
		if m.mark[f] == m.stamp {
			return true
		}
		n := m.nodes[f]
		for i < len(c) && int32(c[i].Var) < n.level {
			i++
		}
		if i == len(c) {
			return false // only the constant True is implied by no literals
		}
		if int32(c[i].Var) == n.level {
			if c[i].Val {
				f = n.hi
			} else {
				f = n.lo
			}
			i++
			continue
		}
		if !m.implies(c, i, n.lo) || !m.implies(c, i, n.hi) {
			return false
		}
		m.mark[f] = m.stamp
		return true
	}
}

// Primes returns the prime implicants of f that are consistent with
// care: the cubes c such that c -> f, no cube with fewer literals of c
// implies f, and c and care have a common satisfying assignment. The
// result is every such cube, once each, in no particular order. With care
// [True] it is every prime implicant: for f [True] the single empty cube,
// for [False] none.
//
// It uses the recursive characterization of primes on the Shannon
// expansion f = x·f1 + x'·f0 (Coudert and Madre's, with explicit cube
// lists instead of a ZBDD): the primes of f are the primes of f0·f1, the
// cubes x·p for primes p of f1 that do not imply f0, and the cubes x'·p for
// primes p of f0 that do not imply f1. Carrying the care set along (its
// cofactors for x·p and x'·p, and care0 + care1 for the primes of f0·f1)
// keeps only the consistent primes at every step, so inconsistent ones
// are never built; a pair with no common point of f and care has none.
// Results are memoized per pair of nodes, and the primes of f0·f1 are
// shared, not copied, by the lists of f: when f0 implies f1 (as down a
// chain of disjunctions) a node costs a constant amount of work.
//
// A function can have exponentially many primes. If the result has more
// than maxCubes cubes or more than maxLits literals in all (either <= 0
// means no limit), or the Manager's node limit or budget is reached
// ([Manager.SetBudget]), Primes returns an error wrapping [ErrLimit] (or
// the error of the budget's done function).
func (m *Manager) Primes(f, care Node, maxCubes, maxLits int) ([]Cube, error) {
	if m.err != nil {
		return nil, m.err
	}
	p := primer{m: m, memo: make(map[uint64]int32), cells: []cell{{next: -1}}}
	root := p.primes(f, care)
	if m.err != nil {
		return nil, m.err
	}
	// Count the cubes and literals of the result before copying them out.
	cubes, lits := 0, 0
	for s := root; s >= 0; s = p.sets[s].next {
		for _, h := range p.sets[s].heads {
			cubes++
			lits += int(p.cells[h].len)
		}
		if maxCubes > 0 && cubes > maxCubes {
			return nil, fmt.Errorf("%w: more than %d prime implicants", ErrLimit, maxCubes)
		}
		if maxLits > 0 && lits > maxLits {
			return nil, fmt.Errorf("%w: more than %d literals in the prime implicants", ErrLimit, maxLits)
		}
	}
	if cubes == 0 {
		return nil, nil
	}
	all := make([]Lit, 0, lits)
	out := make([]Cube, 0, cubes)
	for s := root; s >= 0; s = p.sets[s].next {
		for _, h := range p.sets[s].heads {
			start := len(all)
			for c := h; c > 0; c = p.cells[c].next {
				all = append(all, p.cells[c].lit)
			}
			out = append(out, Cube(all[start:len(all):len(all)]))
		}
	}
	return out, nil
}

// primer holds the state of one call of Primes. Cubes are kept as linked
// lists of literals in cells, sorted by variable, so that a cube x·p
// shares the list of p: building it costs one cell. The primes of a pair
// of nodes are a set: its own cubes, then those of the set next (the
// primes of f0·f1, shared).
type primer struct {
	m     *Manager
	memo  map[uint64]int32 // the set of a pair (f, care)
	cells []cell
	sets  []primeSet
}

// primeSet is a list of cubes (heads of cell lists) followed by the
// cubes of the set next (-1: none).
type primeSet struct {
	heads []int32
	next  int32
}

// cell is a literal of a cube, the index of the next cell and the number
// of literals from this one on. Cell 0 ends every list: the empty cube is
// the head 0.
type cell struct {
	lit  Lit
	next int32
	len  int32
}

// noPrimes is the set index for an empty set of primes.
const noPrimes = -1

func (p *primer) primes(f, care Node) int32 {
	m := p.m
	if m.err != nil || f == False || care == False {
		return noPrimes
	}
	key := uint64(f)<<32 | uint64(care)
	if s, ok := p.memo[key]; ok {
		return s
	}
	if f == True {
		// The empty cube, consistent since care is not False.
		p.sets = append(p.sets, primeSet{heads: []int32{0}, next: noPrimes})
		s := int32(len(p.sets) - 1)
		p.memo[key] = s
		return s
	}
	if !m.spend(1) || m.And(f, care) == False {
		// No point of care satisfies f: no consistent implicant.
		p.memo[key] = noPrimes
		return noPrimes
	}
	nf, nc := m.nodes[f], m.nodes[care]
	level := min(nf.level, nc.level)
	f0, f1, c0, c1 := f, f, care, care
	if nf.level == level {
		f0, f1 = nf.lo, nf.hi
	}
	if nc.level == level {
		c0, c1 = nc.lo, nc.hi
	}
	both := m.And(f0, f1)
	shared := p.primes(both, m.Or(c0, c1))
	var heads []int32
	if both != f1 { // f1 does not imply f0: some x·q may be prime
		for s := p.primes(f1, c1); s >= 0; s = p.sets[s].next {
			for _, h := range p.sets[s].heads {
				if !p.implies(h, f0) {
					heads = append(heads, p.cons(Lit{Var: int(level), Val: true}, h))
				}
			}
		}
	}
	if both != f0 {
		for s := p.primes(f0, c0); s >= 0; s = p.sets[s].next {
			for _, h := range p.sets[s].heads {
				if !p.implies(h, f1) {
					heads = append(heads, p.cons(Lit{Var: int(level), Val: false}, h))
				}
			}
		}
	}
	if m.err != nil {
		return noPrimes
	}
	res := shared
	if len(heads) > 0 {
		p.sets = append(p.sets, primeSet{heads: heads, next: shared})
		res = int32(len(p.sets) - 1)
	}
	p.memo[key] = res
	return res
}

func (p *primer) cons(l Lit, next int32) int32 {
	p.m.spend(1)
	p.cells = append(p.cells, cell{lit: l, next: next, len: p.cells[next].len + 1})
	return int32(len(p.cells) - 1)
}

// implies is [Manager.Implies] for the cube in the list at head.
func (p *primer) implies(head int32, f Node) bool {
	m := p.m
	if len(m.mark) < len(m.nodes) {
		m.mark = make([]uint32, len(m.nodes)+len(m.nodes)/2)
		m.stamp = 0
	}
	m.stamp++
	if m.stamp == 0 {
		clear(m.mark)
		m.stamp = 1
	}
	visits := 0
	r := p.impliesFrom(head, f, &visits)
	m.spend(int64(visits))
	return r
}

func (p *primer) impliesFrom(c int32, f Node, visits *int) bool {
	m := p.m
	for {
		*visits++
		switch f {
		case True:
			return true
		case False:
			return false
		}
		if m.mark[f] == m.stamp {
			return true
		}
		n := m.nodes[f]
		for c > 0 && int32(p.cells[c].lit.Var) < n.level {
			c = p.cells[c].next
		}
		if c <= 0 {
			// No literal left: only the constant True is implied, and f,
			// a reduced non-terminal node, is not constant.
			return false
		}
		if int32(p.cells[c].lit.Var) == n.level {
			if p.cells[c].lit.Val {
				f = n.hi
			} else {
				f = n.lo
			}
			c = p.cells[c].next
			continue
		}
		if !p.impliesFrom(c, n.lo, visits) || !p.impliesFrom(c, n.hi, visits) {
			return false
		}
		m.mark[f] = m.stamp
		return true
	}
}
