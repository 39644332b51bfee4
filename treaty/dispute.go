package treaty

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// DisputeKind is the kind of a [Dispute].
type DisputeKind string

// Kinds of dispute.
const (
	// StatusDispute: the readings give the clause different statuses now.
	StatusDispute DisputeKind = "status"
	// LatentDispute: the readings give the clause the same status now,
	// but its effective conditions differ: some facts would make the
	// statuses diverge.
	LatentDispute DisputeKind = "latent"
	// ApplicabilityDispute: one reading accepts an instrument, or a
	// relation made by one, that bears on the clause, and another does not.
	ApplicabilityDispute DisputeKind = "applicability"
)

// Contested is an instrument bearing on a clause that some readings accept
// and others do not: the clause's own instrument, or one that makes a
// relation (adds_condition, suspends, ...) about the clause or its
// instrument.
type Contested struct {
	Instrument string `json:"instrument"`
	// Relation is "instrument" when the contested instrument is the
	// clause's own; otherwise the kind of relation it makes.
	Relation string `json:"relation"`
	// From is when the instrument or its relation took effect.
	From *Date `json:"from,omitempty"`
	// AcceptedBy lists the readings that count it.
	AcceptedBy []string `json:"accepted_by"`
	// RejectedBy lists the readings that do not, and why.
	RejectedBy []Rejecter `json:"rejected_by"`
}

// Rejecter is a reading that does not count a contested instrument.
type Rejecter struct {
	Reading string `json:"reading"`
	// Explicit is true when the reading rejects the instrument outright;
	// false when it merely does not accept it (its party is neither party
	// to it nor author of it, and the reading does not list it).
	Explicit bool `json:"explicit"`
	// By is the instrument that expresses the rejection, if any.
	By string `json:"by,omitempty"`
	// Since is when the rejection took effect: its date, or else the date
	// its instrument took effect; nil when neither is known.
	Since *Date  `json:"since,omitempty"`
	Note  string `json:"note,omitempty"`
}

// concerned reports whether reading r's party is concerned by clause cr:
// it (or a party it continues) is party to or author of cr's instrument,
// or is the clause's bearer or beneficiary, or the reading explicitly
// accepts or rejects the instrument or an instrument that makes a
// relation about the clause or its instrument. Only concerned readings
// take part in disputes about the clause.
func (ix *index) concerned(r *Reading, cr clauseRef) bool {
	if ix.own(r.Party, cr.inst) || ix.continues(r.Party, cr.c.Bearer) || ix.continues(r.Party, cr.c.Beneficiary) {
		return true
	}
	related := []string{cr.inst.ID}
	for _, rr := range ix.related(cr) {
		related = append(related, rr.src.ID)
	}
	for _, id := range related {
		if slices.Contains(r.Accepts, id) || slices.ContainsFunc(r.Rejects, func(rej Rejection) bool { return rej.Instrument == id }) {
			return true
		}
	}
	return false
}

// continues reports whether party p is q or continues q, directly or
// through a chain of successions.
func (ix *index) continues(p, q string) bool {
	if q == "" {
		return false
	}
	if ix.succ.tin != nil { // no cycle: the numbering answers at once
		return p != "" && ix.succ.continues(p, q)
	}
	for seen := 0; p != "" && seen <= len(ix.parties); seen++ {
		if p == q {
			return true
		}
		party, ok := ix.parties[p]
		if !ok || party.Continues == nil {
			return false
		}
		p = party.Continues.Party
	}
	return false
}

// related returns the relations about clause cr or its instrument, in
// date order.
func (ix *index) related(cr clauseRef) []relRef {
	return ix.clauseRelations(cr)
}

// rejecter says why reading r does not count inst on date t.
func (ix *index) rejecter(r *Reading, inst *Instrument, t Date) Rejecter {
	out := Rejecter{Reading: readingID(r)}
	for _, rej := range r.Rejects {
		if rej.Instrument != inst.ID || (!rej.Date.IsZero() && t.Before(rej.Date)) {
			continue
		}
		out.Explicit, out.By, out.Note = true, rej.By, rej.Note
		since := rej.Date
		if since.IsZero() && rej.By != "" {
			if by, ok := ix.instruments[rej.By]; ok {
				since = effective(by)
			}
		}
		if !since.IsZero() {
			out.Since = &since
		}
		break
	}
	return out
}

