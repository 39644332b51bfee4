package conditions

// FlatShape reports how EvalFacts runs p: whether its "and"s and "or"s
// take a bit of the flags by depth of nesting (there are more than 64 of
// them), and how many of its instructions hand a node over to the tree
// evaluator.
func (p *Program) FlatShape() (byDepth bool, handOvers int) {
	for _, in := range p.lazy.flat.code {
		switch in.op {
		case flClear:
			byDepth = true
		case flNode:
			handOvers++
		}
	}
	return byDepth, handOvers
}
