package conditions

import (
	"github.com/treatycond/treatycond/conditions/internal/ast"
	"github.com/treatycond/treatycond/conditions/internal/sem"
)

// The explaining evaluator's fast path. [Eval] builds an [Explanation]
// per call; what does not depend on the facts (the nodes' texts, their
// operators and origins, which facts each leaf reads, the operands of
// comparisons as postfix code) is worked out once per Expr, in an xplan,
// and an evaluation then fills one slab of Explanations, one of child
// pointers and one of FactValues: a handful of allocations whatever the
// size of the condition.
//
// The fast path handles evaluations without errors. When a fact value is
// refused or a division by zero is met, Eval runs the tree evaluator
// (evaluator), which reports the error as the documentation says; and
// conditions the plan does not cover (facts typed only by comparison with
// one another, booleans compared as values) always take that path. Both
// compute values with package sem, and the differential tests hold them
// to the same results.

// xplan is the evaluation plan of an Expr.
type xplan struct {
	names []string // the facts read, in order of first occurrence
	types []Type   // their inferred types
	nodes []xnode  // the boolean nodes, in preorder; the root is nodes[0]
	kids  []int32  // the children of the nodes (see xnode.kids)
	leafs []int32  // the facts each leaf reads (see xnode.lf), as indices into names
	code  []xop    // the operands of the comparisons, as postfix code
	depth int      // the deepest stack the code needs
	// A leaf that reads a boolean fact depends only on its value and on
	// whether it is decisive: its six explanations are made once, in
	// shared, and every evaluation points to them (explanations are
	// read-only). slot gives each other node its place in the slab of an
	// evaluation (-1 for a shared leaf), nslot their number.
	slot   []int32
	nslot  int
	shared [][3][2]*Explanation
	// The fact values of the other leaves: node i's are fvs[fvOff[i]:]
	// of an evaluation's slab of nfv; fvDup is, for each, an earlier one
	// of the same fact or -1.
	fvOff []int32
	fvDup []int32
	nfv   int
}

// Kinds of xnode.
const (
	xAnd uint8 = iota
	xOr
	xNot
	xAtLeast
	xCmp
	xFact
	xLit
)

// xnode is a node of the explanation: an and, or, not or atleast over
// children, or a leaf (a comparison, a boolean fact or a literal).
type xnode struct {
	kind   uint8
	cmp    ast.Op // the operator of a comparison
	expr   string // the canonical text
	op     string // Explanation.Op
	origin string
	k      int   // atleast's K
	lit    Truth // a literal's value
	fact   int32 // a fact leaf's index into names
	kids   int32 // the children are kids[kids:kids+nkids]
	nkids  int32
	lf     int32 // the facts the leaf reads are leafs[lf:lf+nlf]
	nlf    int32
	l, m   int32 // the operands of a comparison are code[l:m] and code[m:e]
	e      int32
}

// Kinds of xop.
const (
	xPushFact uint8 = iota
	xPushConst
	xArith
	xNeg
)

// xop is an instruction of the postfix code of a comparison's operands.
type xop struct {
	kind uint8
	op   ast.Op
	idx  int32 // a fact's index
	val  ast.Value
}

// plan returns the plan of e, computed at most once per parsed or built
// Expr; nil when e has no cache or the plan does not cover e.
func (e Expr) plan(ti *typeInfo) *xplan {
	if e.info == nil {
		return nil
	}
	e.info.planOnce.Do(func() { e.info.plan = newPlan(e.root, ti) })
	return e.info.plan
}

