package treaty

import (
	"slices"

	"github.com/treatycond/treatycond/conditions"
)

// incrementalMin is the number of relations from which a track composes its
// condition incrementally: below it, composing from scratch on each
// segment is as fast. (A variable for the tests, which set it to 1.)
var incrementalMin = 16

// incremental composes a clause's effective condition segment after
// segment, in time proportional to what changes between them rather than
// to the number of relations: each relation is a leaf of a segment tree
// whose nodes combine what the relations below them do (put the clause
// out of force, replace the condition, add to it), and a leaf is redone
// only on the days something it depends on changes.
type incremental struct {
	size   int   // leaves, a power of two
	nodes  []agg // 1-based heap layout; leaves at size..2*size-1
	events []relEvent
	next   int // the next segment to compute
	ev     int // the next event to apply
}

// agg is what a run of relations does to the condition, in order.
type agg struct {
	out   bool // one of them puts the clause out of force
	reset bool // one of them replaces the condition
	act   bool // one of them activates the (dormant) clause
	// unk: a power's effect among them is unknown; unkAct: an unknown
	// activation.
	unk, unkAct bool
	// Counts over the parts since the last replacement.
	nFalse, nUnknown, nErr int32
}

func combine(l, r agg) agg {
	out := agg{out: l.out || r.out, act: l.act || r.act, unk: l.unk || r.unk, unkAct: l.unkAct || r.unkAct}
	if r.reset {
		out.reset = true
		out.nFalse, out.nUnknown, out.nErr = r.nFalse, r.nUnknown, r.nErr
		return out
	}
	out.reset = l.reset
	out.nFalse, out.nUnknown, out.nErr = l.nFalse+r.nFalse, l.nUnknown+r.nUnknown, l.nErr+r.nErr
	return out
}

// relEvent says that relation k may do something else from day d on.
type relEvent struct {
	d day
	k int
}

// newIncremental returns an incremental composer for tr, or nil when tr
// has few relations or some part does not compile.
func newIncremental(tr *track) *incremental {
	schema := tr.ev.ix.parts.schema
	if len(tr.rels) < incrementalMin || schema == nil {
		return nil
	}
	for _, p := range tr.parts {
		if p != nil && p.program(schema) == nil {
			return nil
		}
	}
	if tr.hasEx && !tr.exceptionsCompile() {
		return nil
	}
	inc := &incremental{size: 1}
	for inc.size < len(tr.rels) {
		inc.size *= 2
	}
	inc.nodes = make([]agg, 2*inc.size)
	add := func(d Date, k int) {
		if !d.IsZero() {
			inc.events = append(inc.events, relEvent{dayOf(d), k})
		}
	}
	for k, rr := range tr.rels {
		if rr.pw != nil {
			g := tr.ev.gate(tr.r, rr.pw.cr)
			add(dayDate(g.eff), k)
			add(dayDate(g.unk), k)
			continue
		}
		add(rr.from(), k)
		add(rr.src.Terminated, k)
		add(rr.rel.Until, k)
		for _, rej := range tr.r.Rejects {
			if rej.Instrument == rr.src.ID {
				add(rej.Date, k)
			}
		}
		if p := tr.parts[k+1]; p != nil {
			for _, name := range p.prog.Facts() {
				if tl := tr.ev.facts[name]; tl != nil {
					for _, d := range tl.dates {
						inc.events = append(inc.events, relEvent{d, k})
					}
				}
			}
			for _, d := range tr.ev.asofDays(p) {
				inc.events = append(inc.events, relEvent{d, k})
			}
		}
	}
	slices.SortFunc(inc.events, func(a, b relEvent) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return a.k - b.k
	})
	return inc
}

