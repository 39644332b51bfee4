package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// writeExceptions renders a clause's exception tree, one node per
// exception, the exceptions to an exception indented below it; every line
// is prefixed by indent.
func writeExceptions(w io.Writer, ns []treaty.ExceptionNode, indent string) {
	for _, n := range ns {
		art := ""
		if n.Article != "" {
			art = ", " + n.Article
		}
		fmt.Fprintf(w, "%s- %s (%s%s): %s: %s\n", indent, n.Exception, n.Instrument, art, strings.ReplaceAll(n.Status, "_", " "), n.Reason)
		cond := n.Condition
		if cond == "" {
			cond = "true"
		}
		fmt.Fprintf(w, "%s    its condition (%s): %s\n", indent, n.Value, cond)
		if len(n.Missing) > 0 {
			fmt.Fprintf(w, "%s    missing: %s\n", indent, strings.Join(n.Missing, ", "))
		}
		writeExceptions(w, n.By, indent+"    ")
	}
}