// newPlan returns the plan of root, or nil.
func newPlan(root ast.Node, ti *typeInfo) *xplan {
	if len(ti.groups) > 0 {
		return nil
	}
	if root == nil {
		root = &ast.Lit{Val: ast.Bool(true)}
	}
	p := &xplan{names: ti.order, types: make([]Type, len(ti.order))}
	index := make(map[string]int32, len(ti.order))
	for i, name := range ti.order {
		p.types[i] = ti.facts[name]
		index[name] = int32(i)
	}
	b := &planBuilder{p: p, index: index}
	if !b.node(root, "") {
		return nil
	}
	// The children were appended after their parents' turn: lay them out.
	p.kids = make([]int32, 0, len(b.children))
	for i := range p.nodes {
		n := &p.nodes[i]
		n.kids = int32(len(p.kids))
		p.kids = append(p.kids, b.children[i]...)
	}
	p.slot = make([]int32, len(p.nodes))
	p.shared = make([][3][2]*Explanation, len(p.nodes))
	for i, n := range p.nodes {
		// A fact typed bool is either a bool or unknown: anything else is
		// an error, which the tree evaluator reports.
		if i > 0 && n.kind == xFact && p.types[n.fact] == Bool {
			p.slot[i] = -1
			for t := range 3 {
				for d := range 2 {
					x := &Explanation{Expr: n.expr, Op: n.op, Value: Truth(t), Origin: n.origin, Decisive: d == 1}
					fv := FactValue{Name: p.names[n.fact], Type: Bool}
					if Truth(t) != Unknown {
						fv.Value, fv.Known = Truth(t) == True, true
					}
					x.Facts = []FactValue{fv}
					p.shared[i][t][d] = x
				}
			}
			continue
		}
		p.slot[i] = int32(p.nslot)
		p.nslot++
	}
	p.fvOff = make([]int32, len(p.nodes))
	firstFV := make([]int32, len(p.names))
	for i := range firstFV {
		firstFV[i] = -1
	}
	for i, n := range p.nodes {
		if p.slot[i] < 0 || n.nlf == 0 {
			continue
		}
		p.fvOff[i] = int32(p.nfv)
		for _, fi := range p.leafs[n.lf : n.lf+n.nlf] {
			p.fvDup = append(p.fvDup, firstFV[fi])
			if firstFV[fi] < 0 {
				firstFV[fi] = int32(p.nfv)
			}
			p.nfv++
		}
	}
	return p
}

// planBuilder builds an xplan.
type planBuilder struct {
	p        *xplan
	index    map[string]int32
	children [][]int32 // by node
}

// node adds n, a boolean node, and its descendants; origin is the origin
// of the outermost Tagged node around n, if any.
func (b *planBuilder) node(n ast.Node, origin string) bool {
	if t, ok := n.(*ast.Tagged); ok {
		if origin == "" {
			origin = t.Origin
		}
		return b.node(t.X, origin)
	}
	p := b.p
	i := int32(len(p.nodes))
	p.nodes = append(p.nodes, xnode{expr: ast.Format(n), origin: origin})
	b.children = append(b.children, nil)
	x := &p.nodes[i]
	var args []ast.Node
	switch n := n.(type) {
	case *ast.Fact:
		x.kind, x.op, x.fact = xFact, "fact", b.index[n.Name]
		x.lf, x.nlf = int32(len(p.leafs)), 1
		p.leafs = append(p.leafs, x.fact)
		return true
	case *ast.Lit:
		x.kind, x.op = xLit, "literal"
		if n.Val.Kind == ast.KindBool {
			x.lit = TruthOf(n.Val.B)
		}
		return true
	case *ast.Compare:
		x.kind, x.op, x.cmp = xCmp, n.Op.String(), n.Op
		x.lf = int32(len(p.leafs))
		seen := map[int32]bool{}
		ast.Inspect(n, func(m ast.Node) bool {
			if f, ok := m.(*ast.Fact); ok && !seen[b.index[f.Name]] {
				seen[b.index[f.Name]] = true
				p.leafs = append(p.leafs, b.index[f.Name])
			}
			return true
		})
		x.nlf = int32(len(p.leafs)) - x.lf
		x.l = int32(len(p.code))
		if !b.operand(n.L, 1) {
			return false
		}
		x.m = int32(len(p.code))
		if !b.operand(n.R, 2) {
			return false
		}
		x.e = int32(len(p.code))
		return true
	case *ast.Unary:
		if n.Op != ast.OpNot {
			return false
		}
		x.kind, x.op = xNot, "not"
		args = []ast.Node{n.X}
	case *ast.Logic:
		x.kind, x.op = xAnd, n.Op.String()
		if n.Op == ast.OpOr {
			x.kind = xOr
		}
		args = n.Args
	case *ast.AtLeast:
		x.kind, x.op, x.k = xAtLeast, "atleast", n.K
		args = n.Args
	default:
		return false
	}
	x.nkids = int32(len(args))
	for _, a := range args {
		b.children[i] = append(b.children[i], int32(len(p.nodes)))
		if !b.node(a, "") {
			return false
		}
	}
	return true
}

