package treaty

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// collText renders the value of a set or indexed fact for the text
// reports, in JSON's notation so that it can be given back to --set or
// --values: ["a", "b"] for a set, {"a": 0.9, "b": null} for an indexed
// fact (or a set with unknown memberships). ok is false for a value of
// any other kind.
func collText(v any) (text string, ok bool) {
	var b strings.Builder
	switch x := v.(type) {
	case []string:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(e))
		}
		b.WriteByte(']')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(memberText(e))
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(x)) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(k))
			b.WriteString(": ")
			b.WriteString(memberText(x[k]))
		}
		b.WriteByte('}')
	default:
		return "", false
	}
	return b.String(), true
}

// memberText renders one member's value inside collText.
func memberText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case time.Time:
		return strconv.Quote(DateOf(x).String())
	case Date:
		return strconv.Quote(x.String())
	}
	return fmt.Sprint(v)
}
