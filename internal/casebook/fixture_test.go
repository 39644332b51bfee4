package casebook_test

import "testing/fstest"

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
