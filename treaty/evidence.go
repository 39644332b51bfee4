package treaty

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// Evidence is a fact that decided a result, with its value as of the date
// and where that value comes from: the scenario entry that gave it (its
// date, source and note) and the sources of the fact's declaration in the
// model. A reading's own value or definition of the fact (see
// [ReadingFact]) is named by Reading and Definition.
type Evidence struct {
	Fact string `json:"fact"`
	// Value is the value as the explanation shows it (a bool, a float64, a
	// string, a date as "YYYY-MM-DD"), nil when unknown.
	Value any `json:"value"`
	// From is the date of the history entry that gave the value; nil for
	// a value that holds throughout (or before the first change).
	From *Date `json:"from,omitempty"`
	// Source and Note are those of the scenario entry (or of the reading's
	// own value) that gave the value.
	Source *Source `json:"source,omitempty"`
	Note   string  `json:"note,omitempty"`
	// Declared lists the sources of the fact's declaration in the model.
	Declared []Source `json:"declared,omitempty"`
	// Reading, when set, is the reading whose own value or definition of
	// the fact was used instead of the scenario's.
	Reading string `json:"reading,omitempty"`
	// Definition is the reading's defining condition, when the reading
	// defines the fact by one.
	Definition string `json:"definition,omitempty"`
}

// String says the evidence in one line: "name = value (from DATE; source
// TITLE, art. N, DATE; note; declared: TITLE ...)".
func (e Evidence) String() string {
	var b strings.Builder
	b.WriteString(e.Fact)
	b.WriteString(" = ")
	b.WriteString(evidenceValue(e.Value))
	var parts []string
	if e.Reading != "" {
		if e.Definition != "" {
			parts = append(parts, fmt.Sprintf("%s's definition: %s", e.Reading, e.Definition))
		} else {
			parts = append(parts, e.Reading+"'s own value")
		}
	}
	if e.From != nil {
		parts = append(parts, "from "+e.From.String())
	}
	if e.Source != nil {
		parts = append(parts, "source: "+sourceText(*e.Source))
	}
	if e.Note != "" {
		parts = append(parts, e.Note)
	}
	for _, s := range e.Declared {
		parts = append(parts, "declared: "+sourceText(s))
	}
	if len(parts) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(parts, "; "))
		b.WriteString(")")
	}
	return b.String()
}

func evidenceValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "unknown"
	case string:
		if _, err := ParseDate(x); err == nil {
			return x
		}
		return fmt.Sprintf("%q", x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// sourceText is a source in one line: title, article, date.
func sourceText(s Source) string {
	out := s.Title
	if a := s.Article; a != "" {
		if a[0] >= '0' && a[0] <= '9' {
			a = "art. " + a // "9" reads "art. 9"; "Article 9" stays as it is
		}
		out += ", " + a
	}
	if !s.Date.IsZero() {
		out += ", " + s.Date.String()
	}
	return out
}

// decidingFacts returns the facts that decided the value of the
// explanation x: those read by the leaves reached from the root through
// decisive children, each once, in order of first occurrence.
func decidingFacts(x *conditions.Explanation) []conditions.FactValue {
	var out []conditions.FactValue
	var walk func(n *conditions.Explanation)
	walk = func(n *conditions.Explanation) {
		for _, f := range n.Facts {
			if !slices.ContainsFunc(out, func(o conditions.FactValue) bool { return o.Name == f.Name }) {
				out = append(out, f)
			}
		}
		for _, c := range n.Children {
			if c.Decisive {
				walk(c)
			}
		}
	}
	if x != nil {
		walk(x)
	}
	return out
}

// resultEvidence returns the evidence of res, a result of clause c under
// reading r as of t in scenario s of model m, facts being the facts as
// they stood on t: the facts that decided its condition, then its
// performance fact when the status depends on it. It is a function of the
// result and the inputs only, so that every evaluator gives the same.
func resultEvidence(m *Model, s *Scenario, r *Reading, c *Clause, t Date, res *Result, facts conditions.Facts) []Evidence {
	if res.Explanation == nil {
		return nil
	}
	var out []Evidence
	for _, f := range decidingFacts(res.Explanation) {
		out = append(out, factEvidence(m, s, r, f.Name, t, f.Value))
	}
	if name := c.Performed; name != "" && res.Value == conditions.True &&
		!slices.ContainsFunc(out, func(e Evidence) bool { return e.Fact == name }) {
		var v any
		if b, ok := facts[name].(bool); ok {
			v = b
		}
		out = append(out, factEvidence(m, s, r, name, t, v))
	}
	return out
}

// factEvidence says where the value v of fact name on t comes from.
func factEvidence(m *Model, s *Scenario, r *Reading, name string, t Date, v any) Evidence {
	e := Evidence{Fact: name, Value: v}
	if i := slices.IndexFunc(m.Facts, func(d FactDecl) bool { return d.Name == name }); i >= 0 {
		e.Declared = m.Facts[i].Sources
	}
	f, ok := s.Facts[name]
	if rf := readingFact(r, name); rf != nil {
		// The reading's own value or definition stands in for the
		// scenario's.
		e.Reading = readingID(r)
		if !rf.Definition.IsZero() {
			e.Definition = rf.Definition.String()
		}
		f, ok = Fact{Value: rf.Value, History: rf.History}, true // its notes stay in the model
		if len(rf.Sources) > 0 {
			f.Source = &rf.Sources[0]
		}
	}
	if !ok {
		return e
	}
	e.Source, e.Note = f.Source, f.Note
	var at *Change // the latest change on or before t; the last of equals
	for i := range f.History {
		ch := &f.History[i]
		if !ch.From.After(t) && (at == nil || !ch.From.Before(at.From)) {
			at = ch
		}
	}
	if at != nil {
		from := at.From
		e.From, e.Source, e.Note = &from, at.Source, at.Note
	}
	return e
}

// sourced reports whether the evidence says where its value comes from.
func (e Evidence) sourced() bool {
	return e.Source != nil || e.Note != "" || len(e.Declared) > 0 || e.Reading != ""
}

// writeEvidence writes, for a text report, each sourced deciding fact once
// with the results it decides ("clause under A, B"); nothing when no
// deciding fact has a source.
func writeEvidence(w io.Writer, results []Result) {
	type entry struct {
		line    string
		decides []string
	}
	var entries []*entry
	byLine := map[string]*entry{}
	for _, res := range results {
		for _, e := range res.Evidence {
			if !e.sourced() {
				continue
			}
			line := e.String()
			en := byLine[line]
			if en == nil {
				en = &entry{line: line}
				byLine[line] = en
				entries = append(entries, en)
			}
			en.decides = append(en.decides, res.Clause+" under "+res.Reading)
		}
	}
	if len(entries) == 0 {
		return
	}
	fmt.Fprint(w, "\nSources of the deciding facts:\n")
	for _, en := range entries {
		fmt.Fprintf(w, "  %s\n    decides %s\n", en.line, strings.Join(en.decides, ", "))
	}
}
