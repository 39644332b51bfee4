package conditions

import "fmt"

// Lanes is the number of scenarios a [Batch] holds: one per bit of a
// uint64.
const Lanes = 64

// Batch holds 64 scenarios, called lanes, that share their number, string
// and date facts and differ in their boolean facts. Lane l of a boolean
// slot is bit l of two masks: the lanes where the fact is true and those
// where it is false; in neither, it is unknown.
// [Program.EvalBatch] evaluates a program over all lanes at once with
// plain bit operations, which makes sweeps over boolean facts cheap:
//
//	b := conditions.NewBatch(schema)
//	slots := []int{...}                     // the boolean slots to sweep
//	for block := range conditions.Blocks(len(slots)) {
//		valid, _ := b.Enumerate(slots, block)
//		t, f, err := prog.EvalBatch(b)
//		// lanes in t&valid hold, in f&valid fail, the rest are unknown
//	}
//
// A Batch embeds a [Values]; its setters set a slot in every lane (a
// boolean one to the same value everywhere), and [Program.Eval] of
// &b.Values evaluates lane 0. Use [Batch.SetLanes] and [Batch.Enumerate]
// to set boolean slots lane by lane.
//
// Like a Values, a Batch is scratch space for one goroutine.
type Batch struct {
	Values
	// mark is Enumerate's scratch: for each slot, 0 if it is not a bool
	// slot, else 1 | gen<<1 where gen is the number of the last call of
	// Enumerate that listed it.
	mark []uint32
	gen  uint32
}

// NewBatch returns a Batch for the facts of s, with every fact unknown in
// every lane.
func NewBatch(s *Schema) *Batch {
	b := &Batch{}
	b.init(s)
	b.mark = make([]uint32, len(b.cells))
	for i, t := range b.types {
		if t == Bool {
			b.mark[i] = 1
		}
	}
	return b
}

// SetLanes sets boolean slot i, lane by lane: true in the lanes of t, false
// in those of f and unknown in the others. A lane in both t and f is a
// misuse: the slot is marked invalid (see Misuse in [Values]).
func (b *Batch) SetLanes(i int, t, f uint64) {
	if !b.ok(i, Bool, "SetLanes") {
		if uint(i) < uint(len(b.cells)) {
			b.markBadMsg(i, fmt.Sprintf("fact %q must be %s, got bool lanes from SetLanes", b.schema.fields[i].Name, withArticle(b.types[i])))
		}
		return
	}
	if t&f != 0 {
		b.markBadMsg(i, fmt.Sprintf("fact %q: lanes %#x are both true and false", b.schema.fields[i].Name, t&f))
		return
	}
	if b.nbad != 0 {
		b.clearBad(i)
	}
	b.cells[i] = cell{v: [2]uint64{t, f}, st: stKnown}
	b.stale = true
	b.tidy()
}

// lanePattern[j] has bit l set when bit j of l is set, for the six bits of
// a lane number.
var lanePattern = [6]uint64{
	0xAAAAAAAAAAAAAAAA,
	0xCCCCCCCCCCCCCCCC,
	0xF0F0F0F0F0F0F0F0,
	0xFF00FF00FF00FF00,
	0xFFFF0000FFFF0000,
	0xFFFFFFFF00000000,
}

// Blocks returns the number of blocks of 64 scenarios that
// [Batch.Enumerate] needs to cover all 2^n assignments of n boolean slots:
// 1 for n <= 6, 2^(n-6) otherwise. It returns 0 if n is negative or the
// count does not fit in a uint64 (n > 69).
func Blocks(n int) uint64 {
	switch {
	case n < 0 || n > 69:
		return 0
	case n <= 6:
		return 1
	}
	return 1 << (n - 6)
}

