package treaty

import (
	"slices"

	"github.com/treatycond/treatycond/conditions"
)

// ModelSchema is the version tag of the model file format.
const ModelSchema = "treatycond.model/v1"

// Model is an agreement, or a set of related agreements, as typed data: the
// parties, the instruments with their clauses and the relations between
// them, the facts that conditions may read, and the parties' readings.
//
// A Model is plain data. Build it in Go or load it with [LoadModel]; check
// it with [Model.Validate]. Evaluation functions never modify a Model.
type Model struct {
	// Schema is the format tag, ModelSchema; empty means ModelSchema.
	Schema string `json:"schema,omitempty"`
	// ID names the model, e.g. "kuril".
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Facts declares every fact that conditions may read, with the
	// sources of each.
	Facts       []FactDecl   `json:"facts,omitempty"`
	Parties     []Party      `json:"parties"`
	Instruments []Instrument `json:"instruments"`
	// Readings lists the parties' readings of the instruments. When it is
	// empty, every party has a default reading (see [Reading]) with the
	// party's id. When it is not, the model has exactly these readings:
	// declaring one reading drops the defaults of all parties, so list a
	// reading for every party whose view should be evaluated ([Builder]
	// can add the missing defaults with [Builder.DefaultReadings]).
	Readings []Reading `json:"readings,omitempty"`
	Notes    []string  `json:"notes,omitempty"`
	Sources  []Source  `json:"sources,omitempty"`
	// Provenance is where the model was decoded from, for the file
	// positions of the problems Validate finds; nil for a model built in
	// Go. It is not part of the content (see [Provenance]).
	Provenance *Provenance `json:"-"`
}

// FactDecl declares a fact that conditions may read: its name, type and
// one-line doc (the embedded [conditions.Field], whose fields stand inline
// in JSON: {"name", "type", "doc", "sources", "notes"}), and where what the
// fact means, or its values, come from. Reports name the declared sources
// of the facts that decide a result.
type FactDecl struct {
	conditions.Field
	Sources []Source `json:"sources,omitempty"`
	Notes   []string `json:"notes,omitempty"`
}

// fields returns the fields of the declarations, for
// [conditions.NewSchema].
func fields(decls []FactDecl) []conditions.Field {
	out := make([]conditions.Field, len(decls), len(decls)+1)
	for i, d := range decls {
		out[i] = d.Field
	}
	return withAsOf(out)
}

// withAsOf returns fs with the reserved fact asof, the evaluation date,
// declared as a date, unless fs is empty (a model that declares no facts)
// or declares asof itself (which validation refuses).
func withAsOf(fs []conditions.Field) []conditions.Field {
	if len(fs) == 0 || slices.ContainsFunc(fs, func(f conditions.Field) bool { return f.Name == conditions.AsOf }) {
		return fs
	}
	return append(fs, conditions.Field{Name: conditions.AsOf, Type: conditions.Date, Doc: "the date being evaluated"})
}

// Source cites where a fact about a real agreement comes from.
type Source struct {
	Title   string `json:"title"`
	Article string `json:"article,omitempty"`
	Date    Date   `json:"date,omitzero"`
	URL     string `json:"url,omitempty"`
	Note    string `json:"note,omitempty"`
}

// PartyKind classifies a party.
type PartyKind string

// Kinds of party.
const (
	State        PartyKind = "state"
	Organization PartyKind = "organization" // e.g. the UN Security Council, the IAEA
	Group        PartyKind = "group"        // e.g. a political party or armed group
	Population   PartyKind = "population"   // e.g. the voters of a territory
)

// Party is a state, organization or group that makes, is bound by or
// benefits from instruments.
type Party struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	Kind PartyKind `json:"kind,omitempty"`
	// Continues names the party this one continues, and from when: the
	// obligations and instruments of the predecessor bind the continuing
	// party from that date (Russia continues the USSR from 1991-12-26).
	Continues *Succession `json:"continues,omitempty"`
	Sources   []Source    `json:"sources,omitempty"`
}

// Succession records that a party continues another from a date.
type Succession struct {
	Party string `json:"party"`
	From  Date   `json:"from"`
}

// InstrumentKind classifies an instrument.
type InstrumentKind string

