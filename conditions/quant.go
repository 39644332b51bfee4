package conditions

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Quantifiers are evaluated by expansion: given the members of the sets a
// condition quantifies over, lower rewrites every quantifier into the
// plain connectives it stands for, over one fact per member of each
// indexed fact, named as a condition reads it (votes["Saarlouis"]). Every
// walker (Eval and its explanations, Residual, Takes, the compiled
// Program) then works on the plain condition, so quantifiers have one
// semantics, the one the package sem gives to and, or, atleast and +:
//
//   - any(x in S: c) is the "or" of c over the members, all the "and";
//     over the empty set any is false and all is true.
//   - A member whose membership is unknown counts through the fact
//     S["member"] (true when it is a member): any takes S["m"] and c,
//     all takes not S["m"] or c. So an unknown membership makes the
//     result unknown only when that member could decide it.
//   - count(x in S: c) compared with a constant k becomes atleast: count
//     >= k is atleast(k, c1, ..., cn). So the count's bounds decide: it
//     is true as soon as k members are known to satisfy c, false as soon
//     as too many are known not to, whatever the others. Compared with an
//     expression that reads facts, it becomes the "or", over the possible
//     counts j, of "exactly j" and "j op E".
//   - sum(x in S: e) is e1 + ... + en (0 over the empty set); it is
//     unknown while any member's membership is unknown.
//   - A set whose value is unknown makes its quantifier unknown: the
//     expansion reads the set itself, as an unknown fact, in its place
//     (the nearest enclosing condition for a sum or a count).

// members is the value of a set-valued fact: known is false for an
// unknown set; in lists the members, sorted; maybe the candidates whose
// membership is unknown, sorted.
type members struct {
	known bool
	in    []string
	maybe []string
}

// setValue converts the Go value of a set-valued fact: nil (unknown), a
// []string or []any of strings (all members), a map[string]bool (true
// for a member), a map[string]Truth or a map[string]any of bools and nils
// (nil and Unknown for an unknown membership). Duplicates are merged.
func setValue(name string, v any) (members, *Error) {
	bad := func(msg string) (members, *Error) {
		return members{}, &Error{Code: CodeFactType, Msg: fmt.Sprintf("fact %q must be a set (a list of member names, or a map from member to true, false or null): %s", name, msg)}
	}
	var m members
	switch x := v.(type) {
	case nil:
		return m, nil
	case []string:
		m.in = slices.Clone(x)
	case []any:
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return bad(fmt.Sprintf("member %d is %s, not a string", i, goDescribe(e)))
			}
			m.in = append(m.in, s)
		}
	case map[string]bool:
		for k, b := range x {
			if b {
				m.in = append(m.in, k)
			}
		}
	case map[string]Truth:
		for k, t := range x {
			switch t {
			case True:
				m.in = append(m.in, k)
			case Unknown:
				m.maybe = append(m.maybe, k)
			}
		}
	case map[string]any:
		for k, e := range x {
			switch b := e.(type) {
			case nil:
				m.maybe = append(m.maybe, k)
			case bool:
				if b {
					m.in = append(m.in, k)
				}
			default:
				return bad(fmt.Sprintf("the membership of %q is %s, not true, false or null", k, goDescribe(e)))
			}
		}
	default:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return m, nil
		}
		if rv.Kind() == reflect.Pointer {
			return setValue(name, rv.Elem().Interface())
		}
		return bad("got " + goDescribe(v))
	}
	m.known = true
	sort.Strings(m.in)
	m.in = slices.Compact(m.in)
	sort.Strings(m.maybe)
	m.maybe = slices.Compact(m.maybe)
	return m, nil
}

// goDescribe names the Go type of v for a message.
func goDescribe(v any) string {
	if v == nil {
		return "null"
	}
	return "a " + reflect.TypeOf(v).String()
}

// indexedValue returns the value of member key of the indexed fact whose
// Go value is v: nil (every member unknown), or a map with string keys
// (map[string]any, map[string]float64, ...). ok is false when v is of
// another kind.
func indexedValue(v any, key string) (val any, ok bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case map[string]any:
		return x[key], true
	case map[string]float64:
		if f, ok := x[key]; ok {
			return f, true
		}
		return nil, true
	case map[string]bool:
		if b, ok := x[key]; ok {
			return b, true
		}
		return nil, true
	case map[string]string:
		if s, ok := x[key]; ok {
			return s, true
		}
		return nil, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, true
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	e := rv.MapIndex(reflect.ValueOf(key).Convert(rv.Type().Key()))
	if !e.IsValid() {
		return nil, true
	}
	return e.Interface(), true
}

