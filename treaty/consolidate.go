package treaty

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ConsolidatedSchema is the version tag of [Consolidated] and
// [ConsolidatedDiff] in JSON.
const ConsolidatedSchema = "treatycond.consolidated/v1"

// Consolidated is the point-in-time consolidated text of a model for one
// reading: each clause as in effect on a date, every part tagged with the
// instrument and relation that put it there, and the changes still to
// come. See [Consolidate].
type Consolidated struct {
	Schema  string `json:"schema"`
	Model   string `json:"model"`
	Title   string `json:"title,omitempty"`
	Reading string `json:"reading"`
	Party   string `json:"party"`
	AsOf    Date   `json:"as_of"`
	// Clauses has one entry per clause of the model, in model order.
	Clauses []ConsolidatedClause `json:"clauses"`
	// Upcoming lists the changes after AsOf that the model records:
	// relations taking effect, instruments entering into force or ending,
	// suspensions ending, rejections and successions, by date.
	Upcoming []UpcomingChange `json:"upcoming"`
}

// ConsolidatedClause is one clause as in effect for a reading on a date.
type ConsolidatedClause struct {
	Clause     string  `json:"clause"`
	Article    string  `json:"article,omitempty"`
	Instrument string  `json:"instrument"`
	Kind       Deontic `json:"kind"`
	Action     string  `json:"action"`
	// InForce is whether the clause is in force for the reading on the
	// date; InstrumentStatus says why or why not.
	InForce          bool   `json:"in_force"`
	InstrumentStatus string `json:"instrument_status"`
	// Condition is the effective condition's canonical text ("true" when
	// there is none); the clause's own condition when not in force.
	Condition string `json:"condition"`
	// Parts are the parts of the consolidated clause, each tagged with the
	// instrument and relation that put it there: the instrument's status,
	// each part of the condition, the bearer, the beneficiary, the window
	// (not_before) and the deadline.
	Parts []ClausePart `json:"parts"`
}

// ClausePart is one part of a consolidated clause.
type ClausePart struct {
	// Field is "instrument", "condition", "bearer", "beneficiary",
	// "not_before" or "deadline".
	Field string `json:"field"`
	Text  string `json:"text"`
	// Origin is the instrument that put the part there (for a bearer that
	// a successor continues, the clause's instrument).
	Origin string `json:"origin"`
	// Relation is "original" for the clause's own text, the kind of the
	// relation (adds_condition, replaces_condition, suspends, terminates,
	// supersedes) that brought the part in, "rejection" when the reading
	// rejects the instrument, or "succession" for a bearer or beneficiary
	// continued by another party.
	Relation string `json:"relation"`
	From     *Date  `json:"from,omitempty"`
}

// UpcomingChange is a change after the consolidation date.
type UpcomingChange struct {
	Date Date `json:"date"`
	// Target is the clause or instrument the change concerns.
	Target string `json:"target"`
	// Instrument is the instrument that makes the change, if any.
	Instrument string `json:"instrument,omitempty"`
	// Relation is the relation kind, or "in_force", "terminated",
	// "suspension_ends", "rejection" or "succession".
	Relation string `json:"relation"`
	Text     string `json:"text"`
	// Accepted is false when the reading does not count the instrument
	// making the change (it is listed all the same).
	Accepted bool `json:"accepted"`
}

// Consolidate returns the clauses of m as in effect for reading on asOf:
// for each clause its effective condition, bearer, beneficiary, window and
// deadline, and the status of its instrument, every part tagged with the
// instrument and relation that put it there; then the changes the model
// records after asOf. It is the "point-in-time consolidated text" of the
// model, per reading, and needs no scenario: no fact is evaluated.
//
// An unknown reading is an [*Error] with [CodeUnknownReading] and a
// did-you-mean hint. Consolidate never modifies m.
func Consolidate(m *Model, reading string, asOf Date) (*Consolidated, error) {
	if m == nil {
		return nil, &Error{Code: CodeSchema, Msg: "nil model"}
	}
	ix, err := newIndex(m)
	if err != nil {
		return nil, err
	}
	rs, err := ix.selectReadings([]string{reading})
	if err != nil {
		return nil, err
	}
	r := &rs[0]
	ev := &evaluator{ix: ix, sc: &Scenario{}}
	out := &Consolidated{Schema: ConsolidatedSchema, Model: m.ID, Title: m.Title, Reading: readingID(r), Party: r.Party, AsOf: asOf,
		Clauses: []ConsolidatedClause{}, Upcoming: []UpcomingChange{}}
	for _, cr := range ix.order {
		out.Clauses = append(out.Clauses, ev.consolidateClause(r, cr, asOf))
	}
	out.Upcoming = ev.upcoming(r, asOf)
	return out, nil
}

