package bdd

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assignments calls f with every total assignment of n variables.
func assignments(n int, f func(x []bool)) {
	x := make([]bool, n)
	for bits := 0; bits < 1<<n; bits++ {
		for i := range x {
			x[i] = bits>>i&1 == 1
		}
		f(x)
	}
}

// checkFunc asserts that node f of m computes want on every assignment.
func checkFunc(t *testing.T, m *Manager, f Node, want func(x []bool) bool) {
	t.Helper()
	assignments(m.NumVars(), func(x []bool) {
		if got := m.Eval(f, x); got != want(x) {
			t.Errorf("at %v: got %v, want %v", x, got, want(x))
		}
	})
}

func TestOperations(t *testing.T) {
	m := New(3, 0)
	a, b, c := m.Var(0), m.Var(1), m.Var(2)
	tests := []struct {
		label  string
		f      Node
		want   func(x []bool) bool
		reason string
	}{
		{"and", m.And(a, b), func(x []bool) bool { return x[0] && x[1] }, "conjunction of two variables"},
		{"or", m.Or(a, c), func(x []bool) bool { return x[0] || x[2] }, "disjunction skipping a level"},
		{"not", m.Not(m.And(a, b)), func(x []bool) bool { return !(x[0] && x[1]) }, "negation of an internal node"},
		{"xor", m.Xor(a, m.Xor(b, c)), func(x []bool) bool { return x[0] != (x[1] != x[2]) }, "parity needs every path"},
		{"imp", m.Imp(a, b), func(x []bool) bool { return !x[0] || x[1] }, "implication is not-a or b"},
		{"lit", m.Lit(1, false), func(x []bool) bool { return !x[1] }, "negative literal"},
		{"andall", m.AndAll(a, b, c), func(x []bool) bool { return x[0] && x[1] && x[2] }, "n-ary conjunction"},
		{"andall-empty", m.AndAll(), func([]bool) bool { return true }, "empty conjunction is true"},
		{"orall-empty", m.OrAll(), func([]bool) bool { return false }, "empty disjunction is false"},
		{"restrict", m.Restrict(m.Or(m.And(a, b), c), 1, false), func(x []bool) bool { return x[2] }, "b=false removes the a·b term"},
		{"restrict-top", m.Restrict(m.Or(m.And(a, b), c), 0, true), func(x []bool) bool { return x[1] || x[2] }, "restricting the root variable"},
		{"restrict-absent", m.Restrict(m.And(a, b), 2, true), func(x []bool) bool { return x[0] && x[1] }, "restricting a variable f does not read"},
		{"cube", m.CubeNode(Cube{{0, true}, {2, false}}), func(x []bool) bool { return x[0] && !x[2] }, "cube a·c'"},
		{"restrict-cube", m.RestrictCube(m.Xor(a, m.Xor(b, c)), Cube{{0, true}, {2, true}}), func(x []bool) bool { return x[1] }, "a=c=true leaves parity of b"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			checkFunc(t, m, tt.f, tt.want)
		})
	}
	require.NoError(t, m.Err())
}

func TestCanonical(t *testing.T) {
	m := New(3, 0)
	a, b, c := m.Var(0), m.Var(1), m.Var(2)
	// Distributivity and De Morgan give the same function, so the same node.
	assert.Equal(t, m.And(a, m.Or(b, c)), m.Or(m.And(a, b), m.And(a, c)), "distributivity")
	assert.Equal(t, m.Not(m.Or(a, b)), m.And(m.Not(a), m.Not(b)), "De Morgan")
	assert.Equal(t, True, m.Or(a, m.Not(a)), "excluded middle is the True terminal")
	assert.Equal(t, False, m.And(a, m.Not(a)), "contradiction is the False terminal")
	assert.Equal(t, a, m.Not(m.Not(a)), "double negation")
	assert.Equal(t, 0, m.Level(a))
	assert.Equal(t, -1, m.Level(True))
	assert.Equal(t, True, m.High(a))
	assert.Equal(t, False, m.Low(a))
}