// hasQuant reports whether root has a quantifier or an indexed fact read.
func hasQuant(root ast.Node) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Quant:
			found = true
		case *ast.Fact:
			found = found || n.Key != nil
		}
		return !found
	})
	return found
}

// lowering is the state of one expansion.
type lowering struct {
	sets  func(name string, at ast.Range) (members, *Error)
	env   map[string]string // quantifier variable -> member
	errs  ErrorList
	inst  map[string]instance // the instance facts made
	marks map[string]bool     // the sets read as unknown facts
	// notes, when not nil, asks for an expansion that explanations can
	// fold back into the quantifiers as written (see explain_quant.go).
	notes *quantNotes
}

// unknownSet marks a number subtree that is unknown because the named
// set, or a membership in it, is: the enclosing comparison becomes that
// fact. It is never part of a finished expansion.
type unknownSet struct {
	ast.Fact
}

// lower expands the quantifiers of n, which is bool, with the set values
// sets gives.
func (lw *lowering) lower(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Tagged:
		return &ast.Tagged{Origin: n.Origin, X: lw.lower(n.X)}
	case *ast.Fact:
		return lw.fact(n)
	case *ast.Lit:
		return n
	case *ast.Unary:
		if n.Op == ast.OpNot {
			return lw.written(n, &ast.Unary{Op: ast.OpNot, X: lw.lower(n.X), Rng: n.Rng})
		}
		x := lw.num(n.X)
		if u, ok := x.(*unknownSet); ok {
			return u
		}
		return &ast.Unary{Op: n.Op, X: x, Rng: n.Rng}
	case *ast.Logic:
		args := make([]ast.Node, len(n.Args))
		for i, a := range n.Args {
			args[i] = lw.lower(a)
		}
		return lw.written(n, &ast.Logic{Op: n.Op, Args: args, Rng: n.Rng})
	case *ast.AtLeast:
		args := make([]ast.Node, len(n.Args))
		for i, a := range n.Args {
			args[i] = lw.lower(a)
		}
		return lw.written(n, &ast.AtLeast{K: n.K, Args: args, Rng: n.Rng, KRng: n.KRng})
	case *ast.Compare:
		return lw.compare(n)
	case *ast.Quant:
		return lw.quant(n)
	}
	return lw.num(n)
}

// fact returns the plain fact n reads: an indexed read becomes the fact
// of its member.
func (lw *lowering) fact(n *ast.Fact) ast.Node {
	if n.Key == nil {
		return n
	}
	m := n.Key.Lit
	if n.Key.Var != "" {
		m = lw.env[n.Key.Var]
	}
	name := instanceName(n.Name, m)
	lw.inst[name] = instance{base: n.Name, member: m}
	return &ast.Fact{Name: name, Rng: n.Rng}
}

// num expands a number subtree; the result may be an *unknownSet.
func (lw *lowering) num(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Tagged:
		x := lw.num(n.X)
		if u, ok := x.(*unknownSet); ok {
			return u
		}
		return &ast.Tagged{Origin: n.Origin, X: x}
	case *ast.Fact:
		return lw.fact(n)
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			x := lw.num(n.X)
			if u, ok := x.(*unknownSet); ok {
				return u
			}
			return &ast.Unary{Op: n.Op, X: x, Rng: n.Rng}
		}
	case *ast.Arith:
		l, r := lw.num(n.L), lw.num(n.R)
		if u, ok := l.(*unknownSet); ok {
			return u
		}
		if u, ok := r.(*unknownSet); ok {
			return u
		}
		return &ast.Arith{Op: n.Op, L: l, R: r, Rng: n.Rng}
	case *ast.Quant:
		if n.Op == ast.QSum {
			return lw.sum(n)
		}
	case *ast.Lit:
		return n
	}
	return lw.lower(n) // a bool used as a value
}

// set returns the members of the set q quantifies over, or nil with an
// *unknownSet when its value is unknown.
func (lw *lowering) set(q *ast.Quant) (members, *unknownSet) {
	m, err := lw.sets(q.Set, q.SetRng)
	if err != nil {
		err.Pos, err.End = posOf(q.SetRng.Start), posOf(q.SetRng.End)
		lw.errs.Add(err)
	}
	if err != nil || !m.known {
		lw.marks[q.Set] = true
		return m, &unknownSet{ast.Fact{Name: q.Set, Rng: q.SetRng}}
	}
	return m, nil
}

