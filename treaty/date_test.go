package treaty_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// dateModel returns a one-clause model whose instrument has the given
// date fields (JSON members such as `"signed": "0001-01-01"`) and whose
// clause has the given extra members.
func dateModel(instDates, clauseExtra string) []byte {
	if clauseExtra != "" {
		clauseExtra = ", " + clauseExtra
	}
	return fmt.Appendf(nil, `{
  "schema": "treatycond.model/v1", "id": "m",
  "facts": [{"name": "go", "type": "bool"}, {"name": "done", "type": "bool"}, {"name": "start", "type": "date"}],
  "parties": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
  "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A", "B"], %s,
    "clauses": [{"id": "c", "kind": "obligation", "bearer": "A", "action": "act", "condition": "go", "performed": "done"%s}]}]
}`, instDates, clauseExtra)
}

func evalStatus(t *testing.T, m *treaty.Model, s *treaty.Scenario) treaty.Status {
	t.Helper()
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Results)
	return rep.Results[0].Status
}

// TestDateYearOneIsNotUnset: 0001-01-01 is a date like any other, not
// "unset": as a signing date the instrument is in force, as a termination
// date it ends the instrument, as as_of it is not missing, and saving
// keeps it.
func TestDateYearOneIsNotUnset(t *testing.T) {
	facts := map[string]treaty.Fact{"go": {Value: true}, "done": {Value: false}}

	m, err := treaty.DecodeModel(dateModel(`"signed": "0001-01-01"`, ""), "m.json")
	require.NoError(t, err)
	require.False(t, m.Instruments[0].Signed.IsZero(), "0001-01-01 decoded as unset")
	if got := evalStatus(t, m, &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("1000-01-01"), Facts: facts}); got != treaty.Due {
		t.Errorf("signed 0001-01-01, as of 1000-01-01: status %s, want due", got)
	}
	out, err := m.Encode()
	require.NoError(t, err)
	if !bytes.Contains(out, []byte(`"signed": "0001-01-01"`)) {
		t.Errorf("Encode dropped the signing date 0001-01-01:\n%s", out)
	}
	m2, err := treaty.DecodeModel(out, "again.json")
	require.NoError(t, err)
	if diff := cmp.Diff(m, m2); diff != "" {
		t.Errorf("round trip (-m +again):\n%s", diff)
	}

	m, err = treaty.DecodeModel(dateModel(`"signed": "0001-01-01", "terminated": "0001-01-01"`, ""), "m.json")
	require.NoError(t, err)
	if got := evalStatus(t, m, &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("1000-01-01"), Facts: facts}); got != treaty.NotInForce {
		t.Errorf("terminated 0001-01-01, as of 1000-01-01: status %s, want not_in_force", got)
	}
	m, err = treaty.DecodeModel(dateModel(`"signed": "0001-01-01", "in_force": "0001-01-01"`, `"not_before": {"date": "0001-01-01"}`), "m.json")
	require.NoError(t, err)
	require.False(t, m.Instruments[0].InForce.IsZero(), "in_force 0001-01-01 decoded as unset")
	require.False(t, m.Instruments[0].Clauses[0].NotBefore.Date.IsZero(), "not_before 0001-01-01 decoded as unset")

	s, err := treaty.DecodeScenario([]byte(`{"id": "s", "as_of": "0001-01-01", "facts": {"go": true, "done": false}}`), "s.json")
	require.NoError(t, err, "as_of 0001-01-01 reported missing")
	require.NoError(t, treaty.ValidateScenario(m, s))
	if got := evalStatus(t, m, s); got != treaty.Due {
		t.Errorf("as of 0001-01-01: status %s, want due", got)
	}
	out, err = s.Encode()
	require.NoError(t, err)
	if !bytes.Contains(out, []byte(`"as_of": "0001-01-01"`)) {
		t.Errorf("Encode dropped as_of 0001-01-01:\n%s", out)
	}
	if treaty.NewDate(1, 1, 1).IsZero() || !(treaty.Date{}).IsZero() {
		t.Errorf("NewDate(1, 1, 1) must be set and the zero Date unset")
	}
	if (treaty.Date{}).Equal(treaty.NewDate(1, 1, 1)) {
		t.Errorf("the zero Date equals 0001-01-01")
	}
}

// TestDatesOutsideRangeRejected: dates outside 0001-01-01..9999-12-31 are
// rejected with a message that names the range.
func TestDatesOutsideRangeRejected(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"10000-01-01", `invalid date "10000-01-01": year 10000 is out of range: dates run from 0001-01-01 to 9999-12-31`},
		{"0000-12-31", `invalid date "0000-12-31": year 0000 is out of range: dates run from 0001-01-01 to 9999-12-31`},
	} {
		_, err := treaty.ParseDate(tc.in)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseDate(%q) = %v, want %q", tc.in, err, tc.want)
		}
		_, err = treaty.DecodeModel(dateModel(`"signed": "`+tc.in+`"`, ""), "m.json")
		if err == nil || !strings.Contains(err.Error(), `m.json:5:`) || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, treaty.ErrSchema) {
			t.Errorf("DecodeModel with signed %s: %v; want %q at a position", tc.in, err, tc.want)
		}
	}
}

