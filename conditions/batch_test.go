package conditions

import (
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEvalBatchMatchesEval checks on random conditions that every lane of
// EvalBatch is what Program.Eval gives for that lane's scenario, and, for
// some lanes, what Eval gives.
func TestEvalBatchMatchesEval(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(11, 12))}
	b := NewBatch(s)
	v := NewValues(s)
	var boolSlots []int
	for i, f := range g.schemaFields() {
		if f.Type == Bool {
			boolSlots = append(boolSlots, i)
		}
	}
	nErr := 0
	for range 1000 {
		e := g.expr(t)
		p, err := Compile(e, s)
		if err != nil {
			t.Fatal(err)
		}
		shared := g.facts(e, false) // the non-boolean facts, shared by all lanes
		_ = b.FromFacts(shared)
		// Each boolean slot gets random lanes: true, false or unknown.
		lanes := make(map[int][2]uint64)
		for _, i := range boolSlots {
			t1, t2 := g.r.Uint64(), g.r.Uint64()
			tr, fa := t1&t2, ^t1&^t2 // a quarter true, a quarter false
			if g.r.IntN(2) == 0 {
				tr, fa = t1, ^t1 // or every lane known
			}
			b.SetLanes(i, tr, fa)
			lanes[i] = [2]uint64{tr, fa}
		}
		tr, fa, berr := p.EvalBatch(b)
		if tr&fa != 0 {
			t.Fatalf("%s: lanes %#x both true and false", e, tr&fa)
		}
		for l := range Lanes {
			f := Facts{}
			for name, x := range shared {
				if i, _ := s.Index(name); s.fields[i].Type != Bool {
					f[name] = x
				}
			}
			_ = v.FromFacts(f)
			for _, i := range boolSlots {
				switch m := lanes[i]; {
				case m[0]>>l&1 == 1:
					v.SetBool(i, true)
					f[s.fields[i].Name] = true
				case m[1]>>l&1 == 1:
					v.SetBool(i, false)
					f[s.fields[i].Name] = false
				}
			}
			want, wantErr := p.Eval(v)
			if (berr == nil) != (wantErr == nil) || berr != nil && berr.Error() != wantErr.Error() {
				t.Fatalf("%s lane %d: EvalBatch error %v, Program.Eval error %v", e, l, berr, wantErr)
			}
			if berr != nil {
				continue
			}
			got := Truth(tr>>l&1)<<1 | Truth(fa>>l&1)
			if got != want {
				t.Fatalf("%s lane %d: EvalBatch gives %v, Program.Eval %v", e, l, got, want)
			}
			if l%16 == 0 {
				r, err := Eval(e, f)
				if d := progSame(r, err, got, nil); d != "" {
					t.Fatalf("%s lane %d facts %v: EvalBatch and Eval disagree: %s", e, l, f, d)
				}
			}
		}
		if berr != nil {
			nErr++
		}
		// Eval of the embedded Values evaluates lane 0.
		got0, err0 := p.Eval(&b.Values)
		if (err0 == nil) != (berr == nil) || berr == nil && got0 != Truth(tr&1)<<1|Truth(fa&1) {
			t.Fatalf("%s: Eval(&b.Values) = %v, %v; lane 0 of EvalBatch is %v", e, got0, err0, Truth(tr&1)<<1|Truth(fa&1))
		}
	}
	if nErr == 0 || nErr > 500 {
		t.Errorf("%d of 1000 batches failed; the generator should make some, not most, fail", nErr)
	}
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		n      int
		want   uint64
		reason string
	}{
		{-1, 0, "no negative number of slots"},
		{0, 1, "one empty assignment"},
		{6, 1, "six slots fit one block"},
		{7, 2, "each further slot doubles the blocks"},
		{16, 1024, "2^16 assignments in 64 lanes"},
		{69, 1 << 63, "the largest count that fits"},
		{70, 0, "too many to count"},
	}
	for _, tt := range tests {
		if got := Blocks(tt.n); got != tt.want {
			t.Errorf("Blocks(%d) = %d, want %d (%s)", tt.n, got, tt.want, tt.reason)
		}
	}
}

