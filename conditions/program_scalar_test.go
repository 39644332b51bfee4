package conditions

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// progSpecialNumbers are numbers at the edges of the order of float64
// values: infinities, zeros of both signs, the smallest and largest
// magnitudes, and their neighbours.
var progSpecialNumbers = []float64{
	math.Inf(-1), -math.MaxFloat64, -1e300, -1, -0.5, -math.SmallestNonzeroFloat64,
	math.Copysign(0, -1), 0, math.SmallestNonzeroFloat64, 0.5, 1, 1e300, math.MaxFloat64, math.Inf(1),
	math.Nextafter(1, 0), math.Nextafter(1, 2), 40, 500, 0.75,
}

// progAcceptMasks are the accept masks the compiler makes: those of the
// six comparison operators and of their negations.
var progAcceptMasks = func() []uint8 {
	var ms []uint8
	for _, op := range progCmpOps {
		m := sem.Accept(op)
		ms = append(ms, m, m^(1<<sem.Less|1<<sem.Equal|1<<sem.Greater|1<<sem.Unordered))
	}
	return ms
}()

// TestOrderKey checks that orderKey orders numbers as < does, with -0 and
// 0 the same.
func TestOrderKey(t *testing.T) {
	xs := slices.Clone(progSpecialNumbers)
	for range 2000 {
		xs = append(xs, math.Float64frombits(rand.Uint64()))
	}
	for _, x := range xs {
		for _, y := range xs {
			if x != x || y != y {
				continue // NaN: never a fact's value
			}
			if got, want := orderKey(x) < orderKey(y), x < y; got != want {
				t.Fatalf("orderKey(%v) < orderKey(%v) is %v, but %v < %v is %v", x, y, got, x, y, want)
			}
			if got, want := orderKey(x) == orderKey(y), x == y; got != want {
				t.Fatalf("orderKey(%v) == orderKey(%v) is %v, but %v == %v is %v", x, y, got, x, y, want)
			}
		}
	}
}

// TestKeyRange checks that the key intervals of the comparisons of numbers
// with constants hold exactly for the numbers for which the comparisons
// hold, as the lane machine computes them: for every accept mask the
// compiler makes and constants at the edges, NaN included.
func TestKeyRange(t *testing.T) {
	ks := append(slices.Clone(progSpecialNumbers), math.NaN())
	for _, m := range progAcceptMasks {
		for _, k := range ks {
			lo, span := keyRange(m, k)
			for _, x := range progSpecialNumbers {
				got := orderKey(x)-lo <= span
				if want := sem.Holds(m, sem.OrderNum(x, k)); got != want {
					t.Errorf("mask %04b, constant %v: number %v in the key interval is %v, the comparison is %v", m, k, x, got, want)
				}
			}
		}
	}
}

// TestRelOf checks that the relation and negation relOf gives for each
// accept mask decide as the mask, NaNs included.
func TestRelOf(t *testing.T) {
	xs := append(slices.Clone(progSpecialNumbers), math.NaN())
	for _, m := range progAcceptMasks {
		rel, inv := relOf(m)
		if inv > 1 {
			t.Fatalf("mask %04b: no relation", m)
		}
		for _, x := range xs {
			for _, y := range xs {
				if got, want := relHolds(rel, x, y) != (inv != 0), sem.Holds(m, sem.OrderNum(x, y)); got != want {
					t.Fatalf("mask %04b (relation %d, inv %d) on %v, %v: %v, want %v", m, rel, inv, x, y, got, want)
				}
			}
		}
	}
	if _, inv := relOf(1 << sem.Unordered); inv != 2 {
		t.Errorf("relOf of a mask no operator makes: inv %d, want 2", inv)
	}
}

// progFlatFacts returns random facts for the schema of progFields, with
// numbers and dates at the edges, each fact absent with probability 1/5.
func progFlatFacts(r *rand.Rand) Facts {
	f := Facts{}
	for _, fl := range progFields {
		if r.IntN(5) == 0 {
			continue
		}
		switch fl.Type {
		case Bool:
			f[fl.Name] = r.IntN(2) == 0
		case Number:
			f[fl.Name] = progSpecialNumbers[r.IntN(len(progSpecialNumbers))]
		case String:
			f[fl.Name] = []string{"", "a", "b"}[r.IntN(3)]
		case Date:
			f[fl.Name] = time.Date(2020, 1, 1+r.IntN(3), 0, 0, 0, 0, time.UTC)
		}
	}
	return f
}

