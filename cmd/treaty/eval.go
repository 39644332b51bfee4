package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

var evalCmd = &command{
	name:    "eval",
	args:    "[MODEL.json] [--scenario S.json] [--as-of DATE] [--reading ID] [--clause ID] [--set fact=value] [--format text|json|markdown]",
	short:   "evaluate every clause under every reading as of a date",
	minArgs: 0, maxArgs: 1,
	long: `
Eval evaluates the model under a scenario and prints, for every clause and
reading, the status, the three-valued value (true, false, unknown; "-" when
the clause is not in force) of the effective condition, the date since
which it has stood so, the deadline and the reason for the status; then the
effective conditions, the missing facts, the disputes and a legend of the
statuses shown. A clause can be not_due with a true condition (its start
date has not come) or undetermined with one (its deadline passed and
performance is unknown): the reason says which.

Disputes are among the readings whose party is concerned by the clause
(party to or author of its instrument, its bearer or beneficiary, a state
continuing one of those, or a reading that explicitly accepts or rejects a
related instrument); the others are listed as not concerned. The line
"Disputes (N status, N latent, N applicability)" counts three kinds:
status (different statuses now), latent (the same status, but conditions
that are not equivalent: the smallest facts under which the statuses
would diverge are shown) and applicability (an instrument bearing on the
clause that some readings accept and others do not, with who rejects it,
by which instrument, since when).

The effective condition is the clause's own condition as changed by the
instruments the reading accepts (adds_condition, replaces_condition). The
statuses:

	not_in_force  the instrument is not in force (not yet, ended, suspended) or the reading does not accept it
	not_due       in force, but the condition is false or the not_before date has not come
	undetermined  missing facts leave the condition (or, past the deadline, performance) unknown
	due           in force and the condition holds; not yet performed
	fulfilled     due and performed: its "performed" fact is true (a permission: exercised)
	violated      due, the deadline passed, not performed (a prohibition: the act took place)

A clause's not_before is the earliest date it can be due; its deadline the
last day to perform once due; both are a date or a period after an anchor
(the date it became due, its instrument's in_force or signed date, or a
date fact). performed names the bool fact that records performance.

MODEL.json may be omitted when the scenario names its model ("model", a path
relative to the scenario file). Without --scenario the facts are all unknown
and --as-of is required.

--set fact=value overrides a fact for the whole timeline (replacing its
history); the value is parsed per the fact's declared type: true or false, a
number, a string (double-quote it to keep a string that looks like something
else), a date YYYY-MM-DD, or null / unknown for an unknown value.

--format json prints the report as JSON (schema tag treatycond.report/v2;
see 'treaty schema report'), where "holds" gives each "value" as a JSON
boolean or null; markdown prints a table with the same columns and legend.

Exit status: 0 on success, 2 on bad usage or when the model or scenario
cannot be loaded or evaluated.`,
}

