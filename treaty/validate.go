package treaty

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/calendar"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// Validate checks m for every problem it can find and returns them all, or
// nil. The error is an [ErrorList]; each [Error] names the JSON path of the
// problem, such as /instruments/2/clauses/0/bearer, and, when m was decoded
// by [DecodeModel] or [LoadModel], the file, line and column.
//
// Validate checks that:
//
//   - required fields are set: the model's id; each party's id and name;
//     each instrument's id, title, kind, and parties or author; each
//     clause's id, kind, bearer and action; each relation's kind and target;
//     each reading's party; each source's title;
//   - kinds are among the declared constants and ids contain no white
//     space;
//   - ids are unique: party ids; instrument and clause ids together (a
//     relation's target may be either); fact names; reading ids (which
//     default to the party id);
//   - references exist: parties named by instruments, clauses, readings and
//     successions; instruments named by readings and rejections; relation
//     targets; facts named by conditions, performed and When anchors;
//   - facts are declared with valid names and a type other than any; a
//     performed fact is a bool fact and a When anchor is "due", "in_force",
//     "signed" or a date fact;
//   - every condition type-checks against the declared facts
//     ([conditions.Check]); adds_condition and replaces_condition carry one,
//     other relations do not;
//   - dates are in order: in force not before signed, terminated not before
//     the instrument takes effect, a suspension's until not before its
//     from, a fixed deadline not before a fixed not-before date;
//   - there are no cycles of supersedes, terminates, suspends or
//     replaces_condition relations between instruments (an instrument
//     acting on itself included), nor of successions between parties,
//     nor of entries into force that read one another's [BoundFact];
//   - a declared parties.X or bound.X fact is a set and X an instrument;
//   - exceptions override known clauses, exceptions or instruments, never
//     themselves, and form no cycle; readings rank known clauses and
//     exceptions, each once.
//
// Validate does not modify m.
func (m *Model) Validate() error {
	if m == nil {
		return ErrorList{{Code: CodeSchema, Msg: "nil model"}}.finish()
	}
	errs := checkModel(m)
	m.Provenance.locate(m, errs)
	return errs.finish()
}

// ValidateScenario checks scenario s against model m and returns every
// problem it finds, or nil. The error is an [ErrorList]; each [Error] names
// the JSON path of the problem, such as /facts/peace_treaty.concluded, and,
// when s was decoded by [DecodeScenario] or [LoadScenario], the file, line
// and column.
//
// It checks the scenario's own form (id and as_of set, schema tag, fact
// histories with dates, in strictly increasing order; expectations naming a
// clause and a reading, with a valid status, a value of "true", "false" or
// "unknown", and a since of "YYYY-MM-DD" or "none") and, against m: every
// fact is declared by m and each of its values has the declared type (see
// [ConvertFact]); expectations name clauses and readings of m and declared
// facts. When m has no readings, each party's id names its default
// reading. m itself is not validated. ValidateScenario modifies neither
// argument.
//
// For a scenario that [DecodeScenario] returned along with an error,
// partially decoded, ValidateScenario reports the problems found in
// decoding as well, and leaves out what follows from them (a missing
// "as_of" next to an unknown field "asof", say), so that one call lists
// every problem of the file.
func ValidateScenario(m *Model, s *Scenario) error {
	if s == nil {
		return ErrorList{{Code: CodeSchema, Msg: "nil scenario"}}.finish()
	}
	return scenarioErrors(m, s, s.Provenance).finish()
}

// ConvertFact converts v, a value of fact name from a scenario, to the value
// package conditions expects for the fact's type as m declares it:
//
//   - bool facts: a bool;
//   - number facts: a float64, from any Go integer or floating-point value
//     (not NaN or infinite);
//   - string facts: a string;
//   - date facts: a [time.Time] at midnight UTC, from a "YYYY-MM-DD"
//     string, a [Date] or a time.Time (taken by its civil date).
//
// nil stays nil (unknown). A fact m does not declare is an [*Error] with
// [CodeUnknownFact]; a value of the wrong type one with [CodeSchema]. The
// error has no Path: the caller knows where the value came from.
func ConvertFact(m *Model, name string, v any) (any, error) {
	var names []string
	if m != nil {
		for _, f := range m.Facts {
			if f.Name == name && isColl(f.Field) {
				return convertColl(f.Field, v)
			}
			if f.Name == name {
				return convertFactValue(name, f.Type, v)
			}
			names = append(names, f.Name)
		}
	}
	return nil, &Error{Code: CodeUnknownFact, Msg: fmt.Sprintf("unknown fact %q", name),
		Hint: suggestion(name, names)}
}