// disputeReading is one reading's side of a clause on a date.
type disputeReading struct {
	r      *Reading
	res    *Result
	cond   conditions.Expr // effective condition; zero when not in force
	inForc bool
}

// findDisputes lists the disputes about each clause among the readings
// concerned by it, on date t: status disputes, latent disputes and
// applicability disputes, in clause order and in that order for a clause.
func (ev *evaluator) findDisputes(readings []Reading, clauses []clauseRef, results []Result, t Date) ([]Dispute, error) {
	disputes := []Dispute{}
	if len(readings) < 2 {
		return disputes, nil // no two readings to disagree
	}
	resultOf := resultLookup(readings, clauses, results)
	// The disputes about the instances of a clause that stand as the
	// clause does are the same for all of them (see share.go).
	shared := map[*Clause][]Dispute{}
	// Whether a reading is concerned by an instance without relations of
	// its own is a matter of its clause.
	type concernKey struct {
		r *Reading
		c *Clause
	}
	concerned := map[concernKey]bool{}
	isConcerned := func(r *Reading, cr clauseRef) bool {
		if cr.who == nil || len(ev.ix.relations[cr.who.key]) > 0 {
			return ev.ix.concerned(r, cr)
		}
		k := concernKey{r, cr.c}
		c, ok := concerned[k]
		if !ok {
			c = ev.ix.concerned(r, cr)
			concerned[k] = c
		}
		return c
	}
	for ci, cr := range clauses {
		share := ev.sharesOn(cr, t)
		for i := 0; share && i < len(readings); i++ {
			share = !ev.boundAfterEnd(&readings[i], cr, t)
		}
		if ds, ok := shared[cr.c]; ok && share {
			for _, d := range ds {
				d = d.clone()
				d.Instance = cr.instanceID()
				disputes = append(disputes, d)
			}
			continue
		}
		first := len(disputes)
		var sides []disputeReading
		var outside []string
		for i := range readings {
			r := &readings[i]
			res := resultOf(ci, i)
			if !isConcerned(r, cr) {
				outside = append(outside, readingID(r))
				continue
			}
			side := disputeReading{r: r, res: res}
			if res.Status != NotInForce {
				side.cond, _, _, _ = ev.condition(r, cr, t)
				side.inForc = true
			}
			sides = append(sides, side)
		}
		if len(sides) < 2 {
			continue
		}
		app := ev.applicabilityDispute(cr, sides, t)
		d, err := ev.conditionDispute(cr, sides)
		if err != nil {
			return nil, err
		}
		if d != nil {
			if len(d.Divergence) > 0 {
				var rs []*Reading
				for _, s := range sides {
					rs = append(rs, s.r)
				}
				var contested []Contested
				if app != nil {
					contested = app.Contested
				}
				annotate(d.Divergence, ev.origins(rs, cr, t), contested)
			}
			d.NotConcerned = outside
			d.Instance = cr.instanceID()
			d.ReadingFacts = decidingReadingFacts(cr.c, sides)
			d.Summary = d.summary(sides)
			disputes = append(disputes, *d)
		}
		if app != nil {
			app.NotConcerned = outside
			app.Instance = cr.instanceID()
			app.Summary = app.summary(sides)
			disputes = append(disputes, *app)
		}
		if share {
			var ds []Dispute
			for _, d := range disputes[first:] {
				ds = append(ds, d.clone())
			}
			shared[cr.c] = ds
		}
	}
	return disputes, nil
}

// resultLookup returns the result of clauses[ci] under readings[i] among
// results: at index ci*len(readings)+i when results are in that order,
// as Evaluate makes them, else found by clause, instance and reading.
func resultLookup(readings []Reading, clauses []clauseRef, results []Result) func(ci, i int) *Result {
	ordered := len(results) == len(clauses)*len(readings)
	for ci := 0; ordered && ci < len(clauses); ci++ {
		for i := range readings {
			res := &results[ci*len(readings)+i]
			if res.Clause != clauses[ci].c.ID || res.Instance != clauses[ci].instanceID() || res.Reading != readingID(&readings[i]) {
				ordered = false
				break
			}
		}
	}
	if ordered {
		return func(ci, i int) *Result { return &results[ci*len(readings)+i] }
	}
	byKey := make(map[string]int, len(results))
	for j, res := range results {
		byKey[res.Clause+"\x00"+res.Instance+"\x00"+res.Reading] = j
	}
	return func(ci, i int) *Result {
		j, ok := byKey[clauses[ci].c.ID+"\x00"+clauses[ci].instanceID()+"\x00"+readingID(&readings[i])]
		if !ok {
			return &Result{}
		}
		return &results[j]
	}
}

