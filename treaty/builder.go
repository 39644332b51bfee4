package treaty

import (
	"fmt"
	"slices"

	"github.com/treatycond/treatycond/conditions"
)

// Builder builds a [Model] in Go, as an alternative to a JSON file:
//
//	b := treaty.NewBuilder("kuril", "Habomai and Shikotan")
//	b.Fact("peace_treaty.concluded", conditions.Bool, "A peace treaty is concluded.")
//	b.Party("JP", "Japan", treaty.State).Party("SU", "USSR", treaty.State)
//	b.Instrument("jsd1956", "Joint Declaration", treaty.KindJointDeclaration).
//		Parties("SU", "JP").
//		Signed(treaty.MustDate("1956-10-19")).InForce(treaty.MustDate("1956-12-12")).
//		Clause(treaty.Clause{ID: "jsd1956.art9", Kind: treaty.Obligation,
//			Bearer: "SU", Beneficiary: "JP", Action: "transfer"}, "peace_treaty.concluded")
//	m, err := b.Build()
//
// Methods record what they are given and never fail; conditions given as
// text are parsed, and the model validated, by [Builder.Build], which
// reports every problem at once. Dates are [Date] values, as everywhere in
// the package: write them with [MustDate] or [NewDate]. Values passed in are copied: the
// builder never keeps or modifies the caller's slices. A Builder is not
// safe for concurrent use.
type Builder struct {
	m Model
	// defaults is set by DefaultReadings.
	defaults bool
	errs     ErrorList     // problems found while recording
	conds    []pendingCond // conditions given as text
}

// pendingCond is a condition given as text, parsed by Build.
type pendingCond struct {
	inst, index int
	relation    bool // a relation's condition, not a clause's
	exception   bool // an exception's condition
	statement   bool // a statement's condition
	text        string
}

func (pc pendingCond) path() string {
	if pc.exception {
		return fmt.Sprintf("/instruments/%d/exceptions/%d/condition", pc.inst, pc.index)
	}
	if pc.statement {
		return fmt.Sprintf("/instruments/%d/statements/%d/condition", pc.inst, pc.index)
	}
	if pc.relation {
		return fmt.Sprintf("/instruments/%d/relations/%d/condition", pc.inst, pc.index)
	}
	return fmt.Sprintf("/instruments/%d/clauses/%d/condition", pc.inst, pc.index)
}

// NewBuilder starts a model with the given id and title, tagged with
// [ModelSchema].
func NewBuilder(id, title string) *Builder {
	return &Builder{m: Model{Schema: ModelSchema, ID: id, Title: title}}
}

// Fact declares a fact that conditions may read.
func (b *Builder) Fact(name string, t conditions.Type, doc string) *Builder {
	b.m.Facts = append(b.m.Facts, FactDecl{Field: conditions.Field{Name: name, Type: t, Doc: doc}})
	return b
}

// Party declares a party, with optional sources.
func (b *Builder) Party(id, name string, kind PartyKind, sources ...Source) *Builder {
	b.m.Parties = append(b.m.Parties, Party{ID: id, Name: name, Kind: kind, Sources: cloneSources(sources)})
	return b
}

// Continues records that the declared party id continues predecessor from
// the date from.
func (b *Builder) Continues(id, predecessor string, from Date) *Builder {
	i := slices.IndexFunc(b.m.Parties, func(p Party) bool { return p.ID == id })
	if i < 0 {
		b.errs.Add(&Error{Path: "/parties", Code: CodeUnknownParty,
			Msg: fmt.Sprintf("Continues: party %q is not declared (declare it with Party first)", id)})
		return b
	}
	b.m.Parties[i].Continues = &Succession{Party: predecessor, From: from}
	return b
}

// Reading adds a party's reading.
//
// A model without readings gives every party its default reading (see
// [Model]); declaring any reading replaces all of them, so a model that
// declares one reading has only the readings it declares. Call
// [Builder.DefaultReadings] as well to keep the default reading of every
// party that has no declared reading.
func (b *Builder) Reading(r Reading) *Builder {
	b.m.Readings = append(b.m.Readings, cloneReading(r))
	return b
}

// DefaultReadings makes [Builder.Build] add, after the declared readings,
// the default reading (id and party the party's id, accepting what the
// party is party to or author of) of every declared party that no
// declared reading belongs to. Without it, declaring one reading leaves
// the other parties with none.
func (b *Builder) DefaultReadings() *Builder {
	b.defaults = true
	return b
}

// Note adds a note to the model.
func (b *Builder) Note(text string) *Builder {
	b.m.Notes = append(b.m.Notes, text)
	return b
}

// Source adds a source to the model.
func (b *Builder) Source(s Source) *Builder {
	b.m.Sources = append(b.m.Sources, s)
	return b
}

