package conditions_test

import (
	"testing"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/conditions/internal/benchcases"
)

// TestEvalAllocs holds the explaining evaluator to a fixed number of
// allocations on the benchmark conditions (22 facts for C22 and C22M),
// whatever their size: one slab each of explanation nodes, child pointers
// and fact values, plus a box per number fact not given as a float64 and
// the text of each date and its box. The bound is 16.
func TestEvalAllocs(t *testing.T) {
	for _, c := range benchcases.Cases {
		e, err := conditions.Parse(c.Source)
		if err != nil {
			t.Fatal(err)
		}
		for _, asInt := range []bool{false, true} {
			fs := c.Generate(3, 16, 0)
			want := 0 // the most any scenario needs
			for _, f := range fs {
				w := 3
				for name, v := range f {
					switch v := v.(type) {
					case float64:
						if asInt && v == float64(int(v)) {
							f[name] = int(v)
							w++
						}
					case time.Time:
						w += 2
					}
				}
				want = max(want, w)
			}
			i := 0
			n := testing.AllocsPerRun(100, func() {
				if _, err := conditions.Eval(e, fs[i%len(fs)]); err != nil {
					t.Fatal(err)
				}
				i++
			})
			if n > float64(want) || n > 16 {
				t.Errorf("%s (integers as int: %v): Eval allocates %v times per call, want at most %d", c.Name, asInt, n, min(want, 16))
			}
		}
	}
}
