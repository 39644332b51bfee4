package conditions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/bdd"
)

// Assignment is a truth value for each of some atoms of a condition: what
// the atoms must turn out to be. An atom is a maximal part of a condition
// that is not built with and, or, not or atleast: a fact read as a boolean
// (peace_treaty.concluded) or a comparison (foreign_troops.count == 0).
// Each key is the canonical text of an atom, as [Expr.String] prints it,
// after the known facts have been substituted (see [Residual]); its value
// is the truth the atom must take.
//
// The zero Assignment (nil or empty) fixes no atom.
type Assignment map[string]bool

// String returns the assignment as "atom = true, atom = false", atoms in
// sorted order, or "(nothing)" for an assignment that fixes no atom.
func (a Assignment) String() string {
	if len(a) == 0 {
		return "(nothing)"
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(" = ")
		b.WriteString(strconv.FormatBool(a[k]))
	}
	return b.String()
}

// Limits of the exact analysis of [Takes].
const (
	takesMaxNodes   = 1 << 19 // BDD nodes
	takesMaxSteps   = 1 << 25 // steps of the BDD operations, Primes included
	takesMaxAnswers = 1 << 16 // assignments in the result
	takesMaxLits    = 1 << 22 // atom values in all the assignments of the result
)

// Takes answers "what would it take" for e to have the value want, given
// the facts known in f: it returns every minimal assignment of truth values
// to the still-unknown atoms of e that forces e to want, whatever the other
// unknown facts turn out to be.
//
// The result has these properties:
//
//   - Sufficient: for every completion of f (values for the facts f leaves
//     unknown) under which the atoms take the values an assignment gives,
//     e evaluates to want (or [Eval] reports an error, such as a division
//     by zero: such completions are not counted).
//   - Minimal: dropping any atom from an assignment makes it insufficient.
//     Minimality is about dropping atoms, not about how strong an atom
//     is: for troops == 0 or troops < 100 both {troops == 0: true} and
//     {troops < 100: true} are returned.
//   - Consistent: some completion gives the atoms the values of the
//     assignment; so {x > 5: true, x < 3: true} is never returned.
//   - Complete: every consistent, sufficient assignment contains one of
//     those returned.
//
// These hold exactly, except for the atoms named under Limits below.
//   - Ordered: by number of atoms, then by the atoms in sorted order (by
//     text, then false before true), so the output is deterministic.
//
// If e has the value want in every completion of f, the result is one
// empty assignment. If no completion gives e the value want, the result is
// empty (nil). want must be [True] or [False]; otherwise the error has
// code [CodeArgument].
//
// Takes first returns the error [Eval] reports for e and f, if any: type
// errors in e, fact values of the wrong type, division by zero. Then it
// takes the [Residual] of e over f, numbers its atoms in order of first
// appearance and builds a reduced ordered binary decision diagram (BDD) of
// the residual over them. Atoms that compare one fact with constants
// (x > 5, x == 0, 5 < x, name != "x", date >= @2020-01-01, b == true, or
// the bare boolean fact b) are related by a constraint C built from the
// fact's domain: a combination of their values is allowed exactly when
// some value of the fact produces it. An assignment is sufficient exactly
// when it implies G = C -> F, where F is e (or not e, for want False) as a
// function of its atoms; so the minimal sufficient assignments are the
// prime implicants of G, and those consistent with C are the answer (a
// sub-cube of a consistent cube is consistent, and every implicant of G
// contains a prime, so nothing sufficient and consistent is missed). The
// primes are computed on the BDD by the recursion of Coudert and Madre:
// the primes of x·G1 + x'·G0 are those of G0·G1 together with x·p and x'·q
// for the primes p of G1 that do not imply G0 and q of G0 that do not
// imply G1; carrying C along, only primes consistent with it are built.
// When at most six atoms are left, which is the common case, the same
// primes are found faster from truth tables of the atoms, by enumerating
// the cubes over them; when every atom compares one fact with constants,
// from the regions of the fact's domain that the constants delimit (in
// time about linear in the number of atoms and the size of the answer).
//
// Limits: atoms that involve arithmetic on facts or compare two facts
// (x + y > 3, x == y) are treated as independent of all other atoms, so an
// assignment may combine values no facts can give them (such as x > 5 and
// x + 0 < 3), and an assignment that such relations make sufficient can be
// missed. The number of atoms is not bounded as such, but the analysis is:
//
//   - the result has at most 2^16 assignments, with at most 2^22 atom
//     values in all;
//   - the BDD may have at most 2^19 nodes (the diagrams of the condition,
//     of the theory C and those built while finding the primes);
//   - the BDD operations and the search for primes may take at most 2^25
//     steps (each about the cost of finding or creating a node: about a
//     second of work at most).
//
// Beyond a limit the error has code [CodeLimit] and says which limit
// ("condition too large for exact analysis: N atoms (more than 65536
// minimal assignments)"). Conditions of some dozens of atoms are well
// within these limits, unless they have very many minimal assignments
// (atleast(10, c1, ..., c30) has C(30, 10) of them); so are chains of
// thousands of atoms joined by or, or by and, and thousands of
// comparisons of one fact. [TakesContext] stops the
// analysis when a context is cancelled.
//
// Takes never modifies f, and is safe for concurrent use.
func Takes(e Expr, f Facts, want Truth) ([]Assignment, error) {
	return TakesContext(context.Background(), e, f, want)
}