// LatestDate returns the latest date m mentions (signatures, entries into
// force, terminations, relations, successions, rejections, fixed clause
// dates), or the zero Date when it mentions none (or m is nil): a natural
// default for [Consolidate].
func LatestDate(m *Model) Date {
	if m == nil {
		return Date{}
	}
	ix, err := newIndex(m)
	if err != nil || len(ix.dates) == 0 {
		return Date{}
	}
	return slices.MaxFunc(ix.dates, Date.Compare)
}

func (ev *evaluator) consolidateClause(r *Reading, cr clauseRef, t Date) ConsolidatedClause {
	c := cr.c
	cc := ConsolidatedClause{Clause: c.ID, Article: c.Article, Instrument: cr.inst.ID, Kind: c.Kind, Action: c.Action, Parts: []ClausePart{}}
	cond, parts, _, why := ev.condition(r, cr, t)
	eff := effective(cr.inst)
	var effp *Date
	if !eff.IsZero() {
		effp = &eff
	}
	inst := ClausePart{Field: "instrument", Origin: cr.inst.ID, Relation: "original", From: effp}
	if why == "" {
		cc.InForce = true
		inst.Text = fmt.Sprintf("%s in force", cr.inst.ID)
		if effp != nil {
			inst.Text += " since " + eff.String()
		}
		cc.Condition = cond.String()
	} else {
		cc.Condition = c.Condition.String()
		inst.Text = "not in force: " + why
		inst.Origin, inst.Relation, inst.From = ev.outOfForceOrigin(r, cr, t)
	}
	cc.InstrumentStatus = inst.Text
	cc.Parts = append(cc.Parts, inst)
	if cc.InForce {
		for _, p := range parts {
			cc.Parts = append(cc.Parts, ClausePart{Field: "condition", Text: p.Condition, Origin: p.Origin, Relation: p.Relation, From: p.From})
		}
	} else {
		cc.Parts = append(cc.Parts, ClausePart{Field: "condition", Text: c.Condition.String(), Origin: cr.inst.ID, Relation: "original", From: effp})
	}
	for _, who := range []struct{ field, party string }{{"bearer", c.Bearer}, {"beneficiary", c.Beneficiary}} {
		if who.party == "" {
			continue
		}
		p := ClausePart{Field: who.field, Text: who.party, Origin: cr.inst.ID, Relation: "original", From: effp}
		if now := ev.ix.bearerAt(who.party, t, nil); now != who.party {
			p.Text = fmt.Sprintf("%s (continuing %s)", now, who.party)
			p.Relation = "succession"
			if from := ev.ix.successionFrom(now, who.party); !from.IsZero() {
				p.From = &from
			}
		}
		cc.Parts = append(cc.Parts, p)
	}
	for _, w := range []struct {
		field string
		when  *When
		def   string
	}{{"not_before", c.NotBefore, "in_force"}, {"deadline", c.Deadline, "due"}} {
		if w.when == nil {
			continue
		}
		cc.Parts = append(cc.Parts, ClausePart{Field: w.field, Text: ev.whenText(w.when, cr, w.def), Origin: cr.inst.ID, Relation: "original", From: effp})
	}
	return cc
}