// TestReportDatesReadBack: a deadline far past 9999 used to be written as
// a five-digit year that ParseDate and the report schema reject; every
// date a report holds now reads back and the report is schema-valid.
func TestReportDatesReadBack(t *testing.T) {
	m, err := treaty.DecodeModel(dateModel(`"signed": "9990-01-01"`, `"deadline": {"after": "999999y"}, "not_before": {"after": "9y11m30d", "from": "signed"}`), "m.json")
	require.NoError(t, err)
	s := &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("9999-12-31"),
		Facts: map[string]treaty.Fact{"go": {Value: true}, "done": {Value: false}}}
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	res := rep.Results[0]
	if res.Status != treaty.Due {
		t.Errorf("status %s, want due: a deadline after the end of the range has not passed on 9999-12-31", res.Status)
	}
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	if err := compiledSchema(t, "report").ValidateJSON(data); err != nil {
		t.Errorf("report is not schema-valid: %v\n%s", err, data)
	}
	var doc struct {
		AsOf    string `json:"as_of"`
		Results []struct {
			Since    *string `json:"since"`
			Deadline *string `json:"deadline"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	dates := []string{doc.AsOf}
	for _, r := range doc.Results {
		for _, p := range []*string{r.Since, r.Deadline} {
			if p != nil {
				dates = append(dates, *p)
			}
		}
	}
	require.Greater(t, len(dates), 2, "the report should hold a since and a deadline:\n%s", data)
	for _, d := range dates {
		if _, err := treaty.ParseDate(d); err != nil {
			t.Errorf("the report holds %q, which does not read back: %v", d, err)
		}
	}
}

// TestMonthArithmeticClampsToMonthEnd: a deadline one month after 31
// January is the end of February (29th in a leap year), not 2 or 3 March.
func TestMonthArithmeticClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		from, period, want, reason string
	}{
		{"2023-01-31", "1m", "2023-02-28", "end of February"},
		{"2024-01-31", "1m", "2024-02-29", "end of February in a leap year"},
		{"2024-02-29", "1y", "2025-02-28", "a leap day plus a year"},
		{"2024-02-29", "4y", "2028-02-29", "a leap day plus four years"},
		{"2023-01-31", "1m1d", "2023-03-01", "months first, then days"},
		{"2023-05-31", "1y1m", "2024-06-30", "years and months together"},
	}
	for _, tc := range tests {
		p, err := treaty.ParsePeriod(tc.period)
		require.NoError(t, err)
		if got := treaty.MustDate(tc.from).Add(p).String(); got != tc.want {
			t.Errorf("%s + %s = %s, want %s (%s)", tc.from, tc.period, got, tc.want, tc.reason)
		}
	}
	// And in a model: a deadline "1m" after a 31 January entry into force.
	m, err := treaty.DecodeModel(dateModel(`"signed": "2024-01-31"`, `"deadline": {"after": "1m", "from": "signed"}`), "m.json")
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2024-03-01"),
		Facts: map[string]treaty.Fact{"go": {Value: true}, "done": {Value: false}}})
	require.NoError(t, err)
	res := rep.Results[0]
	if res.Deadline == nil || res.Deadline.String() != "2024-02-29" || res.Status != treaty.Violated {
		t.Errorf("deadline %v, status %s; want 2024-02-29 and violated on 2024-03-01", res.Deadline, res.Status)
	}
}

// TestDateDayOutOfRangeMessage: 2024-02-30 is reported as a day out of
// range, not as a malformed date.
func TestDateDayOutOfRangeMessage(t *testing.T) {
	_, err := treaty.DecodeModel(dateModel(`"signed": "2024-02-30"`, ""), "m.json")
	want := `m.json:5:96: /instruments/0/signed: invalid date "2024-02-30": day 30 is out of range: February 2024 has 29 days`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestAfterZeroPeriodMessage: {"after": "0d"} was reported as "empty"; the
// message now says what to write.
func TestAfterZeroPeriodMessage(t *testing.T) {
	_, err := treaty.DecodeModel(dateModel(`"signed": "2024-01-31"`, `"deadline": {"after": "0d"}`), "m.json")
	want := `/instruments/0/clauses/0/deadline: no date: set "date", or "from" and/or a non-zero "after" period such as "30d" ("0d" adds nothing)`
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("got %v\nwant ...%s", err, want)
	}
}
