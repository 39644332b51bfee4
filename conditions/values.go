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
// Numbers keep their float64 bits in x, dates their day count.
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
// number that is NaN, marks the slot invalid: [Program.Eval] of a program
// that reads the fact then fails with [ErrFactType] naming the fact, until
// the slot is set again, unset or reset. A slot number out of range is
// recorded likewise and reported by the next Eval as [ErrArgument], until
// [Values.Reset]. [Values.Set] and [Values.FromFacts] report such problems
// at once as well.
type Values struct {
	schema *Schema
	types  []Type   // the declared type of each slot
	cells  []cell   // by slot
	bt, bf []uint64 // bit i: bool slot i is true, or false, in lane 0
	stale  bool     // bt and bf may be out of date (lanes were set one by one)
	strs   []string // by slot; nil when the schema declares no string fact
	badMsg []string // by slot: what is wrong with an invalid slot (allocated on first use)
	nbad   int      // number of slots in state stBad
	misuse *Error   // the first out-of-range slot given to a setter

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

func (v *Values) init(s *Schema) {
	v.schema = s
	n := s.Len()
	v.types = make([]Type, n)
	v.cells = make([]cell, n)
	v.bt = make([]uint64, (n+63)/64)
	v.bf = make([]uint64, (n+63)/64)
	hasStr := false
	for i := range n {
		v.types[i] = s.fields[i].Type
		hasStr = hasStr || v.types[i] == String
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
	}
}

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
		if t == Bool {
			c := &v.cells[i]
			v.setBits(i, c.v[0], c.v[1])
		}
	}
	v.stale = false
}

// setBits records in the bitsets bt and bf whether slot i is true or
// false in lane 0, given its lanes t and f.
func (v *Values) setBits(i int, t, f uint64) {
	w, m := i>>6, uint64(1)<<(i&63)
	v.bt[w] = v.bt[w]&^m | m&-(t&1)
	v.bf[w] = v.bf[w]&^m | m&-(f&1)
}

// SetNumber sets number slot i to x. A number that [Eval] refuses as a
// fact value, such as a NaN, marks the slot invalid (see Misuse in
// [Values]).
func (v *Values) SetNumber(i int, x float64) {
	if !v.ok(i, Number, "SetNumber") {
		v.wrongType(i, x)
		return
	}
	if x-x != 0 { // NaN or an infinity: accepted as Eval accepts it
		f := v.schema.fields[i]
		if _, _, err := convertFact(f.Name, f.Type, x); err != nil {
			v.markBadMsg(i, err.Msg)
			return
		}
	}
	if v.nbad != 0 {
		v.clearBad(i)
	}
	v.cells[i] = cell{x: math.Float64bits(x), st: stKnown}
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
	v.cells[i] = cell{x: uint64(ast.DaysOf(d)), st: stKnown}
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
}

// Reset makes every fact unknown and forgets any misuse.
func (v *Values) Reset() {
	clear(v.cells)
	clear(v.bt)
	clear(v.bf)
	clear(v.strs)
	clear(v.badMsg)
	v.stale = false
	v.nbad = 0
	v.misuse = nil
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
		v.cells[i] = cell{x: math.Float64bits(val.N), st: stKnown}
	case String:
		v.cells[i] = cell{st: stKnown}
		v.strs[i] = val.S
	case Date:
		v.cells[i] = cell{x: uint64(val.D), st: stKnown}
	}
	return nil
}
