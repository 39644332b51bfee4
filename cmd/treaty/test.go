package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

var testCmd = &command{
	name:    "test",
	args:    "[--verbose | --quiet] [--run REGEX] [--update] [--coverage] [--coverage-min P] [--format text|json] FILE.json...",
	short:   "check scenarios' expectations against the evaluation",
	minArgs: 1, maxArgs: -1,
	long: `
Test evaluates every scenario file given and compares the results with the
scenario's "expect" entries: for each expected clause and reading, the
status, value (true, false, unknown), since date (YYYY-MM-DD, or "none" for
no change on any known date) and missing facts, where given. The model is
the file named by the scenario's "model" path, relative to the scenario.

Model files may be given too (so that 'treaty test dir/*.json' works): they
are validated, and a model with problems counts as one failure; a valid
model has no expectations to count.

Each failure is printed with what differs, the expectation's note, and the
result's reason, provenance and explanation tree. A scenario that is
invalid, or whose model is missing or invalid, counts as one failure per
expectation (at least one), with every problem listed. The last line of
output is always

	N passed, N failed

followed by ", N skipped" when --run left expectations out.

--run REGEX runs only the expectations whose name matches: the name of an
expectation is SCENARIO/CLAUSE/READING (the scenario's id). Invalid files
are reported whatever --run says.

--update records the current results as the expectations of each scenario
instead of checking them, and prints a diff of every file it changes. An
expectation keeps its clause, reading and note, and the fields it checks
(status when it checks none); a scenario without expectations gets one
status expectation per clause and reading. Only the "expect" member of the
file is rewritten: everything else stays byte for byte. With --run, only
the matching expectations change. The last line is then

	N updated, N unchanged, N failed

--coverage adds, per model, what the checked expectations exercise: the
instruments whose clauses or relations they reach, the relations that
change a checked result (a condition added or put in place, a
suspension or an ending), each reading with each status it can reach
(fulfilled needs a clause whose performance is a fact, violated also a
deadline or a prohibition), and each atom of a clause's conditions (a
boolean fact or a comparison, as in 'treaty takes') that decided a
checked result. --coverage-min P fails when, for some model, the share of
all these items that is exercised is below P percent.

With --format json the command prints one document (schema: 'treaty
schema test') instead of text.

Exit status: 0 when every expectation holds (and the coverage reaches
--coverage-min); 1 when any fails, a file is invalid (a scenario whose
model is missing or invalid included), or the coverage is below
--coverage-min; 2 on bad usage or when a file named on the command line
cannot be read at all, or an update cannot be written.`,
}

func init() {
	testCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		verbose := boolFlag(fs, "verbose", "v", "also list every expectation that holds")
		quiet := boolFlag(fs, "quiet", "q", "print only failures and the summary line")
		run := fs.String("run", "", "run only the expectations whose SCENARIO/CLAUSE/READING matches `regex`")
		update := fs.Bool("update", false, "record the current results as the expectations, printing a diff")
		coverage := fs.Bool("coverage", false, "report which instruments, relations, reading statuses and atoms the expectations exercise")
		coverageMin := fs.Float64("coverage-min", 0, "with --coverage, fail when less than `percent` of the items are exercised")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			if *verbose && *quiet {
				fmt.Fprintln(e.stderr, "treaty test: --verbose and --quiet exclude each other")
				return exitUsage
			}
			if *coverageMin < 0 || *coverageMin > 100 {
				fmt.Fprintf(e.stderr, "treaty test: --coverage-min %v: want a percentage from 0 to 100\n", *coverageMin)
				return exitUsage
			}
			if *coverageMin > 0 {
				*coverage = true
			}
			t := &tester{verbose: *verbose, quiet: *quiet, update: *update, models: modelCache{},
				doc: testDoc{Schema: testSchema, Files: []testFile{}}}
			if format.value == "text" {
				t.w = e.stdout
			}
			if *run != "" {
				re, err := regexp.Compile(*run)
				if err != nil {
					fmt.Fprintf(e.stderr, "treaty test: --run: %v\n", err)
					return exitUsage
				}
				t.run = re
			}
			if *coverage {
				t.cov = newCoverage()
			}
			for _, path := range args {
				if err := e.context().Err(); err != nil {
					fmt.Fprintf(e.stderr, "treaty test: stopped: %v\n", err)
					return exitUsage
				}
				t.file(path)
			}
			d := &t.doc
			if t.cov != nil {
				d.Coverage = t.cov.report()
				if *coverageMin > 0 {
					d.CoverageMin = coverageMin
					ok := true
					for _, c := range d.Coverage {
						ok = ok && c.Percent >= *coverageMin
					}
					d.CoverageOK = &ok
				}
			}
			if *update {
				d.Updated, d.Unchanged = &t.updated, &t.unchanged
			}
			if format.value == "json" {
				if err := writeJSON(e.stdout, d); err != nil {
					return exitUsage
				}
			} else {
				if d.Coverage != nil {
					writeCoverageText(e.stdout, d)
				}
				fmt.Fprintln(e.stdout, summaryLine(d))
			}
			switch {
			case t.ioError:
				return exitUsage
			case d.Failed > 0, d.CoverageOK != nil && !*d.CoverageOK:
				return exitFindings
			}
			return exitOK
		}
	}
}

