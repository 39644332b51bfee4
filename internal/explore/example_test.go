package explore_test

import (
	"fmt"
	"os"

	"github.com/treatycond/treatycond/internal/explore"
)

// The Kuril case as of December 2018, with a peace treaty concluded and
// the troops staying: Article 9 is due under Japan's reading and not
// under Russia's, which counts the 1960 memoranda.
func ExampleExplorer_Eval() {
	model, _ := os.ReadFile("../../examples/kuril/kuril.json")
	scenario, _ := os.ReadFile("../../examples/kuril/scenario-2018.json")
	ex := explore.New(explore.File{Name: "kuril.json", Data: model}, explore.File{Name: "scenario-2018.json", Data: scenario})
	resp := ex.Eval(&explore.Request{
		Facts:  map[string]string{"peace_treaty.concluded": "true", "foreign_troops.withdrawn": "false"},
		Clause: "jsd1956.art9.transfer",
	})
	for _, r := range resp.Report.Results {
		if r.Clause == "jsd1956.art9.transfer" {
			fmt.Println(r.Reading, r.Status)
		}
	}
	for _, im := range resp.Clause.Impact {
		fmt.Println("unknown fact that matters:", im.Fact)
	}
	fmt.Println(len(resp.Clause.Impact), "unknown facts matter")
	// Output:
	// JP due
	// RU not_due
	// 0 unknown facts matter
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
