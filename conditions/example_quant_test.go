package conditions_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
)

// A quantifier over a set-valued fact, with an indexed fact per member.
// One district is known to lack a majority, so "some district lacks one"
// is true whatever the district not yet counted turns out to be. The
// explanation shows the count as written, one line per member, and marks
// with an asterisk the member that decided it.
func ExampleEval_quantifier() {
	e := conditions.MustParse(`count(d in districts: votes.germany[d] <= 0.5) >= 1`)
	r, err := conditions.Eval(e, conditions.Facts{
		"districts":     []string{"Homburg", "Saarlouis", "St. Wendel"},
		"votes.germany": map[string]any{"Homburg": 0.9, "Saarlouis": 0.4}, // St. Wendel unknown
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	// Output:
	// true
	// true     count(d in districts: votes.germany[d] <= 0.5) >= 1
	// ├─ false    "Homburg": votes.germany["Homburg"] <= 0.5   (votes.germany["Homburg"] = 0.9)
	// ├─ true*    "Saarlouis": votes.germany["Saarlouis"] <= 0.5   (votes.germany["Saarlouis"] = 0.4)
	// └─ unknown  "St. Wendel": votes.germany["St. Wendel"] <= 0.5   (votes.germany["St. Wendel"] = ?)
}

// A compiled Program of a quantified condition, with the sets declared in
// its schema.
func ExampleCompile_quantifier() {
	s, err := conditions.NewSchema(
		conditions.Field{Name: "parties", Type: conditions.Set},
		conditions.Field{Name: "ratified", Type: conditions.Bool, Index: "parties"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := conditions.Compile(conditions.MustParse(`count(p in parties: ratified[p]) >= 2`), s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ratified := range []map[string]any{
		{"DE": true, "FR": false, "IT": nil},
		{"DE": true, "FR": true, "IT": nil},
		{"DE": false, "FR": false, "IT": nil},
	} {
		t, err := p.EvalFacts(conditions.Facts{"parties": []string{"DE", "FR", "IT"}, "ratified": ratified})
		fmt.Println(t, err)
	}
	// Output:
	// unknown <nil>
	// true <nil>
	// false <nil>
}