// testSchema is the tag of 'treaty test --format json'.
const testSchema = "treatycond.test/v1"

// testDoc is what 'treaty test' found, printed as JSON with --format json.
type testDoc struct {
	Schema  string     `json:"schema"`
	Files   []testFile `json:"files"`
	Passed  int        `json:"passed"`
	Failed  int        `json:"failed"`
	Skipped int        `json:"skipped"`
	// Updated and Unchanged count the scenario files --update rewrote
	// and left alone; nil without --update.
	Updated   *int `json:"updated,omitempty"`
	Unchanged *int `json:"unchanged,omitempty"`
	// Coverage is set with --coverage, one entry per model.
	Coverage    []modelCoverage `json:"coverage,omitempty"`
	CoverageMin *float64        `json:"coverage_min,omitempty"`
	CoverageOK  *bool           `json:"coverage_ok,omitempty"`
}

// summaryLine is the last line of the text output.
func summaryLine(d *testDoc) string {
	if d.Updated != nil {
		return fmt.Sprintf("%d updated, %d unchanged, %d failed", *d.Updated, *d.Unchanged, d.Failed)
	}
	s := fmt.Sprintf("%d passed, %d failed", d.Passed, d.Failed)
	if d.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", d.Skipped)
	}
	return s
}

// testFile is the outcome of one file.
type testFile struct {
	File string `json:"file"`
	// Kind is "scenario", "model" or "unknown" (unreadable or not JSON).
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	// Problem says why the file as a whole fails ("invalid scenario",
	// "cannot read file", ...); Errors lists the problems, one per line,
	// as file:line:col: /json/path: message.
	Problem      string            `json:"problem,omitempty"`
	Errors       []string          `json:"errors,omitempty"`
	Passed       int               `json:"passed"`
	Failed       int               `json:"failed"`
	Skipped      int               `json:"skipped"`
	Expectations []testExpectation `json:"expectations"`
	// Diff is the change --update made to the file, as a unified diff.
	Diff string `json:"diff,omitempty"`
}

// testExpectation is the outcome of one expectation.
type testExpectation struct {
	Index   int    `json:"index"`
	Name    string `json:"name"`
	Clause  string `json:"clause"`
	Reading string `json:"reading"`
	Pass    bool   `json:"pass"`
	// Field, Want and Got say what differs when Pass is false: Field is
	// "result" (no such result), "status", "value", "since" or "missing".
	Field string `json:"field,omitempty"`
	Want  string `json:"want,omitempty"`
	Got   string `json:"got,omitempty"`
	Note  string `json:"note,omitempty"`
	// Reason is the result's reason, for a failure.
	Reason string `json:"reason,omitempty"`

	mismatch *treaty.Mismatch // for the text output
}

// tester runs 'treaty test' over files and counts expectations.
type tester struct {
	// w receives the text output as files are tested; nil for JSON.
	w                      io.Writer
	verbose, quiet, update bool
	run                    *regexp.Regexp
	models                 modelCache
	doc                    testDoc
	cov                    *coverage
	updated, unchanged     int
	// ioError is set when a file named on the command line cannot be
	// read, or an update cannot be written.
	ioError bool
	// cur is the file being tested.
	cur *testFile
}

// printf writes text output, if any.
func (t *tester) printf(format string, args ...any) {
	if t.w != nil {
		fmt.Fprintf(t.w, format, args...)
	}
}

// fail records that the current file fails as a whole, counting n
// failures, with the lines explaining them.
func (t *tester) fail(n int, head string, lines ...string) {
	f := t.cur
	f.Problem, f.Errors = head, lines
	f.Failed += max(n, 1)
	t.printf("FAIL %s: %s\n", f.File, head)
	for _, l := range lines {
		t.printf("    %s\n", l)
	}
}

func (t *tester) ok(format string, args ...any) {
	if !t.quiet {
		t.printf("ok   %s: %s\n", t.cur.File, fmt.Sprintf(format, args...))
	}
}

