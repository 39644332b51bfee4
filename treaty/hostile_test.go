package treaty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// The hostile suite: testdata/hostile/*.txt are models, scenarios and
// sweep specifications that attacked the package (issue 16), each with
// what must come of it. A case is a header, then files introduced by
// lines "-- name --" (model.json, scenario.json, spec.json):
//
//	# why the case is here (required)
//	op: model | scenario | evaluate | takes CLAUSE | sweep
//	limit: N                      MaxInputSize(N) for the loaders
//	want: ok
//	want: status CLAUSE READING STATUS   (evaluate)
//	want: answers READING N              (takes: N ways to be due)
//	want: scenarios N                    (sweep)
//	want: error CODE PATH LINE:COL       the first error; "-" for no path
//	                                     or no position
//	maxlen: N                     the error message is at most N bytes
//	contains: TEXT                the error message contains TEXT
//
// Files are text/templates with the functions repeat (n times a string),
// seq (n strings formatted with 0..n-1) and join; \xHH stands for the
// byte HH, for text that is not UTF-8. Whatever the op, a model
// that loads also goes through Encode and back, Evaluate and WhatItTakes
// on each clause, which must not panic.

type treatyHostileCase struct {
	reason, op, want string
	limit            int64
	maxLen           int
	contains         string
	files            map[string][]byte
}

var treatyHostileFuncs = template.FuncMap{
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

var hostileMarker = regexp.MustCompile(`(?m)^-- (\S+) --\n`)

func readTreatyHostileCase(t *testing.T, file string) treatyHostileCase {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	locs := hostileMarker.FindAllSubmatchIndex(data, -1)
	require.NotEmpty(t, locs, "%s: no files", file)
	c := treatyHostileCase{files: map[string][]byte{}}
	for _, line := range strings.Split(string(data[:locs[0][0]]), "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			c.reason += strings.TrimSpace(line[1:]) + " "
		case strings.HasPrefix(line, "op: "):
			c.op = line[4:]
		case strings.HasPrefix(line, "want: "):
			c.want = line[6:]
		case strings.HasPrefix(line, "limit: "):
			c.limit, err = strconv.ParseInt(line[7:], 10, 64)
			require.NoError(t, err)
		case strings.HasPrefix(line, "contains: "):
			c.contains = line[10:]
		case strings.HasPrefix(line, "maxlen: "):
			c.maxLen, err = strconv.Atoi(line[8:])
			require.NoError(t, err)
		default:
			t.Fatalf("%s: unknown header line %q", file, line)
		}
	}
	require.NotEmpty(t, c.reason, "%s: every case says why it is here", file)
	for i, loc := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := string(data[loc[2]:loc[3]])
		tmpl, err := template.New(name).Funcs(treatyHostileFuncs).Parse(string(data[loc[1]:end]))
		require.NoError(t, err, "%s: %s", file, name)
		var b bytes.Buffer
		require.NoError(t, tmpl.Execute(&b, nil), "%s: %s", file, name)
		// \xHH in a file stands for the byte: for text that is not UTF-8.
		text := regexp.MustCompile(`\\x([0-9a-fA-F]{2})`).ReplaceAllFunc(b.Bytes(), func(m []byte) []byte {
			v, _ := strconv.ParseUint(string(m[2:]), 16, 8)
			return []byte{byte(v)}
		})
		c.files[name] = text
	}
	return c
}

