package treaty

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// Two set facts the evaluator supplies from an instrument's membership,
// when the model declares them (type set):
//
//   - parties.I (PartiesFact): the parties that have deposited their
//     consent to be bound by I, as of the evaluation date, and whose
//     withdrawal has not taken effect ("contracting states"). It is read
//     off the members' own dates, whether or not I is in force, so it
//     depends on no entry into force.
//   - bound.I (BoundFact): the parties for which I is in force on the
//     evaluation date ("parties" in the sense of the Vienna Convention,
//     art. 2(1)(g)). It depends on I's entry into force, and so, when
//     that is a condition, on the facts the condition reads.
//
// An entry-into-force condition may therefore read parties.I of any
// instrument, its own included (the Paris Agreement counts the parties
// that have deposited), and bound.J of another instrument (the Kyoto
// Protocol counts the Parties to the Convention). It may not read bound.I
// of its own instrument, nor bound.J of an instrument whose entry into
// force reads, through other instruments' conditions, bound.I: the
// instruments' entry into force would wait for one another. Validate
// rejects such a cycle (CodeCycle) and the evaluator resolves entries into
// force in dependency order (entryOrder).

// boundPrefix begins the name of a BoundFact.
const boundPrefix = "bound."

// BoundFact returns the name of the set fact whose value the evaluator
// supplies for instrument inst: "bound." followed by the instrument's id.
// A model that declares it (type set) may quantify over it, as in
// count(p in bound.unfccc: true) >= 55; its value on each date is the set
// of parties for which the instrument is in force on that date by its own
// dates: its entry into force (computed, when it is a condition), its
// termination, and each member's entry into force for it and withdrawal
// (relations from other instruments, powers and readings do not change
// it). While a conditional entry into force is unknown, the membership of
// the parties that would then be bound is unknown. A scenario value for
// the fact takes precedence. An entry-into-force condition must not read
// its own instrument's bound fact, directly or through other instruments'
// conditions (see [Model.Validate]); parties.I ([PartiesFact]), which
// counts deposits, may be read by any condition.
func BoundFact(inst string) string { return boundPrefix + inst }

// boundDeps returns, for each instrument of m (by index) whose entry into
// force is a condition, the indexes of the instruments whose bound fact
// the condition reads, in the order the condition first reads them.
func boundDeps(m *Model, index map[string]int) map[int][]int {
	deps := map[int][]int{}
	for i := range m.Instruments {
		e := m.Instruments[i].EntryIntoForce
		if e == nil || e.Condition.IsZero() {
			continue
		}
		var out []int
		for _, name := range e.Condition.Facts() {
			id, ok := strings.CutPrefix(name, boundPrefix)
			if !ok {
				continue
			}
			if j, ok := index[id]; ok && !slices.Contains(out, j) {
				out = append(out, j)
			}
		}
		deps[i] = out
	}
	return deps
}

// conditionalEntry reports whether inst enters into force on a condition.
func conditionalEntry(inst *Instrument) bool {
	return inst.EntryIntoForce != nil && !inst.EntryIntoForce.Condition.IsZero()
}

// instrumentIndex maps the ids of m's instruments to their indexes (the
// first, for an id used twice).
func instrumentIndex(m *Model) map[string]int {
	index := make(map[string]int, len(m.Instruments))
	for i := range m.Instruments {
		if _, dup := index[m.Instruments[i].ID]; !dup {
			index[m.Instruments[i].ID] = i
		}
	}
	return index
}

// entryCycles returns the cycles of entries into force that wait for one
// another through bound facts: each as the instrument indexes along it,
// starting from the one first in the model, each instrument's condition
// reading the bound fact of the next and the last's that of the first.
// Each cycle is reported once, by its shortest path from its first
// instrument.
func entryCycles(m *Model) [][]int {
	deps := boundDeps(m, instrumentIndex(m))
	var cycles [][]int
	covered := map[int]bool{}
	for i := range m.Instruments {
		if _, ok := deps[i]; !ok || covered[i] {
			continue
		}
		// The shortest path from i back to i, by breadth-first search
		// over instruments after i in the model (a cycle through an
		// earlier one was reported from there).
		prev := map[int]int{}
		queue := []int{i}
		found := false
		for len(queue) > 0 && !found {
			v := queue[0]
			queue = queue[1:]
			for _, w := range deps[v] {
				if w == i {
					prev[i] = v
					found = true
					break
				}
				if _, seen := prev[w]; seen || w < i {
					continue
				}
				prev[w] = v
				queue = append(queue, w)
			}
		}
		if !found {
			continue
		}
		cycle := []int{}
		for v := prev[i]; ; v = prev[v] {
			cycle = append(cycle, v)
			if v == i {
				break
			}
		}
		slices.Reverse(cycle)
		for _, v := range cycle {
			covered[v] = true
		}
		cycles = append(cycles, cycle)
	}
	return cycles
}

