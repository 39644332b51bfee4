package conditions

import (
	"fmt"
	"slices"
	"sync"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Program is a condition compiled against a [Schema] for fast, repeated
// evaluation: [Program.Eval] reads facts from a [Values] laid out by the
// schema and allocates nothing unless it returns an error, and
// [Program.EvalBatch] evaluates 64 scenarios at once.
//
// A Program gives the results of [Eval] on the same condition and facts,
// errors included (except that [Program.EvalFacts] looks facts up lazily
// and so may not meet an error Eval reports): Kleene's
// strong three-valued logic, every operand evaluated (no short-circuit can
// hide a division by zero), fact values of the wrong type reported, and of
// several errors the first in source order returned.
//
// A Program is immutable and safe for concurrent use by multiple
// goroutines; share one Program and give each goroutine its own [Values].
// Its accessors return copies.
type Program struct {
	expr    Expr
	schema  *Schema
	code    []instr
	items   []cmpItem  // comparisons of the sCmpsAnd and sCmpsOr instructions of fast
	exprs   []exprItem // comparisons of the sExprsAnd and sExprsOr instructions of fast
	nf      nfProg     // the normal form, if the condition has one
	lists   []int32    // fact lists of opAndFacts, opOrFacts and opCntFacts (see factRef)
	clauses []clause   // the fact lists of opCNF and opDNF
	nums    []float64  // number constants of generic number operands
	strs    []string   // string constants
	divs    []division // the divisions that may fail, for their errors
	firsts  []factRead // the first occurrence of each fact read, in order
	slots   []int32    // the distinct slots read, ascending
	nb, nn  int        // numbers of bool and number registers
	lazy    lazyPlan   // how EvalFacts looks facts up

	vals sync.Pool // *lazyScratch for EvalFacts

	quant *quantProg // a quantified condition, evaluated by expansion (see quant_program.go)
}

// division is a division that may fail: where its '/' is and its node,
// whose text the error names (formatted only then, so that compiling a
// chain of divisions stays linear).
type division struct {
	rng  ast.Range
	node ast.Node
}

// factRead is one occurrence of a fact in the condition.
type factRead struct {
	slot int32
	rng  ast.Range
}

// Compile type-checks e against s, as [Check] does, and compiles it. The
// error, if any, is the one Check returns. Every fact e reads must be
// declared in s; the [Values] that the program evaluates must be made for
// the same s, by [NewValues] or [NewBatch].
//
// Compile folds constant subexpressions, except those whose evaluation
// fails (a division by zero), which stay in the program so that every
// evaluation reports them as [Eval] does.
func Compile(e Expr, s *Schema) (*Program, error) {
	if err := Check(e, s); err != nil {
		return nil, err
	}
	if e.quantified() {
		return compileQuant(e, s)
	}
	return compile(e, s)
}

// compile compiles a condition that type-checks against s. It reports the
// type errors it meets, so that it is safe on any tree, but it is no
// substitute for [Check]: it does not collect all errors.
func compile(e Expr, s *Schema) (*Program, error) {
	p, err := compileCode(e, s)
	if err != nil {
		return nil, err
	}
	root := e.root
	if root == nil {
		root = &ast.Lit{Val: ast.Bool(true)}
	}
	if err := p.planLookups(root); err != nil {
		return nil, err
	}
	return p, nil
}

// compileCode is compile without the lookup plan of EvalFacts (see
// lazyPlan), for the units of that plan.
func compileCode(e Expr, s *Schema) (*Program, error) {
	p := &Program{expr: e, schema: s}
	c := &compiler{p: p, s: s, ev: &evaluator{src: e.src}}
	root := e.root
	if root == nil {
		root = &ast.Lit{Val: ast.Bool(true)}
	}
	var ferr error
	seen := make([]bool, s.Len())
	ops := 0 // arithmetic operations and comparisons, an instruction each at most
	arith, divs := 0, 0
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Arith:
			arith++
			ops++
			if n.Op == ast.OpDiv {
				divs++
			}
		case *ast.Compare:
			ops++
		}
		f, ok := n.(*ast.Fact)
		if !ok || ferr != nil {
			return ferr == nil
		}
		i, ok := s.Index(f.Name)
		if !ok {
			ferr = unknownFactError(s, f)
			return false
		}
		if !seen[i] {
			seen[i] = true
			p.firsts = append(p.firsts, factRead{slot: int32(i), rng: f.Rng})
			p.slots = append(p.slots, int32(i))
		}
		return true
	})
	if ferr != nil {
		return nil, ferr
	}
	slices.Sort(p.slots)
	// Sized once, so that a long chain of operations is not copied as
	// its code and types grow.
	p.code = make([]instr, 0, ops+1)
	if arith > 0 {
		c.arithTypes = make(map[*ast.Arith]Type, arith)
	}
	if divs > 0 {
		p.divs = make([]division, 0, divs)
	}

	r, err := c.boolean(root, sink{}, false)
	if err != nil {
		return nil, err
	}
	if r.konst {
		c.emit(instr{op: opConst, dst: 0, x: laneMask(r.val == True)})
	}
	p.nb, p.nn = max(c.nb, 1), c.nn
	p.code = slices.Clip(p.code)
	p.normalForm(root)
	return p, nil
}

