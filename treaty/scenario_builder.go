package treaty

import (
	"maps"
	"slices"
)

// ScenarioBuilder builds a [Scenario] in Go, as an alternative to a JSON
// file:
//
//	s, err := treaty.NewScenarioBuilder("peace-2027", treaty.MustDate("2028-01-01")).
//		Fact("foreign_troops.withdrawn", false).
//		Change("peace_treaty.concluded", treaty.MustDate("2027-09-01"), true).
//		Expect(treaty.Expectation{Clause: "jsd1956.art9.transfer", Reading: "JP", Status: treaty.Due}).
//		Build(m)
//
// Methods record what they are given and never fail; [ScenarioBuilder.Build]
// validates the scenario, against a model when given one, and reports every
// problem at once. Values passed in are copied: the builder never keeps or
// modifies the caller's slices. A ScenarioBuilder is not safe for
// concurrent use.
type ScenarioBuilder struct {
	s Scenario
}

// NewScenarioBuilder starts a scenario with the given id, evaluated as of
// asOf, tagged with [ScenarioSchema].
func NewScenarioBuilder(id string, asOf Date) *ScenarioBuilder {
	return &ScenarioBuilder{s: Scenario{Schema: ScenarioSchema, ID: id, AsOf: asOf}}
}

// Title sets the scenario's title.
func (b *ScenarioBuilder) Title(title string) *ScenarioBuilder {
	b.s.Title = title
	return b
}

// ModelFile sets the path of the model file, relative to where the
// scenario will be saved, for the command line tool (Scenario.Model).
func (b *ScenarioBuilder) ModelFile(path string) *ScenarioBuilder {
	b.s.Model = path
	return b
}

// Fact sets the value fact name has throughout (before the first dated
// change, when there are changes): a bool, a number, a string, a [Date] or
// a time.Time for a date fact, or nil for unknown. See [ConvertFact].
func (b *ScenarioBuilder) Fact(name string, value any) *ScenarioBuilder {
	f := b.fact(name)
	f.Value = value
	b.s.Facts[name] = f
	return b
}

// Change records that fact name takes value from the date from on. Changes
// may be given in any order; Build sorts them by date.
func (b *ScenarioBuilder) Change(name string, from Date, value any) *ScenarioBuilder {
	f := b.fact(name)
	f.History = append(slices.Clone(f.History), Change{From: from, Value: value})
	b.s.Facts[name] = f
	return b
}

func (b *ScenarioBuilder) fact(name string) Fact {
	if b.s.Facts == nil {
		b.s.Facts = map[string]Fact{}
	}
	return b.s.Facts[name]
}

// Expect adds an expected result, checked by [Report.Check] and 'treaty
// test'.
func (b *ScenarioBuilder) Expect(x Expectation) *ScenarioBuilder {
	x.Missing = slices.Clone(x.Missing)
	b.s.Expect = append(b.s.Expect, x)
	return b
}

// Note adds a note to the scenario.
func (b *ScenarioBuilder) Note(text string) *ScenarioBuilder {
	b.s.Notes = append(b.s.Notes, text)
	return b
}

// Source adds a source to the scenario.
func (b *ScenarioBuilder) Source(s Source) *ScenarioBuilder {
	b.s.Sources = append(b.s.Sources, s)
	return b
}

// Build validates the scenario as [ValidateScenario] does, against m when
// m is not nil (facts declared, values of the declared types, expectations
// naming clauses and readings of m), and returns it. On error the scenario
// is nil and the error is an [ErrorList] of every problem, each with its
// JSON path. The scenario returned shares nothing with the builder, which
// may go on to build more.
func (b *ScenarioBuilder) Build(m *Model) (*Scenario, error) {
	s := b.s
	s.Facts = maps.Clone(b.s.Facts)
	for name, f := range s.Facts {
		f.History = slices.Clone(f.History)
		slices.SortStableFunc(f.History, func(x, y Change) int { return x.From.Compare(y.From) })
		s.Facts[name] = f
	}
	s.Expect = slices.Clone(b.s.Expect)
	for i := range s.Expect {
		s.Expect[i].Missing = slices.Clone(s.Expect[i].Missing)
	}
	s.Notes = slices.Clone(b.s.Notes)
	s.Sources = cloneSources(b.s.Sources)
	if err := ValidateScenario(m, &s); err != nil {
		return nil, err
	}
	return &s, nil
}
