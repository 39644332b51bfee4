package conditions

import (
	"slices"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// AsOfChanges returns, ascending, the days d with from < d <= to on which
// the value of e may differ from its value on the day before because the
// evaluation date [AsOf] moves, every other fact keeping its value in f
// (a value f gives for asof itself is ignored). A condition that does not
// read asof has none. Days are midnight UTC; from and to count by their
// civil dates.
//
// It lets a caller that evaluates a condition over a span of dates (as
// package treaty does for a timeline) evaluate it once per run of days
// with one value instead of once per day: between two consecutive days it
// returns, e's value is constant. It may return a day on which the value
// does not in fact change (a comparison that flips under an "or" already
// true), never miss one.
//
// Each comparison that reads asof must have it on one side only, and that
// side must move one way as asof moves: asof itself, a date plus or minus
// periods, days between (asof - signed, signed - asof), sums and
// differences of these and constants, and products and quotients by
// number literals. Any other use, such as asof on both sides of a
// comparison, is an error with code [CodeType] at the comparison: its
// value could change on any day. Like [Eval], AsOfChanges returns the
// type errors of e and errors for fact values of the wrong type.
//
// It takes time proportional to the size of e times the logarithm of the
// number of days from from to to.
func AsOfChanges(e Expr, f Facts, from, to time.Time) ([]time.Time, error) {
	// A quantifier's body may read asof (any(x in S: asof - d[x] > 30)):
	// its expansion over the members f gives has one comparison per
	// member, each found below like any other.
	e, f, err := expandFacts(e, f)
	if err != nil {
		return nil, err
	}
	ti, errs := e.inferred()
	if len(errs) > 0 {
		return nil, slices.Clone(errs).finish(0)
	}
	var cmps []*ast.Compare
	var shapeErr *Error
	ast.Inspect(e.root, func(n ast.Node) bool {
		c, ok := n.(*ast.Compare)
		if !ok || shapeErr != nil {
			return shapeErr == nil
		}
		lm, lok := asofMono(c.L)
		rm, rok := asofMono(c.R)
		switch {
		case !lok || !rok || lm != 0 && rm != 0:
			shapeErr = newError(CodeType, c.Rng, "asof changes the value of %s in no single direction: put asof on one side of the comparison only, moved by periods or as days between", ast.Format(c))
		case lm != 0 || rm != 0:
			cmps = append(cmps, c)
		}
		return true
	})
	if shapeErr != nil {
		return nil, ErrorList{shapeErr}
	}
	if len(cmps) == 0 {
		return nil, nil
	}
	ev := &evaluator{src: e.src, types: ti.facts, vals: make(map[string]factVal, len(ti.order))}
	ff := f
	if _, ok := f[AsOf]; ok {
		ff = make(Facts, len(f))
		for k, v := range f {
			if k != AsOf {
				ff[k] = v
			}
		}
	}
	ev.readFacts(ti, ff)
	if len(ev.errs) > 0 {
		ev.errs.Sort()
		return nil, ErrorList{ev.errs[0]}
	}
	lo, hi := ast.DaysOf(from), ast.DaysOf(to)
	var days []int64
	for _, c := range cmps {
		s, k, op := c.L, c.R, c.Op
		dir, _ := asofMono(s)
		if dir == 0 {
			s, k, op = c.R, c.L, sem.Flip(c.Op)
			dir, _ = asofMono(s)
		}
		m := sem.Accept(op)
		swap := func(o sem.Order) sem.Order {
			switch {
			case dir < 0 && o == sem.Less:
				return sem.Greater
			case dir < 0 && o == sem.Greater:
				return sem.Less
			}
			return o
		}
		kv, ok := ev.value(k)
		if !ok || len(ev.errs) > 0 {
			ev.errs = nil
			continue
		}
		// The outcome of S(d) against K moves from Less through Equal to
		// Greater as d grows (outcome swaps Less and Greater when S
		// decreases): the boundaries are the first day it is no longer
		// Less and the first day it is Greater, those the operator tells
		// apart.
		outcome := func(d int64) sem.Order {
			ev.vals[AsOf] = factVal{ast.Date(d), true}
			sv, ok := ev.value(s)
			if !ok {
				return sem.Unordered
			}
			o, ok := sem.Outcome(sv, kv)
			if !ok {
				return sem.Unordered
			}
			return swap(o)
		}
		for _, past := range [...]sem.Order{sem.Less, sem.Equal} {
			if sem.Holds(m, swap(past)) == sem.Holds(m, swap(past+1)) {
				continue // the operator does not tell these outcomes apart
			}
			// The first day in (lo, hi] whose outcome is beyond past.
			beyond := func(d int64) bool { o := outcome(d); return o != sem.Unordered && o > past }
			if outcome(lo) == sem.Unordered || beyond(lo) || !beyond(hi) {
				continue
			}
			a, b := lo, hi // beyond(a) false, beyond(b) true
			for b-a > 1 {
				m := a + (b-a)/2
				if beyond(m) {
					b = m
				} else {
					a = m
				}
			}
			days = append(days, b)
		}
		ev.errs = nil
	}
	slices.Sort(days)
	days = slices.Compact(days)
	out := make([]time.Time, len(days))
	for i, d := range days {
		out[i] = ast.TimeOf(d)
	}
	return out, nil
}

// asofMono returns how the value of n moves as asof grows: 1 up (or
// stays), -1 down (or stays), 0 when n does not read asof; ok is false
// when it may move both ways.
func asofMono(n ast.Node) (dir int, ok bool) {
	switch n := ast.Untag(n).(type) {
	case *ast.Fact:
		if n.Name == AsOf {
			return 1, true
		}
		return 0, true
	case *ast.Lit:
		return 0, true
	case *ast.Unary:
		if n.Op != ast.OpNeg {
			return 0, true // "not": a boolean, whose comparisons are checked on their own
		}
		d, ok := asofMono(n.X)
		return -d, ok
	case *ast.Arith:
		l, lok := asofMono(n.L)
		r, rok := asofMono(n.R)
		if !lok || !rok {
			return 0, false
		}
		switch n.Op {
		case ast.OpAdd, ast.OpSub:
			if n.Op == ast.OpSub {
				r = -r
			}
			switch {
			case l == 0:
				return r, true
			case r == 0 || r == l:
				return l, true
			}
			return 0, false
		}
		// * and /: only by a number literal, and asof never in a divisor.
		x, lit := l, ast.Untag(n.R)
		if n.Op == ast.OpMul && l == 0 {
			x, lit = r, ast.Untag(n.L)
		} else if r != 0 {
			return 0, false
		}
		if x == 0 {
			return 0, true
		}
		k, isLit := lit.(*ast.Lit)
		switch {
		case !isLit || k.Val.Kind != ast.KindNumber:
			return 0, false
		case k.Val.N > 0:
			return x, true
		case k.Val.N < 0:
			return -x, true
		}
		return 0, true // times zero
	}
	// A boolean (and, or, not, a comparison) used as a value: the
	// comparisons in it are checked on their own.
	return 0, true
}
