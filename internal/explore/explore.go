// Package explore is the engine behind `treaty explore`: a single web page
// that shows every clause of a model under every reading, with a control
// per fact, a date slider, timelines, the instrument graph, explanations
// and what it would take.
//
// The page (HTML, CSS and JavaScript, embedded with package embed) asks
// for evaluations through one interface, evaluate(request) -> response
// JSON, with two backends that run the same Go code, [Explorer.Eval]:
//
//   - [Handler] serves the page and answers POST /api/eval from the Go
//     process, over loopback HTTP;
//   - [Export] writes the page as static files with the evaluator compiled
//     to WebAssembly (GOOS=js GOARCH=wasm, see package
//     internal/explore/wasm), so that it works without any server.
//
// Nothing in the page loads anything from elsewhere: no external scripts,
// fonts or style sheets.
//
// An Explorer is immutable once made and safe for concurrent use.
package explore

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// Explorer answers the page's requests for one model and, optionally,
// one scenario.
type Explorer struct {
	info     Info
	model    *treaty.Model
	scenario *treaty.Scenario // never nil when model is not
	facts    map[string]conditions.Type
	// min and max bound the dates the page can evaluate; def is the date
	// it starts on: the scenario's, or the last change date.
	min, max, def treaty.Date
}

// File is an input file: its name, used in error messages and in share
// links, and its content.
type File struct {
	Name string
	Data []byte
}

// Info is what the page needs once: the model and scenario as loaded, the
// controls to show, the graph and the range of dates. When the model or
// scenario cannot be loaded, Errors lists every problem, one per line, in
// the form `treaty check` prints them, and the rest is empty.
type Info struct {
	Model    string      `json:"model"` // the model's reference: its file name
	ModelID  string      `json:"model_id,omitempty"`
	Title    string      `json:"title,omitempty"`
	Scenario *Scenario   `json:"scenario,omitempty"`
	Errors   []string    `json:"errors,omitempty"`
	Facts    []Fact      `json:"facts"`
	Readings []Reading   `json:"readings"`
	Clauses  []Clause    `json:"clauses"`
	Graph    *view.Graph `json:"graph"`
	Dates    DateRange   `json:"dates"`
	Statuses []string    `json:"statuses"`
	Sources  []Source    `json:"sources,omitempty"`
	Notes    []string    `json:"notes,omitempty"`
}

