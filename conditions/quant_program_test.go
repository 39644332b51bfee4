package conditions

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestQuantProgramAgreesWithEval checks the compiled Program of random
// quantified conditions against Eval, by EvalFacts, by Eval of a Values
// filled with Set, and by EvalBatch, on random small instances.
func TestQuantProgramAgreesWithEval(t *testing.T) {
	s, err := NewSchema(
		Field{Name: "S", Type: Set},
		Field{Name: "r", Type: Bool, Index: "S"},
		Field{Name: "v", Type: Number, Index: "S"},
		Field{Name: "k", Type: Number},
		Field{Name: "b", Type: Bool},
	)
	require.NoError(t, err)
	rnd := rand.New(rand.NewPCG(13, 5))
	srcs := []string{
		"any(x in S: r[x]) or b",
		"all(x in S: v[x] > 0.5) and not b",
		"count(x in S: r[x] or v[x] >= 1) >= 2",
		"count(x in S: r[x]) > k",
		"sum(x in S: v[x]) > k",
		`any(x in S: r[x] and count(y in S: v[y] > v[x]) == 1) or r["a"]`,
	}
	for i := range 300 {
		src := srcs[i%len(srcs)]
		q := randInstance(rnd, !stringsContains(src, "sum"))
		f := q.facts()
		if rnd.IntN(2) == 0 {
			f["k"] = float64(rnd.IntN(4))
		}
		if rnd.IntN(2) == 0 {
			f["b"] = rnd.IntN(2) == 0
		}
		e := MustParse(src)
		want, err := Eval(e, f)
		require.NoError(t, err, src)
		p, err := Compile(e, s)
		require.NoError(t, err, src)
		got, err := p.EvalFacts(f)
		require.NoError(t, err, src)
		require.Equal(t, want.Value, got, fmt.Sprintf("EvalFacts %s over %v", src, f))
		v := NewValues(s)
		require.NoError(t, v.FromFacts(f))
		got, err = p.Eval(v)
		require.NoError(t, err, src)
		require.Equal(t, want.Value, got, fmt.Sprintf("Eval %s over %v", src, f))
		b := NewBatch(s)
		require.NoError(t, b.FromFacts(f))
		bt, bf, err := p.EvalBatch(b)
		require.NoError(t, err, src)
		require.Equal(t, want.Value, Truth(bt&1)<<1|Truth(bf&1), fmt.Sprintf("EvalBatch %s over %v", src, f))
	}
}

func stringsContains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
