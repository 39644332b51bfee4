package treaty_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// An exception disapplies a clause where its condition holds; a reading
// that ranks the clause above the exception keeps the clause.
func ExampleInstrumentBuilder_Exception() {
	b := treaty.NewBuilder("derogation", "A derogation in an emergency")
	b.Fact("emergency", conditions.Bool, "A public emergency is declared.")
	b.Party("A", "Alpha", treaty.State).Party("B", "Beta", treaty.State)
	b.Instrument("t", "Treaty", treaty.KindTreaty).Parties("A", "B").InForce(treaty.MustDate("2000-01-01")).
		Clause(treaty.Clause{ID: "t.assembly", Kind: treaty.Permission, Bearer: "B", Action: "assemble"}, "").
		Exception(treaty.Exception{ID: "t.derogation", Article: "4", Overrides: []string{"t.assembly"}}, "emergency")
	b.Reading(treaty.Reading{ID: "A", Party: "A"})
	b.Reading(treaty.Reading{ID: "B", Party: "B", Priorities: []treaty.Priority{{Provision: "t.assembly", Priority: 1}}})
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2001-01-01"), Facts: map[string]treaty.Fact{"emergency": {Value: true}}}
	rep, err := treaty.Evaluate(m, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Printf("%s: %s (%s)\n", r.Reading, r.Status, r.Reason)
		for _, x := range r.Exceptions {
			fmt.Printf("  %s: %s\n", x.Exception, x.Status)
		}
	}
	// Output:
	// A: not_due (disapplied by t.derogation (priority 0, accepted by reading A))
	//   t.derogation: applies
	// B: due (permitted: condition holds)
	//   t.derogation: outranked
}
