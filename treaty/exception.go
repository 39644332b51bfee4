package treaty

// Exceptions with priorities.
//
// An exception is a provision that disapplies other provisions where its
// condition holds: a derogation, a "notwithstanding" clause, a general or
// security exception. It does not have an evaluator of its own. Under a
// reading and on a date, each exception that bears on a clause becomes one
// more part of the clause's effective condition,
//
//	not applies(E)
//
// where applies(E) is E's condition conjoined with the negation of the
// exceptions that in turn disapply E:
//
//	applies(E) = cond(E) and not (applies(E1) or ... or applies(Ek))
//
// E bears on a provision P (clause or exception) under reading R on date
// t when E overrides P (names P, or the instrument that holds P), E's
// instrument is in force and counted by R on t, and R ranks E at least as
// high as P (see [Priority]). The parts flow through the same segments,
// since search and missing facts as every other part of a condition, so an
// exception whose condition is unknown leaves the clause undetermined with
// the exception's facts among the missing ones, and a clause that an
// exception disapplies is not_due.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// Exception is a provision that disapplies other provisions where its
// condition holds: a derogation, a "notwithstanding" clause, a general or
// security exception (GATT 1994 art. XXI). It belongs to the instrument
// that states it and applies while that instrument is in force and
// counted by the reading.
//
// Where an exception applies, the clauses it overrides are not due (a
// prohibition no longer prohibits); where whether it applies is unknown,
// they are undetermined, with the exception's facts among the missing
// ones. An exception may override another exception (an exception to the
// exception, such as a condition under which a party's own judgment is
// reviewed). Which provision prevails is decided by priority: see
// [Priority].
type Exception struct {
	// ID is unique across the model's instruments, clauses and
	// exceptions, e.g. "gatt1994.art21.b.iii".
	ID      string `json:"id"`
	Article string `json:"article,omitempty"`
	Text    string `json:"text,omitempty"` // the quoted text
	// Overrides lists what the exception disapplies: clause ids,
	// exception ids, or instrument ids (every clause of the instrument).
	Overrides []string `json:"overrides"`
	// Condition is where the exception holds; the zero Expr always holds.
	Condition conditions.Expr `json:"condition,omitzero"`
	// Priority ranks the exception against the provisions it overrides;
	// clauses rank 0. An exception disapplies a provision only when it
	// ranks at least as high: an exception prevails over what it names
	// unless a reading (see [Reading.Priorities]) or the model ranks that
	// provision above it.
	Priority int      `json:"priority,omitempty"`
	Sources  []Source `json:"sources,omitempty"`
	Notes    []string `json:"notes,omitempty"`
}

// Priority is a reading's rank for one provision (a clause or an
// exception), in place of the model's (an exception's Priority, or 0 for a
// clause). Readings that rank provisions differently disagree about which
// prevails: a party that holds a security exception self-judging ranks it
// above the provision that subjects it to review; a party that holds it
// reviewable ranks it below.
type Priority struct {
	Provision string   `json:"provision"`
	Priority  int      `json:"priority"`
	Note      string   `json:"note,omitempty"`
	Sources   []Source `json:"sources,omitempty"`
}

// ExceptionNode is one exception in the exception tree of a clause under
// a reading on the as-of date ([Result.Exceptions]): whether it applies,
// why, and the exceptions that bear on it in turn.
type ExceptionNode struct {
	Exception  string `json:"exception"`
	Instrument string `json:"instrument"`
	Article    string `json:"article,omitempty"`
	// Target is the provision the exception overrides here, and
	// Priority and TargetPriority their ranks under the reading.
	Target         string `json:"target"`
	Priority       int    `json:"priority"`
	TargetPriority int    `json:"target_priority"`
	// Status is "applies" (it disapplies the target), "does_not_apply"
	// (its condition is false, or an exception to it applies),
	// "undetermined" (unknown facts decide), "outranked" (the reading
	// ranks the target above it) or "not_in_force" (its instrument is not
	// in force or not counted by the reading).
	Status string `json:"status"`
	// Condition is the exception's own condition and Value its truth;
	// Applies is whether it applies, exceptions to it included (Unknown
	// unless Status is applies, does_not_apply or undetermined).
	Condition string           `json:"condition"`
	Value     conditions.Truth `json:"value"`
	Applies   conditions.Truth `json:"applies"`
	// Missing lists the facts that would decide whether it applies.
	Missing []string `json:"missing"`
	Reason  string   `json:"reason"`
	// By lists the exceptions that override this one.
	By []ExceptionNode `json:"by,omitempty"`
}