func (t *tester) file(path string) {
	t.doc.Files = append(t.doc.Files, testFile{File: path, Kind: "unknown", Expectations: []testExpectation{}})
	f := &t.doc.Files[len(t.doc.Files)-1]
	t.cur = f
	defer func() {
		t.doc.Passed += f.Passed
		t.doc.Failed += f.Failed
		t.doc.Skipped += f.Skipped
	}()
	data, err := readFile(path)
	if err != nil {
		t.ioError = true
		t.fail(1, "cannot read file", err.Error())
		return
	}
	if fileKind(data) != "scenario" {
		m, err := treaty.DecodeModel(data, displayName(path), treaty.MaxInputSize(inputLimit))
		if err != nil {
			t.fail(1, "invalid model", errorLines(err)...)
			return
		}
		f.Kind, f.ID = "model", m.ID
		t.ok("valid model")
		return
	}
	f.Kind = "scenario"
	s, err := treaty.DecodeScenario(data, displayName(path), treaty.MaxInputSize(inputLimit))
	if s == nil {
		t.fail(1, "invalid scenario", errorLines(err)...)
		return
	}
	f.ID = s.ID
	selected := t.selected(s)
	f.Skipped = len(s.Expect) - len(selected)
	n := len(selected)
	if s.Model == "" {
		if err != nil {
			t.fail(n, "invalid scenario", errorLines(err)...)
			return
		}
		t.fail(n, `scenario names no model (set "model" to the model file's path)`)
		return
	}
	mpath := modelPath(path, s)
	m, merr := t.models.get(mpath)
	if merr != nil {
		var lines []string
		if err != nil {
			lines = errorLines(err)
		}
		if _, ok := errors.AsType[treaty.ErrorList](merr); ok {
			lines = append(lines, errorLines(merr)...)
		}
		t.fail(n, modelProblem(path, data, s, merr).Msg, lines...)
		return
	}
	if err := treaty.ValidateScenario(m, s); err != nil {
		t.fail(n, "invalid scenario", errorLines(err)...)
		return
	}
	rep, err := treaty.Evaluate(m, s)
	if err != nil {
		t.fail(n, "cannot evaluate", err.Error())
		return
	}
	if t.update {
		t.updateFile(path, data, s, rep, selected)
		return
	}
	if n == 0 {
		if len(s.Expect) == 0 {
			t.ok("no expectations")
		}
		return
	}
	if t.cov != nil {
		t.cov.add(mpath, m, rep, s, selected)
	}
	for _, i := range selected {
		x := s.Expect[i]
		name := x.Clause
		if x.Instance != "" {
			name = x.Instance
		}
		te := testExpectation{Index: i, Name: s.ID + "/" + name + "/" + x.Reading, Clause: x.Clause, Reading: x.Reading,
			Pass: true, Note: x.Note}
		if bad := rep.Check([]treaty.Expectation{x}); len(bad) > 0 {
			mm := bad[0]
			te.Pass, te.Field, te.Want, te.Got, te.mismatch = false, mm.Field, mm.Want, mm.Got, &mm
			if mm.Result != nil {
				te.Reason = mm.Result.Reason
			}
			f.Failed++
			t.printf("FAIL %s: %s\n", path, mm.String())
			for _, l := range mismatchDetail(mm) {
				t.printf("    %s\n", l)
			}
		} else {
			f.Passed++
		}
		f.Expectations = append(f.Expectations, te)
	}
	if f.Failed == 0 {
		t.ok("%d expectation%s", n, plural(n))
	}
	if t.verbose {
		for _, te := range f.Expectations {
			if te.Pass {
				t.printf("     pass %s under %s\n", te.Clause, te.Reading)
			}
		}
	}
}

// selected returns the indexes of the expectations of s that --run
// selects (all of them without --run).
func (t *tester) selected(s *treaty.Scenario) []int {
	var out []int
	for i, x := range s.Expect {
		if t.run == nil || t.run.MatchString(s.ID+"/"+x.Clause+"/"+x.Reading) {
			out = append(out, i)
		}
	}
	return out
}

// updateFile records rep as the expectations of s (read from data at
// path), rewriting the file when they change.
func (t *tester) updateFile(path string, data []byte, s *treaty.Scenario, rep *treaty.Report, selected []int) {
	expect := recordExpectations(s, rep, selected, t.run)
	out, err := replaceExpect(data, expect)
	if err != nil {
		t.fail(1, "cannot update", err.Error())
		return
	}
	if string(out) == string(data) {
		t.unchanged++
		t.ok("up to date")
		return
	}
	if path == "-" {
		t.ioError = true
		t.fail(1, "cannot update standard input", "--update rewrites files: name the scenario file instead of -")
		return
	}
	st, err := os.Stat(path)
	if err == nil {
		err = os.WriteFile(path, out, st.Mode().Perm())
	}
	if err != nil {
		t.ioError = true
		t.fail(1, "cannot write file", err.Error())
		return
	}
	t.updated++
	t.cur.Diff = unifiedDiff(path, data, out)
	t.printf("updated %s\n", path)
	t.printf("%s", t.cur.Diff)
}

// mismatchDetail explains a mismatch: the expectation's note and the
// result's reason, provenance and explanation tree.
func mismatchDetail(mm treaty.Mismatch) []string {
	var b strings.Builder
	if mm.Expectation.Note != "" {
		fmt.Fprintf(&b, "note: %s\n", mm.Expectation.Note)
	}
	if mm.Result == nil {
		fmt.Fprintf(&b, "the report has no result for clause %q under reading %q\n", mm.Expectation.Clause, mm.Expectation.Reading)
	} else {
		writeResult(&b, *mm.Result, "")
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// formatPercent prints a percentage with one decimal, without a trailing
// ".0".
func formatPercent(p float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(p, 'f', 1, 64), ".0") + "%"
}
