package conditions

// compileQuant compiles a quantified condition that type-checks against s.
func compileQuant(e Expr, s *Schema) (*Program, error) {
	return nil, ErrorList{&Error{Code: CodeArgument, Msg: "conditions: Compile does not compile quantifiers yet; use Eval"}}
}
