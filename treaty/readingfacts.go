package treaty

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// ReadingFact is a reading's own view of a declared fact: its
// interpretation of a term, or its own value for a fact the parties
// dispute. Under the reading, the fact takes this value in place of the
// scenario's; the other readings keep the scenario's.
//
// With Definition set, the fact (a bool) is defined by that condition,
// evaluated on each date over the facts as they stand under the reading
// (a definition may read other facts the reading defines, but not in a
// cycle, and not asof). With Value and/or History set, the fact has that
// value, or history of dated values, under the reading, written as a
// scenario [Fact] is. One of the two is required.
//
// Every result that depends on such a fact names it
// ([Result.ReadingFacts]), its evidence says whose definition or value it
// is ([Evidence.Reading]), and a status dispute it decides names it
// ("differs by RU's definition of islands.transferred").
type ReadingFact struct {
	Fact       string          `json:"fact"`
	Definition conditions.Expr `json:"definition,omitzero"`
	Value      any             `json:"value,omitempty"`
	History    []Change        `json:"history,omitempty"`
	Sources    []Source        `json:"sources,omitempty"`
	Notes      []string        `json:"notes,omitempty"`
}

// describe says what the reading's fact is, for reports: "RU's
// definition of x" or "RU's own value of x".
func (rf *ReadingFact) describe(reading string) string {
	if !rf.Definition.IsZero() {
		return reading + "'s definition of " + rf.Fact
	}
	return reading + "'s own value of " + rf.Fact
}

// readingFact returns r's own fact name, or nil.
func readingFact(r *Reading, name string) *ReadingFact {
	if r == nil {
		return nil
	}
	for i := range r.Facts {
		if r.Facts[i].Fact == name {
			return &r.Facts[i]
		}
	}
	return nil
}

// checkReadingFacts checks the readings' own facts: declared, given once
// per reading, a definition or a value (not both), of the fact's type,
// definitions that type-check as conditions over the declared facts and
// do not define a fact through itself.
func (c *modelChecker) checkReadingFacts() {
	for i := range c.m.Readings {
		r := &c.m.Readings[i]
		seen := map[string]string{}
		for j := range r.Facts {
			rf := &r.Facts[j]
			path := fmt.Sprintf("/readings/%d/facts/%d", i, j)
			c.sources(path+"/sources", rf.Sources)
			if !c.required(path+"/fact", rf.Fact) {
				continue
			}
			if first, dup := seen[rf.Fact]; dup {
				c.add(CodeDuplicateID, path+"/fact", "", "reading %s gives fact %q twice (first at %s)", readingID(r), rf.Fact, first)
				continue
			}
			seen[rf.Fact] = path
			typ, ok := c.facts[rf.Fact]
			if !ok {
				c.add(CodeUnknownFact, path+"/fact", suggestion(rf.Fact, c.factNames), "unknown fact %q", rf.Fact)
				continue
			}
			hasValue := rf.Value != nil || len(rf.History) > 0
			switch {
			case !rf.Definition.IsZero() && hasValue:
				c.add(CodeSchema, path+"/definition", "", "fact %q has both a definition and a value under reading %s: give one", rf.Fact, readingID(r))
				continue
			case rf.Definition.IsZero() && !hasValue:
				c.add(CodeSchema, path, "", "reading %s gives fact %q neither a definition nor a value", readingID(r), rf.Fact)
				continue
			}
			if !rf.Definition.IsZero() {
				if typ != conditions.Bool && !c.badFacts[rf.Fact] {
					c.add(CodeSchema, path+"/definition", "", "a definition is a condition, so it defines a bool fact; %q is declared %s (give the reading's own value instead)", rf.Fact, typ)
					continue
				}
				if slices.Contains(rf.Definition.Facts(), "asof") {
					c.add(CodeSchema, path+"/definition", "", "the definition of %q reads asof: a reading's definition holds on every date, give it facts", rf.Fact)
					continue
				}
				c.condition(path+"/definition", rf.Definition)
				continue
			}
			check := func(p string, v any) {
				if _, err := ConvertFact(c.m, rf.Fact, v); err != nil {
					if e, ok := err.(*Error); ok {
						c.add(e.Code, p, e.Hint, "%s", e.Msg)
					}
				}
			}
			if rf.Value != nil {
				check(path+"/value", rf.Value)
			}
			for k, ch := range rf.History {
				hp := fmt.Sprintf("%s/history/%d", path, k)
				if ch.From.IsZero() {
					c.add(CodeSchema, hp+"/from", "", "missing or empty %q", "from")
				} else if k > 0 && !ch.From.After(rf.History[k-1].From) {
					c.add(CodeDates, hp+"/from", "", "history out of order: %s is listed after %s", ch.From, rf.History[k-1].From)
				}
				if ch.Source != nil {
					c.required(hp+"/source/title", ch.Source.Title)
				}
				check(hp+"/value", ch.Value)
			}
		}
		if _, cycle := definitionOrder(r); cycle != nil {
			j := slices.IndexFunc(r.Facts, func(rf ReadingFact) bool { return rf.Fact == cycle[0] })
			c.add(CodeCycle, fmt.Sprintf("/readings/%d/facts/%d/definition", i, j), "",
				"reading %s defines %s through itself: %s", readingID(r), cycle[0], strings.Join(cycle, " -> "))
		}
	}
}

