package conditions

import (
	"fmt"
	"math"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Slot states of a [Values] cell.
const (
	stUnknown uint8 = iota // no value: the fact is unknown
	stKnown                // a value of the slot's type
	stBad                  // a value of the wrong type, reported by Eval
)

// cell is the value of one slot. Boolean slots keep their value as two
// lane masks: v[0] has the lanes where the fact is true, v[1] those where
// it is false (so v[neg], v[1-neg] reads the fact, negated if neg is 1). In
// a plain Values every lane is the same, in a [Batch] lanes differ.
// Numbers keep their float64 bits in x, dates their day count as a float64
// (exact: it is far below 2^53), so that they compare as numbers.
type cell struct {
	v  [2]uint64
	x  uint64
	st uint8
}

// Values holds one scenario's fact values laid out by a [Schema]: slot i
// holds the fact declared i-th, as given by [Schema.Index]. The typed
// setters ([Values.SetBool], [Values.SetNumber], [Values.SetDate],
// [Values.Unset]) do not allocate, nor does [Program.Eval], so a Values
// can be refilled and evaluated in a tight loop. (Eval keeps its registers
// in the Values; a condition nested so deeply that they do not fit grows
// them, once.)
//
// A new Values, or one after [Values.Reset], has every fact unknown.
//
// A Values is scratch space for one goroutine: it is not safe for
// concurrent use, not even by concurrent evaluations, since Eval works in
// it. Share a [Program] between goroutines and give each its own Values.
//
// # Misuse
//
// The typed setters never panic. Setting a slot with a value of a type the
// schema does not declare for it (SetString on a number slot, say), or a
// number that is NaN or infinite, marks the slot invalid: [Program.Eval] of a program
// that reads the fact then fails with [ErrFactType] naming the fact, until
// the slot is set again, unset or reset. A slot number out of range is
// recorded likewise and reported by the next Eval as [ErrArgument], until
// [Values.Reset]. [Values.Set] and [Values.FromFacts] report such problems
// at once as well.
type Values struct {
	// The fields Program.Eval reads first, together.
	schema *Schema
	dirty  bool     // nbad != 0 || misuse != nil || stale (see tidy)
	sc     []uint64 // lane 0 in words, for Program.Eval: see scLayout
	bt, bf []uint64 // in sc: bit i is set if bool slot i is true, or false; bt for another slot if it is known

	types  []Type   // the declared type of each slot
	cells  []cell   // by slot
	stale  bool     // bt and bf may be out of date (lanes were set one by one)
	strs   []string // by slot; nil when the schema declares no string fact
	badMsg []string // by slot: what is wrong with an invalid slot (allocated on first use)
	nbad   int      // number of slots in state stBad
	misuse *Error   // the first out-of-range slot given to a setter

	// coll holds, by slot, the values of set-valued and indexed facts as
	// given to Set (see isColl); nil when the schema declares none.
	coll []any

	// The registers of Program.run: scratch space, garbage between runs.
	regB []tf
	regN []nv
}

// The registers a new Values has; Eval of a program that needs more
// grows them, once.
const (
	initBools   = 16
	initNumbers = 8
)

// grow makes room for nb boolean and nn number registers.
func (v *Values) grow(nb, nn int) {
	if len(v.regB) < nb {
		v.regB = make([]tf, nb)
	}
	if len(v.regN) < nn {
		v.regN = make([]nv, nn)
	}
}

// NewValues returns a Values for the facts of s, all unknown.
// A nil s gives a Values with no slots.
func NewValues(s *Schema) *Values {
	v := &Values{}
	v.init(s)
	return v
}

// scLayout returns the layout of Values.sc for a schema of n slots, one
// allocation for what the evaluation of a scenario reads, so that it
// touches few cache lines: the bitsets bt and bf, of nw words each, at 0
// and nw; then the order key (see orderKey) of number or date slot i at
// keys+i; then its float64 bits at nums+i. A key or a number is garbage
// when the slot is not known (see bt).
func scLayout(n int) (nw, keys, nums int) {
	nw = (n + 63) / 64
	return nw, 2 * nw, 2*nw + n
}

func (v *Values) init(s *Schema) {
	v.schema = s
	n := s.Len()
	v.types = make([]Type, n)
	v.cells = make([]cell, n)
	nw, _, nums := scLayout(n)
	v.sc = make([]uint64, nums+n)
	v.bt = v.sc[:nw:nw]
	v.bf = v.sc[nw : 2*nw : 2*nw]
	hasStr := false
	for i := range n {
		v.types[i] = s.fields[i].Type
		hasStr = hasStr || v.types[i] == String
		if isColl(s.fields[i]) && v.coll == nil {
			v.coll = make([]any, n)
		}
	}
	if hasStr {
		v.strs = make([]string, n)
	}
	v.grow(initBools, initNumbers)
}

// Schema returns the schema v was made for.
func (v *Values) Schema() *Schema { return v.schema }

// ok reports whether slot i exists and is declared with type t. If i is
// out of range, it records the misuse by the method setter.
func (v *Values) ok(i int, t Type, setter string) bool {
	if uint(i) >= uint(len(v.cells)) {
		v.outOfRange(i, setter)
		return false
	}
	return v.types[i] == t
}

func (v *Values) outOfRange(i int, setter string) {
	if v.misuse == nil {
		v.misuse = &Error{Code: CodeArgument,
			Msg: fmt.Sprintf("Values.%s: slot %d out of range: the schema has %d facts", setter, i, len(v.cells))}
		v.tidy()
	}
}

// tidy updates v.dirty, after a change to nbad, misuse or stale: whether
// [Program.Eval] must check v before it evaluates.
func (v *Values) tidy() { v.dirty = v.nbad != 0 || v.misuse != nil || v.stale }

// markBad records that slot i was given the value x, which is not of its
// declared type, with the message [Eval] gives for it.
func (v *Values) markBad(i int, x any) {
	f := v.schema.fields[i]
	msg := ""
	if _, _, err := convertFact(f.Name, f.Type, x); err != nil {
		msg = err.Msg
	}
	v.markBadMsg(i, msg)
}

// markBadMsg marks slot i invalid with message msg.
func (v *Values) markBadMsg(i int, msg string) {
	c := &v.cells[i]
	if c.st != stBad {
		v.nbad++
		v.tidy()
	}
	*c = cell{st: stBad}
	v.setBits(i, 0, 0)
	if v.strs != nil {
		v.strs[i] = ""
	}
	if v.badMsg == nil {
		v.badMsg = make([]string, len(v.cells))
	}
	v.badMsg[i] = msg
}

// wrongType marks slot i, if it exists, invalid for holding x.
func (v *Values) wrongType(i int, x any) {
	if uint(i) < uint(len(v.cells)) {
		v.markBad(i, x)
	}
}

// clearBad leaves the invalid state of slot i before it is overwritten.
func (v *Values) clearBad(i int) {
	if v.cells[i].st == stBad {
		v.nbad--
		v.tidy()
	}
}

// laneMask returns all lanes when b is true, no lane otherwise.
func laneMask(b bool) uint64 {
	var m uint64
	if b {
		m = 1
	}
	return -m
}

// SetBool sets boolean slot i to b.
func (v *Values) SetBool(i int, b bool) {
	if !v.ok(i, Bool, "SetBool") {
		v.wrongType(i, b)
		return
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	m := laneMask(b)
	v.cells[i] = cell{v: [2]uint64{m, ^m}, st: stKnown}
	v.setBits(i, m, ^m)
}

// syncBits brings the bitsets bt and bf up to date with lane 0 of the
// cells.
func (v *Values) syncBits() {
	clear(v.bt)
	clear(v.bf)
	for i, t := range v.types {
		c := &v.cells[i]
		switch {
		case t == Bool:
			v.setBits(i, c.v[0], c.v[1])
		case c.st == stKnown:
			v.setBits(i, 1, 0)
		}
	}
	v.stale = false
	v.tidy()
}

// orderKey returns the key of the number x, which is not a NaN, that
// orders keys as numbers are ordered, as unsigned integers: a program
// compares a number or date slot with a constant by testing whether its
// key is in an interval. -0 and 0 have the same key.
func orderKey(x float64) uint64 {
	u := math.Float64bits(x + 0) // -0 + 0 is 0
	return u ^ (uint64(int64(u)>>63) | 1<<63)
}

// setNum sets slot i, of type Number or Date, to the known number x.
func (v *Values) setNum(i int, x float64) {
	u := math.Float64bits(x)
	v.cells[i] = cell{x: u, st: stKnown}
	_, keys, nums := scLayout(len(v.cells))
	v.sc[keys+i] = orderKey(x)
	v.sc[nums+i] = u
	v.setBits(i, 1, 0)
}

// setBits records in the bitsets bt and bf whether slot i is true or
// false in lane 0, given its lanes t and f.
func (v *Values) setBits(i int, t, f uint64) {
	w, m := i>>6, uint64(1)<<(i&63)
	v.bt[w] = v.bt[w]&^m | m&-(t&1)
	v.bf[w] = v.bf[w]&^m | m&-(f&1)
}

// SetNumber sets number slot i to x. A number that [Eval] refuses as a
// fact value, a NaN or an infinity, marks the slot invalid (see Misuse in
// [Values]).
func (v *Values) SetNumber(i int, x float64) {
	if !v.ok(i, Number, "SetNumber") {
		v.wrongType(i, x)
		return
	}
	if x-x != 0 { // NaN or an infinity: refused as Eval refuses it
		f := v.schema.fields[i]
		if _, _, err := convertFact(f.Name, f.Type, x); err != nil {
			v.markBadMsg(i, err.Msg)
			return
		}
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	v.setNum(i, x)
}

// SetString sets string slot i to s.
func (v *Values) SetString(i int, s string) {
	if !v.ok(i, String, "SetString") {
		v.wrongType(i, s)
		return
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	v.cells[i] = cell{st: stKnown}
	v.setBits(i, 1, 0)
	v.strs[i] = s
}

// SetDate sets date slot i to the civil date of d in d's own location; the
// time of day is ignored.
func (v *Values) SetDate(i int, d time.Time) {
	if !v.ok(i, Date, "SetDate") {
		v.wrongType(i, d)
		return
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	v.setNum(i, float64(ast.DaysOf(d)))
}

// Unset makes slot i unknown.
func (v *Values) Unset(i int) {
	if uint(i) >= uint(len(v.cells)) {
		v.outOfRange(i, "Unset")
		return
	}
	v.clearBad(i)
	v.cells[i] = cell{}
	v.setBits(i, 0, 0)
	if v.strs != nil {
		v.strs[i] = ""
	}
	if v.coll != nil {
		v.coll[i] = nil
	}
}

// Reset makes every fact unknown and forgets any misuse.
func (v *Values) Reset() {
	clear(v.cells)
	clear(v.bt)
	clear(v.bf)
	clear(v.strs)
	clear(v.coll)
	clear(v.badMsg)
	v.stale = false
	v.nbad = 0
	v.misuse = nil
	v.tidy()
}

// Set sets the fact called name to x, which may be of any Go type [Facts]
// accepts; nil makes the fact unknown. It is a slower convenience over the
// typed setters.
//
// An undeclared name is an [ErrUnknownFact] error and changes nothing. A
// value of the wrong or an unsupported type is an [ErrFactType] error, as
// [Eval] would report it, and the slot is marked invalid (see Misuse in
// [Values]). Errors are [*Error] values without a position.
func (v *Values) Set(name string, x any) error {
	i, ok := v.schema.Index(name)
	if !ok {
		e := &Error{Code: CodeUnknownFact, Msg: fmt.Sprintf("unknown fact %q", name)}
		if s, ok := v.schema.suggest(name); ok {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return e
	}
	if err := v.set(i, x); err != nil {
		return err
	}
	return nil
}

// FromFacts resets v and sets every declared fact that f holds. Entries of
// f whose names the schema does not declare are ignored, as [Eval] ignores
// facts a condition does not read. When values have the wrong type, their
// slots are marked invalid (see Misuse in [Values]) and the error, an
// [*Error] with code [ErrFactType], names the first such fact in
// declaration order; every other fact is still set.
func (v *Values) FromFacts(f Facts) error {
	v.Reset()
	var first *Error
	firstSlot := 0
	for name, x := range f {
		i, ok := v.schema.Index(name)
		if !ok {
			continue
		}
		if err := v.set(i, x); err != nil && (first == nil || i < firstSlot) {
			first, firstSlot = err, i
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// set sets slot i to the [Facts] value x, or marks it invalid and returns
// the error [Eval] would report for it, without a position.
func (v *Values) set(i int, x any) *Error {
	if v.coll != nil && isColl(v.schema.fields[i]) {
		v.coll[i] = x // checked by the evaluation of a quantified program
		return nil
	}
	// Fast paths for the usual Go types, when they match the slot.
	switch t := v.types[i]; x := x.(type) {
	case bool:
		if t == Bool {
			v.SetBool(i, x)
			return nil
		}
	case float64:
		if t == Number && x-x == 0 { // finite
			v.SetNumber(i, x)
			return nil
		}
	case int:
		if t == Number {
			v.SetNumber(i, float64(x))
			return nil
		}
	case string:
		if t == String {
			v.SetString(i, x)
			return nil
		}
	case time.Time:
		if t == Date {
			v.SetDate(i, x)
			return nil
		}
	}
	f := v.schema.fields[i]
	val, known, err := convertFact(f.Name, f.Type, x)
	if err != nil {
		v.markBadMsg(i, err.Msg)
		return err
	}
	if !known {
		v.Unset(i)
		return nil
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	switch f.Type {
	case Bool:
		m := laneMask(val.B)
		v.cells[i] = cell{v: [2]uint64{m, ^m}, st: stKnown}
		v.setBits(i, m, ^m)
	case Number:
		v.setNum(i, val.N)
	case String:
		v.cells[i] = cell{st: stKnown}
		v.setBits(i, 1, 0)
		v.strs[i] = val.S
	case Date:
		v.setNum(i, float64(val.D))
	}
	return nil
}
