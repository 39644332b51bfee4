// Package casebook holds what the example programs under examples/ share:
// loading a model and its scenarios from the files embedded beside the
// program, in the order the story runs, evaluating them, and printing the
// reports as text or as JSON; and, for their tests, checking every
// scenario's expectations and finding sections and table rows in the text
// output.
//
// An example describes itself with a [Case] (its files, model, question and
// scenario order) and hands [Case.Run] to [Main]; everything else it keeps
// is its own.
package casebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
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

// Write evaluates every scenario and writes the reports to w.
//
// As JSON it writes one indented array of reports, in scenario order.
// As text it writes the model's title, underlined, then the question (if
// not empty) and a blank line, then for each scenario a heading
// "--- N. Title", a blank line, the report as [treaty.Report.WriteText]
// writes it and a blank line.
func (b *Book) Write(w io.Writer, question string, asJSON bool) error {
	reports, err := b.Reports()
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(reports)
	}
	title := b.Model.Title
	header := title + "\n" + strings.Repeat("=", len(title)) + "\n"
	if question != "" {
		header += question + "\n"
	}
	if _, err := fmt.Fprintln(w, header); err != nil {
		return err
	}
	for i, rep := range reports {
		if _, err := fmt.Fprintf(w, "--- %d. %s\n\n", i+1, b.Scenarios[i].Title); err != nil {
			return err
		}
		if err := rep.WriteText(w); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
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
// among them, the question it answers, and its scenario files in the order
// the story runs. A Case is a plain value; its methods do not modify it.
type Case struct {
	// Files holds the model and the scenario files, as Load reads them.
	Files fs.FS
	// ModelFile is the name of the model file in Files.
	ModelFile string
	// Question is printed under the model's title; empty for none.
	Question string
	// Order lists every scenario file in Files, in the order the story
	// runs.
	Order []string
}

// Load loads the case with [Load].
func (c Case) Load() (*Book, error) {
	return Load(c.Files, c.ModelFile, c.Order)
}

// Run loads the case and writes its reports to w with [Book.Write], under
// the case's question or as JSON. It has the signature [Main] wants.
func (c Case) Run(w io.Writer, asJSON bool) error {
	b, err := c.Load()
	if err != nil {
		return err
	}
	return b.Write(w, c.Question, asJSON)
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
// and that what Run writes as JSON is an array with one report per
// scenario, in order, each of schema [treaty.ReportSchema], naming its
// scenario and with at least one result. It returns every problem found,
// joined, or nil.
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
	return errors.Join(append(errs, b.checkJSON(buf.Bytes()))...)
}

// Section returns the part of text written by Write that reports the
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

// Main is the main function of an example program called name. It parses
// the command line (the flag -json selects JSON output) and calls run with
// standard output. If run fails, Main prints "name: error" to standard
// error and exits with status 1; a bad command line exits with status 2,
// as with package flag.
func Main(name string, run func(w io.Writer, asJSON bool) error) {
	if code := cli(name, os.Args[0], os.Args[1:], os.Stdout, os.Stderr, run); code != 0 {
		os.Exit(code)
	}
}

// cli does the work of Main and returns the exit status: 2 for a bad
// command line, as package flag does, and 0 after -h.
func cli(name, prog string, args []string, stdout, stderr io.Writer, run func(io.Writer, bool) error) int {
	flags := flag.NewFlagSet(prog, flag.ContinueOnError)
	flags.SetOutput(stderr)
	asJSON := flags.Bool("json", false, "print the reports as a JSON array")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := run(stdout, *asJSON); err != nil {
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	return 0
}
