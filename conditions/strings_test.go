package conditions_test

import (
	"testing"

	"github.com/treatycond/treatycond/conditions"
)

func TestAssignmentString(t *testing.T) {
	tests := []struct {
		a      conditions.Assignment
		want   string
		reason string
	}{
		{nil, "(nothing)", "the zero assignment fixes nothing"},
		{conditions.Assignment{}, "(nothing)", "an empty assignment too"},
		{conditions.Assignment{"b": false, "a": true, "x.count > 3": true}, "a = true, b = false, x.count > 3 = true", "atoms sorted by text"},
	}
	for _, tc := range tests {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%v.String() = %q, want %q (%s)", map[string]bool(tc.a), got, tc.want, tc.reason)
		}
	}
}

func TestResultString(t *testing.T) {
	r, err := conditions.Eval(conditions.MustParse("a and b"), conditions.Facts{"a": true})
	if err != nil {
		t.Fatal(err)
	}
	want := "unknown (missing: b)\n" + r.Explanation.String()
	if got := r.String(); got != want {
		t.Errorf("Result.String() = %q, want %q", got, want)
	}
	r, _ = conditions.Eval(conditions.MustParse("a"), conditions.Facts{"a": true})
	if got := r.String(); got != "true\n"+r.Explanation.String() {
		t.Errorf("Result.String() of a decided condition = %q", got)
	}
	fv := conditions.FactValue{Name: "d", Type: conditions.Date, Value: "2020-01-02", Known: true}
	if got := fv.String(); got != "d = @2020-01-02" {
		t.Errorf("FactValue.String() = %q, want %q", got, "d = @2020-01-02")
	}
	if got := (conditions.FactValue{Name: "x"}).String(); got != "x = ?" {
		t.Errorf("unknown FactValue.String() = %q, want %q", got, "x = ?")
	}
}
