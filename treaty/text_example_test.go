package treaty_test

import (
	"context"
	"fmt"
	"os"

	"github.com/treatycond/treatycond/treaty"
)

// What it takes, written for people: with the scenario's facts held fixed
// the transfer cannot become due, and the text says which facts to open.
func ExampleProspects_WriteText() {
	s := &treaty.Scenario{ID: "status-quo", AsOf: treaty.MustDate("2018-12-31"),
		Facts: map[string]treaty.Fact{"peace_treaty.concluded": {Value: false}, "foreign_troops.withdrawn": {Value: false}}}
	p, err := treaty.WhatItTakes(kuril(), s, "art9", treaty.ForReadings("RU"))
	if err != nil {
		fmt.Println(err)
		return
	}
	p.WriteText(os.Stdout)
	// Output:
	// What it takes: art9 as of 2018-12-31 (scenario status-quo)
	//
	// Reading RU: not_due
	//   condition:     peace_treaty.concluded and foreign_troops.withdrawn
	//   to be due:     impossible while the scenario's known facts stay fixed
	//   to be not due: already: the scenario's known facts decide it
	//   held fixed:    foreign_troops.withdrawn, peace_treaty.concluded (the scenario gives them)
	//
	// Common ground (due under every concerned reading):
	//   none
	//
	// Disputed (the readings disagree):
	//   none
	//
	// "impossible" holds only while the facts the scenario knows keep their values. To ask what
	// they would have to be, open them: --open foreign_troops.withdrawn,peace_treaty.concluded (treaty.OpenFacts in Go).
}

// A sweep's counts as a table.
func ExampleSweepResult_WriteText() {
	s := &treaty.Scenario{ID: "future", AsOf: treaty.MustDate("2028-01-01")}
	res, err := treaty.Sweep(context.Background(), kuril(), s,
		treaty.SweepSpec{Vary: []string{"peace_treaty.concluded", "foreign_troops.withdrawn"}, Disagreements: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	res.WriteText(os.Stdout)
	// Output:
	// Sweep of kuril as of 2028-01-01 (scenario future): 4 combinations of
	//   peace_treaty.concluded in {true, false}
	//   foreign_troops.withdrawn in {true, false}
	//
	// CLAUSE  READING  NOT_IN_FORCE  NOT_DUE  UNDETERMINED  DUE  FULFILLED  VIOLATED
	// art9    JP       0             2        0             2    0          0
	// art9    RU       0             3        0             1    0          0
	//
	// Readings disagree:
	//   art9: in 1 of 4 combinations
	//
	// For example:
	//   art9: foreign_troops.withdrawn=false, peace_treaty.concluded=true: JP due, RU not_due
}
