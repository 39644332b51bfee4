package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/treatycond/treatycond/treaty"
)

var checkCmd = &command{
	name:    "check",
	args:    "FILE.json...",
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
against that model: undeclared facts, values of the wrong type, unknown
clauses and readings in "expect".

On success it prints one "ok" line per file.

Exit status: 0 when every file is valid; 1 when a file has problems
(malformed JSON, an invalid model or scenario); 2 on bad usage or when a
file cannot be read at all.`,
}

func init() {
	checkCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		quiet := fs.Bool("q", false, "print only problems, no \"ok\" lines")
		return func(e *env, args []string) int {
			code := exitOK
			models := modelCache{}
			bad, count := 0, 0
			for _, path := range args {
				kind, problems, err := checkFile(path, models)
				if err != nil {
					fmt.Fprintf(e.stderr, "treaty check: %v\n", err)
					code = max(code, exitUsage)
					bad++
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
					fmt.Fprintf(e.stdout, "ok %s (%s)\n", path, kind)
				}
			}
			switch {
			case bad == 0 && !*quiet:
				fmt.Fprintf(e.stdout, "ok: %d file%s valid\n", len(args), plural(len(args)))
			case bad > 0:
				fmt.Fprintf(e.stdout, "%d of %d file%s not valid (%d problem%s)\n", bad, len(args), plural(len(args)), count, plural(count))
			}
			return code
		}
	}
}

// checkFile validates one file. err is an I/O error (the file cannot be
// read); problems are what is wrong with its content.
func checkFile(path string, models modelCache) (kind string, problems []string, err error) {
	data, err := readFile(path)
	if err != nil {
		return "", nil, err
	}
	lines := func(err error) []string {
		if err == nil {
			return nil
		}
		return errorLines(err)
	}
	kind = fileKind(data)
	if kind == "scenario" {
		s, err := treaty.DecodeScenario(data, path)
		if err != nil {
			return kind, lines(err), nil
		}
		if s.Model == "" {
			return kind, nil, nil
		}
		mpath := filepath.Join(filepath.Dir(path), filepath.FromSlash(s.Model))
		m, err := models.get(mpath)
		if err != nil {
			problems = []string{fmt.Sprintf("%s: cannot check against model %s:", path, s.Model)}
			for _, l := range lines(err) {
				problems = append(problems, "\t"+l)
			}
			return kind, problems, nil
		}
		return kind, lines(treaty.ValidateScenario(m, s)), nil
	}
	// DecodeModel validates the model as well.
	_, err = treaty.DecodeModel(data, path)
	return "model", lines(err), nil
}

// modelCache holds the models loaded during one run, by absolute path.
type modelCache map[string]modelEntry

type modelEntry struct {
	m   *treaty.Model
	err error
}

// get loads and validates the model at path once per run.
func (c modelCache) get(path string) (*treaty.Model, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if ent, ok := c[abs]; ok {
		return ent.m, ent.err
	}
	m, err := readModel(path)
	c[abs] = modelEntry{m, err}
	return m, err
}
