package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// ConvertFact converts v, the value of the fact called name, to the
// canonical form in which every evaluation path of this package sees it,
// by the rules of [Facts]: a bool, a float64 (from any Go integer or float
// kind), a string, or for a date a [time.Time] at midnight UTC of v's
// civil date in v's own location. Pointers are followed. It returns nil,
// and no error, for nil or a nil pointer (the fact is unknown).
//
// want is the fact's declared type, or [Any] to accept any type. The error
// is an [*Error] with code [CodeFactType] and no position, as [Eval]
// reports the same value: for a value of another type than want, of a Go
// type the language does not know, or a number that is not finite. Fact
// values must be finite numbers: NaN and the infinities are refused by
// [Eval], [Residual], [Takes], [Values] and [Program.EvalFacts] alike,
// because no input format can write them. (Arithmetic may still overflow
// to an infinity; comparisons handle it.)
//
// Packages that keep fact values of their own, such as package treaty,
// convert them with ConvertFact so that they accept exactly what this
// package accepts.
func ConvertFact(name string, want Type, v any) (any, error) {
	val, known, verr := sem.FromGo(v)
	val, known, err := checkFact(name, want, v, val, known, verr)
	if err != nil {
		return nil, err
	}
	if !known {
		return nil, nil
	}
	return sem.GoValue(val), nil
}

// ConvertJSONFact is [ConvertFact] for a value decoded from JSON by
// encoding/json into an any (nil, bool, float64 or [encoding/json.Number],
// string). JSON has no date type: when want is [Date], a string
// "YYYY-MM-DD" naming a day that exists is the date. Any other value is
// converted as by ConvertFact.
func ConvertJSONFact(name string, want Type, v any) (any, error) {
	val, known, verr := sem.FromJSON(v, ast.Kind(want))
	val, known, err := checkFact(name, want, v, val, known, verr)
	if err != nil {
		return nil, err
	}
	if !known {
		return nil, nil
	}
	return sem.GoValue(val), nil
}
