package conditions

import (
	"fmt"
	mathbits "math/bits"
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/bdd"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The analysis of Takes for a residual whose atoms all compare one fact
// with constants (x > 5 or x == 0 or ...), without a BDD.
//
// The candidate values of the fact ([theoryCandidates]), sorted, stand for
// the regions of its domain that the constants delimit: every atom is
// constant on each region, so a region is good when the condition has the
// wanted value there. The truth set of a literal (an atom with a truth
// value) is a set of regions of one of four shapes: a prefix (x < c true,
// x > c false, ...), a suffix, a single point (x == c true, x != c false)
// or all but a point (x == c false, x != c true). A cube is sufficient
// when the intersection of its literals' sets holds only good regions, and
// consistent when it is not empty. A minimal one is therefore either
//
//   - one point literal whose point is good, or
//   - at most one suffix literal [a, R) and at most one prefix literal
//     [0, b), such that [a, b) holds a good region and no bad region
//     except points that all-but-a-point literals can remove; one such
//     literal for each bad point in [a, b); the suffix literal only if
//     [0, a) holds a bad region (else dropping it keeps the cube
//     sufficient), the prefix literal only if [b, R) does.
//
// (Two suffix or two prefix literals are never both needed, a point
// literal needs no other, and a removal of a good point or of a point
// outside [a, b) can be dropped.) These are exactly the primes of C -> F
// consistent with C that the BDD finds, in time about n log n in the
// number of atoms, plus the size of the answer.

// oneFactLit is a literal of the atom with index atom, with truth value
// val, whose truth set has a shape and a region index q: a prefix [0, q),
// a suffix [q, R), the point q, or all but the point q.
type oneFactLit struct {
	atom  int
	val   bool
	shape uint8
	q     int
}

const (
	shapePrefix uint8 = iota
	shapeSuffix
	shapePoint
	shapeAllBut
)

// takesOneFact returns the cubes that answer Takes when the atoms of s
// are all simple atoms over one fact and the value of the residual root
// on each region can be computed; ok is false otherwise, and the BDD is
// used. want is True or False. The cubes are over atom indices; more than
// maxCubes cubes or maxLits literals in all is a limit error (wrapping
// bdd.ErrLimit, as Primes reports it).
func takesOneFact(s *atomSet, root ast.Node, want Truth, maxCubes, maxLits int) (cubes []bdd.Cube, ok bool, err error) {
	if len(s.atoms) == 0 {
		return nil, false, nil
	}
	fact := s.atoms[0].fact
	idx := make([]int, len(s.atoms))
	for i := range s.atoms {
		if a := &s.atoms[i]; !a.simple || a.fact != fact {
			return nil, false, nil
		}
		idx[i] = i
	}
	cands, ok := theoryCandidates(nil, s.atoms, idx)
	if !ok {
		return nil, false, nil
	}
	less := func(a, b ast.Value) int {
		if a.Kind == ast.KindBool {
			return cmpOrder(sem.OrderInt(b2i(a.B), b2i(b.B)))
		}
		o, _ := sem.Outcome(a, b)
		return cmpOrder(o)
	}
	for _, v := range cands {
		if o, _ := sem.Outcome(v, v); o != sem.Equal {
			return nil, false, nil // a NaN: no total order
		}
	}
	slices.SortFunc(cands, less)
	cands = slices.CompactFunc(cands, func(a, b ast.Value) bool { return less(a, b) == 0 })
	nr := len(cands)

	// The literals of each atom.
	lits := make([]oneFactLit, 0, 2*len(s.atoms))
	for i := range s.atoms {
		a := &s.atoms[i]
		q, found := slices.BinarySearchFunc(cands, a.val, less)
		if !found {
			return nil, false, nil
		}
		// The shape of the truth set of the atom when true, and of its
		// negation.
		var tShape, fShape uint8
		tq, fq := q, q
		switch a.op {
		case ast.OpLt: // [0, q)
			tShape, fShape = shapePrefix, shapeSuffix
		case ast.OpLe: // [0, q+1)
			tShape, fShape, tq, fq = shapePrefix, shapeSuffix, q+1, q+1
		case ast.OpGt: // [q+1, R)
			tShape, fShape, tq, fq = shapeSuffix, shapePrefix, q+1, q+1
		case ast.OpGe:
			tShape, fShape = shapeSuffix, shapePrefix
		case ast.OpEq:
			tShape, fShape = shapePoint, shapeAllBut
		case ast.OpNe:
			tShape, fShape = shapeAllBut, shapePoint
		default:
			return nil, false, nil
		}
		lits = append(lits, oneFactLit{i, true, tShape, tq}, oneFactLit{i, false, fShape, fq})
	}

	// The value of the condition on every region, as a set of regions.
	truth := make([]bool, nr)
	w := oneFactEval{s: s, cands: cands, lits: lits, n: nr}
	good, ok := w.eval(root)
	if !ok {
		return nil, false, nil
	}
	for r := range nr {
		truth[r] = good.has(r)
	}
	if want == False {
		for r := range truth {
			truth[r] = !truth[r]
		}
	}
	return oneFactPrimes(truth, lits, maxCubes, maxLits)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// oneFactPrimes returns the minimal consistent sufficient cubes for the
// good regions truth, as described above.
func oneFactPrimes(good []bool, lits []oneFactLit, maxCubes, maxLits int) ([]bdd.Cube, bool, error) {
	nr := len(good)
	// removers[q] lists the all-but-a-point literals of the point q.
	removers := map[int][]bdd.Lit{}
	for _, l := range lits {
		if l.shape == shapeAllBut {
			removers[l.q] = append(removers[l.q], bdd.Lit{Var: l.atom, Val: l.val})
		}
	}
	// hard[r]: r is bad and no literal removes it. Prefix counts of bad,
	// hard and good regions.
	badBefore := make([]int, nr+1)
	hardBefore := make([]int, nr+1)
	goodBefore := make([]int, nr+1)
	for r := range nr {
		bad := !good[r]
		hard := bad && len(removers[r]) == 0
		badBefore[r+1] = badBefore[r] + b2int(bad)
		hardBefore[r+1] = hardBefore[r] + b2int(hard)
		goodBefore[r+1] = goodBefore[r] + b2int(!bad)
	}
	if badBefore[nr] == 0 {
		return []bdd.Cube{{}}, true, nil // good everywhere: nothing to assign
	}
	if goodBefore[nr] == 0 {
		return nil, true, nil
	}
	var out []bdd.Cube
	total := 0
	add := func(c bdd.Cube) error {
		slices.SortFunc(c, func(x, y bdd.Lit) int { return x.Var - y.Var })
		out = append(out, c)
		total += len(c)
		if maxCubes > 0 && len(out) > maxCubes {
			return errPrimes("more than %d prime implicants", maxCubes)
		}
		if maxLits > 0 && total > maxLits {
			return errPrimes("more than %d literals in the prime implicants", maxLits)
		}
		return nil
	}
	for _, l := range lits {
		if l.shape == shapePoint && l.q < nr && good[l.q] {
			if err := add(bdd.Cube{{Var: l.atom, Val: l.val}}); err != nil {
				return nil, true, err
			}
		}
	}
	// Bounds: suffix literals (a, or none at 0) and prefix literals (b, or
	// none at R), the prefixes sorted by b.
	type bound struct {
		q   int
		lit bdd.Lit
		set bool // false: no literal
	}
	sufs := []bound{{q: 0}}
	pres := []bound{}
	for _, l := range lits {
		switch l.shape {
		case shapeSuffix:
			sufs = append(sufs, bound{l.q, bdd.Lit{Var: l.atom, Val: l.val}, true})
		case shapePrefix:
			pres = append(pres, bound{l.q, bdd.Lit{Var: l.atom, Val: l.val}, true})
		}
	}
	slices.SortFunc(pres, func(x, y bound) int { return x.q - y.q })
	var bads []int // the bad regions, in order
	for r := range nr {
		if !good[r] {
			bads = append(bads, r)
		}
	}
	lastBad := bads[len(bads)-1]
	for _, L := range sufs {
		a := L.q
		if a >= nr || L.set && badBefore[a] == 0 {
			continue // empty, or the suffix literal is not needed
		}
		// The interval [a, b) must hold a good region (b > g) and no hard
		// bad one (b <= h).
		g := a + sortSearch(nr-a, func(k int) bool { return goodBefore[a+k+1] > goodBefore[a] })
		h := a + sortSearch(nr-a, func(k int) bool { return hardBefore[a+k+1] > hardBefore[a] })
		if g >= h {
			continue
		}
		emit := func(b int, U bound) error {
			cube := bdd.Cube{}
			if L.set {
				cube = append(cube, L.lit)
			}
			if U.set {
				cube = append(cube, U.lit)
			}
			// One remover for each bad point in [a, b): every combination.
			i, _ := slices.BinarySearch(bads, a)
			j, _ := slices.BinarySearch(bads, b)
			return oneFactCombine(cube, bads[i:j], removers, add)
		}
		// Prefix literals with b in (g, min(h, lastBad+1)]: the prefix
		// literal is needed when [b, R) holds a bad region.
		lo, _ := slices.BinarySearchFunc(pres, g+1, func(x bound, q int) int { return x.q - q })
		for _, U := range pres[lo:] {
			if U.q > h || U.q > lastBad {
				break
			}
			if err := emit(U.q, U); err != nil {
				return nil, true, err
			}
		}
		if h == nr { // no prefix literal: [a, R)
			if err := emit(nr, bound{q: nr}); err != nil {
				return nil, true, err
			}
		}
	}
	return out, true, nil
}

// oneFactCombine calls add with cube extended by one remover of each of
// points, for every choice.
func oneFactCombine(cube bdd.Cube, points []int, removers map[int][]bdd.Lit, add func(bdd.Cube) error) error {
	if len(points) == 0 {
		return add(slices.Clone(cube))
	}
	for _, l := range removers[points[0]] {
		if err := oneFactCombine(append(cube, l), points[1:], removers, add); err != nil {
			return err
		}
	}
	return nil
}

func b2int(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sortSearch is sort.Search: the least k in [0, n) with f(k), or n.
func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// errPrimes is a limit error of the answer, as [bdd.Manager.Primes]
// reports it.
func errPrimes(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{bdd.ErrLimit}, args...)...)
}

// cmpOrder turns an outcome of [sem.Outcome] into -1, 0 or 1.
func cmpOrder(o sem.Order) int {
	switch o {
	case sem.Less:
		return -1
	case sem.Equal:
		return 0
	}
	return 1
}

// regionSet is a set of regions, one bit each.
type regionSet []uint64

func (s regionSet) has(r int) bool { return s[r>>6]>>(r&63)&1 == 1 }

// oneFactEval computes the set of regions where a node of the residual
// is true. It keeps one scratch set per level of nesting, so that its
// memory is that of a few sets, not one per node.
type oneFactEval struct {
	s       *atomSet
	cands   []ast.Value
	lits    []oneFactLit
	n       int // regions
	scratch []regionSet
}

func (w *oneFactEval) empty() regionSet { return make(regionSet, (w.n+63)/64) }

// eval returns the regions where root is true; ok is false for a node it
// does not know.
func (w *oneFactEval) eval(root ast.Node) (regionSet, bool) {
	out := w.empty()
	return out, w.into(root, out, 0)
}

// into sets dst, which is empty, to the regions where n is true, using
// the scratch sets from depth on.
func (w *oneFactEval) into(n ast.Node, dst regionSet, depth int) bool {
	switch n := n.(type) {
	case nil:
		dst.fill(0, w.n)
		return true
	case *ast.Tagged:
		return w.into(n.X, dst, depth)
	case *ast.Lit:
		if n.Val.Kind == ast.KindBool && n.Val.B {
			dst.fill(0, w.n)
		}
		return true
	case *ast.Logic:
		if !w.into(n.Args[0], dst, depth) {
			return false
		}
		and := n.Op == ast.OpAnd
		for _, a := range n.Args[1:] {
			// An atom joins dst in place; anything else goes through a
			// scratch set.
			if i, ok := w.s.byNode[a]; ok {
				w.lits[2*i].join(dst, w.n, and)
				continue
			}
			x := w.scratchAt(depth)
			if !w.into(a, x, depth+1) {
				return false
			}
			for k := range dst {
				if and {
					dst[k] &= x[k]
				} else {
					dst[k] |= x[k]
				}
			}
		}
		return true
	case *ast.AtLeast:
		count := make([]int32, w.n)
		for _, a := range n.Args {
			x := w.scratchAt(depth)
			if !w.into(a, x, depth+1) {
				return false
			}
			for word, bits := range x {
				for bits != 0 {
					count[word<<6|mathbits.TrailingZeros64(bits)]++
					bits &= bits - 1
				}
			}
		}
		for r, c := range count {
			if int(c) >= n.K {
				dst[r>>6] |= 1 << (r & 63)
			}
		}
		return true
	case *ast.Unary:
		if n.Op == ast.OpNot {
			if !w.into(n.X, dst, depth) {
				return false
			}
			for k := range dst {
				dst[k] = ^dst[k]
			}
			dst.clearFrom(w.n)
			return true
		}
	}
	i, found := w.s.byNode[n]
	if !found {
		return false
	}
	// The truth set of atom i: that of its literal with value true.
	w.lits[2*i].join(dst, w.n, false)
	return true
}

// scratchAt returns the empty scratch set of depth.
func (w *oneFactEval) scratchAt(depth int) regionSet {
	for len(w.scratch) <= depth {
		w.scratch = append(w.scratch, w.empty())
	}
	x := w.scratch[depth]
	clear(x)
	return x
}

// join combines the truth set of l (over n regions) into dst: dst & set
// when and, else dst | set.
func (l oneFactLit) join(dst regionSet, n int, and bool) {
	// The set is [lo, hi), or all but [lo, hi).
	lo, hi, but := 0, l.q, false
	switch l.shape {
	case shapeSuffix:
		lo, hi = l.q, n
	case shapePoint:
		lo, hi = l.q, l.q+1
	case shapeAllBut:
		lo, hi, but = l.q, l.q+1, true
	}
	switch {
	case !and && !but:
		dst.fill(lo, hi)
	case !and && but:
		dst.fill(0, lo)
		dst.fill(hi, n)
	case and && !but:
		dst.clearRange(0, lo)
		dst.clearRange(hi, n)
	default:
		dst.clearRange(lo, hi)
	}
}

// fill adds the regions [from, to) to s, a word at a time.
func (s regionSet) fill(from, to int) {
	for from < to {
		word, bit := from>>6, from&63
		n := min(64-bit, to-from)
		s[word] |= ^uint64(0) >> (64 - n) << bit
		from += n
	}
}

// clearRange removes the regions [from, to) from s.
func (s regionSet) clearRange(from, to int) {
	for from < to {
		word, bit := from>>6, from&63
		n := min(64-bit, to-from)
		s[word] &^= ^uint64(0) >> (64 - n) << bit
		from += n
	}
}

// clearFrom removes the bits from n on, past the last region.
func (s regionSet) clearFrom(n int) { s.clearRange(n, len(s)*64) }