func TestSatisfying(t *testing.T) {
	m := New(4, 0)
	a, b, c, d := m.Var(0), m.Var(1), m.Var(2), m.Var(3)
	f := m.And(m.Or(a, b), m.Xor(c, d))
	// (a or b): 3 of 4; (c xor d): 2 of 4.
	assert.Equal(t, 6.0, m.SatCount(f))
	assert.Equal(t, 16.0, m.SatCount(True))
	assert.Equal(t, 0.0, m.SatCount(False))
	assert.Equal(t, 8.0, m.SatCount(d), "a variable at the bottom level")

	cube, ok := m.AnySat(f)
	require.True(t, ok)
	assert.True(t, m.Implies(cube, f), "the path %v must imply f", cube)

	_, ok = m.AnySat(m.And(a, m.Not(a)))
	assert.False(t, ok, "a contradiction has no satisfying assignment")
	cube, ok = m.AnySat(True)
	assert.True(t, ok)
	assert.Empty(t, cube, "True is satisfied by the empty cube")
}

func TestImplies(t *testing.T) {
	m := New(3, 0)
	a, b, c := m.Var(0), m.Var(1), m.Var(2)
	f := m.Or(m.And(a, b), c)
	tests := []struct {
		cube   Cube
		want   bool
		reason string
	}{
		{Cube{{0, true}, {1, true}}, true, "a·b is a term of f"},
		{Cube{{2, true}}, true, "c is a term of f"},
		{Cube{{0, true}}, false, "a alone leaves b·c open"},
		{Cube{}, false, "f is not valid"},
		{Cube{{0, false}, {2, true}}, true, "a literal f ignores does not matter"},
		{Cube{{1, false}, {2, false}}, false, "contradicts f"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, m.Implies(tt.cube, f), "%v: %s", tt.cube, tt.reason)
	}
	assert.True(t, m.Implies(Cube{}, True))
	assert.False(t, m.Implies(Cube{}, False))
}

