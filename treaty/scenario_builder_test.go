package treaty_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

func TestScenarioBuilder(t *testing.T) {
	d := treaty.MustDate
	missing := []string{"foreign_troops.withdrawn"}
	b := treaty.NewScenarioBuilder("peace-2027", d("2028-01-01")).Title("Peace in 2027").ModelFile("kuril.json").
		Fact("foreign_troops.withdrawn", nil).
		Change("peace_treaty.concluded", d("2027-09-01"), true).
		Change("peace_treaty.concluded", d("1956-12-12"), false). // out of order: Build sorts
		Expect(treaty.Expectation{Clause: "art9", Reading: "JP", Status: treaty.Due, Since: "2027-09-01"}).
		Expect(treaty.Expectation{Clause: "art9", Reading: "RU", Status: treaty.Undetermined, Missing: missing}).
		Note("hypothetical")
	s, err := b.Build(kuril())
	require.NoError(t, err)
	want := &treaty.Scenario{
		Schema: treaty.ScenarioSchema, ID: "peace-2027", Title: "Peace in 2027", Model: "kuril.json", AsOf: d("2028-01-01"),
		Facts: map[string]treaty.Fact{
			"foreign_troops.withdrawn": {},
			"peace_treaty.concluded":   {History: []treaty.Change{{From: d("1956-12-12"), Value: false}, {From: d("2027-09-01"), Value: true}}},
		},
		Expect: []treaty.Expectation{
			{Clause: "art9", Reading: "JP", Status: treaty.Due, Since: "2027-09-01"},
			{Clause: "art9", Reading: "RU", Status: treaty.Undetermined, Missing: []string{"foreign_troops.withdrawn"}},
		},
		Notes: []string{"hypothetical"},
	}
	if diff := cmp.Diff(want, s, cmp.AllowUnexported(treaty.Date{})); diff != "" {
		t.Errorf("built scenario (-want +got):\n%s", diff)
	}
	rep, err := treaty.Evaluate(kuril(), s)
	require.NoError(t, err)
	if bad := rep.Check(s.Expect); len(bad) != 0 {
		t.Errorf("the built scenario's expectations fail: %v", bad)
	}

	// The scenario shares nothing with the builder or the caller.
	missing[0] = "changed"
	b.Change("peace_treaty.concluded", d("2027-10-01"), false).Note("more")
	if got := s.Facts["peace_treaty.concluded"].History; len(got) != 2 || s.Expect[1].Missing[0] != "foreign_troops.withdrawn" || len(s.Notes) != 1 {
		t.Errorf("building on, or changing the caller's slice, changed the scenario built before: %v %v %v", got, s.Expect[1].Missing, s.Notes)
	}
}

func TestScenarioBuilderErrors(t *testing.T) {
	d := treaty.MustDate
	b := treaty.NewScenarioBuilder("", treaty.Date{}).
		Fact("peace_treaty.conclude", true).
		Fact("foreign_troops.withdrawn", 3).
		Change("peace_treaty.concluded", d("2000-01-01"), true).
		Change("peace_treaty.concluded", d("2000-01-01"), false).
		Expect(treaty.Expectation{Clause: "art10", Reading: "JP", Status: treaty.Due})
	s, err := b.Build(kuril())
	if s != nil {
		t.Errorf("Build returned a scenario despite errors")
	}
	got := errorTexts(t, err)
	for _, want := range []string{
		`/id: missing or empty "id"`,
		`/as_of: missing or empty "as_of"`,
	} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("Build errors lack %q; got:\n%q", want, got)
		}
	}
	for _, code := range []error{treaty.ErrUnknownFact, treaty.ErrSchema} {
		if !errors.Is(err, code) {
			t.Errorf("errors.Is(err, %v) = false for %v", code, err)
		}
	}
	if len(got) < 6 {
		t.Errorf("want every problem (id, as_of, unknown fact, wrong type, repeated date, unknown clause); got %d:\n%q", len(got), got)
	}
	// Without a model only the form is checked.
	_, err = treaty.NewScenarioBuilder("s", d("2000-01-01")).Fact("anything", true).Build(nil)
	if err != nil {
		t.Errorf("Build(nil) of a well-formed scenario: %v", err)
	}
}

// ExampleScenarioBuilder builds a scenario in Go and evaluates it.
func ExampleScenarioBuilder() {
	s, err := treaty.NewScenarioBuilder("peace-2027", treaty.MustDate("2028-01-01")).
		Fact("foreign_troops.withdrawn", false).
		Change("peace_treaty.concluded", treaty.MustDate("2027-09-01"), true).
		Build(kuril())
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := treaty.Evaluate(kuril(), s)
	for _, r := range rep.Results {
		fmt.Println(r.Reading, r.Status)
	}
	_, err = treaty.NewScenarioBuilder("typo", treaty.MustDate("2028-01-01")).
		Fact("peace_treaty.conclude", true).Build(kuril())
	fmt.Println(err)
	// Output:
	// JP due
	// RU not_due
	// /facts/peace_treaty.conclude: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)
}