func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			c := readTreatyHostileCase(t, file)
			var opts []treaty.LoadOption
			if c.limit != 0 {
				opts = append(opts, treaty.MaxInputSize(c.limit))
			}
			m, merr := treaty.DecodeModel(c.files["model.json"], "model.json", opts...)
			if c.op == "model" {
				checkTreatyHostile(t, c, "", merr)
				hostilePipeline(t, m, nil)
				return
			}
			require.NoError(t, merr, c.reason)
			var s *treaty.Scenario
			if data, ok := c.files["scenario.json"]; ok {
				var serr error
				s, serr = treaty.DecodeScenario(data, "scenario.json", opts...)
				if serr == nil {
					serr = treaty.ValidateScenario(m, s)
				}
				if c.op == "scenario" {
					checkTreatyHostile(t, c, "", serr)
					if serr == nil {
						hostilePipeline(t, m, s)
					}
					return
				}
				require.NoError(t, serr, c.reason)
			}
			if s == nil {
				s = &treaty.Scenario{ID: "s", AsOf: treaty.LatestDate(m)}
			}
			op, arg, _ := strings.Cut(c.op, " ")
			switch op {
			case "evaluate":
				rep, err := treaty.Evaluate(m, s)
				got := ""
				if err == nil {
					var parts []string
					for _, r := range rep.Results {
						parts = append(parts, fmt.Sprintf("%s %s %s", r.Clause, r.Reading, r.Status))
					}
					got = strings.Join(parts, "; ")
				}
				checkTreatyHostile(t, c, got, err)
			case "takes":
				p, err := treaty.WhatItTakes(m, s, arg)
				got := ""
				if err == nil {
					var parts []string
					for _, r := range p.Readings {
						parts = append(parts, fmt.Sprintf("%s %d", r.Reading, len(r.ToBeDue)))
					}
					got = strings.Join(parts, "; ")
				}
				checkTreatyHostile(t, c, got, err)
			case "sweep":
				var spec treaty.SweepSpec
				require.NoError(t, json.Unmarshal(c.files["spec.json"], &spec))
				res, err := treaty.Sweep(context.Background(), m, s, spec)
				got := ""
				if err == nil {
					got = fmt.Sprint(res.Scenarios)
				}
				checkTreatyHostile(t, c, got, err)
			default:
				t.Fatalf("unknown op %q", c.op)
			}
			hostilePipeline(t, m, s)
		})
	}
}

// checkTreatyHostile compares an outcome with the case's want. got is
// the outcome in the want's words: "CLAUSE READING STATUS; ..." for
// evaluate, "READING N; ..." for takes, the number of scenarios for sweep.
func checkTreatyHostile(t *testing.T, c treatyHostileCase, got string, err error) {
	t.Helper()
	kind, rest, _ := strings.Cut(c.want, " ")
	switch kind {
	case "ok":
		require.NoError(t, err, c.reason)
	case "status", "answers":
		require.NoError(t, err, c.reason)
		require.Contains(t, strings.Split(got, "; "), rest, c.reason)
	case "scenarios":
		require.NoError(t, err, c.reason)
		require.Equal(t, rest, got, c.reason)
	case "error":
		require.Error(t, err, c.reason)
		var e *treaty.Error
		require.True(t, errors.As(err, &e), "%s: %T %v is not a *treaty.Error", c.reason, err, err)
		path, pos := e.Path, fmt.Sprintf("%d:%d", e.Line, e.Column)
		if path == "" {
			path = "-"
		}
		if e.Line == 0 {
			pos = "-"
		}
		require.Equal(t, rest, fmt.Sprintf("%s %s %s", e.Code, path, pos), "%s: %v", c.reason, err)
		if c.contains != "" {
			require.Contains(t, err.Error(), c.contains, c.reason)
		}
		if c.maxLen > 0 {
			require.LessOrEqual(t, len(err.Error()), c.maxLen, "%s: %.300s", c.reason, err)
		}
	default:
		t.Fatalf("unknown want %q", c.want)
	}
}