// errNilProgram is the error every evaluation method of a nil *Program
// returns.
func errNilProgram() error {
	return ErrorList{&Error{Code: CodeArgument, Msg: "nil Program"}}
}

// Expr returns the condition p was compiled from; for a nil p, the zero
// Expr.
func (p *Program) Expr() Expr {
	if p == nil {
		return Expr{}
	}
	return p.expr
}

// Schema returns the schema p was compiled against; for a nil p, nil.
func (p *Program) Schema() *Schema {
	if p == nil {
		return nil
	}
	return p.schema
}

// String returns the canonical text of the condition p was compiled from;
// for a nil p, the text of the zero Expr.
func (p *Program) String() string { return p.Expr().String() }

// Facts returns the names of the facts p reads, in declaration (slot)
// order, without duplicates. The slice is a copy; for a nil p it is nil.
func (p *Program) Facts() []string {
	if p == nil {
		return nil
	}
	names := make([]string, len(p.slots))
	for i, s := range p.slots {
		names[i] = p.schema.fields[s].Name
	}
	return names
}

// Eval evaluates p over the facts in v, which must have been made for p's
// schema. It allocates nothing unless it returns an error. It uses v as
// scratch space, so v must not be in use by another goroutine.
//
// A non-nil error is an [ErrorList] of one [*Error], as from [Eval]:
// [ErrFactType] for a fact p reads whose slot holds a value of the wrong
// type (see Misuse in [Values]), [ErrDivByZero] for a division by zero,
// or [ErrArgument] if v was made for another schema or a setter was given
// a slot out of range. The Truth is then Unknown.
//
// If v belongs to a [Batch], Eval evaluates lane 0. On a nil p it returns
// Unknown and [ErrArgument].
func (p *Program) Eval(v *Values) (Truth, error) {
	if p == nil {
		return Unknown, errNilProgram()
	}
	if p.quant != nil {
		return p.quant.eval(v)
	}
	// The common case first: a program in normal form (see nfProg) and a
	// Values with nothing to check or prepare.
	if p.nf.ok && v != nil && v.schema == p.schema && !v.dirty {
		return p.nfValue(v), nil
	}
	return p.eval(v)
}

// eval is [Program.Eval] but for its first case.
func (p *Program) eval(v *Values) (Truth, error) {
	if v != nil && v.schema == p.schema && !v.dirty && len(v.regB) >= p.nb && len(v.regN) >= p.nn {
		// Nothing to check or prepare.
		if r, div := p.run(v); div < 0 {
			return Truth(r.t&1)<<1 | Truth(r.f&1), nil
		}
	}
	r, err := p.exec(v, false)
	if err != nil {
		return Unknown, err
	}
	return Truth(r.t&1)<<1 | Truth(r.f&1), nil
}

