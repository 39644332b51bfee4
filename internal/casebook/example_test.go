package casebook_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/treatycond/treatycond/internal/casebook"
)

// An example program describes its story with a Case and hands Case.Run to
// Main; here the files come from a map rather than a go:embed line.
func ExampleCase() {
	story := casebook.Case{
		Files:     ferryFiles(nil),
		ModelFile: "ferry.json",
		Question:  "When must Borvia run the ferry?",
		Order:     []string{"scenario-closed.json", "scenario-open.json"},
	}
	// In a program: func main() { casebook.Main("ferry", story.Run) }
	if err := story.Run(os.Stdout, false); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Ferry Treaty (fictitious)
	// =========================
	// When must Borvia run the ferry?
	//
	// --- 1. 2001: the bridge is closed
	//
	// Ferry Treaty (fictitious): as of 2001-01-01 (scenario closed)
	//
	// CLAUSE       READING  STATUS  VALUE  SINCE       DEADLINE  REASON
	// f2000.ferry  AL       due     true   2000-02-01  -         condition holds
	// f2000.ferry  BO       due     true   2000-02-01  -         condition holds
	//
	// Effective conditions (the clause's condition as the reading's instruments change it):
	//   f2000.ferry under AL, BO: not bridge.open
	//
	// No disputes: the readings agree on every clause.
	//
	// Legend:
	//   due           in force and the condition holds; not yet performed
	//   value         the three-valued value (true, false, unknown) of the effective condition; - when the clause is not in force
	//   since         the first day of the run of days, ending on the as-of date, with this status and value; - if it never changed
	//   deadline      the last day to perform once due, when the clause has one
	//   reason        why the clause has its status
	//
	// --- 2. 2010: the bridge is open
	//
	// Ferry Treaty (fictitious): as of 2010-01-01 (scenario open)
	//
	// CLAUSE       READING  STATUS   VALUE  SINCE       DEADLINE  REASON
	// f2000.ferry  AL       not_due  false  2000-02-01  -         condition does not hold
	// f2000.ferry  BO       not_due  false  2000-02-01  -         condition does not hold
	//
	// Effective conditions (the clause's condition as the reading's instruments change it):
	//   f2000.ferry under AL, BO: not bridge.open
	//
	// No disputes: the readings agree on every clause.
	//
	// Legend:
	//   not_due       in force, but the condition does not hold, or the clause's start date has not come
	//   value         the three-valued value (true, false, unknown) of the effective condition; - when the clause is not in force
	//   since         the first day of the run of days, ending on the as-of date, with this status and value; - if it never changed
	//   deadline      the last day to perform once due, when the clause has one
	//   reason        why the clause has its status
}

// Mismatches lists every expectation a scenario does not meet; a test
// asserts that the list is empty.
func ExampleBook_Mismatches() {
	b, err := casebook.Load(ferryFiles(map[string]string{"scenario-open.json": `{
  "id": "open", "as_of": "2010-01-01", "facts": {"bridge.open": true},
  "expect": [{"clause": "f2000.ferry", "reading": "BO", "status": "due"}]
}`}), "ferry.json", []string{"scenario-closed.json", "scenario-open.json"})
	if err != nil {
		fmt.Println(err)
		return
	}
	mismatches, err := b.Mismatches()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range mismatches {
		fmt.Println(m)
	}
	// Output:
	// open: f2000.ferry under BO: status is not_due, want due
}

// Section and Row find what a test checks in the text output.
func ExampleSection() {
	story := casebook.Case{Files: ferryFiles(nil), ModelFile: "ferry.json", Order: []string{"scenario-closed.json", "scenario-open.json"}}
	var out strings.Builder
	if err := story.Run(&out, false); err != nil {
		fmt.Println(err)
		return
	}
	s, err := casebook.Section(out.String(), "2010: the bridge is open")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(casebook.Row("f2000.ferry", "BO", "not_due", "2000-02-01").MatchString(s))
	fmt.Println(casebook.Row("f2000.ferry", "BO", "due", "2000-02-01").MatchString(s))
	_, err = casebook.Section(out.String(), "2020: a tunnel")
	fmt.Println(err)
	// Output:
	// true
	// false
	// no section "2020: a tunnel" in the output
}
