package treaty

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/treatycond/treatycond/conditions"
)

// ReportSchema is the version tag of the JSON report.
const ReportSchema = "treatycond.report/v1"

// Report is the result of [Evaluate]: where every clause stands under every
// reading as of a date, and where the readings disagree.
//
// In JSON (snake_case, versioned by "schema": "treatycond.report/v1") a
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
}

// Result is where one clause stands under one reading.
type Result struct {
	Reading    string `json:"reading"`
	Party      string `json:"party"`
	Clause     string `json:"clause"`
	Instrument string `json:"instrument"`
	// Bearer is the party bound as of the date: the clause's bearer, or the
	// party that continues it.
	Bearer string `json:"bearer"`
	Status Status `json:"status"`
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
	// Reason says in one line why the clause has its status.
	Reason string `json:"reason"`
	// Parts is the provenance of the effective condition: each part and the
	// instrument it came from.
	Parts []Part `json:"parts"`
	// Explanation is the evaluation tree of the effective condition; nil
	// when the clause is not in force under the reading.
	Explanation *conditions.Explanation `json:"explanation"`
}

// Part is one part of an effective condition and where it came from.
type Part struct {
	Condition string `json:"condition"`
	// Origin is the id of the instrument that contributed the part.
	Origin string `json:"origin"`
	// Relation is "original" for the clause's own condition, or the kind
	// of relation (adds_condition, replaces_condition) that brought it in.
	Relation string `json:"relation"`
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
	// Summary says the dispute in one line.
	Summary string `json:"summary"`
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

// String renders the report as text; see [Report.WriteText].
func (r *Report) String() string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// WriteText writes the report as a readable table: one row per clause and
// reading, then the missing facts and the disputes.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	title := r.Model
	if r.Title != "" {
		title = r.Title
	}
	fmt.Fprintf(ew, "%s: as of %s", title, r.AsOf)
	if r.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", r.Scenario)
	}
	fmt.Fprint(ew, "\n\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLAUSE\tREADING\tSTATUS\tVALUE\tSINCE\tCONDITION")
	for _, res := range r.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", res.Clause, res.Reading, res.Status, res.Value, sinceText(res.Since), res.Condition)
	}
	tw.Flush()
	var notes []string
	for _, res := range r.Results {
		if len(res.Missing) > 0 {
			notes = append(notes, fmt.Sprintf("  %s under %s: missing %s", res.Clause, res.Reading, strings.Join(res.Missing, ", ")))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintf(ew, "\nMissing facts:\n%s\n", strings.Join(notes, "\n"))
	}
	if len(r.Disputes) == 0 {
		fmt.Fprint(ew, "\nNo disputes: the readings agree on every clause.\n")
	} else {
		fmt.Fprintf(ew, "\nDisputes (%s):\n", r.disputeCountText())
		for _, d := range r.Disputes {
			fmt.Fprintf(ew, "  %s\n", d.Summary)
		}
	}
	return ew.err
}

// WriteMarkdown writes the report as a Markdown table with the disputes as
// a list.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	title := r.Model
	if r.Title != "" {
		title = r.Title
	}
	fmt.Fprintf(ew, "### %s, as of %s\n\n", mdEscape(title), r.AsOf)
	fmt.Fprint(ew, "| Clause | Reading | Status | Value | Since | Condition | Missing |\n|---|---|---|---|---|---|---|\n")
	for _, res := range r.Results {
		fmt.Fprintf(ew, "| %s | %s | %s | %s | %s | `%s` | %s |\n", mdEscape(res.Clause), mdEscape(res.Reading), res.Status, res.Value,
			sinceText(res.Since), strings.ReplaceAll(res.Condition, "|", `\|`), mdEscape(strings.Join(res.Missing, ", ")))
	}
	if len(r.Disputes) > 0 {
		fmt.Fprintf(ew, "\n**Disputes** (%s)\n\n", r.disputeCountText())
		for _, d := range r.Disputes {
			fmt.Fprintf(ew, "- %s\n", mdEscape(d.Summary))
		}
	}
	return ew.err
}

// disputeCountText counts the disputes of each kind: "1 status, 1 latent,
// 0 applicability".
func (r *Report) disputeCountText() string {
	n := r.DisputeCounts()
	return fmt.Sprintf("%d status, %d latent, %d applicability", n[StatusDispute], n[LatentDispute], n[ApplicabilityDispute])
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