// Instrument adds an instrument and returns a builder for it.
func (b *Builder) Instrument(id, title string, kind InstrumentKind) *InstrumentBuilder {
	b.m.Instruments = append(b.m.Instruments, Instrument{ID: id, Title: title, Kind: kind})
	return &InstrumentBuilder{b: b, i: len(b.m.Instruments) - 1}
}

// Build parses the conditions given as text, validates the model
// as [Model.Validate] does and returns it. On error the model is nil and
// the error is an [ErrorList] of every problem, each with its JSON path.
// The model returned shares nothing with the builder, which may go on to
// build more.
func (b *Builder) Build() (*Model, error) {
	m := cloneModel(&b.m)
	if b.defaults && len(m.Readings) > 0 {
		for _, p := range m.Parties {
			if !slices.ContainsFunc(m.Readings, func(r Reading) bool { return r.Party == p.ID }) {
				m.Readings = append(m.Readings, Reading{ID: p.ID, Party: p.ID})
			}
		}
	}
	errs := slices.Clone(b.errs)
	for _, pc := range b.conds {
		e, err := conditions.Parse(pc.text)
		switch {
		case err != nil:
			errs = append(errs, conditionErrors(pc.path(), err)...)
		case pc.exception:
			m.Instruments[pc.inst].Exceptions[pc.index].Condition = e
		case pc.statement:
			m.Instruments[pc.inst].Statements[pc.index].Condition = e
		case pc.relation:
			m.Instruments[pc.inst].Relations[pc.index].Condition = e
		default:
			m.Instruments[pc.inst].Clauses[pc.index].Condition = e
		}
	}
	bad := map[string]bool{}
	for _, e := range errs {
		bad[e.Path] = true
	}
	for _, e := range checkModel(m) {
		if !bad[e.Path] {
			errs = append(errs, e)
		}
	}
	if err := errs.finish(); err != nil {
		return nil, err
	}
	return m, nil
}

// InstrumentBuilder adds to one instrument of a [Builder]. Its methods
// return the same InstrumentBuilder, for chaining.
type InstrumentBuilder struct {
	b *Builder
	i int
}

func (ib *InstrumentBuilder) inst() *Instrument { return &ib.b.m.Instruments[ib.i] }

// Parties adds parties to the instrument.
func (ib *InstrumentBuilder) Parties(ids ...string) *InstrumentBuilder {
	ib.inst().Parties = append(ib.inst().Parties, ids...)
	return ib
}

// Author sets the issuing party of a unilateral instrument.
func (ib *InstrumentBuilder) Author(id string) *InstrumentBuilder {
	ib.inst().Author = id
	return ib
}

// Signed sets the date of signature.
func (ib *InstrumentBuilder) Signed(date Date) *InstrumentBuilder {
	ib.inst().Signed = date
	return ib
}

// InForce sets the date of entry into force.
func (ib *InstrumentBuilder) InForce(date Date) *InstrumentBuilder {
	ib.inst().InForce = date
	return ib
}

// Terminated sets the date the instrument ended.
func (ib *InstrumentBuilder) Terminated(date Date) *InstrumentBuilder {
	ib.inst().Terminated = date
	return ib
}

// Clause adds a clause. condition, when not empty, is the clause's
// condition in the text syntax, parsed by [Builder.Build]; it replaces
// c.Condition.
func (ib *InstrumentBuilder) Clause(c Clause, condition string) *InstrumentBuilder {
	inst := ib.inst()
	inst.Clauses = append(inst.Clauses, cloneClause(c))
	if condition != "" {
		ib.b.conds = append(ib.b.conds, pendingCond{inst: ib.i, index: len(inst.Clauses) - 1, text: condition})
	}
	return ib
}

// Relation adds a relation made by the instrument. condition, when not
// empty, is the condition it adds or puts in place, parsed by
// [Builder.Build]; it replaces r.Condition.
func (ib *InstrumentBuilder) Relation(r Relation, condition string) *InstrumentBuilder {
	inst := ib.inst()
	inst.Relations = append(inst.Relations, cloneRelation(r))
	if condition != "" {
		ib.b.conds = append(ib.b.conds, pendingCond{inst: ib.i, index: len(inst.Relations) - 1, relation: true, text: condition})
	}
	return ib
}

// Exception adds an exception stated by the instrument (see [Exception]).
// condition, when not empty, is where it holds, in the text syntax, parsed
// by [Builder.Build]; it replaces e.Condition. A reading's ranks are its
// [Reading.Priorities].
func (ib *InstrumentBuilder) Exception(e Exception, condition string) *InstrumentBuilder {
	inst := ib.inst()
	inst.Exceptions = append(inst.Exceptions, cloneException(e))
	if condition != "" {
		ib.b.conds = append(ib.b.conds, pendingCond{inst: ib.i, index: len(inst.Exceptions) - 1, exception: true, text: condition})
	}
	return ib
}