// MarshalJSON encodes the node with "holds", its value as a JSON boolean
// or null; see [Result.MarshalJSON].
func (n ExceptionNode) MarshalJSON() ([]byte, error) {
	type plain ExceptionNode
	return json.Marshal(struct {
		plain
		Holds *bool `json:"holds"`
	}{plain(n), holds(n.Value)})
}

// Exception statuses in an [ExceptionNode].
const (
	ExceptionApplies      = "applies"
	ExceptionDoesNotApply = "does_not_apply"
	ExceptionUndetermined = "undetermined"
	ExceptionOutranked    = "outranked"
	ExceptionNotInForce   = "not_in_force"
)

// exRef is an exception with the instrument that states it.
type exRef struct {
	inst *Instrument
	e    *Exception
}

// exIndex holds a model's exceptions for evaluation.
type exIndex struct {
	byID map[string]exRef
	// over lists, by target id (clause, exception or instrument), the
	// exceptions that override it, in model order.
	over map[string][]exRef
	// ranks holds each reading's priorities, by reading id and provision
	// (the first entry for a provision counts).
	ranks map[string]map[string]int
}

// indexExceptions records m's exceptions and the readings' priorities in
// ix.
func (ix *index) indexExceptions() {
	for i := range ix.m.Readings {
		r := &ix.m.Readings[i]
		if len(r.Priorities) == 0 {
			continue
		}
		if ix.ex.ranks == nil {
			ix.ex.ranks = map[string]map[string]int{}
		}
		id := readingID(r)
		if _, dup := ix.ex.ranks[id]; dup {
			continue
		}
		ranks := make(map[string]int, len(r.Priorities))
		for _, p := range r.Priorities {
			if _, ok := ranks[p.Provision]; !ok {
				ranks[p.Provision] = p.Priority
			}
		}
		ix.ex.ranks[id] = ranks
	}
	for i := range ix.m.Instruments {
		inst := &ix.m.Instruments[i]
		for j := range inst.Exceptions {
			e := &inst.Exceptions[j]
			if ix.ex.byID == nil {
				ix.ex.byID, ix.ex.over = map[string]exRef{}, map[string][]exRef{}
			}
			if _, dup := ix.ex.byID[e.ID]; !dup {
				ix.ex.byID[e.ID] = exRef{inst, e}
			}
			for _, t := range e.Overrides {
				if !slices.ContainsFunc(ix.ex.over[t], func(x exRef) bool { return x.e == e }) {
					ix.ex.over[t] = append(ix.ex.over[t], exRef{inst, e})
				}
			}
		}
	}
}

// overriding returns the exceptions that override a provision: those that
// name id, and, for a clause, those that name its instrument.
func (ix *index) overriding(id, instID string) []exRef {
	if len(ix.ex.over) == 0 {
		return nil
	}
	out := ix.ex.over[id]
	if instID != "" {
		if more := ix.ex.over[instID]; len(more) > 0 {
			out = append(slices.Clip(out), more...)
		}
	}
	return out
}

// rank returns reading r's rank for provision id, whose model rank is def.
func (ix *index) rank(r *Reading, id string, def int) int {
	if len(r.Priorities) == 0 {
		return def
	}
	if ranks, ok := ix.ex.ranks[readingID(r)]; ok {
		if k, ok := ranks[id]; ok {
			return k
		}
		return def
	}
	for _, p := range r.Priorities { // a reading the model does not hold
		if p.Provision == id {
			return p.Priority
		}
	}
	return def
}

// exceptionOut says why exception x is not in force under r on t, or ""
// when it is: its instrument is not counted by the reading, not yet in
// force, ended, or terminated, superseded or suspended by a relation the
// reading counts.
func (ix *index) exceptionOut(r *Reading, x exRef, t Date) string {
	inst := x.inst
	if ok, why := ix.accepts(r, inst, t); !ok {
		return why
	}
	eff := effective(inst)
	switch {
	case eff.IsZero():
		return fmt.Sprintf("%s has no signature or in-force date", inst.ID)
	case t.Before(eff):
		return fmt.Sprintf("%s takes effect on %s", inst.ID, eff)
	case !inst.Terminated.IsZero() && !t.Before(inst.Terminated):
		return fmt.Sprintf("%s ended on %s", inst.ID, inst.Terminated)
	}
	for _, rr := range ix.relations[inst.ID] {
		from := rr.from()
		if from.IsZero() || t.Before(from) || !ix.acceptsOn(r, rr.src, t) {
			continue
		}
		ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
		switch rr.rel.Kind {
		case Terminates, Supersedes:
			return fmt.Sprintf("%s %s %s from %s", rr.src.ID, rr.rel.Kind, inst.ID, from)
		case Suspends:
			if !ended && (rr.rel.Until.IsZero() || t.Before(rr.rel.Until)) {
				return fmt.Sprintf("%s suspends %s from %s", rr.src.ID, inst.ID, from)
			}
		}
	}
	return ""
}

