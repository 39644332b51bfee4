package treaty_test

import (
	"fmt"
	"os"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// kuril builds the founding case in Go: Article 9 of the 1956 Joint
// Declaration and the Soviet memorandum of 27 January 1960 that added a
// condition to it (sources in examples/kuril/kuril.json).
func kuril() *treaty.Model {
	return &treaty.Model{
		ID:    "kuril",
		Title: "Habomai and Shikotan",
		Facts: []treaty.FactDecl{
			{Field: conditions.Field{Name: "peace_treaty.concluded", Type: conditions.Bool, Doc: "A peace treaty has been concluded."}},
			{Field: conditions.Field{Name: "foreign_troops.withdrawn", Type: conditions.Bool, Doc: "All foreign troops have left Japan."}},
		},
		Parties: []treaty.Party{
			{ID: "JP", Name: "Japan"},
			{ID: "SU", Name: "USSR"},
			{ID: "RU", Name: "Russia", Continues: &treaty.Succession{Party: "SU", From: treaty.MustDate("1991-12-26")}},
		},
		Instruments: []treaty.Instrument{
			{
				ID: "jsd1956", Title: "Joint Declaration", Kind: treaty.KindJointDeclaration,
				Parties: []string{"SU", "JP"}, Signed: treaty.MustDate("1956-10-19"), InForce: treaty.MustDate("1956-12-12"),
				Clauses: []treaty.Clause{{
					ID: "art9", Kind: treaty.Obligation, Bearer: "SU", Beneficiary: "JP",
					Action: "transfer", Objects: []string{"Habomai", "Shikotan"},
					Condition: conditions.MustParse("peace_treaty.concluded"),
				}},
			},
			{
				ID: "memo1960", Title: "Soviet memorandum", Kind: treaty.KindMemorandum,
				Author: "SU", Signed: treaty.MustDate("1960-01-27"),
				Relations: []treaty.Relation{{
					Kind: treaty.AddsCondition, Target: "art9",
					Condition: conditions.MustParse("foreign_troops.withdrawn"),
				}},
			},
		},
		Readings: []treaty.Reading{{ID: "JP", Party: "JP"}, {ID: "RU", Party: "RU"}},
	}
}

// Evaluate a hypothetical: a peace treaty is concluded in 2027 while US
// forces stay in Japan. Japan's reading holds the transfer due; Russia's,
// which counts the memorandum, does not.
func ExampleEvaluate() {
	s := &treaty.Scenario{
		ID:   "peace-treaty-troops-stay",
		AsOf: treaty.MustDate("2028-01-01"),
		Facts: map[string]treaty.Fact{
			"peace_treaty.concluded":   {Value: false, History: []treaty.Change{{From: treaty.MustDate("2027-09-01"), Value: true}}},
			"foreign_troops.withdrawn": {Value: false},
		},
	}
	rep, err := treaty.Evaluate(kuril(), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Printf("%s: %s since %s (%s)\n", r.Reading, r.Status, r.Since, r.Condition)
	}
	for _, d := range rep.Disputes {
		fmt.Println(d.Summary)
	}
	// Output:
	// JP: due since 2027-09-01 (peace_treaty.concluded)
	// RU: not_due since 1956-12-12 (peace_treaty.concluded and foreign_troops.withdrawn)
	// art9: JP due, RU not_due; differs by "foreign_troops.withdrawn" (adds condition by memo1960)
	// art9 (applicability): memo1960 (adds condition, from 1960-01-27): accepted by RU; not accepted by JP
}

// A report renders as a table for people; it also marshals to JSON.
func ExampleReport_WriteText() {
	s := &treaty.Scenario{ID: "troops-unknown", AsOf: treaty.MustDate("2028-01-01"),
		Facts: map[string]treaty.Fact{"peace_treaty.concluded": {Value: true}}}
	rep, err := treaty.Evaluate(kuril(), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep.WriteText(os.Stdout)
	// Output:
	// Habomai and Shikotan: as of 2028-01-01 (scenario troops-unknown)
	//
	// CLAUSE  READING  STATUS        VALUE    SINCE       DEADLINE  REASON
	// art9    JP       due           true     1956-12-12  -         condition holds
	// art9    RU       undetermined  unknown  1960-01-27  -         condition unknown: missing foreign_troops.withdrawn
	//
	// Effective conditions (the clause's condition as the reading's instruments change it):
	//   art9 under JP: peace_treaty.concluded
	//   art9 under RU: peace_treaty.concluded and foreign_troops.withdrawn
	//
	// Missing facts:
	//   art9 under RU: missing foreign_troops.withdrawn
	//
	// Disputes (1 status, 0 latent, 1 applicability):
	//   art9: JP due, RU undetermined; differs by "foreign_troops.withdrawn" (adds condition by memo1960)
	//   art9 (applicability): memo1960 (adds condition, from 1960-01-27): accepted by RU; not accepted by JP
	//
	// Legend:
	//   undetermined  missing facts leave the condition unknown (or, past a deadline, whether the clause was performed)
	//   due           in force and the condition holds; not yet performed
	//   value         the three-valued value (true, false, unknown) of the effective condition; - when the clause is not in force
	//   since         the first day of the run of days, ending on the as-of date, with this status and value; - if it never changed
	//   deadline      the last day to perform once due, when the clause has one
	//   reason        why the clause has its status
}

// What would it take for the transfer to become due, under each reading
// and under both?
func ExampleWhatItTakes() {
	s := &treaty.Scenario{ID: "from-scratch", AsOf: treaty.MustDate("2018-12-31")}
	p, err := treaty.WhatItTakes(kuril(), s, "art9")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range p.Readings {
		fmt.Println(r)
	}
	for _, a := range p.CommonGround {
		fmt.Println("common ground:", a)
	}
	for _, d := range p.Disputed {
		fmt.Println("disputed:", d)
	}
	// Output:
	// JP: undetermined; to be due: {peace_treaty.concluded = true}; to be not due: {peace_treaty.concluded = false}
	// RU: undetermined; to be due: {foreign_troops.withdrawn = true, peace_treaty.concluded = true}; to be not due: {foreign_troops.withdrawn = false} or {peace_treaty.concluded = false}
	// common ground: foreign_troops.withdrawn = true, peace_treaty.concluded = true
	// disputed: {foreign_troops.withdrawn = false, peace_treaty.concluded = true}: JP due, RU not_due (RU accepts memo1960 and JP does not)
}
