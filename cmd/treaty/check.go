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

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
	"github.com/treatycond/treatycond/treaty"
)

var checkCmd = &command{
	name:    "check",
	args:    "[--quiet] [--strict] [--format text|json] FILE.json...",
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

A valid model may still have warnings: what is very likely a mistake (a
clause whose fixed dates make it impossible to be due while in force, a
deadline before not_before, a relation taking effect before its target,
a reading that accepts and rejects the same instrument). They are printed
as "file:line:col: warning: /json/path: message" and make check fail only
with --strict.

On success it prints one "ok" line per file, and a summary line at the end.
"-" reads a file from standard input.

--format json prints one document instead (schema tag treatycond.check/v1,
see 'treaty schema check'): for every file its kind, whether it is valid,
and its problems, each with its file, JSON path, line, column, stable code
(syntax, schema, duplicate_id, unknown_party, unknown_instrument,
unknown_clause, unknown_reading, unknown_fact, dates, cycle, condition,
limit; the warning codes never_due, deadline_before_start,
relation_before_target, accepts_and_rejects; for condition, the
condition's own code too), severity ("error" or "warning"), message and
hint.

Exit status: 0 when every file is valid (with --strict: and has no
warnings); 1 when a file has problems
(malformed JSON, an invalid model or scenario, a scenario whose model is
missing or invalid); 2 on bad usage or when a file named on the command
line cannot be read at all.`,
}

func init() {
	checkCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		quiet := boolFlag(fs, "quiet", "q", "print only problems, no \"ok\" lines")
		strict := fs.Bool("strict", false, "fail (exit status 1) on warnings too")
		format := newFormat(fs, "text", "text", "json")
		return func(e *env, args []string) int {
			code := exitOK
			c := &checker{models: modelCache{}, named: map[string]bool{}}
			for _, path := range args {
				c.named[absPath(path)] = true
			}
			doc := checkDoc{Schema: "treatycond.check/v1", Files: []checkFile{}}
			count := 0
			for _, path := range args {
				f := checkFile{File: displayName(path), Problems: []checkProblem{}}
				kind, problems, warnings, err := c.file(path)
				for _, w := range warnings {
					if format.value == "text" {
						fmt.Fprintln(e.stdout, warningText(w))
					}
					p := problemOf(w)
					p.Severity, p.Text = "warning", warningText(w)
					f.Problems = append(f.Problems, p)
				}
				if *strict && len(warnings) > 0 && err == nil && len(problems) == 0 {
					code = max(code, exitFindings)
					doc.Invalid++
					count += len(warnings)
					f.Kind = kind
					doc.Files = append(doc.Files, f)
					continue
				}
				switch {
				case err != nil:
					fmt.Fprintf(e.stderr, "treaty check: %v\n", err)
					code = max(code, exitUsage)
					doc.Unreadable++
					f.Error = err.Error()
				case len(problems) > 0:
					if format.value == "text" {
						for _, p := range problems {
							fmt.Fprintln(e.stdout, p.Error())
						}
					}
					code = max(code, exitFindings)
					doc.Invalid++
					count += len(problems)
					f.Kind = kind
					for _, p := range problems {
						f.Problems = append(f.Problems, problemOf(p))
					}
				default:
					doc.Valid++
					f.Kind, f.Valid = kind, true
					if !*quiet && format.value == "text" {
						fmt.Fprintf(e.stdout, "ok %s (%s)\n", displayName(path), kind)
					}
				}
				doc.Files = append(doc.Files, f)
			}
			if format.value == "json" {
				if err := writeJSON(e.stdout, doc); err != nil {
					return exitUsage // run reports the write error
				}
				return code
			}
			var summary []string
			if doc.Invalid > 0 {
				summary = append(summary, fmt.Sprintf("%d of %d file%s not valid (%d problem%s)",
					doc.Invalid, len(args), plural(len(args)), count, plural(count)))
			}
			if doc.Unreadable > 0 {
				summary = append(summary, fmt.Sprintf("%d file%s could not be read", doc.Unreadable, plural(doc.Unreadable)))
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

// checkDoc is the output of 'treaty check --format json' (schema
// treatycond.check/v1; see 'treaty schema check').
type checkDoc struct {
	Schema     string      `json:"schema"`
	Files      []checkFile `json:"files"`
	Valid      int         `json:"valid"`
	Invalid    int         `json:"invalid"`
	Unreadable int         `json:"unreadable"`
}

// checkFile is the outcome for one file named on the command line.
type checkFile struct {
	File string `json:"file"`
	// Kind is "model" or "scenario"; empty when the file cannot be read.
	Kind  string `json:"kind,omitempty"`
	Valid bool   `json:"valid"`
	// Error says why the file cannot be read at all (exit status 2).
	Error    string         `json:"error,omitempty"`
	Problems []checkProblem `json:"problems"`
}

// checkProblem is one problem, a [treaty.Error] as JSON.
type checkProblem struct {
	// File is the file the problem is in: the file checked, or the model
	// a scenario names.
	File string `json:"file,omitempty"`
	// Path is the JSON Pointer of the problem; "" for the whole document.
	Path string `json:"path"`
	// Line and Column (both from 1; columns count code points) locate it
	// in File; 0 (left out) when it has no position.
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Code   string `json:"code"`
	// Severity is "error", or "warning" for what [treaty.Model.Warnings]
	// finds.
	Severity string `json:"severity"`
	// ConditionCode is the code of the condition error for code
	// "condition" (syntax, unknown_fact, type, ...).
	ConditionCode string `json:"condition_code,omitempty"`
	Message       string `json:"message"`
	Hint          string `json:"hint,omitempty"`
	// Text is the problem on one line, as the text output prints it.
	Text string `json:"text"`
}

func problemOf(e *treaty.Error) checkProblem {
	p := checkProblem{File: e.File, Path: e.Path, Line: e.Line, Column: e.Column, Code: string(e.Code),
		Severity: "error", Message: e.Msg, Hint: e.Hint, Text: e.Error()}
	if ce, ok := errors.AsType[*conditions.Error](e.Err); ok {
		p.ConditionCode = string(ce.Code)
		if p.Message == "" {
			p.Message = ce.Msg
		}
	}
	if p.Message == "" {
		p.Message = e.Error()
	}
	return p
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
	// decoded is the model the last model file decoded to, for its
	// warnings.
	decoded *treaty.Model
}

// file validates one file. err is an I/O error (the file cannot be read);
// problems are what is wrong with its content, in order; warnings, for a
// valid model, what is very likely a mistake.
func (c *checker) file(path string) (kind string, problems, warnings treaty.ErrorList, err error) {
	c.decoded = nil
	kind, problems, err = c.fileProblems(path)
	if err == nil && kind == "model" && len(problems) == 0 && c.decoded != nil {
		warnings = c.decoded.Warnings()
	}
	return kind, problems, warnings, err
}

// warningText is a warning on one line: its position, "warning:", its
// path and message.
func warningText(w *treaty.Error) string {
	pos := ""
	if w.File != "" {
		pos = w.File
		if w.Line > 0 {
			pos += fmt.Sprintf(":%d:%d", w.Line, w.Column)
		}
		pos += ": "
	}
	return fmt.Sprintf("%swarning: %s: %s", pos, w.Path, w.Msg)
}

// fileProblems validates one file: file without the warnings.
func (c *checker) fileProblems(path string) (kind string, problems treaty.ErrorList, err error) {
	data, err := readFile(path)
	if err != nil {
		return "", nil, err
	}
	kind = fileKind(data)
	if kind != "scenario" {
		// DecodeModel validates the model as well.
		c.decoded, err = treaty.DecodeModel(data, displayName(path), treaty.MaxInputSize(inputLimit))
		return "model", problemList(err), nil
	}
	s, err := treaty.DecodeScenario(data, displayName(path), treaty.MaxInputSize(inputLimit))
	if s == nil || s.Model == "" {
		return kind, problemList(err), nil
	}
	mpath := modelPath(path, s)
	m, merr := c.models.get(mpath)
	if merr == nil {
		return kind, problemList(treaty.ValidateScenario(m, s)), nil
	}
	// The scenario's own problems, and one about its model.
	problems = append(problemList(err), modelProblem(path, data, s, merr))
	problems.Sort()
	abs := absPath(mpath)
	if _, ok := errors.AsType[treaty.ErrorList](merr); ok && !c.named[abs] && !c.shown[abs] {
		if c.shown == nil {
			c.shown = map[string]bool{}
		}
		c.shown[abs] = true
		problems = append(problems, problemList(merr)...)
	}
	return kind, problems, nil
}

// problemList returns the problems of err, an error from the loaders of
// package treaty: a copy of its ErrorList, or the error as one problem.
func problemList(err error) treaty.ErrorList {
	if err == nil {
		return nil
	}
	if list, ok := errors.AsType[treaty.ErrorList](err); ok {
		return slices.Clone(list)
	}
	if e, ok := errors.AsType[*treaty.Error](err); ok {
		return treaty.ErrorList{e}
	}
	return treaty.ErrorList{{Code: treaty.CodeSchema, Msg: err.Error()}}
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