// operand appends the postfix code of n, an operand of a comparison that
// is not a boolean expression, to be run on a stack that already holds
// depth-1 values.
func (b *planBuilder) operand(n ast.Node, depth int) bool {
	p := b.p
	p.depth = max(p.depth, depth)
	switch n := ast.Untag(n).(type) {
	case *ast.Fact:
		if p.types[b.index[n.Name]] == Bool {
			return false // a boolean compared as a value: the tree evaluator
		}
		p.code = append(p.code, xop{kind: xPushFact, idx: b.index[n.Name]})
		return true
	case *ast.Lit:
		p.code = append(p.code, xop{kind: xPushConst, val: n.Val})
		return true
	case *ast.Unary:
		if n.Op != ast.OpNeg || !b.operand(n.X, depth) {
			return false
		}
		p.code = append(p.code, xop{kind: xNeg})
		return true
	case *ast.Arith:
		if !b.operand(n.L, depth) || !b.operand(n.R, depth+1) {
			return false
		}
		p.code = append(p.code, xop{kind: xArith, op: n.Op})
		return true
	}
	return false
}

// xval is a value on the stack of the postfix code.
type xval struct {
	v     ast.Value
	known bool
}

// eval evaluates the plan over f. ok is false when the evaluation meets
// an error (a fact value refused, a division by zero): the caller then
// runs the tree evaluator, which reports it.
func (p *xplan) eval(f Facts) (res Result, ok bool) {
	// The scratch space lives on the stack for conditions of usual size.
	var valBuf [32]factVal
	var rawBuf [32]any
	var truthBuf [64]Truth
	vals, raws := valBuf[:0], rawBuf[:0]
	if len(p.names) > len(valBuf) {
		vals, raws = make([]factVal, len(p.names)), make([]any, len(p.names))
	}
	vals, raws = vals[:len(p.names)], raws[:len(p.names)]
	for i, name := range p.names {
		raw, want := f[name], p.types[i]
		raws[i] = raw
		// The usual cases first, as convertFact would convert them.
		switch x := raw.(type) {
		case nil:
			vals[i] = factVal{}
			continue
		case bool:
			if want == Bool || want == Any {
				vals[i] = factVal{ast.Bool(x), true}
				continue
			}
		case float64:
			if (want == Number || want == Any) && x-x == 0 {
				vals[i] = factVal{ast.Number(x), true}
				continue
			}
		case int:
			if want == Number || want == Any {
				vals[i] = factVal{ast.Number(float64(x)), true}
				continue
			}
		}
		v, known, err := convertFact(name, want, raw)
		if err != nil {
			return Result{}, false
		}
		vals[i] = factVal{v, known}
	}
	var small [8]xval
	stack := small[:]
	if p.depth > len(small) {
		stack = make([]xval, p.depth)
	}
	truths := truthBuf[:0]
	if len(p.nodes) > len(truthBuf) {
		truths = make([]Truth, len(p.nodes))
	}
	truths = truths[:len(p.nodes)]
	// Children come after their parents in preorder: evaluate backwards.
	for i := len(p.nodes) - 1; i >= 0; i-- {
		n := &p.nodes[i]
		switch n.kind {
		case xFact:
			if fv := vals[n.fact]; fv.known && fv.v.Kind == ast.KindBool {
				truths[i] = TruthOf(fv.v.B)
			}
		case xLit:
			truths[i] = n.lit
		case xCmp:
			l, lok := p.run(p.code[n.l:n.m], vals, stack)
			r, rok := p.run(p.code[n.m:n.e], vals, stack)
			if !lok || !rok {
				return Result{}, false
			}
			if l.known && r.known {
				truths[i] = compare(n.cmp, l.v, r.v)
			}
		case xNot:
			truths[i] = Truth(sem.Not(sem.Truth(truths[p.kids[n.kids]])))
		default:
			var nt, nf int
			for _, c := range p.kids[n.kids : n.kids+n.nkids] {
				switch truths[c] {
				case True:
					nt++
				case False:
					nf++
				}
			}
			cnt := int(n.nkids)
			switch n.kind {
			case xAnd:
				truths[i] = countTruth(nt, nf, cnt, cnt)
			case xOr:
				truths[i] = countTruth(nt, nf, cnt, 1)
			default:
				truths[i] = countTruth(nt, nf, cnt, n.k)
			}
		}
	}
	x := p.explain(vals, raws, truths)
	return Result{Value: x.Value, Explanation: x, Missing: missing(x)}, true
}

