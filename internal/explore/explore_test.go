package explore_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/explore"
	"github.com/treatycond/treatycond/treaty"
)

// load reads an example's model and scenario.
func load(t testing.TB, model, scenario string) (explore.File, explore.File) {
	t.Helper()
	m, err := os.ReadFile(filepath.Join("..", "..", model))
	require.NoError(t, err)
	s := explore.File{}
	if scenario != "" {
		data, err := os.ReadFile(filepath.Join("..", "..", scenario))
		require.NoError(t, err)
		s = explore.File{Name: scenario, Data: data}
	}
	return explore.File{Name: model, Data: m}, s
}

// examples lists each example model with its scenarios.
func examples(t testing.TB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.json"))
	require.NoError(t, err)
	models := map[string]string{}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("..", ".."), f)
		if !strings.HasPrefix(filepath.Base(f), "scenario") {
			models[filepath.Dir(rel)] = rel
		}
	}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("..", ".."), f)
		if strings.HasPrefix(filepath.Base(f), "scenario") {
			m := models[filepath.Dir(rel)]
			out[m] = append(out[m], rel)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// TestEvalIsEvaluate checks that the page's report is treaty.Evaluate's
// for the same scenario with the same facts replaced (as treaty eval
// --set does) and the same date, on every example scenario.
func TestEvalIsEvaluate(t *testing.T) {
	for model, scenarios := range examples(t) {
		for _, scen := range scenarios {
			t.Run(scen, func(t *testing.T) {
				mf, sf := load(t, model, scen)
				ex := explore.New(mf, sf)
				require.Empty(t, ex.Info().Errors)
				m, err := treaty.LoadModel(filepath.Join("..", "..", model))
				require.NoError(t, err)
				s, err := treaty.LoadScenario(filepath.Join("..", "..", scen))
				require.NoError(t, err)
				// Set the first declared fact to unknown and move to the
				// middle change date.
				first := m.Facts[0].Name
				changes := ex.Info().Dates.Changes
				date := changes[len(changes)/2]
				resp := ex.Eval(&explore.Request{Facts: map[string]string{first: "unknown"}, AsOf: date, Clause: ex.Info().Clauses[0].ID})
				require.Empty(t, resp.FactErrors)
				require.Empty(t, resp.DateError)
				require.NotNil(t, resp.Report)
				require.NotNil(t, resp.Clause)

				s.Facts[first] = treaty.Fact{}
				want, err := treaty.Evaluate(m, s, treaty.AsOf(treaty.MustDate(date)))
				require.NoError(t, err)
				want.Overrides = []treaty.Override{{Fact: first, Value: nil}}
				if d := cmp.Diff(jsonOf(t, want), jsonOf(t, resp.Report)); d != "" {
					t.Fatalf("report differs from treaty.Evaluate (-want +got):\n%s", d)
				}
				require.Empty(t, resp.Clause.TimelineError)
				require.Empty(t, resp.Clause.ProspectsError)
				require.Empty(t, resp.Clause.ImpactError)
				require.NotEmpty(t, resp.Clause.Timeline.Tracks, "a timeline per reading")
				for _, tr := range resp.Clause.Timeline.Tracks {
					require.NotEmpty(t, tr.Periods)
					require.Equal(t, ex.Info().Dates.Min, tr.Periods[0].From.String(), "the timeline spans the page's range")
					require.Equal(t, ex.Info().Dates.Max, tr.Periods[len(tr.Periods)-1].To.String())
				}
			})
		}
	}
}

func jsonOf(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestEvalBadInput checks that bad values and dates are answered with a
// message for the field, and nothing evaluated.
func TestEvalBadInput(t *testing.T) {
	mf, sf := load(t, "examples/saar/saar.json", "examples/saar/scenario-vote-counting.json")
	ex := explore.New(mf, sf)
	tests := []struct {
		name      string
		req       explore.Request
		fact, msg string // the fact with an error, and part of its message
		dateMsg   string
		reason    string
	}{
		{"number with text", explore.Request{Facts: map[string]string{"plebiscite.germany": "many"}}, "plebiscite.germany", "not a number", "",
			"a number field holding text must say so next to the field"},
		{"bool with text", explore.Request{Facts: map[string]string{"plebiscite.held": "yes"}}, "plebiscite.held", "not true, false or unknown", "",
			"booleans are true, false or unknown"},
		{"date fact malformed", explore.Request{Facts: map[string]string{"voter.born_on": "1.1.1900"}}, "voter.born_on", "not a date", "",
			"dates are YYYY-MM-DD"},
		{"undeclared fact", explore.Request{Facts: map[string]string{"no.such": "true"}}, "no.such", "declares no fact", "",
			"a share link may name a fact the model no longer has"},
		{"date out of range", explore.Request{AsOf: "1700-01-01"}, "", "", "out of range",
			"the slider's range bounds the date"},
		{"date malformed", explore.Request{AsOf: "1935-13-01"}, "", "", "not a date",
			"a malformed date is reported, not evaluated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := ex.Eval(&tc.req)
			require.Nil(t, resp.Report, tc.reason)
			if tc.fact != "" {
				require.Contains(t, resp.FactErrors[tc.fact], tc.msg, tc.reason)
			}
			if tc.dateMsg != "" {
				require.Contains(t, resp.DateError, tc.dateMsg, tc.reason)
			}
		})
	}
}

// TestBadModel checks that a model with problems gives the same lines as
// treaty check prints, in Info and in every answer.
func TestBadModel(t *testing.T) {
	data := []byte(`{"schema": "treatycond.model/v1", "id": "x", "parties": [{"id": "A", "name": "A"}],
  "instruments": [{"id": "i", "title": "I", "kind": "treaty", "parties": ["A", "B"]}]}`)
	ex := explore.New(explore.File{Name: "bad.json", Data: data}, explore.File{})
	_, err := treaty.DecodeModel(data, "bad.json")
	require.Error(t, err)
	var want []string
	for _, e := range err.(treaty.ErrorList) {
		want = append(want, e.Error())
	}
	require.Equal(t, want, ex.Info().Errors)
	require.Contains(t, want[0], "bad.json:2:")
	resp := ex.Eval(&explore.Request{})
	require.Equal(t, want, resp.Errors)
	require.Nil(t, resp.Report)
}

// TestHandler checks the live server: the page, its policy, and the two
// JSON endpoints.
func TestHandler(t *testing.T) {
	mf, sf := load(t, "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json")
	srv := httptest.NewServer(explore.Handler(explore.New(mf, sf)))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(page), `<script src="app.js"`)
	require.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'")

	resp, err = http.Post(srv.URL+"/api/eval", "application/json",
		strings.NewReader(`{"facts": {"peace_treaty.concluded": "true"}, "clause": "jsd1956.art9.transfer"}`))
	require.NoError(t, err)
	var got explore.Response
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	resp.Body.Close()
	require.NotNil(t, got.Report)
	status := map[string]treaty.Status{}
	for _, r := range got.Report.Results {
		if r.Clause == "jsd1956.art9.transfer" {
			status[r.Reading] = r.Status
		}
	}
	require.Equal(t, map[string]treaty.Status{"JP": treaty.Due, "RU": treaty.NotDue}, status)

	resp, err = http.Post(srv.URL+"/api/eval", "application/json", strings.NewReader(`{not json`))
	require.NoError(t, err)
	got = explore.Response{}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	resp.Body.Close()
	require.NotEmpty(t, got.Errors, "a malformed request is answered, not dropped")

	resp, err = http.Get(srv.URL + "/api/eval")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

// TestNothingExternal checks that the page loads nothing from elsewhere:
// no URL with a scheme or a protocol-relative URL in its files.
func TestNothingExternal(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import|https?://`)
	for _, name := range []string{"index.html", "app.js", "style.css"} {
		data, err := os.ReadFile(filepath.Join("assets", name))
		require.NoError(t, err)
		// The SVG namespace is a name, not something loaded.
		data = []byte(strings.ReplaceAll(string(data), `"http://www.w3.org/2000/svg"`, `""`))
		if loc := external.FindIndex(data); loc != nil {
			t.Errorf("%s refers to something outside the page: %q", name, data[loc[0]:min(loc[1]+40, len(data))])
		}
	}
}

// TestExport checks the files written for a static page.
func TestExport(t *testing.T) {
	mf, sf := load(t, "examples/kuril/kuril.json", "examples/kuril/scenario-2018.json")
	dir := t.TempDir()
	require.NoError(t, explore.Export(dir, mf, sf, []byte("\x00asm"), []byte("// wasm_exec")))
	cfg, err := os.ReadFile(filepath.Join(dir, "config.js"))
	require.NoError(t, err)
	require.Contains(t, string(cfg), `backend: "wasm"`)
	data, err := os.ReadFile(filepath.Join(dir, "data.js"))
	require.NoError(t, err)
	text := strings.TrimSuffix(strings.TrimPrefix(string(data), "window.treatyData = "), ";\n")
	var got struct {
		Model, Scenario struct{ Name, Text string }
	}
	require.NoError(t, json.Unmarshal([]byte(text), &got))
	require.Equal(t, "kuril.json", got.Model.Name)
	require.Equal(t, string(mf.Data), got.Model.Text)
	require.Equal(t, "scenario-2018.json", got.Scenario.Name)
	wasm, err := os.ReadFile(filepath.Join(dir, "treaty-wasm.js"))
	require.NoError(t, err)
	require.Equal(t, "window.treatyWasmBase64 = \"AGFzbQ==\";\n", string(wasm))
}

// BenchmarkEval measures one answer of the page, with a clause selected
// (report, timeline, what it takes and impact), on every example model.
func BenchmarkEval(b *testing.B) {
	for model, scenarios := range examples(b) {
		b.Run(filepath.Base(model), func(b *testing.B) {
			mf, sf := load(b, model, scenarios[0])
			ex := explore.New(mf, sf)
			req := &explore.Request{Clause: ex.Info().Clauses[0].ID}
			for b.Loop() {
				if resp := ex.Eval(req); resp.Report == nil {
					b.Fatal("no report")
				}
			}
		})
	}
}

// TestNoScenario checks a model explored without a scenario: every fact
// unknown, as of the last date on which something changes, as treaty eval
// --as-of that date prints it.
func TestNoScenario(t *testing.T) {
	mf, _ := load(t, "examples/kuril/kuril.json", "")
	ex := explore.New(mf, explore.File{})
	require.Empty(t, ex.Info().Errors)
	changes := ex.Info().Dates.Changes
	require.Equal(t, changes[len(changes)-1], ex.Info().Dates.Default, "without a scenario the page starts on the last change")
	resp := ex.Eval(&explore.Request{})
	require.NotNil(t, resp.Report)
	m, err := treaty.LoadModel(filepath.Join("..", "..", "examples", "kuril", "kuril.json"))
	require.NoError(t, err)
	want, err := treaty.Evaluate(m, &treaty.Scenario{Schema: treaty.ScenarioSchema, AsOf: treaty.MustDate(ex.Info().Dates.Default)})
	require.NoError(t, err)
	if d := cmp.Diff(jsonOf(t, want), jsonOf(t, resp.Report)); d != "" {
		t.Fatalf("report differs from treaty.Evaluate (-want +got):\n%s", d)
	}
}

// TestParseValue checks how typed values are read, as treaty eval --set
// reads them.
func TestParseValue(t *testing.T) {
	tests := []struct {
		text    string
		typ     conditions.Type
		want    any
		wantErr bool
		reason  string
	}{
		{"true", conditions.Bool, true, false, "a boolean"},
		{" false ", conditions.Bool, false, false, "spaces around a boolean do not matter"},
		{"unknown", conditions.Bool, nil, false, "unknown is the unknown value"},
		{"null", conditions.Number, nil, false, "null is the unknown value too, as for --set"},
		{"yes", conditions.Bool, nil, true, "only true, false or unknown"},
		{"0.5", conditions.Number, 0.5, false, "a decimal number"},
		{"1e308", conditions.Number, 1e308, false, "a large number"},
		{"NaN", conditions.Number, nil, true, "not a number is not a value"},
		{"12 votes", conditions.Number, nil, true, "text in a number field"},
		{"1935-01-13", conditions.Date, treaty.MustDate("1935-01-13"), false, "a date"},
		{"13.1.1935", conditions.Date, nil, true, "dates are YYYY-MM-DD"},
		{" padded ", conditions.String, " padded ", false, "a string is taken as typed"},
		{`"unknown"`, conditions.String, "unknown", false, "quoting makes a string of a word that means unknown"},
		{`"bad`, conditions.String, `"bad`, false, "a lone quote is part of the string"},
		{`"a\q"`, conditions.String, nil, true, "a quoted string with a bad escape"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := explore.ParseValue(tc.text, tc.typ)
			if tc.wantErr {
				require.Error(t, err, tc.reason)
				return
			}
			require.NoError(t, err, tc.reason)
			require.Equal(t, tc.want, got, tc.reason)
		})
	}
}
