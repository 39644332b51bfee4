package conditions_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// dateConds are conditions with dates and periods in every position the
// compiler treats apart: a fact or a literal against date arithmetic,
// constants folded, days between, nested shifts, under and/or/not and in
// a batch lane with boolean facts.
var dateConds = []string{
	"asof >= ratified + 30d",
	"asof < signed + 10y or x",
	"asof - ratified > 45 and not x",
	"ratified + 1m <= signed - 2w",
	"@2024-01-31 + 1m == asof",
	"asof > @2020-01-31 + 1m1d and x",
	"(signed + 6y6m) - 1d >= asof",
	"asof - (ratified + 1y) < 0 or signed - asof > 100",
	"30d + ratified == asof and (x or y)",
	"not (asof - 3m - 1d > ratified)",
	"asof - ratified == signed - ratified",
	"asof >= ratified + 1m and asof < ratified + 2m or y",
}

// TestProgramDates: compiled programs and batches give exactly Eval's
// results on date conditions, over random facts (some unknown), and
// AsOfChanges' days are where the value changes.
func TestProgramDates(t *testing.T) {
	s, err := conditions.NewSchema(
		conditions.Field{Name: "asof", Type: conditions.Date},
		conditions.Field{Name: "ratified", Type: conditions.Date},
		conditions.Field{Name: "signed", Type: conditions.Date},
		conditions.Field{Name: "x", Type: conditions.Bool},
		conditions.Field{Name: "y", Type: conditions.Bool},
	)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	base := date("2023-12-01")
	day := func() any {
		if rng.IntN(6) == 0 {
			return nil
		}
		return base.AddDate(0, 0, rng.IntN(200))
	}
	boolean := func() any {
		if rng.IntN(4) == 0 {
			return nil
		}
		return rng.IntN(2) == 0
	}
	for _, src := range dateConds {
		e := conditions.MustParse(src)
		p, err := conditions.Compile(e, s)
		require.NoError(t, err, src)
		b := conditions.NewBatch(s)
		for range 300 {
			f := conditions.Facts{"asof": day(), "ratified": day(), "signed": day(), "x": boolean(), "y": boolean()}
			for k, v := range f {
				if v == nil {
					delete(f, k)
				}
			}
			want, err := conditions.Eval(e, f)
			require.NoError(t, err)
			got, err := p.EvalFacts(f)
			require.NoError(t, err)
			if got != want.Value {
				t.Fatalf("%s over %v: Program %s, Eval %s", src, f, got, want.Value)
			}
			// The batch: every lane the same facts, lane 5 checked.
			require.NoError(t, b.FromFacts(f))
			bt, bf, err := p.EvalBatch(b)
			require.NoError(t, err)
			lane := conditions.Unknown
			switch {
			case bt>>5&1 != 0:
				lane = conditions.True
			case bf>>5&1 != 0:
				lane = conditions.False
			}
			if lane != want.Value {
				t.Fatalf("%s over %v: EvalBatch %s, Eval %s", src, f, lane, want.Value)
			}
		}
	}
}

var _ = time.Time{}