// run runs code over the fact values vals, with stack as scratch space,
// and returns the value it leaves; ok is false on a division by zero.
func (p *xplan) run(code []xop, vals []factVal, stack []xval) (xval, bool) {
	sp := 0
	for i := range code {
		in := &code[i]
		switch in.kind {
		case xPushFact:
			fv := vals[in.idx]
			stack[sp] = xval{fv.v, fv.known}
			sp++
		case xPushConst:
			stack[sp] = xval{in.val, true}
			sp++
		case xNeg:
			x := &stack[sp-1]
			if x.known && x.v.Kind == ast.KindNumber {
				x.v = ast.Number(sem.Neg(x.v.N))
			} else {
				*x = xval{}
			}
		case xArith:
			l, r := stack[sp-2], stack[sp-1]
			sp--
			if r.known && r.v.Kind == ast.KindNumber && sem.DivByZero(in.op, r.v.N) {
				return xval{}, false
			}
			if !l.known || !r.known || l.v.Kind != ast.KindNumber || r.v.Kind != ast.KindNumber {
				v, ok := sem.DateArith(in.op, l.v, r.v) // dates and periods
				stack[sp-1] = xval{v, ok && l.known && r.known}
				continue
			}
			stack[sp-1] = xval{ast.Number(sem.Arith(in.op, l.v.N, r.v.N)), true}
		}
	}
	return stack[0], true
}

// explain builds the explanation of the evaluated plan.
// raws are the fact values as given, whose boxes the FactValues reuse
// when they hold the value the language sees.
func (p *xplan) explain(vals []factVal, raws []any, truths []Truth) *Explanation {
	xs := make([]Explanation, p.nslot)
	// The decisive children, as markDecisive says, are marked by their
	// parent; a shared leaf is chosen by its value and decisiveness.
	var kids []*Explanation
	if len(p.kids) > 0 {
		kids = make([]*Explanation, len(p.kids))
	}
	var fvs []FactValue
	if p.nfv > 0 {
		fvs = make([]FactValue, p.nfv)
	}
	for i := range p.nodes {
		if p.slot[i] < 0 {
			continue
		}
		n, x := &p.nodes[i], &xs[p.slot[i]]
		x.Expr, x.Op, x.Value, x.Origin = n.expr, n.op, truths[i], n.origin
		if n.nlf > 0 {
			o := p.fvOff[i]
			x.Facts = fvs[o : o+n.nlf : o+n.nlf]
			for j, fi := range p.leafs[n.lf : n.lf+n.nlf] {
				// A fact's value is boxed once, at its first leaf.
				if d := p.fvDup[o+int32(j)]; d >= 0 {
					x.Facts[j] = fvs[d]
				} else {
					x.Facts[j] = factValueOf(p.names[fi], p.types[fi], vals[fi], raws[fi])
				}
			}
		}
		if n.nkids == 0 {
			continue
		}
		x.Children = kids[n.kids : n.kids+n.nkids : n.kids+n.nkids]
		for j, c := range p.kids[n.kids : n.kids+n.nkids] {
			d := false
			switch {
			case n.kind == xNot:
				d = true
			case n.kind == xAtLeast && n.k <= 0:
			default:
				d = truths[c] == truths[i]
			}
			if p.slot[c] < 0 {
				x.Children[j] = p.shared[c][truths[c]][b2i(d)&1]
				continue
			}
			cx := &xs[p.slot[c]]
			cx.Decisive = d
			x.Children[j] = cx
		}
	}
	return &xs[0]
}