// outOfForceOrigin returns the instrument and relation that put cr out of
// force for r on t.
func (ev *evaluator) outOfForceOrigin(r *Reading, cr clauseRef, t Date) (string, string, *Date) {
	if ok, _ := ev.ix.accepts(r, cr.inst, t); !ok {
		rej := ev.ix.rejecter(r, cr.inst, t)
		if rej.Explicit {
			return cmp.Or(rej.By, cr.inst.ID), "rejection", rej.Since
		}
		return cr.inst.ID, "not_accepted", nil
	}
	for _, rr := range ev.ix.related(cr) {
		from := rr.from()
		if from.IsZero() || t.Before(from) {
			continue
		}
		if ok, _ := ev.ix.accepts(r, rr.src, t); !ok {
			continue
		}
		switch rr.rel.Kind {
		case Terminates, Supersedes:
			return rr.src.ID, string(rr.rel.Kind), &from
		case Suspends:
			if rr.rel.Until.IsZero() || t.Before(rr.rel.Until) {
				if !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated) {
					continue
				}
				return rr.src.ID, string(rr.rel.Kind), &from
			}
		}
	}
	eff := effective(cr.inst)
	if !cr.inst.Terminated.IsZero() && !t.Before(cr.inst.Terminated) {
		end := cr.inst.Terminated
		return cr.inst.ID, "terminated", &end
	}
	if eff.IsZero() {
		return cr.inst.ID, "original", nil
	}
	return cr.inst.ID, "original", &eff
}

// successionFrom returns the date from which party now continues party
// was, through the chain of successions; zero if unknown.
func (ix *index) successionFrom(now, was string) Date {
	var last Date
	for p := now; p != was; {
		party, ok := ix.parties[p]
		if !ok || party.Continues == nil {
			return Date{}
		}
		if last.IsZero() || party.Continues.From.After(last) {
			last = party.Continues.From
		}
		p = party.Continues.Party
	}
	return last
}

// whenText says a window or deadline in words, with the date when it can
// be resolved without facts.
func (ev *evaluator) whenText(w *When, cr clauseRef, def string) string {
	if !w.Date.IsZero() {
		return w.Date.String()
	}
	from := cmp.Or(w.From, def)
	anchor := map[string]string{"due": "becoming due", "in_force": "entry into force", "signed": "signature"}[from]
	if anchor == "" {
		anchor = from // a date fact
	}
	s := fmt.Sprintf("%s after %s", w.After, anchor)
	if w.After.IsZero() {
		s = "on " + anchor
		if from == "due" {
			s = "the day it becomes due"
		}
	}
	if from == "in_force" || from == "signed" {
		if d, _ := ev.resolve(w, cr, Date{}, nil, def); !d.IsZero() {
			s += " (" + d.String() + ")"
		}
	}
	return s
}

// upcoming lists the changes after t.
func (ev *evaluator) upcoming(r *Reading, t Date) []UpcomingChange {
	out := []UpcomingChange{}
	ix := ev.ix
	accepted := func(inst *Instrument, d Date) bool {
		ok, _ := ix.accepts(r, inst, d)
		return ok
	}
	for i := range ix.m.Instruments {
		inst := &ix.m.Instruments[i]
		if eff := effective(inst); eff.After(t) {
			out = append(out, UpcomingChange{Date: eff, Target: inst.ID, Instrument: inst.ID, Relation: "in_force",
				Text: fmt.Sprintf("%s takes effect", inst.ID), Accepted: accepted(inst, eff)})
		}
		if inst.Terminated.After(t) {
			out = append(out, UpcomingChange{Date: inst.Terminated, Target: inst.ID, Instrument: inst.ID, Relation: "terminated",
				Text: fmt.Sprintf("%s ends", inst.ID), Accepted: accepted(inst, inst.Terminated)})
		}
		for j := range inst.Relations {
			rel := &inst.Relations[j]
			from := relRef{src: inst, rel: rel}.from()
			if from.After(t) {
				text := fmt.Sprintf("%s %s %s", inst.ID, strings.ReplaceAll(string(rel.Kind), "_", " "), rel.Target)
				if !rel.Condition.IsZero() {
					text += ": " + rel.Condition.String()
				}
				out = append(out, UpcomingChange{Date: from, Target: rel.Target, Instrument: inst.ID, Relation: string(rel.Kind),
					Text: text, Accepted: accepted(inst, from)})
			}
			if rel.Kind == Suspends && rel.Until.After(t) {
				out = append(out, UpcomingChange{Date: rel.Until, Target: rel.Target, Instrument: inst.ID, Relation: "suspension_ends",
					Text: fmt.Sprintf("the suspension of %s by %s ends", rel.Target, inst.ID), Accepted: accepted(inst, rel.Until)})
			}
		}
	}
	for _, rej := range r.Rejects {
		if rej.Date.After(t) {
			out = append(out, UpcomingChange{Date: rej.Date, Target: rej.Instrument, Instrument: rej.By, Relation: "rejection",
				Text: fmt.Sprintf("reading %s rejects %s", readingID(r), rej.Instrument), Accepted: true})
		}
	}
	for _, p := range ix.m.Parties {
		if p.Continues != nil && p.Continues.From.After(t) {
			out = append(out, UpcomingChange{Date: p.Continues.From, Target: p.Continues.Party, Relation: "succession",
				Text: fmt.Sprintf("%s continues %s", p.ID, p.Continues.Party), Accepted: true})
		}
	}
	slices.SortStableFunc(out, func(a, b UpcomingChange) int { return a.Date.Compare(b.Date) })
	return out
}

