package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// TestGraphDOTRendersWithGraphviz renders the DOT output of graph and
// timeline with Graphviz. It
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
	var runs [][]string
	for _, model := range graphModels {
		runs = append(runs, []string{"graph", model, "--format", "dot"})
	}
	// Timelines, of one clause and of every clause.
	runs = append(runs,
		[]string{"timeline", "--scenario", "../../examples/kuril/scenario-peace-and-withdrawal.json", "--format", "dot"},
		[]string{"timeline", "--scenario", "../../examples/minsk2/scenario-2020-standoff.json", "--clause", "minsk2.pt12.local_elections", "--format", "dot"})
	for _, args := range runs {
		t.Run(args[0]+"/"+filepath.Base(args[len(args)-3]), func(t *testing.T) {
			out, errOut, code := runTreaty(t, ".", args)
			if code != 0 {
				t.Fatalf("treaty %s exited %d: %s", strings.Join(args, " "), code, errOut)
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
			tag := regexp.MustCompile(`"treatycond\.` + regexp.QuoteMeta(name) + `/v[0-9]+"`).Find(data)
			if tag == nil {
				t.Fatalf("schema %s does not name its tag treatycond.%s/vN", name, name)
			}
			if err := s.ValidateJSON([]byte(`{"schema": ` + string(tag) + `, "no_such_field": 1}`)); err == nil {
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
// schemas: eval for every scenario, explain, takes, impact and compare
// (first and last reading) for every clause of each model under its first
// scenario, consolidate for every reading of each model, sweep over each
// model's first two bool facts.
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
				out, errOut, code = runTreaty(t, ".", []string{"impact", "--scenario", s, "--clause", id, "--open", "*", "--format", "json"})
				if code != 0 {
					t.Fatalf("impact exit %d: %s", code, errOut)
				}
				validateJSON(t, "impact "+id, out, "impact")
				if rs := readingIDs(m); len(rs) >= 2 {
					out, errOut, code = runTreaty(t, ".", []string{"compare", "--scenario", s, "--clause", id, "--readings", rs[0] + "," + rs[len(rs)-1], "--open", "*", "--format", "json"})
					if code != 0 {
						t.Fatalf("compare exit %d: %s", code, errOut)
					}
					validateJSON(t, "compare "+id, out, "compare")
				}
			})
		}
		t.Run("consolidate/"+filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runTreaty(t, ".", []string{"consolidate", filepath.Join(dir, sc.Model), "--format", "json"})
			if code != 0 {
				t.Fatalf("consolidate exit %d: %s", code, errOut)
			}
			validateJSON(t, "consolidate", out, "consolidated")
		})
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

func TestFlagError(t *testing.T) {
	tests := []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"--asof", "2020-01-01"}, "unknown flag --asof (did you mean --as-of?)",
			"a misspelt flag: the closest one, with two dashes"},
		{[]string{"-scenaro=s.json"}, "unknown flag --scenaro (did you mean --scenario?)",
			"one dash and a value after '=' are accepted and still named with two dashes"},
		{[]string{"--zzz"}, "unknown flag --zzz",
			"no suggestion when no flag is close"},
		{[]string{"--vv"}, "unknown flag --vv",
			"shorthands are not suggested, and a two-letter name is not close to -v's long form"},
		{[]string{"--verbos"}, "unknown flag --verbos (did you mean --verbose?)",
			"long forms are suggested"},
		{[]string{"--as-of"}, "flag --as-of needs a value",
			"a flag without its value"},
		{[]string{"--format", "yaml"}, `invalid value "yaml" for --format: want text, json`,
			"an invalid value names the flag with two dashes"},
		{[]string{"-v=maybe"}, `invalid boolean value "maybe" for -v: parse error`,
			"a one-letter shorthand keeps its one dash, as help shows it"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(new(bytes.Buffer))
			fs.String("as-of", "", "")
			fs.String("scenario", "", "")
			boolFlag(fs, "verbose", "v", "")
			newFormat(fs, "text", "text", "json")
			_, err := parseInterspersed(fs, tt.args)
			if err == nil {
				t.Fatal("no error")
			}
			if got := flagError(fs, err); got != tt.want {
				t.Errorf("flagError = %q, want %q", got, tt.want)
			}
		})
	}
}

// allCommands returns every command that has flags, cond's subcommands
// included.
func allCommands() []*command {
	var out []*command
	for _, c := range commands {
		if c.setup != nil {
			out = append(out, c)
		}
	}
	return append(out, condEvalCmd, condTakesCmd)
}

// flagsOf returns the flags c defines, without the one-letter shorthands.
func flagsOf(c *command) []string {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if _, short := shorthands[f.Name]; !short {
			names = append(names, f.Name)
		}
	})
	return names
}

var flagToken = regexp.MustCompile(`--[a-z][a-z-]*`)

// docSynopses returns the synopsis lines of doc.go by command name
// ("eval", "cond eval"), continuation lines joined.
func docSynopses(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "// # Synopsis")
	end := strings.Index(text, "// # Description")
	if start < 0 || end < start {
		t.Fatal("doc.go has no Synopsis section before Description")
	}
	var entries []string
	for l := range strings.SplitSeq(text[start:end], "\n") {
		l = strings.TrimPrefix(l, "//\t")
		switch {
		case strings.HasPrefix(l, "treaty "):
			entries = append(entries, l)
		case strings.HasPrefix(l, " ") && len(entries) > 0:
			entries[len(entries)-1] += " " + strings.TrimSpace(l)
		}
	}
	out := map[string]string{}
	for _, c := range allCommands() {
		for _, e := range entries {
			if strings.HasPrefix(e, "treaty "+c.name+" ") {
				out[c.name] = e
			}
		}
	}
	return out
}

