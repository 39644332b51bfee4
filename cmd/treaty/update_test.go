package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/treaty"
)

func TestReplaceExpect(t *testing.T) {
	due := []treaty.Expectation{{Clause: "c", Reading: "A", Status: treaty.Due}}
	tests := []struct {
		name   string
		in     string
		expect []treaty.Expectation
		want   string
		reason string
	}{
		{"replace", "{\n\t\"id\":  \"s\" ,\n\t\"expect\": [ {\"clause\":\"c\",\"reading\":\"A\",\"status\":\"not_due\"} ],\n\t\"notes\": [\"x\"]\n}\n", due,
			"{\n\t\"id\":  \"s\" ,\n\t\"expect\": [\n\t  {\"clause\": \"c\", \"reading\": \"A\", \"status\": \"due\"}\n\t],\n\t\"notes\": [\"x\"]\n}\n",
			"only the value of expect changes; odd spacing and tabs elsewhere stay"},
		{"same content, other layout", "{\"id\":\"s\",\"expect\":[{\"reading\":\"A\",\"clause\":\"c\",\"status\":\"due\"}]}", due,
			"{\"id\":\"s\",\"expect\":[{\"reading\":\"A\",\"clause\":\"c\",\"status\":\"due\"}]}",
			"equal expectations leave the file untouched"},
		{"add", "{\n  \"id\": \"s\",\n  \"as_of\": \"2020-01-01\"\n}", due,
			"{\n  \"id\": \"s\",\n  \"as_of\": \"2020-01-01\",\n  \"expect\": [\n    {\"clause\": \"c\", \"reading\": \"A\", \"status\": \"due\"}\n  ]\n}",
			"a missing expect member goes after the last one, indented like it"},
		{"fields and escapes", `{"expect": []}`,
			[]treaty.Expectation{{Clause: "c", Reading: "A", Value: "true", Since: "none", Missing: []string{}, Note: `a "b" <c>`}},
			"{\"expect\": [\n  {\"clause\": \"c\", \"reading\": \"A\", \"value\": \"true\", \"since\": \"none\", \"missing\": [], \"note\": \"a \\\"b\\\" <c>\"}\n]}",
			"every field in struct order; an empty missing list is kept (it checks that none is missing); no HTML escaping"},
	}
	for _, tc := range tests {
		got, err := replaceExpect([]byte(tc.in), tc.expect)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, string(got)); diff != "" {
			t.Errorf("%s: replaceExpect (-want +got):\n%s\n(%s)", tc.name, diff, tc.reason)
		}
	}
	if _, err := replaceExpect([]byte(`[1]`), due); err == nil {
		t.Errorf("replaceExpect of an array: no error")
	}
}

func TestUnifiedDiff(t *testing.T) {
	var a, b []string
	for i := 1; i <= 20; i++ {
		a = append(a, "line "+strings.Repeat("x", i%3)+string(rune('a'+i)))
	}
	b = append(b, a...)
	b[1] = "changed 2"
	b[17] = "changed 18"
	b = append(b[:10], b[11:]...) // drop line 11
	got := unifiedDiff("f", []byte(strings.Join(a, "\n")+"\n"), []byte(strings.Join(b, "\n")+"\n"))
	want := "--- f\n+++ f\n" +
		"@@ -1,5 +1,5 @@\n " + a[0] + "\n-" + a[1] + "\n+changed 2\n " + a[2] + "\n " + a[3] + "\n " + a[4] + "\n" +
		"@@ -8,13 +8,12 @@\n " + a[7] + "\n " + a[8] + "\n " + a[9] + "\n-" + a[10] + "\n " + a[11] + "\n " + a[12] + "\n " + a[13] +
		"\n " + a[14] + "\n " + a[15] + "\n " + a[16] + "\n-" + a[17] + "\n+changed 18\n " + a[18] + "\n " + a[19] + "\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unifiedDiff: two hunks, the second joining changes six lines apart (-want +got):\n%s", diff)
	}
	if got := unifiedDiff("f", []byte("a\n"), []byte("a\n")); got != "" {
		t.Errorf("unifiedDiff of equal texts = %q, want empty", got)
	}
}

// TestCoverageRelations pins how --coverage sees relations: the JCPOA
// scenarios exercise a termination (found by the reason of a clause out of
// force) and conditions added (found by the parts of the effective
// condition). If the evaluator's reasons or parts change shape, this
// fails instead of coverage silently dropping.
func TestCoverageRelations(t *testing.T) {
	dir := filepath.Join("..", "..", "examples", "jcpoa")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) < 2 {
		t.Fatalf("examples/jcpoa: %v %v", files, err)
	}
	args := []string{"test", "--coverage", "--format", "json"}
	for _, f := range files {
		args = append(args, filepath.Base(f))
	}
	out, stderr, code := runTreaty(t, dir, args)
	if code != 0 {
		t.Fatalf("treaty test --coverage: exit %d\n%s%s", code, out, stderr)
	}
	var doc testDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Coverage) != 1 {
		t.Fatalf("decoding the output: %v (%d coverage entries)", err, len(doc.Coverage))
	}
	rel := doc.Coverage[0].Relations
	want := []string{
		"us2018/relations/0 (terminates jcpoa.annex5.us_relief)",
		"ir2019/relations/0 (adds_condition jcpoa.iran.commitments)",
	}
	for _, w := range want {
		if !slices.Contains(rel.Exercised, w) {
			t.Errorf("relation %q not exercised; coverage says exercised %q, missed %q", w, rel.Exercised, rel.Missed)
		}
	}
}

func TestUpdateStdin(t *testing.T) {
	scenario := []byte(`{"schema": "treatycond.scenario/v1", "id": "x", "model": "examples/kuril/kuril.json", "as_of": "2020-01-01",
  "expect": [{"clause": "jsd1956.art9.transfer", "reading": "JP", "status": "due"}]}`)
	out, _, code := runTreatyStdin(t, filepath.Join("..", ".."), scenario, "test", "--update", "-")
	if code != exitUsage || !strings.Contains(out, "FAIL -: cannot update standard input") {
		t.Errorf("treaty test --update - = exit %d, output:\n%s\nwant exit 2 and a message that standard input cannot be rewritten", code, out)
	}
}
