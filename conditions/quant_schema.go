package conditions

import "strconv"

// checkIndexes checks the Index of every field: it names a declared field
// of type Set, and the indexed field is not itself a set.
func checkIndexes(fields []Field, index map[string]int) error {
	for i, f := range fields {
		if f.Index == "" {
			continue
		}
		j, ok := index[f.Index]
		switch {
		case f.Type == Set:
			return argErrorf("schema field %d (%s): a set cannot be indexed: remove index %q or declare another type", i, f.Name, f.Index)
		case !ok:
			return argErrorf("schema field %d (%s): index %q is not a declared field: declare it with type set", i, f.Name, f.Index)
		case fields[j].Type != Set:
			return argErrorf("schema field %d (%s): index %q is a %s field, not a set", i, f.Name, f.Index, fields[j].Type)
		}
	}
	return nil
}

// instanceName returns the name under which a quantifier's expansion
// reads one member's value of an indexed fact: name["member"], the text
// that reads it in a condition.
func instanceName(name, member string) string {
	return name + "[" + strconv.Quote(member) + "]"
}