// checkEntryCycles reports each cycle of entries into force that read one
// another's bound facts, at the condition of its first instrument.
func (c *modelChecker) checkEntryCycles() {
	for _, cycle := range entryCycles(c.m) {
		first := &c.m.Instruments[cycle[0]]
		path := fmt.Sprintf("/instruments/%d/entry_into_force/condition", cycle[0])
		next := c.m.Instruments[cycle[1%len(cycle)]].ID
		// The error points at the first reading of the next instrument's
		// bound fact inside the condition.
		at := factAt(first.EntryIntoForce.Condition, BoundFact(next))
		if len(cycle) == 1 {
			c.add(CodeCycle, path, "",
				"the entry into force of %q reads %s, the parties for which %q is in force, which that entry into force decides: a condition cannot wait for itself (count the parties that have deposited with %s)",
				first.ID, BoundFact(first.ID), first.ID, PartiesFact(first.ID))
			c.errs[len(c.errs)-1].Err = at
			continue
		}
		steps := make([]string, 0, len(cycle)+1)
		for k, v := range cycle {
			next := cycle[(k+1)%len(cycle)]
			steps = append(steps, fmt.Sprintf("%q reads %s", c.m.Instruments[v].ID, BoundFact(c.m.Instruments[next].ID)))
		}
		c.add(CodeCycle, path, "",
			"cycle of entries into force: %s: each waits for the other to be in force (a condition that counts deposits reads parties.I, which depends on no entry into force)",
			strings.Join(steps, ", "))
		c.errs[len(c.errs)-1].Err = at
	}
}

// factAt returns, as a *conditions.Error with no code that only gives a
// position inside e's text, where e first reads the fact name (a whole
// name, not part of a longer one), or nil when e's text does not show it.
func factAt(e conditions.Expr, name string) error {
	src := e.Source()
	isName := func(b byte) bool {
		return b == '_' || b == '.' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
	}
	for from := 0; ; {
		i := strings.Index(src[from:], name)
		if i < 0 {
			return nil
		}
		i += from
		end := i + len(name)
		if (i == 0 || !isName(src[i-1])) && (end == len(src) || !isName(src[end])) {
			pos := conditions.Pos{Offset: i, Line: 1, Column: 1}
			for _, r := range src[:i] {
				if r == '\n' {
					pos.Line, pos.Column = pos.Line+1, 1
				} else {
					pos.Column++
				}
			}
			endPos := pos
			endPos.Offset, endPos.Column = end, pos.Column+len(name)
			// No code: it only locates the treaty error that wraps it.
			return &conditions.Error{Pos: pos, End: endPos, Msg: "the entry into force waits for itself through " + name}
		}
		from = end
	}
}

// entryOrder returns the indexes of m's instruments whose entry into
// force is a condition, each after the instruments whose bound facts its
// condition reads; the instruments of a cycle (which Validate rejects)
// come in model order, after those they do not wait for.
func entryOrder(m *Model) []int {
	deps := boundDeps(m, instrumentIndex(m))
	var order []int
	state := map[int]int{} // 1: on the path, 2: done
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		for _, j := range deps[i] {
			if _, conditional := deps[j]; conditional {
				visit(j)
			}
		}
		state[i] = 2
		order = append(order, i)
	}
	for i := range m.Instruments {
		if _, ok := deps[i]; ok {
			visit(i)
		}
	}
	return order
}

// boundFacts gives each declared set fact BoundFact(I) of an instrument
// I whose entry into force is not a condition, and that the scenario does
// not set, its timeline; it returns dates with the days of its changes
// added. The bound facts of conditional instruments are supplied as their
// entry into force is resolved (supplyBound).
func (ev *evaluator) boundFacts(dates []Date) []Date {
	for i := range ev.ix.m.Instruments {
		inst := &ev.ix.m.Instruments[i]
		name := BoundFact(inst.ID)
		if f, ok := ev.ix.colls[name]; !ok || f.Type != conditions.Set || conditionalEntry(inst) {
			continue
		}
		if _, given := ev.facts[name]; given {
			continue
		}
		tl := boundTimeline(inst, nil)
		ev.facts[name] = tl
		ev.supplied = maps.Clone(ev.supplied)
		if ev.supplied == nil {
			ev.supplied = map[string]*timeline{}
		}
		ev.supplied[name] = tl
		for _, d := range tl.dates {
			dates = append(dates, dateOfDay(d))
		}
	}
	return dates
}

// supplyBound sets the timeline of BoundFact(inst), for an instrument
// whose entry into force resolved to st (inst is the lowered copy, with
// its computed in-force date), when the model declares the fact and
// neither the scenario nor a caller of withFacts gives it.
func (ev *evaluator) supplyBound(inst *Instrument, st *entryState) {
	name := BoundFact(inst.ID)
	if f, ok := ev.ix.colls[name]; !ok || f.Type != conditions.Set {
		return
	}
	if cur, given := ev.facts[name]; given && cur != ev.supplied[name] {
		return
	}
	tl := boundTimeline(inst, st)
	ev.facts[name] = tl
	ev.supplied = maps.Clone(ev.supplied)
	if ev.supplied == nil {
		ev.supplied = map[string]*timeline{}
	}
	ev.supplied[name] = tl
}

