package conditions

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// Result is the outcome of evaluating a condition with [Eval].
type Result struct {
	// Value is the condition's truth value.
	Value Truth `json:"value"`
	// Explanation shows how each part of the condition contributed to
	// Value.
	Explanation *Explanation `json:"explanation"`
	// Missing lists, sorted, the unknown facts that could still change an
	// Unknown Value: those read by the parts of the condition that are
	// themselves unknown, following the explanation down from the root
	// only through unknown nodes. It is empty when Value is True or False.
	Missing []string `json:"missing,omitempty"`
}

// String returns the value, the missing facts if any, and the explanation
// tree on the lines after, as [Explanation.String] prints it:
//
//	unknown (missing: foreign_troops.withdrawn)
//	unknown  peace_treaty.concluded and foreign_troops.withdrawn
//	...
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.Value.String())
	if len(r.Missing) > 0 {
		b.WriteString(" (missing: ")
		b.WriteString(strings.Join(r.Missing, ", "))
		b.WriteString(")")
	}
	if r.Explanation != nil {
		b.WriteByte('\n')
		b.WriteString(r.Explanation.String())
	}
	return b.String()
}

// Eval evaluates e over the fact values f in Kleene's strong three-valued
// logic. A fact that is absent from f, or nil, is unknown.
//
//   - "a and b" is False if any operand is False, else Unknown if any is
//     Unknown, else True; "or" is the dual; "not" swaps True and False and
//     keeps Unknown.
//   - atleast(k, c1, ..., cn) is True if at least k operands are True,
//     False if fewer than k are True or Unknown, and Unknown otherwise.
//   - A comparison or arithmetic operation with an unknown operand is
//     unknown. Numbers are float64; dates compare by civil date.
//
// A True or False result therefore holds whatever values the unknown facts
// turn out to have.
//
// Fact types are inferred from e as by [Check] with no schema; if that
// fails, Eval returns the [ErrorList] from it. Then, before evaluating,
// Eval converts every fact value e reads and checks it against the fact's
// type: a value of the wrong type, of a Go type the language does not
// know, or a NaN, is an error with code [CodeFactType] naming the fact,
// the type wanted and the type found. Facts whose type could not be
// inferred, because they are only compared with one another, must have
// known values of one type. Division by zero is an error with code
// [CodeDivByZero] at the position of the '/', whether or not the other
// operand is known. Every operand is evaluated (there is no
// short-circuit), so the result and the error never depend on the order
// of operands; if there are several errors, the first in source order is
// returned, as an [ErrorList] of one.
//
// Eval takes time and memory linear in the size of e, which [Parse]
// bounds (64 KiB of text, 200 levels of nesting), so it needs no budget:
// a 64 KiB arithmetic chain evaluates in milliseconds.
//
// Eval never modifies f, and is safe for concurrent use.
func Eval(e Expr, f Facts) (Result, error) {
	ti, errs := e.inferred()
	if len(errs) > 0 {
		return Result{}, slices.Clone(errs).finish(0) // the cached list stays as it is
	}
	if e.quantified() {
		return evalQuant(e, f)
	}
	if p := e.plan(ti); p != nil {
		if r, ok := p.eval(f); ok {
			return r, nil
		}
		// An error: the tree evaluator reports it.
	}
	return evalTree(e, ti, f)
}

// evalTree is [Eval] by the tree evaluator, for the conditions or facts
// the plan does not cover.
func evalTree(e Expr, ti *typeInfo, f Facts) (Result, error) {
	return evalTreeNotes(e, ti, f, nil)
}

// evalTreeNotes is evalTree of e, an expansion with the given notes (nil
// for none) for its explanation.
func evalTreeNotes(e Expr, ti *typeInfo, f Facts, notes *quantNotes) (Result, error) {
	ev := &evaluator{src: e.src, types: ti.facts, vals: make(map[string]factVal, len(ti.order)), texts: e.texts()}
	if notes != nil {
		ev.notes, ev.seen = notes, map[ast.Node][]*Explanation{}
	}
	ev.readFacts(ti, f)
	root := e.root
	if root == nil {
		root = &ast.Lit{Val: ast.Bool(true)}
	}
	x := ev.truth(root)
	if len(ev.errs) > 0 {
		ev.errs.Sort()
		first := ev.errs[0]
		if n, ok := ev.divs[first]; ok {
			first.Msg = "division by zero in " + ast.Format(n)
		}
		return Result{}, ErrorList{first}
	}
	return Result{Value: x.Value, Explanation: x, Missing: missing(x)}, nil
}

