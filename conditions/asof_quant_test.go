package conditions_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// TestAsOfChangesQuantified: AsOfChanges finds the days on which a
// comparison inside a quantifier's body flips as asof moves, one per
// member that can flip, and a brute-force scan of every day agrees.
func TestAsOfChangesQuantified(t *testing.T) {
	deposited := map[string]any{"a": date("2024-01-31"), "b": date("2024-03-01")}
	tests := []struct {
		src    string
		set    any
		want   []string
		reason string
	}{
		{"any(x in S: asof - d[x] > 30)", []string{"a", "b"}, []string{"2024-03-02", "2024-04-01"},
			"one flip per member: 31 days after each date (the first decides any; the second is reported, never missed)"},
		{"all(x in S: asof > d[x])", []string{"a", "b"}, []string{"2024-02-01", "2024-03-02"},
			"all: the day after each member's date"},
		{"count(x in S: asof >= d[x] + 1m) >= 2", []string{"a", "b"}, []string{"2024-02-29", "2024-04-01"},
			"count compared with a constant (atleast): one month after each date, at the end of a short month"},
		{"sum(x in S: asof - d[x]) > 100", []string{"a", "b"}, []string{"2024-04-06"},
			"sum: both terms grow with asof, 2 * asof > 100 + the two dates"},
		{"any(x in S: asof - d[x] > 30)", map[string]any{"a": true, "b": nil}, []string{"2024-03-02", "2024-04-01"},
			"a member whose membership is unknown still has its flip day"},
		{"any(x in S: asof - d[x] > 30)", []string{}, nil,
			"the empty set: no comparison, no change"},
		{"any(x in S: asof - d[x] > 30)", nil, nil,
			"an unknown set: the quantifier is unknown every day"},
		{"not all(x in S: d[x] + 30d >= asof) and asof < @2024-12-01", []string{"b"}, []string{"2024-04-01", "2024-12-01"},
			"asof inside and outside a quantifier"},
	}
	from, to := date("2024-01-01"), date("2024-12-31")
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			e := conditions.MustParse(tt.src)
			f := conditions.Facts{"S": tt.set, "d": deposited}
			got, err := conditions.AsOfChanges(e, f, from, to)
			require.NoError(t, err)
			var gotText []string
			for _, d := range got {
				gotText = append(gotText, d.Format(time.DateOnly))
			}
			if diff := cmp.Diff(tt.want, gotText); diff != "" {
				t.Errorf("AsOfChanges(%q) (-want +got):\n%s", tt.src, diff)
			}
			// Every day on which the value really changes is reported.
			g := conditions.Facts{"S": tt.set, "d": deposited}
			prev := conditions.Truth(255)
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				g[conditions.AsOf] = d
				r, err := conditions.Eval(e, g)
				require.NoError(t, err)
				if prev != 255 && r.Value != prev {
					require.Contains(t, gotText, d.Format(time.DateOnly), "the value changes on %s", d.Format(time.DateOnly))
				}
				prev = r.Value
			}
		})
	}
}

// TestAsOfChangesQuantifiedInput: AsOfChanges reads the caller's facts
// without changing them, and a set of the wrong type is an error naming
// the fact.
func TestAsOfChangesQuantifiedInput(t *testing.T) {
	e := conditions.MustParse("any(x in S: asof - d[x] > 30)")
	f := conditions.Facts{"S": []string{"a"}, "d": map[string]any{"a": date("2024-01-31")}, conditions.AsOf: date("2024-06-01")}
	before := conditions.Facts{"S": []string{"a"}, "d": map[string]any{"a": date("2024-01-31")}, conditions.AsOf: date("2024-06-01")}
	_, err := conditions.AsOfChanges(e, f, date("2024-01-01"), date("2024-12-31"))
	require.NoError(t, err)
	if diff := cmp.Diff(before, f); diff != "" {
		t.Errorf("facts changed (-before +after):\n%s", diff)
	}
	_, err = conditions.AsOfChanges(e, conditions.Facts{"S": 3.0, "d": map[string]any{}}, date("2024-01-01"), date("2024-12-31"))
	require.Error(t, err)
	require.ErrorIs(t, err, conditions.ErrFactType)
	require.Contains(t, err.Error(), `fact "S" must be a set`)
}
