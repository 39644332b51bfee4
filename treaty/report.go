package treaty

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/treatycond/treatycond/conditions"
)

// ReportSchema is the version tag of the JSON report.
//
// Version 2 added "holds" next to every "value" of a result, part and
// reading status: the same truth as a JSON boolean, or null when unknown.
// Readers of version 1 that ignore unknown fields can read version 2.
const ReportSchema = "treatycond.report/v2"

// Report is the result of [Evaluate]: where every clause stands under every
// reading as of a date, and where the readings disagree.
//
// In JSON (snake_case, versioned by "schema": "treatycond.report/v2") a
// report has "results" and "disputes"; the JSON Schema is
// JSONSchema("report").
type Report struct {
	Schema   string    `json:"schema"`
	Model    string    `json:"model"`
	Title    string    `json:"title,omitempty"`
	Scenario string    `json:"scenario,omitempty"`
	AsOf     Date      `json:"as_of"`
	Results  []Result  `json:"results"`
	Disputes []Dispute `json:"disputes"`
	// Overrides lists the facts whose scenario values the caller replaced
	// before evaluating, such as 'treaty eval --set fact=value', so that
	// a reader knows the results are not the scenario's own. Evaluate
	// never sets it; a caller that overrides facts should.
	Overrides []Override `json:"overrides,omitempty"`

	// Members lists, for every instrument with dated members
	// ([Instrument.Members]), where each of its parties stands as of the
	// date: bound, consented, signatory, withdrawn.
	Members []Membership `json:"members,omitempty"`
}

// Override is a fact value that replaced the scenario's for the whole
// timeline.
type Override struct {
	Fact string `json:"fact"`
	// Value is the value used: a bool, a number, a string, a [Date], or
	// nil for unknown (JSON null).
	Value any `json:"value"`
	// From, when set, is the date from which the value holds (treaty eval
	// --set name=value@date); the fact's history before it is kept.
	From Date `json:"from,omitzero"`
}

// String returns "fact = value", with "unknown" for nil, and " from
// YYYY-MM-DD" when From is set.
func (o Override) String() string {
	from := ""
	if !o.From.IsZero() {
		from = " from " + o.From.String()
	}
	if o.Value == nil {
		return o.Fact + " = unknown" + from
	}
	if s, ok := o.Value.(string); ok {
		return o.Fact + " = " + strconv.Quote(s) + from
	}
	if t, ok := collText(o.Value); ok {
		return o.Fact + " = " + t + from
	}
	return fmt.Sprintf("%s = %v%s", o.Fact, o.Value, from)
}

// Result is where one clause stands under one reading.
type Result struct {
	Reading    string `json:"reading"`
	Party      string `json:"party"`
	Clause     string `json:"clause"`
	Instrument string `json:"instrument"`
	// Bearer is the party bound as of the date: the clause's bearer, or the
	// party that continues it; for an instance of an each-party clause,
	// the member it binds (or the party that continues it).
	Bearer string `json:"bearer"`
	// Beneficiary is the party the clause acts for as of the date, in the
	// same way; "" when the clause names none.
	Beneficiary string `json:"beneficiary,omitempty"`
	// Instance identifies an instance of a clause whose bearer or
	// beneficiary is each party of an instrument ([EachParty]):
	// "clause[member]" for an each-party bearer, "clause[,member]" for an
	// each-party beneficiary, "clause[bearer,beneficiary]" for both. It
	// is "" for a plain clause. The pair (Clause, Instance) with the
	// reading identifies a result; see [Report.Instances].
	Instance string `json:"instance,omitempty"`
	Status   Status `json:"status"`
	// Value is the effective condition's value; Unknown when the clause is
	// not in force under the reading.
	Value conditions.Truth `json:"value"`
	// Condition is the canonical text of the effective condition.
	Condition string `json:"condition"`
	// Since is the earliest date from which status and value have stayed
	// as they are through the as-of date; nil when they have not changed on
	// any date the model and scenario know of.
	Since *Date `json:"since"`
	// Missing lists the facts whose values would decide the status.
	Missing []string `json:"missing"`
	// Deadline is the resolved deadline, when the clause has one and it
	// could be resolved.
	Deadline *Date `json:"deadline,omitempty"`
	// Ended, when set, says that the clause is out of force because its
	// instrument ended (terminated, terminated or superseded by another
	// instrument, or rejected by the reading from a date): when and by
	// what. A fulfilled or violated status kept after the end carries it
	// too.
	Ended *Ending `json:"ended,omitempty"`
	// Window, for a clause with its own lifetime ([Clause.From],
	// [Clause.Until]), is that lifetime resolved and cut to its
	// instrument's: the days on which the clause can be in force.
	Window *Window `json:"window,omitempty"`
	// Reason says in one line why the clause has its status.
	Reason string `json:"reason"`
	// Parts is the provenance of the effective condition: each part and the
	// instrument it came from.
	Parts []Part `json:"parts"`
	// Explanation is the evaluation tree of the effective condition; nil
	// when the clause is not in force under the reading.
	Explanation *conditions.Explanation `json:"explanation"`
	// Exceptions is the exception tree of the clause under the reading
	// on the date: every exception that overrides it, whether it applies,
	// and the exceptions to it. Empty when none overrides the clause.
	Exceptions []ExceptionNode `json:"exceptions,omitempty"`
	// Evidence lists the facts that decided the result (the facts of the
	// explanation's decisive path, and the performance fact when the
	// status depends on it), each with where its value comes from; nil
	// when the clause is not in force under the reading.
	Evidence []Evidence `json:"evidence,omitempty"`
	// ReadingFacts names the reading's own facts the result depends on
	// ("RU's definition of islands.transferred", "UA's own value of x";
	// see [ReadingFact]): its effective condition or performance fact
	// reads them. Empty when it reads none or is not in force.
	ReadingFacts []string `json:"reading_facts,omitempty"`
}

