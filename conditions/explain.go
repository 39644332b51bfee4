package conditions

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Explanation shows how a condition got its truth value: one node per
// logical operator (and, or, not, atleast) with its operands as children,
// down to leaves that are comparisons, boolean facts or literals.
// Arithmetic below a comparison is not expanded; the comparison lists the
// facts it read instead.
//
// A quantifier any(x in S: c) or all(x in S: c), and a comparison of a
// count(x in S: c), is one node written as in the condition, with a child
// per member of S: the explanation of c for that member, with the member
// in its Member field. The decisive children are the members that decided
// the quantifier: for any those that made it true (or, when it is false,
// all of them; when unknown, the unknown ones), for all dually, and for a
// count the members that decided its bound (those counted when the count
// is reached, those not counted when it cannot be). A member whose
// membership is unknown is explained as S["member"] and c (for all:
// not S["member"] or c). A count no member can decide, such as
// count(...) >= 0, has no children. A comparison with a sum is a leaf
// whose facts are the members' values, and the membership of the first
// member whose membership is unknown (a sum is unknown until every
// membership is known); a quantifier over a set whose value is unknown is
// a leaf reading the set.
//
// Explanations returned by [Eval] are read-only: a leaf that reads a
// boolean fact depends only on its value and on whether it is decisive,
// and Eval returns the same node for it every time. Copy a node before
// changing it.
//
// In JSON an explanation is an object with the keys expr, op, value
// ("true", "false" or "unknown"), origin (when set), decisive, facts,
// children and member (when not empty).
type Explanation struct {
	// Expr is the canonical text of the node.
	Expr string `json:"expr"`
	// Op is the node's operator: "and", "or", "not", "atleast", one of
	// the comparisons "==", "!=", "<", "<=", ">", ">=", "any" or "all"
	// for a quantifier, "count" for a comparison of a count, or "fact" or
	// "literal" for a leaf that is a boolean fact or literal.
	Op string `json:"op"`
	// Value is the node's truth value.
	Value Truth `json:"value"`
	// Origin is the origin the node was marked with by [WithOrigin], if
	// any, such as the id of the instrument that contributed it.
	Origin string `json:"origin,omitempty"`
	// Decisive reports whether the node decided its parent's value. For
	// "and", the decisive children are the false ones when it is false,
	// all of them when it is true, and the unknown ones when it is
	// unknown; "or" is the dual. For atleast they are the children with
	// its own value (true children when enough are true, false ones when
	// too many are false, unknown ones otherwise), and none for
	// atleast(0, ...). The only child of "not" is decisive. The root is
	// not.
	Decisive bool `json:"decisive"`
	// Facts lists, for a leaf, the facts it read, in order of first
	// occurrence, with their values.
	Facts []FactValue `json:"facts,omitempty"`
	// Children explains the operands of a logical operator, or for a
	// quantifier the body for each member of its set.
	Children []*Explanation `json:"children,omitempty"`
	// Member is, for a child of a quantifier, the member of the set its
	// explanation is about (the value of the quantifier's variable).
	Member string `json:"member,omitempty"`
}

// FactValue is a fact read by a leaf of an [Explanation], with its value.
//
// In JSON it is {"name": ..., "type": ..., "value": ..., "known": ...}
// where value is a JSON boolean, number or string, a date as "YYYY-MM-DD",
// an infinite number as "+Inf" or "-Inf", or null when the fact is unknown.
type FactValue struct {
	// Name is the fact's name.
	Name string `json:"name"`
	// Type is the type of the value, or the type the fact was inferred to
	// have when it is unknown ([Any] if that is not known either).
	Type Type `json:"type"`
	// Value is the value as the language sees it: a bool, a float64, a
	// string, or for a date a string of the form "YYYY-MM-DD". It is nil
	// when the fact is unknown.
	Value any `json:"value"`
	// Known reports whether the fact has a value.
	Known bool `json:"known"`
}

// factValue returns the FactValue of the named fact.
// typ is its inferred type, used when it is unknown.
func factValue(name string, typ Type, fv factVal) FactValue {
	if !fv.known {
		return FactValue{Name: name, Type: typ}
	}
	x := FactValue{Name: name, Type: Type(fv.v.Kind), Known: true}
	switch fv.v.Kind {
	case ast.KindBool:
		x.Value = fv.v.B
	case ast.KindNumber:
		x.Value = fv.v.N
	case ast.KindString:
		x.Value = fv.v.S
	case ast.KindDate:
		x.Value = formatDate(fv.v.D)
	}
	return x
}

