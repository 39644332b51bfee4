package conditions_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestAsOfChanges: the days on which a condition reading asof may change
// value are found exactly, and a brute-force scan of every day agrees.
func TestAsOfChanges(t *testing.T) {
	facts := conditions.Facts{"ratified": date("2024-01-31"), "signed": date("2020-02-29"), "a": true, "n": 3}
	tests := []struct {
		src    string
		want   []string
		reason string
	}{
		{"asof >= ratified + 1m", []string{"2024-02-29"}, "one flip, at the end of a shorter month"},
		{"asof < signed + 1y", []string{"2021-02-28"}, "29 Feb + 1y"},
		{"asof >= ratified + 30d and asof < signed + 4y", []string{"2024-02-29", "2024-03-01"}, "a window: two flips (2024-02-29 is signed + 4y)"},
		{"asof == ratified + 1d", []string{"2024-02-01", "2024-02-02"}, "equality holds one day: it starts and ends"},
		{"asof - ratified > 10", []string{"2024-02-11"}, "days between"},
		{"ratified - asof < -10", []string{"2024-02-11"}, "days between the other way round (decreasing side)"},
		{"-(asof - ratified) * 2 < -20", []string{"2024-02-11"}, "negated and scaled by a literal"},
		{"a or asof > @2023-06-30", []string{"2023-07-01"}, "may report a day the value does not change (a is true)"},
		{"asof > nope + 1m", nil, "an unknown side: unknown every day"},
		{"a and n > 2", nil, "no asof: no changes"},
		{"asof > @2030-01-01", nil, "outside the span"},
	}
	from, to := date("2019-01-01"), date("2025-12-31")
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			e := conditions.MustParse(tt.src)
			got, err := conditions.AsOfChanges(e, facts, from, to)
			require.NoError(t, err)
			var gotText []string
			for _, d := range got {
				gotText = append(gotText, d.Format(time.DateOnly))
			}
			if diff := cmp.Diff(tt.want, gotText); diff != "" {
				t.Errorf("AsOfChanges(%q) (-want +got):\n%s", tt.src, diff)
			}
			// Every day on which the value really changes is reported.
			f := conditions.Facts{}
			for k, v := range facts {
				f[k] = v
			}
			prev := conditions.Truth(255)
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				f[conditions.AsOf] = d
				r, err := conditions.Eval(e, f)
				require.NoError(t, err)
				if prev != 255 && r.Value != prev {
					require.Contains(t, gotText, d.Format(time.DateOnly), "the value changes on %s", d.Format(time.DateOnly))
				}
				prev = r.Value
			}
		})
	}
}

// TestAsOfChangesShape: asof on both sides of a comparison, or under a
// product of two facts, has no single direction: an error at the
// comparison.
func TestAsOfChangesShape(t *testing.T) {
	for _, src := range []string{"asof + 1m > asof + 30d", "x and\n (asof - d) * (asof - d) > 4", "(asof - d) / (asof - e) > 1"} {
		_, err := conditions.AsOfChanges(conditions.MustParse(src), nil, date("2020-01-01"), date("2021-01-01"))
		require.Error(t, err, src)
		require.True(t, errors.Is(err, conditions.ErrType), "%s: %v", src, err)
		t.Log(err)
	}
}