// Part is one part of an effective condition and where it came from.
type Part struct {
	Condition string `json:"condition"`
	// Origin is the id of the instrument that contributed the part.
	Origin string `json:"origin"`
	// Relation is "original" for the clause's own condition, or the kind
	// of relation (adds_condition, replaces_condition) that brought it in;
	// "power" marks a power's effect on the clause whose outcome is
	// unknown (the part's value is then unknown).
	Relation string `json:"relation"`
	// Exception is, for a part with Relation "exception", the id of the
	// exception the part keeps from applying: the part is "not" the
	// exception's condition (and the exceptions to it).
	Exception string `json:"exception,omitempty"`
	// From is when the part took effect.
	From  *Date            `json:"from,omitempty"`
	Value conditions.Truth `json:"value"`
}

// Dispute is a disagreement between the readings concerned by a clause:
// about its status now ([StatusDispute]), about its condition while the
// statuses agree ([LatentDispute]), or about which instruments bearing on
// it count ([ApplicabilityDispute]). A clause may be in two disputes, one
// about its condition or status and one about applicability.
//
// Only readings whose party is concerned by the clause take part: its
// party (or a party it continues) is party to or author of the clause's
// instrument, or bearer or beneficiary of the clause, or the reading
// explicitly accepts or rejects the instrument or one that makes a
// relation about the clause. The others are listed in NotConcerned.
type Dispute struct {
	Clause string      `json:"clause"`
	Kind   DisputeKind `json:"kind"`
	// Statuses gives each concerned reading's status now.
	Statuses []ReadingStatus `json:"statuses"`
	// Parts are the condition parts that some readings include and others
	// do not: what makes the difference.
	Parts []Part `json:"parts"`
	// Divergence lists, for a latent dispute, the minimal assignments of
	// the condition's atoms (every fact taken as open) under which the
	// statuses would diverge, with each reading's status under each.
	Divergence []DisputedAssignment `json:"divergence,omitempty"`
	// Contested lists, for an applicability dispute, the instruments some
	// concerned readings accept and others do not.
	Contested []Contested `json:"contested,omitempty"`
	// NotConcerned lists the readings whose party is not concerned by the
	// clause: they are no disputants.
	NotConcerned []string `json:"not_concerned,omitempty"`
	// ReadingFacts names the readings' own facts (see [ReadingFact])
	// that decided a disputed status or value: "RU's definition of x".
	ReadingFacts []string `json:"reading_facts,omitempty"`
	// Summary says the dispute in one line.
	Summary string `json:"summary"`

	// Instance is the clause instance disputed, for an each-party clause
	// (see [Result.Instance]); "" for a plain clause.
	Instance string `json:"instance,omitempty"`
}

// ReadingStatus is one reading's status in a dispute.
type ReadingStatus struct {
	Reading string           `json:"reading"`
	Status  Status           `json:"status"`
	Value   conditions.Truth `json:"value"`
}

// Result returns the result for clause under reading, if the report has it.
func (r *Report) Result(clause, reading string) (Result, bool) {
	for _, res := range r.Results {
		if res.Clause == clause && res.Reading == reading {
			return res, true
		}
	}
	return Result{}, false
}

// Instances returns the results for clause under reading: one for a
// plain clause, one per member for an each-party clause (see
// [Result.Instance]), in report order.
func (r *Report) Instances(clause, reading string) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Clause == clause && res.Reading == reading {
			out = append(out, res)
		}
	}
	return out
}

