package treaty_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// A power of denunciation: a year after A's notice, B's obligation ends,
// unless A withdraws the notice within the year.
func ExampleInstrumentBuilder_Power() {
	b := treaty.NewBuilder("denounce", "A treaty with denunciation on notice")
	b.Fact("a.notified", conditions.Bool, "A has given notice of denunciation.")
	b.Fact("a.withdrew", conditions.Bool, "A has withdrawn its notice.")
	b.Party("A", "State A", treaty.State).Party("B", "State B", treaty.State)
	b.Instrument("t", "Treaty", treaty.KindTreaty).Parties("A", "B").
		Signed(treaty.MustDate("2000-01-01")).
		Clause(treaty.Clause{ID: "t.pay", Kind: treaty.Obligation, Bearer: "B", Action: "pay"}, "").
		Power(treaty.Clause{ID: "t.denounce", Bearer: "A", Action: "denounce the treaty"},
			treaty.PowerTerms{Exercise: "a.notified", After: treaty.Period{Years: 1},
				Effects: []treaty.Relation{{Kind: treaty.Terminates, Target: "t.pay"}}},
			"", "a.withdrew")
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := treaty.NewScenarioBuilder("notice", treaty.MustDate("2006-06-01")).
		Fact("a.notified", false).Change("a.notified", treaty.MustDate("2005-03-01"), true).
		Fact("a.withdrew", false).
		Build(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := treaty.Evaluate(m, s, treaty.ForReadings("A"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Printf("%s: %s since %s\n", r.Clause, r.Status, r.Since)
	}
	// Output:
	// t.pay: not_in_force since 2006-03-01
	// t.denounce: effective since 2006-03-01
}
