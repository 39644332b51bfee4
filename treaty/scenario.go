package treaty

// ScenarioSchema is the version tag of the scenario file format.
const ScenarioSchema = "treatycond.scenario/v1"

// Scenario is a set of facts, possibly with dated histories, evaluated as of
// a date.
type Scenario struct {
	// Schema is the format tag, ScenarioSchema; empty means ScenarioSchema.
	Schema string `json:"schema,omitempty"`
	ID     string `json:"id"`
	Title  string `json:"title,omitempty"`
	// Model is the path of the model file, relative to the scenario
	// file's folder, or absolute; used by the command line tool.
	Model string `json:"model,omitempty"`
	// AsOf is the date of evaluation.
	AsOf Date `json:"as_of"`
	// Facts maps fact names to their values or histories.
	Facts map[string]Fact `json:"facts,omitempty"`
	// Expect lists expected results, checked by [Report.Check] and `treaty test`.
	Expect  []Expectation `json:"expect,omitempty"`
	Notes   []string      `json:"notes,omitempty"`
	Sources []Source      `json:"sources,omitempty"`
	// Provenance is where the scenario was decoded from, for the file
	// positions of the problems ValidateScenario finds, and, for a
	// scenario returned partially decoded, the problems found in
	// decoding; nil for a scenario built in Go. It is not part of the
	// content (see [Provenance]).
	Provenance *Provenance `json:"-"`
}

// Fact is a fact's value in a scenario: one value that holds throughout, or
// a history of dated values. Before the first dated change the fact is
// unknown, unless Value is also set, in which case Value holds until then.
//
// In JSON a Fact is either a plain value (true, 3, "text", or "YYYY-MM-DD"
// for a date fact) or an object {"value": ..., "history": [{"from":
// "YYYY-MM-DD", "value": ...}, ...]}. A null value is unknown. The object
// form may also give the "source" and "note" of Value, as each history
// entry may of its own value; reports name them where the value decides a
// result ([Result.Evidence]).
type Fact struct {
	Value   any      `json:"value,omitempty"`
	History []Change `json:"history,omitempty"`
	// Source and Note say where Value comes from.
	Source *Source `json:"source,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// SetFrom returns f with the value v from date from on: f's value and
// history before from are kept, and its later changes dropped. With from
// zero, v holds on every date: f's history is dropped. Sources and notes
// of kept entries are kept; the new value has none.
//
// This is the one rule for a value set over a scenario's own:
// `treaty eval --set name=value@from` (and explain, takes, timeline,
// sweep) uses it, `--set name=value` is SetFrom with from zero, and the
// values a [Sweep] varies follow it with from zero (they hold on every
// date), so that a sweep and eval --set give the same status for the same
// combination of values. It never modifies f.
func (f Fact) SetFrom(from Date, v any) Fact {
	if from.IsZero() {
		return Fact{Value: v}
	}
	out := Fact{Value: f.Value, Source: f.Source, Note: f.Note}
	for _, ch := range f.History {
		if ch.From.Before(from) {
			out.History = append(out.History, ch)
		}
	}
	out.History = append(out.History, Change{From: from, Value: v})
	return out
}

// Change is a fact taking a value from a date on, with where that value
// comes from.
type Change struct {
	From   Date    `json:"from"`
	Value  any     `json:"value"`
	Source *Source `json:"source,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// Expectation is an expected result for one clause under one reading.
// Empty fields are not checked.
type Expectation struct {
	Clause string `json:"clause"`
	// Instance, if set, names one instance of an each-party clause, as
	// [Result.Instance] does: "clause[bearer,beneficiary]".
	Instance string   `json:"instance,omitempty"`
	Reading  string   `json:"reading"`
	Status   Status   `json:"status,omitempty"`
	Value    string   `json:"value,omitempty"`  // "true", "false" or "unknown"
	Since    string   `json:"since,omitempty"`  // YYYY-MM-DD, or "none"
	Missing  []string `json:"missing,omitzero"` // nil: not checked; empty: none missing
	Note     string   `json:"note,omitempty"`
}

// Status is where a clause stands under a reading as of a date.
type Status string

// Statuses.
const (
	// NotInForce: the clause's instrument is not in force (not yet, no
	// longer, suspended or superseded), or the reading does not accept it.
	NotInForce Status = "not_in_force"
	// NotDue: in force, but its condition does not hold (or its start date
	// has not come).
	NotDue Status = "not_due"
	// Undetermined: in force, but missing facts leave the condition, or
	// performance after a passed deadline, unknown.
	Undetermined Status = "undetermined"
	// Due: in force and the condition holds; not yet performed.
	Due Status = "due"
	// Fulfilled: due and performed.
	Fulfilled Status = "fulfilled"
	// Violated: due, deadline passed, not performed (for a prohibition: the
	// prohibited act took place).
	Violated Status = "violated"
)
