package conditions

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/bdd"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Relation is how two conditions relate over the completions of some
// known facts; see [Compare].
type Relation string

// Relations between two conditions a and b.
const (
	// Equivalent: a and b hold in exactly the same completions.
	Equivalent Relation = "equivalent"
	// Implies: wherever a holds, b holds, but not the other way round.
	Implies Relation = "implies"
	// ImpliedBy: wherever b holds, a holds, but not the other way round.
	ImpliedBy Relation = "implied_by"
	// Disjoint: a and b never both hold (and neither implies the other).
	Disjoint Relation = "disjoint"
	// Overlapping: some completions make both hold, some only a, some
	// only b.
	Overlapping Relation = "overlapping"
)

// Comparison is the result of [Compare].
type Comparison struct {
	Relation Relation `json:"relation"`
	// AImpliesB is true when every completion in which a holds makes b
	// hold (vacuously so when a never holds); BImpliesA likewise.
	AImpliesB bool `json:"a_implies_b"`
	BImpliesA bool `json:"b_implies_a"`
	// Disjoint is true when no completion makes both hold.
	Disjoint bool `json:"disjoint"`
	// OnlyA, OnlyB, Both and Neither are example completions: values for
	// the facts that the known facts leave unknown, under which a holds
	// and b does not, b and not a, both, neither. Each is nil when no
	// completion gives that combination, or when none could be built (see
	// [Compare]). Each has been checked with [Eval].
	OnlyA   Facts `json:"only_a"`
	OnlyB   Facts `json:"only_b"`
	Both    Facts `json:"both"`
	Neither Facts `json:"neither"`
}

// Compare relates a and b over every completion of f: every choice of
// values for the facts that f leaves unknown. It answers exactly, as
// [Takes] does, from a BDD of the residuals of a and b over the atoms they
// share, under the constraint between atoms that compare one fact with
// constants; it does not sample. Completions in which a or b cannot be
// evaluated (a division by zero) are not counted.
//
// The relation is the first that applies of [Equivalent], [Implies],
// [ImpliedBy], [Disjoint] and [Overlapping]; the fields AImpliesB,
// BImpliesA and Disjoint give all three facts, so a condition that can
// never hold is seen to imply every other and to be disjoint from it.
//
// For each combination of truth values that some completion gives, an
// example completion is built from the candidate values the atoms'
// constants delimit and checked with [Eval]. Limits: as for Takes, atoms
// that compare two facts or do arithmetic on facts are taken as
// independent of the others, so the relation can be weaker than the true
// one (Overlapping where a in fact implies b), and an example may be
// missing (nil) when no candidate values give such atoms the values
// needed. Beyond the size limits of Takes the error has code [CodeLimit].
//
// Compare first returns the error [Eval] reports for a or b over f. It
// never modifies f and is safe for concurrent use.
func Compare(a, b Expr, f Facts) (Comparison, error) {
	return CompareContext(context.Background(), a, b, f)
}

// CompareContext is [Compare] under a context: when ctx is cancelled or
// its deadline passes, the analysis stops within a few milliseconds and
// the error wraps ctx.Err(), as for [TakesContext].
func CompareContext(ctx context.Context, a, b Expr, f Facts) (Comparison, error) {
	if err := ctx.Err(); err != nil {
		return Comparison{}, takesStopped(err)
	}
	an, err := newJoint(ctx, []Expr{a, b}, f)
	if err != nil {
		return Comparison{}, err
	}
	m := an.m
	fa, fb := an.fns[0], an.fns[1]
	onlyA := m.AndAll(an.c, fa, m.Not(fb))
	onlyB := m.AndAll(an.c, fb, m.Not(fa))
	both := m.AndAll(an.c, fa, fb)
	neither := m.AndAll(an.c, m.Not(fa), m.Not(fb))
	if err := an.err(); err != nil {
		return Comparison{}, err
	}
	var cmp Comparison
	cmp.AImpliesB = onlyA == bdd.False
	cmp.BImpliesA = onlyB == bdd.False
	cmp.Disjoint = both == bdd.False
	switch {
	case cmp.AImpliesB && cmp.BImpliesA:
		cmp.Relation = Equivalent
	case cmp.AImpliesB:
		cmp.Relation = Implies
	case cmp.BImpliesA:
		cmp.Relation = ImpliedBy
	case cmp.Disjoint:
		cmp.Relation = Disjoint
	default:
		cmp.Relation = Overlapping
	}
	cmp.OnlyA = an.witness(onlyA, True, False)
	cmp.OnlyB = an.witness(onlyB, False, True)
	cmp.Both = an.witness(both, True, True)
	cmp.Neither = an.witness(neither, False, False)
	return cmp, nil
}