// factVal is a fact value converted to the language.
type factVal struct {
	v     ast.Value
	known bool
}

// evaluator holds the state of one evaluation.
type evaluator struct {
	src   string // the source text, to locate operators in errors
	types map[string]Type
	vals  map[string]factVal
	errs  ErrorList
	texts map[ast.Node]string         // canonical texts of the nodes, if cached
	divs  map[*Error]ast.Node         // the division of each division error
	notes *quantNotes                 // of an expansion explained with its quantifiers
	seen  map[ast.Node][]*Explanation // with notes: the explanations of each member's expansion
}

// text returns the canonical text of n.
func (ev *evaluator) text(n ast.Node) string {
	if ev.notes != nil {
		if t, ok := ev.notes.texts[n]; ok {
			return t
		}
	}
	if t, ok := ev.texts[n]; ok {
		return t
	}
	return ast.Format(n)
}

// readFacts converts and checks the values of the facts e reads.
func (ev *evaluator) readFacts(ti *typeInfo, f Facts) {
	for _, name := range ti.order {
		want := ti.facts[name]
		v, known, err := convertFact(name, want, f[name])
		if err != nil {
			r := ti.first[name]
			err.Pos, err.End, err.src = posOf(r.Start), posOf(r.End), r.Src
			ev.errs.Add(err)
		}
		ev.vals[name] = factVal{v, known && err == nil}
	}
	for _, g := range ti.groups {
		var first string // the first fact of the group with a usable value
		for _, name := range g.facts {
			fv := ev.vals[name]
			if !fv.known {
				continue
			}
			var err *Error
			switch {
			case g.ordered && fv.v.Kind == ast.KindBool:
				err = &Error{Code: CodeFactType, Msg: fmt.Sprintf(
					"fact %q must be a number, string or date because it is compared with '%s', got a bool", name, g.op)}
			case first == "":
				first = name
				continue
			case fv.v.Kind != ev.vals[first].v.Kind:
				err = &Error{Code: CodeFactType, Msg: fmt.Sprintf(
					"fact %q must have the type of fact %q, which it is compared with (%s), got %s",
					name, first, Type(ev.vals[first].v.Kind), withArticle(Type(fv.v.Kind)))}
			default:
				continue
			}
			r := ti.first[name]
			err.Pos, err.End, err.src = posOf(r.Start), posOf(r.End), r.Src
			ev.errs.Add(err)
			ev.vals[name] = factVal{}
		}
	}
}

// convertFact converts the value v of the named fact, whose type is want
// (Any if any type will do), to the language ([sem.FromGo]). known is
// false when v is nil (the fact is unknown). The error, with code
// [CodeFactType] and no position, says what was wanted and what was found
// when v has a Go type the language does not know, is not a finite
// number, or has the wrong type.
func convertFact(name string, want Type, v any) (val ast.Value, known bool, err *Error) {
	val, known, verr := sem.FromGo(v)
	return checkFact(name, want, v, val, known, verr)
}

// checkFact turns the conversion (val, known, verr) of the value v of the
// named fact into the fact's value or the error for it, as convertFact
// describes.
func checkFact(name string, want Type, v any, val ast.Value, known bool, verr *sem.BadValue) (ast.Value, bool, *Error) {
	if verr != nil && want == Any {
		want = Type(verr.Kind) // a NaN must be a number, whatever the fact's type
	}
	switch {
	case verr != nil && want == Any:
		return ast.Value{}, false, &Error{Code: CodeFactType, Msg: fmt.Sprintf("fact %q: %v", name, verr)}
	case verr != nil:
		return ast.Value{}, false, &Error{Code: CodeFactType, Msg: fmt.Sprintf("fact %q must be %s: %v", name, withArticle(want), verr)}
	case known && want != Any && Type(val.Kind) != want:
		got := withArticle(Type(val.Kind))
		if gt := reflect.TypeOf(v); gt != goTypes[val.Kind] {
			got += fmt.Sprintf(" (Go type %s)", gt)
		}
		return ast.Value{}, false, &Error{Code: CodeFactType, Msg: fmt.Sprintf("fact %q must be %s, got %s", name, withArticle(want), got)}
	}
	return val, known, nil
}

