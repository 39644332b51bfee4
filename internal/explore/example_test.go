package explore_test

import (
	"fmt"
	"os"

	"github.com/treatycond/treatycond/internal/explore"
)

// The Kuril case as of December 2018, with a peace treaty concluded and
// the troops' withdrawal unknown: Article 9 is due under Japan's reading
// and undetermined under Russia's, which counts the 1960 memoranda; the
// withdrawal is the fact to find out.
func ExampleExplorer_Eval() {
	model, _ := os.ReadFile("../../examples/kuril/kuril.json")
	scenario, _ := os.ReadFile("../../examples/kuril/scenario-2018.json")
	ex := explore.New(explore.File{Name: "kuril.json", Data: model}, explore.File{Name: "scenario-2018.json", Data: scenario})
	resp := ex.Eval(&explore.Request{
		Facts:  map[string]string{"peace_treaty.concluded": "true", "foreign_troops.withdrawn": "unknown"},
		Clause: "jsd1956.art9.transfer",
	})
	for _, r := range resp.Report.Results {
		if r.Clause == "jsd1956.art9.transfer" {
			fmt.Println(r.Reading, r.Status)
		}
	}
	for _, a := range resp.Clause.Impact.Atoms {
		fmt.Println("find out:", a.Atom)
		for _, s := range a.IfFalse.Statuses {
			fmt.Println("  if false:", s.Reading, s.Status)
		}
	}
	// Output:
	// JP due
	// RU undetermined
	// find out: foreign_troops.withdrawn
	//   if false: JP due
	//   if false: RU not_due
}

// A bad value typed into the page is answered with a message for its
// field; nothing is evaluated.
func ExampleExplorer_Eval_badInput() {
	model, _ := os.ReadFile("../../examples/saar/saar.json")
	ex := explore.New(explore.File{Name: "saar.json", Data: model}, explore.File{})
	resp := ex.Eval(&explore.Request{Facts: map[string]string{"plebiscite.germany": "many"}, AsOf: "1935-01-13"})
	fmt.Println(resp.FactErrors["plebiscite.germany"])
	fmt.Println(resp.Report == nil)
	// Output:
	// "many" is not a number (write it like 12 or 0.5)
	// true
}