// each calls f with the expansion of q's body for each candidate member,
// members first, then the candidates whose membership is unknown (maybe
// true).
func (lw *lowering) each(q *ast.Quant, m members, body func(ast.Node) ast.Node, f func(member string, x ast.Node, maybe bool)) {
	if lw.env == nil {
		lw.env = map[string]string{}
	}
	for i, list := range [][]string{m.in, m.maybe} {
		for _, mem := range list {
			lw.env[q.Var] = mem
			f(mem, body(q.Body), i == 1)
		}
	}
	delete(lw.env, q.Var)
}

// membership is the fact "member is in set", for a candidate whose
// membership is unknown.
func (lw *lowering) membership(q *ast.Quant, member string) *ast.Fact {
	name := instanceName(q.Set, member)
	lw.inst[name] = instance{base: q.Set, member: member, set: true}
	return &ast.Fact{Name: name, Rng: q.SetRng}
}

// quant expands any or all (count is expanded by compare, sum by num).
func (lw *lowering) quant(q *ast.Quant) ast.Node {
	m, u := lw.set(q)
	if u != nil {
		return lw.noteQuant(q, q.Op.String(), &u.Fact, nil, nil, nil)
	}
	var args []ast.Node
	var names []string
	lw.each(q, m, lw.lower, func(mem string, x ast.Node, maybe bool) {
		if maybe {
			if q.Op == ast.QAny {
				x = ast.NewLogic(ast.OpAnd, lw.membership(q, mem), x)
			} else {
				x = ast.NewLogic(ast.OpOr, &ast.Unary{Op: ast.OpNot, X: lw.membership(q, mem)}, x)
			}
		}
		args = append(args, lw.noteArg(x))
		names = append(names, mem)
	})
	op := ast.OpOr
	if q.Op == ast.QAll {
		op = ast.OpAnd
	}
	if len(args) == 0 {
		return lw.noteQuant(q, q.Op.String(), &ast.Lit{Val: ast.Bool(q.Op == ast.QAll), Rng: q.Rng}, nil, nil, nil)
	}
	return lw.noteQuant(q, q.Op.String(), logicAt(op, args, q.Rng), names, args, nil)
}

// logicAt is ast.NewLogic with a range for the node it makes.
func logicAt(op ast.Op, args []ast.Node, rng ast.Range) ast.Node {
	x := ast.NewLogic(op, args...)
	if l, ok := x.(*ast.Logic); ok {
		l.Rng = rng
	}
	return x
}

// sum expands sum(x in S: e) into e1 + ... + en.
func (lw *lowering) sum(q *ast.Quant) ast.Node {
	m, u := lw.set(q)
	if u != nil {
		return u
	}
	if len(m.maybe) > 0 {
		return &unknownSet{*lw.membership(q, m.maybe[0])}
	}
	var x ast.Node
	var unk *unknownSet
	lw.each(q, m, lw.num, func(_ string, e ast.Node, _ bool) {
		if u, ok := e.(*unknownSet); ok && unk == nil {
			unk = u
		}
		if x == nil {
			x = e
			return
		}
		x = &ast.Arith{Op: ast.OpAdd, L: x, R: e, Rng: q.Rng}
	})
	switch {
	case unk != nil:
		return unk
	case x == nil:
		return &ast.Lit{Val: ast.Number(0), Rng: q.Rng}
	}
	return x
}