// TestFlagsDocumented checks that every flag of every command appears in
// its synopsis (the usage line of help and errors), in the synopsis of
// doc.go and in the flag list of 'treaty help', and that the synopses name
// no flag the command does not have.
func TestFlagsDocumented(t *testing.T) {
	synopses := docSynopses(t)
	for _, c := range allCommands() {
		t.Run(c.name, func(t *testing.T) {
			flags := flagsOf(c)
			var help bytes.Buffer
			helpFor(&help, c)
			doc, ok := synopses[c.name]
			if !ok {
				t.Fatalf("doc.go has no synopsis for treaty %s", c.name)
			}
			for _, name := range flags {
				if !slices.Contains(flagToken.FindAllString(c.args, -1), "--"+name) {
					t.Errorf("synopsis %q lacks --%s", c.args, name)
				}
				if !slices.Contains(flagToken.FindAllString(doc, -1), "--"+name) {
					t.Errorf("doc.go synopsis %q lacks --%s", doc, name)
				}
				if !regexp.MustCompile(`(?m)^  (-[a-z], )?--` + regexp.QuoteMeta(name) + `\b`).MatchString(help.String()) {
					t.Errorf("help lacks --%s:\n%s", name, help.String())
				}
			}
			for _, text := range []string{c.args, doc} {
				for _, tok := range flagToken.FindAllString(text, -1) {
					if !slices.Contains(flags, strings.TrimPrefix(tok, "--")) {
						t.Errorf("synopsis %q names %s, which treaty %s does not have", text, tok, c.name)
					}
				}
			}
			if regexp.MustCompile(`(^|[\s\[])-[a-z]`).MatchString(c.args) {
				t.Errorf("synopsis %q writes a flag with one dash", c.args)
			}
		})
	}
	for long := range maps.Values(shorthands) {
		found := false
		for _, c := range allCommands() {
			found = found || slices.Contains(flagsOf(c), long)
		}
		if !found {
			t.Errorf("shorthand for --%s, which no command has", long)
		}
	}
}

func TestParseFactsArg(t *testing.T) {
	date := func(s string) time.Time { return treaty.MustDate(s).Time() }
	tests := []struct {
		cond, facts string
		want        conditions.Facts
		wantErr     string
		reason      string
	}{
		{"d < @2020-01-01", `{"d": "2019-05-01"}`, conditions.Facts{"d": date("2019-05-01")}, "",
			"compared with a date literal: a date"},
		{`s == "x" or s == "2019-05-01"`, `{"s": "2019-05-01"}`, conditions.Facts{"s": "2019-05-01"}, "",
			"compared with strings: a string"},
		{"a == b", `{"a": {"date": "2020-01-01"}, "b": "2020-01-01"}`,
			conditions.Facts{"a": date("2020-01-01"), "b": date("2020-01-01")}, "",
			"compared with a fact given as a date: a date"},
		{"a == b and b == c", `{"a": {"date": "2020-01-01"}, "c": "2020-01-01"}`,
			conditions.Facts{"a": date("2020-01-01"), "c": date("2020-01-01")}, "",
			"by way of an unknown fact compared with both"},
		{"a == b and c == d", `{"a": {"date": "2020-01-01"}, "d": "2020-01-01"}`,
			conditions.Facts{"a": date("2020-01-01"), "d": "2020-01-01"}, "",
			"a fact compared with other facts only is not a date"},
		{"a == b", `{"a": "2020-01-01", "b": "2020-01-01"}`,
			conditions.Facts{"a": "2020-01-01", "b": "2020-01-01"}, "",
			"two plain strings stay strings"},
		{"a", `{"a": true, "n": 2.5, "u": null}`, conditions.Facts{"a": true, "n": 2.5, "u": nil}, "",
			"bools, numbers and null"},
		{"a", `{"a": true, "a": false}`, nil, `--facts: column 13: fact "a" is given twice`,
			"duplicate keys are rejected, as in model files"},
		{"a", `[1, 2]`, nil, `--facts must be a JSON object of fact values, such as {"a": true}, not an array`,
			"not an object: said plainly, without Go type names"},
		{"a", `"x"`, nil, `--facts must be a JSON object of fact values, such as {"a": true}, not a string`,
			"a string is not an object either"},
		{"a", `{"a": {"date": "2020-01-01", "x": 1}}`, nil, `--facts: column 7: fact "a": an object value must be {"date": "YYYY-MM-DD"}`,
			"objects are dates only"},
		{"a == b", `{"a": {"date": "2020-01-01"}, "b": "2020-13-01"}`, nil, `--facts: fact "b" is used as a date: invalid date "2020-13-01"`,
			"a plain string read as a date must be a valid date"},
		{"a", "{\n\"a\": 1e999}", nil, `--facts: 2:6: fact "a": number 1e999 is out of range`,
			"positions past the first line give the line"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			x := conditions.MustParse(tt.cond)
			got, err := parseFactsArg(x, tt.facts)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("facts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnknownText(t *testing.T) {
	known := []string{"JP", "RU"}
	tests := []struct {
		name   string
		list   int
		want   string
		reason string
	}{
		{"jp", 12, `reading "jp" (did you mean "JP"?)`, "case differs: suggested, quoted"},
		{"RUS", 12, `reading "RUS" (did you mean "RU"?)`, "one edit: suggested"},
		{"XX", 12, `reading "XX" (known: JP, RU)`, "nothing close: the short list"},
		{"XX", 1, `reading "XX"`, "nothing close and too many to list"},
	}
	for _, tt := range tests {
		if got := unknownText("reading", tt.name, known, tt.list); got != tt.want {
			t.Errorf("%s: unknownText(%q) = %q, want %q", tt.reason, tt.name, got, tt.want)
		}
	}
}
