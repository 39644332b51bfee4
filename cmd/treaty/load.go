package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	suggestpkg "github.com/treatycond/treatycond/internal/suggest"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// errorLines renders err as one or more lines. A [treaty.ErrorList] gives
// one line per problem, "file:line:col: /json/path: message".
func errorLines(err error) []string {
	if list, ok := errors.AsType[treaty.ErrorList](err); ok && len(list) > 0 {
		lines := make([]string, 0, len(list))
		for _, e := range list {
			lines = append(lines, e.Error())
		}
		return lines
	}
	if e, ok := errors.AsType[*treaty.Error](err); ok {
		return []string{e.Error()}
	}
	return strings.Split(err.Error(), "\n")
}

// printErrorsPrefixed writes err to w, one problem per line, each
// prefixed by "treaty CMD: ".
func printErrorsPrefixed(w io.Writer, cmd string, err error) {
	for _, l := range errorLines(err) {
		fmt.Fprintf(w, "treaty %s: %s\n", cmd, l)
	}
}

// readModel loads the model at path ("-": standard input);
// [treaty.DecodeModel] validates it.
func readModel(path string) (*treaty.Model, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return treaty.DecodeModel(data, displayName(path), treaty.MaxInputSize(inputLimit))
}

// loadModelArg loads the model file given on the command line, saying so
// when it is a scenario file instead. hint says what to do then, such as
// "pass it with --scenario".
func loadModelArg(path, hint string) (*treaty.Model, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if fileKind(data) == "scenario" {
		var named struct {
			Model string `json:"model"`
		}
		if json.Unmarshal(data, &named) == nil && named.Model != "" {
			hint += fmt.Sprintf(" (its model is %q)", named.Model)
		}
		return nil, fmt.Errorf("%s is a scenario file, not a model; %s", displayName(path), hint)
	}
	return treaty.DecodeModel(data, displayName(path), treaty.MaxInputSize(inputLimit))
}

// loadScenarioArg loads the scenario file given with --scenario, saying
// so when it is a model file instead. On error the scenario may be
// returned partially decoded (see [treaty.DecodeScenario]).
func loadScenarioArg(path string) (*treaty.Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if fileKind(data) == "model" {
		return nil, fmt.Errorf("%s is a model file, not a scenario; pass it as MODEL.json, not with --scenario", displayName(path))
	}
	return treaty.DecodeScenario(data, displayName(path), treaty.MaxInputSize(inputLimit))
}

// inputs are the model and scenario a command works on.
type inputs struct {
	modelPath    string
	model        *treaty.Model
	scenarioPath string
	scenario     *treaty.Scenario
	// overrides are the facts --set replaced, in the order given (a fact
	// set twice keeps its last value, at its first place).
	overrides []treaty.Override
}

// scenarioFlags are the flags shared by the commands that evaluate a
// model under a scenario.
type scenarioFlags struct {
	scenario string
	asOf     string
	sets     multiFlag
	// needDate is set by commands that evaluate: without a scenario,
	// --as-of is required.
	needDate bool
}

func (f *scenarioFlags) register(fs *flag.FlagSet, withSet bool) {
	fs.StringVar(&f.scenario, "scenario", "", "scenario `file` (JSON); its \"model\" path is used when MODEL is omitted")
	fs.StringVar(&f.asOf, "as-of", "", "evaluate as of `date` (YYYY-MM-DD) instead of the scenario's as_of")
	if withSet {
		fs.Var(&f.sets, "set", "override a fact: `name=value` (repeatable); value per the fact's type:\ntrue/false, a number, a string, YYYY-MM-DD, or null/unknown;\nname=value@YYYY-MM-DD: the value from that date on, the fact's history kept before it")
	}
}