// exApplied is an exception that bears on a provision under a reading on
// a date, with the exceptions that bear on it.
type exApplied struct {
	x    exRef
	rank int
	by   []exApplied
}

// bearing returns the exceptions that bear on the provision id (of
// instrument instID when a clause, ranked prov) under r on t.
func (ix *index) bearing(r *Reading, id, instID string, prov int, t Date, depth int) []exApplied {
	var out []exApplied
	if depth > len(ix.ex.byID) { // a cycle: validation reports it
		return nil
	}
	for _, x := range ix.overriding(id, instID) {
		k := ix.rank(r, x.e.ID, x.e.Priority)
		if k < prov || ix.exceptionOut(r, x, t) != "" {
			continue
		}
		out = append(out, exApplied{x: x, rank: k, by: ix.bearing(r, x.e.ID, "", k, t, depth+1)})
	}
	return out
}

// expr returns applies(a): a's condition, marked with its id, and not any
// exception to it.
func (a exApplied) expr() conditions.Expr {
	own := conditions.WithOrigin(a.x.e.Condition, a.x.e.ID)
	if len(a.by) == 0 {
		return own
	}
	subs := make([]conditions.Expr, len(a.by))
	for i, b := range a.by {
		subs[i] = b.expr()
	}
	return conditions.And(own, conditions.Not(conditions.Or(subs...)))
}

// sig writes a's shape (the exceptions in its tree), which together with
// the exceptions' conditions determines a.expr().
func (a exApplied) sig(b *strings.Builder) {
	b.WriteString(a.x.e.ID)
	if len(a.by) > 0 {
		b.WriteByte('(')
		for i, s := range a.by {
			if i > 0 {
				b.WriteByte(',')
			}
			s.sig(b)
		}
		b.WriteByte(')')
	}
}

// exPartKey keys the part an exception tree contributes to a clause.
type exPartKey struct{ sig string }

// exceptionPart returns the part "not applies(a)".
func (ix *index) exceptionPart(a exApplied) *part {
	var b strings.Builder
	a.sig(&b)
	key := exPartKey{b.String()}
	ix.parts.mu.Lock()
	p, ok := ix.parts.byKey[key]
	ix.parts.mu.Unlock()
	if ok {
		return p
	}
	e := conditions.Not(a.expr())
	return ix.part(key, e, a.x.e.ID)
}

// withExceptions adds to a clause's effective condition, as composed by
// evaluator.condition, the part of each exception that bears on it.
func (ix *index) withExceptions(r *Reading, cr clauseRef, t Date, tagged []conditions.Expr, parts []Part, exprs []conditions.Expr) ([]conditions.Expr, []Part, []conditions.Expr) {
	if len(ix.ex.byID) == 0 {
		return tagged, parts, exprs
	}
	for _, a := range ix.bearing(r, cr.c.ID, cr.inst.ID, ix.rank(r, cr.c.ID, 0), t, 0) {
		p := ix.exceptionPart(a)
		from := effective(a.x.inst)
		tagged = append(tagged, p.tagged)
		parts = append(parts, Part{Condition: p.expr.String(), Origin: a.x.inst.ID, Relation: "exception",
			Exception: a.x.e.ID, From: &from})
		exprs = append(exprs, p.expr)
	}
	return tagged, parts, exprs
}

// exceptionParts appends to active the indexes in tr.parts of the parts
// the exceptions that bear on the clause on t contribute, adding parts to
// the track as new trees appear.
func (tr *track) exceptionParts(active []int, t Date) []int {
	if !tr.hasEx {
		return active
	}
	ix, cr := tr.ev.ix, tr.cr
	for _, a := range ix.bearing(tr.r, cr.c.ID, cr.inst.ID, ix.rank(tr.r, cr.c.ID, 0), t, 0) {
		p := ix.exceptionPart(a)
		k := slices.Index(tr.parts, p)
		if k < 0 {
			k = len(tr.parts)
			tr.parts = append(tr.parts, p)
		}
		active = append(active, k)
	}
	return active
}

