package treaty

// Reservations, interpretative declarations, acceptances and objections
// (Vienna Convention on the Law of Treaties, 1969, arts. 2(1)(d), 19-23).
//
// They are lowered into what the evaluation core already evaluates: a
// clause between two parties is an instance of an each-party clause
// (membership.go) or a clause naming both, and relations may target an
// instance by its key (Result.Instance). The effect of a reservation
// between its author and another party is a generated instrument that
// suspends (excludes) or adds a condition to (modifies) the instances of
// the pair, in both directions, in force from the day the instrument is
// in force for the author until the reservation is withdrawn; an
// objection that opposes entry into force is a generated instrument that
// suspends every instance of the pair. Each reading accepts the generated
// instruments that follow from its own view of the statements. The
// evaluator then evaluates the lowered model as any other.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// StatementKind classifies a party's statement about a multilateral
// instrument.
type StatementKind string

// Kinds of statement.
const (
	// Reservation excludes or modifies the legal effect of clauses in
	// their application to its author (VCLT art. 2(1)(d)).
	Reservation StatementKind = "reservation"
	// InterpretativeDeclaration states how its author reads clauses; it
	// changes nothing unless a reading holds it to be a reservation.
	InterpretativeDeclaration StatementKind = "interpretative_declaration"
	// ConditionalDeclaration makes its author's consent conditional on an
	// interpretation; like an interpretative declaration it changes
	// nothing unless a reading holds it to be a reservation.
	ConditionalDeclaration StatementKind = "conditional_declaration"
	// AcceptanceOfReservation accepts another party's reservation (VCLT art. 20(4)(a)).
	AcceptanceOfReservation StatementKind = "acceptance"
	// ObjectionToReservation objects to another party's reservation (VCLT arts.
	// 20(4)(b), 21(3)).
	ObjectionToReservation StatementKind = "objection"
)

// ReservationEffect is what a reservation does to the clauses it names.
type ReservationEffect string

// Effects of a reservation.
const (
	// Excludes: the clauses do not apply between the author and the other
	// party.
	Excludes ReservationEffect = "excludes"
	// Modifies: the clauses apply between the author and the other party
	// only when the reservation's condition holds as well.
	Modifies ReservationEffect = "modifies"
)

// Statement is a party's unilateral statement about a multilateral
// instrument, made with its signature, ratification or accession
// (a reservation or a declaration), or about another party's reservation
// (an acceptance or an objection).
//
// A reservation takes effect with the instrument for its author, and
// modifies the clauses it names as between its author and every other
// party, reciprocally (VCLT art. 21(1)): as between them, an excluded
// clause does not apply and a modified clause applies only when the
// reservation's Condition holds too. A party that objects without
// opposing entry into force keeps the same result: the provisions do not
// apply between the two to the extent of the reservation (art. 21(3)). A
// party that objects and opposes entry into force is not bound to the
// author by the instrument at all (art. 20(4)(b)), from its objection
// until it withdraws it or the reservation is withdrawn. A party that
// neither accepts nor objects is held to accept the reservation after
// twelve months from its notification, or from the day the party
// consented to be bound if that is later (art. 20(5)): an objection made
// after that is late and changes nothing, unless a reading holds it
// timely ([StatementView]).
type Statement struct {
	// ID is unique among the model's statements, e.g. "usa.res.art9".
	ID     string        `json:"id"`
	Kind   StatementKind `json:"kind"`
	Author string        `json:"author"`
	// Made is the date of the statement: for a reservation or
	// declaration, of the signature, ratification or accession it was
	// made with; for an acceptance or objection, of its notification.
	Made Date `json:"made"`
	// Notified, for a reservation, is when the depositary notified it to
	// the parties, from which art. 20(5)'s twelve months run; unset: Made.
	Notified Date `json:"notified,omitzero"`
	// Clauses are the clauses of the instrument a reservation or
	// declaration bears on.
	Clauses []string `json:"clauses,omitempty"`
	// Effect is what a reservation does to its clauses, and what a
	// declaration would do if a reading holds it to be a reservation.
	Effect ReservationEffect `json:"effect,omitempty"`
	// Condition, for Modifies, is the condition the clauses take on
	// between the author and each other party.
	Condition conditions.Expr `json:"condition,omitzero"`
	// Reservation is the statement an acceptance or objection answers.
	Reservation string `json:"reservation,omitempty"`
	// OpposesEntryIntoForce, for an objection, says that the objecting
	// party does not consider itself bound to the reserving party.
	OpposesEntryIntoForce bool `json:"opposes_entry_into_force,omitempty"`
	// Withdrawn is the date the statement was withdrawn (art. 22).
	Withdrawn Date     `json:"withdrawn,omitzero"`
	Text      string   `json:"text,omitempty"`
	Sources   []Source `json:"sources,omitempty"`
	Notes     []string `json:"notes,omitempty"`
}

