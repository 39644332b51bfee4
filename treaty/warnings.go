package treaty

import (
	"cmp"
	"fmt"
	"slices"
)

// Warning codes: what [Model.Warnings] finds. A warning is not an error:
// the model is valid and evaluates, but something in it is very likely a
// mistake.
const (
	// CodeNeverDue: a clause whose fixed dates (not_before, from) make it
	// impossible to be due while it and its instrument are in force.
	CodeNeverDue Code = "never_due"
	// CodeDeadlineBeforeStart: a clause's deadline, resolved from fixed
	// dates or its instrument's dates, comes before its not_before.
	CodeDeadlineBeforeStart Code = "deadline_before_start"
	// CodeRelationBeforeTarget: a relation takes effect before the
	// instrument it concerns (or the clause's instrument) takes effect.
	CodeRelationBeforeTarget Code = "relation_before_target"
	// CodeAcceptsAndRejects: a reading both accepts and rejects an
	// instrument.
	CodeAcceptsAndRejects Code = "accepts_and_rejects"
)

// Warnings returns what in m is valid but very likely a mistake, each an
// [Error] with a warning code ([CodeNeverDue], [CodeDeadlineBeforeStart],
// [CodeRelationBeforeTarget], [CodeAcceptsAndRejects]), its JSON path and,
// for a decoded model, its file position; nil when there is none.
// Warnings are separate from [Model.Validate], which they never make fail;
// 'treaty check' prints them and fails on them only with --strict. Call it
// on a valid model: it skips what it cannot resolve. It does not modify m.
func (m *Model) Warnings() ErrorList {
	if m == nil {
		return nil
	}
	var ws ErrorList
	add := func(code Code, path, format string, args ...any) {
		ws = append(ws, &Error{Path: path, Code: code, Msg: fmt.Sprintf(format, args...)})
	}
	insts := map[string]*Instrument{}
	clauseInst := map[string]*Instrument{}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		insts[inst.ID] = inst
		for j := range inst.Clauses {
			clauseInst[inst.Clauses[j].ID] = inst
		}
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		ipath := fmt.Sprintf("/instruments/%d", i)
		for j := range inst.Clauses {
			c := &inst.Clauses[j]
			path := fmt.Sprintf("%s/clauses/%d", ipath, j)
			start := staticWhen(inst, c.NotBefore, "in_force")
			from, until := clauseWindow(inst, c)
			end := inst.Terminated
			if !until.IsZero() && (end.IsZero() || until.Before(end)) {
				end = until
			}
			first := start
			if from.After(first) {
				first = from
			}
			if !first.IsZero() && !end.IsZero() && !first.Before(end) {
				field := "not_before"
				if first.Equal(from) && !first.Equal(start) {
					field = "from"
				}
				add(CodeNeverDue, path+"/"+field, "%s can never be due: it could start on %s, but it is in force only until %s",
					c.ID, first, end.AddDays(-1))
			}
			dl := staticWhen(inst, c.Deadline, "due")
			bothFixed := c.NotBefore != nil && c.Deadline != nil && !c.NotBefore.Date.IsZero() && !c.Deadline.Date.IsZero()
			if !dl.IsZero() && !start.IsZero() && dl.Before(start) && !bothFixed {
				add(CodeDeadlineBeforeStart, path+"/deadline", "deadline %s comes before not_before %s: the clause would be overdue the day it can start", dl, start)
			}
		}
		for j := range inst.Relations {
			r := &inst.Relations[j]
			target := insts[r.Target]
			if target == nil {
				target = clauseInst[r.Target]
			}
			if target == nil {
				continue
			}
			rf := relRef{src: inst, rel: r}.from()
			if eff := effective(target); !rf.IsZero() && !eff.IsZero() && rf.Before(eff) {
				add(CodeRelationBeforeTarget, fmt.Sprintf("%s/relations/%d", ipath, j),
					"%s %s takes effect on %s, before its target's instrument %s takes effect on %s", r.Kind, r.Target, rf, target.ID, eff)
			}
		}
	}
	for i := range m.Readings {
		r := &m.Readings[i]
		for j, rej := range r.Rejects {
			if slices.Contains(r.Accepts, rej.Instrument) {
				when := "always"
				if !rej.Date.IsZero() {
					when = "from " + rej.Date.String()
				}
				add(CodeAcceptsAndRejects, fmt.Sprintf("/readings/%d/rejects/%d", i, j),
					"reading %s both accepts and rejects %s: the rejection wins (%s)", readingID(r), rej.Instrument, when)
			}
		}
	}
	if len(ws) == 0 {
		return nil
	}
	m.Provenance.locate(m, ws)
	ws.Sort()
	return ws
}

// staticWhen resolves w when it does not depend on facts or on the day
// the clause fell due: a fixed date, or a period from in_force or signed.
// Zero otherwise.
func staticWhen(inst *Instrument, w *When, def string) Date {
	if w == nil {
		return Date{}
	}
	if !w.Date.IsZero() {
		return w.Date
	}
	var base Date
	switch cmp.Or(w.From, def) {
	case "in_force":
		base = effective(inst)
	case "signed":
		base = inst.Signed
	}
	if base.IsZero() {
		return Date{}
	}
	return base.Add(w.After)
}
