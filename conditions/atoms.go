package conditions

import (
	"math"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/bdd"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// An atom is a maximal non-logical subexpression of a condition: a fact
// read as a boolean (peace_treaty.concluded), or a comparison
// (foreign_troops.count == 0, x + y > 3). The logical operators and, or,
// not and atleast combine atoms; a boolean literal is not an atom. Atoms
// are identified by their canonical text (as printed by [Expr.String]), so
// `x>5` and `x > 5` are one atom while `x > 5` and `5 < x` are two.
type atom struct {
	key  string   // canonical text
	node ast.Node // the first occurrence

	// A simple atom compares one fact with a constant: fact op val, with
	// the fact on the left. A bare boolean fact b is b == true.
	simple bool
	fact   string
	op     ast.Op
	val    ast.Value
}

// atomSet is the set of atoms of a condition, numbered in order of first
// appearance.
type atomSet struct {
	atoms  []atom
	byKey  map[string]int
	byNode map[ast.Node]int // every occurrence, by node identity
}

// collectAtoms returns the atoms of the boolean expression root.
func collectAtoms(root ast.Node) *atomSet {
	s := &atomSet{byKey: make(map[string]int), byNode: make(map[ast.Node]int)}
	if root != nil {
		s.walk(root)
	}
	return s
}

func (s *atomSet) walk(n ast.Node) {
	switch n := n.(type) {
	case *ast.Tagged:
		s.walk(n.X)
	case *ast.Logic:
		for _, a := range n.Args {
			s.walk(a)
		}
	case *ast.AtLeast:
		for _, a := range n.Args {
			s.walk(a)
		}
	case *ast.Unary:
		if n.Op == ast.OpNot {
			s.walk(n.X)
			return
		}
		s.add(n)
	case *ast.Lit:
		// A constant, not an atom.
	default:
		s.add(n)
	}
}

func (s *atomSet) add(n ast.Node) {
	key := ast.Format(n)
	i, ok := s.byKey[key]
	if !ok {
		i = len(s.atoms)
		a := atom{key: key, node: n}
		a.fact, a.op, a.val, a.simple = simpleAtom(n)
		s.atoms = append(s.atoms, a)
		s.byKey[key] = i
	}
	s.byNode[n] = i
}

// simpleAtom reports whether n compares a single fact with a constant, and
// returns the comparison with the fact on the left.
func simpleAtom(n ast.Node) (fact string, op ast.Op, val ast.Value, ok bool) {
	switch n := ast.Untag(n).(type) {
	case *ast.Fact:
		return n.Name, ast.OpEq, ast.Bool(true), true
	case *ast.Compare:
		l, r := ast.Untag(n.L), ast.Untag(n.R)
		if f, isFact := l.(*ast.Fact); isFact {
			if c, isLit := r.(*ast.Lit); isLit {
				return f.Name, n.Op, c.Val, true
			}
		}
		if f, isFact := r.(*ast.Fact); isFact {
			if c, isLit := l.(*ast.Lit); isLit {
				return f.Name, atomFlip(n.Op), c.Val, true
			}
		}
	}
	return "", 0, ast.Value{}, false
}

// atomFlip returns the operator op' such that (a op b) == (b op' a).
func atomFlip(op ast.Op) ast.Op { return sem.Flip(op) }

// theory returns the constraint C between the atoms of s: the function
// over atom variables that is true exactly for the combinations of atom
// values that some fact values can produce.
//
// Only simple atoms are related: for each fact compared with constants in
// two or more atoms (or in one atom that cannot take both values, such as
// x < ""), C allows the combinations of their values that some value of
// the fact produces. Every other atom is independent of all others.
//
// The combinations are found by evaluating the atoms on candidate values
// that cover every region of the fact's domain the constants delimit. For
// constants c1 < ... < cn of an ordered type, each atom is constant on
// every point ci, on every open interval (ci, ci+1), and below c1 and above
// cn; a candidate is taken in every such region that is not empty:
//
//   - numbers: each ci and its floating-point neighbours
//     math.Nextafter(ci, ±Inf), which lie in the adjacent open intervals
//     when those are not empty (and are ±Inf beyond the largest numbers);
//   - strings, compared byte-wise: "", each ci and ci + "\x00", the least
//     string greater than ci, which lies in (ci, ci+1) unless that interval
//     is empty; "" is the least string of all;
//   - dates, whole days: each ci and ci ± 1;
//   - booleans: false and true.
//
// The result is exact: a combination is allowed if and only if some fact
// value produces it.
func (s *atomSet) theory(m *bdd.Manager) bdd.Node {
	c := bdd.True
	var groups []string
	members := make(map[string][]int)
	for i, a := range s.atoms {
		if !a.simple {
			continue
		}
		if _, ok := members[a.fact]; !ok {
			groups = append(groups, a.fact)
		}
		members[a.fact] = append(members[a.fact], i)
	}
	for _, fact := range groups {
		c = m.And(c, s.factTheory(m, members[fact]))
	}
	return c
}

// factTheory returns the constraint between the simple atoms idx, which
// all read one fact. The indices are increasing.
func (s *atomSet) factTheory(m *bdd.Manager, idx []int) bdd.Node {
	cands, ok := theoryCandidates(nil, s.atoms, idx)
	if !ok {
		return bdd.True
	}
	seen := make(map[string]bool, len(cands))
	vec := make([]byte, len(idx))
	cube := make(bdd.Cube, len(idx))
	allowed := bdd.False
	for _, v := range cands {
		for j, i := range idx {
			a := &s.atoms[i]
			t, ok := resCompare(a.op, v, a.val)
			if !ok {
				return bdd.True
			}
			vec[j] = '0'
			if t {
				vec[j] = '1'
			}
			cube[j] = bdd.Lit{Var: i, Val: t}
		}
		if seen[string(vec)] {
			continue
		}
		seen[string(vec)] = true
		allowed = m.Or(allowed, m.CubeNode(cube))
	}
	return allowed
}

// theoryCandidates appends to dst the candidate values of the fact that
// the simple atoms idx of atoms compare with constants: values that cover
// every region of the fact's domain those constants delimit, as described
// at [atomSet.theory]. ok is false when the constants are not all of one
// kind, or of no kind with candidates: the atoms are then left unrelated
// (such atoms are ill-typed, which [Eval] reports).
func theoryCandidates(dst []ast.Value, atoms []atom, idx []int) (cands []ast.Value, ok bool) {
	kind := atoms[idx[0]].val.Kind
	for _, i := range idx[1:] {
		if atoms[i].val.Kind != kind {
			return dst, false
		}
	}
	switch kind {
	case ast.KindBool:
		dst = append(dst, ast.Bool(false), ast.Bool(true))
	case ast.KindNumber:
		for _, i := range idx {
			v := atoms[i].val.N
			dst = append(dst, ast.Number(v),
				ast.Number(math.Nextafter(v, math.Inf(-1))), ast.Number(math.Nextafter(v, math.Inf(1))))
		}
	case ast.KindString:
		dst = append(dst, ast.String(""))
		for _, i := range idx {
			v := atoms[i].val.S
			dst = append(dst, ast.String(v), ast.String(v+"\x00"))
		}
	case ast.KindDate:
		for _, i := range idx {
			v := atoms[i].val.D
			dst = append(dst, ast.Date(v), ast.Date(v-1), ast.Date(v+1))
		}
	default:
		return dst, false
	}
	return dst, true
}