// load reads the model (from args[0], or the scenario's "model" path) and
// the scenario, applies --set and --as-of, and reports problems on
// e.stderr. ok is false when the command must exit with exitUsage.
func (f *scenarioFlags) load(e *env, cmd string, args []string) (in inputs, ok bool) {
	fail := func(err error) (inputs, bool) {
		printErrorsPrefixed(e.stderr, cmd, err)
		return inputs{}, false
	}
	var scenarioErr error
	if f.scenario != "" {
		in.scenarioPath = f.scenario
		s, err := loadScenarioArg(f.scenario)
		if s == nil {
			return fail(err)
		}
		// A scenario with problems is checked against its model too, so
		// that all its problems are reported at once.
		in.scenario, scenarioErr = s, err
	}
	switch {
	case len(args) > 0:
		in.modelPath = args[0]
	case in.scenario != nil && in.scenario.Model != "":
		in.modelPath = modelPath(in.scenarioPath, in.scenario)
	default:
		if scenarioErr != nil {
			return fail(scenarioErr)
		}
		fmt.Fprintf(e.stderr, "treaty %s: no model: give MODEL.json, or a --scenario whose \"model\" names one\n", cmd)
		return inputs{}, false
	}
	m, err := loadModelArg(in.modelPath, "pass it with --scenario")
	if err != nil {
		if scenarioErr != nil {
			printErrorsPrefixed(e.stderr, cmd, scenarioErr)
		}
		return fail(err)
	}
	in.model = m
	if in.scenario != nil {
		if err := treaty.ValidateScenario(m, in.scenario); err != nil {
			return fail(err)
		}
	}
	var asOf treaty.Date
	if f.asOf != "" {
		d, err := treaty.ParseDate(f.asOf)
		if err != nil {
			return fail(fmt.Errorf("--as-of: %v", err))
		}
		asOf = d
	}
	if in.scenario == nil {
		if asOf.IsZero() && f.needDate {
			fmt.Fprintf(e.stderr, "treaty %s: give --scenario or --as-of\n", cmd)
			return inputs{}, false
		}
		in.scenario = &treaty.Scenario{Schema: treaty.ScenarioSchema, AsOf: asOf}
	} else {
		s := *in.scenario
		s.Facts = maps.Clone(s.Facts)
		if !asOf.IsZero() {
			s.AsOf = asOf
		}
		in.scenario = &s
	}
	if len(f.sets) > 0 {
		if in.scenario.Facts == nil {
			in.scenario.Facts = map[string]treaty.Fact{}
		}
		for _, set := range f.sets {
			name, v, from, err := parseSetAt(m, set)
			if err != nil {
				return fail(fmt.Errorf("--set %s: %v", set, err))
			}
			in.scenario.Facts[name] = in.scenario.Facts[name].SetFrom(from, v)
			if i := slices.IndexFunc(in.overrides, func(o treaty.Override) bool { return o.Fact == name }); i >= 0 {
				in.overrides[i].Value, in.overrides[i].From = v, from
			} else {
				in.overrides = append(in.overrides, treaty.Override{Fact: name, Value: v, From: from})
			}
		}
	}
	return in, true
}

// parseSetAt parses a --set argument name=value or name=value@YYYY-MM-DD
// for model m; from is zero without a date. A value that ends in "@" and
// something that is not a date, or that is quoted, is a value as it is.
func parseSetAt(m *treaty.Model, arg string) (name string, v any, from treaty.Date, err error) {
	if i := strings.LastIndex(arg, "@"); i > 0 && !strings.HasSuffix(arg, `"`) {
		if d, derr := treaty.ParseDate(arg[i+1:]); derr == nil {
			name, v, err = parseSet(m, arg[:i])
			return name, v, d, err
		} else if looksLikeDate(arg[i+1:]) {
			return "", nil, treaty.Date{}, fmt.Errorf("after @: %v", derr)
		}
	}
	name, v, err = parseSet(m, arg)
	return name, v, treaty.Date{}, err
}

// looksLikeDate reports whether s has the shape of a date (digits and
// dashes starting with a digit), to report a bad date after @ rather than
// take it as part of a string value.
func looksLikeDate(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	return strings.Trim(s, "0123456789-") == ""
}

