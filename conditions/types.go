package conditions

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Truth is a three-valued truth value. The zero Truth is Unknown.
type Truth uint8

// The three truth values of Kleene's strong logic.
const (
	Unknown Truth = iota
	False
	True
)

// String returns "true", "false" or "unknown".
func (t Truth) String() string {
	switch t {
	case True:
		return "true"
	case False:
		return "false"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("Truth(%d)", uint8(t))
}

// MarshalText returns the text of [Truth.String].
func (t Truth) MarshalText() ([]byte, error) {
	if t > True {
		return nil, argErrorf("conditions: invalid Truth %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses "true", "false" or "unknown".
func (t *Truth) UnmarshalText(b []byte) error {
	v, err := ParseTruth(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ParseTruth parses "true", "false" or "unknown".
func ParseTruth(s string) (Truth, error) {
	switch s {
	case "true":
		return True, nil
	case "false":
		return False, nil
	case "unknown":
		return Unknown, nil
	}
	return Unknown, argErrorf("conditions: invalid truth value %q: want true, false or unknown", s)
}

// TruthOf returns True or False.
func TruthOf(b bool) Truth {
	if b {
		return True
	}
	return False
}

// Facts holds a scenario's fact values by name. A value is a bool, any Go
// integer or floating-point kind (all numbers are compared and computed as
// float64), a string, or a [time.Time] for a date (compared by its civil
// date in its own location), or a pointer to one. A number must be finite:
// NaN and the infinities are refused with [ErrFactType]. A fact that is
// absent, or nil, is unknown: never false or zero. [ConvertFact] applies
// these rules to one value.
type Facts map[string]any

// Type is the type of a fact or expression: [Any], [Bool], [Number],
// [String] or [Date]. In JSON and text a Type is its name ("bool",
// "number", "string", "date" or "any").
type Type uint8

// The fact types.
const (
	// Any is the type of a fact whose type is not declared: it takes its
	// type from how conditions use it.
	Any Type = iota
	// Bool is a fact that is true or false (a Go bool).
	Bool
	// Number is a fact compared and computed as a float64 (any Go integer
	// or floating-point value).
	Number
	// String is a text fact (a Go string).
	String
	// Date is a calendar date fact (a [time.Time], compared by its civil
	// date; "YYYY-MM-DD" in condition text and JSON).
	Date
	// Period is the type of a period literal such as 30d or 6y6m, which
	// is added to or subtracted from a date. No fact has this type.
	Period
	// Set is a set-valued fact: a finite set of strings, such as the
	// communes of a territory or the parties of an instrument. A
	// condition reads it only through a quantifier, any(x in S: ...).
	Set
)

// The fact types are the kinds of the syntax tree, in the same order.
var _ = [1]struct{}{}[Any-Type(ast.KindAny)+Bool-Type(ast.KindBool)+Number-Type(ast.KindNumber)+String-Type(ast.KindString)+Date-Type(ast.KindDate)+Period-Type(ast.KindPeriod)+Set-Type(ast.KindSet)]

// String returns "any", "bool", "number", "string", "date", "period" or
// "set".
func (t Type) String() string { return ast.Kind(t).String() }

// MarshalText returns the text of [Type.String].
func (t Type) MarshalText() ([]byte, error) {
	if t > Set {
		return nil, argErrorf("conditions: invalid Type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses "bool", "number", "string", "date", "set" or "any".
func (t *Type) UnmarshalText(b []byte) error {
	for k := Any; k <= Set; k++ {
		if k != Period && string(b) == k.String() {
			*t = k
			return nil
		}
	}
	return argErrorf("conditions: invalid type %q: want bool, number, string, date or set", b)
}

// Field declares one fact of a [Schema].
type Field struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	// Doc is a one-line description.
	Doc string `json:"doc,omitempty"`
	// Index, when not empty, makes the fact indexed: it has one value of
	// Type per member of the set-valued fact named Index (declared in the
	// same schema with type [Set]), such as the share of votes for
	// France per commune. A condition reads one member's value as
	// name[x] inside a quantifier over a set, or name["member"].
	Index string `json:"index,omitempty"`
}
