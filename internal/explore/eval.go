package explore

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
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
	// scenario, facts (recorded in its Overrides) and date.
	Report *treaty.Report `json:"report,omitempty"`
	// Clause is the analysis of the selected clause.
	Clause *ClauseView `json:"clause,omitempty"`
}

// ClauseView is everything shown about the selected clause.
type ClauseView struct {
	ID string `json:"id"`
	// Timeline has one track per reading over the page's date range, from
	// [view.NewTimeline]; nil with TimelineError set when it failed.
	Timeline      *view.Timeline `json:"timeline,omitempty"`
	TimelineError string         `json:"timeline_error,omitempty"`
	// Prospects is what it would take, from [treaty.WhatItTakes]; nil with
	// ProspectsError set when the analysis failed.
	Prospects      *treaty.Prospects `json:"prospects,omitempty"`
	ProspectsError string            `json:"prospects_error,omitempty"`
	// Impact ranks the unknown facts (and comparisons on them) by how much
	// they would decide, from [treaty.Impact]; nil with ImpactError set
	// when the analysis failed.
	Impact      *treaty.ImpactReport `json:"impact,omitempty"`
	ImpactError string               `json:"impact_error,omitempty"`
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
	asOf := ex.def
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
	for _, name := range names {
		if v, ok := set[name]; ok {
			rep.Overrides = append(rep.Overrides, treaty.Override{Fact: name, Value: v})
		}
	}
	resp.Report = rep
	if req.Clause != "" && slices.ContainsFunc(ex.info.Clauses, func(c Clause) bool { return c.ID == req.Clause }) {
		resp.Clause = ex.clauseView(s, asOf, req.Clause)
	}
	return resp
}

func (r *Response) addFactError(name, msg string) {
	if r.FactErrors == nil {
		r.FactErrors = map[string]string{}
	}
	r.FactErrors[name] = msg
}

// clauseView analyses one clause: its timeline over the page's range,
// what it would take and which unknown facts matter most, all as of asOf.
func (ex *Explorer) clauseView(s *treaty.Scenario, asOf treaty.Date, clause string) *ClauseView {
	cv := &ClauseView{ID: clause}
	var err error
	if cv.Timeline, err = view.NewTimeline(ex.model, s, ex.min, ex.max, treaty.ForClauses(clause)); err != nil {
		cv.TimelineError = err.Error()
	}
	if cv.Prospects, err = treaty.WhatItTakes(ex.model, s, clause, treaty.AsOf(asOf)); err != nil {
		cv.ProspectsError = err.Error()
	}
	if cv.Impact, err = treaty.Impact(ex.model, s, clause, treaty.AsOf(asOf)); err != nil {
		cv.ImpactError = err.Error()
	}
	return cv
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