// Kinds of instrument.
const (
	KindTreaty           InstrumentKind = "treaty"
	KindAgreement        InstrumentKind = "agreement"
	KindProtocol         InstrumentKind = "protocol"
	KindJointDeclaration InstrumentKind = "joint_declaration"
	KindDeclaration      InstrumentKind = "declaration"
	KindMemorandum       InstrumentKind = "memorandum"
	KindStatement        InstrumentKind = "statement"
	KindNote             InstrumentKind = "note"
	KindResolution       InstrumentKind = "resolution"
	KindLaw              InstrumentKind = "law"
	KindAward            InstrumentKind = "award"
)

// Instrument is a treaty, declaration, memorandum or other document.
//
// An instrument takes effect on its InForce date or, when that is unset, on
// its Signed date, and stops on its Terminated date (exclusive).
type Instrument struct {
	ID    string         `json:"id"`
	Title string         `json:"title"`
	Kind  InstrumentKind `json:"kind"`
	// Parties are the parties to a bilateral or multilateral instrument,
	// bound for the instrument's whole life (for dated membership, see
	// Members).
	Parties []string `json:"parties,omitempty"`
	// Author is the issuing party of a unilateral instrument.
	Author     string     `json:"author,omitempty"`
	Signed     Date       `json:"signed,omitzero"`
	InForce    Date       `json:"in_force,omitzero"`
	Terminated Date       `json:"terminated,omitzero"`
	Clauses    []Clause   `json:"clauses,omitempty"`
	Relations  []Relation `json:"relations,omitempty"`
	// Exceptions are the instrument's provisions that disapply others
	// where their condition holds (see [Exception]).
	Exceptions []Exception `json:"exceptions,omitempty"`
	// Statements are the parties' reservations, declarations,
	// acceptances and objections about the instrument (see [Statement]).
	Statements []Statement `json:"statements,omitempty"`
	Sources    []Source    `json:"sources,omitempty"`
	Notes      []string    `json:"notes,omitempty"`

	// Members are parties with dated signature, consent, entry into force
	// for them and withdrawal (see [Member]); a party is in Parties or in
	// Members, not both.
	Members []Member `json:"members,omitempty"`
	// EntryIntoForce, if set, is the rule of entry into force: a
	// condition and delay instead of a fixed InForce date, the delay for
	// late parties, and the withdrawal periods (see [EntryIntoForce]).
	EntryIntoForce *EntryIntoForce `json:"entry_into_force,omitempty"`
	// Dormant marks an instrument whose clauses are not in force until an
	// "activates" relation (typically a power's effect) takes effect on it.
	Dormant bool `json:"dormant,omitempty"`
}

// Deontic is the normative kind of a clause.
type Deontic string

// Kinds of clause.
const (
	Obligation  Deontic = "obligation"
	Permission  Deontic = "permission"
	Prohibition Deontic = "prohibition"
	// Power is a party's power to act on other provisions: its exercise
	// (a fact) terminates, suspends, amends or activates them, possibly
	// after a delay. See [PowerTerms].
	Power Deontic = "power"
)

// Clause is one normative provision: who must (may, must not) do what for
// whom, under which condition, by when.
type Clause struct {
	// ID is unique across the model, e.g. "jsd1956.art9.transfer".
	ID      string  `json:"id"`
	Article string  `json:"article,omitempty"`
	Text    string  `json:"text,omitempty"` // the quoted text
	Kind    Deontic `json:"kind"`
	// Bearer is the party that must act; Beneficiary the party it acts for.
	// Either may be "each:I" ([EachParty]): each party of instrument I, as
	// of the evaluation date; the clause is then evaluated once per party
	// (see [Result.Instance]).
	Bearer      string   `json:"bearer"`
	Beneficiary string   `json:"beneficiary,omitempty"`
	Action      string   `json:"action"`
	Objects     []string `json:"objects,omitempty"`
	// Condition must hold for the clause to be due. The zero Expr always
	// holds.
	Condition conditions.Expr `json:"condition,omitzero"`
	// NotBefore, if set, is the earliest date the clause can be due.
	NotBefore *When `json:"not_before,omitempty"`
	// Deadline, if set, is the last day to perform once due. A
	// prohibition has no deadline (validation rejects one): its lifetime
	// is From and Until.
	Deadline *When `json:"deadline,omitempty"`
	// From and Until, if set, are the clause's own lifetime: it is in
	// force from From and up to the day before Until (Until is the first
	// day it no longer applies, as an instrument's Terminated date is),
	// and only while its instrument is too. Each is a fixed date or a
	// period from "in_force" or "signed" (the default anchor is
	// "in_force"): "for ten years from entry into force" is Until
	// {"after": "10y"}. A clause that ends at Until keeps a fulfilled or
	// violated status, as when its instrument ends.
	From  *When `json:"from,omitempty"`
	Until *When `json:"until,omitempty"`
	// Performed names a boolean fact that records performance (for a
	// prohibition: that the prohibited act took place).
	Performed string   `json:"performed,omitempty"`
	Sources   []Source `json:"sources,omitempty"`
	Notes     []string `json:"notes,omitempty"`
	// Power holds the terms of a clause of kind "power" (nil for the
	// other kinds). The clause's Condition is then the condition for the
	// power to be available; see [PowerTerms].
	Power *PowerTerms `json:"power,omitempty"`
	// Dormant marks a clause that is not in force until an "activates"
	// relation (typically a power's effect) takes effect on it.
	Dormant bool `json:"dormant,omitempty"`
}