// EvalFacts evaluates p over facts given by name, with p's schema giving
// the fact types. It looks facts up lazily, only when the evaluation
// needs them: "and" evaluates its operands left to right and stops at the
// first false one, "or" at the first true one, atleast(k, ...) as soon as
// k operands are true or too many are false; a comparison, or any other
// operand that is not one of those or a "not", reads all of its facts. So:
//
//   - when EvalFacts and [Eval] both give a value without an error, it is
//     the same value (Kleene's logic makes the short-circuits exact);
//   - an invalid value (of the wrong type, or a number that is not
//     finite) is reported only if EvalFacts reaches its fact: in
//     "a and b" with a false, b is not looked up, and an invalid b is not
//     reported, where [Eval] and [Program.Eval] report it. Likewise a
//     division by zero in an operand that is skipped is not reported.
//   - when the evaluation meets an error, EvalFacts stops and returns the
//     error [Program.Eval] reports on a [Values] holding the facts looked
//     up so far (the error met, or one before it in the text). Eval then
//     reports an error too.
//
// Facts that [Check] without a schema cannot type (facts compared only
// with each other) are checked against the schema, where Eval checks
// their values against each other.
//
// A quantified condition is evaluated as its expansion over the members
// of its sets, with the same short-circuits: any stops at the first
// member that satisfies it, all at the first that does not, and a
// member's value is looked up in its indexed fact's map only then. (When
// an indexed fact is given as a map of another type than map[string]any,
// every value the expansion reads is looked up first.)
//
// EvalFacts takes its scratch space from a pool, so it does not allocate
// in the steady state, unless it returns an error. Callers that know the
// schema's slots ([Schema.Index]) can fill a Values with the typed
// setters and call [Program.Eval] instead, which looks nothing up. On a
// nil p it returns Unknown and [ErrArgument].
func (p *Program) EvalFacts(f Facts) (Truth, error) {
	if p == nil {
		return Unknown, errNilProgram()
	}
	if p.quant != nil {
		return p.quant.evalFacts(f)
	}
	return p.evalLazy(f)
}

// exec runs p over v and returns the result lanes; lanes is false when
// only lane 0 is wanted (for [Program.Eval]), whose bitsets it brings up
// to date.
func (p *Program) exec(v *Values, lanes bool) (tf, error) {
	if v == nil || v.schema != p.schema {
		return tf{}, ErrorList{p.schemaError(v)}
	}
	var ferr *Error
	if v.nbad != 0 || v.misuse != nil {
		if v.misuse != nil {
			return tf{}, ErrorList{v.misuse}
		}
		ferr = p.factError(v) // invalid slots read as unknown: evaluation goes on, as in Eval
	}
	if v.stale && !lanes {
		v.syncBits()
	}
	if len(v.regB) < p.nb || len(v.regN) < p.nn {
		v.grow(p.nb, p.nn)
	}
	r, div := p.run(v)
	if div < 0 && ferr == nil {
		return r, nil
	}
	// Eval sorts its errors with ErrorList.Sort and returns the first; the
	// fact errors come before the division ones when positions tie.
	errs := make(ErrorList, 0, 2)
	if ferr != nil {
		errs = append(errs, ferr)
	}
	if div >= 0 {
		d := p.divs[div]
		errs = append(errs, newError(CodeDivByZero, d.rng, "division by zero in %s", ast.Format(d.node)))
	}
	errs.Sort()
	return tf{}, errs[:1]
}

// schemaError explains why v cannot be evaluated by p.
func (p *Program) schemaError(v *Values) *Error {
	if v == nil {
		return &Error{Code: CodeArgument, Msg: "nil Values"}
	}
	return &Error{Code: CodeArgument, Msg: "the Values were made for another schema than the Program"}
}

// factError returns the error for the first fact p reads whose slot in v
// is invalid, or nil if there is none. Like Eval, it locates each fact at
// its first occurrence and takes the error that [ErrorList.Sort] puts
// first.
func (p *Program) factError(v *Values) *Error {
	var first *factRead
	for i := range p.firsts {
		r := &p.firsts[i]
		if v.cells[r.slot].st == stBad && (first == nil || sortsBefore(r.rng, first.rng)) {
			first = r
		}
	}
	if first == nil {
		return nil
	}
	return newError(CodeFactType, first.rng, "%s", v.badMsg[first.slot])
}

// sortsBefore reports whether an error at a sorts strictly before one at b in
// [ErrorList.Sort]: positions before no position, then by offset.
func sortsBefore(a, b ast.Range) bool {
	av, bv := a.Start.IsValid(), b.Start.IsValid()
	if av != bv {
		return av
	}
	return a.Start.Offset < b.Start.Offset
}

// unknownFactError reports a fact that s does not declare.
func unknownFactError(s *Schema, f *ast.Fact) error {
	e := newError(CodeUnknownFact, f.Rng, "unknown fact %q", f.Name)
	if m, ok := s.suggest(f.Name); ok {
		e.Hint = fmt.Sprintf("did you mean %q?", m)
	}
	return e
}