// hostilePipeline takes a model that loaded (nil: none) through the rest
// of the pipeline: save and load back, evaluate, what it takes for each
// clause. Results may be anything; errors must be *treaty.Error values or
// lists of them, and nothing may panic.
func hostilePipeline(t *testing.T, m *treaty.Model, s *treaty.Scenario) {
	t.Helper()
	if m == nil {
		return
	}
	out, err := m.Encode()
	require.NoError(t, err)
	back, err := treaty.DecodeModel(out, "out.json")
	require.NoError(t, err, "what Encode writes, DecodeModel reads:\n%.2000s", out)
	again, err := back.Encode()
	require.NoError(t, err)
	if diff := cmp.Diff(string(out), string(again)); diff != "" {
		t.Fatalf("round trip (-encoded +re-encoded):\n%s", diff)
	}
	if s == nil {
		s = &treaty.Scenario{ID: "s", AsOf: treaty.LatestDate(m)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	check := func(what string, err error) {
		var e *treaty.Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("%s: %T %v is not a *treaty.Error", what, err, err)
		}
	}
	_, err = treaty.EvaluateContext(ctx, m, s)
	check("Evaluate", err)
	for _, in := range m.Instruments {
		for _, cl := range in.Clauses {
			_, err := treaty.WhatItTakesContext(ctx, m, s, cl.ID)
			check("WhatItTakes "+cl.ID, err)
		}
	}
}

// TestEveryLoadingProblemIsCoded: every problem the loaders and validators
// report, for every bad file in testdata/bad (models and scenarios, the
// latter checked against a model too), has a code, a file position in the
// file, and matches its sentinel with errors.Is.
func TestEveryLoadingProblemIsCoded(t *testing.T) {
	sentinels := map[treaty.Code]error{
		treaty.CodeSyntax: treaty.ErrSyntax, treaty.CodeSchema: treaty.ErrSchema, treaty.CodeDuplicateID: treaty.ErrDuplicateID,
		treaty.CodeUnknownParty: treaty.ErrUnknownParty, treaty.CodeUnknownInstrument: treaty.ErrUnknownInstrument,
		treaty.CodeUnknownClause: treaty.ErrUnknownClause, treaty.CodeUnknownReading: treaty.ErrUnknownReading,
		treaty.CodeUnknownFact: treaty.ErrUnknownFact, treaty.CodeDates: treaty.ErrDates, treaty.CodeCycle: treaty.ErrCycle,
		treaty.CodeCondition: treaty.ErrCondition, treaty.CodeLimit: treaty.ErrLimit,
	}
	m, err := treaty.LoadModel("testdata/minimal.json")
	require.NoError(t, err)
	files, err := filepath.Glob("testdata/bad/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		var errs []error
		if strings.HasPrefix(filepath.Base(file), "scenario_") {
			s, err := treaty.LoadScenario(file)
			errs = append(errs, err)
			if s != nil {
				errs = append(errs, treaty.ValidateScenario(m, s))
			}
		} else {
			_, err := treaty.LoadModel(file)
			errs = append(errs, err)
		}
		for _, err := range errs {
			if err == nil {
				continue
			}
			var list treaty.ErrorList
			require.ErrorAs(t, err, &list, file)
			for _, e := range list {
				s, ok := sentinels[e.Code]
				if !ok || !errors.Is(err, s) || !errors.Is(e, s) {
					t.Errorf("%s: %v has code %q, not a known code matching its sentinel", file, e, e.Code)
				}
				if e.File != file || (e.Line < 1 && !strings.HasSuffix(e.Msg, "more errors were truncated")) {
					t.Errorf("%s: %v has no position in the file", file, e)
				}
			}
		}
	}
}

// DiffConsolidated(nil, nil) panicked (issue 16); a nil side is an empty
// consolidation, so the diff is empty.
func TestDiffConsolidatedNilIsEmpty(t *testing.T) {
	d := treaty.DiffConsolidated(nil, nil)
	require.NotNil(t, d)
	if diff := cmp.Diff([]treaty.PartChange{}, d.Changes); diff != "" {
		t.Errorf("DiffConsolidated(nil, nil).Changes (-want +got):\n%s", diff)
	}
	require.Equal(t, treaty.ConsolidatedSchema, d.Schema)
}

// TestComposedConditionSavedUnreadable: a condition composed in Go with
// conditions.And never goes through Parse, so its canonical text could be
// longer than Parse reads; Encode wrote it, and the file did not load
// again. Encode now refuses it with the limit error.
func TestComposedConditionSavedUnreadable(t *testing.T) {
	m, err := treaty.LoadModel("testdata/minimal.json")
	require.NoError(t, err)
	part := conditions.MustParse("x + x + x + x + x + x + x + x + x + x > 0")
	parts := make([]conditions.Expr, 2000) // about 84 KB of canonical text
	for i := range parts {
		parts[i] = part
	}
	c := *m
	c.Instruments = append([]treaty.Instrument(nil), m.Instruments...)
	i := slices.IndexFunc(c.Instruments, func(inst treaty.Instrument) bool { return len(inst.Clauses) > 0 })
	require.GreaterOrEqual(t, i, 0, "the minimal model has a clause")
	inst := &c.Instruments[i]
	inst.Clauses = append([]treaty.Clause(nil), inst.Clauses...)
	inst.Clauses[0].Condition = conditions.And(parts...)
	_, err = c.Encode()
	if !errors.Is(err, conditions.ErrLimit) {
		t.Fatalf("Encode: got %v, want an error matching conditions.ErrLimit", err)
	}
	if _, err := m.Encode(); err != nil {
		t.Fatalf("Encode of the unchanged model: %v", err)
	}
}