// leaf returns what relation k does on day d (date t).
func (inc *incremental) leaf(tr *track, k int, d day, t Date) agg {
	rr := tr.rels[k]
	if rr.pw != nil {
		switch v, _ := tr.ev.gateAt(tr.r, rr, d); v {
		case conditions.False:
			return agg{}
		case conditions.Unknown:
			return agg{unk: true, unkAct: rr.rel.Kind == Activates}
		}
	} else {
		from := rr.from()
		if from.IsZero() || t.Before(from) || !tr.ev.ix.acceptsOn(tr.r, rr.src, t) {
			return agg{}
		}
		ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
		if ended && rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
			return agg{}
		}
	}
	switch rr.rel.Kind {
	case Activates:
		return agg{act: true}
	case Terminates, Supersedes:
		return agg{out: true}
	case Suspends:
		if rr.rel.Until.IsZero() || t.Before(rr.rel.Until) {
			return agg{out: true}
		}
	case AddsCondition, ReplacesCondition:
		a := partAgg(tr.ev, tr.parts[k+1], d)
		a.reset = rr.rel.Kind == ReplacesCondition
		return a
	}
	return agg{}
}

// partAgg counts part p's value on day d.
func partAgg(ev *evaluator, p *part, d day) agg {
	v, bad := ev.partValue(p, d)
	switch {
	case bad:
		return agg{nErr: 1}
	case v == conditions.False:
		return agg{nFalse: 1}
	case v == conditions.Unknown:
		return agg{nUnknown: 1}
	}
	return agg{}
}

func (inc *incremental) set(k int, a agg) {
	i := inc.size + k
	inc.nodes[i] = a
	for i /= 2; i >= 1; i /= 2 {
		inc.nodes[i] = combine(inc.nodes[2*i], inc.nodes[2*i+1])
	}
}

// run computes the states of segments inc.next through i.
func (inc *incremental) run(tr *track, i int) {
	for ; inc.next <= i; inc.next++ {
		j := inc.next
		d := tr.segDay(j)
		t := dateOfDay(d)
		if j == 0 {
			for k := range tr.rels {
				inc.nodes[inc.size+k] = inc.leaf(tr, k, d, t)
			}
			for n := inc.size - 1; n >= 1; n-- {
				inc.nodes[n] = combine(inc.nodes[2*n], inc.nodes[2*n+1])
			}
			for inc.ev < len(inc.events) && inc.events[inc.ev].d <= d {
				inc.ev++
			}
		} else {
			for inc.ev < len(inc.events) && inc.events[inc.ev].d <= d {
				k := inc.events[inc.ev].k
				inc.ev++
				if inc.ev < len(inc.events) && inc.events[inc.ev] == (relEvent{d, k}) {
					continue // the same leaf again on the same day
				}
				inc.set(k, inc.leaf(tr, k, d, t))
			}
		}
		s := &tr.segs[j]
		if s.done {
			continue // seeded from the report's evaluation
		}
		s.done = true
		inc.state(tr, s, d, t)
	}
}

// state computes the state of the clause on day d (date t) from the tree.
func (inc *incremental) state(tr *track, s *seg, d day, t Date) {
	ix, inst := tr.ev.ix, tr.cr.inst
	eff := effective(inst)
	root := inc.nodes[1]
	dormant := tr.cr.c.Dormant || inst.Dormant
	if !ix.acceptsOn(tr.r, inst, t) || eff.IsZero() || t.Before(eff) ||
		!inst.Terminated.IsZero() && !t.Before(inst.Terminated) || clauseOut(inst, tr.cr.c, t) != "" || root.out ||
		dormant && !root.act && !root.unkAct {
		tr.afterEnd(s, t)
		return
	}
	if !root.reset {
		root = combine(partAgg(tr.ev, tr.parts[0], d), root)
	}
	for _, k := range tr.exceptionParts(nil, t) {
		if tr.parts[k].program(tr.ev.ix.parts.schema) == nil {
			root.nErr++
			continue
		}
		root = combine(root, partAgg(tr.ev, tr.parts[k], d))
	}
	switch {
	case root.nErr > 0:
		s.err = true
		return
	case root.nFalse > 0:
		s.value = conditions.False
	case root.nUnknown > 0 || root.unk || root.unkAct:
		s.value = conditions.Unknown
	default:
		s.value = conditions.True
	}
	tr.finish(s, d, t)
}
