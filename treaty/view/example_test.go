package view_test

import (
	"fmt"
	"os"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// ferry is a small fictitious model: Borvia must run a ferry while the
// bridge is closed, from the treaty's entry into force.
const ferry = `{
  "id": "ferry", "title": "Ferry Treaty (fictitious)",
  "facts": [{"name": "bridge.open", "type": "bool"}],
  "parties": [{"id": "AL", "name": "Alderia"}, {"id": "BO", "name": "Borvia"}],
  "instruments": [{
    "id": "f2000", "title": "Ferry Treaty", "kind": "treaty", "parties": ["AL", "BO"],
    "signed": "2000-01-01", "in_force": "2000-02-01",
    "clauses": [{"id": "f2000.ferry", "kind": "obligation", "bearer": "BO", "beneficiary": "AL",
                 "action": "run the ferry", "condition": "not bridge.open"}]
  }]
}`

// A timeline shows when the ferry was due: from entry into force until the
// bridge opened.
func ExampleNewTimeline() {
	m, err := treaty.DecodeModel([]byte(ferry), "ferry.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &treaty.Scenario{ID: "bridge-opens", AsOf: treaty.MustDate("2010-12-31"), Facts: map[string]treaty.Fact{
		"bridge.open": {Value: false, History: []treaty.Change{{From: treaty.MustDate("2008-06-01"), Value: true}}},
	}}
	tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{}, treaty.ForReadings("BO"))
	if err != nil {
		fmt.Println(err)
		return
	}
	tl.WriteText(os.Stdout)
	// Output:
	// Ferry Treaty (fictitious): 2000-01-01 to 2010-12-31 (scenario bridge-opens)
	//
	// f2000.ferry
	//   BO
	//     2000-01-01 .. 2000-01-31  not_in_force  -      -                f2000 takes effect on 2000-02-01
	//     2000-02-01 .. 2008-05-31  due           true   not bridge.open  condition holds
	//     2008-06-01 .. 2010-12-31  not_due       false  not bridge.open  condition does not hold
}

// A graph draws the model; here as a Mermaid flowchart.
func ExampleNewGraph() {
	m, err := treaty.DecodeModel([]byte(ferry), "ferry.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	view.NewGraph(m).WriteMermaid(os.Stdout)
	// Output:
	// flowchart LR
	//   n0(["Alderia (AL)"])
	//   n1(["Borvia (BO)"])
	//   n2["Ferry Treaty<br/>f2000 (treaty)<br/>signed 2000-01-01, in force 2000-02-01<br/>accepted by: AL, BO"]
	//   n3("f2000.ferry<br/>BO must run the ferry for AL<br/>if not bridge.open")
	//   n0 -.->|"party"| n2
	//   n1 -.->|"party"| n2
	//   n2 -->|"clause"| n3
	//   classDef party fill:#e8f0fe,stroke:#4a6fa5
	//   classDef instrument fill:#fff4e0,stroke:#b07a1e
	//   classDef clause fill:#eef8ee,stroke:#3c8a3c
	//   class n0,n1 party
	//   class n2 instrument
	//   class n3 clause
}

// When did the ferry first fall due, and when did it first stop being due?
func ExampleTimeline_FirstDay() {
	m, err := treaty.DecodeModel([]byte(ferry), "ferry.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &treaty.Scenario{ID: "bridge-opens", AsOf: treaty.MustDate("2010-12-31"), Facts: map[string]treaty.Fact{
		"bridge.open": {Value: false, History: []treaty.Change{{From: treaty.MustDate("2008-06-01"), Value: true}}},
	}}
	tl, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tl.FirstDay("f2000.ferry", "BO", func(s treaty.Status) bool { return s == treaty.Due }))
	fmt.Println(tl.FirstDay("f2000.ferry", "BO", func(s treaty.Status) bool { return s == treaty.NotDue }))
	fmt.Println(tl.FirstDay("f2000.ferry", "BO", func(s treaty.Status) bool { return s == treaty.Violated }))
	// Output:
	// 2000-02-01 true
	// 2008-06-01 true
	//  false
}
