package treaty

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// Set-valued and indexed facts (see conditions.Set and
// conditions.Field.Index) in scenarios.
//
// In a scenario a set fact is a JSON array of member names, such as
// ["Saarbrücken", "Saarlouis"], or, in the long form, an object from
// member to true, false or null (null: whether it is a member is
// unknown): {"value": {"FR": true, "DE": null}}. An indexed fact is an
// object from member to value, always in the long form, so that it cannot
// be mistaken for a fact with a history: {"value": {"Saarlouis": 0.9}}.
// Histories hold whole values: a change of one member's value or of the
// set's members is a dated entry with the new set or object, and so a
// change point of the evaluation like any other.

// isColl reports whether f is a set or an indexed fact.
func isColl(f conditions.Field) bool { return f.Type == conditions.Set || f.Index != "" }

// convertColl converts v, a scenario value of the set or indexed fact f,
// to the value package conditions reads: a []string of members, a
// map[string]any from member to true, false or nil for a set, and a
// map[string]any from member to the converted value for an indexed fact.
// nil stays nil (unknown).
func convertColl(f conditions.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(format string, args ...any) error {
		return &Error{Code: CodeSchema, Msg: fmt.Sprintf("fact %q: ", f.Name) + fmt.Sprintf(format, args...)}
	}
	if f.Type == conditions.Set {
		switch x := v.(type) {
		case []string:
			return slices.Clone(x), nil
		case []any:
			out := make([]string, len(x))
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, bad("member %d: want a member name (a string), got %s", i, describeValue(e))
				}
				out[i] = s
			}
			return out, nil
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				switch e.(type) {
				case nil, bool:
					out[k] = e
				default:
					return nil, bad("member %q: want true, false or null (unknown), got %s", k, describeValue(e))
				}
			}
			return out, nil
		case map[string]bool:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = e
			}
			return out, nil
		}
		return nil, bad("want a set: an array of member names, or an object from member to true, false or null; got %s", describeValue(v))
	}
	x, ok := v.(map[string]any)
	if !ok {
		return nil, bad("want a value per member of %s: an object from member to %s, got %s", f.Index, f.Type, describeValue(v))
	}
	out := make(map[string]any, len(x))
	for k, e := range x {
		c, err := convertFactValue(fmt.Sprintf("%s[%q]", f.Name, k), f.Type, e)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out[k] = c
		}
	}
	return out, nil
}

// checkFactIndexes checks that each indexed fact of c's model names a
// declared set fact as its index, and returns the fields of good that do.
func (c *modelChecker) checkFactIndexes(good []conditions.Field) []conditions.Field {
	sets := map[string]bool{}
	for _, f := range good {
		if f.Type == conditions.Set {
			sets[f.Name] = true
		}
	}
	out := good[:0:0]
	for i, f := range c.m.Facts {
		if f.Index == "" {
			continue
		}
		path := fmt.Sprintf("/facts/%d/index", i)
		switch {
		case f.Type == conditions.Set:
			c.add(CodeSchema, path, "", "a set fact cannot be indexed: remove index %q", f.Index)
		case !sets[f.Index]:
			c.add(CodeSchema, path, suggestion(f.Index, setNames(c.m)), "index %q of fact %q is not a declared fact of type set", f.Index, f.Name)
		default:
			continue
		}
		c.badFacts[f.Name] = true
	}
	for _, f := range good {
		if !c.badFacts[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// setNames lists the set facts m declares.
func setNames(m *Model) []string {
	var out []string
	for _, f := range m.Facts {
		if f.Type == conditions.Set {
			out = append(out, f.Name)
		}
	}
	return out
}

// collection decodes the JSON array or object v, one level deep, into a
// []any or a map[string]any of scalars: the value of a set or an indexed
// fact.
func (d *jsonDecoder) collection(v *jsonpos.Value, path string) (any, bool) {
	ok := true
	if v.Kind == jsonpos.Array {
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			x, good := d.scalar(e, jsonpos.AppendIndex(path, i))
			out[i], ok = x, ok && good
		}
		return out, ok
	}
	out := make(map[string]any, len(v.Members))
	seen := make(map[string]int, len(v.Members))
	for _, mem := range v.Members {
		p := jsonpos.Append(path, mem.Key)
		if d.duplicate(seen, mem, p) {
			ok = false
			continue
		}
		x, good := d.scalar(mem.Value, p)
		out[mem.Key], ok = x, ok && good
	}
	return out, ok
}

// isMapValue reports whether v is a map: the value of an indexed fact (or
// of a set with unknown memberships), which JSON writes in the long form
// so that it is not read as a fact with a history.
func isMapValue(v any) bool {
	return v != nil && reflect.TypeOf(v).Kind() == reflect.Map
}

// memberFactBase returns, for name["member"] (one member's value of an
// indexed fact of m, or a membership in a set fact of m, as missing
// facts name them), the fact name; any other name as it is.
func memberFactBase(m *Model, name string) string {
	i := strings.IndexByte(name, '[')
	if i < 0 || !strings.HasSuffix(name, "]") {
		return name
	}
	if _, err := strconv.Unquote(name[i+1 : len(name)-1]); err != nil {
		return name
	}
	for _, f := range m.Facts {
		if f.Name == name[:i] && isColl(f.Field) {
			return f.Name
		}
	}
	return name
}

// PartiesFact returns the name of the set fact whose value the evaluator
// supplies for instrument inst: "parties." followed by the instrument's
// id. A model that declares it (type set) may quantify over it, as in
// count(p in parties.paris: true) >= 55; its value on each date is the
// set of the instrument's parties: those listed in Parties, and the
// Members that have deposited their consent to be bound by that date and
// whose withdrawal has not taken effect. A scenario value for the fact
// takes precedence.
func PartiesFact(inst string) string { return "parties." + inst }

// partiesFacts gives each declared set fact PartiesFact(I) that the
// scenario does not set its value from the memberships of instrument I, a
// timeline whose changes are the consents and withdrawals; it returns
// dates with those days added.
func (ev *evaluator) partiesFacts(dates []Date) []Date {
	for i := range ev.ix.m.Instruments {
		inst := &ev.ix.m.Instruments[i]
		name := PartiesFact(inst.ID)
		if f, ok := ev.ix.colls[name]; !ok || f.Type != conditions.Set {
			continue
		}
		if _, given := ev.facts[name]; given {
			continue
		}
		var days []Date
		for j := range inst.Members {
			m := &inst.Members[j]
			if !m.Consent.IsZero() {
				days = append(days, m.Consent)
			}
			if w := withdrawalEffective(inst, m); !w.IsZero() {
				days = append(days, w)
			}
		}
		slices.SortFunc(days, Date.Compare)
		days = slices.CompactFunc(days, Date.Equal)
		at := func(d Date) []string {
			out := slices.Clone(inst.Parties)
			for j := range inst.Members {
				m := &inst.Members[j]
				w := withdrawalEffective(inst, m)
				if !m.Consent.IsZero() && !d.Before(m.Consent) && (w.IsZero() || d.Before(w)) {
					out = append(out, m.Party)
				}
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		changes := make([]timedValue, len(days))
		for j, d := range days {
			changes[j] = timedValue{d, at(d)}
		}
		ev.facts[name] = newTimeline(slices.Clone(inst.Parties), changes)
		dates = append(dates, days...)
	}
	return dates
}