// boundTimeline returns the value of BoundFact(inst) over time: the
// parties for which inst is in force by its own dates. st, when not nil,
// is how inst's conditional entry into force resolved: while it is
// unknown, the parties that would be bound had it entered into force on
// the first day it may have are of unknown membership.
func boundTimeline(inst *Instrument, st *entryState) *timeline {
	eff := effective(inst)
	never := eff.IsZero() && conditionalEntry(inst) || eff.Equal(notYet)
	var known []partySpan
	if !never {
		known = memberSpans(inst, eff)
	}
	var maybe []partySpan
	var unknownFrom, unknownUntil Date
	if st != nil && st.missing != nil && !st.unknownFrom.IsZero() {
		unknownFrom = st.unknownFrom
		if !never {
			unknownUntil = eff
		}
		maybe = memberSpans(inst, unknownFrom)
	}
	days := []Date{eff, inst.Terminated, unknownFrom, unknownUntil}
	for _, sps := range [][]partySpan{known, maybe} {
		for _, sp := range sps {
			days = append(days, sp.From, sp.Until)
		}
	}
	at := func(d Date, first bool) any {
		if !inst.Terminated.IsZero() && !first && !d.Before(inst.Terminated) {
			return []string{}
		}
		in := func(sp partySpan) bool { return first && sp.From.IsZero() || !first && sp.contains(d) }
		if !never && (eff.IsZero() || !first && !d.Before(eff)) {
			var out []string
			for _, sp := range known {
				if in(sp) {
					out = append(out, sp.Party)
				}
			}
			out = append([]string{}, out...) // never nil: nil is an unknown set
			slices.Sort(out)
			return slices.Compact(out)
		}
		if !unknownFrom.IsZero() && !first && !d.Before(unknownFrom) && (unknownUntil.IsZero() || d.Before(unknownUntil)) {
			out := map[string]any{}
			for _, sp := range maybe {
				if in(sp) {
					out[sp.Party] = nil
				}
			}
			return out
		}
		return []string{}
	}
	var changes []timedValue
	slices.SortFunc(days, Date.Compare)
	for _, d := range slices.CompactFunc(days, Date.Equal) {
		if !d.IsZero() && !d.Equal(notYet) {
			changes = append(changes, timedValue{d, at(d, false)})
		}
	}
	return newTimeline(at(Date{}, true), changes)
}

// checkSuppliedFacts checks the declarations of the facts the evaluator
// supplies from memberships: parties.I and bound.I must be of type set
// and name a declared instrument I.
func (c *modelChecker) checkSuppliedFacts() {
	for i, f := range c.m.Facts {
		var prefix string
		switch {
		case strings.HasPrefix(f.Name, partiesPrefix):
			prefix = partiesPrefix
		case strings.HasPrefix(f.Name, boundPrefix):
			prefix = boundPrefix
		default:
			continue
		}
		id := strings.TrimPrefix(f.Name, prefix)
		path := fmt.Sprintf("/facts/%d", i)
		if _, ok := c.insts.index[id]; !ok {
			hint := ""
			if s := closest(id, c.insts.names); s != "" {
				hint = fmt.Sprintf("did you mean %q?", prefix+s)
			}
			c.add(CodeUnknownInstrument, path+"/name", hint,
				"fact %q names no instrument: %sI is supplied from the membership of instrument I", f.Name, prefix)
			continue
		}
		if f.Type != conditions.Set {
			c.add(CodeSchema, path+"/type", "",
				"fact %q is supplied from the membership of instrument %q, so it is a set: declare \"type\": \"set\", not %s", f.Name, id, f.Type)
		}
	}
}

// partiesPrefix begins the name of a PartiesFact.
const partiesPrefix = "parties."

// sweptEntries returns the ids of the instruments of m whose entry into
// force may change when the facts named in swept take other values: their
// condition reads one of them, or the bound fact of such an instrument.
func sweptEntries(m *Model, swept map[string]bool) map[string]bool {
	affected := map[string]bool{}
	for _, i := range entryOrder(m) {
		inst := &m.Instruments[i]
		for _, name := range inst.EntryIntoForce.Condition.Facts() {
			id, isBound := strings.CutPrefix(name, boundPrefix)
			if swept[name] || isBound && affected[id] {
				affected[inst.ID] = true
				break
			}
		}
	}
	return affected
}

// dependsOnEntry reports whether the result of clause cr, whose effective
// condition is cond, may change with the entries into force in affected:
// its instrument is one, its condition reads the bound fact of one, or
// its bearer or beneficiary is each party of one.
func dependsOnEntry(affected map[string]bool, cr clauseRef, cond conditions.Expr) bool {
	if len(affected) == 0 {
		return false
	}
	if affected[cr.inst.ID] {
		return true
	}
	for _, who := range []string{cr.c.Bearer, cr.c.Beneficiary} {
		if id, ok := eachOf(who); ok && affected[id] {
			return true
		}
	}
	for _, name := range cond.Facts() {
		if id, ok := strings.CutPrefix(name, boundPrefix); ok && affected[id] {
			return true
		}
	}
	return false
}
