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
// A Manager bounds the number of nodes it creates. Once an operation would
// exceed the bound, the Manager records [ErrLimit] (see [Manager.Err]) and
// every later operation returns [False] at once; callers build their
// functions and then check Err once.
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
}

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

// NumVars returns the number of variables of m.
func (m *Manager) NumVars() int { return m.nvars }

// Size returns the number of nodes m has created, including the two
// terminals.
func (m *Manager) Size() int { return len(m.nodes) }

// Err returns [ErrLimit] (wrapped with the limit) once an operation has
// exceeded the node limit, and nil before.
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
		if i < len(c) && int32(c[i].Var) == n.level {
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

// Primes returns the prime implicants of f: the cubes c such that c -> f
// and no cube with fewer literals of c implies f. The result is every such
// cube, once each, in no particular order. For [True] it is the single
// empty cube; for [False] it is empty.
//
// It uses the recursive characterization of primes on the Shannon
// expansion f = x·f1 + x'·f0 (Coudert and Madre's, with explicit cube
// lists instead of a ZBDD): the primes of f are the primes of f0·f1, the
// cubes x·p for primes p of f1 that do not imply f0, and the cubes x'·p for
// primes p of f0 that do not imply f1. Results are memoized per node.
//
// A function can have exponentially many primes. If more than maxCubes
// cubes are produced along the way (maxCubes <= 0 means no limit), or the
// Manager's node limit is reached, Primes returns an error wrapping
// [ErrLimit].
func (m *Manager) Primes(f Node, maxCubes int) ([]Cube, error) {
	if m.err != nil {
		return nil, m.err
	}
	p := primer{m: m, memo: make(map[Node][]int32), max: maxCubes}
	heads := p.primes(f)
	if p.err != nil {
		return nil, p.err
	}
	if m.err != nil {
		return nil, m.err
	}
	if len(heads) == 0 {
		return nil, nil
	}
	// Copy the shared lists out into cubes over one backing array.
	total := 0
	for _, h := range heads {
		for c := h; c >= 0; c = p.cells[c].next {
			total++
		}
	}
	lits := make([]Lit, 0, total)
	cubes := make([]Cube, len(heads))
	for i, h := range heads {
		start := len(lits)
		for c := h; c >= 0; c = p.cells[c].next {
			lits = append(lits, p.cells[c].lit)
		}
		cubes[i] = Cube(lits[start:len(lits):len(lits)])
	}
	return cubes, nil
}

// primer holds the state of one call of Primes. Cubes are kept as linked
// lists of literals in cells, sorted by variable, so that a cube x·p
// shares the list of p: building it costs one cell.
type primer struct {
	m     *Manager
	memo  map[Node][]int32 // the primes of a node, as list heads
	cells []cell
	heads []int32 // backing store of the memo's slices
	count int
	max   int
	err   error
}

// cell is a literal of a cube and the index of the next cell, -1 at the
// end. The empty cube is the head -1.
type cell struct {
	lit  Lit
	next int32
}

var trueOnly = []int32{-1}

func (p *primer) primes(f Node) []int32 {
	switch f {
	case False:
		return nil
	case True:
		return trueOnly
	}
	if cs, ok := p.memo[f]; ok {
		return cs
	}
	if p.err != nil || p.m.err != nil {
		return nil
	}
	m := p.m
	n := m.nodes[f]
	f0, f1 := n.lo, n.hi
	both := p.primes(m.And(f0, f1))
	hi := p.primes(f1)
	lo := p.primes(f0)
	if p.err != nil || m.err != nil {
		return nil
	}
	start := len(p.heads)
	p.heads = append(p.heads, both...)
	for _, c := range hi {
		if !p.implies(c, f0) {
			p.heads = append(p.heads, p.cons(Lit{Var: int(n.level), Val: true}, c))
		}
	}
	for _, c := range lo {
		if !p.implies(c, f1) {
			p.heads = append(p.heads, p.cons(Lit{Var: int(n.level), Val: false}, c))
		}
	}
	res := p.heads[start:len(p.heads):len(p.heads)]
	p.count += len(res) - len(both)
	if p.max > 0 && p.count > p.max {
		p.err = fmt.Errorf("%w: more than %d prime implicants", ErrLimit, p.max)
		return nil
	}
	p.memo[f] = res
	return res
}

func (p *primer) cons(l Lit, next int32) int32 {
	p.cells = append(p.cells, cell{lit: l, next: next})
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
	return p.impliesFrom(head, f)
}

func (p *primer) impliesFrom(c int32, f Node) bool {
	m := p.m
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
		for c >= 0 && int32(p.cells[c].lit.Var) < n.level {
			c = p.cells[c].next
		}
		if c >= 0 && int32(p.cells[c].lit.Var) == n.level {
			if p.cells[c].lit.Val {
				f = n.hi
			} else {
				f = n.lo
			}
			c = p.cells[c].next
			continue
		}
		if !p.impliesFrom(c, n.lo) || !p.impliesFrom(c, n.hi) {
			return false
		}
		m.mark[f] = m.stamp
		return true
	}
}
