package treatycond_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// The two packages together: a condition evaluated on its own with an
// unknown fact, then the same question asked of a treaty under two
// readings, with Russia's reading counting the 1960 Soviet memorandum that
// added a condition (sources in examples/kuril/kuril.json).
func Example() {
	e := conditions.MustParse("peace_treaty.concluded and foreign_troops.withdrawn")
	r, err := conditions.Eval(e, conditions.Facts{"peace_treaty.concluded": true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Value, "missing", r.Missing)

	b := treaty.NewBuilder("kuril", "Habomai and Shikotan")
	b.Fact("peace_treaty.concluded", conditions.Bool, "A peace treaty has been concluded.")
	b.Fact("foreign_troops.withdrawn", conditions.Bool, "All foreign troops have left Japan.")
	b.Party("JP", "Japan", treaty.State)
	b.Party("SU", "USSR", treaty.State)
	b.Instrument("jsd1956", "Joint Declaration", treaty.KindJointDeclaration).
		Parties("SU", "JP").Signed(treaty.MustDate("1956-10-19")).InForce(treaty.MustDate("1956-12-12")).
		Clause(treaty.Clause{ID: "art9", Kind: treaty.Obligation, Bearer: "SU", Beneficiary: "JP", Action: "transfer"}, "peace_treaty.concluded")
	b.Instrument("memo1960", "Soviet memorandum", treaty.KindMemorandum).
		Author("SU").Signed(treaty.MustDate("1960-01-27")).
		Relation(treaty.Relation{Kind: treaty.AddsCondition, Target: "art9"}, "foreign_troops.withdrawn")
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := treaty.Evaluate(m, &treaty.Scenario{
		ID:    "peace-only",
		AsOf:  treaty.MustDate("2028-01-01"),
		Facts: map[string]treaty.Fact{"peace_treaty.concluded": {Value: true}, "foreign_troops.withdrawn": {Value: false}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range rep.Results {
		fmt.Printf("%s: %s (%s)\n", res.Reading, res.Status, res.Condition)
	}
	// Output:
	// unknown missing [foreign_troops.withdrawn]
	// JP: due (peace_treaty.concluded)
	// SU: not_due (peace_treaty.concluded and foreign_troops.withdrawn)
}