func init() {
	evalCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.needDate = true
		sf.register(fs, true)
		var readings, clauses listFlag
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		fs.Var(&clauses, "clause", "limit to the clause `id` (repeatable, or comma-separated)")
		format := newFormat(fs, "text", "text", "json", "markdown")
		return func(e *env, args []string) int {
			in, ok := sf.load(e, "eval", args)
			if !ok || !checkSelection(e, "eval", in.model, clauses, readings) {
				return exitUsage
			}
			rep, err := treaty.EvaluateContext(e.context(), in.model, in.scenario, evalOptions(readings, clauses)...)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty eval: %v\n", err)
				return exitUsage
			}
			rep.Overrides = in.overrides
			switch format.value {
			case "json":
				err = writeJSON(e.stdout, rep)
			case "markdown":
				err = rep.WriteMarkdown(e.stdout)
			default:
				err = rep.WriteText(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty eval: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// evalOptions returns the options of treaty.Evaluate for --reading and
// --clause.
func evalOptions(readings, clauses []string) []treaty.EvalOption {
	var opts []treaty.EvalOption
	if len(readings) > 0 {
		opts = append(opts, treaty.ForReadings(readings...))
	}
	if len(clauses) > 0 {
		opts = append(opts, treaty.ForClauses(clauses...))
	}
	return opts
}

// sweepOptions returns the options of treaty.Sweep for --reading and
// --clause.
func sweepOptions(readings, clauses []string) []treaty.SweepOption {
	var opts []treaty.SweepOption
	if len(readings) > 0 {
		opts = append(opts, treaty.ForReadings(readings...))
	}
	if len(clauses) > 0 {
		opts = append(opts, treaty.ForClauses(clauses...))
	}
	return opts
}

var explainCmd = &command{
	name:    "explain",
	args:    "[MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--reading ID] [--set fact=value] [--format text|json]",
	short:   "explain why a clause has its status under each reading",
	minArgs: 0, maxArgs: 1,
	long: `
Explain shows, for one clause and each reading (or the readings named by
--reading), the status, value, since date and reason, the provenance of the
effective condition (each part: the condition, the instrument it came from,
the relation that brought it in - original, adds_condition or
replaces_condition, exception - and from when), the missing facts, the
exception tree (every exception that overrides the clause, whether it
applies under the reading, with its priority against the clause's, and the
exceptions to it below it), and the evaluation tree of the condition: every
subcondition with its value.

The model, scenario, --as-of and --set work as for 'treaty eval'.

--format json prints a document with schema tag treatycond.explain/v2 (see
'treaty schema explain'): the clause and, per reading, the result object of
the report.

Exit status: 0 on success, 2 on bad usage or when the inputs cannot be
loaded or evaluated.`,
}

// explainDoc is the JSON form of 'treaty explain'.
type explainDoc struct {
	Schema   string          `json:"schema"`
	Model    string          `json:"model"`
	Scenario string          `json:"scenario,omitempty"`
	AsOf     treaty.Date     `json:"as_of"`
	Clause   clauseInfo      `json:"clause"`
	Readings []treaty.Result `json:"readings"`
	// Overrides lists the facts --set replaced.
	Overrides []treaty.Override `json:"overrides,omitempty"`
}

// clauseInfo describes a clause in the CLI's JSON documents.
type clauseInfo struct {
	ID          string   `json:"id"`
	Instrument  string   `json:"instrument"`
	Article     string   `json:"article,omitempty"`
	Kind        string   `json:"kind"`
	Bearer      string   `json:"bearer"`
	Beneficiary string   `json:"beneficiary,omitempty"`
	Action      string   `json:"action"`
	Objects     []string `json:"objects,omitempty"`
	Text        string   `json:"text,omitempty"`
	Condition   string   `json:"condition"`
}

// findClause returns the clause with id and its instrument.
func findClause(m *treaty.Model, id string) (clauseInfo, bool) {
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			if c.ID == id {
				return clauseInfo{
					ID: c.ID, Instrument: inst.ID, Article: c.Article, Kind: string(c.Kind),
					Bearer: c.Bearer, Beneficiary: c.Beneficiary, Action: c.Action,
					Objects: c.Objects, Text: c.Text, Condition: c.Condition.String(),
				}, true
			}
		}
	}
	return clauseInfo{}, false
}

// clauseIDs lists the model's clause ids in order.
func clauseIDs(m *treaty.Model) []string {
	var ids []string
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func init() {
	explainCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var sf scenarioFlags
		sf.needDate = true
		sf.register(fs, true)
		var readings listFlag
		var clause string
		fs.StringVar(&clause, "clause", "", "the clause `id` to explain (required)")
		fs.Var(&readings, "reading", "limit to the reading `id` (repeatable, or comma-separated)")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			if clause == "" {
				fmt.Fprintln(e.stderr, "treaty explain: --clause is required")
				return exitUsage
			}
			in, ok := sf.load(e, "explain", args)
			if !ok || !checkSelection(e, "explain", in.model, []string{clause}, readings) {
				return exitUsage
			}
			info, _ := findClause(in.model, clause)
			rep, err := treaty.EvaluateContext(e.context(), in.model, in.scenario, evalOptions(readings, []string{clause})...)
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty explain: %v\n", err)
				return exitUsage
			}
			doc := explainDoc{Schema: "treatycond.explain/v2", Model: rep.Model, Scenario: rep.Scenario,
				AsOf: rep.AsOf, Clause: info, Readings: rep.Results, Overrides: in.overrides}
			if format.value == "json" {
				err = writeJSON(e.stdout, doc)
			} else {
				err = writeExplain(e.stdout, doc)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty explain: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// writeExplain renders an explanation as text.
func writeExplain(w io.Writer, doc explainDoc) error {
	ew := &errWriter{w: w}
	c := doc.Clause
	fmt.Fprintf(ew, "%s (%s", c.ID, c.Instrument)
	if c.Article != "" {
		fmt.Fprintf(ew, ", %s", c.Article)
	}
	fmt.Fprintf(ew, "): %s\n", clauseSentence(c))
	fmt.Fprintf(ew, "as of %s", doc.AsOf)
	if doc.Scenario != "" {
		fmt.Fprintf(ew, " (scenario %s)", doc.Scenario)
	}
	fmt.Fprintln(ew)
	if len(doc.Overrides) > 0 {
		parts := make([]string, len(doc.Overrides))
		for i, o := range doc.Overrides {
			parts[i] = o.String()
		}
		fmt.Fprintf(ew, "Overridden facts (not the scenario's values): %s\n", strings.Join(parts, ", "))
	}
	decisive := false
	for _, r := range doc.Readings {
		fmt.Fprintln(ew)
		writeResult(ew, r, "")
		decisive = decisive || hasDecisive(r.Explanation)
	}
	if decisive {
		fmt.Fprintf(ew, "\n%s\n[from X] names the instrument that contributed a part.\n", decisiveNote)
	}
	return ew.err
}

// decisiveNote explains the asterisk of explanation trees.
const decisiveNote = "In the explanation trees, * marks an operand that decided the value of the line above it\n" +
	"(for \"and\": its false operands when it is false, every operand when it is true, its unknown ones\n" +
	"when it is unknown; \"or\" the other way round; for any, all and count: the members that decided it)."

// hasDecisive reports whether an explanation tree marks any node decisive.
func hasDecisive(x *conditions.Explanation) bool {
	if x == nil {
		return false
	}
	if x.Decisive {
		return true
	}
	return slices.ContainsFunc(x.Children, hasDecisive)
}

// writeResult renders one result with its provenance and explanation,
// every line prefixed by indent.
func writeResult(w io.Writer, r treaty.Result, indent string) {
	value := "value " + r.Value.String()
	if r.Status == treaty.NotInForce {
		value = "no condition applies"
	}
	fmt.Fprintf(w, "%sReading %s (party %s): %s, %s, since %s\n", indent, r.Reading, r.Party, r.Status, value, sinceText(r.Since))
	fmt.Fprintf(w, "%s  reason:    %s\n", indent, r.Reason)
	if r.Bearer != "" {
		fmt.Fprintf(w, "%s  bearer:    %s\n", indent, r.Bearer)
	}
	fmt.Fprintf(w, "%s  condition: %s\n", indent, r.Condition)
	if r.Deadline != nil {
		fmt.Fprintf(w, "%s  deadline:  %s\n", indent, r.Deadline)
	}
	if win := r.Window; win != nil {
		from, last := "-", "-"
		if win.From != nil {
			from = win.From.String()
		}
		if win.Until != nil {
			last = win.Until.AddDays(-1).String()
		}
		fmt.Fprintf(w, "%s  in force:  %s .. %s (the clause's own lifetime)\n", indent, from, last)
	}
	if r.Ended != nil {
		fmt.Fprintf(w, "%s  ended:     %s\n", indent, r.Ended)
	}
	missing := "none"
	if len(r.Missing) > 0 {
		missing = strings.Join(r.Missing, ", ")
	}
	fmt.Fprintf(w, "%s  missing:   %s\n", indent, missing)
	if len(r.Parts) > 0 {
		fmt.Fprintf(w, "%s  parts:\n", indent)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, p := range r.Parts {
			from := "-"
			if p.From != nil {
				from = "from " + p.From.String()
			}
			fmt.Fprintf(tw, "%s    %s\t%s\t%s\t%s\t%s\n", indent, p.Value, strings.ReplaceAll(p.Relation, "_", " "), p.Origin, from, p.Condition)
		}
		tw.Flush()
	}
	if len(r.ReadingFacts) > 0 {
		fmt.Fprintf(w, "%s  own facts: %s\n", indent, strings.Join(r.ReadingFacts, ", "))
	}
	if len(r.Evidence) > 0 {
		fmt.Fprintf(w, "%s  decided by:\n", indent)
		for _, e := range r.Evidence {
			fmt.Fprintf(w, "%s    %s\n", indent, e)
		}
	}
	if len(r.Exceptions) > 0 {
		fmt.Fprintf(w, "%s  exceptions:\n", indent)
		writeExceptions(w, r.Exceptions, indent+"    ")
	}
	if r.Explanation != nil {
		fmt.Fprintf(w, "%s  explanation:\n", indent)
		for l := range strings.SplitSeq(strings.TrimRight(r.Explanation.String(), "\n"), "\n") {
			fmt.Fprintf(w, "%s    %s\n", indent, l)
		}
	}
}

// clauseSentence says who must (may, must not) do what.
func clauseSentence(c clauseInfo) string {
	verb := map[string]string{"obligation": "must", "permission": "may", "prohibition": "must not"}[c.Kind]
	if verb == "" {
		verb = c.Kind
	}
	s := fmt.Sprintf("%s %s %s", c.Bearer, verb, c.Action)
	if len(c.Objects) > 0 {
		s += " (" + strings.Join(c.Objects, ", ") + ")"
	}
	if c.Beneficiary != "" {
		s += " for " + c.Beneficiary
	}
	return s
}

func sinceText(d *treaty.Date) string {
	if d == nil {
		return "-"
	}
	return d.String()
}

// errWriter remembers the first write error.
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