// parseSet parses a --set name=value argument for model m.
func parseSet(m *treaty.Model, arg string) (string, any, error) {
	name, text, ok := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return "", nil, fmt.Errorf("want name=value")
	}
	typ := conditions.Any
	if len(m.Facts) > 0 {
		i := slices.IndexFunc(m.Facts, func(f treaty.FactDecl) bool { return f.Name == name })
		if i < 0 {
			return "", nil, errors.New(unknownText("model "+strconv.Quote(m.ID)+" declares no fact", name, factNames(m), 0))
		}
		typ = m.Facts[i].Type
		if isCollDecl(m.Facts[i]) {
			v, err := parseCollValue(m, m.Facts[i], text)
			return name, v, err
		}
	}
	v, err := parseValue(text, typ)
	return name, v, err
}

func factNames(m *treaty.Model) []string {
	names := make([]string, len(m.Facts))
	for i, f := range m.Facts {
		names[i] = f.Name
	}
	return names
}

// parseValue parses a fact value given on the command line as type typ.
// "null" and "unknown" are the unknown value (nil) for every type. With
// typ Any the type is guessed: true/false, a number, a YYYY-MM-DD date,
// else a string. A double-quoted value is always a string (Go escapes).
func parseValue(text string, typ conditions.Type) (any, error) {
	if text == "null" || text == "unknown" {
		return nil, nil
	}
	quoted := len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"'
	switch typ {
	case conditions.Bool:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("invalid bool %q: want true, false or unknown", text)
	case conditions.Number:
		n, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("invalid number %q", text)
		}
		return n, nil
	case conditions.Date:
		d, err := treaty.ParseDate(text)
		if err != nil {
			return nil, err
		}
		return d, nil
	case conditions.String:
		if quoted {
			s, err := strconv.Unquote(text)
			if err != nil {
				return nil, fmt.Errorf("invalid quoted string %s", text)
			}
			return s, nil
		}
		return text, nil
	}
	switch {
	case quoted:
		return parseValue(text, conditions.String)
	case text == "true" || text == "false":
		return text == "true", nil
	}
	if n, err := strconv.ParseFloat(text, 64); err == nil && !math.IsNaN(n) && !math.IsInf(n, 0) {
		return n, nil
	}
	if d, err := treaty.ParseDate(text); err == nil {
		return d, nil
	}
	return text, nil
}

// unknownText says that name is not among known, as "HEAD "name"", with a
// hint: the closest known name if one is a plausible misspelling, else
// the known names when there are at most list of them.
//
//	model "kuril" has no clause "art10" (did you mean "art9"?)
func unknownText(head, name string, known []string, list int) string {
	msg := head + " " + strconv.Quote(name)
	if s := suggest(name, known); s != "" {
		return msg + " (did you mean " + strconv.Quote(s) + "?)"
	}
	if len(known) > 0 && len(known) <= list {
		return msg + " (known: " + strings.Join(known, ", ") + ")"
	}
	return msg
}

// maxListed is the number of ids an error about an unknown one lists at
// most, when none is close enough to suggest.
const maxListed = 12

// checkSelection checks the ids given with --clause and --reading against
// m, and reports the first unknown one on e.stderr. ok is false when one
// is unknown.
func checkSelection(e *env, cmd string, m *treaty.Model, clauses, readings []string) bool {
	for _, c := range clauses {
		if base, _, inst := strings.Cut(c, "["); inst && strings.HasSuffix(c, "]") && (cmd == "takes" || cmd == "impact") &&
			slices.Contains(clauseIDs(m), base) {
			continue // one instance of an each-party clause, checked by the analysis
		}
		if !slices.Contains(clauseIDs(m), c) {
			fmt.Fprintf(e.stderr, "treaty %s: --clause: %s\n", cmd,
				unknownText("model "+strconv.Quote(m.ID)+" has no clause", c, clauseIDs(m), maxListed))
			return false
		}
	}
	for _, r := range readings {
		if !slices.Contains(readingIDs(m), r) {
			fmt.Fprintf(e.stderr, "treaty %s: --reading: %s\n", cmd,
				unknownText("model "+strconv.Quote(m.ID)+" has no reading", r, readingIDs(m), maxListed))
			return false
		}
	}
	return true
}