// String renders the report as text; see [Report.WriteText].
func (r *Report) String() string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// WriteText writes the report for people to read: a heading with the
// model and the as-of date; a table with one row per clause and reading
// (status, the effective condition's value, since when, the deadline when
// there is one, and the reason for the status); the effective conditions;
// the missing facts; the disputes; and a legend of the statuses that occur
// and of the columns.
//
// The value of a clause that is not in force is shown as "-": no condition
// applies. A value that seems to contradict the status (a true condition
// on a clause that is not_due, because its start date has not come, or
// undetermined, because performance after a deadline is unknown) is
// explained by the reason.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s: as of %s", r.heading(), r.AsOf)
	if r.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", r.Scenario)
	}
	fmt.Fprint(ew, "\n")
	writeOverrides(ew, r.Overrides)
	fmt.Fprint(ew, "\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLAUSE\tREADING\tSTATUS\tVALUE\tSINCE\tDEADLINE\tREASON")
	for _, res := range r.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cmp.Or(res.Instance, res.Clause), res.Reading, res.Status, valueText(res),
			sinceText(res.Since), sinceText(res.Deadline), res.Reason)
	}
	tw.Flush()
	writeMembers(ew, r.Members)
	if groups := conditionGroups(r.Results); len(groups) > 0 {
		fmt.Fprint(ew, "\nEffective conditions (the clause's condition as the reading's instruments change it):\n")
		for _, g := range groups {
			fmt.Fprintf(ew, "  %s under %s: %s\n", g.clause, strings.Join(g.readings, ", "), g.condition)
		}
	}
	var notes []string
	for _, res := range r.Results {
		if len(res.Missing) > 0 {
			notes = append(notes, fmt.Sprintf("  %s under %s: missing %s", res.Clause, res.Reading, strings.Join(res.Missing, ", ")))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintf(ew, "\nMissing facts:\n%s\n", strings.Join(notes, "\n"))
	}
	writeEvidence(ew, r.Results)
	if len(r.Disputes) == 0 {
		fmt.Fprint(ew, "\nNo disputes: the readings agree on every clause.\n")
	} else {
		fmt.Fprintf(ew, "\nDisputes (%s):\n", r.disputeCountText())
		for _, d := range r.Disputes {
			fmt.Fprintf(ew, "  %s\n", d.Summary)
		}
	}
	fmt.Fprint(ew, "\nLegend:\n")
	for _, l := range r.legend() {
		fmt.Fprintf(ew, "  %-13s %s\n", l[0], l[1])
	}
	return ew.err
}

// WriteMarkdown writes the report as a Markdown table (with the reason
// for each status and the deadline), the disputes as a list and a legend.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "### %s, as of %s\n\n", mdEscape(r.heading()), r.AsOf)
	if len(r.Overrides) > 0 {
		var b strings.Builder
		writeOverrides(&b, r.Overrides)
		fmt.Fprintf(ew, "%s\n", mdEscape(b.String()))
	}
	fmt.Fprint(ew, "| Clause | Reading | Status | Value | Since | Deadline | Condition | Reason | Missing |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, res := range r.Results {
		cond := "-"
		if res.Status != NotInForce {
			cond = "`" + strings.ReplaceAll(res.Condition, "|", `\|`) + "`"
		}
		fmt.Fprintf(ew, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(res.Clause), mdEscape(res.Reading), res.Status, valueText(res),
			sinceText(res.Since), sinceText(res.Deadline), cond, mdEscape(res.Reason), mdEscape(strings.Join(res.Missing, ", ")))
	}
	if len(r.Disputes) > 0 {
		fmt.Fprintf(ew, "\n**Disputes** (%s)\n\n", r.disputeCountText())
		for _, d := range r.Disputes {
			fmt.Fprintf(ew, "- %s\n", mdEscape(d.Summary))
		}
	}
	fmt.Fprint(ew, "\n**Legend**\n\n")
	for _, l := range r.legend() {
		fmt.Fprintf(ew, "- **%s**: %s\n", l[0], mdEscape(l[1]))
	}
	return ew.err
}

// disputeCountText counts the disputes of each kind: "1 status, 1 latent,
// 0 applicability".
func (r *Report) disputeCountText() string {
	n := r.DisputeCounts()
	return fmt.Sprintf("%d status, %d latent, %d applicability", n[StatusDispute], n[LatentDispute], n[ApplicabilityDispute])
}

// heading is the report's title, or its model id.
func (r *Report) heading() string {
	if r.Title != "" {
		return r.Title
	}
	return r.Model
}

