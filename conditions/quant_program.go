package conditions

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// A compiled quantified condition is compiled again for each distinct
// value of the sets it quantifies over: the expansion of the condition
// for those members (see quant.go) is compiled against a schema of its
// own facts, whose values the program fills from the caller's: the plain
// facts as they are, each member's value of an indexed fact from its map.
// EvalFacts fills nothing when the indexed facts are maps[string]any: it
// runs the expansion's lookup plan (see lazyPlan) with each member's fact
// looked up in its indexed fact's map, only when the evaluation reaches
// it, as for a plain condition.
// Expansions are cached by the members of the sets, so a sweep over many
// scenarios that share their sets compiles once; the cache keeps at most
// quantCacheSize expansions and then starts afresh.

// quantCacheSize bounds the expansions a quantified Program keeps.
const quantCacheSize = 64

// quantProg is the part of a Program compiled from a quantified condition.
type quantProg struct {
	e    Expr
	s    *Schema
	sets []string    // the sets quantified over, in order of first use
	at   []ast.Range // where each set is first quantified over
	slot []int32     // the schema slot of each set

	mu    sync.Mutex
	cache map[string]*quantInst
	last  atomic.Pointer[quantInst]
}

// quantInst is the expansion for one value of the sets.
type quantInst struct {
	key  string
	raw  [][]string // the sets as given, when given as []string, for a quick match
	prog *Program
	src  []slotSrc // by slot of prog's schema
	// bases are the indexed facts read, by slot of the original schema,
	// with where each is first read.
	bases []int32
	first []ast.Range
	// lazy: EvalFacts looks the facts up by prog's lookup plan, in the
	// facts given and the maps of the indexed facts (see evalFacts).
	lazy bool
	vals sync.Pool
}

// slotSrc says where a slot of an expansion gets its value.
type slotSrc struct {
	kind   uint8 // srcPlain, srcMember or srcUnknown
	slot   int32 // srcPlain: the slot in the original schema
	base   int32 // srcMember: the index in quantInst.bases
	member string
}

const (
	srcPlain   = iota // a plain fact of the original schema
	srcMember         // one member's value of an indexed fact
	srcUnknown        // a membership, or a set read as unknown: always unknown
)

// compileQuant compiles a quantified condition that type-checks against s.
func compileQuant(e Expr, s *Schema) (*Program, error) {
	q := &quantProg{e: e, s: s, cache: map[string]*quantInst{}}
	p := &Program{expr: e, schema: s, quant: q}
	seen := map[int32]bool{}
	read := func(name string, rng ast.Range) {
		i, ok := s.Index(name)
		if !ok {
			return // Check has reported it
		}
		if !seen[int32(i)] {
			seen[int32(i)] = true
			p.slots = append(p.slots, int32(i))
			p.firsts = append(p.firsts, factRead{slot: int32(i), rng: rng})
		}
	}
	ast.Inspect(e.root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Quant:
			if !slices.Contains(q.sets, n.Set) {
				i, _ := s.Index(n.Set)
				q.sets = append(q.sets, n.Set)
				q.at = append(q.at, n.SetRng)
				q.slot = append(q.slot, int32(i))
			}
			read(n.Set, n.SetRng)
		case *ast.Fact:
			read(n.Name, n.Rng)
		}
		return true
	})
	slices.Sort(p.slots)
	return p, nil
}

// setsKey returns the key of the sets' values that get gives, and the
// sets as given when they are all []string; or the error for a set value
// that is not a set.
func (q *quantProg) instFor(get func(slot int32) any) (*quantInst, error) {
	if in := q.last.Load(); in != nil && in.raw != nil {
		hit := true
		for i, sl := range q.slot {
			x, ok := get(sl).([]string)
			if !ok || !slices.Equal(x, in.raw[i]) {
				hit = false
				break
			}
		}
		if hit {
			return in, nil
		}
	}
	var key strings.Builder
	ms := make([]members, len(q.sets))
	raw := make([][]string, len(q.sets))
	for i, name := range q.sets {
		x := get(q.slot[i])
		m, err := setValue(name, x)
		if err != nil {
			err.Pos, err.End = posOf(q.at[i].Start), posOf(q.at[i].End)
			return nil, ErrorList{err}
		}
		if l, ok := x.([]string); ok && raw != nil {
			raw[i] = slices.Clone(l)
		} else {
			raw = nil
		}
		ms[i] = m
		fmt.Fprintf(&key, "%d|%t|%d|", len(name), m.known, len(m.in))
		for _, s := range m.in {
			fmt.Fprintf(&key, "%d:%s", len(s), s)
		}
		fmt.Fprintf(&key, "|%d|", len(m.maybe))
		for _, s := range m.maybe {
			fmt.Fprintf(&key, "%d:%s", len(s), s)
		}
	}
	k := key.String()
	q.mu.Lock()
	in, ok := q.cache[k]
	q.mu.Unlock()
	if !ok {
		var err error
		in, err = q.build(ms)
		if err != nil {
			return nil, err
		}
		in.key = k
		q.mu.Lock()
		if len(q.cache) >= quantCacheSize {
			clear(q.cache)
		}
		q.cache[k] = in
		q.mu.Unlock()
	}
	if raw != nil {
		// A copy with the sets as given, for the quick match; it shares
		// the compiled expansion.
		hit := &quantInst{key: in.key, raw: raw, prog: in.prog, src: in.src, bases: in.bases, first: in.first, lazy: in.lazy}
		q.last.Store(hit)
		return hit, nil
	}
	return in, nil
}

