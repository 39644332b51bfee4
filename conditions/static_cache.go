package conditions

import "github.com/treatycond/treatycond/conditions/internal/ast"

// fillStatic caches the static type of every arithmetic operation of a
// freshly parsed tree in the node (ast.Arith.Static), innermost first, so
// that each is computed from its operands' cached types: staticType of an
// operation otherwise looks at its whole subtree, and asking it at every
// level of a chain x + x + ... + x took time quadratic in its length.
func fillStatic(root ast.Node) {
	var ops []*ast.Arith
	ast.Inspect(root, func(n ast.Node) bool {
		if a, ok := n.(*ast.Arith); ok {
			ops = append(ops, a)
		}
		return true
	})
	// In pre-order every operation comes before the operations below it,
	// so the reverse order has them after.
	for i := len(ops) - 1; i >= 0; i-- {
		ops[i].Static = uint8(arithStatic(ops[i])) + 1
	}
}
