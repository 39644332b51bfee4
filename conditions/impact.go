package conditions

import (
	"context"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/bdd"
)

// Impact is the result of [Impacts]: what learning each unknown atom of
// some conditions would decide.
type Impact struct {
	// Now gives each condition's value over the known facts, exactly: a
	// condition that every completion makes true is true here even where
	// [Eval]'s three-valued logic leaves it unknown (x or not x).
	Now []Truth `json:"now"`
	// Atoms lists the atoms that matter, most decisive first.
	Atoms []AtomImpact `json:"atoms"`
	// Irrelevant lists the unknown facts that the conditions read but
	// whose value cannot change any condition's value, in sorted order.
	Irrelevant []string `json:"irrelevant"`
}

// AtomImpact is what learning one atom would do to each condition.
type AtomImpact struct {
	// Atom is the canonical text of the atom, such as
	// "foreign_troops.withdrawn" or "turnout > 0.5".
	Atom string `json:"atom"`
	// Facts are the facts the atom reads.
	Facts []string `json:"facts"`
	// IfTrue gives each condition's value once the atom is known to be
	// true, whatever the other unknown facts turn out to be: true, false,
	// or unknown when they still decide. Nil when no completion makes the
	// atom true. IfFalse likewise.
	IfTrue  []Truth `json:"if_true"`
	IfFalse []Truth `json:"if_false"`
	// Decides counts the pairs of outcome (true, false) and condition in
	// which learning the atom decides a condition that is unknown now.
	Decides int `json:"decides"`
}

// Impacts answers "what should we find out next" for the conditions es
// over the known facts f: for every atom (boolean fact or comparison)
// that f leaves unknown and that matters to some condition, the value of
// each condition once the atom turns out true, and once it turns out
// false, whatever the other unknown facts are.
//
// An atom matters when learning it decides some condition in one of its
// outcomes, or when some condition depends on it in combination with
// others: two completions that give every other atom the same values and
// this one different values give the condition different values. Atoms
// are ranked by Decides, most first, then atoms that decide nothing alone,
// then by text. The unknown facts read by es that no atom that matters
// reads are Irrelevant.
//
// The answer is exact, from a BDD of the residuals of es over their
// shared atoms and the constraint between atoms that compare one fact
// with constants, as in [Takes], with the same limits: atoms comparing two
// facts or doing arithmetic on facts are taken as independent, and beyond
// the size limits the error has code [CodeLimit].
//
// Impacts first returns the error [Eval] reports for any of es over f. It
// never modifies f and is safe for concurrent use.
func Impacts(es []Expr, f Facts) (Impact, error) {
	return ImpactsContext(context.Background(), es, f)
}

// ImpactsContext is [Impacts] under a context: when ctx is cancelled or
// its deadline passes, the analysis stops within a few milliseconds and
// the error wraps ctx.Err(), as for [TakesContext].
func ImpactsContext(ctx context.Context, es []Expr, f Facts) (Impact, error) {
	if err := ctx.Err(); err != nil {
		return Impact{}, takesStopped(err)
	}
	an, err := newJoint(ctx, es, f)
	if err != nil {
		return Impact{}, err
	}
	m := an.m
	pos := make([]bdd.Node, len(es))
	neg := make([]bdd.Node, len(es))
	out := Impact{Now: make([]Truth, len(es)), Atoms: []AtomImpact{}, Irrelevant: []string{}}
	for i, fn := range an.fns {
		pos[i] = m.Imp(an.c, fn)
		neg[i] = m.Imp(an.c, m.Not(fn))
		out.Now[i] = decided(pos[i], neg[i])
	}
	relevant := map[string]bool{}
	for v, a := range an.atoms.atoms {
		ai := AtomImpact{Atom: a.key, Facts: atomFacts(a.node)}
		matters := false
		for _, val := range []bool{true, false} {
			if m.Restrict(an.c, v, val) == bdd.False {
				continue // no completion gives the atom this value
			}
			ts := make([]Truth, len(es))
			for i := range es {
				ts[i] = decided(m.Restrict(pos[i], v, val), m.Restrict(neg[i], v, val))
				if ts[i] != Unknown && out.Now[i] == Unknown {
					ai.Decides++
				}
			}
			if val {
				ai.IfTrue = ts
			} else {
				ai.IfFalse = ts
			}
		}
		matters = ai.Decides > 0
		if !matters {
			care := m.And(m.Restrict(an.c, v, true), m.Restrict(an.c, v, false))
			for _, fn := range an.fns {
				if m.And(care, m.Xor(m.Restrict(fn, v, true), m.Restrict(fn, v, false))) != bdd.False {
					matters = true
					break
				}
			}
		}
		if err := an.err(); err != nil {
			return Impact{}, err
		}
		if !matters {
			continue
		}
		for _, name := range ai.Facts {
			relevant[name] = true
		}
		out.Atoms = append(out.Atoms, ai)
	}
	slices.SortStableFunc(out.Atoms, func(x, y AtomImpact) int {
		if x.Decides != y.Decides {
			return y.Decides - x.Decides
		}
		return strings.Compare(x.Atom, y.Atom)
	})
	for _, e := range es {
		for _, name := range e.Facts() {
			if _, known := f[name]; known && f[name] != nil {
				continue
			}
			if !relevant[name] && !slices.Contains(out.Irrelevant, name) {
				out.Irrelevant = append(out.Irrelevant, name)
			}
		}
	}
	slices.Sort(out.Irrelevant)
	return out, nil
}

// decided returns True when pos (the constraint implies the condition) is
// a tautology, False when neg is, and Unknown otherwise.
func decided(pos, neg bdd.Node) Truth {
	switch {
	case pos == bdd.True:
		return True
	case neg == bdd.True:
		return False
	}
	return Unknown
}

// atomFacts returns the facts n reads, sorted.
func atomFacts(n ast.Node) []string {
	var names []string
	ast.Inspect(n, func(n ast.Node) bool {
		if f, ok := n.(*ast.Fact); ok {
			names = append(names, f.Name)
		}
		return true
	})
	slices.Sort(names)
	return slices.Compact(names)
}
