package treaty_test

import (
	"fmt"

	"github.com/treatycond/treatycond/treaty"
)

// What should we find out next about the transfer, once a peace treaty is
// concluded but the troops' status is unknown? Only the troops matter, and
// they decide the dispute either way.
func ExampleImpact() {
	s := &treaty.Scenario{ID: "troops-unknown", AsOf: treaty.MustDate("2028-01-01"),
		Facts: map[string]treaty.Fact{"peace_treaty.concluded": {Value: true}}}
	rep, err := treaty.Impact(kuril(), s, "art9")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("now:", rep.Dispute)
	for _, a := range rep.Atoms {
		fmt.Printf("%s true: %s; false: %s\n", a.Atom, a.IfTrue.Dispute, a.IfFalse.Dispute)
	}
	// Output:
	// now: undecided
	// foreign_troops.withdrawn true: agree; false: disagree
}

// Japan's and Russia's readings of the transfer, compared over every value
// of the facts: Russia's condition implies Japan's, and the counterexample
// is a scenario that shows where they part.
func ExampleCompareReadings() {
	s := &treaty.Scenario{ID: "open", AsOf: treaty.MustDate("2018-12-31")}
	c, err := treaty.CompareReadings(kuril(), s, "art9", "JP", "RU")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Relation)
	for _, e := range c.Counterexample.Expect {
		fmt.Println(e.Reading, e.Status)
	}
	for _, name := range []string{"foreign_troops.withdrawn", "peace_treaty.concluded"} {
		fmt.Println(name, "=", c.Counterexample.Facts[name].Value)
	}
	// Output:
	// implied_by
	// JP due
	// RU not_due
	// foreign_troops.withdrawn = false
	// peace_treaty.concluded = true
}

// Article 9 as Russia reads it in 2018, part by part, and what differs in
// Japan's reading.
func ExampleConsolidate() {
	ru, err := treaty.Consolidate(kuril(), "RU", treaty.MustDate("2018-12-31"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range ru.Clauses[0].Parts {
		if p.Field == "condition" {
			fmt.Printf("%s [%s, %s]\n", p.Text, p.Origin, p.Relation)
		}
	}
	jp, err := treaty.Consolidate(kuril(), "JP", treaty.MustDate("2018-12-31"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range treaty.DiffConsolidated(jp, ru).Changes {
		fmt.Printf("%s %s: JP %q, RU %q\n", c.Clause, c.Field, c.A, c.B)
	}
	// Output:
	// peace_treaty.concluded [jsd1956, original]
	// foreign_troops.withdrawn [memo1960, adds_condition]
	// art9 condition: JP ["peace_treaty.concluded  [jsd1956, original, from 1956-12-12]"], RU ["peace_treaty.concluded  [jsd1956, original, from 1956-12-12]" "foreign_troops.withdrawn  [memo1960, adds condition, from 1960-01-27]"]
	// art9 effective: JP ["peace_treaty.concluded"], RU ["peace_treaty.concluded and foreign_troops.withdrawn"]
}
