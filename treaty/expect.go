package treaty

import (
	"fmt"
	"slices"
	"strings"
)

// Mismatch is an expectation that a report does not meet.
type Mismatch struct {
	Expectation Expectation
	// Result is the result the expectation was checked against; nil when
	// the report has no result for its clause and reading.
	Result *Result
	// Field is the first field that differs: "result", "status",
	// "value", "since" or "missing".
	Field     string
	Want, Got string
}

// String says in one line what differs.
func (m Mismatch) String() string {
	e := m.Expectation
	if m.Result == nil {
		return fmt.Sprintf("%s under %s: no such result in the report", e.Clause, e.Reading)
	}
	return fmt.Sprintf("%s under %s: %s is %s, want %s", e.Clause, e.Reading, m.Field, m.Got, m.Want)
}

// Check compares the report with the expectations and returns the ones it
// does not meet, in order. Empty fields of an expectation are not checked;
// Since "none" expects no since date.
func (r *Report) Check(expect []Expectation) []Mismatch {
	var out []Mismatch
	for _, e := range expect {
		res, ok := r.Result(e.Clause, e.Reading)
		if e.Instance != "" {
			res, ok = r.instanceResult(e.Clause, e.Instance, e.Reading)
		}
		if !ok {
			out = append(out, Mismatch{Expectation: e, Field: "result"})
			continue
		}
		if m, bad := compare(e, res); bad {
			m.Result = &res
			out = append(out, m)
		}
	}
	return out
}

func compare(e Expectation, res Result) (Mismatch, bool) {
	m := Mismatch{Expectation: e}
	switch {
	case e.Status != "" && e.Status != res.Status:
		m.Field, m.Want, m.Got = "status", string(e.Status), string(res.Status)
	case e.Value != "" && e.Value != res.Value.String():
		m.Field, m.Want, m.Got = "value", e.Value, res.Value.String()
	case e.Since != "" && e.Since != sinceOrNone(res.Since):
		m.Field, m.Want, m.Got = "since", e.Since, sinceOrNone(res.Since)
	case e.Missing != nil && !slices.Equal(sorted(e.Missing), res.Missing):
		m.Field, m.Want, m.Got = "missing", "["+strings.Join(sorted(e.Missing), ", ")+"]", "["+strings.Join(res.Missing, ", ")+"]"
	default:
		return m, false
	}
	return m, true
}

func sinceOrNone(d *Date) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
