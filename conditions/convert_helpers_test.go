package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// valueOf converts a fact value as every evaluation path does
// ([sem.FromGo]), with a plain error, for tests that compare conversions.
func valueOf(v any) (ast.Value, bool, error) {
	val, known, err := sem.FromGo(v)
	if err != nil {
		return val, known, err
	}
	return val, known, nil
}