// StatementView is a reading's own view of a statement, where the
// readings disagree: whether a statement is a reservation or a mere
// declaration (As), and whether an objection was made in time (Timely).
type StatementView struct {
	Statement string `json:"statement"`
	// As is the kind the reading holds a reservation or declaration to
	// be: Reservation, InterpretativeDeclaration or
	// ConditionalDeclaration.
	As StatementKind `json:"as,omitempty"`
	// Timely, for an objection, overrides the twelve-month rule.
	Timely  *bool    `json:"timely,omitempty"`
	Note    string   `json:"note,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// isReservationLike reports whether k is a statement that names clauses.
func (k StatementKind) isReservationLike() bool {
	return k == Reservation || k == InterpretativeDeclaration || k == ConditionalDeclaration
}

// partyInForce returns the date inst enters into force for party p: the
// first day of p's first membership span, or the instrument's own date
// for a party in its Parties; zero when it never does.
func partyInForce(inst *Instrument, p string) Date {
	if slices.Contains(inst.Parties, p) {
		return effective(inst)
	}
	var first Date
	for i := range inst.Members {
		if m := &inst.Members[i]; m.Party == p {
			if d := memberInForce(inst, m); !d.IsZero() && (first.IsZero() || d.Before(first)) {
				first = d
			}
		}
	}
	return first
}

// partyConsent returns the date party p consented to be bound by inst,
// from which, if it is later than a reservation's notification, the
// twelve months of art. 20(5) run: its first deposit of consent as a
// member, or for a party in Parties the instrument's signature (else
// in-force) date.
func partyConsent(inst *Instrument, p string) Date {
	var first Date
	for i := range inst.Members {
		if m := &inst.Members[i]; m.Party == p && !m.Consent.IsZero() && (first.IsZero() || m.Consent.Before(first)) {
			first = m.Consent
		}
	}
	if first.IsZero() {
		return cmp.Or(inst.Signed, inst.InForce)
	}
	return first
}

// partiesOf returns the parties of inst, plain and dated, in model order,
// each once.
func partiesOf(inst *Instrument) []string {
	out := slices.Clone(inst.Parties)
	for _, m := range inst.Members {
		if !slices.Contains(out, m.Party) {
			out = append(out, m.Party)
		}
	}
	return out
}

// pairTarget returns the relation target that stands for clause c as
// between bearer b and beneficiary f: the instance of an each-party
// clause for them, or the clause itself when it names exactly them; ok is
// false when c does not bind b towards f alone.
func pairTarget(c *Clause, b, f string) (target string, ok bool) {
	_, bEach := eachOf(c.Bearer)
	_, fEach := eachOf(c.Beneficiary)
	switch {
	case bEach && fEach:
		return instanceKey(c.ID, b, f), true
	case bEach && c.Beneficiary == f:
		return instanceKey(c.ID, b, ""), true
	case fEach && c.Bearer == b:
		return instanceKey(c.ID, "", f), true
	case !bEach && !fEach && c.Bearer == b && c.Beneficiary == f:
		return c.ID, true
	}
	return "", false
}

// lowerStatements returns m with the effects of its statements added as
// generated instruments that the readings accept (see the top of this
// file), or m itself when it has no statements. It never modifies m.
func lowerStatements(m *Model) *Model {
	if m == nil || !slices.ContainsFunc(m.Instruments, func(i Instrument) bool { return len(i.Statements) > 0 }) {
		return m
	}
	out := *m
	out.Instruments = slices.Clone(m.Instruments)
	readings := slices.Clone(m.Readings)
	if len(readings) == 0 {
		for _, p := range m.Parties {
			readings = append(readings, Reading{ID: p.ID, Party: p.ID})
		}
	}
	accepts := make([][]string, len(readings))
	made := map[string]bool{}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		for _, gen := range statementEffects(inst, readings) {
			if !made[gen.inst.ID] {
				made[gen.inst.ID] = true
				out.Instruments = append(out.Instruments, gen.inst)
			}
			for _, r := range gen.readings {
				accepts[r] = append(accepts[r], gen.inst.ID)
			}
		}
	}
	for i := range readings {
		if len(accepts[i]) > 0 {
			readings[i].Accepts = append(slices.Clone(readings[i].Accepts), accepts[i]...)
		}
	}
	out.Readings = readings
	return &out
}

// laterOf returns the later of two dates; a zero date is earlier than any.
func laterOf(a, b Date) Date {
	if a.Before(b) {
		return b
	}
	return a
}

// generated is an instrument made by lowering and the readings (indexes)
// that count it.
type generated struct {
	inst     Instrument
	readings []int
}

// view returns reading r's view of statement id, if it has one.
func view(r *Reading, id string) *StatementView {
	for i := range r.Statements {
		if r.Statements[i].Statement == id {
			return &r.Statements[i]
		}
	}
	return nil
}

// kindUnder returns the kind reading r holds statement s to be.
func kindUnder(r *Reading, s *Statement) StatementKind {
	if v := view(r, s.ID); v != nil && v.As != "" {
		return v.As
	}
	return s.Kind
}

// objectionDeadline returns the last day on which party p can object to
// reservation s of inst in time (art. 20(5)).
func objectionDeadline(inst *Instrument, s *Statement, p string) Date {
	return laterOf(cmp.Or(s.Notified, s.Made).Add(Period{Months: 12}), partyConsent(inst, p))
}

// timelyUnder reports whether reading r counts objection o to reservation
// s as made in time.
func timelyUnder(r *Reading, inst *Instrument, s, o *Statement) bool {
	if v := view(r, o.ID); v != nil && v.Timely != nil {
		return *v.Timely
	}
	return !o.Made.After(objectionDeadline(inst, s, o.Author))
}

// pairBasis is how a reservation stands between its author and another
// party under a reading: "accepted", "objected" or "silence" (neither, so
// accepted once art. 20(5)'s twelve months pass), with the objection that
// counts, if any.
func pairBasis(r *Reading, inst *Instrument, s *Statement, p string) (basis string, objection *Statement) {
	var accepted *Statement
	for i := range inst.Statements {
		x := &inst.Statements[i]
		if x.Author != p || x.Reservation != s.ID {
			continue
		}
		switch x.Kind {
		case AcceptanceOfReservation:
			if accepted == nil || x.Made.Before(accepted.Made) {
				accepted = x
			}
		case ObjectionToReservation:
			if timelyUnder(r, inst, s, x) && (objection == nil || x.Made.Before(objection.Made)) {
				objection = x
			}
		}
	}
	if objection != nil && (accepted == nil || objection.Made.Before(accepted.Made)) {
		return "objected", objection
	}
	if accepted != nil {
		return "accepted", nil
	}
	return "silence", nil
}

// statementEffects returns the instruments that carry the effects of the
// statements of inst, and the readings that count each.
func statementEffects(inst *Instrument, readings []Reading) []generated {
	var out []generated
	index := map[string]int{}
	add := func(g Instrument, reading int) {
		if k, ok := index[g.ID]; ok {
			out[k].readings = append(out[k].readings, reading)
			return
		}
		index[g.ID] = len(out)
		out = append(out, generated{inst: g, readings: []int{reading}})
	}
	parties := partiesOf(inst)
	clauses := map[string]*Clause{}
	for i := range inst.Clauses {
		clauses[inst.Clauses[i].ID] = &inst.Clauses[i]
	}
	for si := range inst.Statements {
		s := &inst.Statements[si]
		if !s.Kind.isReservationLike() || s.Effect == "" {
			continue
		}
		start := partyInForce(inst, s.Author)
		if start.IsZero() || (!s.Withdrawn.IsZero() && !start.Before(s.Withdrawn)) {
			continue
		}
		for ri := range readings {
			r := &readings[ri]
			if kindUnder(r, s) != Reservation {
				continue
			}
			for _, p := range parties {
				if p == s.Author {
					continue
				}
				basis, obj := pairBasis(r, inst, s, p)
				eff := Instrument{ID: fmt.Sprintf("%s[%s:%s]", s.ID, p, basis), Kind: KindStatement,
					Title:   fmt.Sprintf("%s's %s, as between %s and %s (%s)", s.Author, s.Kind, s.Author, p, basisText(basis)),
					InForce: start, Terminated: s.Withdrawn, Sources: s.Sources}
				for _, id := range s.Clauses {
					c := clauses[id]
					if c == nil {
						continue
					}
					for _, pk := range [][2]string{{s.Author, p}, {p, s.Author}} {
						target, ok := pairTarget(c, pk[0], pk[1])
						if !ok {
							continue
						}
						rel := Relation{Kind: Suspends, Target: target}
						if s.Effect == Modifies {
							rel = Relation{Kind: AddsCondition, Target: target, Condition: s.Condition}
						}
						eff.Relations = append(eff.Relations, rel)
					}
				}
				if len(eff.Relations) > 0 {
					add(eff, ri)
				}
				if obj == nil || !obj.OpposesEntryIntoForce {
					continue
				}
				from := laterOf(obj.Made, start)
				until := s.Withdrawn
				if !obj.Withdrawn.IsZero() && (until.IsZero() || obj.Withdrawn.Before(until)) {
					until = obj.Withdrawn
				}
				if !until.IsZero() && !from.Before(until) {
					continue
				}
				opp := Instrument{ID: fmt.Sprintf("%s[not-in-force:%s]", obj.ID, s.Author), Kind: KindStatement,
					Title:   fmt.Sprintf("%s's objection opposing entry into force between %s and %s", p, p, s.Author),
					InForce: from, Terminated: until, Sources: obj.Sources}
				for ci := range inst.Clauses {
					for _, pk := range [][2]string{{s.Author, p}, {p, s.Author}} {
						if target, ok := pairTarget(&inst.Clauses[ci], pk[0], pk[1]); ok {
							opp.Relations = append(opp.Relations, Relation{Kind: Suspends, Target: target})
						}
					}
				}
				if len(opp.Relations) > 0 {
					add(opp, ri)
				}
			}
		}
	}
	return out
}

// basisText says a pair basis in words.
func basisText(basis string) string {
	switch basis {
	case "accepted":
		return "accepted, art. 20(4)(a)"
	case "objected":
		return "objected to, art. 21(3)"
	}
	return "no acceptance or objection recorded: accepted by silence, art. 20(5)"
}

var (
	statementKinds = []string{string(Reservation), string(InterpretativeDeclaration), string(ConditionalDeclaration),
		string(AcceptanceOfReservation), string(ObjectionToReservation)}
	reservationLikeKinds = []string{string(Reservation), string(InterpretativeDeclaration), string(ConditionalDeclaration)}
	reservationEffects   = []string{string(Excludes), string(Modifies)}
)

// checkStatements checks the instruments' statements and the readings'
// views of them.
func (c *modelChecker) checkStatements() {
	ids := newNamespace()
	where := map[string]*Statement{} // by id
	instOf := map[string]*Instrument{}
	for i := range c.m.Instruments {
		inst := &c.m.Instruments[i]
		for j := range inst.Statements {
			s := &inst.Statements[j]
			path := fmt.Sprintf("/instruments/%d/statements/%d", i, j)
			if c.id(path+"/id", s.ID) {
				if first, dup := ids.declare(s.ID, path); dup {
					c.add(CodeDuplicateID, path+"/id", "", "duplicate statement id %q (first at %s)", s.ID, first)
				} else {
					where[s.ID], instOf[s.ID] = s, inst
				}
			}
		}
	}
	for i := range c.m.Instruments {
		inst := &c.m.Instruments[i]
		var clauseNames []string
		for _, cl := range inst.Clauses {
			clauseNames = append(clauseNames, cl.ID)
		}
		for j := range inst.Statements {
			c.checkStatement(inst, fmt.Sprintf("/instruments/%d/statements/%d", i, j), &inst.Statements[j],
				clauseNames, where, instOf, ids)
		}
	}
	for i, r := range c.m.Readings {
		for j, v := range r.Statements {
			path := fmt.Sprintf("/readings/%d/statements/%d", i, j)
			if !c.required(path+"/statement", v.Statement) ||
				!c.ref(CodeUnknownStatement, path+"/statement", "statement", v.Statement, ids.index, ids.names) {
				continue
			}
			s := where[v.Statement]
			if s == nil {
				continue
			}
			if v.As != "" {
				c.enum(path+"/as", string(v.As), false, "statement kind", reservationLikeKinds)
				if !s.Kind.isReservationLike() {
					c.add(CodeSchema, path+"/as", "", "%q is an %s: only a reservation or declaration can be held another kind", s.ID, s.Kind)
				} else if v.As == Reservation && s.Effect == "" {
					c.add(CodeSchema, path+"/as", "", "reading holds %q to be a reservation, but %q has no effect: give it an effect (excludes or modifies)", s.ID, s.ID)
				}
			}
			if v.Timely != nil && s.Kind != ObjectionToReservation {
				c.add(CodeSchema, path+"/timely", "", "%q is a %s: only an objection is timely or late", s.ID, s.Kind)
			}
			c.sources(path+"/sources", v.Sources)
		}
	}
}

// checkStatement checks statement s of inst at path.
func (c *modelChecker) checkStatement(inst *Instrument, path string, s *Statement, clauseNames []string,
	where map[string]*Statement, instOf map[string]*Instrument, ids *namespace) {
	c.enum(path+"/kind", string(s.Kind), true, "statement kind", statementKinds)
	if c.required(path+"/author", s.Author) &&
		c.ref(CodeUnknownParty, path+"/author", "party", s.Author, c.parties.index, c.parties.names) &&
		!slices.Contains(partiesOf(inst), s.Author) {
		c.add(CodeUnknownParty, path+"/author", "",
			"%q is not a party to %q: a statement is made by a party signing, ratifying or acceding to the instrument (parties: %s)",
			s.Author, inst.ID, strings.Join(partiesOf(inst), ", "))
	}
	if s.Made.IsZero() {
		c.add(CodeSchema, path+"/made", "", "missing or empty %q", "made")
	}
	if !s.Withdrawn.IsZero() && !s.Made.IsZero() && s.Withdrawn.Before(s.Made) {
		c.add(CodeDates, path+"/withdrawn", "", "withdrawn %s before it was made %s", s.Withdrawn, s.Made)
	}
	c.sources(path+"/sources", s.Sources)
	switch {
	case s.Kind.isReservationLike():
		if len(s.Clauses) == 0 && s.Kind == Reservation {
			c.add(CodeSchema, path+"/clauses", "", "a reservation names the clauses it bears on")
		}
		for k, id := range s.Clauses {
			cp := fmt.Sprintf("%s/clauses/%d", path, k)
			if !c.required(cp, id) {
				continue
			}
			i := slices.Index(clauseNames, id)
			if i < 0 {
				msg := "unknown clause %q in %q"
				if _, elsewhere := c.clauses[id]; elsewhere {
					msg = "clause %q is not a clause of %q"
				}
				c.add(CodeUnknownClause, cp, suggestion(id, clauseNames), msg, id, inst.ID)
				continue
			}
			if cl := &inst.Clauses[i]; cl.Beneficiary == "" {
				c.add(CodeSchema, cp, "", "clause %q has no beneficiary: a reservation acts between its author and each other party, "+
					"so the clause it bears on names a bearer and a beneficiary (%q for each party)", id, EachParty(inst.ID))
			}
		}
		if s.Effect == "" && s.Kind == Reservation {
			c.add(CodeSchema, path+"/effect", "", "missing or empty %q: want excludes or modifies", "effect")
		}
		c.enum(path+"/effect", string(s.Effect), false, "reservation effect", reservationEffects)
		switch {
		case s.Effect == Modifies && s.Condition.IsZero():
			c.add(CodeSchema, path+"/condition", "", "a reservation that modifies its clauses needs the condition they take on")
		case s.Effect != Modifies && !s.Condition.IsZero():
			c.add(CodeSchema, path+"/condition", "", "only a reservation that modifies its clauses has a condition")
		}
		c.condition(path+"/condition", s.Condition)
		if !s.Notified.IsZero() && !s.Made.IsZero() && s.Notified.Before(s.Made) {
			c.add(CodeDates, path+"/notified", "", "notified %s before it was made %s", s.Notified, s.Made)
		}
		if s.Reservation != "" {
			c.add(CodeSchema, path+"/reservation", "", "only an acceptance or objection answers a reservation")
		}
		if s.OpposesEntryIntoForce {
			c.add(CodeSchema, path+"/opposes_entry_into_force", "", "only an objection opposes entry into force")
		}
	case s.Kind == AcceptanceOfReservation || s.Kind == ObjectionToReservation:
		if c.required(path+"/reservation", s.Reservation) &&
			c.ref(CodeUnknownStatement, path+"/reservation", "reservation", s.Reservation, ids.index, ids.names) {
			switch r := where[s.Reservation]; {
			case r == nil:
			case !r.Kind.isReservationLike():
				c.add(CodeUnknownStatement, path+"/reservation", "", "%q is an %s, not a reservation", r.ID, r.Kind)
			case instOf[r.ID] != inst:
				c.add(CodeUnknownStatement, path+"/reservation", "", "reservation %q is made to %q, not to %q", r.ID, instOf[r.ID].ID, inst.ID)
			case r.Author == s.Author:
				c.add(CodeSchema, path+"/author", "", "%q answers its own reservation %q", s.Author, r.ID)
			}
		}
		if s.OpposesEntryIntoForce && s.Kind != ObjectionToReservation {
			c.add(CodeSchema, path+"/opposes_entry_into_force", "", "only an objection opposes entry into force")
		}
		if len(s.Clauses) > 0 || s.Effect != "" || !s.Condition.IsZero() || !s.Notified.IsZero() {
			c.add(CodeSchema, path, "", "an %s has no clauses, effect, condition or notified date: those belong to the reservation", s.Kind)
		}
	}
}

// instanceResult returns the result for instance of clause under
// reading.
func (r *Report) instanceResult(clause, instance, reading string) (Result, bool) {
	for _, res := range r.Results {
		if res.Clause == clause && res.Instance == instance && res.Reading == reading {
			return res, true
		}
	}
	return Result{}, false
}

// clauseOrInstance returns the clause with the given id or, for an id of
// the form "clause[bearer,beneficiary]" ([Result.Instance]), that
// instance of the clause as of t; an error with CodeUnknownClause if
// there is neither.
func (ix *index) clauseOrInstance(id string, t Date) (clauseRef, error) {
	cr, err := ix.clause(id)
	if err == nil {
		return cr, nil
	}
	base, _, ok := strings.Cut(id, "[")
	if !ok || !strings.HasSuffix(id, "]") {
		return cr, err
	}
	bc, berr := ix.clause(base)
	if berr != nil {
		return cr, err
	}
	for _, in := range ix.instances(bc, t) {
		if in.instanceID() == id {
			return in, nil
		}
	}
	return cr, &Error{Code: CodeUnknownClause, Clause: id,
		Msg: fmt.Sprintf("no instance %q of clause %q in model %q as of %s", id, base, ix.m.ID, t)}
}