// TestEnumerate checks that the blocks of Enumerate cover every assignment
// of the swept slots exactly once, in the documented numbering, and leave
// the other slots alone.
func TestEnumerate(t *testing.T) {
	var fields []Field
	for _, name := range []string{"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "kept"} {
		fields = append(fields, Field{Name: name, Type: Bool})
	}
	fields = append(fields, Field{Name: "n", Type: Number})
	s, err := NewSchema(fields...)
	if err != nil {
		t.Fatal(err)
	}
	const kept = 9
	for _, slots := range [][]int{{}, {0}, {2, 0, 1}, {0, 1, 2, 3, 4, 5}, {8, 0, 7, 1, 6, 2, 5}, {0, 1, 2, 3, 4, 5, 6, 7, 8}} {
		b := NewBatch(s)
		b.SetBool(kept, true)
		seen := map[uint64]bool{}
		for block := range Blocks(len(slots)) {
			valid, err := b.Enumerate(slots, block)
			if err != nil {
				t.Fatal(err)
			}
			for l := range Lanes {
				if valid>>l&1 == 0 {
					continue
				}
				var a uint64 // the assignment of lane l, read back
				for j, i := range slots {
					c := b.cells[i]
					if c.v[0]>>l&1 == c.v[1]>>l&1 {
						t.Fatalf("slots %v block %d lane %d: slot %d is not true or false", slots, block, l, i)
					}
					a |= (c.v[0] >> l & 1) << j
				}
				if want := 64*block + uint64(l); a != want {
					t.Fatalf("slots %v block %d lane %d: assignment %d, want %d", slots, block, l, a, want)
				}
				if seen[a] {
					t.Fatalf("slots %v: assignment %d twice", slots, a)
				}
				seen[a] = true
			}
		}
		if want := 1 << len(slots); len(seen) != want {
			t.Errorf("slots %v: %d assignments, want %d", slots, len(seen), want)
		}
		if c := b.cells[kept]; c.v[0] != ^uint64(0) || c.v[1] != 0 {
			t.Errorf("slots %v: Enumerate changed a slot it does not sweep", slots)
		}
	}
	// After 2^31 calls the marks that detect slots listed twice wrap.
	b := NewBatch(s)
	b.gen = 1<<31 - 2
	for range 3 {
		if _, err := b.Enumerate([]int{0, 1}, 0); err != nil {
			t.Fatalf("Enumerate around the wrap of its marks: %v", err)
		}
		if _, err := b.Enumerate([]int{1, 1}, 0); err == nil {
			t.Fatal("Enumerate around the wrap of its marks accepts a slot listed twice")
		}
	}
	for _, tt := range []struct {
		slots  []int
		block  uint64
		reason string
	}{
		{[]int{0, 1}, 1, "fewer than six slots have one block"},
		{[]int{0, 1, 2, 3, 4, 5, 6}, 2, "seven slots have two blocks"},
	} {
		if valid, err := b.Enumerate(tt.slots, tt.block); valid != 0 || err != nil {
			t.Errorf("Enumerate(%v, %d) = %#x, %v; want no valid lane (%s)", tt.slots, tt.block, valid, err, tt.reason)
		}
	}
}

func TestEnumerateErrors(t *testing.T) {
	s := progSchema(t)
	ix, _ := s.Index("x")
	tests := []struct {
		slots  []int
		text   string
		reason string
	}{
		{[]int{0, 99}, "slot 99 out of range", "a slot the schema does not have"},
		{[]int{0, ix}, `slot 6 (x) is a number, want a bool`, "only boolean slots can be swept"},
		{[]int{1, 0, 1}, "slot 1 (b) listed twice", "a slot swept twice would make assignments repeat"},
	}
	for _, tt := range tests {
		b := NewBatch(s)
		b.SetBool(0, true)
		valid, err := b.Enumerate(tt.slots, 0)
		if e := progFirstError(err); e == nil || e.Code != CodeArgument || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("Enumerate(%v) = %#x, %v; want an argument error containing %q (%s)", tt.slots, valid, err, tt.text, tt.reason)
		}
		if b.cells[0].v[0] != ^uint64(0) {
			t.Errorf("Enumerate(%v) failed but changed the batch", tt.slots)
		}
	}
}

func TestSetLanes(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "a and not b", s)
	b := NewBatch(s)
	ia, _ := s.Index("a")
	ib, _ := s.Index("b")
	b.SetLanes(ia, 0b0011, 0b0100) // lanes 0-1 true, 2 false, 3.. unknown
	b.SetLanes(ib, 0b0101, 0b1010)
	tr, fa, err := p.EvalBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	// lane 0: a true, b true: false; lane 1: a true, b false: true;
	// lane 2: a false: false; lane 3: a unknown, b false: unknown;
	// lanes 4 and up: both unknown: unknown.
	if tr != 0b0010 || fa != 0b0101 {
		t.Errorf("EvalBatch = %#b, %#b; want true in lane 1 and false in lanes 0 and 2", tr, fa)
	}
	b.SetLanes(ia, 1, 1)
	if _, _, err := p.EvalBatch(b); progFirstError(err) == nil || progFirstError(err).Code != CodeFactType {
		t.Errorf("a lane both true and false: EvalBatch error %v, want fact_type", err)
	}
	ix, _ := s.Index("x")
	b.SetLanes(ix, 1, 0) // not a boolean slot; the program does not read it
	if bits.OnesCount64(b.cells[ix].v[0]) != 0 || b.cells[ix].st != stBad {
		t.Errorf("SetLanes on a number slot did not mark it invalid")
	}
}
