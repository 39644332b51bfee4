package conditions

import (
	"math"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The comparisons of the normal form (see nfProg): keys, a number or date
// slot against a constant as an interval of order keys, and exprs,
// numbers with at most one operation that cannot fail on each side.

// cmpItem is the comparison of a number or date slot with a constant, in
// a normal form: it holds when the slot's order key
// (see orderKey) is in [lo, lo+span], computed modulo 2^64, so that the
// interval can wrap around (for !=).
type cmpItem struct {
	slot     int32 // for its known bit, in bitset bt
	ki       int32 // the index of its key in Values.sc
	lo, span uint64
}

// knownMask returns the word of the bitsets with the slots and the mask of
// those slots, if they are all in one word (word 0 if there are none);
// otherwise -1. (The bit of a slot that is not a bool's in bitset bt says
// whether it is known.)
func knownMask(slots []int32) (w int32, mask uint64) {
	if len(slots) == 0 {
		return 0, 0
	}
	w = -1
	for _, s := range slots {
		if w >= 0 && s>>6 != w {
			return -1, 0
		}
		w = s >> 6
		mask |= 1 << (s & 63)
	}
	return w, mask
}

// itemSlots returns the slots of items.
func itemSlots(items []cmpItem) []int32 {
	slots := make([]int32, len(items))
	for i, it := range items {
		slots[i] = it.slot
	}
	return slots
}

// exprItem is a comparison of number or date operands that cannot fail,
// in a normal form: it holds when l <rel> r is not
// inv (see relOf).
type exprItem struct {
	rel, inv uint8
	l, r     numTerm
}

// Relations of exprItem.
const (
	relLt uint8 = iota
	relLe
	relEq
	relGt
	relGe
)

// relOf returns the relation and its negation, inv, whose outcomes as Go
// comparisons of float64 values are those of the accept mask m, NaNs
// included: a comparison with a NaN is false, and its negation true.
func relOf(m uint8) (rel, inv uint8) {
	const l, e, g, u = 1 << sem.Less, 1 << sem.Equal, 1 << sem.Greater, 1 << sem.Unordered
	for _, r := range [...]struct {
		m, rel uint8
	}{{l, relLt}, {l | e, relLe}, {e, relEq}, {g, relGt}, {g | e, relGe}} {
		switch m {
		case r.m:
			return r.rel, 0
		case r.m ^ (l | e | g | u):
			return r.rel, 1
		}
	}
	return 0, 2 // no such relation (acceptMask makes none)
}

// numTerm is an operand of an exprItem: the number of slot xs, at index xi
// of Values.sc, or the constant xk if xs is negative; or if op is not 0,
// that number op the one of ys, yi or yk, an operation that cannot fail.
type numTerm struct {
	op     ast.Op
	xs, ys int32
	xi, yi int32
	xk, yk float64
}

// keyRange returns, for the accept mask m of the comparison of a number
// that is never NaN with the constant k, the interval of the order keys of
// the numbers for which it holds, as in cmpItem. (A NaN k is unordered
// with every number.)
func keyRange(m uint8, k float64) (lo, span uint64) {
	const all = 1<<64 - 1
	interval := func(lo, hi uint64) (uint64, uint64) { return lo, hi - lo }
	if k != k {
		if m>>sem.Unordered&1 == 0 {
			// Never: the key of a NaN is no number's.
			return interval(math.Float64bits(math.NaN())|1<<63, math.Float64bits(math.NaN())|1<<63)
		}
		return interval(0, all)
	}
	key := orderKey(k)
	switch m &^ (1 << sem.Unordered) {
	case 1 << sem.Less:
		return interval(0, key-1)
	case 1<<sem.Less | 1<<sem.Equal:
		return interval(0, key)
	case 1 << sem.Greater:
		return interval(key+1, all)
	case 1<<sem.Greater | 1<<sem.Equal:
		return interval(key, all)
	case 1 << sem.Equal:
		return interval(key, key)
	case 1<<sem.Less | 1<<sem.Greater:
		return interval(key+1, key-1) // wraps around: all but key
	case 1<<sem.Less | 1<<sem.Equal | 1<<sem.Greater:
		return interval(0, all)
	}
	return keyRange(0, math.NaN()) // never
}

// knownBit returns 1 if slot s, not a bool one, is known in the words sc
// of a [Values], else 0.
func knownBit(sc []uint64, s int32) uint64 { return sc[s>>6] >> (s & 63) & 1 }

// test returns whether the operands of it are known in sc (k) and
// whether it holds if they are (h).
func (it *exprItem) test(sc []uint64) (k, h uint64) {
	k = 1
	if it.l.xs >= 0 {
		k &= knownBit(sc, it.l.xs)
	}
	if it.l.ys >= 0 {
		k &= knownBit(sc, it.l.ys)
	}
	if it.r.xs >= 0 {
		k &= knownBit(sc, it.r.xs)
	}
	if it.r.ys >= 0 {
		k &= knownBit(sc, it.r.ys)
	}
	return k, b2u64(it.holds(sc))
}

// holds reports whether it holds over sc, where its operands are known
// (if they are not, the answer is garbage).
func (it *exprItem) holds(sc []uint64) bool {
	return it.holdsNums(numValue(sc, it.l.xs, it.l.xi, it.l.xk), numValue(sc, it.l.ys, it.l.yi, it.l.yk),
		numValue(sc, it.r.xs, it.r.xi, it.r.xk), numValue(sc, it.r.ys, it.r.yi, it.r.yk))
}

// holdsNums reports whether it holds when the numbers of the slots of its
// operands are lx, ly (l.xs, l.ys) and rx, ry (r.xs, r.ys); the number of
// a constant operand, or of one that is not there, is ignored.
func (it *exprItem) holdsNums(lx, ly, rx, ry float64) bool {
	return relHolds(it.rel, it.l.value(lx, ly), it.r.value(rx, ry)) != (it.inv != 0)
}

// value returns the number of t when the numbers of its slots xs and ys
// are x and y.
func (t *numTerm) value(x, y float64) float64 {
	if t.xs < 0 {
		x = t.xk
	}
	if t.op != 0 {
		if t.ys < 0 {
			y = t.yk
		}
		x = sem.Arith(t.op, x, y)
	}
	return x
}

// relHolds reports whether x <rel> y.
func relHolds(rel uint8, x, y float64) bool {
	switch rel {
	case relLt:
		return x < y
	case relLe:
		return x <= y
	case relEq:
		return x == y
	case relGt:
		return x > y
	}
	return x >= y
}

// numValue returns the number at index i of sc, if s is not negative,
// else k.
func numValue(sc []uint64, s, i int32, k float64) float64 {
	if s < 0 {
		return k
	}
	return math.Float64frombits(sc[i])
}

// b2u64 returns 1 if b is true, else 0.
func b2u64(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
}