// goTypes are the Go types that are not worth naming in a message about
// a value of the given kind.
var goTypes = [...]reflect.Type{
	ast.KindBool:   reflect.TypeFor[bool](),
	ast.KindNumber: reflect.TypeFor[float64](),
	ast.KindString: reflect.TypeFor[string](),
	ast.KindDate:   reflect.TypeFor[time.Time](),
}

// withArticle returns "a bool", "a number", "a string" or "a date".
func withArticle(t Type) string {
	if t == Any {
		return "any value"
	}
	return "a " + t.String()
}

// truth evaluates n, which is of type bool, and explains it.
func (ev *evaluator) truth(n ast.Node) *Explanation {
	if ev.notes != nil {
		if x, ok := ev.noteTruth(n); ok {
			return x
		}
	}
	x := &Explanation{Expr: ev.text(n)}
	switch n := n.(type) {
	case *ast.Tagged:
		x = ev.truth(n.X)
		x.Origin = n.Origin
		return x
	case *ast.Fact:
		x.Op = "fact"
		fv := ev.vals[n.Name]
		if fv.known && fv.v.Kind == ast.KindBool {
			x.Value = TruthOf(fv.v.B)
		}
		x.Facts = ev.factValues(n)
	case *ast.Lit:
		x.Op = "literal"
		if n.Val.Kind == ast.KindBool {
			x.Value = TruthOf(n.Val.B)
		}
	case *ast.Compare:
		x.Op = n.Op.String()
		l, lok := ev.value(n.L)
		r, rok := ev.value(n.R)
		if lok && rok {
			x.Value = compare(n.Op, l, r)
		}
		x.Facts = ev.factValues(n)
	case *ast.Unary: // not: Check allows no other unary operator here
		x.Op = "not"
		c := ev.truth(n.X)
		c.Decisive = true
		x.Children = []*Explanation{c}
		switch c.Value {
		case True:
			x.Value = False
		case False:
			x.Value = True
		}
	case *ast.Logic:
		x.Op = n.Op.String()
		x.Children = ev.truths(n.Args)
		var nt, nf int
		for _, c := range x.Children {
			switch c.Value {
			case True:
				nt++
			case False:
				nf++
			}
		}
		all := len(x.Children)
		if n.Op == ast.OpAnd {
			x.Value = countTruth(nt, nf, all, all)
		} else {
			x.Value = countTruth(nt, nf, all, 1)
		}
		x.markDecisive()
	case *ast.AtLeast:
		x.Op = "atleast"
		x.Children = ev.truths(n.Args)
		var nt, nf int
		for _, c := range x.Children {
			switch c.Value {
			case True:
				nt++
			case False:
				nf++
			}
		}
		x.Value = countTruth(nt, nf, len(x.Children), n.K)
		if n.K > 0 { // atleast(0, ...) holds whatever its operands
			x.markDecisive()
		}
	}
	return x
}

// truths evaluates and explains each of ns.
func (ev *evaluator) truths(ns []ast.Node) []*Explanation {
	xs := make([]*Explanation, len(ns))
	for i, a := range ns {
		xs[i] = ev.truth(a)
	}
	return xs
}

// countTruth returns the truth of "at least k of n operands are true"
// when nt of them are True and nf are False.
func countTruth(nt, nf, n, k int) Truth { return Truth(sem.AtLeast(nt, nf, n, k)) }

// markDecisive marks the children of an and, or or atleast node that
// decided its value: those with the node's own value. For "and" these are
// the false children of a false node, all children of a true one and the
// unknown children of an unknown one; dually for "or"; and for atleast the
// true children when enough are true, the false ones when too many are
// false, and the unknown ones otherwise.
func (x *Explanation) markDecisive() {
	for _, c := range x.Children {
		c.Decisive = c.Value == x.Value
	}
}