// exceptionBounds adds to a track's segment bounds every day on which the
// exceptions that may bear on its clause may change: their instruments'
// dates, the relations on those instruments, the reading's rejections of
// them, and the histories of the facts their conditions read. It reports
// whether any exception may bear on the clause.
func (tr *track) exceptionBounds(add func(Date), addFact func(string)) bool {
	ix, cr, r := tr.ev.ix, tr.cr, tr.r
	if len(ix.ex.byID) == 0 {
		return false
	}
	seen := map[*Exception]bool{}
	var walk func(id, instID string, depth int)
	walk = func(id, instID string, depth int) {
		if depth > len(ix.ex.byID) {
			return
		}
		for _, x := range ix.overriding(id, instID) {
			if seen[x.e] {
				continue
			}
			seen[x.e] = true
			tr.exs = append(tr.exs, x)
			insts := []*Instrument{x.inst}
			add(effective(x.inst))
			add(x.inst.Terminated)
			for _, rr := range ix.relations[x.inst.ID] {
				insts = append(insts, rr.src)
				add(rr.from())
				add(rr.src.Terminated)
				add(rr.rel.Until)
			}
			for _, rej := range r.Rejects {
				if slices.ContainsFunc(insts, func(i *Instrument) bool { return i.ID == rej.Instrument }) {
					add(rej.Date)
				}
			}
			for _, name := range x.e.Condition.Facts() {
				addFact(name)
			}
			tr.addAsOfDays(tr.ev.ix.part(x.e, x.e.Condition, x.e.ID), add)
			walk(x.e.ID, "", depth+1)
		}
	}
	walk(cr.c.ID, cr.inst.ID, 0)
	return len(seen) > 0
}

// exceptionsCompile reports whether the conditions of every exception that
// may bear on the track's clause compile, so that the parts made of them
// do.
func (tr *track) exceptionsCompile() bool {
	schema := tr.ev.ix.parts.schema
	for _, x := range tr.exs {
		if tr.ev.ix.part(x.e, x.e.Condition, x.e.ID).program(schema) == nil {
			return false
		}
	}
	return true
}

// exceptionTree returns the exception tree of a clause under r on t with
// the facts of t: every exception that overrides it, in force or not,
// ranked above it or not, with whether it applies.
func (ix *index) exceptionTree(r *Reading, cr clauseRef, t Date, facts conditions.Facts) []ExceptionNode {
	if len(ix.ex.byID) == 0 {
		return nil
	}
	return ix.exceptionNodes(r, cr.c.ID, cr.inst.ID, ix.rank(r, cr.c.ID, 0), t, facts, 0)
}

func (ix *index) exceptionNodes(r *Reading, id, instID string, prov int, t Date, facts conditions.Facts, depth int) []ExceptionNode {
	if depth > len(ix.ex.byID) {
		return nil
	}
	var out []ExceptionNode
	for _, x := range ix.overriding(id, instID) {
		k := ix.rank(r, x.e.ID, x.e.Priority)
		n := ExceptionNode{Exception: x.e.ID, Instrument: x.inst.ID, Article: x.e.Article, Target: id,
			Priority: k, TargetPriority: prov, Condition: x.e.Condition.String(), Missing: []string{}}
		if res, err := conditions.Eval(x.e.Condition, facts); err == nil {
			n.Value = res.Value
		}
		n.By = ix.exceptionNodes(r, x.e.ID, "", k, t, facts, depth+1)
		switch out := ix.exceptionOut(r, x, t); {
		case out != "":
			n.Status, n.Reason = ExceptionNotInForce, out
		case k < prov:
			n.Status = ExceptionOutranked
			n.Reason = fmt.Sprintf("reading %s ranks %s (priority %d) above %s (priority %d)", readingID(r), id, prov, x.e.ID, k)
		default:
			a := exApplied{x: x, rank: k, by: ix.bearing(r, x.e.ID, "", k, t, depth+1)}
			res, err := conditions.Eval(a.expr(), facts)
			if err != nil {
				n.Status, n.Reason = ExceptionUndetermined, "cannot evaluate: "+err.Error()
				break
			}
			n.Applies = res.Value
			n.Missing = append(n.Missing, res.Missing...)
			accepted := fmt.Sprintf("priority %d over %d, accepted by reading %s", k, prov, readingID(r))
			switch res.Value {
			case conditions.True:
				n.Status = ExceptionApplies
				n.Reason = fmt.Sprintf("disapplies %s (%s)", id, accepted)
			case conditions.False:
				n.Status = ExceptionDoesNotApply
				n.Reason = "its condition does not hold"
				if n.Value != conditions.False {
					n.Reason = "disapplied by " + strings.Join(applying(n.By), ", ")
				}
			default:
				n.Status = ExceptionUndetermined
				n.Reason = fmt.Sprintf("may disapply %s (%s); missing %s", id, accepted, strings.Join(res.Missing, ", "))
			}
		}
		out = append(out, n)
	}
	return out
}

