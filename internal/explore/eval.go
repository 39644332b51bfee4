package explore

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// Request is what the page asks for: the scenario's facts with some
// replaced, as of a date, with a clause (and reading) selected.
type Request struct {
	// Facts replaces facts of the scenario, each for the whole timeline,
	// as `treaty eval --set name=value` does: the value as typed,
	// "unknown" for the unknown value.
	Facts map[string]string `json:"facts,omitempty"`
	// AsOf is the date, YYYY-MM-DD; empty for the scenario's date.
	AsOf string `json:"as_of,omitempty"`
	// Clause selects a clause for its timeline, what it takes and the
	// facts that matter; empty for none.
	Clause string `json:"clause,omitempty"`
}

// Response is the answer to a [Request]. When the request has bad input
// (FactErrors or DateError) or the model did not load (Errors), nothing
// is evaluated and Report is nil.
type Response struct {
	// Errors are the problems of the model or scenario, as in [Info].
	Errors []string `json:"errors,omitempty"`
	// FactErrors maps a fact to what is wrong with its value.
	FactErrors map[string]string `json:"fact_errors,omitempty"`
	// DateError says what is wrong with the date.
	DateError string `json:"date_error,omitempty"`
	// Report is the report of `treaty eval --format json` for the same
	// scenario, facts and date.
	Report *treaty.Report `json:"report,omitempty"`
	// Clause is the analysis of the selected clause.
	Clause *ClauseView `json:"clause,omitempty"`
}

// ClauseView is everything shown about the selected clause.
type ClauseView struct {
	ID string `json:"id"`
	// Timeline has one track per reading over the page's date range.
	Timeline []Track `json:"timeline"`
	// Prospects is what it would take, from [treaty.WhatItTakes]; nil with
	// ProspectsError set when the analysis failed.
	Prospects      *treaty.Prospects `json:"prospects,omitempty"`
	ProspectsError string            `json:"prospects_error,omitempty"`
	// Impact ranks the unknown facts by how much they would decide.
	Impact []Impact `json:"impact"`
}

// Track is a clause's status over time under one reading.
type Track struct {
	Reading string   `json:"reading"`
	Periods []Period `json:"periods"`
}