func TestPrimesKnown(t *testing.T) {
	m := New(3, 0)
	a, b, c := m.Var(0), m.Var(1), m.Var(2)
	na := m.Not(a)
	tests := []struct {
		label  string
		f      Node
		want   []Cube
		reason string
	}{
		{"true", True, []Cube{{}}, "the empty cube is the only prime of a tautology"},
		{"false", False, nil, "a contradiction has no implicants"},
		{"var", b, []Cube{{{1, true}}}, "a variable is its own prime"},
		{"consensus", m.Or(m.And(a, b), m.And(na, c)),
			[]Cube{{{0, false}, {2, true}}, {{0, true}, {1, true}}, {{1, true}, {2, true}}},
			"ab + a'c has the consensus term bc as a third prime"},
		{"majority", m.Or(m.Or(m.And(a, b), m.And(a, c)), m.And(b, c)),
			[]Cube{{{0, true}, {1, true}}, {{0, true}, {2, true}}, {{1, true}, {2, true}}},
			"majority of three: every pair"},
		{"xor", m.Xor(a, b),
			[]Cube{{{0, false}, {1, true}}, {{0, true}, {1, false}}},
			"parity has only minterms as primes"},
		{"absorption", m.Or(a, m.And(a, b)), []Cube{{{0, true}}}, "a + ab = a"},
		{"tautology-by-cases", m.Or(m.Or(m.And(a, b), m.And(a, m.Not(b))), na), []Cube{{}}, "ab + ab' + a' is valid"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			got, err := m.Primes(tt.f, True, 0, 0)
			require.NoError(t, err)
			sortCubes(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: primes mismatch (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func sortCubes(cs []Cube) {
	slices.SortFunc(cs, func(x, y Cube) int {
		return slices.CompareFunc(x, y, func(p, q Lit) int {
			if p.Var != q.Var {
				return p.Var - q.Var
			}
			if p.Val == q.Val {
				return 0
			}
			if !p.Val {
				return -1
			}
			return 1
		})
	})
}

// brutePrimes enumerates all cubes over n variables (3^n) and keeps those
// that imply f and from which no literal can be dropped.
func brutePrimes(n int, f func([]bool) bool) []Cube {
	implies := func(c []int8) bool { // c[i]: -1 free, 0 false, 1 true
		ok := true
		assignments(n, func(x []bool) {
			for i, v := range c {
				if v >= 0 && x[i] != (v == 1) {
					return
				}
			}
			if !f(x) {
				ok = false
			}
		})
		return ok
	}
	var out []Cube
	c := make([]int8, n)
	var rec func(i int)
	rec = func(i int) {
		if i == n {
			if !implies(c) {
				return
			}
			for j := range c {
				if c[j] >= 0 {
					v := c[j]
					c[j] = -1
					weaker := implies(c)
					c[j] = v
					if weaker {
						return
					}
				}
			}
			var cube Cube
			for j, v := range c {
				if v >= 0 {
					cube = append(cube, Lit{Var: j, Val: v == 1})
				}
			}
			if cube == nil {
				cube = Cube{}
			}
			out = append(out, cube)
			return
		}
		for _, v := range []int8{-1, 0, 1} {
			c[i] = v
			rec(i + 1)
		}
	}
	rec(0)
	return out
}

func TestPrimesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 300 {
		n := 1 + r.IntN(5)
		table := make([]bool, 1<<n)
		density := r.Float64()
		for i := range table {
			table[i] = r.Float64() < density
		}
		fn := func(x []bool) bool {
			idx := 0
			for i, v := range x {
				if v {
					idx |= 1 << i
				}
			}
			return table[idx]
		}
		m := New(n, 0)
		// Build f as a disjunction of its minterms.
		f := False
		assignments(n, func(x []bool) {
			if fn(x) {
				var c Cube
				for i, v := range x {
					c = append(c, Lit{Var: i, Val: v})
				}
				f = m.Or(f, m.CubeNode(c))
			}
		})
		checkFunc(t, m, f, fn)
		got, err := m.Primes(f, True, 0, 0)
		require.NoError(t, err)
		sortCubes(got)
		want := brutePrimes(n, fn)
		sortCubes(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("iteration %d (n=%d, table %v): primes mismatch (-brute +bdd):\n%s", iter, n, table, diff)
		}
	}
}

func TestNodeLimit(t *testing.T) {
	// Parity of 12 variables needs 23 internal nodes, more than the limit.
	m := New(12, 10)
	f := False
	for i := range 12 {
		f = m.Xor(f, m.Var(i))
	}
	err := m.Err()
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrLimit), "got %v", err)
	assert.LessOrEqual(t, m.Size(), 10, "no node past the limit")
	assert.Equal(t, False, m.And(True, True), "sticky: operations return False after the limit")
	_, err = m.Primes(True, True, 0, 0)
	assert.ErrorIs(t, err, ErrLimit, "Primes reports the manager's error")

	m = New(12, 0)
	f = False
	for i := range 12 {
		f = m.Xor(f, m.Var(i))
	}
	require.NoError(t, m.Err(), "without a limit parity builds")
	checkFunc(t, m, f, func(x []bool) bool {
		odd := false
		for _, v := range x {
			odd = odd != v
		}
		return odd
	})
}

func TestPrimeLimit(t *testing.T) {
	// Parity of n variables has 2^(n-1) primes (its minterms).
	m := New(10, 0)
	f := False
	for i := range 10 {
		f = m.Xor(f, m.Var(i))
	}
	_, err := m.Primes(f, True, 100, 0)
	assert.ErrorIs(t, err, ErrLimit)
	assert.ErrorContains(t, err, "more than 100 prime implicants")
	got, err := m.Primes(f, True, 512, 0)
	require.NoError(t, err, "the limit is on the result: exactly 512 is allowed")
	assert.Len(t, got, 512)
	_, err = m.Primes(f, True, 0, 512*10-1)
	assert.ErrorContains(t, err, "more than 5119 literals", "512 cubes of 10 literals")
	_, err = m.Primes(f, True, 0, 512*10)
	assert.NoError(t, err)
}

func TestLitOutOfRange(t *testing.T) {
	m := New(2, 0)
	assert.PanicsWithValue(t, "bdd: variable 2 out of range [0, 2)", func() { m.Var(2) },
		"a variable outside the manager is a programming error")
}

func BenchmarkPrimes(b *testing.B) {
	// atleast(3, x0..x11) has C(12, 3) = 220 primes.
	b.ReportAllocs()
	for b.Loop() {
		m := New(12, 0)
		if _, err := m.Primes(threshold(m, 12, 3), True, 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func threshold(m *Manager, n, k int) Node {
	// t[j] = at least j of the variables from i on.
	t := make([]Node, k+1)
	for j := range t {
		t[j] = False
	}
	t[0] = True
	for i := n - 1; i >= 0; i-- {
		for j := k; j >= 1; j-- {
			t[j] = m.Or(m.And(m.Var(i), t[j-1]), t[j])
		}
	}
	return t[k]
}

func TestThresholdPrimes(t *testing.T) {
	m := New(6, 0)
	f := threshold(m, 6, 2)
	got, err := m.Primes(f, True, 0, 0)
	require.NoError(t, err)
	assert.Len(t, got, 15, "atleast(2, 6 vars) has C(6,2) primes")
	for _, c := range got {
		assert.Len(t, c, 2)
	}
}

// randomFunc returns a random function of n variables as a truth table,
// with a random density of true entries, and its node in m.
func randomFunc(r *rand.Rand, m *Manager, n int) (Node, func([]bool) bool) {
	table := make([]bool, 1<<n)
	density := r.Float64()
	for i := range table {
		table[i] = r.Float64() < density
	}
	fn := func(x []bool) bool {
		idx := 0
		for i, v := range x {
			if v {
				idx |= 1 << i
			}
		}
		return table[idx]
	}
	f := False
	assignments(n, func(x []bool) {
		if fn(x) {
			var c Cube
			for i, v := range x {
				c = append(c, Lit{Var: i, Val: v})
			}
			f = m.Or(f, m.CubeNode(c))
		}
	})
	return f, fn
}

// TestPrimesCareRandom checks Primes under a care set against brute
// force: the primes of f that have a point in common with care.
func TestPrimesCareRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for iter := range 300 {
		n := 1 + r.IntN(5)
		m := New(n, 0)
		f, fn := randomFunc(r, m, n)
		care, careFn := randomFunc(r, m, n)
		var want []Cube
		for _, c := range brutePrimes(n, fn) {
			consistent := false
			assignments(n, func(x []bool) {
				for _, l := range c {
					if x[l.Var] != l.Val {
						return
					}
				}
				consistent = consistent || careFn(x)
			})
			if consistent {
				want = append(want, c)
			}
		}
		got, err := m.Primes(f, care, 0, 0)
		require.NoError(t, err)
		sortCubes(got)
		sortCubes(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("iteration %d (n=%d): primes under care mismatch (-brute +bdd):\n%s", iter, n, diff)
		}
	}
}

// The primes of x0 + ... + x(n-1) used to take time and memory quadratic in
// n: each node copied the list of primes below it. Shared lists make the
// work linear; the steps the manager counts show it.
func TestPrimesOfChainWereQuadratic(t *testing.T) {
	for _, n := range []int{1000, 4000} {
		m := New(n, 0)
		f := False
		for i := n - 1; i >= 0; i-- {
			f = m.Or(m.Var(i), f)
		}
		before := m.Steps()
		got, err := m.Primes(f, True, 0, 0)
		require.NoError(t, err)
		assert.Len(t, got, n, "one prime per variable")
		assert.Less(t, m.Steps()-before, int64(10*n), "work linear in n = %d", n)
	}
}

func TestBudget(t *testing.T) {
	parity := func(m *Manager, n int) Node {
		f := False
		for i := range n {
			f = m.Xor(f, m.Var(i))
		}
		return f
	}
	m := New(16, 0)
	m.SetBudget(20, nil)
	parity(m, 16)
	assert.ErrorIs(t, m.Err(), ErrLimit)
	assert.ErrorContains(t, m.Err(), "more than 20 steps")
	assert.Equal(t, False, m.Or(True, True), "sticky, as the node limit")
	_, err := m.Primes(True, True, 0, 0)
	assert.ErrorIs(t, err, ErrLimit)

	// Parity of 16 has 2^15 primes: Primes spends the budget too.
	m = New(16, 0)
	f := parity(m, 16)
	require.NoError(t, m.Err())
	m.SetBudget(m.Steps()+10000, nil)
	_, err = m.Primes(f, True, 0, 0)
	assert.ErrorContains(t, err, "more than")
	assert.ErrorIs(t, err, ErrLimit)

	// done is polled, and its error stops the work.
	stop := errors.New("stop")
	polls := 0
	m = New(16, 0)
	m.SetBudget(0, func() error {
		polls++
		if polls == 3 {
			return stop
		}
		return nil
	})
	f = parity(m, 16)
	require.NoError(t, m.Err(), "parity of 16 takes fewer steps than three polls")
	_, err = m.Primes(f, True, 0, 0)
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 3, polls)
}
