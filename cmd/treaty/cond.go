package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/conditions"
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
is read as a date when the condition uses the fact as a date (compares it
with a date literal such as @2020-01-01 or with a date fact) and as a string
otherwise. Facts left out are unknown.

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
			as, err := conditions.Takes(x, f, w)
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
		fmt.Fprintf(e.stderr, "treaty %s: --facts: %v\n", cmd, err)
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
// help of cond for the value forms.
func parseFactsArg(x conditions.Expr, arg string) (conditions.Facts, error) {
	f := conditions.Facts{}
	if arg == "" {
		return f, nil
	}
	data := []byte(arg)
	if strings.HasPrefix(arg, "@") {
		var err error
		if data, err = os.ReadFile(arg[1:]); err != nil {
			return nil, err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("want a JSON object of fact values: %v", err)
	}
	if dec.More() {
		return nil, errors.New("want a single JSON object of fact values")
	}
	types := inferredTypes(x)
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		switch v := raw[name].(type) {
		case nil, bool:
			f[name] = v
		case json.Number:
			n, err := v.Float64()
			if err != nil {
				return nil, fmt.Errorf("fact %q: invalid number %s", name, v)
			}
			f[name] = n
		case string:
			if isoDate.MatchString(v) && types[name] == conditions.Date {
				d, err := treaty.ParseDate(v)
				if err != nil {
					return nil, fmt.Errorf("fact %q: %v", name, err)
				}
				f[name] = d.Time()
			} else {
				f[name] = v
			}
		case map[string]any:
			s, ok := v["date"].(string)
			if !ok || len(v) != 1 {
				return nil, fmt.Errorf(`fact %q: an object value must be {"date": "YYYY-MM-DD"}`, name)
			}
			d, err := treaty.ParseDate(s)
			if err != nil {
				return nil, fmt.Errorf("fact %q: %v", name, err)
			}
			f[name] = d.Time()
		default:
			return nil, fmt.Errorf("fact %q: unsupported value %s: want true, false, a number, a string, null or {\"date\": \"YYYY-MM-DD\"}", name, jsonText(v))
		}
	}
	return f, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
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