// Statement adds a party's reservation, declaration, acceptance or
// objection about the instrument (see [Statement]). condition, when not
// empty, is the condition a modifying reservation gives its clauses, in
// the text syntax, parsed by [Builder.Build]; it replaces s.Condition.
func (ib *InstrumentBuilder) Statement(s Statement, condition string) *InstrumentBuilder {
	inst := ib.inst()
	inst.Statements = append(inst.Statements, cloneStatement(s))
	if condition != "" {
		ib.b.conds = append(ib.b.conds, pendingCond{inst: ib.i, index: len(inst.Statements) - 1, statement: true, text: condition})
	}
	return ib
}

// Note adds a note to the instrument.
func (ib *InstrumentBuilder) Note(text string) *InstrumentBuilder {
	ib.inst().Notes = append(ib.inst().Notes, text)
	return ib
}

// Source adds a source to the instrument.
func (ib *InstrumentBuilder) Source(s Source) *InstrumentBuilder {
	ib.inst().Sources = append(ib.inst().Sources, s)
	return ib
}

// cloneModel returns a deep copy of m. Conditions are immutable and shared.
func cloneModel(m *Model) *Model {
	out := *m
	out.Facts = slices.Clone(m.Facts)
	out.Parties = slices.Clone(m.Parties)
	for i := range out.Parties {
		p := &out.Parties[i]
		if p.Continues != nil {
			s := *p.Continues
			p.Continues = &s
		}
		p.Sources = cloneSources(p.Sources)
	}
	out.Instruments = slices.Clone(m.Instruments)
	for i := range out.Instruments {
		inst := &out.Instruments[i]
		inst.Parties = slices.Clone(inst.Parties)
		inst.Clauses = slices.Clone(inst.Clauses)
		for j := range inst.Clauses {
			inst.Clauses[j] = cloneClause(inst.Clauses[j])
		}
		inst.Relations = slices.Clone(inst.Relations)
		for j := range inst.Relations {
			inst.Relations[j] = cloneRelation(inst.Relations[j])
		}
		inst.Exceptions = slices.Clone(inst.Exceptions)
		for j := range inst.Exceptions {
			inst.Exceptions[j] = cloneException(inst.Exceptions[j])
		}
		inst.Statements = slices.Clone(inst.Statements)
		for j := range inst.Statements {
			inst.Statements[j] = cloneStatement(inst.Statements[j])
		}
		inst.Sources = cloneSources(inst.Sources)
		inst.Notes = slices.Clone(inst.Notes)
	}
	out.Readings = slices.Clone(m.Readings)
	for i := range out.Readings {
		out.Readings[i] = cloneReading(out.Readings[i])
	}
	out.Notes = slices.Clone(m.Notes)
	out.Sources = cloneSources(m.Sources)
	return &out
}

func cloneSources(s []Source) []Source { return slices.Clone(s) }

func cloneClause(c Clause) Clause {
	c.Objects = slices.Clone(c.Objects)
	if c.NotBefore != nil {
		w := *c.NotBefore
		c.NotBefore = &w
	}
	if c.Deadline != nil {
		w := *c.Deadline
		c.Deadline = &w
	}
	if c.From != nil {
		w := *c.From
		c.From = &w
	}
	if c.Until != nil {
		w := *c.Until
		c.Until = &w
	}
	if c.Power != nil {
		c.Power = clonePower(c.Power)
	}
	c.Sources = cloneSources(c.Sources)
	c.Notes = slices.Clone(c.Notes)
	return c
}

func cloneRelation(r Relation) Relation {
	r.Sources = cloneSources(r.Sources)
	r.Notes = slices.Clone(r.Notes)
	return r
}

func cloneReading(r Reading) Reading {
	r.Accepts = slices.Clone(r.Accepts)
	r.Rejects = slices.Clone(r.Rejects)
	r.Priorities = slices.Clone(r.Priorities)
	for i := range r.Priorities {
		r.Priorities[i].Sources = cloneSources(r.Priorities[i].Sources)
	}
	r.Statements = slices.Clone(r.Statements)
	for i := range r.Statements {
		v := &r.Statements[i]
		v.Sources = cloneSources(v.Sources)
		if v.Timely != nil {
			t := *v.Timely
			v.Timely = &t
		}
	}
	r.Notes = slices.Clone(r.Notes)
	r.Sources = cloneSources(r.Sources)
	return r
}

func cloneException(e Exception) Exception {
	e.Overrides = slices.Clone(e.Overrides)
	e.Sources = cloneSources(e.Sources)
	e.Notes = slices.Clone(e.Notes)
	return e
}

func cloneStatement(s Statement) Statement {
	s.Clauses = slices.Clone(s.Clauses)
	s.Sources = cloneSources(s.Sources)
	s.Notes = slices.Clone(s.Notes)
	return s
}
