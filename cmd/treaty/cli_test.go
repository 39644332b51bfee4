package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonschema"
	"github.com/treatycond/treatycond/treaty"
)

// graphModels are the models the graph tests draw.
var graphModels = []string{"../../examples/kuril/kuril.json", "testdata/models/pact.json", "testdata/models/tricky.json"}

// TestGraphDOTRendersWithGraphviz renders the DOT output with Graphviz. It
// skips only when dot is missing outside CI; in CI (CI set) dot must be
// installed.
func TestGraphDOTRendersWithGraphviz(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("Graphviz dot not installed (apt-get install graphviz); required when CI is set")
		}
		t.Fatal("CI is set but Graphviz dot is not installed: .ci/run must apt-get install -y graphviz")
	}
	for _, model := range graphModels {
		t.Run(filepath.Base(model), func(t *testing.T) {
			out, errOut, code := runTreaty(t, ".", []string{"graph", model, "--format", "dot"})
			if code != 0 {
				t.Fatalf("treaty graph exited %d: %s", code, errOut)
			}
			cmd := exec.Command(dot, "-Tsvg")
			cmd.Stdin = strings.NewReader(out)
			var svg, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &svg, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("dot -Tsvg failed: %v\n%s\ninput:\n%s", err, stderr.String(), out)
			}
			if stderr.Len() > 0 {
				t.Errorf("dot -Tsvg warned: %s", stderr.String())
			}
			if !strings.Contains(svg.String(), "<svg") {
				t.Errorf("dot produced no SVG:\n%s", svg.String())
			}
		})
	}
}

// mermaidLine is the grammar of the lines treaty graph writes: node
// definitions and edges with double-quoted labels that contain no double
// quote, classDef and class lines.
var mermaidLine = regexp.MustCompile(`^  (?:` +
	`n\d+(?:\(\["[^"]*"\]\)|\["[^"]*"\]|\("[^"]*"\))` + // nodes: stadium, box, rounded
	`|n\d+ (?:-->|-\.->|==>)\|"[^"]*"\| n\d+` + // edges
	`|classDef [a-z]+ [a-z]+:#[0-9a-f]{6},stroke:#[0-9a-f]{6}` +
	`|class n\d+(?:,n\d+)* [a-z]+` +
	`)$`)

