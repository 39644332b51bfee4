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

// TestNormalForms checks the normal form (see nfProg) that Compile makes
// of conditions of each shape, and that Program.Eval and EvalBatch agree
// with Eval on them.
func TestNormalForms(t *testing.T) {
	s := progSchema(t)
	type form struct {
		ok, dnf           bool
		keys, exprs, strs int  // comparisons of each kind
		units, adj        bool // unit clauses of facts, adjacent pairs
		facts, cmps       int  // other clauses: of facts, with comparisons
	}
	tests := []struct {
		src    string
		want   form
		reason string
	}{
		{"a and b", form{ok: true, units: true},
			"an and of facts is units"},
		{"a and not b and (c or d)", form{ok: true, units: true, adj: true},
			"a clause of two facts in adjacent slots takes the adjacency test"},
		{"a and (b or d) and (a or not e or f)", form{ok: true, units: true, facts: 2},
			"other clauses of facts are tested one by one"},
		{"a and (b or (c and d))", form{ok: true, units: true, adj: true, facts: 1},
			"an or of an and is distributed into clauses"},
		{"a or (b and c) or (d and not f)", form{ok: true, dnf: true, units: true, adj: true, facts: 1},
			"an or of ands is a DNF"},
		{"a or (b and (c or d))", form{ok: true, adj: true, facts: 1},
			"nested the other way: the CNF (a or b) and (a or c or d) costs no more than the DNF"},
		{"a or ((b or c) and (d or e) and (f or b) and (c or d))", form{ok: true, facts: 4},
			"distributed into a CNF of four clauses"},
		{"not a or (a and (b or c))", form{ok: true, facts: 2},
			"a fact read plainly and negated in one clause (not a tautology in Kleene's logic)"},
		{"x > 1 and y <= 2 and x != 3 and day < @2020-01-02", form{ok: true, keys: 4},
			"comparisons of facts with constants are keys, dates too"},
		{"x > 1 or y < 0", form{ok: true, dnf: true, keys: 2},
			"the or of comparisons"},
		{"a and x > y and x * 2 >= z + 1 and since <= day and x / 2 < 1", form{ok: true, units: true, exprs: 4},
			"comparisons with one operation that cannot fail are exprs"},
		{"a and x / y > 1", form{},
			"a division by a fact may fail: the machine runs it"},
		{"a and (x + y) * 2 > 1", form{},
			"two operations: the machine"},
		{"x < 1e308 * 10 - 1e308 * 10 or y != 1e308 * 10 - 1e308 * 10", form{ok: true, dnf: true, keys: 2},
			"comparisons with NaN: never true, and true when known"},
		{"x > 1e308 * 10 or y < -(1e308 * 10) or z >= -(1e308 * 10)", form{ok: true, dnf: true, keys: 3},
			"comparisons with the infinities"},
		{"a and s == \"a\"", form{ok: true, units: true, strs: 1},
			"string comparisons"},
		{"atleast(2, a, b, x > 1)", form{ok: true, keys: 1, adj: true, cmps: 2},
			"atleast(2) of three is the and of the ors of each two"},
		{"(a or x > 1) and (b or y > 1)", form{ok: true, keys: 2, cmps: 2},
			"comparisons nested in clauses"},
		{"atleast(3, a, b, c, d, e, f, x > 1, y > 1, z > 1, since < day, t == s)", form{},
			"atleast(3) of eleven has too many clauses: the machine"},
	}
	r := rand.New(rand.NewPCG(5, 6))
	v := NewValues(s)
	b := NewBatch(s)
	for _, tt := range tests {
		p := progCompile(t, tt.src, s)
		nf := &p.nf
		got := form{
			ok: nf.ok, dnf: nf.dnf, keys: len(nf.keys), exprs: len(nf.exprs), strs: len(nf.strs),
			units: nf.up|nf.un != 0, adj: nf.adjP|nf.adjN != 0, facts: len(nf.facts), cmps: len(nf.cmps),
		}
		if !nf.ok {
			got = form{}
		}
		if got != tt.want {
			t.Errorf("%s: normal form %+v, want %+v (%s)", tt.src, got, tt.want, tt.reason)
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

// TestRandomNormalForms checks that the random conditions of the property
// tests (TestProgramMatchesEval) exercise the normal forms and the scalar
// machine: each kind of program is common.
func TestRandomNormalForms(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(1, 2))}
	var cnf, dnf, machine, keys, exprs, strs, adj, facts, cmps int
	const n = 3000
	for range n {
		p, err := Compile(g.expr(t), s)
		if err != nil {
			t.Fatal(err)
		}
		nf := &p.nf
		switch {
		case !nf.ok:
			machine++
			continue
		case nf.dnf:
			dnf++
		default:
			cnf++
		}
		for _, c := range []struct {
			n   *int
			has bool
		}{{&keys, len(nf.keys) > 0}, {&exprs, len(nf.exprs) > 0}, {&strs, len(nf.strs) > 0},
			{&adj, nf.adjP|nf.adjN != 0}, {&facts, len(nf.facts) > 0}, {&cmps, len(nf.cmps) > 0}} {
			if c.has {
				*c.n++
			}
		}
	}
	t.Logf("of %d: %d CNF, %d DNF, %d on the machine; with keys %d, exprs %d, strs %d, adj %d, fact clauses %d, clauses with comparisons %d",
		n, cnf, dnf, machine, keys, exprs, strs, adj, facts, cmps)
	for name, c := range map[string]int{"CNF": cnf, "DNF": dnf, "machine": machine, "keys": keys, "exprs": exprs,
		"strs": strs, "adj": adj, "fact clauses": facts, "clauses with comparisons": cmps} {
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
