package conditions

import "github.com/treatycond/treatycond/conditions/internal/ast"

// Hooks for the differential tests of package conditions_test, which run
// every evaluation path on the same conditions and facts.

// EvalTree is [Eval] by the tree evaluator alone, without the plan.
func EvalTree(e Expr, f Facts) (Result, error) {
	ti, errs := e.inferred()
	if len(errs) > 0 {
		return Eval(e, f)
	}
	return evalTree(e, ti, f)
}

// EvalMachine is [Program.Eval] by the lane machine alone, without the
// normal form.
func (p *Program) EvalMachine(v *Values) (Truth, error) {
	r, err := p.exec(v, false)
	if err != nil {
		return Unknown, err
	}
	return Truth(r.t&1)<<1 | Truth(r.f&1), nil
}

// HasNormalForm reports whether Program.Eval evaluates p in normal form.
func (p *Program) HasNormalForm() bool { return p.nf.ok }

// HasPlan reports whether Eval evaluates e by its plan.
func HasPlan(e Expr) bool {
	ti, errs := e.inferred()
	return len(errs) == 0 && e.plan(ti) != nil
}

// CPUTime is cpuTime, for the benchmarks of package conditions_test.
var CPUTime = cpuTime

// EvalFactsRef is the definition of [Program.EvalFacts], computed the
// slow way from the tree: and, or, not and atleast with their
// short-circuits, every other node a unit whose facts are all looked up
// and which Eval of a fresh program evaluates over the facts looked up so
// far; on an error, Program.Eval over those facts.
func (p *Program) EvalFactsRef(f Facts) (Truth, error) {
	read := Facts{}
	met := false
	var walk func(n ast.Node) Truth
	walk = func(n ast.Node) Truth {
		switch x := ast.Untag(n).(type) {
		case *ast.Logic:
			stop, r := False, True // and: stops at false; true unless an operand is not
			if x.Op == ast.OpOr {
				stop, r = True, False
			}
			for _, a := range x.Args {
				t := walk(a)
				if met {
					return Unknown
				}
				if t == stop {
					return stop
				}
				if t == Unknown {
					r = Unknown
				}
			}
			return r
		case *ast.Unary:
			if x.Op == ast.OpNot {
				return [...]Truth{Unknown, True, False}[walk(x.X)]
			}
		case *ast.AtLeast:
			nt, nf := 0, 0
			if x.K <= 0 {
				return True
			}
			if x.K > len(x.Args) {
				return False
			}
			for _, a := range x.Args {
				switch walk(a) {
				case True:
					nt++
				case False:
					nf++
				}
				switch {
				case met:
					return Unknown
				case nt >= x.K:
					return True
				case nf > len(x.Args)-x.K:
					return False
				}
			}
			return Unknown
		}
		ast.Inspect(n, func(m ast.Node) bool {
			if fa, ok := m.(*ast.Fact); ok {
				if val, ok := f[fa.Name]; ok {
					read[fa.Name] = val
				}
			}
			return true
		})
		sub, err := Compile(Expr{root: n, src: p.expr.src}, p.schema)
		if err != nil {
			panic(err)
		}
		v := NewValues(p.schema)
		_ = v.FromFacts(read)
		t, err := sub.Eval(v)
		if err != nil {
			met = true
			return Unknown
		}
		return t
	}
	root := p.expr.root
	if root == nil {
		return True, nil
	}
	t := walk(root)
	if met {
		v := NewValues(p.schema)
		_ = v.FromFacts(read)
		return p.Eval(v)
	}
	return t, nil
}
