package conditions

import (
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// valueOf converts a fact value from [Facts] to the language's value.
// ok is false for nil (unknown). The error names the Go type when it is
// not one the language knows, or the value when it is a NaN.
func valueOf(v any) (val ast.Value, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return ast.Value{}, false, nil
	case bool:
		return ast.Bool(x), true, nil
	case int:
		return ast.Number(float64(x)), true, nil
	case int64:
		return ast.Number(float64(x)), true, nil
	case float64:
		if math.IsNaN(x) {
			return ast.Value{}, false, fmt.Errorf("NaN is not a number the language accepts")
		}
		return ast.Number(x), true, nil
	case string:
		return ast.String(x), true, nil
	case time.Time:
		return ast.Date(ast.DaysOf(x)), true, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return ast.Bool(rv.Bool()), true, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(float64(rv.Int())), true, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(float64(rv.Uint())), true, nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) {
			return ast.Value{}, false, fmt.Errorf("NaN is not a number the language accepts")
		}
		return ast.Number(f), true, nil
	case reflect.String:
		return ast.String(rv.String()), true, nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return ast.Value{}, false, nil
		}
		return valueOf(rv.Elem().Interface())
	}
	return ast.Value{}, false, fmt.Errorf("unsupported Go type %T: want bool, a number, string or time.Time", v)
}