// Scenario describes the scenario the page starts from.
type Scenario struct {
	File    string   `json:"file,omitempty"`
	ID      string   `json:"id,omitempty"`
	Title   string   `json:"title,omitempty"`
	AsOf    string   `json:"as_of"`
	Notes   []string `json:"notes,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// Fact is one control of the page.
type Fact struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Doc  string `json:"doc,omitempty"`
	// Sources are the fact's sources when the model file gives any.
	Sources []Source `json:"sources,omitempty"`
	// Scenario is the fact as the scenario gives it: a plain value or a
	// history; absent when the scenario does not mention the fact.
	Scenario *treaty.Fact `json:"scenario,omitempty"`
}

// Source is a citation, as in the model file.
type Source struct {
	Title   string `json:"title"`
	Article string `json:"article,omitempty"`
	Date    string `json:"date,omitempty"`
	URL     string `json:"url,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Reading is a column of the grid.
type Reading struct {
	ID        string `json:"id"`
	Party     string `json:"party"`
	PartyName string `json:"party_name,omitempty"`
}

// Clause is a row of the grid.
type Clause struct {
	ID          string   `json:"id"`
	Instrument  string   `json:"instrument"`
	Article     string   `json:"article,omitempty"`
	Kind        string   `json:"kind"`
	Bearer      string   `json:"bearer"`
	Beneficiary string   `json:"beneficiary,omitempty"`
	Action      string   `json:"action"`
	Objects     []string `json:"objects,omitempty"`
	Text        string   `json:"text,omitempty"`
	Condition   string   `json:"condition"`
}

// DateRange is the range of dates the page can evaluate: the slider's
// ends, the scenario's date, and every date on which something in the
// model or scenario changes.
type DateRange struct {
	Min     string   `json:"min"`
	Max     string   `json:"max"`
	Default string   `json:"default"`
	Changes []string `json:"changes"`
}

// New loads a model and an optional scenario (scenario.Data nil for none)
// and returns an Explorer for them. A model or scenario that cannot be
// loaded is not an error: the Explorer's [Info] lists the problems, as
// `treaty check` prints them, and [Explorer.Eval] answers with them.
func New(model, scenario File) *Explorer {
	ex := &Explorer{info: Info{Model: path.Base(model.Name)}}
	ex.info.Statuses = []string{string(treaty.NotInForce), string(treaty.NotDue), string(treaty.Undetermined),
		string(treaty.Due), string(treaty.Fulfilled), string(treaty.Violated)}
	var s *treaty.Scenario
	var problems []string
	if scenario.Data != nil {
		var err error
		s, err = treaty.DecodeScenario(scenario.Data, scenario.Name)
		if err != nil {
			problems = append(problems, errorLines(err)...)
		}
		if s != nil {
			ex.info.Scenario = &Scenario{File: path.Base(scenario.Name), ID: s.ID, Title: s.Title}
		}
	}
	m, err := treaty.DecodeModel(model.Data, model.Name)
	if err != nil {
		// The model's problems, as treaty check prints them.
		problems = append(errorLines(err), problems...)
		ex.info.Errors = problems
		return ex
	}
	if s != nil {
		if err := treaty.ValidateScenario(m, s); err != nil {
			ex.info.Errors = errorLines(err)
			return ex
		}
	}
	if len(problems) > 0 {
		ex.info.Errors = problems
		return ex
	}
	if s == nil {
		s = &treaty.Scenario{Schema: treaty.ScenarioSchema}
	}
	ex.model, ex.scenario = m, s
	ex.facts = map[string]conditions.Type{}
	ex.describe(model.Data)
	return ex
}

// errorLines renders err one problem per line, as `treaty check` does.
func errorLines(err error) []string {
	if list, ok := errors.AsType[treaty.ErrorList](err); ok && len(list) > 0 {
		out := make([]string, 0, len(list))
		for _, e := range list {
			out = append(out, e.Error())
		}
		return out
	}
	return strings.Split(err.Error(), "\n")
}

// Info returns what the page needs to draw itself. The caller must not
// modify it.
func (ex *Explorer) Info() *Info { return &ex.info }

// describe fills in the Info of a model that loaded.
func (ex *Explorer) describe(modelData []byte) {
	m, s := ex.model, ex.scenario
	in := &ex.info
	in.ModelID, in.Title, in.Notes = m.ID, m.Title, m.Notes
	for _, src := range m.Sources {
		in.Sources = append(in.Sources, source(src))
	}
	factSources := rawFactSources(modelData)
	for _, f := range m.Facts {
		ex.facts[f.Name] = f.Type
		fc := Fact{Name: f.Name, Type: f.Type.String(), Doc: f.Doc, Sources: factSources[f.Name]}
		if v, ok := s.Facts[f.Name]; ok {
			fc.Scenario = &v
		}
		in.Facts = append(in.Facts, fc)
	}
	parties := map[string]treaty.Party{}
	for _, p := range m.Parties {
		parties[p.ID] = p
	}
	for _, r := range readings(m) {
		id := r.ID
		if id == "" {
			id = r.Party
		}
		in.Readings = append(in.Readings, Reading{ID: id, Party: r.Party, PartyName: parties[r.Party].Name})
	}
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			in.Clauses = append(in.Clauses, Clause{
				ID: c.ID, Instrument: inst.ID, Article: c.Article, Kind: string(c.Kind),
				Bearer: c.Bearer, Beneficiary: c.Beneficiary, Action: c.Action, Objects: c.Objects,
				Text: c.Text, Condition: c.Condition.String(),
			})
		}
	}
	in.Graph = view.NewGraph(m)
	changes := view.ChangeDates(m, s)
	first, last := s.AsOf, s.AsOf
	if len(changes) > 0 {
		if first.IsZero() || changes[0].Before(first) {
			first = changes[0]
		}
		if last.IsZero() || changes[len(changes)-1].After(last) {
			last = changes[len(changes)-1]
		}
	}
	if first.IsZero() {
		first, last = treaty.NewDate(2000, 1, 1), treaty.NewDate(2000, 1, 1)
	}
	// Some room before the first change and after the last one: the
	// slider then shows the state before the model's instruments and
	// the years after the scenario.
	ex.min = treaty.NewDate(first.Time().Year()-5, 1, 1)
	ex.max = treaty.NewDate(last.Time().Year()+20, 12, 31)
	def := s.AsOf
	if def.IsZero() {
		def = last
	}
	ex.def = def
	in.Dates = DateRange{Min: ex.min.String(), Max: ex.max.String(), Default: def.String()}
	for _, d := range changes {
		in.Dates.Changes = append(in.Dates.Changes, d.String())
	}
	if in.Scenario == nil {
		in.Scenario = &Scenario{}
	}
	in.Scenario.AsOf = def.String()
	in.Scenario.Notes = s.Notes
	for _, src := range s.Sources {
		in.Scenario.Sources = append(in.Scenario.Sources, source(src))
	}
}