// conditionDispute returns the status or latent dispute about cr among
// sides, or nil when the readings agree on the status and on the
// condition.
func (ev *evaluator) conditionDispute(cr clauseRef, sides []disputeReading) (*Dispute, error) {
	differ, live := false, 0
	for _, s := range sides {
		if s.res.Status != sides[0].res.Status {
			differ = true
		}
		if s.inForc {
			live++
		}
	}
	if !differ && live < 2 {
		return nil, nil // one status, and no two conditions to compare
	}
	d := &Dispute{Clause: cr.c.ID, Kind: StatusDispute}
	for _, s := range sides {
		d.Statuses = append(d.Statuses, ReadingStatus{Reading: s.res.Reading, Status: s.res.Status, Value: s.res.Value})
	}
	d.Parts = differingParts(sides)
	if differ {
		return d, nil
	}
	// Same status: a latent dispute when the conditions of the readings
	// under which the clause is in force are not equivalent. Every fact is
	// open: the question is which facts would set the readings apart.
	var lives []liveReading
	for _, s := range sides {
		if s.inForc {
			lives = append(lives, liveReading{id: s.res.Reading, cond: s.cond})
		}
	}
	if len(lives) < 2 {
		return nil, nil
	}
	if first, _ := groupLives(lives); len(first) < 2 {
		return nil, nil // one text, one condition
	}
	region, err := regionOf(lives, conditions.Facts{})
	if err != nil {
		if errors.Is(err, ErrCanceled) {
			return nil, err
		}
		// Too large to analyse exactly: the texts differ, so report the
		// dispute without the assignments that show where.
		d.Kind = LatentDispute
		return d, nil
	}
	if len(region) == 0 {
		return nil, nil
	}
	d.Kind = LatentDispute
	d.Divergence = region
	return d, nil
}

// differingParts returns the condition parts that some in-force readings
// include and others do not.
func differingParts(sides []disputeReading) []Part {
	count := map[string]int{}
	seen := map[string]Part{}
	var keys []string
	inForce := 0
	for _, s := range sides {
		if s.res.Status == NotInForce {
			continue
		}
		inForce++
		for _, p := range s.res.Parts {
			k := p.Origin + "\x00" + p.Condition
			if _, ok := seen[k]; !ok {
				seen[k] = p
				keys = append(keys, k)
			}
			count[k]++
		}
	}
	parts := []Part{}
	for _, k := range keys {
		if count[k] < inForce {
			parts = append(parts, seen[k])
		}
	}
	return parts
}

// applicabilityDispute returns the dispute over the instruments bearing on
// cr on date t that some of sides accept and others do not, or nil.
func (ev *evaluator) applicabilityDispute(cr clauseRef, sides []disputeReading, t Date) *Dispute {
	type item struct {
		inst *Instrument
		kind string
		from Date
	}
	// Which instruments count matters only while the clause is in force
	// under some reading: before its instrument takes effect, or once it
	// has ended for everyone, the question is moot.
	if !slices.ContainsFunc(sides, func(s disputeReading) bool { return s.inForc }) {
		return nil
	}
	items := []item{{cr.inst, "instrument", effective(cr.inst)}}
	for _, rr := range ev.ix.related(cr) {
		switch rr.rel.Kind {
		case Rejects, Reaffirms:
			continue // these change nothing by themselves
		}
		from := rr.from()
		if from.IsZero() || t.Before(from) {
			continue
		}
		ended := !rr.src.Terminated.IsZero() && !t.Before(rr.src.Terminated)
		if ended && rr.rel.Kind != Terminates && rr.rel.Kind != Supersedes {
			continue
		}
		if rr.rel.Kind == Suspends && !rr.rel.Until.IsZero() && !t.Before(rr.rel.Until) {
			continue
		}
		if slices.ContainsFunc(items, func(it item) bool { return it.inst == rr.src && it.kind == string(rr.rel.Kind) }) {
			continue
		}
		items = append(items, item{rr.src, string(rr.rel.Kind), from})
	}
	var contested []Contested
	for _, it := range items {
		c := Contested{Instrument: it.inst.ID, Relation: it.kind, AcceptedBy: []string{}, RejectedBy: []Rejecter{}}
		if !it.from.IsZero() {
			from := it.from
			c.From = &from
		}
		for _, s := range sides {
			if !s.inForc && (it.kind == string(AddsCondition) || it.kind == string(ReplacesCondition)) {
				continue // moot for a reading under which the clause is out of force
			}
			if ok, _ := ev.ix.accepts(s.r, it.inst, t); ok {
				c.AcceptedBy = append(c.AcceptedBy, readingID(s.r))
			} else {
				c.RejectedBy = append(c.RejectedBy, ev.ix.rejecter(s.r, it.inst, t))
			}
		}
		if len(c.AcceptedBy) > 0 && len(c.RejectedBy) > 0 {
			contested = append(contested, c)
		}
	}
	if len(contested) == 0 {
		return nil
	}
	d := &Dispute{Clause: cr.c.ID, Kind: ApplicabilityDispute, Parts: []Part{}, Contested: contested}
	for _, s := range sides {
		d.Statuses = append(d.Statuses, ReadingStatus{Reading: s.res.Reading, Status: s.res.Status, Value: s.res.Value})
	}
	return d
}

