package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

var testCmd = &command{
	name:    "test",
	args:    "[--verbose] FILE.json...",
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

Exit status: 0 when every expectation holds; 1 when any fails or a file is
invalid (a scenario whose model is missing or invalid included); 2 on bad
usage or when a file named on the command line cannot be read at all.`,
}

func init() {
	testCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		verbose := boolFlag(fs, "verbose", "v", "also list every expectation that holds")
		return func(e *env, args []string) int {
			t := &tester{w: e.stdout, verbose: *verbose, models: modelCache{}}
			for _, path := range args {
				t.file(path)
			}
			fmt.Fprintf(e.stdout, "%d passed, %d failed\n", t.passed, t.failed)
			switch {
			case t.ioError:
				return exitUsage
			case t.failed > 0:
				return exitFindings
			}
			return exitOK
		}
	}
}

// tester runs 'treaty test' over files and counts expectations.
type tester struct {
	w              io.Writer
	verbose        bool
	models         modelCache
	passed, failed int
	// ioError is set when a file named on the command line cannot be
	// read.
	ioError bool
}

// fail records n failures of path, with the lines explaining them.
func (t *tester) fail(path string, n int, head string, lines ...string) {
	t.failed += max(n, 1)
	fmt.Fprintf(t.w, "FAIL %s: %s\n", path, head)
	for _, l := range lines {
		fmt.Fprintf(t.w, "    %s\n", l)
	}
}

func (t *tester) file(path string) {
	data, err := readFile(path)
	if err != nil {
		t.ioError = true
		t.fail(path, 1, "cannot read file", err.Error())
		return
	}
	if fileKind(data) != "scenario" {
		if _, err := treaty.DecodeModel(data, path); err != nil {
			t.fail(path, 1, "invalid model", errorLines(err)...)
			return
		}
		fmt.Fprintf(t.w, "ok   %s: valid model\n", path)
		return
	}
	s, err := treaty.DecodeScenario(data, path)
	if s == nil {
		t.fail(path, 1, "invalid scenario", errorLines(err)...)
		return
	}
	n := len(s.Expect)
	if s.Model == "" {
		if err != nil {
			t.fail(path, n, "invalid scenario", errorLines(err)...)
			return
		}
		t.fail(path, n, `scenario names no model (set "model" to the model file's path)`)
		return
	}
	m, merr := t.models.get(modelPath(path, s))
	if merr != nil {
		var lines []string
		if err != nil {
			lines = errorLines(err)
		}
		if _, ok := errors.AsType[treaty.ErrorList](merr); ok {
			lines = append(lines, errorLines(merr)...)
		}
		t.fail(path, n, modelProblem(path, data, s, merr).Msg, lines...)
		return
	}
	if err := treaty.ValidateScenario(m, s); err != nil {
		t.fail(path, n, "invalid scenario", errorLines(err)...)
		return
	}
	if n == 0 {
		fmt.Fprintf(t.w, "ok   %s: no expectations\n", path)
		return
	}
	rep, err := treaty.Evaluate(m, s)
	if err != nil {
		t.fail(path, n, "cannot evaluate", err.Error())
		return
	}
	bad := checkExpectations(rep, s.Expect)
	for _, mm := range bad {
		t.fail(path, 1, mm.String(), mismatchDetail(mm)...)
	}
	t.passed += n - len(bad)
	if len(bad) == 0 {
		fmt.Fprintf(t.w, "ok   %s: %d expectation%s\n", path, n, plural(n))
	}
	if t.verbose {
		failed := map[int]bool{}
		for _, mm := range bad {
			failed[mm.index] = true
		}
		for i, x := range s.Expect {
			if !failed[i] {
				fmt.Fprintf(t.w, "     pass %s under %s\n", x.Clause, x.Reading)
			}
		}
	}
}

// mismatch is an expectation a report does not meet, with its index in
// the scenario's list.
type mismatch struct {
	treaty.Mismatch
	index int
}

// checkExpectations compares rep with expect (see [treaty.Report.Check])
// and returns the mismatches with their positions.
func checkExpectations(rep *treaty.Report, expect []treaty.Expectation) []mismatch {
	var out []mismatch
	for i, x := range expect {
		for _, mm := range rep.Check([]treaty.Expectation{x}) {
			out = append(out, mismatch{mm, i})
		}
	}
	return out
}

// mismatchDetail explains a mismatch: the expectation's note and the
// result's reason, provenance and explanation tree.
func mismatchDetail(mm mismatch) []string {
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
