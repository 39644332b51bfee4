package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/google/cel-go/cel"
)

// ExprName returns the expr-lang identifier of a dotted fact name: the expr
// env is a flat map, so "peace_treaty.concluded" becomes
// "peace_treaty__concluded".
func ExprName(fact string) string { return strings.ReplaceAll(fact, ".", "__") }

// civilDate parses a YYYY-MM-DD date to midnight UTC. It is the expr
// counterpart of the date literal @YYYY-MM-DD; the expr compiler calls it
// once at compile time (expr.ConstExpr), so evaluation compares two
// time.Time values.
func civilDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

// ExprEnv returns the expr env of s for c: a flat map holding c's facts.
func (c *Case) ExprEnv(s *Scenario) map[string]any {
	env := make(map[string]any, len(c.Facts))
	for _, f := range c.Facts {
		env[ExprName(f.Name)] = s.Value(f.Name)
	}
	return env
}

// CompileExpr compiles c.Expr with a typed map env (the types come from the
// zero Scenario), expecting a bool result.
func (c *Case) CompileExpr() (*vm.Program, error) {
	env := c.ExprEnv(&Scenario{})
	env["civil_date"] = civilDate
	p, err := expr.Compile(c.Expr, expr.Env(env), expr.AsBool(), expr.ConstExpr("civil_date"))
	if err != nil {
		return nil, fmt.Errorf("bench: expr %s: %w", c.Name, err)
	}
	return p, nil
}

// CELVars returns the cel-go variables of s for c, keyed by the dotted fact
// names: bool, int64, float64 and time.Time (which cel-go adapts to a
// google.protobuf.Timestamp).
func (c *Case) CELVars(s *Scenario) map[string]any {
	vars := make(map[string]any, len(c.Facts))
	for _, f := range c.Facts {
		v := s.Value(f.Name)
		if f.Kind == KindInt {
			v = int64(v.(int))
		}
		vars[f.Name] = v
	}
	return vars
}

// CELEnv returns a cel-go environment declaring c's facts as variables
// with their dotted names.
func (c *Case) CELEnv() (*cel.Env, error) {
	opts := make([]cel.EnvOption, 0, len(c.Facts))
	for _, f := range c.Facts {
		t := cel.BoolType
		switch f.Kind {
		case KindInt:
			t = cel.IntType
		case KindFloat:
			t = cel.DoubleType
		case KindDate:
			t = cel.TimestampType
		}
		opts = append(opts, cel.Variable(f.Name, t))
	}
	return cel.NewEnv(opts...)
}

// CEL is a compiled cel-go condition.
type CEL struct {
	Env *cel.Env
	Ast *cel.Ast
	// Program is the plain program (cel.OptOptimize, which precomputes the
	// timestamp literal).
	Program cel.Program
	// Partial is the partial-evaluation program (OptPartialEval): given a
	// cel.PartialActivation it returns an unknown value when the unknown
	// facts decide the result.
	Partial cel.Program
	// Tracked is Partial with OptTrackState, which records the value of
	// every subexpression: cel.Env.ResidualAst needs that state.
	Tracked cel.Program
	// State is Program with OptTrackState: the value of every
	// subexpression, cel-go's counterpart of an explanation.
	State cel.Program
}

// CompileCEL parses, checks and plans c.CEL.
func (c *Case) CompileCEL() (*CEL, error) {
	env, err := c.CELEnv()
	if err != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, err)
	}
	ast, iss := env.Compile(c.CEL)
	if iss.Err() != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, iss.Err())
	}
	if ast.OutputType() != cel.BoolType {
		return nil, fmt.Errorf("bench: cel %s: result type %v, want bool", c.Name, ast.OutputType())
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, err)
	}
	partial, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize, cel.OptPartialEval))
	if err != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, err)
	}
	tracked, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize, cel.OptPartialEval, cel.OptTrackState))
	if err != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, err)
	}
	state, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize, cel.OptTrackState))
	if err != nil {
		return nil, fmt.Errorf("bench: cel %s: %w", c.Name, err)
	}
	return &CEL{Env: env, Ast: ast, Program: prg, Partial: partial, Tracked: tracked, State: state}, nil
}

// PartialVars returns a cel-go partial activation holding s's facts for c
// except those named in unknown, which are marked unknown by one attribute
// pattern each.
func (c *Case) PartialVars(s *Scenario, unknown ...string) (cel.PartialActivation, error) {
	vars := c.CELVars(s)
	pats := make([]*cel.AttributePatternType, len(unknown))
	for i, name := range unknown {
		delete(vars, name)
		pats[i] = cel.AttributePattern(name)
	}
	return cel.PartialVars(vars, pats...)
}

// ResidualAst partially evaluates the compiled condition over a partial
// activation and returns cel-go's residual: the checked AST of what is left
// (cel.Env.ResidualAst). It is the cel-go counterpart of
// conditions.Residual.
func (c *CEL) ResidualAst(vars cel.PartialActivation) (*cel.Ast, error) {
	_, det, err := c.Tracked.Eval(vars)
	if err != nil {
		return nil, err
	}
	return c.Env.ResidualAst(c.Ast, det)
}