// applying returns the ids of the nodes that apply.
func applying(ns []ExceptionNode) []string {
	var ids []string
	for _, n := range ns {
		if n.Status == ExceptionApplies {
			ids = append(ids, n.Exception)
		}
	}
	return ids
}

// exceptionReason says why a clause with exception tree ns has status st,
// when an exception decides it: reason is the status's plain reason.
func exceptionReason(ns []ExceptionNode, parts []Part, reading string, st Status, reason string) string {
	switch st {
	case NotDue:
		for _, p := range parts {
			if p.Exception == "" && p.Value == conditions.False {
				return reason // the clause's own condition does not hold
			}
		}
		var by []string
		for _, n := range ns {
			if n.Status == ExceptionApplies {
				by = append(by, fmt.Sprintf("%s (priority %d, accepted by reading %s)", n.Exception, n.Priority, reading))
			}
		}
		if len(by) > 0 && reason == "condition does not hold" {
			return "disapplied by " + strings.Join(by, ", ")
		}
	case Undetermined:
		var by []string
		for _, n := range ns {
			if n.Status == ExceptionUndetermined {
				by = append(by, n.Exception)
			}
		}
		if len(by) > 0 {
			return reason + "; whether " + strings.Join(by, ", ") + " disapplies it is unknown"
		}
	}
	return reason
}

// declareExceptions records the exception ids of instrument i (at path),
// in the namespace instruments and clauses share.
func (c *modelChecker) declareExceptions(i int, path string) {
	for j, e := range c.m.Instruments[i].Exceptions {
		epath := fmt.Sprintf("%s/exceptions/%d", path, j)
		if c.id(epath+"/id", e.ID) && c.declareTarget(e.ID, epath) {
			if c.excepts == nil {
				c.excepts = map[string][2]int{}
			}
			c.excepts[e.ID] = [2]int{i, j}
		}
	}
}

// checkException checks one exception at path.
func (c *modelChecker) checkException(path string, e *Exception) {
	if len(e.Overrides) == 0 {
		c.add(CodeSchema, path+"/overrides", "", "exception %q overrides nothing: list the clauses, exceptions or instruments it disapplies", e.ID)
	}
	seen := map[string]int{}
	for k, t := range e.Overrides {
		tp := fmt.Sprintf("%s/overrides/%d", path, k)
		if !c.required(tp, t) {
			continue
		}
		if first, dup := seen[t]; dup {
			c.add(CodeDuplicateID, tp, "", "%q listed twice (first at %s/overrides/%d)", t, path, first)
			continue
		}
		seen[t] = k
		if _, ok := c.targets.index[t]; !ok {
			c.add(CodeUnknownClause, tp, suggestion(t, c.targets.names),
				"unknown target %q: no clause, exception or instrument has this id", t)
		}
	}
	c.condition(path+"/condition", e.Condition)
	c.sources(path+"/sources", e.Sources)
}

// checkPriorities checks a reading's priorities (the reading at path).
func (c *modelChecker) checkPriorities(path string, ps []Priority) {
	seen := map[string]int{}
	for k, p := range ps {
		pp := fmt.Sprintf("%s/priorities/%d", path, k)
		if !c.required(pp+"/provision", p.Provision) {
			continue
		}
		if first, dup := seen[p.Provision]; dup {
			c.add(CodeDuplicateID, pp+"/provision", "", "provision %q ranked twice (first at %s/priorities/%d)", p.Provision, path, first)
			continue
		}
		seen[p.Provision] = k
		_, isClause := c.clauses[p.Provision]
		_, isExc := c.excepts[p.Provision]
		if !isClause && !isExc {
			var names []string
			for _, n := range c.targets.names {
				if _, ok := c.insts.index[n]; !ok {
					names = append(names, n)
				}
			}
			c.add(CodeUnknownClause, pp+"/provision", suggestion(p.Provision, names),
				"unknown provision %q: a reading ranks clauses and exceptions", p.Provision)
		}
		c.sources(pp+"/sources", p.Sources)
	}
}