// compare expands a comparison; one with a count operand becomes atleast.
func (lw *lowering) compare(n *ast.Compare) ast.Node {
	op, l, r := n.Op, n.L, n.R
	q, ok := ast.Untag(l).(*ast.Quant)
	if !ok || q.Op != ast.QCount {
		if q2, ok2 := ast.Untag(r).(*ast.Quant); ok2 && q2.Op == ast.QCount {
			q, ok, op, l, r = q2, true, sem.Flip(op), r, l
		}
	}
	if !ok || q.Op != ast.QCount {
		lx, rx := lw.num(l), lw.num(r)
		if u, ok := lx.(*unknownSet); ok {
			return lw.noteSum(n, &u.Fact)
		}
		if u, ok := rx.(*unknownSet); ok {
			return lw.noteSum(n, &u.Fact)
		}
		return lw.noteSum(n, &ast.Compare{Op: n.Op, L: lx, R: rx, Rng: n.Rng})
	}
	// count(q) op r.
	m, u := lw.set(q)
	if u != nil {
		return lw.noteQuant(n, "count", &u.Fact, nil, nil, nil)
	}
	var args []ast.Node
	var names []string
	lw.each(q, m, lw.lower, func(mem string, x ast.Node, maybe bool) {
		if maybe {
			x = ast.NewLogic(ast.OpAnd, lw.membership(q, mem), x)
		}
		args = append(args, lw.noteArg(x))
		names = append(names, mem)
	})
	var rx, rest ast.Node // rest: the other operand, when it reads facts
	if rq, ok := ast.Untag(r).(*ast.Quant); ok && rq.Op == ast.QCount {
		rx = r // count op count: compared by the general form below
	} else {
		rx = lw.num(r)
		rest = rx
		if u, ok := rx.(*unknownSet); ok {
			return lw.noteQuant(n, "count", &u.Fact, nil, nil, nil)
		}
		if k, ok := constNumber(rx); ok {
			return lw.noteQuant(n, "count", countConst(op, args, k, n.Rng), names, args, nil)
		}
	}
	// The general form: the or, over the possible counts j, of "exactly j
	// of args" and "j op r".
	var alts []ast.Node
	for j := 0; j <= len(args); j++ {
		jl := &ast.Lit{Val: ast.Number(float64(j)), Rng: q.Rng}
		cmp := lw.lower(&ast.Compare{Op: op, L: jl, R: r, Rng: n.Rng})
		exact := ast.NewLogic(ast.OpAnd, countConst(ast.OpEq, args, float64(j), n.Rng), cmp)
		alts = append(alts, exact)
	}
	return lw.noteQuant(n, "count", logicAt(ast.OpOr, alts, n.Rng), names, args, rest)
}

// countConst expands "the number of true args op k".
func countConst(op ast.Op, args []ast.Node, k float64, rng ast.Range) ast.Node {
	n := len(args)
	// atLeast(j) is "at least j of args are true".
	atLeast := func(j float64) ast.Node {
		switch {
		case j <= 0:
			return &ast.Lit{Val: ast.Bool(true), Rng: rng}
		case j > float64(n):
			return &ast.Lit{Val: ast.Bool(false), Rng: rng}
		case j == float64(n):
			return logicAt(ast.OpAnd, slices.Clone(args), rng)
		case j == 1:
			return logicAt(ast.OpOr, slices.Clone(args), rng)
		}
		return &ast.AtLeast{K: int(j), Args: slices.Clone(args), Rng: rng}
	}
	not := func(x ast.Node) ast.Node {
		if l, ok := x.(*ast.Lit); ok {
			return &ast.Lit{Val: ast.Bool(!l.Val.B), Rng: rng}
		}
		return &ast.Unary{Op: ast.OpNot, X: x, Rng: rng}
	}
	if math.IsNaN(k) {
		return &ast.Lit{Val: ast.Bool(op == ast.OpNe), Rng: rng}
	}
	switch op {
	case ast.OpGe:
		return atLeast(math.Ceil(k))
	case ast.OpGt:
		return atLeast(math.Floor(k) + 1)
	case ast.OpLe:
		return not(atLeast(math.Floor(k) + 1))
	case ast.OpLt:
		return not(atLeast(math.Ceil(k)))
	}
	var eq ast.Node
	if k != math.Trunc(k) || k < 0 || k > float64(n) {
		eq = &ast.Lit{Val: ast.Bool(false), Rng: rng}
	} else {
		eq = andLits(atLeast(k), not(atLeast(k+1)), rng)
	}
	if op == ast.OpNe {
		return not(eq)
	}
	return eq
}

// andLits is a and b, simplified when either is a literal.
func andLits(a, b ast.Node, rng ast.Range) ast.Node {
	for _, p := range [][2]ast.Node{{a, b}, {b, a}} {
		if l, ok := p[0].(*ast.Lit); ok {
			if l.Val.B {
				return p[1]
			}
			return l
		}
	}
	return logicAt(ast.OpAnd, []ast.Node{a, b}, rng)
}

// constNumber returns the value of n when it reads no fact and evaluates
// without error.
func constNumber(n ast.Node) (float64, bool) {
	reads := false
	ast.Inspect(n, func(m ast.Node) bool {
		if _, ok := m.(*ast.Fact); ok {
			reads = true
		}
		return !reads
	})
	if reads {
		return 0, false
	}
	ev := &evaluator{vals: map[string]factVal{}}
	v, ok := ev.value(n)
	if !ok || len(ev.errs) > 0 || v.Kind != ast.KindNumber {
		return 0, false
	}
	return v.N, true
}