// build expands and compiles the condition for the set values ms.
func (q *quantProg) build(ms []members) (*quantInst, error) {
	byName := map[string]members{}
	for i, name := range q.sets {
		byName[name] = ms[i]
	}
	lw := &lowering{
		inst:  map[string]instance{},
		marks: map[string]bool{},
		sets: func(name string, _ ast.Range) (members, *Error) {
			return byName[name], nil
		},
	}
	root := lw.lower(q.e.root)
	x := newExpr(root, q.e.src)
	ti, errs := x.inferred()
	if len(errs) > 0 {
		return nil, errs.finish(0)
	}
	in := &quantInst{}
	sub := &Schema{index: map[string]int{}}
	baseIdx := map[int32]int32{}
	for _, name := range ti.order {
		var f Field
		var src slotSrc
		inst, isInst := lw.inst[name]
		switch {
		case lw.marks[name] || isInst && inst.set:
			f, src = Field{Name: name, Type: Bool}, slotSrc{kind: srcUnknown}
		case isInst:
			bi, _ := q.s.Index(inst.base)
			b, ok := baseIdx[int32(bi)]
			if !ok {
				b = int32(len(in.bases))
				baseIdx[int32(bi)] = b
				in.bases = append(in.bases, int32(bi))
				in.first = append(in.first, ti.first[name])
			}
			f = Field{Name: name, Type: q.s.fields[bi].Type}
			src = slotSrc{kind: srcMember, base: b, member: inst.member}
		default:
			i, ok := q.s.Index(name)
			if !ok {
				return nil, unknownFactError(q.s, &ast.Fact{Name: name, Rng: ti.first[name]})
			}
			f, src = q.s.fields[i], slotSrc{kind: srcPlain, slot: int32(i)}
		}
		sub.index[name] = len(sub.fields)
		sub.fields = append(sub.fields, f)
		in.src = append(in.src, src)
	}
	prog, err := compile(x, sub)
	if err != nil {
		return nil, err
	}
	in.prog = prog
	if len(in.bases) < nilMap {
		// Map 0 is the facts given, map 1+b the value of indexed fact b.
		keys := make([]lookup, len(in.src))
		for j, src := range in.src {
			switch src.kind {
			case srcPlain:
				keys[j] = lookup{name: q.s.fields[src.slot].Name}
			case srcMember:
				keys[j] = lookup{m: uint8(1 + src.base), name: src.member}
			default:
				keys[j] = lookup{m: nilMap, name: sub.fields[j].Name}
			}
		}
		prog.lazy.lookIn(sub, keys)
		in.lazy = true
	}
	return in, nil
}

// values returns a scratch Values for the expansion, every fact unknown.
func (in *quantInst) values() *Values {
	if v, ok := in.vals.Get().(*Values); ok {
		return v
	}
	return NewValues(in.prog.schema)
}

// fill sets the member facts of sv from the indexed facts get gives; the
// error is for an indexed fact that is not a map.
func (in *quantInst) fill(sv *Values, s *Schema, get func(slot int32) any) error {
	var bv [8]any
	bases := bv[:0]
	for _, b := range in.bases {
		bases = append(bases, get(b))
	}
	for j, src := range in.src {
		if src.kind != srcMember {
			continue
		}
		x, ok := indexedValue(bases[src.base], src.member)
		if !ok {
			r := in.first[src.base]
			return ErrorList{&Error{Code: CodeFactType, Pos: posOf(r.Start), End: posOf(r.End), Msg: fmt.Sprintf(
				"fact %q has a value per member: want a map from member to value, got %s", s.fields[in.bases[src.base]].Name, goDescribe(bases[src.base]))}}
		}
		if x != nil {
			_ = sv.set(j, x) // an invalid value marks the slot; Eval reports it
		}
	}
	return nil
}