// FactValue is the former name of [ConvertFact].
//
// Deprecated: use [ConvertFact]; the name FactValue is easily confused
// with the type [conditions.FactValue].
func FactValue(m *Model, name string, v any) (any, error) { return ConvertFact(m, name, v) }

// convertFactValue implements ConvertFact for a fact of type t. What a
// value may be is package conditions' rule ([conditions.ConvertFact], the
// conversion every evaluation path uses); this adds only what a scenario
// built in Go may say beyond it, a [Date] and a date as "YYYY-MM-DD", and
// words its errors for scenarios.
func convertFactValue(name string, t conditions.Type, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(detail string) error {
		msg := fmt.Sprintf("want %s for fact %q, got %s", t, name, describeValue(v))
		if detail != "" {
			msg += ": " + detail
		}
		return &Error{Code: CodeSchema, Msg: msg}
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil, nil
		}
		rv = rv.Elem()
	}
	x := rv.Interface()
	switch d := x.(type) {
	case Date:
		if t != conditions.Date && t != conditions.Any {
			return nil, bad("")
		}
		if d.IsZero() {
			return nil, nil
		}
		x = d.Time()
	default:
		if t == conditions.Date && rv.Kind() == reflect.String {
			d, err := ParseDate(rv.String())
			if err != nil {
				return nil, bad("not a valid YYYY-MM-DD date")
			}
			x = d.Time()
		}
	}
	out, err := conditions.ConvertFact(name, t, x)
	if err != nil {
		if rv.CanFloat() && (math.IsNaN(rv.Float()) || math.IsInf(rv.Float(), 0)) {
			return nil, bad("not a finite number")
		}
		return nil, bad("")
	}
	return out, nil
}