// WriteText writes the consolidated clauses for people.
func (c *Consolidated) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s: consolidated for reading %s (party %s) as of %s\n", cmp.Or(c.Title, c.Model), c.Reading, c.Party, c.AsOf)
	for _, cl := range c.Clauses {
		fmt.Fprintf(ew, "\n%s", cl.Clause)
		if cl.Article != "" {
			fmt.Fprintf(ew, " (%s, %s)", cl.Instrument, cl.Article)
		} else {
			fmt.Fprintf(ew, " (%s)", cl.Instrument)
		}
		fmt.Fprintf(ew, ": %s %s\n", cl.Kind, cl.Action)
		for _, p := range cl.Parts {
			fmt.Fprintf(ew, "  %-12s %s  [%s]\n", p.Field+":", p.Text, p.tag())
		}
		if cl.InForce {
			fmt.Fprintf(ew, "  %-12s %s\n", "effective:", cl.Condition)
		}
	}
	fmt.Fprintln(ew, "\nUpcoming changes:")
	if len(c.Upcoming) == 0 {
		fmt.Fprintln(ew, "  none recorded")
	}
	for _, u := range c.Upcoming {
		fmt.Fprintf(ew, "  %s  %s", u.Date, u.Text)
		if !u.Accepted {
			fmt.Fprintf(ew, " (not counted by reading %s)", c.Reading)
		}
		fmt.Fprintln(ew)
	}
	return ew.err
}

// WriteMarkdown writes the consolidated clauses as Markdown: a section per
// clause with a table of its parts.
func (c *Consolidated) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "## %s: consolidated for reading %s, as of %s\n", mdEscape(cmp.Or(c.Title, c.Model)), mdEscape(c.Reading), c.AsOf)
	for _, cl := range c.Clauses {
		fmt.Fprintf(ew, "\n### %s (%s)\n\n%s %s", mdEscape(cl.Clause), mdEscape(cl.Instrument), cl.Kind, mdEscape(cl.Action))
		if cl.InForce {
			fmt.Fprintf(ew, "; effective condition `%s`", strings.ReplaceAll(cl.Condition, "`", "'"))
		}
		fmt.Fprint(ew, "\n\n| Part | Text | Instrument | Relation | From |\n|---|---|---|---|---|\n")
		for _, p := range cl.Parts {
			fmt.Fprintf(ew, "| %s | %s | %s | %s | %s |\n", p.Field, mdEscape(p.Text), mdEscape(p.Origin), p.Relation, sinceText(p.From))
		}
	}
	fmt.Fprint(ew, "\n### Upcoming changes\n\n")
	if len(c.Upcoming) == 0 {
		fmt.Fprintln(ew, "None recorded.")
	}
	for _, u := range c.Upcoming {
		fmt.Fprintf(ew, "- %s: %s", u.Date, mdEscape(u.Text))
		if !u.Accepted {
			fmt.Fprintf(ew, " (not counted by reading %s)", mdEscape(c.Reading))
		}
		fmt.Fprintln(ew)
	}
	return ew.err
}