// summary says d in one line; sides give the reasons of the readings
// under which the clause is out of force.
func (d *Dispute) summary(sides []disputeReading) string {
	var b strings.Builder
	if d.Kind == StatusDispute {
		fmt.Fprintf(&b, "%s: ", d.Clause)
	} else {
		fmt.Fprintf(&b, "%s (%s): ", d.Clause, d.Kind)
	}
	switch d.Kind {
	case ApplicabilityDispute:
		var cs []string
		for _, c := range d.Contested {
			cs = append(cs, c.String())
		}
		b.WriteString(strings.Join(cs, "; "))
	default:
		var desc []string
		for _, s := range sides {
			if s.res.Status == NotInForce && s.res.Reason != "" {
				desc = append(desc, fmt.Sprintf("%s %s (%s)", s.res.Reading, s.res.Status, s.res.Reason))
			} else {
				desc = append(desc, fmt.Sprintf("%s %s", s.res.Reading, s.res.Status))
			}
		}
		b.WriteString(strings.Join(desc, ", "))
		if d.Kind == LatentDispute {
			b.WriteString(" now")
		}
		var diff []string
		for _, p := range d.Parts {
			diff = append(diff, fmt.Sprintf("%q (%s by %s)", p.Condition, strings.ReplaceAll(p.Relation, "_", " "), p.Origin))
		}
		diff = append(diff, d.ReadingFacts...)
		if len(diff) > 0 {
			b.WriteString("; differs by " + strings.Join(diff, ", "))
		}
		if len(d.Divergence) > 0 {
			const show = 3
			var ds []string
			for i, a := range d.Divergence {
				if i == show {
					ds = append(ds, fmt.Sprintf("%d more", len(d.Divergence)-show))
					break
				}
				ds = append(ds, a.String())
			}
			b.WriteString("; would diverge under " + strings.Join(ds, " or "))
		}
	}
	b.WriteString(priorityNote(d.Parts, sides))
	if len(d.NotConcerned) > 0 {
		fmt.Fprintf(&b, " (not concerned: %s)", strings.Join(d.NotConcerned, ", "))
	}
	return b.String()
}

