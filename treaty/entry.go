package treaty

import (
	"fmt"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// notYet is the in-force date of a lowered instrument whose entry into
// force condition has not held on any day the scenario knows of: later
// than every date the engine is asked about.
var notYet = MustDate("9999-12-31")

// entryState is how a conditional entry into force ([EntryIntoForce])
// resolved for one scenario.
type entryState struct {
	// met is the first day the condition held (zero: never by the last
	// date the scenario knows of).
	met Date
	// unknownFrom, if set, is the first day from which the instrument may
	// have entered into force: After past the first day, before met, on
	// which the condition was unknown. From then until the instrument's
	// lowered in-force date, its clauses are undetermined.
	unknownFrom Date
	missing     []string
	cond        conditions.Expr
}

// hasConditionalEntry reports whether some instrument of m enters into
// force on a condition.
func hasConditionalEntry(m *Model) bool {
	for i := range m.Instruments {
		if e := m.Instruments[i].EntryIntoForce; e != nil && !e.Condition.IsZero() {
			return true
		}
	}
	return false
}

// lowerEntry replaces ev's index, when the model has instruments that
// enter into force on a condition, by the index of a copy of the model in
// which each such instrument has the in-force date the scenario's facts
// give it: the first day on or after its signature on which the condition
// holds, plus its delay. The model itself is not modified.
func (ev *evaluator) lowerEntry() error {
	src := ev.ix.source
	if !hasConditionalEntry(src) {
		return nil
	}
	lowered := *src
	lowered.Instruments = slices.Clone(src.Instruments)
	states := map[string]*entryState{}
	same := ev.ix.entry != nil // lowered before (withFacts): keep the index if nothing moves
	// In dependency order: a condition reading another instrument's
	// bound fact is resolved after that instrument's entry into force
	// (bound.go).
	for _, i := range entryOrder(src) {
		inst := &lowered.Instruments[i]
		e := inst.EntryIntoForce
		st := ev.resolveEntry(inst, e)
		states[inst.ID] = st
		if old := ev.ix.entryOf(inst.ID); old != nil && !old.same(st) {
			same = false
		}
		if st.met.IsZero() {
			inst.InForce = notYet
		} else {
			inst.InForce = st.met.Add(e.After)
		}
		ev.supplyBound(inst, st)
	}
	if same {
		return nil
	}
	ix, err := newIndex(&lowered)
	if err != nil {
		return err
	}
	ix.source = src
	ix.entry = map[*Instrument]*entryState{}
	for i := range ix.m.Instruments {
		inst := &ix.m.Instruments[i]
		if st := states[inst.ID]; st != nil {
			ix.entry[inst] = st
			if !st.unknownFrom.IsZero() {
				ix.dates = append(ix.dates, st.unknownFrom)
			}
		}
	}
	ix.indexMembers() // again, with the entry states: members may be bound from an unknown entry into force
	ev.ix = ix
	ev.recomputeChanges()
	return nil
}

// recomputeChanges sets ev.changes to the dates of ev's index and the
// dates on which ev's facts change.
func (ev *evaluator) recomputeChanges() {
	dates := slices.Clone(ev.ix.dates)
	for _, tl := range ev.facts {
		for _, d := range tl.dates {
			dates = append(dates, dateOfDay(d))
		}
	}
	slices.SortFunc(dates, Date.Compare)
	ev.changes = slices.CompactFunc(dates, Date.Equal)
	ev.changeDays = make([]day, len(ev.changes))
	for i, d := range ev.changes {
		ev.changeDays[i] = dayOf(d)
	}
}

// resolveEntry finds the first day, from the instrument's signature on,
// on which the condition of e holds, and the first day before it on
// which it is unknown, from the histories of the facts it reads.
func (ev *evaluator) resolveEntry(inst *Instrument, e *EntryIntoForce) *entryState {
	st := &entryState{cond: e.Condition}
	start := dayOf(inst.Signed)
	if inst.Signed.IsZero() {
		start = minDay
	}
	days := []day{start}
	for _, name := range e.Condition.Facts() {
		if tl := ev.facts[name]; tl != nil {
			for _, d := range tl.dates {
				if d > start {
					days = append(days, d)
				}
			}
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	for _, d := range days {
		f := conditions.Facts{}
		for _, name := range e.Condition.Facts() {
			if v := ev.facts[name].value(d); v != nil {
				f[name] = v
			}
		}
		res, err := conditions.Eval(e.Condition, f)
		if err != nil {
			res.Value, res.Missing = conditions.Unknown, e.Condition.Facts()
		}
		first := dateOfDay(d)
		if d == minDay {
			first = Date{}
		}
		switch res.Value {
		case conditions.True:
			if first.IsZero() { // unsigned and true from the start: not dated
				continue
			}
			st.met = first
			return st
		case conditions.Unknown:
			if st.unknownFrom.IsZero() && st.missing == nil {
				st.missing = slices.Clone(res.Missing)
				if !first.IsZero() {
					st.unknownFrom = first.Add(e.After)
				}
			}
		}
	}
	return st
}

// entryOf returns the entry state of the instrument with the given id.
func (ix *index) entryOf(id string) *entryState {
	if inst := ix.instruments[id]; inst != nil {
		return ix.entry[inst]
	}
	return nil
}

// same reports whether two resolutions of an entry into force agree.
func (st *entryState) same(o *entryState) bool {
	return st.met.Equal(o.met) && st.unknownFrom.Equal(o.unknownFrom) && slices.Equal(st.missing, o.missing)
}

// current returns cr with its instrument as ev's index holds it: a
// clause reference made before the model was lowered again for other
// facts (withFacts) names the instrument of the former lowering.
func (ev *evaluator) current(cr clauseRef) clauseRef {
	if ev.ix.entry != nil {
		if inst := ev.ix.instruments[cr.inst.ID]; inst != nil {
			cr.inst = inst
		}
	}
	return cr
}

// entryUnknown returns the entry state of inst when, under reading r on
// t, inst may have entered into force but whether it has is unknown.
func (ix *index) entryUnknown(r *Reading, inst *Instrument, t Date) *entryState {
	st := ix.entry[inst]
	if st == nil || st.missing == nil {
		return nil
	}
	if !st.unknownFrom.IsZero() && t.Before(st.unknownFrom) {
		return nil
	}
	if !t.Before(inst.InForce) || !ix.acceptsOn(r, inst, t) {
		return nil
	}
	return st
}

// entryReason says why the clauses of inst are undetermined.
func (st *entryState) reason(inst *Instrument) string {
	return fmt.Sprintf("entry into force of %s undetermined: %s unknown (missing %s)",
		inst.ID, st.cond, strings.Join(st.missing, ", "))
}

// notInForceYet says why a lowered instrument is not in force on t, or ""
// when the generic reason applies.
func (ix *index) notInForceYet(inst *Instrument) string {
	st := ix.entry[inst]
	if st == nil {
		return ""
	}
	if st.met.IsZero() {
		return fmt.Sprintf("%s enters into force when %s holds; it has not", inst.ID, st.cond)
	}
	return fmt.Sprintf("%s enters into force on %s (%s held from %s)", inst.ID, inst.InForce, st.cond, st.met)
}
