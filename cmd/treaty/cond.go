package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
	"github.com/treatycond/treatycond/treaty"
)

var condCmd = &command{
	name:  "cond",
	args:  "eval|takes 'EXPR' [flags]",
	short: "evaluate a condition, or ask what it takes to make it true or false",
	long: `
Cond works on one condition of the condition language, given as a single
argument (quote it for the shell; put "--" before a condition that starts
with "-").

	treaty cond eval 'EXPR' [--facts JSON] [--format text|json]
	treaty cond takes 'EXPR' [--facts JSON] [--want true|false] [--format text|json]

'cond eval' prints the three-valued value, the missing facts (the unknown
facts that could still change an unknown value) and the explanation tree.
'cond takes' prints the residual condition once the known facts are
substituted and every minimal assignment of the unknown atoms (boolean
facts or comparisons) that makes the condition true (or false with
--want false).

--facts is a JSON object mapping fact names to values, or @FILE to read it
from a file: true/false, numbers, strings, null (unknown), and dates. A date
is written {"date": "YYYY-MM-DD"}, or as a plain "YYYY-MM-DD" string, which
is read as a date when the condition uses the fact as a date - compares it
with a date literal such as @2020-01-01, or with a fact that is a date by
its use or by its {"date": ...} value - and as a string otherwise. Facts
left out are unknown; a fact given twice is an error.

Exit status: 0 on success; 1 when the condition has a syntax or type error
or cannot be evaluated with the facts given (the error is shown with the
condition and a caret under the offending text); 2 on bad usage or bad
--facts JSON.`,
}

var condEvalCmd = &command{
	name:    "cond eval",
	args:    "'EXPR' [--facts JSON] [--format text|json]",
	minArgs: 1, maxArgs: 1,
	long: `
Evaluate a condition over facts in three-valued logic and print its value,
the missing facts and the explanation tree. See 'treaty help cond' for the
--facts format. --format json prints a document with schema tag
treatycond.cond-eval/v1 (see 'treaty schema cond-eval').

Exit status: 0 on success; 1 for a syntax, type or evaluation error; 2 on
bad usage.`,
}

var condTakesCmd = &command{
	name:    "cond takes",
	args:    "'EXPR' [--facts JSON] [--want true|false] [--format text|json]",
	minArgs: 1, maxArgs: 1,
	long: `
Print what it would take for a condition to be true (or false, with --want
false) given the known facts: the residual condition and every minimal
assignment of the unknown atoms that forces the wanted value. One empty
assignment means the facts already give the wanted value; none means no
values of the unknown facts can. See 'treaty help cond' for --facts.
--format json prints a document with schema tag treatycond.cond-takes/v1
(see 'treaty schema cond-takes').

Exit status: 0 on success; 1 for a syntax, type or evaluation error; 2 on
bad usage.`,
}

