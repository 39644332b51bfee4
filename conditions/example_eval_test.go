package conditions_test

import (
	"fmt"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// The 1956 Soviet–Japanese Joint Declaration (article 9) says the USSR will
// hand over Habomai and Shikotan "after the conclusion of a peace treaty".
// A Soviet memorandum of 27 January 1960 added a second condition: the
// withdrawal of all foreign troops from Japan. With the peace treaty
// assumed concluded but the withdrawal not known, the combined condition
// is unknown, and the withdrawal is what is missing.
func ExampleEval() {
	cond := conditions.And(
		conditions.MustParse("peace_treaty.concluded"),
		conditions.WithOrigin(conditions.MustParse("foreign_troops.withdrawn"), "su-memo-1960"),
	)
	r, err := conditions.Eval(cond, conditions.Facts{"peace_treaty.concluded": true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Value)
	fmt.Println(r.Explanation)
	fmt.Println("missing:", r.Missing)
	// Output:
	// unknown
	// unknown  peace_treaty.concluded and foreign_troops.withdrawn
	// ├─ true     peace_treaty.concluded
	// └─ unknown* foreign_troops.withdrawn   [from su-memo-1960]
	// missing: [foreign_troops.withdrawn]
}

// A decided result: the treaty was not concluded, so the condition is
// false whatever happens to the troops. The false operand is marked as
// decisive with an asterisk, and nothing is missing.
func ExampleEval_decided() {
	cond := conditions.MustParse("peace_treaty.concluded and foreign_troops.withdrawn")
	r, err := conditions.Eval(cond, conditions.Facts{"peace_treaty.concluded": false})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Explanation)
	fmt.Println("missing:", r.Missing)
	// Output:
	// false    peace_treaty.concluded and foreign_troops.withdrawn
	// ├─ false*   peace_treaty.concluded
	// └─ unknown  foreign_troops.withdrawn
	// missing: []
}

// Comparisons list the facts they read. Dates are time.Time values,
// compared by their civil date.
func ExampleEval_comparisons() {
	cond := conditions.MustParse("declaration.signed >= @1956-10-19 and atleast(2, ratified.su, ratified.jp, troops.count == 0)")
	r, err := conditions.Eval(cond, conditions.Facts{
		"declaration.signed": time.Date(1956, 10, 19, 15, 0, 0, 0, time.UTC),
		"ratified.su":        true,
		"troops.count":       47000,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Explanation)
	fmt.Println("missing:", r.Missing)
	// Output:
	// unknown  declaration.signed >= @1956-10-19 and atleast(2, ratified.su, ratified.jp, troops.count == 0)
	// ├─ true     declaration.signed >= @1956-10-19   (declaration.signed = @1956-10-19)
	// └─ unknown* atleast(2, ratified.su, ratified.jp, troops.count == 0)
	//    ├─ true     ratified.su
	//    ├─ unknown* ratified.jp
	//    └─ false    troops.count == 0   (troops.count = 47000)
	// missing: [ratified.jp]
}

// A fact value of the wrong Go type is an error, never a silent false.
func ExampleEval_factType() {
	cond := conditions.MustParse("peace_treaty.concluded and troops.count == 0")
	_, err := conditions.Eval(cond, conditions.Facts{"troops.count": "none"})
	fmt.Println(err)
	// Output:
	// 1:28: fact "troops.count" must be a number, got a string
}

// Checking a condition against a schema finds misspelled facts. The error
// prints on one line; [conditions.Snippet] shows it in the source.
func ExampleCheck() {
	schema, err := conditions.NewSchema(
		conditions.Field{Name: "peace_treaty.concluded", Type: conditions.Bool},
		conditions.Field{Name: "foreign_troops.withdrawn", Type: conditions.Bool},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	cond := conditions.MustParse("peace_treaty.conclude and foreign_troops.withdrawn")
	err = conditions.Check(cond, schema)
	fmt.Println(err)
	fmt.Print(conditions.Snippet(cond.Source(), err))
	// Output:
	// 1:1: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)
	// 1:1: unknown fact "peace_treaty.conclude" (did you mean "peace_treaty.concluded"?)
	//     peace_treaty.conclude and foreign_troops.withdrawn
	//     ^~~~~~~~~~~~~~~~~~~~~
}

// Without a schema, Check infers fact types from their use and reports
// conflicting uses.
func ExampleCheck_inference() {
	err := conditions.Check(conditions.MustParse("troops.count > 0 and troops.count"), nil)
	fmt.Println(err)
	// Output:
	// 1:22: fact "troops.count" is used as bool here but as number at 1:1
}