// Period is a run of days with the same status, value and condition.
type Period struct {
	From   string `json:"from"`
	To     string `json:"to"` // inclusive
	Status string `json:"status"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	cond   string
}

// Impact is how much an unknown fact matters to the selected clause.
type Impact struct {
	Fact string `json:"fact"`
	// Atoms are the parts of the effective conditions that read the fact,
	// such as "foreign_troops.withdrawn" or "votes.yes > 0.5".
	Atoms []string `json:"atoms"`
	// Score sums, over the readings' minimal assignments (to be due and
	// to be not due) that fix an atom of the fact, 1/size of the
	// assignment: a fact that decides a reading alone scores 1 there.
	Score float64 `json:"score"`
	// IfTrue and IfFalse give each reading's status were a boolean fact
	// true or false (from today on); empty for other types.
	IfTrue  map[string]string `json:"if_true,omitempty"`
	IfFalse map[string]string `json:"if_false,omitempty"`
}

// Eval answers a request. It never fails: problems are in the response.
func (ex *Explorer) Eval(req *Request) *Response {
	if ex.model == nil {
		return &Response{Errors: ex.info.Errors}
	}
	resp := &Response{}
	set := map[string]any{}
	names := make([]string, 0, len(req.Facts))
	for name := range req.Facts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t, ok := ex.facts[name]
		if !ok {
			resp.addFactError(name, fmt.Sprintf("the model declares no fact %q", name))
			continue
		}
		v, err := ParseValue(req.Facts[name], t)
		if err != nil {
			resp.addFactError(name, err.Error())
			continue
		}
		set[name] = v
	}
	asOf := ex.scenario.AsOf
	if req.AsOf != "" {
		d, err := treaty.ParseDate(req.AsOf)
		switch {
		case err != nil:
			resp.DateError = fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD", req.AsOf)
		case d.Before(ex.min) || d.After(ex.max):
			resp.DateError = fmt.Sprintf("%s is out of range: choose a date from %s to %s", d, ex.min, ex.max)
		default:
			asOf = d
		}
	} else if asOf.IsZero() {
		asOf = ex.max
	}
	if resp.FactErrors != nil || resp.DateError != "" {
		return resp
	}
	s := ex.withOverrides(set)
	rep, err := treaty.Evaluate(ex.model, s, treaty.AsOf(asOf))
	if err != nil {
		resp.Errors = []string{err.Error()}
		return resp
	}
	resp.Report = rep
	if req.Clause != "" && slices.ContainsFunc(ex.info.Clauses, func(c Clause) bool { return c.ID == req.Clause }) {
		resp.Clause = ex.clauseView(s, asOf, req.Clause, rep)
	}
	return resp
}

func (r *Response) addFactError(name, msg string) {
	if r.FactErrors == nil {
		r.FactErrors = map[string]string{}
	}
	r.FactErrors[name] = msg
}

// clauseView analyses one clause of a report.
func (ex *Explorer) clauseView(s *treaty.Scenario, asOf treaty.Date, clause string, rep *treaty.Report) *ClauseView {
	cv := &ClauseView{ID: clause, Impact: []Impact{}}
	cv.Timeline = ex.timeline(s, clause)
	p, err := treaty.WhatItTakes(ex.model, s, clause, treaty.AsOf(asOf))
	if err != nil {
		cv.ProspectsError = err.Error()
	} else {
		cv.Prospects = p
	}
	cv.Impact = ex.impact(s, asOf, clause, rep, p)
	return cv
}

// timeline evaluates the clause on the first day of the page's range and
// on every change date in it, then merges equal runs.
func (ex *Explorer) timeline(s *treaty.Scenario, clause string) []Track {
	points := []treaty.Date{ex.min}
	for _, d := range changeDates(ex.model, s) {
		if d.After(ex.min) && !d.After(ex.max) {
			points = append(points, d)
		}
	}
	reports := map[treaty.Date]*treaty.Report{}
	evalAt := func(d treaty.Date) *treaty.Report {
		if r, ok := reports[d]; ok {
			return r
		}
		r, err := treaty.Evaluate(ex.model, s, treaty.AsOf(d), treaty.ForClauses(clause))
		if err != nil {
			return nil
		}
		reports[d] = r
		return r
	}
	for _, d := range points {
		evalAt(d)
	}
	// A deadline measured from the day a clause became due shows only in
	// results: evaluate the day after each, once.
	var extra []treaty.Date
	for _, r := range reports {
		for _, res := range r.Results {
			if res.Deadline != nil {
				if d := res.Deadline.AddDays(1); d.After(ex.min) && !d.After(ex.max) {
					extra = append(extra, d)
				}
			}
		}
	}
	for _, d := range extra {
		if evalAt(d) != nil {
			points = append(points, d)
		}
	}
	slices.SortFunc(points, treaty.Date.Compare)
	points = slices.CompactFunc(points, treaty.Date.Equal)
	var tracks []Track
	index := map[string]int{}
	for i, d := range points {
		end := ex.max
		if i+1 < len(points) {
			end = points[i+1].AddDays(-1)
		}
		r := reports[d]
		if r == nil {
			continue
		}
		for _, res := range r.Results {
			k, ok := index[res.Reading]
			if !ok {
				k = len(tracks)
				index[res.Reading] = k
				tracks = append(tracks, Track{Reading: res.Reading})
			}
			t := &tracks[k]
			p := Period{From: d.String(), To: end.String(), Status: string(res.Status), Value: res.Value.String(), Reason: res.Reason, cond: res.Condition}
			if n := len(t.Periods); n > 0 {
				last := &t.Periods[n-1]
				if last.Status == p.Status && last.Value == p.Value && (p.Status == string(treaty.NotInForce) || last.cond == p.cond) {
					last.To = p.To
					continue
				}
			}
			t.Periods = append(t.Periods, p)
		}
	}
	return tracks
}

// impact ranks the facts still unknown that the clause's status depends
// on. It is computed from [treaty.WhatItTakes] (the minimal assignments
// per reading) and, for boolean facts, by evaluating the clause with the
// fact set either way.
func (ex *Explorer) impact(s *treaty.Scenario, asOf treaty.Date, clause string, rep *treaty.Report, p *treaty.Prospects) []Impact {
	byFact := map[string]*Impact{}
	get := func(f string) *Impact {
		im, ok := byFact[f]
		if !ok {
			im = &Impact{Fact: f}
			byFact[f] = im
		}
		return im
	}
	for _, r := range rep.Results {
		if r.Clause == clause {
			for _, f := range r.Missing {
				get(f)
			}
		}
	}
	if p != nil {
		for _, rp := range p.Readings {
			for _, list := range [][]conditions.Assignment{rp.ToBeDue, rp.ToBeNotDue} {
				for _, a := range list {
					seen := map[string]bool{}
					for atom := range a {
						e, err := conditions.Parse(atom)
						if err != nil {
							continue
						}
						for _, f := range e.Facts() {
							if _, declared := ex.facts[f]; !declared {
								continue
							}
							im := get(f)
							if !slices.Contains(im.Atoms, atom) {
								im.Atoms = append(im.Atoms, atom)
							}
							if !seen[f] {
								seen[f] = true
								im.Score += 1 / float64(len(a))
							}
						}
					}
				}
			}
		}
	}
	out := make([]Impact, 0, len(byFact))
	for f, im := range byFact {
		slices.Sort(im.Atoms)
		if im.Atoms == nil {
			im.Atoms = []string{}
		}
		if ex.facts[f] == conditions.Bool {
			im.IfTrue = ex.statusesWith(s, asOf, clause, f, true)
			im.IfFalse = ex.statusesWith(s, asOf, clause, f, false)
		}
		out = append(out, *im)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Fact < out[j].Fact
	})
	return out
}

// statusesWith evaluates clause with fact f set to v from asOf on.
func (ex *Explorer) statusesWith(s *treaty.Scenario, asOf treaty.Date, clause, f string, v bool) map[string]string {
	t := *s
	t.Facts = make(map[string]treaty.Fact, len(s.Facts)+1)
	for k, fv := range s.Facts {
		t.Facts[k] = fv
	}
	old := s.Facts[f]
	fact := treaty.Fact{Value: old.Value, History: slices.Clone(old.History)}
	// Keep the history up to asOf, then the new value from asOf on.
	fact.History = slices.DeleteFunc(fact.History, func(c treaty.Change) bool { return !c.From.Before(asOf) })
	fact.History = append(fact.History, treaty.Change{From: asOf, Value: v})
	t.Facts[f] = fact
	rep, err := treaty.Evaluate(ex.model, &t, treaty.AsOf(asOf), treaty.ForClauses(clause))
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, r := range rep.Results {
		out[r.Reading] = string(r.Status)
	}
	return out
}

// EvalJSON decodes a [Request] from JSON, answers it and encodes the
// [Response]. Malformed JSON is answered with a response whose Errors
// says so.
func (ex *Explorer) EvalJSON(req []byte) []byte {
	var r Request
	var resp *Response
	if err := json.Unmarshal(req, &r); err != nil {
		resp = &Response{Errors: []string{"bad request: " + err.Error()}}
	} else {
		resp = ex.Eval(&r)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		out, _ = json.Marshal(&Response{Errors: []string{"cannot encode the response: " + err.Error()}})
	}
	return out
}