func init() {
	condCmd.raw = func(e *env, args []string) int {
		if len(args) == 0 {
			fmt.Fprintf(e.stderr, "treaty cond: missing subcommand (eval or takes)\nusage: treaty cond %s\n", condCmd.args)
			return exitUsage
		}
		switch args[0] {
		case "-h", "-help", "--help", "help":
			helpFor(e.stdout, condCmd)
			return exitOK
		}
		sub := condSub(args[0])
		if sub == nil {
			fmt.Fprintf(e.stderr, "treaty cond: unknown subcommand %q (want eval or takes)\nusage: treaty cond %s\n", args[0], condCmd.args)
			return exitUsage
		}
		return runCommand(e, sub, args[1:])
	}
	condEvalCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		facts := fs.String("facts", "", "fact values as a JSON `object`, or @FILE")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			x, f, code := condInputs(e, "cond eval", args[0], *facts)
			if code >= 0 {
				return code
			}
			res, err := conditions.Eval(x, f)
			if err != nil {
				return condError(e, "cond eval", args[0], err)
			}
			missing := res.Missing
			if missing == nil {
				missing = []string{}
			}
			doc := condEvalDoc{Schema: "treatycond.cond-eval/v1", Condition: x.String(), Value: res.Value,
				Missing: missing, Explanation: res.Explanation}
			if format.value == "json" {
				err = writeJSON(e.stdout, doc)
			} else {
				ew := &errWriter{w: e.stdout}
				fmt.Fprintf(ew, "value:   %s\n", res.Value)
				fmt.Fprintf(ew, "missing: %s\n", listOrNone(missing))
				fmt.Fprintf(ew, "%s\n", res.Explanation)
				if hasDecisive(res.Explanation) {
					fmt.Fprintf(ew, "\n%s\n", decisiveNote)
				}
				err = ew.err
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty cond eval: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
	condTakesCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		facts := fs.String("facts", "", "fact values as a JSON `object`, or @FILE")
		want := &formatFlag{value: "true", allowed: []string{"true", "false"}}
		fs.Var(want, "want", "the `value` wanted: true or false")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			x, f, code := condInputs(e, "cond takes", args[0], *facts)
			if code >= 0 {
				return code
			}
			w := conditions.True
			if want.value == "false" {
				w = conditions.False
			}
			as, err := conditions.TakesContext(e.context(), x, f, w)
			if err != nil && e.context().Err() != nil {
				return exitUsage // stopped: the caller says why
			}
			if err != nil {
				return condError(e, "cond takes", args[0], err)
			}
			if as == nil {
				as = []conditions.Assignment{}
			}
			doc := condTakesDoc{Schema: "treatycond.cond-takes/v1", Condition: x.String(),
				Residual: conditions.Residual(x, f).String(), Want: w, Assignments: as}
			if format.value == "json" {
				err = writeJSON(e.stdout, doc)
			} else {
				err = writeTakesText(e.stdout, doc)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty cond takes: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

func condSub(name string) *command {
	switch name {
	case "eval":
		return condEvalCmd
	case "takes":
		return condTakesCmd
	}
	return nil
}

// condEvalDoc is the JSON form of 'treaty cond eval'.
type condEvalDoc struct {
	Schema      string                  `json:"schema"`
	Condition   string                  `json:"condition"`
	Value       conditions.Truth        `json:"value"`
	Missing     []string                `json:"missing"`
	Explanation *conditions.Explanation `json:"explanation"`
}

// condTakesDoc is the JSON form of 'treaty cond takes'.
type condTakesDoc struct {
	Schema      string                  `json:"schema"`
	Condition   string                  `json:"condition"`
	Residual    string                  `json:"residual"`
	Want        conditions.Truth        `json:"want"`
	Assignments []conditions.Assignment `json:"assignments"`
}

func writeTakesText(w io.Writer, doc condTakesDoc) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "condition: %s\n", doc.Condition)
	fmt.Fprintf(ew, "residual:  %s\n", doc.Residual)
	switch {
	case len(doc.Assignments) == 0:
		fmt.Fprintf(ew, "no values of the unknown facts make it %s\n", doc.Want)
	case len(doc.Assignments) == 1 && len(doc.Assignments[0]) == 0:
		fmt.Fprintf(ew, "already %s: the known facts decide it\n", doc.Want)
	default:
		fmt.Fprintf(ew, "to be %s it takes one of:\n", doc.Want)
		for _, a := range doc.Assignments {
			fmt.Fprintf(ew, "  %s\n", assignmentText(a))
		}
	}
	return ew.err
}

// assignmentText renders an assignment as "atom = true, atom = false" in
// sorted order.
func assignmentText(a conditions.Assignment) string {
	if len(a) == 0 {
		return "(nothing)"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		parts = append(parts, fmt.Sprintf("%s = %t", k, a[k]))
	}
	return strings.Join(parts, ", ")
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

// condInputs parses the condition and the --facts argument. code is -1
// when the command may go on, else the exit code (the problem has been
// reported on e.stderr).
func condInputs(e *env, cmd, src, factsArg string) (conditions.Expr, conditions.Facts, int) {
	x, err := conditions.Parse(src)
	if err == nil {
		err = conditions.Check(x, nil)
	}
	if err != nil {
		return x, nil, condError(e, cmd, src, err)
	}
	f, err := parseFactsArg(x, factsArg)
	if err != nil {
		fmt.Fprintf(e.stderr, "treaty %s: %v\n", cmd, err)
		return x, nil, exitUsage
	}
	return x, f, -1
}

// condError shows a condition error with its source snippet.
func condError(e *env, cmd, src string, err error) int {
	fmt.Fprintf(e.stderr, "treaty %s: %s\n", cmd, strings.TrimRight(conditions.Snippet(src, err), "\n"))
	return exitFindings
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// parseFactsArg decodes --facts (JSON or @FILE) for condition x. See the
// help of cond for the value forms. A plain "YYYY-MM-DD" string is a date
// when x uses the fact as a date: compares it with a date literal, or with
// a fact that is a date by its use or by its {"date": ...} value.
func parseFactsArg(x conditions.Expr, arg string) (conditions.Facts, error) {
	f := conditions.Facts{}
	if arg == "" {
		return f, nil
	}
	data, where := []byte(arg), ""
	if name, ok := strings.CutPrefix(arg, "@"); ok {
		var err error
		if data, err = os.ReadFile(name); err != nil {
			return nil, fmt.Errorf("--facts: %v", err)
		}
		where = name
	}
	lines := jsonpos.NewLines(data)
	// at returns the prefix of an error at byte offset off of the JSON.
	at := func(off int) string {
		line, col := lines.Position(off)
		switch {
		case where != "":
			return fmt.Sprintf("%s:%d:%d: ", where, line, col)
		case line == 1:
			return fmt.Sprintf("--facts: column %d: ", col)
		}
		return fmt.Sprintf("--facts: %d:%d: ", line, col)
	}
	root, err := jsonpos.Parse(data)
	if err != nil {
		off := 0
		if se, ok := errors.AsType[*jsonpos.SyntaxError](err); ok {
			off = se.Offset
		}
		return nil, fmt.Errorf("%sinvalid JSON: %v", at(off), err)
	}
	if root.Kind != jsonpos.Object {
		return nil, fmt.Errorf("--facts must be a JSON object of fact values, such as {\"a\": true}, not %s %s", article(root.Kind.String()), root.Kind)
	}
	types := inferredTypes(x)
	var plainDates []string // facts given as a plain "YYYY-MM-DD" string
	seen := map[string]bool{}
	for _, mem := range root.Members {
		name, v := mem.Key, mem.Value
		if seen[name] {
			return nil, fmt.Errorf("%sfact %q is given twice", at(mem.KeyOffset), name)
		}
		seen[name] = true
		switch v.Kind {
		case jsonpos.Null:
			f[name] = nil
		case jsonpos.Bool:
			f[name] = v.Bool
		case jsonpos.Number:
			n, err := strconv.ParseFloat(v.Text, 64)
			if err != nil {
				return nil, fmt.Errorf("%sfact %q: number %s is out of range", at(v.Offset), name, v.Text)
			}
			f[name] = n
		case jsonpos.String:
			f[name] = v.Text
			if isoDate.MatchString(v.Text) {
				plainDates = append(plainDates, name)
			}
		case jsonpos.Object:
			d := v.Get("date")
			if len(v.Members) != 1 || d == nil || d.Kind != jsonpos.String {
				return nil, fmt.Errorf(`%sfact %q: an object value must be {"date": "YYYY-MM-DD"}`, at(v.Offset), name)
			}
			date, err := treaty.ParseDate(d.Text)
			if err != nil {
				return nil, fmt.Errorf("%sfact %q: %v", at(d.Offset), name, err)
			}
			f[name] = date.Time()
			types[name] = conditions.Date
		default:
			return nil, fmt.Errorf("%sfact %q: unsupported value %s: want true, false, a number, a string, null or {\"date\": \"YYYY-MM-DD\"}",
				at(v.Offset), name, v.Kind)
		}
	}
	dates := dateFacts(x, types)
	for _, name := range plainDates {
		if !dates[name] {
			continue
		}
		d, err := treaty.ParseDate(f[name].(string))
		if err != nil {
			return nil, fmt.Errorf("--facts: fact %q is used as a date: %v", name, err)
		}
		f[name] = d.Time()
	}
	return f, nil
}

// article returns "a" or "an" for word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// dateFacts returns the facts that x uses as dates, given the types
// known: those of type Date and those compared, directly or by way of
// other untyped facts, with one of them.
func dateFacts(x conditions.Expr, types map[string]conditions.Type) map[string]bool {
	// Union the untyped facts compared with each other.
	parent := map[string]string{}
	var find func(string) string
	find = func(n string) string {
		p, ok := parent[n]
		if !ok || p == n {
			return n
		}
		r := find(p)
		parent[n] = r
		return r
	}
	res, err := conditions.Eval(x, conditions.Facts{})
	if err == nil {
		var walk func(*conditions.Explanation)
		walk = func(n *conditions.Explanation) {
			var first string
			for _, fv := range n.Facts {
				if fv.Type != conditions.Any {
					continue
				}
				if first == "" {
					first = fv.Name
					continue
				}
				parent[find(fv.Name)] = find(first)
			}
			for _, c := range n.Children {
				walk(c)
			}
		}
		walk(res.Explanation)
	}
	dateRoots := map[string]bool{}
	for name, t := range types {
		if t == conditions.Date {
			dateRoots[find(name)] = true
		}
	}
	out := map[string]bool{}
	for _, name := range x.Facts() {
		if types[name] == conditions.Date || dateRoots[find(name)] {
			out[name] = true
		}
	}
	return out
}

// inferredTypes returns the type x gives each fact it reads, as the
// evaluator infers it (Any when only compared with other untyped facts).
func inferredTypes(x conditions.Expr) map[string]conditions.Type {
	types := map[string]conditions.Type{}
	res, err := conditions.Eval(x, conditions.Facts{})
	if err != nil {
		return types
	}
	var walk func(*conditions.Explanation)
	walk = func(n *conditions.Explanation) {
		if n == nil {
			return
		}
		for _, fv := range n.Facts {
			types[fv.Name] = fv.Type
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(res.Explanation)
	return types
}