// quantified reports whether e has a quantifier or an indexed fact read,
// computed at most once per parsed Expr.
func (e Expr) quantified() bool {
	if e.info == nil {
		return hasQuant(e.root)
	}
	e.info.quantOnce.Do(func() { e.info.quant = hasQuant(e.root) })
	return e.info.quant
}

// instance is a fact of an expansion that is one member's value of an
// indexed fact, or (set) the membership of a candidate in a set.
type instance struct {
	base, member string
	set          bool
}

// expansion is a quantified condition expanded for one scenario.
type expansion struct {
	expr  Expr
	inst  map[string]instance // the instance facts the expansion reads
	marks map[string]bool     // the sets read as unknown facts
	notes *quantNotes         // for an explanation, if asked for
}

// expand expands the quantifiers of e with the sets f gives, keeping the
// notes an explanation needs when explain is set. The error is an
// ErrorList of the first bad set value, at the set's name in the source.
func expand(e Expr, f Facts, explain bool) (*expansion, error) {
	cache := map[string]members{}
	lw := &lowering{
		inst:  map[string]instance{},
		marks: map[string]bool{},
		sets: func(name string, _ ast.Range) (members, *Error) {
			if m, ok := cache[name]; ok {
				return m, nil
			}
			m, err := setValue(name, f[name])
			if err == nil {
				cache[name] = m
			}
			return m, err
		},
	}
	if explain {
		lw.notes = newQuantNotes()
	}
	root := lw.lower(e.root)
	if len(lw.errs) > 0 {
		lw.errs.Sort()
		return nil, lw.errs[:1]
	}
	return &expansion{expr: newExpr(root, e.src), inst: lw.inst, marks: lw.marks, notes: lw.notes}, nil
}

// facts returns the fact values the expansion reads: the plain facts of f
// as they are, each instance of an indexed fact from its map, and unknown
// for the memberships and the sets read as facts. The error is about an
// indexed fact whose value is not a map, at its first read.
func (x *expansion) facts(f Facts) (Facts, error) {
	ti, errs := x.expr.inferred()
	if len(errs) > 0 {
		return nil, errs.finish(0)
	}
	out := make(Facts, len(ti.order))
	for _, name := range ti.order {
		if x.marks[name] {
			continue
		}
		in, ok := x.inst[name]
		if !ok {
			if v, ok := f[name]; ok {
				out[name] = v
			}
			continue
		}
		if in.set {
			continue
		}
		v, ok := indexedValue(f[in.base], in.member)
		if !ok {
			r := ti.first[name]
			return nil, ErrorList{&Error{Code: CodeFactType, Pos: posOf(r.Start), End: posOf(r.End), Msg: fmt.Sprintf(
				"fact %q has a value per member: want a map from member to value, got %s", in.base, goDescribe(f[in.base]))}}
		}
		if v != nil {
			out[name] = v
		}
	}
	return out, nil
}

// expandFacts expands e for f and returns the expansion with the facts it
// reads (see expansion.facts); e itself when it has no quantifier.
func expandFacts(e Expr, f Facts) (Expr, Facts, error) {
	if !e.quantified() {
		return e, f, nil
	}
	if _, errs := e.inferred(); len(errs) > 0 {
		return Expr{}, nil, errs.finish(0)
	}
	x, err := expand(e, f, false)
	if err != nil {
		return Expr{}, nil, err
	}
	flat, err := x.facts(f)
	if err != nil {
		return Expr{}, nil, err
	}
	return x.expr, flat, nil
}

// expandAll expands each of es for f; the facts returned serve them all.
func expandAll(es []Expr, f Facts) ([]Expr, Facts, error) {
	any := false
	for _, e := range es {
		any = any || e.quantified()
	}
	if !any {
		return es, f, nil
	}
	out := make([]Expr, len(es))
	all := Facts{}
	for i, e := range es {
		x, flat, err := expandFacts(e, f)
		if err != nil {
			return nil, nil, err
		}
		out[i] = x
		for k, v := range flat {
			all[k] = v
		}
	}
	for k, v := range f {
		if _, ok := all[k]; !ok {
			all[k] = v
		}
	}
	return out, all, nil
}
