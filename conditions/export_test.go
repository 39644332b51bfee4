package conditions

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