// checkExceptionCycles reports an exception that overrides itself, and one
// error per cycle of exceptions overriding exceptions, at the first
// override of the cycle in document order.
func (c *modelChecker) checkExceptionCycles() {
	type node struct{ inst, exc int }
	var nodes []node
	num := map[string]int{}
	for i, inst := range c.m.Instruments {
		for j, e := range inst.Exceptions {
			if loc, ok := c.excepts[e.ID]; ok && loc == [2]int{i, j} {
				num[e.ID] = len(nodes)
				nodes = append(nodes, node{i, j})
			}
		}
	}
	if len(nodes) == 0 {
		return
	}
	exc := func(v int) *Exception { return &c.m.Instruments[nodes[v].inst].Exceptions[nodes[v].exc] }
	path := func(v, k int) string {
		return fmt.Sprintf("/instruments/%d/exceptions/%d/overrides/%d", nodes[v].inst, nodes[v].exc, k)
	}
	// Edges run from an exception to the exceptions it overrides.
	succ := func(v int) []int {
		var out []int
		for _, t := range exc(v).Overrides {
			if w, ok := num[t]; ok && w != v {
				out = append(out, w)
			}
		}
		return out
	}
	for v := range nodes {
		if k := slices.Index(exc(v).Overrides, exc(v).ID); k >= 0 {
			c.add(CodeCycle, path(v, k), "", "exception %q overrides itself", exc(v).ID)
		}
	}
	comp := components(len(nodes), succ)
	reported := map[int]bool{}
	for v := range nodes {
		for k, t := range exc(v).Overrides {
			w, ok := num[t]
			if !ok || w == v || comp[w] != comp[v] || reported[comp[v]] {
				continue
			}
			reported[comp[v]] = true
			// The shortest path back from w to v closes the cycle.
			prev := map[int]int{}
			seen := map[int]bool{w: true}
			queue := []int{w}
			for len(queue) > 0 && !seen[v] {
				x := queue[0]
				queue = queue[1:]
				for _, y := range succ(x) {
					if !seen[y] && comp[y] == comp[v] {
						seen[y], prev[y] = true, x
						queue = append(queue, y)
					}
				}
			}
			steps := []string{exc(v).ID}
			var back []string
			for x := v; x != w; x = prev[x] {
				back = append(back, exc(x).ID)
			}
			back = append(back, exc(w).ID)
			slices.Reverse(back)
			steps = append(steps, back...)
			c.add(CodeCycle, path(v, k), "", "cycle of exceptions: %s", strings.Join(steps, " overrides "))
		}
	}
}

// priorityNote says, for a dispute whose differing parts include an
// exception's, which provisions the readings rank differently, as
// "; ranked differently: gatt.art21 (RU 1, UA 0)"; "" otherwise.
func priorityNote(parts []Part, sides []disputeReading) string {
	if !slices.ContainsFunc(parts, func(p Part) bool { return p.Exception != "" }) {
		return ""
	}
	ranks := map[string]map[string]int{} // provision -> reading -> rank
	var order []string
	note := func(prov, reading string, k int) {
		if ranks[prov] == nil {
			ranks[prov] = map[string]int{}
			order = append(order, prov)
		}
		ranks[prov][reading] = k
	}
	var walk func(reading string, ns []ExceptionNode)
	walk = func(reading string, ns []ExceptionNode) {
		for _, n := range ns {
			note(n.Target, reading, n.TargetPriority)
			note(n.Exception, reading, n.Priority)
			walk(reading, n.By)
		}
	}
	for _, s := range sides {
		walk(s.res.Reading, s.res.Exceptions)
	}
	var out []string
	for _, prov := range order {
		var each []string
		first, seen, differ := 0, false, false
		for _, s := range sides {
			k, ok := ranks[prov][s.res.Reading]
			if !ok {
				continue
			}
			if !seen {
				first, seen = k, true
			} else if k != first {
				differ = true
			}
			each = append(each, fmt.Sprintf("%s %d", s.res.Reading, k))
		}
		if differ {
			out = append(out, fmt.Sprintf("%s (%s)", prov, strings.Join(each, ", ")))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; ranked differently: " + strings.Join(out, ", ")
}