// TakesContext is [Takes] under a context: when ctx is cancelled or its
// deadline passes, the analysis stops within a few milliseconds and the
// error wraps ctx.Err(), so that errors.Is(err, context.Canceled) (or
// [context.DeadlineExceeded]) holds.
func TakesContext(ctx context.Context, e Expr, f Facts, want Truth) ([]Assignment, error) {
	if want != True && want != False {
		return nil, &Error{Code: CodeArgument, Msg: fmt.Sprintf("Takes: want must be true or false, not %s", want)}
	}
	if err := ctx.Err(); err != nil {
		return nil, takesStopped(err)
	}
	if e.quantified() {
		if _, err := Eval(e, f); err != nil {
			return nil, err
		}
		x, flat, err := expandFacts(e, f)
		if err != nil {
			return nil, err
		}
		e, f = x, flat
	}
	switch as, status := takesFast(e, f, want); status {
	case takesDone:
		return as, nil
	case takesBig:
		return takesBDD(ctx, e, f, want)
	}
	return takesSlow(ctx, e, f, want)
}

// takesStopped is the error of a Takes stopped by its context.
func takesStopped(err error) error {
	return fmt.Errorf("conditions: what it takes: stopped: %w", err)
}

// takesSlow is Takes for a valid want, by the method its documentation
// describes: [Eval] first, then the BDD of the residual.
func takesSlow(ctx context.Context, e Expr, f Facts, want Truth) ([]Assignment, error) {
	res, err := Eval(e, f)
	if err != nil {
		return nil, err
	}
	switch res.Value {
	case want:
		return []Assignment{{}}, nil
	case True, False:
		return nil, nil
	}
	return takesBDD(ctx, e, f, want)
}

// takesBDD is Takes for a valid want once [Eval] has accepted e and f and
// left e unknown: the prime implicants, on a BDD, of the residual of e
// over f under the theory of its atoms.
func takesBDD(ctx context.Context, e Expr, f Facts, want Truth) ([]Assignment, error) {
	root := Residual(e, f).root
	atoms := collectAtoms(root)
	primes, err := takesPrimes(ctx, atoms, root, want, false)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, takesStopped(ctxErr)
		}
		if !errors.Is(err, bdd.ErrLimit) {
			return nil, err
		}
		var rng ast.Range
		if e.root != nil {
			rng = e.root.Span()
		}
		return nil, newError(CodeLimit, rng, "condition too large for exact analysis: %d atoms (%s)",
			len(atoms.atoms), takesLimitText(err))
	}

	// Order atoms by text once; an assignment is then ordered by the
	// sorted ranks of its atoms, each doubled plus one for true.
	byText := make([]int, len(atoms.atoms))
	for i := range byText {
		byText[i] = i
	}
	slices.SortFunc(byText, func(i, j int) int { return strings.Compare(atoms.atoms[i].key, atoms.atoms[j].key) })
	rank := make([]int32, len(atoms.atoms))
	for r, i := range byText {
		rank[i] = int32(r)
	}

	if len(primes) == 0 {
		return nil, nil
	}
	out := make([]takesAssignment, 0, len(primes))
	for _, p := range primes {
		ta := takesAssignment{a: make(Assignment, len(p)), order: make([]int32, len(p))}
		for i, l := range p {
			ta.a[atoms.atoms[l.Var].key] = l.Val
			ta.order[i] = 2 * rank[l.Var]
			if l.Val {
				ta.order[i]++
			}
		}
		slices.Sort(ta.order)
		out = append(out, ta)
	}
	slices.SortFunc(out, func(x, y takesAssignment) int {
		if d := len(x.order) - len(y.order); d != 0 {
			return d
		}
		return slices.Compare(x.order, y.order)
	})
	as := make([]Assignment, len(out))
	for i, ta := range out {
		as[i] = ta.a
	}
	return as, nil
}