// TestFlatForms checks the flat form (see flatProg) that Compile makes of
// conditions of each shape, and that Program.Eval and EvalBatch then give
// what Eval gives, on random facts at the edges.
func TestFlatForms(t *testing.T) {
	s := progSchema(t)
	type form struct {
		flat, only        bool // flat.ok, and flat.rest empty
		items, exprs, big int
		adj, units        bool // adj and units non-zero
	}
	tests := []struct {
		src    string
		want   form
		reason string
	}{
		{"a and b", form{flat: true, only: true, units: true},
			"an and of facts is units"},
		{"a and not b and (c or d)", form{flat: true, only: true, units: true, adj: true},
			"a clause of two facts in adjacent slots is in adj"},
		{"a and (b or d) and (a or not e or f)", form{flat: true, only: true, units: true, big: 2},
			"clauses of facts that are not adjacent, or more than two, are big"},
		{"a and (b or (c and d))", form{flat: true, only: true, units: true, adj: true, big: 1},
			"an or of a fact and an and in an and is distributed into two clauses"},
		{"a or (b and c) or (d and not f)", form{flat: true, only: true, units: true, adj: true, big: 1},
			"an or takes the dual form: and-clauses"},
		{"a or (b and (c or d))", form{flat: true, only: true, units: true, adj: true, big: 1},
			"an and of a fact and an or in an or is distributed into two and-clauses"},
		{"a or ((b or c) and (d or e) and (f or b) and (c or d))", form{flat: true, units: true},
			"too many and-clauses to distribute: the and stays in the rest"},
		{"not a or (a and (b or c))", form{flat: true, units: true},
			"a fact read both plainly and negated cannot be in the masks: the and stays in the rest"},
		{"x > 1 and y <= 2 and x != 3 and day < @2020-01-02", form{flat: true, only: true, items: 4},
			"comparisons of facts with constants are items, dates too"},
		{"x > 1 or y < 0", form{flat: true, only: true, items: 2},
			"the or of comparisons"},
		{"a and x > y and x * 2 >= z + 1 and since <= day and x / 2 < 1", form{flat: true, only: true, units: true, exprs: 4},
			"comparisons with one operation that cannot fail are exprs"},
		{"a and x / y > 1", form{flat: true, units: true},
			"a division by a fact may fail: it stays in the rest"},
		{"a and (x + y) * 2 > 1", form{flat: true, units: true},
			"two operations stay in the rest"},
		{"x < 1e308 * 10 - 1e308 * 10 or y != 1e308 * 10 - 1e308 * 10", form{flat: true, only: true, items: 2},
			"comparisons with NaN: never true, and true when known"},
		{"x > 1e308 * 10 or y < -(1e308 * 10) or z >= -(1e308 * 10)", form{flat: true, only: true, items: 3},
			"comparisons with the infinities"},
		{"a and s == \"a\"", form{flat: true, units: true},
			"string comparisons stay in the rest"},
		{"atleast(2, a, b, x > 1)", form{},
			"atleast has no flat form"},
		{"(a or x > 1) and (b or y > 1)", form{},
			"comparisons nested in clauses have no flat form"},
	}
	r := rand.New(rand.NewPCG(5, 6))
	v := NewValues(s)
	b := NewBatch(s)
	for _, tt := range tests {
		p := progCompile(t, tt.src, s)
		fl := &p.flat
		got := form{
			flat: fl.ok, only: p.flatOnly, items: len(fl.items), exprs: len(fl.exprs), big: len(fl.big),
			adj: fl.adj != 0, units: fl.units != 0,
		}
		if !fl.ok {
			got = form{}
		}
		if got != tt.want {
			t.Errorf("%s: flat form %+v, want %+v (%s)", tt.src, got, tt.want, tt.reason)
		}
		for range 500 {
			f := progFlatFacts(r)
			want, wantErr := Eval(p.Expr(), f)
			_ = v.FromFacts(f)
			gotT, err := p.Eval(v)
			if d := progSame(want, wantErr, gotT, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.Eval: %s", tt.src, f, d)
			}
			_ = b.FromFacts(f)
			tr, fa, err := p.EvalBatch(b)
			if d := progSame(want, wantErr, Truth(tr&1)<<1|Truth(fa&1), err); d != "" {
				t.Fatalf("%s\nfacts %v\nEvalBatch: %s", tt.src, f, d)
			}
		}
	}
}

// TestRandomFlatForms checks that the random conditions of the property
// tests (TestProgramMatchesEval) exercise the flat forms and the scalar
// machine: each kind of program is common.
func TestRandomFlatForms(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(1, 2))}
	var flat, only, withRest, machine, items, exprs, adj, big int
	const n = 3000
	for range n {
		p, err := Compile(g.expr(t), s)
		if err != nil {
			t.Fatal(err)
		}
		fl := &p.flat
		switch {
		case !fl.ok:
			machine++
			continue
		case p.flatOnly:
			only++
		default:
			withRest++
		}
		flat++
		if len(fl.items) > 0 {
			items++
		}
		if len(fl.exprs) > 0 {
			exprs++
		}
		if fl.adj != 0 {
			adj++
		}
		if len(fl.big) > 0 {
			big++
		}
	}
	t.Logf("of %d: %d flat (%d without rest, %d with), %d on the machine; flat with items %d, exprs %d, adj %d, big %d",
		n, flat, only, withRest, machine, items, exprs, adj, big)
	for name, c := range map[string]int{"flat without rest": only, "flat with rest": withRest, "machine": machine,
		"items": items, "exprs": exprs, "adj": adj, "big": big} {
		if c < n/300 {
			t.Errorf("%s: %d of %d random conditions, want at least %d", name, c, n, n/300)
		}
	}
}

// TestProgramEdgeNumbers checks Program.Eval and EvalBatch against Eval on
// random conditions with number facts at the edges of the float64 order:
// infinities, zeros of both signs, the largest and smallest magnitudes.
func TestProgramEdgeNumbers(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(7, 8))}
	v := NewValues(s)
	b := NewBatch(s)
	for range 2000 {
		e := g.expr(t)
		p, err := Compile(e, s)
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			f := progFlatFacts(g.r)
			want, wantErr := Eval(e, f)
			_ = v.FromFacts(f)
			got, err := p.Eval(v)
			if d := progSame(want, wantErr, got, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.Eval: %s", e, f, d)
			}
			_ = b.FromFacts(f)
			tr, fa, err := p.EvalBatch(b)
			if d := progSame(want, wantErr, Truth(tr&1)<<1|Truth(fa&1), err); d != "" {
				t.Fatalf("%s\nfacts %v\nEvalBatch: %s", e, f, d)
			}
		}
	}
}