// definitionOrder returns r's own facts in an order in which every
// definition comes after the reading's facts it reads, or, when
// definitions read one another in a cycle, that cycle (its first fact
// again at the end).
func definitionOrder(r *Reading) (order []*ReadingFact, cycle []string) {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(rf *ReadingFact) []string
	visit = func(rf *ReadingFact) []string {
		switch state[rf.Fact] {
		case done:
			return nil
		case active:
			i := slices.Index(stack, rf.Fact)
			return append(slices.Clone(stack[i:]), rf.Fact)
		}
		state[rf.Fact] = active
		stack = append(stack, rf.Fact)
		if !rf.Definition.IsZero() {
			for _, name := range rf.Definition.Facts() {
				if dep := readingFact(r, name); dep != nil && dep != rf {
					if c := visit(dep); c != nil {
						return c
					}
				} else if dep == rf {
					return []string{rf.Fact, rf.Fact}
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[rf.Fact] = done
		order = append(order, rf)
		return nil
	}
	for i := range r.Facts {
		if c := visit(&r.Facts[i]); c != nil {
			return nil, c
		}
	}
	return order, nil
}

// lowerReadingFacts gives every reading with facts of its own an
// evaluator of its own: ev's, with the reading's fact timelines in place
// of the scenario's. A definition becomes a timeline too: its value on
// each day any fact it reads changes. So the engine evaluates reading
// facts as it evaluates scenario facts; state, track and result pass to
// the reading's evaluator (see forReading).
func (ev *evaluator) lowerReadingFacts() error {
	ev.own = nil
	for i := range ev.ix.m.Readings {
		r := &ev.ix.m.Readings[i]
		if len(r.Facts) == 0 {
			continue
		}
		order, cycle := definitionOrder(r)
		if cycle != nil {
			return &Error{Code: CodeCycle, Reading: readingID(r), Path: fmt.Sprintf("/readings/%d/facts", i),
				Msg: fmt.Sprintf("reading %s defines %s through itself: %s", readingID(r), cycle[0], strings.Join(cycle, " -> "))}
		}
		facts := maps.Clone(ev.facts)
		for _, rf := range order {
			j := slices.IndexFunc(r.Facts, func(x ReadingFact) bool { return x.Fact == rf.Fact })
			path := fmt.Sprintf("/readings/%d/facts/%d", i, j)
			tl, err := ev.readingTimeline(rf, facts, path)
			if err != nil {
				err.Reading = readingID(r)
				return err
			}
			facts[rf.Fact] = tl
		}
		c := *ev
		c.facts, c.own = facts, nil
		c.reset()
		c.recomputeChanges()
		if ev.own == nil {
			ev.own = map[string]*evaluator{}
		}
		ev.own[readingID(r)] = &c
	}
	return nil
}

// readingTimeline returns the timeline of a reading's own fact rf, the
// facts standing as in facts.
func (ev *evaluator) readingTimeline(rf *ReadingFact, facts map[string]*timeline, path string) (*timeline, *Error) {
	typ, declared := ev.ix.fieldTypes[rf.Fact]
	if !declared && len(ev.ix.m.Facts) > 0 {
		return nil, &Error{Code: CodeUnknownFact, Path: path + "/fact", Msg: fmt.Sprintf("unknown fact %q", rf.Fact)}
	}
	convert := func(p string, v any) (any, *Error) {
		x, err := convertFactValue(rf.Fact, typ, v)
		if err != nil {
			return nil, &Error{Code: CodeSchema, Path: p, Msg: err.Error()}
		}
		return x, nil
	}
	if rf.Definition.IsZero() {
		base, err := convert(path+"/value", rf.Value)
		if err != nil {
			return nil, err
		}
		var changes []timedValue
		for k, ch := range rf.History {
			v, err := convert(fmt.Sprintf("%s/history/%d/value", path, k), ch.Value)
			if err != nil {
				return nil, err
			}
			changes = append(changes, timedValue{ch.From, v})
		}
		slices.SortStableFunc(changes, func(a, b timedValue) int { return a.from.Compare(b.from) })
		return newTimeline(base, changes), nil
	}
	reads := rf.Definition.Facts()
	var days []day
	for _, name := range reads {
		if tl := facts[name]; tl != nil {
			days = append(days, tl.dates...)
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	at := func(d day, before bool) (any, *Error) {
		f := conditions.Facts{}
		for _, name := range reads {
			tl := facts[name]
			if tl == nil {
				continue
			}
			v := tl.base
			if !before {
				v = tl.value(d)
			}
			if v != nil {
				f[name] = v
			}
		}
		res, err := conditions.Eval(rf.Definition, f)
		if err != nil {
			return nil, &Error{Code: CodeCondition, Path: path + "/definition", Msg: fmt.Sprintf("definition of %s: %v", rf.Fact, err), Err: err}
		}
		switch res.Value {
		case conditions.True:
			return true, nil
		case conditions.False:
			return false, nil
		}
		return nil, nil
	}
	base, err := at(0, true)
	if err != nil {
		return nil, err
	}
	var changes []timedValue
	prev := base
	for _, d := range days {
		v, err := at(d, false)
		if err != nil {
			return nil, err
		}
		if v != prev {
			changes = append(changes, timedValue{dateOfDay(d), v})
			prev = v
		}
	}
	return newTimeline(base, changes), nil
}

// forReading returns the evaluator for reading r: the reading's own (see
// lowerReadingFacts) when it has facts of its own, else ev.
func (ev *evaluator) forReading(r *Reading) *evaluator {
	if ev.own == nil || r == nil {
		return ev
	}
	if c := ev.own[readingID(r)]; c != nil {
		return c
	}
	return ev
}

// readingFactsOf returns the reading's own facts that the result reads
// (its effective condition and its performance fact), as "RU's definition
// of x", in the order the condition reads them.
func readingFactsOf(r *Reading, c *Clause, cond conditions.Expr) []string {
	if r == nil || len(r.Facts) == 0 {
		return nil
	}
	names := cond.Facts()
	if c.Performed != "" {
		names = append(names, c.Performed)
	}
	var out []string
	for _, name := range names {
		if rf := readingFact(r, name); rf != nil {
			if d := rf.describe(readingID(r)); !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// decidingReadingFacts returns the readings' own facts that decided the
// results of the sides of a dispute about clause c (their evidence names
// the reading), as "RU's definition of x", in the order of the sides. The
// performance fact counts only when a side's status rests on performance
// (fulfilled or violated): otherwise the readings part on the condition.
func decidingReadingFacts(c *Clause, sides []disputeReading) []string {
	byPerformance := slices.ContainsFunc(sides, func(s disputeReading) bool {
		return s.res.Status == Fulfilled || s.res.Status == Violated
	})
	var out []string
	for _, s := range sides {
		for _, e := range s.res.Evidence {
			if e.Reading == "" || (e.Fact == c.Performed && !byPerformance) {
				continue
			}
			if rf := readingFact(s.r, e.Fact); rf != nil {
				if d := rf.describe(e.Reading); !slices.Contains(out, d) {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// ownFactsNote says, for a comparison of the conditions ca and cb of a
// clause under readings a and b, which of the readings' own facts the conditions read,
// or "" when they read none: the comparison is of the conditions as
// written, where such a fact is one fact, so the readings may still part
// on it (as Evaluate shows).
func ownFactsNote(m *Model, a string, ca conditions.Expr, b string, cb conditions.Expr) string {
	var own []string
	for _, side := range []struct {
		id   string
		cond conditions.Expr
	}{{a, ca}, {b, cb}} {
		i := slices.IndexFunc(m.Readings, func(r Reading) bool { return readingID(&r) == side.id })
		if i >= 0 {
			own = append(own, readingFactsOf(&m.Readings[i], &Clause{}, side.cond)...)
		}
	}
	if len(own) == 0 {
		return ""
	}
	return "the conditions are compared as written, but they read " + strings.Join(own, ", ") +
		": the readings may also part on what those facts are (see the evaluation)"
}
