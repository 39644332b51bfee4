package conditions

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestQuantEvalFactsLazy checks EvalFacts of quantified programs, which
// looks members' values up lazily in the maps of the indexed facts,
// against EvalFacts of the expansion compiled as a plain condition over
// the members' values copied into one Facts map: same value, same error
// (code and position). Some values are invalid, so that which facts the
// evaluation reaches matters. Without an error, it is Eval's value.
func TestQuantEvalFactsLazy(t *testing.T) {
	s, err := NewSchema(
		Field{Name: "S", Type: Set},
		Field{Name: "r", Type: Bool, Index: "S"},
		Field{Name: "v", Type: Number, Index: "S"},
		Field{Name: "k", Type: Number},
		Field{Name: "b", Type: Bool},
	)
	require.NoError(t, err)
	rnd := rand.New(rand.NewPCG(21, 8))
	srcs := []string{
		"any(x in S: r[x]) or b",
		"all(x in S: v[x] > 0.5) and not b",
		"count(x in S: r[x] or v[x] >= 1) >= 2",
		"count(x in S: r[x]) > k",
		"sum(x in S: v[x]) > k",
		"b and any(x in S: v[x] * 2 > k)",
		`any(x in S: r[x] and count(y in S: v[y] > v[x]) == 1) or r["a"]`,
	}
	lazy := 0
	for i := range 420 {
		src := srcs[i%len(srcs)]
		q := randInstance(rnd, !stringsContains(src, "sum"))
		f := q.facts()
		if rnd.IntN(2) == 0 {
			f["k"] = float64(rnd.IntN(4))
		}
		if rnd.IntN(2) == 0 {
			f["b"] = rnd.IntN(2) == 0
		}
		wrong := rnd.IntN(3) == 0
		if wrong { // an invalid value, for a member or a plain fact
			switch m := []string{"a", "b", "c", "d"}[rnd.IntN(4)]; rnd.IntN(3) {
			case 0:
				q.r[m] = "oops"
			case 1:
				q.v[m] = true
			default:
				f["k"] = "oops"
			}
		}
		e := MustParse(src)
		p, err := Compile(e, s)
		require.NoError(t, err, src)
		msg := fmt.Sprintf("%s over %v", src, f)
		got, gotErr := p.EvalFacts(f)

		// The expansion for these sets, as a plain program over one map.
		in, err := p.quant.instFor(func(slot int32) any { return f[s.fields[slot].Name] })
		require.NoError(t, err, msg)
		if in.lazy {
			lazy++
		}
		plain, err := compile(in.prog.expr, in.prog.schema)
		require.NoError(t, err, msg)
		flat := Facts{}
		for j, src := range in.src {
			var x any
			switch src.kind {
			case srcPlain:
				x = f[s.fields[src.slot].Name]
			case srcMember:
				x, _ = indexedValue(f[s.fields[in.bases[src.base]].Name], src.member)
			}
			if x != nil {
				flat[in.prog.schema.fields[j].Name] = x
			}
		}
		want, wantErr := plain.EvalFacts(flat)
		require.Equal(t, want, got, msg)
		require.Equal(t, progFirstError(wantErr), progFirstError(gotErr), msg)
		if !wrong {
			res, err := Eval(e, f)
			require.NoError(t, err, msg)
			require.NoError(t, gotErr, msg)
			require.Equal(t, res.Value, got, msg)
		}
	}
	require.Equal(t, 420, lazy, "every instance is evaluated lazily")
}
