package treaty_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// A protocol enters into force thirty days after three parties are bound
// by its convention, which itself enters into force ninety days after the
// second deposit: the protocol's condition reads the convention's
// BoundFact, so the convention's entry into force, and its entry into
// force for each party, are computed first.
func ExampleBoundFact() {
	m, err := treaty.LoadModel("testdata/bound/model.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Instruments[1].EntryIntoForce.Condition)
	s := &treaty.Scenario{ID: "s", Facts: map[string]treaty.Fact{"reported": {Value: map[string]any{"a": true, "b": true}}}}
	for _, d := range []string{"2001-05-09", "2001-05-10"} {
		rep, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(d)), treaty.ForClauses("prot.review"))
		if err != nil {
			fmt.Println(err)
			return
		}
		r := rep.Results[0]
		fmt.Println(d, r.Status, r.Reason)
	}

	// Waiting for its own parties is a cycle.
	m.Instruments[1].EntryIntoForce.Condition = conditions.MustParse("count(p in " + treaty.BoundFact("prot") + ": true) >= 2")
	fmt.Println(m.Validate())
	// Output:
	// count(p in bound.conv: true) >= 3
	// 2001-05-09 not_in_force prot enters into force on 2001-05-10 (count(p in bound.conv: true) >= 3 held from 2001-04-10)
	// 2001-05-10 due condition holds
	// /instruments/1/entry_into_force/condition: 1:12: the entry into force of "prot" reads bound.prot, the parties for which "prot" is in force, which that entry into force decides: a condition cannot wait for itself (count the parties that have deposited with parties.prot)
}
