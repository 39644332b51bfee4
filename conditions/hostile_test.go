package conditions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/stretchr/testify/require"
)

// The hostile suite: testdata/hostile/*.txt are condition texts that
// attacked the package (issue 16), each with what must come of it. A case
// file is a header, then the condition after a line "-- input --":
//
//	# why the case is here (required)
//	op: parse | eval | residual | takes-true | takes-false
//	facts: {"x": 1, "d": {"date": "2020-01-01"}, "y": {"float": "+Inf"}}
//	want: ok [VALUE]            parse/residual succeed; eval gives VALUE
//	want: answers N             takes gives N minimal assignments
//	want: error CODE LINE:COL   the (first) error has this code and position
//	-- input --
//	x > 1 and {{join (seq 3 "v%d") " or "}}
//
// The input is a text/template with the functions repeat (a string n
// times), seq (n strings formatted with 0..n-1) and join, for inputs too
// large to write out; its one trailing newline is dropped. Whatever the op,
// every case also goes through every entry point (Parse, Eval, Residual,
// Takes for true and false, Explain, Compile, Program.EvalFacts, Compare,
// Impacts), which must not panic.

type hostileCase struct {
	file, reason, op, want string
	facts                  Facts
	input                  string
}

var hostileFuncs = template.FuncMap{
	"repeat": func(n int, s string) string { return strings.Repeat(s, n) },
	"seq": func(n int, format string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf(format, i)
		}
		return out
	},
	"join": strings.Join,
}

func readHostileCase(t *testing.T, file string) hostileCase {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	head, input, ok := strings.Cut(string(data), "-- input --\n")
	require.True(t, ok, "%s: no -- input -- section", file)
	c := hostileCase{file: file}
	for _, line := range strings.Split(head, "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			c.reason += strings.TrimSpace(line[1:]) + " "
		case strings.HasPrefix(line, "op: "):
			c.op = line[4:]
		case strings.HasPrefix(line, "want: "):
			c.want = line[6:]
		case strings.HasPrefix(line, "facts: "):
			c.facts = hostileFacts(t, line[7:])
		default:
			t.Fatalf("%s: unknown header line %q", file, line)
		}
	}
	require.NotEmpty(t, c.reason, "%s: every case says why it is here", file)
	require.NotEmpty(t, c.op, file)
	require.NotEmpty(t, c.want, file)
	tmpl, err := template.New(file).Funcs(hostileFuncs).Parse(strings.TrimSuffix(input, "\n"))
	require.NoError(t, err, file)
	var b bytes.Buffer
	require.NoError(t, tmpl.Execute(&b, nil), file)
	c.input = b.String()
	return c
}

// hostileFacts decodes the facts line: JSON values, with {"date": "..."}
// for a date and {"float": "+Inf"} for a number JSON cannot write.
func hostileFacts(t *testing.T, text string) Facts {
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(text), &raw))
	f := Facts{}
	for k, v := range raw {
		if obj, ok := v.(map[string]any); ok {
			switch {
			case obj["date"] != nil:
				d, err := time.Parse(time.DateOnly, obj["date"].(string))
				require.NoError(t, err)
				v = d
			case obj["float"] != nil:
				switch obj["float"] {
				case "+Inf":
					v = math.Inf(1)
				case "-Inf":
					v = math.Inf(-1)
				default:
					v = math.NaN()
				}
			}
		}
		f[k] = v
	}
	return f
}

// checkHostileWant compares the outcome of the case's op with its want.
func checkHostileWant(t *testing.T, c hostileCase, value string, answers int, err error) {
	t.Helper()
	fields := strings.Fields(c.want)
	switch fields[0] {
	case "ok":
		require.NoError(t, err, c.reason)
		if len(fields) > 1 {
			require.Equal(t, fields[1], value, c.reason)
		}
	case "answers":
		require.NoError(t, err, c.reason)
		require.Equal(t, fields[1], fmt.Sprint(answers), c.reason)
	case "error":
		require.Error(t, err, c.reason)
		var ce *Error
		require.True(t, errors.As(err, &ce), "%s: %v is not a *conditions.Error", c.reason, err)
		got := fmt.Sprintf("%s %s", ce.Code, ce.Pos)
		require.Equal(t, strings.Join(fields[1:], " "), got, "%s: %v", c.reason, err)
	default:
		t.Fatalf("unknown want %q", c.want)
	}
}

func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			c := readHostileCase(t, file)
			e, perr := Parse(c.input)
			switch c.op {
			case "parse":
				checkHostileWant(t, c, "", 0, perr)
			case "eval", "residual", "takes-true", "takes-false":
				require.NoError(t, perr, c.reason)
				switch c.op {
				case "eval":
					r, err := Eval(e, c.facts)
					checkHostileWant(t, c, r.Value.String(), 0, err)
				case "residual":
					checkHostileWant(t, c, Residual(e, c.facts).String(), 0, nil)
				default:
					want := True
					if c.op == "takes-false" {
						want = False
					}
					as, err := Takes(e, c.facts, want)
					checkHostileWant(t, c, "", len(as), err)
				}
			default:
				t.Fatalf("unknown op %q", c.op)
			}
			if perr == nil {
				// Whatever the package writes must read back: the
				// canonical text parses, to the same canonical text.
				back, err := Parse(e.String())
				require.NoError(t, err, "the canonical text of a condition that parsed does not parse")
				require.Equal(t, e.String(), back.String(), "canonical text is not a fixed point")
				// A case about a refusal at a limit gains nothing from
				// running the other analyses into their limits too.
				all := len(c.input) <= 2048 && !strings.HasPrefix(c.want, "error limit")
				hostileEveryEntry(t, e, c.facts, c.op, all)
			}
		})
	}
}

// hostileEveryEntry runs e through every entry point of the package: any
// result or error will do, but not a panic (which fails the test), and
// errors must be *Error values (or lists of them) or a context's error.
//
// The analyses that share the limits of Takes (Takes for the want the case
// did not ask, Compare, Impacts) take up to about a second each on a large
// condition; they run only when all is true, to keep the suite quick.
func hostileEveryEntry(t *testing.T, e Expr, f Facts, op string, all bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	check := func(what string, err error) {
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			return
		}
		var ce *Error
		var list ErrorList
		if !errors.As(err, &ce) && !errors.As(err, &list) {
			t.Errorf("%s: error %T %v is not a conditions error", what, err, err)
		}
	}
	r, err := Eval(e, f)
	check("Eval", err)
	if err == nil && r.Explanation != nil {
		_ = r.Explanation.String()
	}
	_ = Residual(e, f).String()
	if all {
		for _, want := range []Truth{True, False} {
			if op != "takes-"+want.String() {
				_, err := TakesContext(ctx, e, f, want)
				check("Takes", err)
			}
		}
		_, err = Compare(e, Not(e), f)
		check("Compare", err)
		_, err = Impacts([]Expr{e}, f)
		check("Impacts", err)
	}
	// A schema from the facts' use: every fact a bool, then a number.
	for _, typ := range []Type{Bool, Number} {
		var fields []Field
		for _, name := range e.Facts() {
			fields = append(fields, Field{Name: name, Type: typ})
		}
		s, err := NewSchema(fields...)
		require.NoError(t, err)
		p, err := Compile(e, s)
		check("Compile", err)
		if err == nil {
			_, err = p.EvalFacts(f)
			check("Program.EvalFacts", err)
		}
	}
	text, err := e.MarshalText()
	require.NoError(t, err)
	var back Expr
	require.NoError(t, back.UnmarshalText(text), "what Expr writes, it reads")
	require.True(t, back.Equal(e), "round trip of %.200s", text)
}
