package treaty_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/treaty"
)

// pipeline takes a model that loaded through the rest of the pipeline:
// validate, evaluate, what it takes for its first clauses, save and load
// back. It fails on a panic (as any test does), on an error that is not a
// *treaty.Error, when what is saved does not load back the same, and
// when the reloaded model evaluates differently.
func pipeline(t *testing.T, m *treaty.Model, s *treaty.Scenario) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatalf("a decoded model does not validate: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	typed := func(what string, err error) bool {
		var e *treaty.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("%s: %T %v is not a *treaty.Error", what, err, err)
		}
		return err == nil
	}
	rep, err := treaty.EvaluateContext(ctx, m, s)
	typed("Evaluate", err)
	n := 0
	for _, in := range m.Instruments {
		for _, cl := range in.Clauses {
			if n++; n > 3 {
				break
			}
			_, err := treaty.WhatItTakesContext(ctx, m, s, cl.ID)
			typed("WhatItTakes "+cl.ID, err)
		}
	}
	out, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := treaty.DecodeModel(out, "saved.json")
	if err != nil {
		t.Fatalf("what Encode writes does not load: %v\n%.3000s", err, out)
	}
	again, err := back.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(out), string(again)); diff != "" {
		t.Fatalf("save, load, save differs:\n%s", diff)
	}
	if rep != nil {
		rep2, err := treaty.EvaluateContext(ctx, back, s)
		if ctx.Err() != nil {
			return // out of time on a busy machine: nothing to compare
		}
		if !typed("Evaluate after reload", err) {
			t.Fatalf("the saved model evaluates with an error: %v", err)
		}
		a, _ := json.Marshal(rep)
		b, _ := json.Marshal(rep2)
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Fatalf("the saved model evaluates differently:\n%s", diff)
		}
	}
}

// FuzzPipeline feeds model files through the whole pipeline: load (every
// error an ErrorList located in the file), then validate, evaluate, what
// it takes, save and load (see pipeline). The seeds are the test models,
// the hostile suite's and the examples.
func FuzzPipeline(f *testing.F) {
	var files []string
	for _, pattern := range []string{"testdata/minimal.json", "testdata/bad/*.json", "../examples/*/*.json"} {
		matches, _ := filepath.Glob(pattern)
		files = append(files, matches...)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 200_000 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := treaty.DecodeModel(data, "f.json")
		if err != nil {
			var list treaty.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		pipeline(t, m, &treaty.Scenario{ID: "s", AsOf: treaty.LatestDate(m)})
	})
}

// FuzzPipelineCondition puts fuzzed condition text into a model with one
// fact of each type and takes it through the pipeline, under a scenario
// that gives some of the facts values.
func FuzzPipelineCondition(f *testing.F) {
	for _, seed := range []struct {
		cond string
		x    float64
		a    bool
	}{
		{"a and x > 3", 5, true},
		{`atleast(2, a, x >= 1, s == "y", d < @2020-01-01) or not a`, 0, false},
		{"x / (x - 5) > 1 or x + x * 2 < -1e308 * 10", 5, true},
		{"a or (x == 1 or x == 2 or x == 3) and s != \"\"", 2, false},
		{"d >= @0001-01-01 and d <= @9999-12-31", -1, true},
		{"(((a)))", 1e300, false},
	} {
		f.Add(seed.cond, seed.x, seed.a)
	}
	f.Fuzz(func(t *testing.T, cond string, x float64, a bool) {
		// Marshal writes invalid UTF-8 as U+FFFD: the model text is valid
		// UTF-8 (FuzzDecodeModel covers the rest).
		text, err := json.Marshal(cond)
		if err != nil {
			t.Fatal(err)
		}
		model := `{"schema": "treatycond.model/v1", "id": "p", "title": "Pipeline",
 "facts": [{"name": "a", "type": "bool"}, {"name": "x", "type": "number"}, {"name": "s", "type": "string"}, {"name": "d", "type": "date"}],
 "parties": [{"id": "A", "name": "A", "kind": "state"}, {"id": "B", "name": "B", "kind": "state"}],
 "instruments": [{"id": "t", "title": "T", "kind": "treaty", "parties": ["A", "B"], "signed": "2000-01-01",
   "clauses": [{"id": "t.c", "kind": "obligation", "bearer": "A", "action": "act", "condition": ` + string(text) + `, "performed": "a"}]},
  {"id": "m", "title": "M", "kind": "memorandum", "author": "B", "signed": "2001-01-01",
   "relations": [{"kind": "adds_condition", "target": "t.c", "condition": "not a or x != 0"}]}],
 "readings": [{"id": "A", "party": "A"}, {"id": "B", "party": "B"}]}`
		m, err := treaty.DecodeModel([]byte(model), "p.json")
		if err != nil {
			var list treaty.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Column < 1 {
					t.Fatalf("error without a position: %v", e)
				}
			}
			return
		}
		facts := map[string]treaty.Fact{"a": {Value: a}}
		if !math.IsInf(x, 0) && !math.IsNaN(x) {
			facts["x"] = treaty.Fact{Value: x}
		}
		s := &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2005-06-30"), Facts: facts}
		if err := treaty.ValidateScenario(m, s); err != nil {
			t.Fatalf("scenario %v: %v", s.Facts, err)
		}
		pipeline(t, m, s)
	})
}