// String says c in one line: "sumemo1960a (adds condition, from
// 1960-01-27): accepted by RU; rejected by JP (by jpmemo1960, since
// 1960-02-05)".
func (c Contested) String() string {
	var b strings.Builder
	b.WriteString(c.Instrument)
	if c.Relation != "instrument" {
		b.WriteString(" (" + strings.ReplaceAll(c.Relation, "_", " "))
		if c.From != nil {
			b.WriteString(", from " + c.From.String())
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, ": accepted by %s", strings.Join(c.AcceptedBy, ", "))
	var rej, not []string
	for _, r := range c.RejectedBy {
		if !r.Explicit {
			not = append(not, r.Reading)
			continue
		}
		var how []string
		if r.By != "" {
			how = append(how, "by "+r.By)
		}
		if r.Since != nil {
			how = append(how, "since "+r.Since.String())
		}
		if len(how) > 0 {
			rej = append(rej, fmt.Sprintf("%s (%s)", r.Reading, strings.Join(how, ", ")))
		} else {
			rej = append(rej, r.Reading)
		}
	}
	if len(rej) > 0 {
		b.WriteString("; rejected by " + strings.Join(rej, ", "))
	}
	if len(not) > 0 {
		b.WriteString("; not accepted by " + strings.Join(not, ", "))
	}
	return b.String()
}

// String says the assignment and each reading's status in one line:
// "{peace = true, withdrawn = false}: JP due, RU not_due".
func (d DisputedAssignment) String() string {
	var st []string
	for _, s := range d.Statuses {
		st = append(st, s.Reading+" "+string(s.Status))
	}
	out := assignmentString(d.Assignment) + ": " + strings.Join(st, ", ")
	if len(d.Because) > 0 {
		out += " (" + strings.Join(d.Because, "; ") + ")"
	}
	return out
}

// assignmentString writes an assignment as {atom = value, ...}, atoms in
// sorted order.
func assignmentString(a conditions.Assignment) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		parts = append(parts, fmt.Sprintf("%s = %t", k, a[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// DisputeCounts counts the disputes of each kind.
func (r *Report) DisputeCounts() map[DisputeKind]int {
	n := map[DisputeKind]int{}
	for _, d := range r.Disputes {
		n[d.Kind]++
	}
	return n
}

// AtomOrigin names where an atom of a disputed assignment comes from: the
// instrument and relation whose condition part reads its facts, and the
// readings whose effective condition includes that part.
type AtomOrigin struct {
	Atom       string `json:"atom"`
	Instrument string `json:"instrument"`
	// Relation is "original" for the clause's own condition, or the kind
	// of relation (adds_condition, replaces_condition) that brought it in.
	Relation string   `json:"relation"`
	Readings []string `json:"readings"`
}

// originPart is a condition part, the facts it reads and the readings
// whose effective condition includes it.
type originPart struct {
	part     Part
	facts    []string
	readings []string
}

// origins collects the condition parts of the readings under which cr is
// in force on t, in order of first appearance.
func (ev *evaluator) origins(readings []*Reading, cr clauseRef, t Date) []originPart {
	var out []originPart
	for _, r := range readings {
		_, parts, exprs, why := ev.condition(r, cr, t)
		if why != "" {
			continue
		}
		for i, p := range parts {
			j := slices.IndexFunc(out, func(o originPart) bool {
				return o.part.Origin == p.Origin && o.part.Relation == p.Relation && o.part.Condition == p.Condition
			})
			if j < 0 {
				out = append(out, originPart{part: p, facts: exprs[i].Facts()})
				j = len(out) - 1
			}
			out[j].readings = append(out[j].readings, readingID(r))
		}
	}
	return out
}

// annotate fills in, for each disputed assignment, where its atoms come
// from and which contested instruments make the difference.
func annotate(region []DisputedAssignment, parts []originPart, contested []Contested) {
	for i := range region {
		d := &region[i]
		used := map[string]bool{}
		for _, atom := range slices.Sorted(maps.Keys(d.Assignment)) {
			e, err := conditions.Parse(atom)
			if err != nil {
				continue
			}
			facts := e.Facts()
			if len(facts) == 0 {
				continue
			}
			for _, p := range parts {
				if !subset(facts, p.facts) {
					continue
				}
				d.Origins = append(d.Origins, AtomOrigin{Atom: atom, Instrument: p.part.Origin, Relation: p.part.Relation, Readings: p.readings})
				used[p.part.Origin] = true
			}
		}
		for _, c := range contested {
			if used[c.Instrument] || (len(d.Assignment) == 0 && c.Relation != string(AddsCondition) && c.Relation != string(ReplacesCondition)) {
				d.Because = append(d.Because, c.Because())
			}
		}
	}
}

// subset reports whether every string of a is in the sorted list b.
func subset(a, b []string) bool {
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			return false
		}
	}
	return true
}

// Because says in a few words who counts c and who does not: "RU accepts
// sumemo1960a and JP does not".
func (c Contested) Because() string {
	var not []string
	for _, r := range c.RejectedBy {
		not = append(not, r.Reading)
	}
	verb, neg := "accepts", "does not"
	if len(c.AcceptedBy) > 1 {
		verb = "accept"
	}
	if len(not) > 1 {
		neg = "do not"
	}
	return fmt.Sprintf("%s %s %s and %s %s", strings.Join(c.AcceptedBy, ", "), verb, c.Instrument, strings.Join(not, ", "), neg)
}