// readingIDs lists the ids of m's readings: its readings' ids (by default
// their party's), or its parties' ids when it has no readings.
func readingIDs(m *treaty.Model) []string {
	var ids []string
	if len(m.Readings) == 0 {
		for _, p := range m.Parties {
			ids = append(ids, p.ID)
		}
		return ids
	}
	for _, r := range m.Readings {
		if r.ID != "" {
			ids = append(ids, r.ID)
		} else {
			ids = append(ids, r.Party)
		}
	}
	return ids
}

// suggest returns the candidate closest to name if it is a plausible
// misspelling, or "".
func suggest(name string, candidates []string) string {
	return suggestpkg.Closest(name, candidates)
}

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// fileKind sniffs whether data is a model or a scenario: by its "schema"
// tag, else by its content. It returns "model", "scenario" or "".
func fileKind(data []byte) string {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return ""
	}
	var tag string
	if raw, ok := top["schema"]; ok && json.Unmarshal(raw, &tag) == nil {
		switch {
		case tag == treaty.ModelSchema || strings.HasPrefix(tag, "treatycond.model/"):
			return "model"
		case tag == treaty.ScenarioSchema || strings.HasPrefix(tag, "treatycond.scenario/"):
			return "scenario"
		}
	}
	for _, k := range []string{"instruments", "parties", "readings"} {
		if _, ok := top[k]; ok {
			return "model"
		}
	}
	for _, k := range []string{"as_of", "expect", "model"} {
		if _, ok := top[k]; ok {
			return "scenario"
		}
	}
	return ""
}

// stdinName names standard input, given as "-", in messages.
const stdinName = "<stdin>"

// displayName returns how messages name the input path: "<stdin>" for
// "-".
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// inputLimit is the largest input read, in bytes (--max-input).
var inputLimit int64 = treaty.DefaultMaxInputSize

// stdin is standard input, read once when "-" is first given, so that
// "-" can name one input several times in a run.
var stdin struct {
	once sync.Once
	data []byte
	err  error
}

// readFile reads path, or standard input for "-", no further than
// inputLimit; a failure is an I/O error (exit 2), an *fs.PathError.
func readFile(path string) ([]byte, error) {
	if path == "-" {
		stdin.once.Do(func() { stdin.data, stdin.err = readLimited(os.Stdin, stdinName) })
		return stdin.data, stdin.err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && inputLimit > 0 && st.Size() > inputLimit {
		return nil, errTooLarge(path)
	}
	return readLimited(f, path)
}

// readLimited reads r, named name, no further than inputLimit.
func readLimited(r io.Reader, name string) ([]byte, error) {
	if inputLimit <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, inputLimit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > inputLimit {
		return nil, errTooLarge(name)
	}
	return data, nil
}

func errTooLarge(name string) error {
	return &fs.PathError{Op: "read", Path: name,
		Err: fmt.Errorf("larger than the input limit of %s (raise it with --max-input)", sizeText(inputLimit))}
}

// sizeFlag is a size in bytes given as a number with an optional unit:
// 500000, 100KB, 64MiB, 1GB (KB, MB, GB are powers of 1000; KiB, MiB, GiB
// of 1024; 0 means no limit).
type sizeFlag struct{ p *int64 }

func (f sizeFlag) String() string {
	if f.p == nil {
		return ""
	}
	return sizeText(*f.p)
}

func (f sizeFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil || i == 0 {
		return fmt.Errorf("want a size such as 64MiB or 100000")
	}
	mult := map[string]int64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}[strings.ToLower(strings.TrimSpace(t[i:]))]
	if mult == 0 {
		return fmt.Errorf("unknown unit %q: want B, KB, MB, GB, KiB, MiB or GiB", strings.TrimSpace(t[i:]))
	}
	if n > math.MaxInt64/mult {
		return fmt.Errorf("too large")
	}
	*f.p = n * mult
	return nil
}

// sizeText writes n bytes as "64MiB", "1500000B", as --max-input reads
// them.
func sizeText(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