// Enumerate sets the boolean slots listed in slots so that the 64 lanes
// hold the assignments numbered 64*block to 64*block+63: in lane l, slot
// slots[j] is true when bit j of 64*block+l is set, and false otherwise.
// The first six slots thus vary within the block, with the lane patterns
// 0xAAAA..., 0xCCCC..., 0xF0F0..., and so on, and the others are the same
// in all lanes, given by the bits of block. Slots not listed keep their
// values.
//
// Blocks 0 to [Blocks](len(slots))-1 cover every assignment exactly once.
// The result valid is the mask of lanes whose assignment number is below
// 2^len(slots): all lanes but in the single block of fewer than six slots,
// where the pattern repeats. Count results in t&valid, not t.
//
// An error, an [*Error] with code [ErrArgument], reports a slot that is out
// of range or not boolean, or listed twice; the batch is then unchanged.
func (b *Batch) Enumerate(slots []int, block uint64) (valid uint64, err error) {
	b.gen++
	if b.gen >= 1<<31 { // wrapped: forget old marks
		b.gen = 1
		for i, m := range b.mark {
			b.mark[i] = m & 1
		}
	}
	seen := b.gen<<1 | 1
	for j, i := range slots {
		if uint(i) >= uint(len(b.mark)) || b.mark[i]&1 == 0 || b.mark[i] == seen {
			return 0, b.enumerateError(slots, j) // the next call's gen forgets these marks
		}
		b.mark[i] = seen
	}
	if b.nbad != 0 {
		for _, i := range slots {
			b.clearBad(i)
		}
	}
	low := slots[:min(len(slots), len(lanePattern))]
	for j, i := range low {
		t := lanePattern[j]
		b.cells[i] = cell{v: [2]uint64{t, ^t}, st: stKnown}
	}
	for j, i := range slots[len(low):] {
		t := -(block >> uint(j) & 1) // 0 for j >= 64
		b.cells[i] = cell{v: [2]uint64{t, ^t}, st: stKnown}
	}
	b.stale = b.stale || len(slots) > 0
	b.tidy()
	n := len(slots)
	switch {
	case n < 6:
		if block != 0 {
			return 0, nil
		}
		return 1<<(1<<n) - 1, nil
	case n-6 < 64 && block>>(n-6) != 0:
		return 0, nil
	}
	return ^uint64(0), nil
}

func (b *Batch) enumerateError(slots []int, j int) error {
	i := slots[j]
	switch {
	case uint(i) >= uint(len(b.cells)):
		return &Error{Code: CodeArgument, Msg: fmt.Sprintf("Batch.Enumerate: slot %d out of range: the schema has %d facts", i, len(b.cells))}
	case b.types[i] != Bool:
		return &Error{Code: CodeArgument, Msg: fmt.Sprintf("Batch.Enumerate: slot %d (%s) is a %s, want a bool", i, b.schema.fields[i].Name, b.types[i])}
	}
	return &Error{Code: CodeArgument, Msg: fmt.Sprintf("Batch.Enumerate: slot %d (%s) listed twice", i, b.schema.fields[i].Name)}
}

// EvalBatch evaluates p over the 64 lanes of b, which must have been made
// for p's schema, and returns the lanes where the condition is true and
// those where it is false; in the other lanes it is unknown. It allocates
// nothing unless it returns an error. Each lane gets exactly the result
// [Program.Eval] would give for that lane's scenario.
//
// The errors are those of [Program.Eval]. They cannot differ between
// lanes: only boolean facts vary, and evaluation fails only on number
// facts (a division by zero) and on invalid slots. On error t and f are 0.
// A nil p or a nil b gives [ErrArgument].
func (p *Program) EvalBatch(b *Batch) (t, f uint64, err error) {
	if p == nil {
		return 0, 0, errNilProgram()
	}
	if b == nil {
		return 0, 0, ErrorList{&Error{Code: CodeArgument, Msg: "nil Batch"}}
	}
	if p.quant != nil {
		return p.quant.evalBatch(b)
	}
	r, err := p.exec(&b.Values, true)
	if err != nil {
		return 0, 0, err
	}
	return r.t, r.f, nil
}