// TestGraphMermaidSyntax checks every line of the Mermaid output against
// the subset of flowchart syntax the command uses, and that labels carry
// no raw quotes, angle brackets or '#' (which Mermaid would read as
// syntax or markup). The output was also checked with Mermaid's own parser
// (mermaid.parse) while writing this command.
func TestGraphMermaidSyntax(t *testing.T) {
	for _, model := range graphModels {
		t.Run(filepath.Base(model), func(t *testing.T) {
			out, errOut, code := runTreaty(t, ".", []string{"graph", model, "--format", "mermaid"})
			if code != 0 {
				t.Fatalf("treaty graph exited %d: %s", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if lines[0] != "flowchart LR" {
				t.Errorf("first line %q, want flowchart LR", lines[0])
			}
			defined := map[string]bool{}
			for _, l := range lines[1:] {
				if !mermaidLine.MatchString(l) {
					t.Errorf("line does not match the flowchart grammar: %q", l)
				}
				for _, q := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(l, -1) {
					label := regexp.MustCompile(`#(?:quot|lt|gt|35);|<br/>`).ReplaceAllString(q[1], "")
					if strings.ContainsAny(label, `"<>#`) {
						t.Errorf("label with unescaped markup: %q", q[1])
					}
				}
				if m := regexp.MustCompile(`^  (n\d+)[(\[]`).FindStringSubmatch(l); m != nil {
					defined[m[1]] = true
				}
			}
			for _, l := range lines[1:] {
				for _, id := range regexp.MustCompile(`\bn\d+\b`).FindAllString(l, -1) {
					if !defined[id] {
						t.Errorf("line uses undefined node %s: %q", id, l)
					}
				}
			}
		})
	}
}

// TestSchemas checks that every schema 'treaty schema' prints compiles,
// carries the format tag of its document, and that the command's own
// schemas reject documents with unknown fields.
func TestSchemas(t *testing.T) {
	for _, name := range schemaNames {
		t.Run(name, func(t *testing.T) {
			data, ok := jsonSchema(name)
			if !ok {
				t.Fatalf("no schema %q", name)
			}
			s, err := jsonschema.Compile(data)
			if err != nil {
				t.Fatalf("schema %s does not compile: %v", name, err)
			}
			if !bytes.Contains(data, []byte(`"treatycond.`+name+`/v1"`)) {
				t.Errorf("schema %s does not name its tag treatycond.%s/v1", name, name)
			}
			if err := s.ValidateJSON([]byte(`{"schema": "treatycond.` + name + `/v1", "no_such_field": 1}`)); err == nil {
				t.Errorf("schema %s accepts a document with an unknown field and without required fields", name)
			}
		})
	}
}

// TestSchemaOutputMatchesFile checks that 'treaty schema NAME' prints the
// schema byte for byte.
func TestSchemaOutputMatchesFile(t *testing.T) {
	for _, name := range schemaNames {
		out, _, code := runTreaty(t, ".", []string{"schema", name})
		want, _ := jsonSchema(name)
		if code != 0 || strings.TrimSuffix(out, "\n") != strings.TrimSuffix(string(want), "\n") {
			t.Errorf("treaty schema %s: exit %d, output differs from the schema", name, code)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("treaty schema %s: not JSON: %v", name, err)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args    []string
		pos     []string
		format  string
		sets    []string
		wantErr string
		reason  string
	}{
		{[]string{"m.json", "--format", "json"}, []string{"m.json"}, "json", nil, "",
			"a flag after the positional argument is parsed"},
		{[]string{"--format=json", "m.json", "x", "--set", "a=1", "--set", "b=2"}, []string{"m.json", "x"}, "json", []string{"a=1", "b=2"}, "",
			"flags before, between and after; repeated flags accumulate"},
		{[]string{"--format", "json", "--", "-m.json", "--set", "a=1"}, []string{"-m.json", "--set", "a=1"}, "json", nil, "",
			"everything after -- is positional"},
		{[]string{"m.json", "--nope"}, nil, "", nil, "flag provided but not defined: -nope",
			"an unknown flag anywhere is an error"},
		{[]string{"m.json", "--format"}, nil, "", nil, "flag needs an argument: -format",
			"a flag missing its value at the end is an error"},
		{nil, nil, "text", nil, "", "no arguments at all"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(new(bytes.Buffer))
			format := fs.String("format", "text", "")
			var sets multiFlag
			fs.Var(&sets, "set", "")
			pos, err := parseInterspersed(fs, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.pos, pos); diff != "" {
				t.Errorf("positional (-want +got):\n%s", diff)
			}
			if *format != tt.format {
				t.Errorf("format %q, want %q", *format, tt.format)
			}
			if diff := cmp.Diff(tt.sets, []string(sets)); diff != "" {
				t.Errorf("sets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		text    string
		typ     conditions.Type
		want    any
		wantErr string
		reason  string
	}{
		{"true", conditions.Bool, true, "", "bool"},
		{"unknown", conditions.Bool, nil, "", "unknown is nil for every type"},
		{"null", conditions.Date, nil, "", "null is nil for every type"},
		{"yes", conditions.Bool, nil, `invalid bool "yes"`, "bools are true or false only"},
		{"1e3", conditions.Number, 1000.0, "", "numbers parse as float64"},
		{"NaN", conditions.Number, nil, `invalid number "NaN"`, "NaN is not a number the language accepts"},
		{"Inf", conditions.Number, nil, `invalid number "Inf"`, "nor is infinity"},
		{"2020-02-29", conditions.Date, treaty.MustDate("2020-02-29"), "", "dates"},
		{"2021-02-29", conditions.Date, nil, `invalid date "2021-02-29"`, "an impossible date"},
		{"true", conditions.String, "true", "", "a string fact keeps the text"},
		{`"null"`, conditions.String, "null", "", "quotes keep a string that looks like null"},
		{`"a\tb"`, conditions.String, "a\tb", "", "quoted strings use Go escapes"},
		{`"a`, conditions.Any, `"a`, "", "an unterminated quote without a type is just text"},
		{"false", conditions.Any, false, "", "untyped: bool"},
		{"12", conditions.Any, 12.0, "", "untyped: number"},
		{"2001-01-01", conditions.Any, treaty.MustDate("2001-01-01"), "", "untyped: date"},
		{"hello", conditions.Any, "hello", "", "untyped: string"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := parseValue(tt.text, tt.typ)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("parseValue(%q, %s) = %#v, want %#v", tt.text, tt.typ, got, tt.want)
			}
		})
	}
}

func TestFileKind(t *testing.T) {
	tests := []struct {
		data, want, reason string
	}{
		{`{"schema": "treatycond.scenario/v1", "parties": []}`, "scenario", "the schema tag wins over content"},
		{`{"schema": "treatycond.model/v1", "as_of": "2020-01-01"}`, "model", "the schema tag wins over content (model)"},
		{`{"id": "x", "instruments": []}`, "model", "instruments make a model"},
		{`{"id": "x", "as_of": "2020-01-01"}`, "scenario", "as_of makes a scenario"},
		{`{"id": "x"}`, "", "nothing to tell"},
		{`[1, 2]`, "", "not an object"},
		{`{"id": `, "", "malformed"},
	}
	for _, tt := range tests {
		if got := fileKind([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: fileKind(%s) = %q, want %q", tt.reason, tt.data, got, tt.want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	tests := []struct {
		done, total uint64
		want        string
		reason      string
	}{
		{0, 10, "[..........]   0% 0/10", "nothing done"},
		{5, 10, "[#####.....]  50% 5/10", "half done"},
		{10, 10, "[##########] 100% 10/10", "all done"},
		{12, 10, "[##########] 100% 10/10", "overshoot is capped"},
		{0, 0, "[..........]   0% 0/1", "an empty total does not divide by zero"},
	}
	for _, tt := range tests {
		if got := progressBar(tt.done, tt.total, 10); got != tt.want {
			t.Errorf("%s: progressBar(%d, %d) = %q, want %q", tt.reason, tt.done, tt.total, got, tt.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu chan struct{}
	b  bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{mu: make(chan struct{}, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.String()
}

func TestProgressDrawsOnlyWhenSlow(t *testing.T) {
	fast := newSyncBuffer()
	p := startProgress(fast, 100, time.Hour)
	p.set(100, 100)
	p.stop()
	if got := fast.String(); got != "" {
		t.Errorf("a run shorter than the delay drew %q", got)
	}

	slow := newSyncBuffer()
	p = startProgress(slow, 100, time.Millisecond)
	p.set(40, 100)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(slow.String(), "40/100") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.stop()
	got := slow.String()
	if !strings.Contains(got, "\r[############..................]  40% 40/100") {
		t.Errorf("a slow run drew %q, want the bar at 40%%", got)
	}
	if !strings.HasSuffix(got, "\r") {
		t.Errorf("the bar is not cleared at the end: %q", got)
	}

	var none *progress // what commands use when stderr is not a terminal
	none.set(1, 2)
	none.stop()
}

// TestExamplesJSONValidates runs the JSON-printing commands over every
// example in the repository and validates their output against the
// schemas: eval for every scenario, explain and takes for every clause of
// each model under its first scenario, sweep over each model's first two
// bool facts.
func TestExamplesJSONValidates(t *testing.T) {
	scenarios, err := filepath.Glob("../../examples/*/scenario-*.json")
	if err != nil || len(scenarios) == 0 {
		t.Fatalf("no example scenarios: %v", err)
	}
	first := map[string]string{} // example dir -> first scenario
	for _, s := range scenarios {
		dir := filepath.Dir(s)
		if _, ok := first[dir]; !ok {
			first[dir] = s
		}
		t.Run("eval/"+strings.TrimPrefix(s, "../../examples/"), func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runTreaty(t, ".", []string{"eval", "--scenario", s, "--format", "json"})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			validateJSON(t, s, out, "report")
		})
	}
	for dir, s := range first {
		sc, err := treaty.LoadScenario(s)
		if err != nil {
			t.Fatal(err)
		}
		m, err := treaty.LoadModel(filepath.Join(dir, sc.Model))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range clauseIDs(m) {
			t.Run("explain+takes/"+filepath.Base(dir)+"/"+id, func(t *testing.T) {
				t.Parallel()
				out, errOut, code := runTreaty(t, ".", []string{"explain", "--scenario", s, "--clause", id, "--format", "json"})
				if code != 0 {
					t.Fatalf("explain exit %d: %s", code, errOut)
				}
				validateJSON(t, "explain "+id, out, "explain")
				out, errOut, code = runTreaty(t, ".", []string{"takes", "--scenario", s, "--clause", id, "--open", "*", "--format", "json"})
				if code != 0 {
					t.Fatalf("takes exit %d: %s", code, errOut)
				}
				validateJSON(t, "takes "+id, out, "takes")
			})
		}
		var bools []string
		for _, f := range m.Facts {
			if f.Type == conditions.Bool && len(bools) < 2 {
				bools = append(bools, f.Name)
			}
		}
		if len(bools) == 0 {
			continue
		}
		t.Run("sweep/"+filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runTreaty(t, ".", []string{"sweep", "--scenario", s, "--vary", strings.Join(bools, ","), "--format", "json"})
			if code != 0 {
				t.Fatalf("sweep exit %d: %s", code, errOut)
			}
			validateJSON(t, "sweep", out, "sweep")
		})
	}
}
