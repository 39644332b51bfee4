package casebook_test

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing/fstest"

	"github.com/treatycond/treatycond/internal/casebook"
)

// ferryModel is a fictitious model small enough to read at a glance: one
// clause, due while the bridge is closed.
const ferryModel = `{
  "schema": "treatycond.model/v1",
  "id": "ferry",
  "title": "Ferry Treaty (fictitious)",
  "facts": [{"name": "bridge.open", "type": "bool", "doc": "The bridge over the strait is open."}],
  "parties": [
    {"id": "AL", "name": "Alderia", "kind": "state"},
    {"id": "BO", "name": "Borvia", "kind": "state"}
  ],
  "instruments": [{
    "id": "f2000", "title": "Ferry Treaty", "kind": "treaty",
    "parties": ["AL", "BO"], "signed": "2000-01-01", "in_force": "2000-02-01",
    "clauses": [{
      "id": "f2000.ferry", "kind": "obligation", "bearer": "BO", "beneficiary": "AL",
      "action": "run the ferry", "condition": "not bridge.open"
    }]
  }]
}`

// closedScenario: the bridge is closed, so the ferry is due.
const closedScenario = `{
  "schema": "treatycond.scenario/v1",
  "id": "closed",
  "title": "2001: the bridge is closed",
  "as_of": "2001-01-01",
  "facts": {"bridge.open": false},
  "expect": [{"clause": "f2000.ferry", "reading": "BO", "status": "due", "since": "2000-02-01"}]
}`

// openScenario: the bridge is open, so the ferry is not due.
const openScenario = `{
  "schema": "treatycond.scenario/v1",
  "id": "open",
  "title": "2010: the bridge is open",
  "as_of": "2010-01-01",
  "facts": {"bridge.open": true},
  "expect": [{"clause": "f2000.ferry", "reading": "AL", "status": "not_due", "value": "false"}]
}`

// ferryFiles returns the files of the ferry casebook, with the given files
// added or replaced.
func ferryFiles(extra map[string]string) fstest.MapFS {
	files := map[string]string{
		"ferry.json":           ferryModel,
		"scenario-closed.json": closedScenario,
		"scenario-open.json":   openScenario,
	}
	for name, data := range extra {
		files[name] = data
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// ferryOrder tells the story backwards from the files' lexical order, so
// that the tests see the order followed.
var ferryOrder = []string{"scenario-open.json", "scenario-closed.json"}

// write writes the reports of b as an example program does: as JSON, one
// indented array of reports; as text, the model's title underlined, the
// question, then per scenario a heading "--- N. Title" and the report.
func write(b *casebook.Book, w io.Writer, question string, asJSON bool) error {
	reports, err := b.Reports()
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(reports)
	}
	title := b.Model.Title
	if _, err := fmt.Fprintf(w, "%s\n%s\n%s\n\n", title, strings.Repeat("=", len(title)), question); err != nil {
		return err
	}
	for i, rep := range reports {
		if _, err := fmt.Fprintf(w, "--- %d. %s\n\n", i+1, b.Scenarios[i].Title); err != nil {
			return err
		}
		if err := rep.WriteText(w); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}

// ferryProgram is the run function of a ferry example program over the
// given files, told in ferryOrder.
func ferryProgram(files fstest.MapFS, question string) func(io.Writer, bool) error {
	return func(w io.Writer, asJSON bool) error {
		b, err := casebook.Load(files, "ferry.json", ferryOrder)
		if err != nil {
			return err
		}
		return write(b, w, question, asJSON)
	}
}

// ferryQuestion is the ferry program's question.
const ferryQuestion = "Is the ferry due?"

// ferryCase is the ferry example program described as a Case.
func ferryCase(extra map[string]string) casebook.Case {
	files := ferryFiles(extra)
	return casebook.Case{Files: files, ModelFile: "ferry.json", Question: ferryQuestion, Order: ferryOrder,
		Program: ferryProgram(files, ferryQuestion)}
}
