package jsonpos_test

import (
	"fmt"

	"github.com/treatycond/treatycond/internal/jsonpos"
)

func Example() {
	data := []byte("{\n  \"parties\": [\"JP\", \"SU\"],\n  \"condition\": \"a and \\\"b\\\" == c\"\n}")
	root, err := jsonpos.Parse(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	lines := jsonpos.NewLines(data)
	v, _ := root.Lookup("/parties/1")
	line, col := lines.Position(v.Offset)
	fmt.Printf("/parties/1 = %q at %d:%d\n", v.Text, line, col)

	// Byte 6 of the decoded condition is the quote before b, which is
	// written as an escape in the file.
	c, _ := root.Lookup("/condition")
	line, col = lines.Position(jsonpos.StringOffset(data, c, 6))
	fmt.Printf("condition byte 6 at %d:%d\n", line, col)
	// Output:
	// /parties/1 = "SU" at 2:21
	// condition byte 6 at 3:23
}