// readings returns the model's readings, or the default one per party.
func readings(m *treaty.Model) []treaty.Reading {
	if len(m.Readings) > 0 {
		return m.Readings
	}
	rs := make([]treaty.Reading, len(m.Parties))
	for i, p := range m.Parties {
		rs[i] = treaty.Reading{ID: p.ID, Party: p.ID}
	}
	return rs
}

func source(s treaty.Source) Source {
	return Source{Title: s.Title, Article: s.Article, Date: s.Date.String(), URL: s.URL, Note: s.Note}
}

// rawFactSources reads "source" or "sources" of the facts declared in a
// model file. The library's fact declarations carry no sources today;
// reading them from the file lets the page show them as soon as models
// may have them.
func rawFactSources(data []byte) map[string][]Source {
	var doc struct {
		Facts []struct {
			Name    string          `json:"name"`
			Source  json.RawMessage `json:"source"`
			Sources json.RawMessage `json:"sources"`
		} `json:"facts"`
	}
	out := map[string][]Source{}
	if json.Unmarshal(data, &doc) != nil {
		return out
	}
	for _, f := range doc.Facts {
		var list []Source
		if len(f.Sources) > 0 {
			_ = json.Unmarshal(f.Sources, &list)
		}
		if len(f.Source) > 0 {
			var one Source
			if json.Unmarshal(f.Source, &one) == nil && one.Title != "" {
				list = append(list, one)
			}
		}
		if len(list) > 0 {
			out[f.Name] = list
		}
	}
	return out
}

// ParseValue parses a fact value typed into the page as type t, as
// `treaty eval --set name=value` parses its value: "unknown" or "null" is
// the unknown value; booleans are true or false, numbers decimal, dates
// YYYY-MM-DD; a string is taken as typed, or, when double-quoted, with Go
// escapes ("\"unknown\"" is the string unknown). Booleans, numbers and
// dates may have spaces around them.
func ParseValue(text string, t conditions.Type) (any, error) {
	if text == "unknown" || text == "null" {
		return nil, nil
	}
	if t == conditions.String {
		if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
			s, err := strconv.Unquote(text)
			if err != nil {
				return nil, fmt.Errorf("%s is not a valid quoted string", text)
			}
			return s, nil
		}
		return text, nil
	}
	text = strings.TrimSpace(text)
	switch t {
	case conditions.Bool:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "unknown", "null":
			return nil, nil
		}
		return nil, fmt.Errorf("%q is not true, false or unknown", text)
	case conditions.Number:
		if text == "unknown" || text == "null" {
			return nil, nil
		}
		n, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("%q is not a number (write it like 12 or 0.5)", text)
		}
		return n, nil
	case conditions.Date:
		if text == "unknown" || text == "null" {
			return nil, nil
		}
		d, err := treaty.ParseDate(text)
		if err != nil {
			return nil, fmt.Errorf("%q is not a date (write it as YYYY-MM-DD)", text)
		}
		return d, nil
	}
	return nil, fmt.Errorf("fact type %s cannot be set in the page", t)
}

// withOverrides returns a copy of the scenario with the facts in set
// replaced, each for the whole timeline, as `treaty eval --set` does.
func (ex *Explorer) withOverrides(set map[string]any) *treaty.Scenario {
	s := *ex.scenario
	s.Facts = maps.Clone(s.Facts)
	if s.Facts == nil {
		s.Facts = map[string]treaty.Fact{}
	}
	for name, v := range set {
		s.Facts[name] = treaty.Fact{Value: v}
	}
	return &s
}
