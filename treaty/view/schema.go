package view

import "embed"

//go:embed schema/*.schema.json
var schemaFiles embed.FS

// JSONSchema returns the JSON Schema (draft 2020-12) of a view in JSON:
// "graph" for a [Graph], "timeline" for a [Timeline]. ok is false for any
// other name. Each call returns a fresh copy, which the caller may modify.
func JSONSchema(name string) (schema []byte, ok bool) {
	switch name {
	case "graph", "timeline":
	default:
		return nil, false
	}
	data, err := schemaFiles.ReadFile("schema/" + name + ".schema.json")
	if err != nil {
		return nil, false
	}
	return data, true
}