// describeValue names a fact value's type and value for an error message.
func describeValue(v any) string {
	switch x := v.(type) {
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case float64:
		return "number " + strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return "string " + strconv.Quote(x)
	case []any, []string:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// checker collects problems with their JSON paths.
type checker struct {
	errs ErrorList
}

func (c *checker) add(code Code, path, hint, format string, args ...any) *Error {
	e := &Error{Path: path, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint}
	c.errs.Add(e)
	return e
}

// required reports whether value is set, and adds an error if not. path is
// the path of the field.
func (c *checker) required(path, value string) bool {
	if value != "" {
		return true
	}
	c.add(CodeSchema, path, "", "missing or empty %q", lastToken(path))
	return false
}

// id checks a required id: set and without white space.
func (c *checker) id(path, id string) bool {
	if !c.required(path, id) {
		return false
	}
	if strings.ContainsAny(id, " \t\n\r\f") {
		c.add(CodeSchema, path, "", "invalid id %q: ids contain no white space", id)
		return false
	}
	return true
}

// enum checks that value, if set (or required), is one of allowed.
func (c *checker) enum(path, value string, required bool, what string, allowed []string) {
	if value == "" {
		if required {
			c.required(path, value)
		}
		return
	}
	if !slices.Contains(allowed, value) {
		c.add(CodeSchema, path, suggestion(value, allowed), "invalid %s %q: want one of %s",
			what, value, strings.Join(allowed, ", "))
	}
}

// ref checks that id names one of known, and adds an error with code if
// not. Empty ids are not checked.
func (c *checker) ref(code Code, path, what, id string, known map[string]int, names []string) bool {
	if id == "" {
		return true
	}
	if _, ok := known[id]; ok {
		return true
	}
	c.add(code, path, suggestion(id, names), "unknown %s %q", what, id)
	return false
}

func (c *checker) sources(path string, ss []Source) {
	for i, s := range ss {
		c.required(fmt.Sprintf("%s/%d/title", path, i), s.Title)
	}
}

func lastToken(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// namespace is a set of ids with their paths, in declaration order.
type namespace struct {
	index map[string]int // id -> position in names
	names []string
	paths []string
}

func newNamespace() *namespace { return &namespace{index: map[string]int{}} }

// declare adds id, declared at path. It returns the path of an earlier
// declaration of the same id, if any.
func (ns *namespace) declare(id, path string) (first string, dup bool) {
	if i, ok := ns.index[id]; ok {
		return ns.paths[i], true
	}
	ns.index[id] = len(ns.names)
	ns.names = append(ns.names, id)
	ns.paths = append(ns.paths, path)
	return "", false
}

// modelChecker validates a model.
type modelChecker struct {
	checker
	m          *Model
	parties    *namespace
	insts      *namespace
	clauses    map[string][2]int // clause id -> instrument, clause index
	targets    *namespace        // instrument and clause ids
	facts      map[string]conditions.Type
	factNames  []string
	badFacts   map[string]bool
	schema     *conditions.Schema
	readingIDs *namespace
	excepts    map[string][2]int // exception id -> instrument, exception index
}

var (
	partyKinds      = []string{string(State), string(Organization), string(Group), string(Population)}
	instrumentKinds = []string{string(KindTreaty), string(KindAgreement), string(KindProtocol),
		string(KindJointDeclaration), string(KindDeclaration), string(KindMemorandum), string(KindStatement),
		string(KindNote), string(KindResolution), string(KindLaw), string(KindAward)}
	deontics      = []string{string(Obligation), string(Permission), string(Prohibition), string(Power)}
	relationKinds = []string{string(AddsCondition), string(ReplacesCondition), string(Suspends),
		string(Terminates), string(Supersedes), string(Reaffirms), string(Rejects), string(Activates)}
	statuses = []string{string(NotInForce), string(NotDue), string(Undetermined), string(Due),
		string(Fulfilled), string(Violated), string(Available), string(Exercised), string(Effective),
		string(Blocked), string(Lapsed)}
	whenAnchors = []string{"due", "in_force", "signed"}
)

// checkModel returns every problem with m, with paths but no positions.
func checkModel(m *Model) ErrorList {
	c := &modelChecker{m: m, parties: newNamespace(), insts: newNamespace(), targets: newNamespace(),
		clauses: map[string][2]int{}, facts: map[string]conditions.Type{}, badFacts: map[string]bool{},
		readingIDs: newNamespace()}
	if m.Schema != "" && m.Schema != ModelSchema {
		c.add(CodeSchema, "/schema", "", "unsupported schema %q: want %q", m.Schema, ModelSchema)
	}
	c.id("/id", m.ID)
	if len(m.Parties) == 0 {
		c.add(CodeSchema, "/parties", "", "a model needs at least one party")
	}
	if len(m.Instruments) == 0 {
		c.add(CodeSchema, "/instruments", "", "a model needs at least one instrument")
	}
	c.checkFacts()
	c.checkParties()
	c.declareInstruments()
	for i := range m.Instruments {
		c.checkInstrument(i)
	}
	c.checkReadings()
	c.checkStatements()
	c.checkReadingFacts()
	c.checkRelationCycles()
	c.checkExceptionCycles()
	c.checkPowerCycles()
	c.checkSuccessionCycles()
	c.checkEntryCycles()
	c.checkSuppliedFacts()
	c.sources("/sources", m.Sources)
	return c.errs
}

func (c *modelChecker) checkFacts() {
	var good []conditions.Field
	factPaths := map[string]string{}
	for i, f := range c.m.Facts {
		path := fmt.Sprintf("/facts/%d", i)
		c.sources(path+"/sources", f.Sources)
		ok := true
		if c.required(path+"/name", f.Name) && !isFactName(f.Name) {
			c.add(CodeSchema, path+"/name", "",
				"invalid fact name %q: want a dotted identifier such as peace_treaty.concluded, not a keyword", f.Name)
			ok = false
		}
		if f.Name == conditions.AsOf {
			c.add(CodeSchema, path+"/name", "", "fact name %q is reserved: conditions read it as the date being evaluated, without a declaration", f.Name)
			ok = false
		}
		if first, dup := factPaths[f.Name]; dup && f.Name != "" {
			c.add(CodeDuplicateID, path+"/name", "", "duplicate fact %q (first at %s)", f.Name, first)
			continue
		}
		factPaths[f.Name] = path
		if f.Type == conditions.Any || f.Type == conditions.Period || f.Type > conditions.Set {
			c.add(CodeSchema, path+"/type", "", "invalid fact type %s: want bool, number, string, date or set", f.Type)
			ok = false
		}
		if f.Name == "" {
			continue
		}
		c.facts[f.Name] = f.Type
		c.factNames = append(c.factNames, f.Name)
		if ok {
			good = append(good, f.Field)
		} else {
			c.badFacts[f.Name] = true
		}
	}
	good = c.checkFactIndexes(good)
	s, err := conditions.NewSchema(withAsOf(good)...)
	if err != nil { // not expected: the fields were checked above
		c.add(CodeSchema, "/facts", "", "%v", err)
		s, _ = conditions.NewSchema()
	}
	c.schema = s
}

// isFactName reports whether name is a dotted identifier
// [A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)* and not a keyword of
// the condition language.
func isFactName(name string) bool {
	switch name {
	case "", "and", "or", "not", "true", "false", "atleast":
		return false
	}
	for part := range strings.SplitSeq(name, ".") {
		if part == "" || '0' <= part[0] && part[0] <= '9' {
			return false
		}
		for i := 0; i < len(part); i++ {
			ch := part[i]
			if ch != '_' && !('a' <= ch && ch <= 'z') && !('A' <= ch && ch <= 'Z') && !('0' <= ch && ch <= '9') {
				return false
			}
		}
	}
	return true
}

func (c *modelChecker) checkParties() {
	for i, p := range c.m.Parties {
		path := fmt.Sprintf("/parties/%d", i)
		if c.id(path+"/id", p.ID) {
			if first, dup := c.parties.declare(p.ID, path); dup {
				c.add(CodeDuplicateID, path+"/id", "", "duplicate party id %q (first at %s)", p.ID, first)
			}
		}
		c.required(path+"/name", p.Name)
		c.enum(path+"/kind", string(p.Kind), false, "party kind", partyKinds)
		c.sources(path+"/sources", p.Sources)
	}
	for i, p := range c.m.Parties {
		if p.Continues == nil {
			continue
		}
		path := fmt.Sprintf("/parties/%d/continues", i)
		if c.required(path+"/party", p.Continues.Party) {
			c.ref(CodeUnknownParty, path+"/party", "party", p.Continues.Party, c.parties.index, c.parties.names)
		}
		if p.Continues.From.IsZero() {
			c.add(CodeSchema, path+"/from", "", "missing or empty %q", "from")
		}
	}
}

// declareInstruments records instrument and clause ids, reporting
// duplicates.
func (c *modelChecker) declareInstruments() {
	for i, inst := range c.m.Instruments {
		path := fmt.Sprintf("/instruments/%d", i)
		if c.id(path+"/id", inst.ID) {
			c.declareTarget(inst.ID, path)
			c.insts.declare(inst.ID, path)
		}
		for j, cl := range inst.Clauses {
			cpath := fmt.Sprintf("%s/clauses/%d", path, j)
			if c.id(cpath+"/id", cl.ID) && c.declareTarget(cl.ID, cpath) {
				c.clauses[cl.ID] = [2]int{i, j}
			}
		}
		c.declareExceptions(i, path)
	}
}

func (c *modelChecker) declareTarget(id, path string) bool {
	if first, dup := c.targets.declare(id, path); dup {
		c.add(CodeDuplicateID, path+"/id", "", "duplicate id %q (first at %s; instruments and clauses share one namespace)", id, first)
		return false
	}
	return true
}

// takesEffect returns the date inst takes effect: in force, or signed.
func takesEffect(inst *Instrument) Date {
	if !inst.InForce.IsZero() {
		return inst.InForce
	}
	return inst.Signed
}

func (c *modelChecker) checkInstrument(i int) {
	inst := &c.m.Instruments[i]
	path := fmt.Sprintf("/instruments/%d", i)
	c.required(path+"/title", inst.Title)
	c.enum(path+"/kind", string(inst.Kind), true, "instrument kind", instrumentKinds)
	if len(inst.Parties) == 0 && len(inst.Members) == 0 && inst.Author == "" {
		c.add(CodeSchema, path+"/parties", "", "instrument %q has neither parties nor an author", inst.ID)
	}
	seen := map[string]int{}
	for j, p := range inst.Parties {
		pp := fmt.Sprintf("%s/parties/%d", path, j)
		if !c.required(pp, p) {
			continue
		}
		if first, dup := seen[p]; dup {
			c.add(CodeDuplicateID, pp, "", "party %q listed twice (first at %s/parties/%d)", p, path, first)
			continue
		}
		seen[p] = j
		c.ref(CodeUnknownParty, pp, "party", p, c.parties.index, c.parties.names)
	}
	c.ref(CodeUnknownParty, path+"/author", "party", inst.Author, c.parties.index, c.parties.names)
	c.checkMembership(inst, path, seen)
	if !inst.Signed.IsZero() && !inst.InForce.IsZero() && inst.InForce.Before(inst.Signed) {
		c.add(CodeDates, path+"/in_force", "", "in force %s before it was signed %s", inst.InForce, inst.Signed)
	}
	if s := takesEffect(inst); !inst.Terminated.IsZero() && !s.IsZero() && inst.Terminated.Before(s) {
		c.add(CodeDates, path+"/terminated", "", "terminated %s before it took effect %s", inst.Terminated, s)
	}
	for j := range inst.Clauses {
		c.checkClause(inst, fmt.Sprintf("%s/clauses/%d", path, j), &inst.Clauses[j])
	}
	for j := range inst.Relations {
		c.checkRelation(inst, fmt.Sprintf("%s/relations/%d", path, j), &inst.Relations[j])
	}
	for j := range inst.Exceptions {
		c.checkException(fmt.Sprintf("%s/exceptions/%d", path, j), &inst.Exceptions[j])
	}
	c.sources(path+"/sources", inst.Sources)
}

func (c *modelChecker) checkClause(inst *Instrument, path string, cl *Clause) {
	c.enum(path+"/kind", string(cl.Kind), true, "clause kind", deontics)
	if c.required(path+"/bearer", cl.Bearer) && !c.eachRef(path+"/bearer", cl.Bearer) {
		c.ref(CodeUnknownParty, path+"/bearer", "party", cl.Bearer, c.parties.index, c.parties.names)
	}
	if !c.eachRef(path+"/beneficiary", cl.Beneficiary) {
		c.ref(CodeUnknownParty, path+"/beneficiary", "party", cl.Beneficiary, c.parties.index, c.parties.names)
	}
	c.required(path+"/action", cl.Action)
	c.condition(path+"/condition", cl.Condition)
	if cl.NotBefore != nil {
		c.when(path+"/not_before", cl.NotBefore, inst)
	}
	if cl.Deadline != nil {
		c.when(path+"/deadline", cl.Deadline, inst)
	}
	if cl.NotBefore != nil && cl.Deadline != nil && !cl.NotBefore.Date.IsZero() &&
		!cl.Deadline.Date.IsZero() && cl.Deadline.Date.Before(cl.NotBefore.Date) {
		c.add(CodeDates, path+"/deadline/date", "", "deadline %s before not_before %s", cl.Deadline.Date, cl.NotBefore.Date)
	}
	if cl.Performed != "" {
		c.factRef(path+"/performed", cl.Performed, conditions.Bool, "performed")
	}
	c.checkPower(inst, path, cl)
	if cl.Kind == Prohibition && cl.Deadline != nil {
		c.add(CodeSchema, path+"/deadline", "",
			"a prohibition has no deadline: to end it on a date, give the clause \"until\" (a date or a period from in_force or signed)")
	}
	for _, lw := range []struct {
		name string
		w    *When
	}{{"from", cl.From}, {"until", cl.Until}} {
		if lw.w == nil {
			continue
		}
		p := path + "/" + lw.name
		if lw.w.From != "" && lw.w.From != "in_force" && lw.w.From != "signed" {
			c.add(CodeSchema, p+"/from", "", "anchor %q: a clause's %s is a fixed date or a period from in_force or signed", lw.w.From, lw.name)
			continue
		}
		c.when(p, lw.w, inst)
	}
	if s, e := clauseWindow(inst, cl); !s.IsZero() && !e.IsZero() && !s.Before(e) {
		c.add(CodeDates, path+"/until", "", "until %s is not after from %s: the clause would never be in force", e, s)
	}
	c.sources(path+"/sources", cl.Sources)
}

// factRef checks that name is a declared fact of type want.
func (c *modelChecker) factRef(path, name string, want conditions.Type, role string) {
	t, ok := c.facts[name]
	if !ok && strings.ContainsAny(name, " <>=!()+-*/") {
		// Written as a condition: say what the field takes instead.
		c.add(CodeUnknownFact, path, "declare a "+want.String()+" fact and set it in the scenario",
			"%s names one fact, not a condition: %q is not a fact name", role, name)
		return
	}
	if !ok {
		c.add(CodeUnknownFact, path, suggestion(name, c.factNames), "unknown fact %q", name)
		return
	}
	if t != want && !c.badFacts[name] {
		c.add(CodeSchema, path, "", "%s fact %q is declared %s, want %s", role, name, t, want)
	}
}

func (c *modelChecker) when(path string, w *When, inst *Instrument) {
	switch {
	case w.Date.IsZero() && w.After.IsZero() && w.From == "":
		c.add(CodeSchema, path, "", "no date: set \"date\", or \"from\" and/or a non-zero \"after\" period such as \"30d\" (\"0d\" adds nothing)")
		return
	case !w.Date.IsZero() && (!w.After.IsZero() || w.From != ""):
		c.add(CodeSchema, path, "", "\"date\" excludes \"after\" and \"from\"")
		return
	}
	if w.After.Years < 0 || w.After.Months < 0 || w.After.Days < 0 {
		c.add(CodeSchema, path+"/after", "", "negative period: years, months and days count forward")
	}
	switch w.From {
	case "", "due":
	case "signed":
		if inst.Signed.IsZero() {
			c.add(CodeDates, path+"/from", "", "anchor %q: instrument %q has no signed date", w.From, inst.ID)
		}
	case "in_force":
		if takesEffect(inst).IsZero() {
			c.add(CodeDates, path+"/from", "", "anchor %q: instrument %q has neither an in_force nor a signed date", w.From, inst.ID)
		}
	default:
		if _, ok := c.facts[w.From]; !ok {
			c.add(CodeUnknownFact, path+"/from", suggestion(w.From, append(slices.Clone(whenAnchors), c.factNames...)),
				"unknown anchor %q: want due, in_force, signed or a date fact", w.From)
			return
		}
		c.factRef(path+"/from", w.From, conditions.Date, "anchor")
	}
}

// condition type-checks e against the declared facts.
func (c *modelChecker) condition(path string, e conditions.Expr) {
	if e.IsZero() {
		return
	}
	for _, f := range e.Facts() {
		if c.badFacts[f] {
			return // already reported at the declaration
		}
	}
	if err := conditions.Check(e, c.schema); err != nil {
		c.errs = append(c.errs, conditionErrors(path, err)...)
		return
	}
	if readsAsOf(e) {
		// The evaluator needs the days on which asof can change the value
		// (see asof.go): asof on one side of each comparison only.
		if _, err := conditions.AsOfChanges(e, nil, calendar.Min, calendar.Min); err != nil {
			c.errs = append(c.errs, conditionErrors(path, err)...)
		}
	}
}

// targetInstrument returns the index of the instrument that is, or holds,
// the target id, or -1.
func (c *modelChecker) targetInstrument(id string) int {
	if loc, ok := c.clauses[id]; ok {
		return loc[0]
	}
	if i, ok := c.insts.index[id]; ok {
		return i
	}
	return -1
}

func (c *modelChecker) checkRelation(inst *Instrument, path string, r *Relation) {
	c.enum(path+"/kind", string(r.Kind), true, "relation kind", relationKinds)
	if c.required(path+"/target", r.Target) && c.targetInstrument(r.Target) < 0 {
		code := CodeUnknownInstrument
		if r.Kind == AddsCondition || r.Kind == ReplacesCondition {
			code = CodeUnknownClause
		}
		c.add(code, path+"/target", suggestion(r.Target, c.targets.names),
			"unknown target %q: no instrument or clause has this id", r.Target)
	}
	switch r.Kind {
	case AddsCondition, ReplacesCondition:
		if r.Condition.IsZero() {
			c.add(CodeSchema, path+"/condition", "", "missing %q: %s needs one", "condition", r.Kind)
		}
		c.condition(path+"/condition", r.Condition)
	default:
		if !r.Condition.IsZero() {
			c.add(CodeSchema, path+"/condition", "", "%q applies only to adds_condition and replaces_condition", "condition")
		}
	}
	if !r.Until.IsZero() {
		from := r.From
		if from.IsZero() {
			from = takesEffect(inst)
		}
		switch {
		case r.Kind != Suspends:
			c.add(CodeSchema, path+"/until", "", "%q applies only to suspends", "until")
		case !from.IsZero() && r.Until.Before(from):
			c.add(CodeDates, path+"/until", "", "until %s before from %s", r.Until, from)
		}
	}
	c.sources(path+"/sources", r.Sources)
}

func (c *modelChecker) checkReadings() {
	for i, r := range c.m.Readings {
		path := fmt.Sprintf("/readings/%d", i)
		if c.required(path+"/party", r.Party) {
			c.ref(CodeUnknownParty, path+"/party", "party", r.Party, c.parties.index, c.parties.names)
		}
		id, idPath := r.ID, path+"/id"
		if id == "" {
			id, idPath = r.Party, path+"/party"
		} else {
			c.id(idPath, id)
		}
		if id != "" {
			if first, dup := c.readingIDs.declare(id, path); dup {
				e := c.add(CodeDuplicateID, idPath, "", "duplicate reading id %q (first at %s)", id, first)
				if r.ID == "" {
					e.Msg += "; a reading's id defaults to its party"
				}
			}
		}
		for j, a := range r.Accepts {
			c.ref(CodeUnknownInstrument, fmt.Sprintf("%s/accepts/%d", path, j), "instrument", a, c.insts.index, c.insts.names)
		}
		for j, rej := range r.Rejects {
			rp := fmt.Sprintf("%s/rejects/%d", path, j)
			if c.required(rp+"/instrument", rej.Instrument) {
				c.ref(CodeUnknownInstrument, rp+"/instrument", "instrument", rej.Instrument, c.insts.index, c.insts.names)
			}
			c.ref(CodeUnknownInstrument, rp+"/by", "instrument", rej.By, c.insts.index, c.insts.names)
		}
		c.checkPriorities(path, r.Priorities)
		c.sources(path+"/sources", r.Sources)
	}
}

// cycleKinds are the relations that decide whether their target is in
// force; a cycle of them has no consistent reading.
var cycleKinds = map[RelationKind]string{
	Supersedes:        "supersedes",
	Terminates:        "terminates",
	Suspends:          "suspends",
	ReplacesCondition: "replaces the condition of",
}

type relEdge struct {
	from, to int // instrument indexes
	rel      int // relation index in from
}

// checkRelationCycles reports one error per cycle of cycleKinds relations
// between instruments, at the first relation of the cycle in document
// order.
func (c *modelChecker) checkRelationCycles() {
	n := len(c.m.Instruments)
	adj := make([][]relEdge, n)
	var edges []relEdge
	for i, inst := range c.m.Instruments {
		for j, r := range inst.Relations {
			if _, ok := cycleKinds[r.Kind]; !ok {
				continue
			}
			if t := c.targetInstrument(r.Target); t >= 0 {
				e := relEdge{i, t, j}
				adj[i] = append(adj[i], e)
				edges = append(edges, e)
			}
		}
	}
	comp := components(n, func(v int) []int {
		var out []int
		for _, e := range adj[v] {
			out = append(out, e.to)
		}
		return out
	})
	reported := map[int]bool{}
	for _, e := range edges {
		if comp[e.from] != comp[e.to] || reported[comp[e.from]] {
			continue
		}
		reported[comp[e.from]] = true
		// The shortest path back from e.to to e.from closes the cycle.
		path := []relEdge{e}
		if e.to != e.from {
			prev := map[int]relEdge{}
			queue := []int{e.to}
			seen := map[int]bool{e.to: true}
			for len(queue) > 0 && !seen[e.from] {
				v := queue[0]
				queue = queue[1:]
				for _, x := range adj[v] {
					if !seen[x.to] && comp[x.to] == comp[e.from] {
						seen[x.to] = true
						prev[x.to] = x
						queue = append(queue, x.to)
					}
				}
			}
			var back []relEdge
			for v := e.from; v != e.to; v = prev[v].from {
				back = append(back, prev[v])
			}
			slices.Reverse(back)
			path = append(path, back...)
		}
		var steps []string
		for _, x := range path {
			src := &c.m.Instruments[x.from]
			r := src.Relations[x.rel]
			steps = append(steps, fmt.Sprintf("%q %s %q", src.ID, cycleKinds[r.Kind], r.Target))
		}
		msg := "cycle of relations: " + strings.Join(steps, ", ")
		if len(path) == 1 {
			msg = "instrument acts on itself: " + steps[0]
		}
		c.add(CodeCycle, fmt.Sprintf("/instruments/%d/relations/%d/target", e.from, e.rel), "", "%s", msg)
	}
}

// components returns the strongly connected component of each of the n
// vertices of a graph (Tarjan's algorithm).
func components(n int, succ func(int) []int) []int {
	index := make([]int, n)
	low := make([]int, n)
	comp := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		on[v] = true
		for _, w := range succ(v) {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if on[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	return comp
}

// checkSuccessionCycles reports parties that continue each other in a
// cycle, once per cycle, at the first party of it.
func (c *modelChecker) checkSuccessionCycles() {
	reported := map[int]bool{}
	for i := range c.m.Parties {
		var chain []int
		onChain := map[int]int{}
		for v := i; ; {
			if _, ok := onChain[v]; ok {
				cycle := chain[onChain[v]:]
				if !slices.Contains(cycle, i) || reported[slices.Min(cycle)] {
					break
				}
				reported[slices.Min(cycle)] = true
				var steps []string
				for _, p := range cycle {
					steps = append(steps, fmt.Sprintf("%q continues %q", c.m.Parties[p].ID, c.m.Parties[p].Continues.Party))
				}
				c.add(CodeCycle, fmt.Sprintf("/parties/%d/continues/party", i), "", "cycle of successions: %s", strings.Join(steps, ", "))
				break
			}
			onChain[v] = len(chain)
			chain = append(chain, v)
			p := c.m.Parties[v]
			if p.Continues == nil {
				break
			}
			next, ok := c.parties.index[p.Continues.Party]
			if !ok {
				break
			}
			v = next
		}
	}
}

// readingNames returns the reading ids of m: its readings' ids (defaulting
// to the party), or the party ids when it has no readings.
func readingNames(m *Model) []string {
	var out []string
	if len(m.Readings) == 0 {
		for _, p := range m.Parties {
			out = append(out, p.ID)
		}
		return out
	}
	for _, r := range m.Readings {
		if r.ID != "" {
			out = append(out, r.ID)
		} else {
			out = append(out, r.Party)
		}
	}
	return out
}

// checkScenario returns every problem with s, checked against m when m is
// not nil. src, if not nil, is where s was decoded from; it tells which
// form each fact was written in.
func checkScenario(m *Model, s *Scenario, src *source) ErrorList {
	var c checker
	if s.Schema != "" && s.Schema != ScenarioSchema {
		c.add(CodeSchema, "/schema", "", "unsupported schema %q: want %q", s.Schema, ScenarioSchema)
	}
	c.id("/id", s.ID)
	if s.AsOf.IsZero() {
		c.add(CodeSchema, "/as_of", "", "missing or empty %q", "as_of")
	}
	var factNames []string
	facts := map[string]int{}
	clauses := map[string]int{}
	var clauseNames []string
	readings := map[string]int{}
	var readingList []string
	if m != nil {
		for i, f := range m.Facts {
			facts[f.Name] = i
			factNames = append(factNames, f.Name)
		}
		for _, inst := range m.Instruments {
			for _, cl := range inst.Clauses {
				clauses[cl.ID] = len(clauseNames)
				clauseNames = append(clauseNames, cl.ID)
			}
		}
		readingList = readingNames(m)
		for i, r := range readingList {
			readings[r] = i
		}
	}
	names := make([]string, 0, len(s.Facts))
	for name := range s.Facts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := s.Facts[name]
		path := jsonpos.Append("/facts", name)
		declared := false
		if m != nil {
			declared = c.ref(CodeUnknownFact, path, "fact", name, facts, factNames)
		}
		valuePath := path
		if len(f.History) > 0 {
			valuePath += "/value"
		} else if src != nil {
			if v, ok := src.root.Lookup(path); ok && v.Kind == jsonpos.Object {
				valuePath += "/value"
			}
		}
		check := func(p string, v any) {
			if !declared {
				return
			}
			if _, err := ConvertFact(m, name, v); err != nil {
				var e *Error
				if errors.As(err, &e) {
					c.add(e.Code, p, e.Hint, "%s", e.Msg)
				}
			}
		}
		check(valuePath, f.Value)
		if f.Source != nil {
			c.required(path+"/source/title", f.Source.Title)
		}
		for i, ch := range f.History {
			hp := fmt.Sprintf("%s/history/%d", path, i)
			if ch.Source != nil {
				c.required(hp+"/source/title", ch.Source.Title)
			}
			if ch.From.IsZero() {
				c.add(CodeSchema, hp+"/from", "", "missing or empty %q", "from")
			} else if i > 0 && !f.History[i-1].From.IsZero() {
				switch prev := f.History[i-1].From; ch.From.Compare(prev) {
				case 0:
					c.add(CodeDates, hp+"/from", "", "history has two entries from %s", ch.From)
				case -1:
					c.add(CodeDates, hp+"/from", "", "history out of order: %s is listed after %s", ch.From, prev)
				}
			}
			check(hp+"/value", ch.Value)
		}
	}
	for i, e := range s.Expect {
		path := fmt.Sprintf("/expect/%d", i)
		if c.required(path+"/clause", e.Clause) && m != nil {
			c.ref(CodeUnknownClause, path+"/clause", "clause", e.Clause, clauses, clauseNames)
		}
		if e.Instance != "" && (!strings.HasPrefix(e.Instance, e.Clause+"[") || !strings.HasSuffix(e.Instance, "]")) {
			c.add(CodeSchema, path+"/instance", "", "instance %q is not an instance of clause %q: want %s[bearer,beneficiary]",
				e.Instance, e.Clause, e.Clause)
		}
		if c.required(path+"/reading", e.Reading) && m != nil {
			c.ref(CodeUnknownReading, path+"/reading", "reading", e.Reading, readings, readingList)
		}
		c.enum(path+"/status", string(e.Status), false, "status", statuses)
		c.enum(path+"/value", e.Value, false, "value", []string{"true", "false", "unknown"})
		if e.Since != "" && e.Since != "none" {
			if _, err := ParseDate(e.Since); err != nil {
				reason := "want YYYY-MM-DD or \"none\""
				if ce, ok := err.(*calendar.Error); ok && !strings.HasPrefix(ce.Reason, "want ") {
					reason = ce.Reason
				}
				c.add(CodeSchema, path+"/since", "", "invalid since %q: %s", e.Since, reason)
			}
		}
		for j, name := range e.Missing {
			if m != nil {
				name = memberFactBase(m, name)
				c.ref(CodeUnknownFact, fmt.Sprintf("%s/missing/%d", path, j), "fact", name, facts, factNames)
			}
		}
	}
	c.sources("/sources", s.Sources)
	return c.errs
}