// When is a date, fixed or relative to an anchor.
//
// With Date set it is that date. Otherwise it is After past the anchor From:
// "due" (the date the clause became due; the default), "in_force" or
// "signed" (of the clause's instrument), or the name of a date fact.
type When struct {
	Date  Date   `json:"date,omitzero"`
	After Period `json:"after,omitzero"`
	From  string `json:"from,omitempty"`
}

// RelationKind is what one instrument does to another or to a clause.
type RelationKind string

// Kinds of relation.
const (
	// AddsCondition conjoins Condition to the target clause's condition.
	AddsCondition RelationKind = "adds_condition"
	// ReplacesCondition replaces the target clause's condition.
	ReplacesCondition RelationKind = "replaces_condition"
	// Suspends puts the target out of force from From until Until.
	Suspends RelationKind = "suspends"
	// Terminates ends the target from From.
	Terminates RelationKind = "terminates"
	// Supersedes ends the target from From, the source taking its place.
	Supersedes RelationKind = "supersedes"
	// Reaffirms confirms the target; it changes no condition.
	Reaffirms RelationKind = "reaffirms"
	// Rejects records the source's rejection of the target (such as a
	// memorandum's added condition); it changes nothing by itself: readings
	// decide what they accept.
	Rejects RelationKind = "rejects"
	// Activates brings a dormant clause or instrument (see
	// [Clause.Dormant]) into force from From.
	Activates RelationKind = "activates"
)

// Relation is made by the instrument that holds it about a target: a clause
// id or an instrument id.
type Relation struct {
	Kind   RelationKind `json:"kind"`
	Target string       `json:"target"`
	// Condition is the condition added or put in place, for AddsCondition
	// and ReplacesCondition.
	Condition conditions.Expr `json:"condition,omitzero"`
	// From is when the relation takes effect; unset means when its
	// instrument does.
	From    Date     `json:"from,omitzero"`
	Until   Date     `json:"until,omitzero"` // for Suspends; unset: open-ended
	Sources []Source `json:"sources,omitempty"`
	Notes   []string `json:"notes,omitempty"`
}

// Reading is a party's view of which instruments count.
//
// By default a reading accepts the instruments its party (or a party it
// continues) is party to or author of. Accepts adds others; Rejects removes
// instruments, recording which instrument rejected them and when.
type Reading struct {
	// ID names the reading; by default the party id.
	ID      string      `json:"id,omitempty"`
	Party   string      `json:"party"`
	Accepts []string    `json:"accepts,omitempty"`
	Rejects []Rejection `json:"rejects,omitempty"`
	// Priorities rank provisions under this reading, in place of the
	// model's ranks, to decide which exceptions prevail (see [Priority]).
	Priorities []Priority `json:"priorities,omitempty"`
	// Statements gives the reading's own view of statements where it
	// departs from their face: a reservation held a mere declaration, an
	// objection held timely or late (see [StatementView]).
	Statements []StatementView `json:"statements,omitempty"`
	// Facts are the reading's own facts: its definition of a term, or
	// its own value for a fact the parties dispute (see [ReadingFact]).
	Facts   []ReadingFact `json:"facts,omitempty"`
	Notes   []string      `json:"notes,omitempty"`
	Sources []Source      `json:"sources,omitempty"`
}

// Rejection records that a reading does not accept an instrument.
type Rejection struct {
	Instrument string `json:"instrument"`
	// By is the instrument that expresses the rejection, if any.
	By   string `json:"by,omitempty"`
	Date Date   `json:"date,omitzero"`
	Note string `json:"note,omitempty"`
}
