package casebook_test

import (
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/internal/casebook"
)

// An example's test describes the program with a Case and checks it: the
// scenarios' expectations, the JSON output and the text's title, question
// and headings. Here the files come from a map rather than a go:embed
// line, and the program is a function of the test.
func ExampleCase() {
	files := ferryFiles(nil)
	story := casebook.Case{
		Files:     files,
		ModelFile: "ferry.json",
		Question:  ferryQuestion,
		Order:     ferryOrder,
		Program:   ferryProgram(files, ferryQuestion), // in an example's test: its run function
	}
	fmt.Println(story.Check())
	// Output:
	// <nil>
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
	story := ferryCase(nil)
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
