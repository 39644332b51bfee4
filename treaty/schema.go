package treaty

import "embed"

//go:embed schema/*.schema.json
var schemaFiles embed.FS

// JSONSchema returns the JSON Schema (draft 2020-12) of a file format:
// "model" for models, "scenario" for scenarios, "report" for a [Report],
// "takes" for [Prospects], "sweep" for a [SweepResult], "impact" for an
// [ImpactReport], "compare" for a [ReadingComparison] and "consolidated"
// for a [Consolidated] or [ConsolidatedDiff] (or an array of either). ok is false for
// any other name. The schemas describe the structure of the
// files (fields, JSON types, required fields, enumerations, date and id
// forms) for editors and other tools; the checks that need the whole
// document, such as references between ids, are made by [Model.Validate]
// and [ValidateScenario]. Each call returns a fresh copy, which the caller may modify.
func JSONSchema(name string) (schema []byte, ok bool) {
	data, err := schemaFiles.ReadFile("schema/" + name + ".schema.json")
	if err != nil {
		return nil, false
	}
	return data, true
}