// joint is the BDD analysis of several conditions over the atoms of their
// residuals, shared.
type joint struct {
	es    []Expr
	f     Facts
	atoms *atomSet
	m     *bdd.Manager
	fns   []bdd.Node // each condition as a function of the atoms
	c     bdd.Node   // the constraint between the atoms
	types map[string]Type
	rng   ast.Range
	ctx   context.Context
}

// newJoint checks es over f with [Eval] and builds their BDDs.
func newJoint(ctx context.Context, es []Expr, f Facts) (*joint, error) {
	es, f, err := expandAll(es, f)
	if err != nil {
		return nil, err
	}
	an := &joint{ctx: ctx, es: es, f: f, atoms: &atomSet{byKey: map[string]int{}, byNode: map[ast.Node]int{}}, types: map[string]Type{}}
	roots := make([]ast.Node, len(es))
	for i, e := range es {
		if _, err := Eval(e, f); err != nil {
			return nil, err
		}
		if e.root != nil && an.rng == (ast.Range{}) {
			an.rng = e.root.Span()
		}
		if ti, _ := e.inferred(); ti != nil {
			for name, t := range ti.facts {
				if an.types[name] == Any {
					an.types[name] = t
				}
			}
		}
		roots[i] = Residual(e, f).root
		if roots[i] != nil {
			an.atoms.walk(roots[i])
		}
	}
	an.m = bdd.New(len(an.atoms.atoms), takesMaxNodes)
	an.m.SetBudget(takesMaxSteps, ctx.Err) // bounded time, as for Takes
	an.fns = make([]bdd.Node, len(es))
	for i, r := range roots {
		an.fns[i] = takesBuild(an.m, an.atoms, r)
	}
	an.c = an.atoms.theory(an.m)
	if err := an.err(); err != nil {
		return nil, err
	}
	return an, nil
}

// err reports the BDD running out of nodes as a [CodeLimit] error, and
// its stop by the context as an error wrapping the context's.
func (an *joint) err() error {
	if err := an.m.Err(); err != nil {
		if ctxErr := an.ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return takesStopped(ctxErr)
		}
		if errors.Is(err, bdd.ErrLimit) {
			return newError(CodeLimit, an.rng, "condition too large for exact analysis: %d atoms", len(an.atoms.atoms))
		}
		return err
	}
	return nil
}

// witnessTries bounds the total assignments of the atoms tried for one
// example completion, and witnessCombos the combinations of candidate
// values tried for the facts that only non-simple atoms read.
const (
	witnessTries  = 32
	witnessCombos = 4096
)

// witness returns values for the unknown facts of the conditions under
// which the first two conditions have the values wa and wb, built from a
// total assignment of the atoms that satisfies w; nil if w is false or no
// values were found.
func (an *joint) witness(w bdd.Node, wa, wb Truth) Facts {
	m := an.m
	n := len(an.atoms.atoms)
	for range witnessTries {
		if w == bdd.False {
			return nil
		}
		// A total assignment of the atoms satisfying w.
		vals := make([]bool, n)
		cube := make(bdd.Cube, n)
		g := w
		for i := range n {
			if r := m.Restrict(g, i, true); r != bdd.False {
				vals[i], g = true, r
			} else {
				g = m.Restrict(g, i, false)
			}
			cube[i] = bdd.Lit{Var: i, Val: vals[i]}
		}
		if facts := an.factsFor(vals, func(x Facts) bool {
			return an.holds(0, x, wa) && an.holds(1, x, wb)
		}); facts != nil {
			return facts
		}
		w = m.And(w, m.Not(m.CubeNode(cube)))
	}
	return nil
}

// holds reports whether condition i has the value want over f and x.
func (an *joint) holds(i int, x Facts, want Truth) bool {
	all := make(Facts, len(an.f)+len(x))
	for k, v := range an.f {
		all[k] = v
	}
	for k, v := range x {
		all[k] = v
	}
	r, err := Eval(an.es[i], all)
	return err == nil && r.Value == want
}