// evalFacts is [Program.EvalFacts] of a quantified program. When every
// indexed fact is given as a map[string]any (or not at all), the
// expansion is evaluated by its lookup plan, as EvalFacts evaluates a
// plain condition: a member's value is looked up in its indexed fact's
// map when the evaluation reaches it, so any and all stop at the member
// that decides them. Otherwise every fact the expansion reads is looked
// up and the expansion evaluated whole.
func (q *quantProg) evalFacts(f Facts) (Truth, error) {
	get := func(slot int32) any { return f[q.s.fields[slot].Name] }
	in, err := q.instFor(get)
	if err != nil {
		return Unknown, err
	}
	if in.lazy {
		e := lazyEval{p: in.prog}
		e.maps[0] = f
		ok := true
		for b, slot := range in.bases {
			switch m := f[q.s.fields[slot].Name].(type) {
			case map[string]any:
				e.maps[1+b] = m
			case Facts:
				e.maps[1+b] = m
			case nil: // unknown: so is every member's value
			default:
				ok = false
			}
		}
		if ok {
			return e.evalLazy()
		}
	}
	sv := in.values()
	defer func() {
		sv.Reset()
		in.vals.Put(sv)
	}()
	for j, src := range in.src {
		if src.kind == srcPlain {
			if x, ok := f[q.s.fields[src.slot].Name]; ok && x != nil {
				_ = sv.set(j, x)
			}
		}
	}
	if err := in.fill(sv, q.s, get); err != nil {
		return Unknown, err
	}
	return in.prog.Eval(sv)
}

// prepare fills the scratch Values or Batch sv of the expansion from v.
func (q *quantProg) prepare(v *Values, sv *Values) (*quantInst, error) {
	if v == nil || v.schema != q.s {
		return nil, ErrorList{(&Program{schema: q.s}).schemaError(v)}
	}
	if v.misuse != nil {
		return nil, ErrorList{v.misuse}
	}
	get := func(slot int32) any {
		if v.coll == nil {
			return nil
		}
		return v.coll[slot]
	}
	in, err := q.instFor(get)
	if err != nil {
		return nil, err
	}
	if sv == nil {
		return in, nil
	}
	for j, src := range in.src {
		if src.kind == srcPlain {
			copySlot(sv, j, v, int(src.slot))
		}
	}
	return in, in.fill(sv, q.s, get)
}

// eval is [Program.Eval] of a quantified program.
func (q *quantProg) eval(v *Values) (Truth, error) {
	in, err := q.prepare(v, nil)
	if err != nil {
		return Unknown, err
	}
	sv := in.values()
	defer func() {
		sv.Reset()
		in.vals.Put(sv)
	}()
	if _, err := q.prepare(v, sv); err != nil {
		return Unknown, err
	}
	return in.prog.Eval(sv)
}

// evalBatch is [Program.EvalBatch] of a quantified program: the sets and
// indexed facts are those of the batch, shared by its lanes.
func (q *quantProg) evalBatch(b *Batch) (t, f uint64, err error) {
	in, err := q.prepare(&b.Values, nil)
	if err != nil {
		return 0, 0, err
	}
	sb := NewBatch(in.prog.schema)
	if _, err := q.prepare(&b.Values, &sb.Values); err != nil {
		return 0, 0, err
	}
	return in.prog.EvalBatch(sb)
}

// copySlot copies slot i of src, all lanes, to slot j of dst, which has
// the same type.
func copySlot(dst *Values, j int, src *Values, i int) {
	c := src.cells[i]
	switch {
	case c.st == stBad:
		msg := ""
		if src.badMsg != nil {
			msg = src.badMsg[i]
		}
		dst.markBadMsg(j, msg)
	case c.st != stKnown:
		dst.Unset(j)
	case src.types[i] == Bool:
		dst.cells[j] = c
		dst.setBits(j, c.v[0], c.v[1])
	case src.types[i] == String:
		dst.cells[j] = c
		dst.setBits(j, 1, 0)
		dst.strs[j] = src.strs[i]
	default:
		dst.setNum(j, math.Float64frombits(c.x))
	}
}

// isColl reports whether f is a set or an indexed fact, whose value a
// Values keeps as given (see Values.coll).
func isColl(f Field) bool { return f.Type == Set || f.Index != "" }