// Meaning says in one line what the status means; "" for a value that is
// not a status.
func (s Status) Meaning() string {
	switch s {
	case NotInForce:
		return "the reading does not count the clause's instrument, or it is not in force (not yet, no longer, suspended)"
	case NotDue:
		return "in force, but the condition does not hold, or the clause's start date has not come"
	case Undetermined:
		return "missing facts leave the condition unknown (or, past a deadline, whether the clause was performed)"
	case Due:
		return "in force and the condition holds; not yet performed"
	case Fulfilled:
		return "due and performed (a permission: exercised)"
	case Violated:
		return "due, the deadline passed and not performed (a prohibition: the act took place)"
	case Available:
		return "a power: in force and its condition holds; not (validly) exercised"
	case Exercised:
		return "a power: validly exercised; its effect is pending (the delay runs)"
	case Effective:
		return "a power: validly exercised and its effect is in force"
	case Blocked:
		return "a power: its latest valid exercise was stopped by the blocking condition within the delay"
	case Lapsed:
		return "a power: it ended without an effective exercise"
	}
	return ""
}

// legend explains the statuses that occur in r, in the order of
// [allStatuses], and the columns of the tables: pairs of a term and what
// it means.
func (r *Report) legend() [][2]string {
	var out [][2]string
	for _, st := range allStatuses {
		if slices.ContainsFunc(r.Results, func(res Result) bool { return res.Status == st }) {
			out = append(out, [2]string{string(st), st.Meaning()})
		}
	}
	return append(out,
		[2]string{"value", "the three-valued value (true, false, unknown) of the effective condition; - when the clause is not in force"},
		[2]string{"since", "the first day of the run of days, ending on the as-of date, with this status and value; - if it never changed"},
		[2]string{"deadline", "the last day to perform once due, when the clause has one"},
		[2]string{"reason", "why the clause has its status"})
}

// valueText is a result's value as the tables show it: "-" when the clause
// is not in force, since no condition applies.
func valueText(res Result) string {
	if res.Status == NotInForce {
		return "-"
	}
	return res.Value.String()
}

// conditionGroup is an effective condition shared by several readings of
// a clause.
type conditionGroup struct {
	clause, condition string
	readings          []string
}

// conditionGroups lists the effective conditions of the clauses in force,
// one line per clause and distinct condition, in report order.
func conditionGroups(results []Result) []conditionGroup {
	var out []conditionGroup
	for _, res := range results {
		if res.Status == NotInForce {
			continue
		}
		i := slices.IndexFunc(out, func(g conditionGroup) bool { return g.clause == res.Clause && g.condition == res.Condition })
		if i < 0 {
			out = append(out, conditionGroup{clause: res.Clause, condition: res.Condition})
			i = len(out) - 1
		}
		if !slices.Contains(out[i].readings, res.Reading) { // instances of a clause: one mention per reading
			out[i].readings = append(out[i].readings, res.Reading)
		}
	}
	return out
}

// holds is a truth value as JSON: true, false, or null for unknown.
func holds(t conditions.Truth) *bool {
	switch t {
	case conditions.True:
		b := true
		return &b
	case conditions.False:
		b := false
		return &b
	}
	return nil
}

// MarshalJSON encodes the result with its fields and "holds": the value as
// a JSON boolean, or null when it is unknown (and when the clause is not
// in force). "value" keeps the same truth as a string.
func (res Result) MarshalJSON() ([]byte, error) {
	type plain Result // without methods
	return json.Marshal(struct {
		plain
		Holds *bool `json:"holds"`
	}{plain(res), holds(res.Value)})
}

// MarshalJSON encodes the part with its fields and "holds", its value as
// a JSON boolean or null; see [Result.MarshalJSON].
func (p Part) MarshalJSON() ([]byte, error) {
	type plain Part
	return json.Marshal(struct {
		plain
		Holds *bool `json:"holds"`
	}{plain(p), holds(p.Value)})
}

// MarshalJSON encodes the reading's status with "holds", its value as a
// JSON boolean or null; see [Result.MarshalJSON].
func (s ReadingStatus) MarshalJSON() ([]byte, error) {
	type plain ReadingStatus
	return json.Marshal(struct {
		plain
		Holds *bool `json:"holds"`
	}{plain(s), holds(s.Value)})
}

// writeOverrides writes the line that lists the overridden facts, if any.
func writeOverrides(w io.Writer, os []Override) {
	if len(os) == 0 {
		return
	}
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = o.String()
	}
	fmt.Fprintf(w, "Overridden facts (not the scenario's values): %s\n", strings.Join(parts, ", "))
}

func sinceText(d *Date) string {
	if d == nil {
		return "-"
	}
	return d.String()
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// errWriter remembers the first write error so rendering code can ignore
// errors until the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// Window is a run of days: from From (inclusive) to the day before Until;
// a nil bound is open.
type Window struct {
	From  *Date `json:"from,omitempty"`
	Until *Date `json:"until,omitempty"`
}