// tag says where a part comes from: "jsd1956, original, from 1956-12-12".
func (p ClausePart) tag() string {
	s := p.Origin + ", " + strings.ReplaceAll(p.Relation, "_", " ")
	if p.From != nil {
		s += ", from " + p.From.String()
	}
	return s
}

// ConsolidatedDiff is what differs between two consolidations of a model:
// two readings on one date, or one reading on two dates. See
// [DiffConsolidated].
type ConsolidatedDiff struct {
	Schema string `json:"schema"`
	Model  string `json:"model"`
	// A and B name the two sides: reading and date.
	A DiffSide `json:"a"`
	B DiffSide `json:"b"`
	// Changes lists the parts that differ, clause by clause in model
	// order, field by field.
	Changes []PartChange `json:"changes"`
}

// DiffSide is one side of a [ConsolidatedDiff].
type DiffSide struct {
	Reading string `json:"reading"`
	AsOf    Date   `json:"as_of"`
}

// PartChange is one field of one clause that differs between two
// consolidations. A and B list that field's parts on each side, each with
// its tag ("text [instrument, relation, from date]"); an empty list means
// the side has no such part.
type PartChange struct {
	Clause string   `json:"clause"`
	Field  string   `json:"field"`
	A      []string `json:"a"`
	B      []string `json:"b"`
}

// DiffConsolidated compares two consolidations of the same model part by
// part: for each clause and field (instrument, condition, bearer,
// beneficiary, not_before, deadline, and the effective condition), the
// parts of a and of b with their tags, where they differ. A nil a or b
// counts as an empty consolidation (no clauses), so the diff then has no
// changes.
func DiffConsolidated(a, b *Consolidated) *ConsolidatedDiff {
	if a == nil {
		a = &Consolidated{}
	}
	if b == nil {
		b = &Consolidated{}
	}
	d := &ConsolidatedDiff{Schema: ConsolidatedSchema, Model: a.Model, A: DiffSide{a.Reading, a.AsOf}, B: DiffSide{b.Reading, b.AsOf}, Changes: []PartChange{}}
	fields := []string{"instrument", "condition", "effective", "bearer", "beneficiary", "not_before", "deadline"}
	byID := map[string]*ConsolidatedClause{}
	for i := range b.Clauses {
		byID[b.Clauses[i].Clause] = &b.Clauses[i]
	}
	for i := range a.Clauses {
		ca := &a.Clauses[i]
		cb := byID[ca.Clause]
		if cb == nil {
			continue
		}
		for _, f := range fields {
			pa, pb := ca.field(f), cb.field(f)
			if !slices.Equal(pa, pb) {
				d.Changes = append(d.Changes, PartChange{Clause: ca.Clause, Field: f, A: pa, B: pb})
			}
		}
	}
	return d
}

// field returns the parts of field f with their tags; "effective" is the
// effective condition ("" when not in force).
func (c *ConsolidatedClause) field(f string) []string {
	out := []string{}
	if f == "effective" {
		if c.InForce {
			out = append(out, c.Condition)
		}
		return out
	}
	for _, p := range c.Parts {
		if p.Field == f {
			out = append(out, p.Text+"  ["+p.tag()+"]")
		}
	}
	return out
}

// WriteText writes the differences for people.
func (d *ConsolidatedDiff) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s: reading %s as of %s (a) against reading %s as of %s (b)\n", d.Model, d.A.Reading, d.A.AsOf, d.B.Reading, d.B.AsOf)
	if len(d.Changes) == 0 {
		fmt.Fprintln(ew, "\nNo differences: every clause reads the same.")
		return ew.err
	}
	clause := ""
	for _, c := range d.Changes {
		if c.Clause != clause {
			clause = c.Clause
			fmt.Fprintf(ew, "\n%s\n", clause)
		}
		fmt.Fprintf(ew, "  %s:\n", c.Field)
		for _, s := range orNone(c.A) {
			fmt.Fprintf(ew, "    a: %s\n", s)
		}
		for _, s := range orNone(c.B) {
			fmt.Fprintf(ew, "    b: %s\n", s)
		}
	}
	return ew.err
}

func orNone(l []string) []string {
	if len(l) == 0 {
		return []string{"(none)"}
	}
	return l
}
