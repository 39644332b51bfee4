package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/internal/jsonpos"
	"github.com/treatycond/treatycond/treaty"
)

var checkCmd = &command{
	name:    "check",
	args:    "[--quiet] FILE.json...",
	short:   "validate model and scenario files",
	minArgs: 1, maxArgs: -1,
	long: `
Check validates model files and scenario files and prints every problem on
its own line as

	file:line:col: /json/path: message

A file is a scenario when its "schema" tag is treatycond.scenario/v1 (a
model: treatycond.model/v1) or, without a tag, when it has "as_of",
"expect" or "model" rather than "instruments" or "parties". A scenario that
names its model ("model", relative to the scenario file) is also checked
against that model - undeclared facts, values of the wrong type, unknown
clauses and readings in "expect" - and these problems are reported
together with those of the scenario's own form. A model that cannot be
read is one problem of the scenario, at its "model" field; the problems of
an invalid model are printed once, under the model's own file name.

On success it prints one "ok" line per file, and a summary line at the end.

Exit status: 0 when every file is valid; 1 when a file has problems
(malformed JSON, an invalid model or scenario, a scenario whose model is
missing or invalid); 2 on bad usage or when a file named on the command
line cannot be read at all.`,
}

func init() {
	checkCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		quiet := boolFlag(fs, "quiet", "q", "print only problems, no \"ok\" lines")
		return func(e *env, args []string) int {
			code := exitOK
			c := &checker{models: modelCache{}, named: map[string]bool{}}
			for _, path := range args {
				c.named[absPath(path)] = true
			}
			bad, unreadable, count := 0, 0, 0
			for _, path := range args {
				kind, problems, err := c.file(path)
				if err != nil {
					fmt.Fprintf(e.stderr, "treaty check: %v\n", err)
					code = max(code, exitUsage)
					unreadable++
					continue
				}
				if len(problems) > 0 {
					for _, l := range problems {
						fmt.Fprintln(e.stdout, l)
					}
					code = max(code, exitFindings)
					bad++
					count += len(problems)
					continue
				}
				if !*quiet {
					fmt.Fprintf(e.stdout, "ok %s (%s)\n", displayName(path), kind)
				}
			}
			var summary []string
			if bad > 0 {
				summary = append(summary, fmt.Sprintf("%d of %d file%s not valid (%d problem%s)",
					bad, len(args), plural(len(args)), count, plural(count)))
			}
			if unreadable > 0 {
				summary = append(summary, fmt.Sprintf("%d file%s could not be read", unreadable, plural(unreadable)))
			}
			switch {
			case len(summary) > 0:
				fmt.Fprintln(e.stdout, strings.Join(summary, "; "))
			case !*quiet:
				fmt.Fprintf(e.stdout, "ok: %d file%s valid\n", len(args), plural(len(args)))
			}
			return code
		}
	}
}

// checker checks the files of one 'treaty check' run.
type checker struct {
	models modelCache
	// named holds the absolute paths of the files given on the command
	// line: their problems are printed when they are checked.
	named map[string]bool
	// shown holds the absolute paths of the models named by scenarios
	// whose problems have been printed.
	shown map[string]bool
}

// file validates one file. err is an I/O error (the file cannot be read);
// problems are what is wrong with its content, one line each.
func (c *checker) file(path string) (kind string, problems []string, err error) {
	data, err := readFile(path)
	if err != nil {
		return "", nil, err
	}
	kind = fileKind(data)
	if kind != "scenario" {
		// DecodeModel validates the model as well.
		_, err = treaty.DecodeModel(data, displayName(path), treaty.MaxInputSize(inputLimit))
		return "model", lines(err), nil
	}
	s, err := treaty.DecodeScenario(data, displayName(path), treaty.MaxInputSize(inputLimit))
	if s == nil || s.Model == "" {
		return kind, lines(err), nil
	}
	mpath := modelPath(path, s)
	m, merr := c.models.get(mpath)
	if merr == nil {
		return kind, lines(treaty.ValidateScenario(m, s)), nil
	}
	// The scenario's own problems, and one about its model.
	list, _ := errors.AsType[treaty.ErrorList](err)
	list = append(slices.Clone(list), modelProblem(path, data, s, merr))
	list.Sort()
	problems = lines(list)
	abs := absPath(mpath)
	if _, ok := errors.AsType[treaty.ErrorList](merr); ok && !c.named[abs] && !c.shown[abs] {
		if c.shown == nil {
			c.shown = map[string]bool{}
		}
		c.shown[abs] = true
		problems = append(problems, lines(merr)...)
	}
	return kind, problems, nil
}

// lines renders err as lines, none for nil.
func lines(err error) []string {
	if err == nil {
		return nil
	}
	return errorLines(err)
}

// modelPath returns the path of the model that scenario s, read from
// path, names: s.Model itself when it is absolute, else s.Model relative
// to the scenario's folder (the current folder for standard input).
func modelPath(path string, s *treaty.Scenario) string {
	m := filepath.FromSlash(s.Model)
	if filepath.IsAbs(m) {
		return filepath.Clean(m)
	}
	if path == "-" {
		return filepath.Clean(m)
	}
	return filepath.Join(filepath.Dir(path), m)
}

// modelProblem describes, as a problem of the scenario at path (whose
// text is data) located at its "model" field, that its model could not
// be loaded with error err:
//
//	s.json:4:12: /model: cannot read model "x.json": no such file
func modelProblem(path string, data []byte, s *treaty.Scenario, err error) *treaty.Error {
	e := &treaty.Error{File: displayName(path), Path: "/model", Code: treaty.CodeSchema}
	if root, perr := jsonpos.Parse(data); perr == nil {
		if v, exact := root.Lookup("/model"); exact {
			e.Line, e.Column = jsonpos.NewLines(data).Position(v.Offset)
		}
	}
	name := strconv.Quote(s.Model)
	mpath := modelPath(path, s)
	if mpath != filepath.Clean(s.Model) {
		name += " (" + mpath + ")"
	}
	if path != "-" && absPath(mpath) == absPath(path) {
		e.Msg = fmt.Sprintf("model %s is this scenario file itself: \"model\" must name the model file", name)
		return e
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		reason := pe.Err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			reason = "no such file"
		}
		e.Msg = fmt.Sprintf("cannot read model %s: %s", name, reason)
		return e
	}
	n := 1
	if list, ok := errors.AsType[treaty.ErrorList](err); ok {
		n = len(list)
	}
	e.Msg = fmt.Sprintf("model %s is not valid (%d problem%s)", name, n, plural(n))
	return e
}

// absPath returns path made absolute, or path itself if that fails.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// modelCache holds the models loaded during one run, by absolute path.
type modelCache map[string]modelEntry

type modelEntry struct {
	m   *treaty.Model
	err error
}

// get loads and validates the model at path once per run.
func (c modelCache) get(path string) (*treaty.Model, error) {
	abs := absPath(path)
	if ent, ok := c[abs]; ok {
		return ent.m, ent.err
	}
	m, err := readModel(path)
	c[abs] = modelEntry{m, err}
	return m, err
}
