package jsonschema_test

import (
	"fmt"

	"github.com/treatycond/treatycond/internal/jsonschema"
)

func Example() {
	schema, err := jsonschema.Compile([]byte(`{
		"type": "object",
		"required": ["id"],
		"additionalProperties": false,
		"properties": {
			"id": {"type": "string", "pattern": "^\\S+$"},
			"signed": {"type": "string", "format": "date"}
		}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = schema.ValidateJSON([]byte(`{"id": "a b", "signed": "1956-02-30", "title": "x"}`))
	if list, ok := err.(jsonschema.ErrorList); ok {
		for _, e := range list {
			fmt.Println(e)
		}
	}
	// Output:
	// /id: "a b" does not match the pattern ^\S+$
	// /signed: "1956-02-30" is not a date YYYY-MM-DD
	// /: property "title" is not allowed
}