// value evaluates n to a value; ok is false when it is unknown.
func (ev *evaluator) value(n ast.Node) (v ast.Value, ok bool) {
	switch n := n.(type) {
	case *ast.Tagged:
		return ev.value(n.X)
	case *ast.Fact:
		fv := ev.vals[n.Name]
		return fv.v, fv.known
	case *ast.Lit:
		return n.Val, true
	case *ast.Unary:
		if n.Op == ast.OpNeg {
			x, ok := ev.value(n.X)
			if !ok || x.Kind != ast.KindNumber {
				return ast.Value{}, false
			}
			return ast.Number(sem.Neg(x.N)), true
		}
	case *ast.Arith:
		l, lok := ev.value(n.L)
		r, rok := ev.value(n.R)
		if rok && r.Kind == ast.KindNumber && sem.DivByZero(n.Op, r.N) {
			// The message names the division's text, formatted only for
			// the error returned (see Eval): a chain of divisions by zero
			// stays linear.
			err := newError(CodeDivByZero, ev.operator(n, '/'), "division by zero")
			if ev.divs == nil {
				ev.divs = map[*Error]ast.Node{}
			}
			ev.divs[err] = n
			ev.errs.Add(err)
			return ast.Value{}, false
		}
		if !lok || !rok {
			return ast.Value{}, false
		}
		return sem.ArithValue(n.Op, l, r)
	}
	// A boolean operator used as a value, as in (a and b) == c.
	switch t := ev.truth(n).Value; t {
	case True, False:
		return ast.Bool(t == True), true
	}
	return ast.Value{}, false
}

// compare applies a comparison operator to two known values of one type;
// Unknown if the comparison is not defined (excluded by type checking).
func compare(op ast.Op, l, r ast.Value) Truth {
	h, ok := sem.Compare(op, l, r)
	if !ok {
		return Unknown
	}
	return TruthOf(h)
}

// operator returns the source range of the operator character op of the
// binary node n, found in the source text between its operands; or the
// range of n when the source text is not available.
func (ev *evaluator) operator(n *ast.Arith, op byte) ast.Range {
	src := ev.src
	if n.Rng.Src != nil {
		src = *n.Rng.Src // the text of the part of a composed condition n is in
	}
	p, end := n.L.Span().End, n.R.Span().Start
	if !p.IsValid() || !end.IsValid() || p.Offset < 0 || end.Offset > len(src) || p.Offset > end.Offset {
		return n.Rng
	}
	for p.Offset < end.Offset {
		r, size := utf8.DecodeRuneInString(src[p.Offset:])
		if r == rune(op) {
			next := p
			next.Offset++
			next.Column++
			return ast.Range{Start: p, End: next, Src: n.Rng.Src}
		}
		p.Offset += size
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	return n.Rng
}

// factValues returns the facts n reads, in order of first occurrence,
// with their values.
func (ev *evaluator) factValues(n ast.Node) []FactValue {
	var fvs []FactValue
	seen := make(map[string]bool)
	ast.Inspect(n, func(n ast.Node) bool {
		if f, ok := n.(*ast.Fact); ok && !seen[f.Name] {
			seen[f.Name] = true
			fvs = append(fvs, factValue(f.Name, ev.types[f.Name], ev.vals[f.Name]))
		}
		return true
	})
	return fvs
}

// missing returns the sorted unknown facts read by the unknown nodes
// reachable from x through unknown nodes.
func missing(x *Explanation) []string {
	if x.Value != Unknown {
		return nil
	}
	var names []string
	var walk func(x *Explanation)
	walk = func(x *Explanation) {
		// Only leaves and counts compared with facts have both facts and children.
		for _, f := range x.Facts {
			if !f.Known {
				names = append(names, f.Name)
			}
		}
		for _, c := range x.Children {
			if c.Value == Unknown {
				walk(c)
			}
		}
	}
	walk(x)
	slices.Sort(names)
	return slices.Compact(names)
}