// factsFor returns fact values that give the atoms the values vals and
// pass ok: each fact compared with constants gets a candidate value that
// gives its simple atoms their values; the facts read only by other atoms
// are searched among candidates of their type.
func (an *joint) factsFor(vals []bool, ok func(Facts) bool) Facts {
	out := Facts{}
	simple := map[string][]int{}
	var order []string
	for i, a := range an.atoms.atoms {
		if a.simple {
			if _, seen := simple[a.fact]; !seen {
				order = append(order, a.fact)
			}
			simple[a.fact] = append(simple[a.fact], i)
		}
	}
	for _, fact := range order {
		idx := simple[fact]
		cands, good := theoryCandidates(nil, an.atoms.atoms, idx)
		if !good {
			return nil
		}
		cands = append(roundCandidates(an.atoms.atoms, idx), cands...)
		found := false
		for _, v := range cands {
			if v.Kind == ast.KindNumber && (math.IsInf(v.N, 0) || math.IsNaN(v.N)) {
				continue
			}
			match := true
			for _, i := range idx {
				a := &an.atoms.atoms[i]
				t, okc := resCompare(a.op, v, a.val)
				if !okc || t != vals[i] {
					match = false
					break
				}
			}
			if match {
				out[fact] = sem.GoValue(v)
				found = true
				break
			}
		}
		if !found {
			return nil
		}
	}
	// Facts read only by non-simple atoms.
	var rest []string
	for _, a := range an.atoms.atoms {
		ast.Inspect(a.node, func(n ast.Node) bool {
			if fa, isFact := n.(*ast.Fact); isFact {
				if _, known := an.f[fa.Name]; !known {
					if _, set := out[fa.Name]; !set && !slices.Contains(rest, fa.Name) {
						rest = append(rest, fa.Name)
					}
				}
			}
			return true
		})
	}
	if len(rest) == 0 {
		if ok(out) {
			return out
		}
		return nil
	}
	cands := make([][]any, len(rest))
	for i, name := range rest {
		cands[i] = an.candidates(name)
	}
	pick := make([]int, len(rest))
	for range witnessCombos {
		for i, name := range rest {
			out[name] = cands[i][pick[i]]
		}
		if ok(out) {
			return out
		}
		// Next combination, odometer-wise.
		i := 0
		for ; i < len(pick); i++ {
			pick[i]++
			if pick[i] < len(cands[i]) {
				break
			}
			pick[i] = 0
		}
		if i == len(pick) {
			break
		}
	}
	return nil
}

// roundCandidates returns, for numbers, round values to try before the
// exact candidates of [atomSet.theory], so that example completions read
// well: each constant, one either side of it, and the midpoints between
// neighbouring constants.
func roundCandidates(atoms []atom, idx []int) []ast.Value {
	var cs []float64
	for _, i := range idx {
		if atoms[i].val.Kind != ast.KindNumber {
			return nil
		}
		cs = append(cs, atoms[i].val.N)
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	var out []ast.Value
	for j, c := range cs {
		out = append(out, ast.Number(c), ast.Number(c-1), ast.Number(c+1))
		if j+1 < len(cs) {
			out = append(out, ast.Number((c+cs[j+1])/2))
		}
	}
	return out
}

// candidates returns values to try for a fact that non-simple atoms read:
// by its inferred type, the constants of the conditions and values around
// them.
func (an *joint) candidates(name string) []any {
	var out []any
	switch an.types[name] {
	case Bool:
		return []any{false, true}
	case String:
		out = []any{"", "a"}
	case Date:
		out = []any{ast.TimeOf(0)}
	default:
		out = []any{0.0, 1.0, -1.0, 2.0, 0.5}
	}
	seen := map[any]bool{}
	for _, v := range out {
		seen[v] = true
	}
	for _, e := range an.es {
		ast.Inspect(e.root, func(n ast.Node) bool {
			lit, isLit := n.(*ast.Lit)
			if !isLit {
				return true
			}
			var vs []any
			switch v := lit.Val; {
			case v.Kind == ast.KindNumber && an.types[name] != String && an.types[name] != Date && an.types[name] != Bool:
				vs = []any{v.N, v.N + 1, v.N - 1, v.N / 2, v.N * 2}
			case v.Kind == ast.KindString && an.types[name] == String:
				vs = []any{v.S, v.S + "\x00"}
			case v.Kind == ast.KindDate && an.types[name] == Date:
				vs = []any{ast.TimeOf(v.D), ast.TimeOf(v.D - 1), ast.TimeOf(v.D + 1)}
			}
			for _, x := range vs {
				if f, isF := x.(float64); isF && !sem.Finite(f) {
					continue
				}
				if !seen[x] {
					seen[x] = true
					out = append(out, x)
				}
			}
			return true
		})
	}
	return out
}