// takesPrimes returns the answer of Takes as cubes over the atoms: the
// primes of G = C -> F consistent with C, F being root (or its negation
// for want False). They come from the regions of the fact when every atom
// compares one fact with constants ([takesOneFact]), unless viaBDD, and
// from a BDD otherwise.
func takesPrimes(ctx context.Context, atoms *atomSet, root ast.Node, want Truth, viaBDD bool) ([]bdd.Cube, error) {
	if !viaBDD {
		if cubes, ok, err := takesOneFact(atoms, root, want, takesMaxAnswers, takesMaxLits); ok {
			return cubes, err
		}
	}
	m := bdd.New(len(atoms.atoms), takesMaxNodes)
	m.SetBudget(takesMaxSteps, ctx.Err)
	fn := takesBuild(m, atoms, root)
	if want == False {
		fn = m.Not(fn)
	}
	c := atoms.theory(m)
	g := m.Imp(c, fn)
	// The primes of G consistent with C: the answers, and only those.
	return m.Primes(g, c, takesMaxAnswers, takesMaxLits)
}

// takesLimitText says which limit of Takes err reports.
func takesLimitText(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "prime implicants"):
		return fmt.Sprintf("more than %d minimal assignments", takesMaxAnswers)
	case strings.Contains(msg, "literals"):
		return fmt.Sprintf("more than %d atom values in all the minimal assignments", takesMaxLits)
	case strings.Contains(msg, "nodes"):
		return fmt.Sprintf("more than %d diagram nodes", takesMaxNodes)
	}
	return fmt.Sprintf("more than %d steps", takesMaxSteps)
}

// takesAssignment is an Assignment with its sort key: the ranks of its
// atoms in text order, doubled, plus one for true, sorted.
type takesAssignment struct {
	a     Assignment
	order []int32
}

// takesBuild returns the BDD of the boolean expression n over the atom
// variables of atoms. Atoms that read no fact (arithmetic that Residual
// leaves unfolded because its result is not finite) are evaluated.
func takesBuild(m *bdd.Manager, atoms *atomSet, n ast.Node) bdd.Node {
	switch n := n.(type) {
	case nil:
		return bdd.True
	case *ast.Tagged:
		return takesBuild(m, atoms, n.X)
	case *ast.Lit:
		if n.Val.Kind == ast.KindBool && n.Val.B {
			return bdd.True
		}
		return bdd.False
	case *ast.Logic:
		// From the last operand to the first: atoms are numbered in order
		// of first appearance, so an operand usually tests variables that
		// come before those of the operands after it, and joining it to
		// their result then adds its own nodes and no others. From the
		// first operand on, each step would copy the whole result so far
		// (quadratic in the length of a chain of or).
		last := len(n.Args) - 1
		r := takesBuild(m, atoms, n.Args[last])
		for i := last - 1; i >= 0; i-- {
			x := takesBuild(m, atoms, n.Args[i])
			if n.Op == ast.OpAnd {
				r = m.And(x, r)
			} else {
				r = m.Or(x, r)
			}
		}
		return r
	case *ast.AtLeast:
		// t[j] is "at least j of the operands from the current one on".
		t := make([]bdd.Node, n.K+1)
		for j := range t {
			t[j] = bdd.False
		}
		t[0] = bdd.True
		for i := len(n.Args) - 1; i >= 0; i-- {
			x := takesBuild(m, atoms, n.Args[i])
			for j := n.K; j >= 1; j-- {
				t[j] = m.Or(m.And(x, t[j-1]), t[j])
			}
		}
		return t[n.K]
	case *ast.Unary:
		if n.Op == ast.OpNot {
			return m.Not(takesBuild(m, atoms, n.X))
		}
	}
	if takesGround(n) {
		if r, err := Eval(Expr{root: n}, nil); err == nil && r.Value != Unknown {
			if r.Value == True {
				return bdd.True
			}
			return bdd.False
		}
	}
	return m.Var(atoms.byNode[n])
}

// takesGround reports whether n reads no fact.
func takesGround(n ast.Node) bool {
	ground := true
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.Fact); ok {
			ground = false
		}
		return ground
	})
	return ground
}