// factValueOf is factValue for the fact value given as raw: when raw
// already holds the value the language sees (a float64, string or bool),
// the FactValue shares its box instead of allocating one.
func factValueOf(name string, typ Type, fv factVal, raw any) FactValue {
	if !fv.known {
		return FactValue{Name: name, Type: typ}
	}
	switch fv.v.Kind {
	case ast.KindNumber:
		if _, ok := raw.(float64); ok {
			return FactValue{Name: name, Type: Number, Value: raw, Known: true}
		}
	case ast.KindString:
		if _, ok := raw.(string); ok {
			return FactValue{Name: name, Type: String, Value: raw, Known: true}
		}
	case ast.KindDate:
		return FactValue{Name: name, Type: Date, Value: formatDate(fv.v.D), Known: true}
	}
	return factValue(name, typ, fv)
}

// formatDate returns the day days after 1970-01-01 as "YYYY-MM-DD", as
// time.Format does with that layout, without its parsing of the layout.
func formatDate(days int64) string {
	y, m, d := ast.TimeOf(days).Date()
	if y < 0 || y > 9999 {
		return ast.TimeOf(days).Format("2006-01-02")
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-',
		byte('0' + d/10), byte('0' + d%10),
	}
	return string(b[:])
}

// MarshalJSON encodes f as described at [FactValue].
func (f FactValue) MarshalJSON() ([]byte, error) {
	type plain FactValue // without methods
	if n, ok := f.Value.(float64); ok && math.IsInf(n, 0) {
		f.Value = "+Inf"
		if n < 0 {
			f.Value = "-Inf"
		}
	}
	return json.Marshal(plain(f))
}

// text returns the value as the condition language writes it, or "?".
// String returns "name = value", with the value as in [Explanation.String]
// ("?" when the fact is unknown).
func (f FactValue) String() string { return f.Name + " = " + f.text() }

func (f FactValue) text() string {
	if !f.Known {
		return "?"
	}
	switch v := f.Value.(type) {
	case bool:
		return strconv.FormatBool(v)
	case float64:
		if math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64) // +Inf reads better here than 1e+308 * 10
		}
		return ast.FormatNumber(v)
	case string:
		if f.Type == Date {
			return "@" + v
		}
		return strconv.Quote(v)
	}
	return fmt.Sprint(f.Value)
}

// String renders the explanation as an indented tree, one node per line:
// the node's value, an asterisk when the node is decisive, its text
// (after the member, quoted, and a colon for a child of a quantifier), then
// for a comparison the values of the facts it read and, in brackets, the
// node's origin. For example:
//
//	unknown  peace_treaty.concluded and foreign_troops.withdrawn
//	├─ true     peace_treaty.concluded
//	└─ unknown* foreign_troops.withdrawn   [from su-memo-1960]
//
// A boolean fact's value is the node's value, so it is not repeated.
// There is no newline after the last line.
func (x *Explanation) String() string {
	if x == nil {
		return ""
	}
	var b strings.Builder
	x.write(&b, "", "")
	return strings.TrimSuffix(b.String(), "\n")
}

// write writes x and its children; first prefixes the line of x and rest
// the lines of its children.
func (x *Explanation) write(b *strings.Builder, first, rest string) {
	b.WriteString(first)
	v := x.Value.String()
	if x.Decisive {
		v += "*"
	}
	b.WriteString(v)
	b.WriteString(strings.Repeat(" ", max(1, 9-len(v))))
	if x.Member != "" {
		b.WriteString(strconv.Quote(x.Member))
		b.WriteString(": ")
	}
	b.WriteString(x.Expr)
	if x.Op != "fact" && len(x.Facts) > 0 {
		b.WriteString("   (")
		for i, f := range x.Facts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Name)
			b.WriteString(" = ")
			b.WriteString(f.text())
		}
		b.WriteString(")")
	}
	if x.Origin != "" {
		b.WriteString("   [from ")
		b.WriteString(x.Origin)
		b.WriteString("]")
	}
	b.WriteByte('\n')
	for i, c := range x.Children {
		if i == len(x.Children)-1 {
			c.write(b, rest+"└─ ", rest+"   ")
		} else {
			c.write(b, rest+"├─ ", rest+"│  ")
		}
	}
}
