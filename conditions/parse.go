package conditions

import "errors"

// Parse parses a condition. (Placeholder: replaced by the parser.)
func Parse(src string) (Expr, error) {
	return Expr{}, errors.New("conditions: parser not yet written")
}
