// Package casebook holds what the tests of the example programs under
// examples/ share: loading a model and its scenarios from the files the
// program embeds, in the order the story runs; checking every scenario's
// expectations and the program's JSON output; and finding sections and
// table rows in its text output.
//
// The example programs themselves do not import it: each main.go uses
// only the public packages, so that it can be copied into a new module as
// it is. An example's test describes the program with a [Case].
package casebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// scenarioPattern names the scenario files, in the syntax of [path.Match].
const scenarioPattern = "scenario-*.json"

// Book is a model with its scenarios, in the order the story runs.
//
// Load fills it; nothing in this package modifies a Book, so one may be
// used by several goroutines at once as long as no caller modifies it.
type Book struct {
	Model     *treaty.Model
	Scenarios []*treaty.Scenario
}

// Load decodes the model in modelFile and the scenarios named in order from
// fsys, and checks each scenario against the model with
// [treaty.ValidateScenario]. The scenarios are returned in the given order.
//
// Every file in the root of fsys named scenario-*.json must be listed
// in order, and every name in order must be listed once and exist, so that
// a scenario file cannot be left out of the story by mistake. Errors name
// the file; decoding and validation errors also give the JSON path and the
// line:column.
func Load(fsys fs.FS, modelFile string, order []string) (*Book, error) {
	data, err := fs.ReadFile(fsys, modelFile)
	if err != nil {
		return nil, err
	}
	m, err := treaty.DecodeModel(data, modelFile)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, scenarioPattern)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if !slices.Contains(order, name) {
			return nil, fmt.Errorf("%s is not listed in the scenario order", name)
		}
	}
	b := &Book{Model: m, Scenarios: make([]*treaty.Scenario, 0, len(order))}
	for i, name := range order {
		if slices.Index(order, name) != i {
			return nil, fmt.Errorf("%s is listed twice in the scenario order", name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		s, err := treaty.DecodeScenario(data, name)
		if err != nil {
			return nil, err
		}
		if err := treaty.ValidateScenario(m, s); err != nil {
			return nil, err
		}
		b.Scenarios = append(b.Scenarios, s)
	}
	return b, nil
}

// Scenario returns the scenario with the given id, or an error if b has
// none.
func (b *Book) Scenario(id string) (*treaty.Scenario, error) {
	for _, s := range b.Scenarios {
		if s.ID == id {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no scenario %q", id)
}

// Reports evaluates every scenario against the model, as of the scenario's
// own date, and returns the reports in the order of the scenarios.
func (b *Book) Reports() ([]*treaty.Report, error) {
	reports := make([]*treaty.Report, 0, len(b.Scenarios))
	for _, s := range b.Scenarios {
		rep, err := treaty.Evaluate(b.Model, s)
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", s.ID, err)
		}
		reports = append(reports, rep)
	}
	return reports, nil
}

// Mismatches evaluates every scenario and returns one line for every
// expectation it does not meet, as [treaty.Report.Check] finds them, each
// prefixed with the scenario's id. A scenario without expectations is a
// failure too, since it tests nothing. The result is empty when every
// expectation of every scenario holds.
func (b *Book) Mismatches() ([]string, error) {
	reports, err := b.Reports()
	if err != nil {
		return nil, err
	}
	var out []string
	for i, rep := range reports {
		s := b.Scenarios[i]
		if len(s.Expect) == 0 {
			out = append(out, s.ID+": no expectations: a scenario without expectations tests nothing")
		}
		for _, mm := range rep.Check(s.Expect) {
			out = append(out, s.ID+": "+mm.String())
		}
	}
	return out, nil
}

// checkJSON checks that data, what Write writes as JSON, is an array with
// one report per scenario of b, in order, each of schema
// [treaty.ReportSchema], naming its scenario and with at least one result.
func (b *Book) checkJSON(data []byte) error {
	var reports []struct {
		Schema   string            `json:"schema"`
		Scenario string            `json:"scenario"`
		Results  []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(data, &reports); err != nil {
		return err
	}
	if len(reports) != len(b.Scenarios) {
		return fmt.Errorf("%d reports for %d scenarios", len(reports), len(b.Scenarios))
	}
	var errs []error
	for i, rep := range reports {
		id := b.Scenarios[i].ID
		switch {
		case rep.Schema != treaty.ReportSchema:
			errs = append(errs, fmt.Errorf("report %d: schema %q, want %q", i+1, rep.Schema, treaty.ReportSchema))
		case rep.Scenario != id:
			errs = append(errs, fmt.Errorf("report %d: scenario %q, want %q", i+1, rep.Scenario, id))
		case len(rep.Results) == 0:
			errs = append(errs, fmt.Errorf("report %d (%s): no results", i+1, id))
		}
	}
	return errors.Join(errs...)
}

// Case is an example program's story: the files it embeds, the model file
// among them, the question it answers, its scenario files in the order the
// story runs, and the program's run function. A Case is a plain value; its
// methods do not modify it.
type Case struct {
	// Files holds the model and the scenario files, as Load reads them.
	Files fs.FS
	// ModelFile is the name of the model file in Files.
	ModelFile string
	// Question is what the program answers; its text output starts with
	// the model's title and the question.
	Question string
	// Order lists every scenario file in Files, in the order the story
	// runs.
	Order []string
	// Program writes the program's output to w: text, or with asJSON the
	// reports as a JSON array. It is what the program's main calls.
	Program func(w io.Writer, asJSON bool) error
}

// Load loads the case with [Load].
func (c Case) Load() (*Book, error) {
	return Load(c.Files, c.ModelFile, c.Order)
}

// Run runs the program, writing to w.
func (c Case) Run(w io.Writer, asJSON bool) error {
	return c.Program(w, asJSON)
}

// Scenario loads the case and returns its model and the scenario with the
// given id.
func (c Case) Scenario(id string) (*treaty.Model, *treaty.Scenario, error) {
	b, err := c.Load()
	if err != nil {
		return nil, nil, err
	}
	s, err := b.Scenario(id)
	if err != nil {
		return nil, nil, err
	}
	return b.Model, s, nil
}

// Check is the test every example shares. It loads the case, checks that
// every scenario has expectations and meets them (see [Book.Mismatches]),
// that what the program writes as JSON is an array with one report per
// scenario, in order, each of schema [treaty.ReportSchema], naming its
// scenario and with at least one result, and that its text starts with
// the model's title and the question and reports every scenario under a
// heading "--- N. Title". It returns every problem found, joined, or nil.
func (c Case) Check() error {
	b, err := c.Load()
	if err != nil {
		return err
	}
	mismatches, err := b.Mismatches()
	if err != nil {
		return err
	}
	var errs []error
	for _, m := range mismatches {
		errs = append(errs, errors.New(m))
	}
	var buf bytes.Buffer
	if err := c.Run(&buf, true); err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, b.checkJSON(buf.Bytes()))
	buf.Reset()
	if err := c.Run(&buf, false); err != nil {
		return errors.Join(append(errs, err)...)
	}
	text := buf.String()
	if head := b.Model.Title + "\n"; !strings.HasPrefix(text, head) {
		errs = append(errs, fmt.Errorf("the text does not start with the model's title %q", b.Model.Title))
	}
	if c.Question == "" || !strings.Contains(text, "\n"+c.Question+"\n") {
		errs = append(errs, fmt.Errorf("the text does not state the question %q on a line of its own", c.Question))
	}
	for i, s := range b.Scenarios {
		if heading := fmt.Sprintf("\n--- %d. %s\n", i+1, s.Title); !strings.Contains(text, heading) {
			errs = append(errs, fmt.Errorf("the text has no heading %q", strings.TrimSpace(heading)))
		}
	}
	return errors.Join(errs...)
}

// Section returns the part of an example's text output that reports the
// scenario with the given title: from the line after its heading up to the
// next heading line (one starting with "--- "), or to the end. It is an
// error if there is no such heading.
func Section(text, title string) (string, error) {
	_, rest, ok := strings.Cut(text, ". "+title+"\n")
	if !ok {
		return "", fmt.Errorf("no section %q in the output", title)
	}
	if i := strings.Index(rest, "\n--- "); i >= 0 {
		rest = rest[:i]
	}
	return rest, nil
}

// Row returns a regular expression matching the line of a text report's
// results table for clause under reading with the given status and since
// date.
func Row(clause, reading, status, since string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(clause) + `\s+` + regexp.QuoteMeta(reading) + `\s+` +
		regexp.QuoteMeta(status) + `\s+\S+\s+` + regexp.QuoteMeta(since) + `\s`)
}

// WithFacts returns a copy of s whose facts are those of s with facts laid
// over them. The copy has its own fact map; s is not modified.
func WithFacts(s *treaty.Scenario, facts map[string]treaty.Fact) *treaty.Scenario {
	c := *s
	c.Facts = maps.Clone(s.Facts)
	if c.Facts == nil {
		c.Facts = map[string]treaty.Fact{}
	}
	maps.Copy(c.Facts, facts)
	return &c
}
