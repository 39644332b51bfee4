package conditions

import (
	"slices"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// The lookup plan as straight-line code: how [Program.EvalFacts] runs.
//
// The tree of the plan (lazyNode) is compiled once more, to a list of
// instructions with jumps: each leaf looks its facts up, computes its
// Truth and jumps to one of three successors, the one for its value.
// "and", "or" and "not" leave no instruction of their own: they are the
// jumps. In "a and b", a false a jumps to where the "and" goes when it
// is false, and a true a jumps to b. This is the code a Go compiler makes
// of a && b, but three-valued: an unknown operand of an "and" does not
// stop it, but makes its result unknown unless an operand after it is
// false. The code remembers it in a bit of a flags word, one bit for each
// depth of nesting: the unknown operand sets it and jumps to the next
// operand, and after the last operand an instruction turns a true result
// into an unknown one if the bit is set ("or" is the same with true and
// false swapped). So evaluating the condition is a loop over the leaves
// that the short-circuits reach, in the order of the text, and little
// else: no recursion, no result passed up through each level.
//
// Each "and" and "or" has a bit of its own when there are at most 64 of
// them: every bit is then clear when the evaluation starts and set at most
// once. With more, the bit is that of the depth of nesting, and an
// instruction clears it where the "and" or "or" starts.
//
// What the code does not do itself, it hands to the tree evaluator
// (lazyEval.eval): atleast, units, "and"s and "or"s nested deeper than
// the flags word has bits, and an evaluation that met an invalid value
// (run again by the tree, recording the facts it looks up, for the
// error).

// Instructions of flatCode.
const (
	flBool  uint8 = iota // a bool fact
	flKey                // a number or date fact compared with a constant
	flExpr               // lazyPlan.exprs[idx]
	flStr                // lazyPlan.strs[idx]
	flClear              // clears the bits of mask, then goes to to[0]
	flEnd                // norm, or Unknown if a bit of mask is set
	flNode               // the tree evaluator on node idx
	flSeq                // operands of an "and" or "or" that are simple tests: seq[idx:hi]
)

// flatIns is an instruction of flatCode.
type flatIns struct {
	op   uint8
	typ  Type  // flKey: the fact's type
	norm Truth // flEnd
	m    uint8 // flBool, flKey: the map to look name up in (see lookMaps)
	idx  int32 // flExpr, flStr, flNode, flSeq
	hi   int32 // flSeq
	// to is where to go next, by the Truth computed (Unknown, False,
	// True): an instruction, or the result -1-t if negative.
	to [3]int32
	// fast is to, but past the flEnd instructions it would go through
	// on its way: where to go while no bit of the flags is set (no
	// operand has been unknown), when every flEnd gives its norm.
	fast [3]int32
	// uset is set in the flags when the Truth is Unknown: the bit of the
	// enclosing "and" or "or" that is to remember it.
	uset     uint64
	mask     uint64 // flClear, flEnd, flSeq
	name     string // flBool, flKey
	key, spn uint64 // flKey
}

// flatCode is the lookup plan as instructions; entry is the first one, or
// the result -1-t if negative (a constant condition).
type flatCode struct {
	code  []flatIns
	seq   []seqTest
	entry int32
}

// seqTest is an operand of a flSeq: a bool fact, or a number or date fact
// compared with a constant (typ Number or Date, see lazyNode), perhaps
// negated; the "and" or "or" stops when its test gives stop.
type seqTest struct {
	name     string
	m        uint8 // the map to look name up in
	typ      Type
	stop     bool
	key, spn uint64
}

// exitTo is a successor of an instruction: where to go, and for an
// Unknown result the flag bits to set.
type exitTo struct {
	pc  int32
	set uint64
}

// done returns the successor that ends the evaluation with t.
func done(t Truth) exitTo { return exitTo{pc: -1 - int32(t)} }

// flatten compiles the plan lz to flatCode.
func flatten(lz *lazyPlan) flatCode {
	b := &flatBuilder{lz: lz}
	n := 0
	for i := range lz.nodes {
		if op := lz.nodes[i].op; (op == lzAnd || op == lzOr) && lz.nodes[i].hi-lz.nodes[i].lo > 1 {
			n++
		}
	}
	b.byDepth = n > 64
	// Instructions are made last first, so that the successors of each
	// are known when it is made, and reversed at the end.
	entry := b.node(0, [3]exitTo{done(Unknown), done(False), done(True)}, 0)
	last := int32(len(b.code) - 1)
	remap := func(pc int32) int32 {
		if pc < 0 {
			return pc
		}
		return last - pc
	}
	slices.Reverse(b.code)
	for i := range b.code {
		for j, pc := range b.code[i].to {
			b.code[i].to[j] = remap(pc)
		}
	}
	for i := range b.code {
		in := &b.code[i]
		for j, pc := range in.to {
			for pc >= 0 && b.code[pc].op == flEnd {
				pc = b.code[pc].to[b.code[pc].norm]
			}
			in.fast[j] = pc
		}
	}
	return flatCode{code: slices.Clip(b.code), seq: slices.Clip(b.seq), entry: remap(entry)}
}

type flatBuilder struct {
	lz      *lazyPlan
	code    []flatIns
	seq     []seqTest
	byDepth bool // a bit per depth of nesting, else per "and" or "or"
	bits    int  // the bits given to an "and" or "or" so far, if not byDepth
}

// emit appends in, going to ex, and returns its number.
func (b *flatBuilder) emit(in flatIns, ex [3]exitTo) int32 {
	for t, x := range ex {
		in.to[t] = x.pc
	}
	in.uset = ex[Unknown].set
	b.code = append(b.code, in)
	return int32(len(b.code) - 1)
}

// node compiles node i, at nesting depth d, to go to ex[t] when its value
// is t, and returns where it starts. Only ex[Unknown] may set flags.
func (b *flatBuilder) node(i int32, ex [3]exitTo, d int) int32 {
	n := &b.lz.nodes[i]
	switch n.op {
	case lzConst:
		return ex[n.k].pc // True or False, which set no flags
	case lzNot:
		return b.node(b.lz.kids[n.lo], [3]exitTo{ex[Unknown], ex[True], ex[False]}, d)
	case lzFact:
		return b.emit(flatIns{op: flBool, m: n.m, name: n.name}, ex)
	case lzKey:
		return b.emit(flatIns{op: flKey, m: n.m, name: n.name, typ: n.typ, key: n.key, spn: n.spn}, ex)
	case lzExpr:
		return b.emit(flatIns{op: flExpr, idx: n.k}, ex)
	case lzStr:
		return b.emit(flatIns{op: flStr, idx: n.k}, ex)
	case lzAnd, lzOr:
		if !b.byDepth || d < 64 {
			return b.logic(n, ex, d)
		}
	}
	return b.emit(flatIns{op: flNode, idx: i}, ex)
}

// logic compiles the "and" or "or" n at depth d (see node).
func (b *flatBuilder) logic(n *lazyNode, ex [3]exitTo, d int) int32 {
	stop, norm := False, True // and: stops at false; true unless an operand is not
	if n.op == lzOr {
		stop, norm = True, False
	}
	kids := b.lz.kids[n.lo:n.hi]
	switch len(kids) {
	case 0:
		return ex[norm].pc
	case 1:
		return b.node(kids[0], ex, d)
	}
	bit := uint64(1) << d
	if !b.byDepth {
		bit = 1 << b.bits
		b.bits++
	}
	next := b.emit(flatIns{op: flEnd, norm: norm, mask: bit}, [3]exitTo{ex[Unknown], ex[norm], ex[norm]})
	for j := len(kids) - 1; j >= 0; j-- {
		// Operands that are simple tests, two or more in a row, make one
		// instruction that tests them in a loop. An unknown one sets the
		// bit and the loop goes on, also for the last operand: flEnd
		// then makes the result unknown.
		i := j
		for i > 0 && b.simple(kids[i-1]) && b.simple(kids[j]) {
			i--
		}
		if i < j {
			lo := int32(len(b.seq))
			for _, k := range kids[i : j+1] {
				b.seqTest(k, stop == True, false)
			}
			var sx [3]exitTo // never Unknown
			sx[stop], sx[norm] = ex[stop], exitTo{pc: next}
			next = b.emit(flatIns{op: flSeq, norm: norm, mask: bit, idx: lo, hi: int32(len(b.seq))}, sx)
			j = i
			continue
		}
		var kx [3]exitTo
		kx[stop] = ex[stop]
		kx[norm] = exitTo{pc: next}
		kx[Unknown] = exitTo{pc: next, set: bit}
		if j == len(kids)-1 {
			kx[Unknown] = ex[Unknown] // unknown whatever came before
		}
		next = b.node(kids[j], kx, d+1)
	}
	if !b.byDepth {
		return next
	}
	return b.emit(flatIns{op: flClear, mask: bit}, [3]exitTo{{pc: next}, {pc: next}, {pc: next}})
}

// simple reports whether node i can be a seqTest.
func (b *flatBuilder) simple(i int32) bool {
	n := &b.lz.nodes[i]
	switch n.op {
	case lzFact, lzKey:
		return true
	case lzNot:
		return b.simple(b.lz.kids[n.lo])
	}
	return false
}

// seqTest appends the seqTest of the simple node i, negated if neg, that
// stops its "and" or "or" when its value is stop.
func (b *flatBuilder) seqTest(i int32, stop, neg bool) {
	n := &b.lz.nodes[i]
	switch n.op {
	case lzNot:
		b.seqTest(b.lz.kids[n.lo], stop, !neg)
	case lzFact:
		b.seq = append(b.seq, seqTest{name: n.name, m: n.m, typ: Bool, stop: stop != neg})
	default:
		b.seq = append(b.seq, seqTest{name: n.name, m: n.m, typ: n.typ, stop: stop != neg, key: n.key, spn: n.spn})
	}
}

// test returns the value of st when the value of its fact is x (nil if
// it has none), and false if x is invalid; for a bool fact, x is not a
// bool.
func (st *seqTest) test(x any) (Truth, bool) {
	switch {
	case x == nil:
		return Unknown, true
	case st.typ == Bool:
		return boolFact(st.name, x)
	}
	var k float64
	switch x := x.(type) {
	case float64:
		if st.typ != Number || x-x != 0 {
			return keyTest(x, st.name, st.typ, st.key, st.spn)
		}
		k = x
	case int:
		if st.typ != Number {
			return keyTest(x, st.name, st.typ, st.key, st.spn)
		}
		k = float64(x)
	case time.Time:
		if st.typ != Date {
			return keyTest(x, st.name, st.typ, st.key, st.spn)
		}
		k = float64(ast.DaysOf(x))
	default:
		return keyTest(x, st.name, st.typ, st.key, st.spn)
	}
	return False + Truth(b2u64(orderKey(k)-st.key <= st.spn)), true
}

// run evaluates the plan by its code, and by the tree where the code
// hands over; it sets e.bad and returns Unknown if it meets an invalid
// value or an error.
func (e *lazyEval) run() Truth {
	lz := &e.p.lazy
	code, maps := lz.flat.code, &e.maps
	var flags uint64
	pc := lz.flat.entry
	for pc >= 0 {
		in := &code[pc]
		var t Truth
		switch in.op {
		case flBool:
			x := maps[in.m&7][in.name] // nil if absent: unknown, as a nil value
			if b, isBool := x.(bool); isBool {
				t = False + Truth(b2u64(b))
			} else if x != nil {
				var ok bool
				if t, ok = boolFact(in.name, x); !ok {
					e.bad = true
					return Unknown
				}
			}
		case flKey:
			x := maps[in.m&7][in.name]
			if x == nil {
				break
			}
			var k float64
			switch x := x.(type) {
			case float64:
				if in.typ != Number || x-x != 0 {
					goto slowKey
				}
				k = x
			case int:
				if in.typ != Number {
					goto slowKey
				}
				k = float64(x)
			case time.Time:
				if in.typ != Date {
					goto slowKey
				}
				k = float64(ast.DaysOf(x))
			default:
				goto slowKey
			}
			t = False + Truth(b2u64(orderKey(k)-in.key <= in.spn))
			break
		slowKey:
			var ok bool
			if t, ok = keyTest(x, in.name, in.typ, in.key, in.spn); !ok {
				e.bad = true
				return Unknown
			}
		case flExpr:
			var ok bool
			if t, ok = lz.exprs[in.idx].test(maps); !ok {
				e.bad = true
				return Unknown
			}
		case flStr:
			var ok bool
			if t, ok = lz.strs[in.idx].test(maps); !ok {
				e.bad = true
				return Unknown
			}
		case flSeq:
			t = in.norm
			seq := lz.flat.seq[in.idx:in.hi]
			for i := range seq {
				st := &seq[i]
				x := maps[st.m&7][st.name] // nil if absent: unknown, as a nil value
				var v bool
				if b, isBool := x.(bool); isBool && st.typ == Bool {
					v = b
				} else {
					u, ok := st.test(x)
					if !ok {
						e.bad = true
						return Unknown
					}
					if u == Unknown {
						flags |= in.mask
						continue
					}
					v = u == True
				}
				if v == st.stop {
					t = True + False - in.norm
					break
				}
			}
		case flClear:
			flags &^= in.mask
			pc = in.to[0]
			continue
		case flEnd:
			t = in.norm
			if flags&in.mask != 0 {
				t = Unknown
			}
		default: // flNode
			if t = e.eval(in.idx); e.bad {
				return Unknown
			}
		}
		// Branches, not pc = in.to[t]: the processor predicts a branch
		// and goes on with the next lookup while this one completes,
		// where an index computed from t would wait for it.
		switch {
		case t == Unknown:
			flags |= in.uset
			pc = in.to[Unknown]
		case flags != 0:
			pc = in.to[t]
		case t == True:
			pc = in.fast[True]
		default:
			pc = in.fast[False]
		}
	}
	return Truth(-1 - pc)
}
