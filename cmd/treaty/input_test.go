package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// runTreatyStdin runs the command under test in dir with stdin as its
// standard input.
func runTreatyStdin(t *testing.T, dir string, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(treatyBin, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		require.True(t, ok, "running treaty %v: %v", args, err)
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

func kurilFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../examples/kuril", name))
	require.NoError(t, err)
	return data
}

// TestDashReadsStdin: "-" reads a model or scenario from standard input
// in every command, and messages name it <stdin>.
func TestDashReadsStdin(t *testing.T) {
	dir := t.TempDir()
	model := kurilFile(t, "kuril.json")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kuril.json"), model, 0o666))
	scenario := kurilFile(t, "scenario-peace-only.json")

	tests := []struct {
		name     string
		stdin    []byte
		args     []string
		code     int
		contains string
		reason   string
	}{
		{"check model", model, []string{"check", "-"}, 0, "ok <stdin> (model)", "check reads a model from stdin"},
		{"check scenario", scenario, []string{"check", "-"}, 0, "ok <stdin> (scenario)", "a scenario's model is relative to the current folder"},
		{"eval model", model, []string{"eval", "-", "--as-of", "2000-01-01"}, 0, "jsd1956.art9.transfer", "eval's MODEL"},
		{"eval scenario", scenario, []string{"eval", "--scenario", "-"}, 0, "peace-treaty-troops-stay", "eval's --scenario"},
		{"explain", scenario, []string{"explain", "--scenario", "-", "--clause", "jsd1956.art9.transfer"}, 0, "jsd1956.art9.transfer", "explain's --scenario"},
		{"takes", model, []string{"takes", "-", "--clause", "jsd1956.art9.transfer", "--as-of", "2000-01-01"}, 0, "jsd1956.art9.transfer", "takes' MODEL"},
		{"graph", model, []string{"graph", "-", "--format", "dot"}, 0, "digraph", "graph's MODEL"},
		{"test", scenario, []string{"test", "-"}, 0, "2 passed, 0 failed", "test reads a scenario from stdin"},
		{"both from stdin", model, []string{"eval", "-", "--scenario", "-"}, 2, "<stdin> is a model file, not a scenario", "one stdin cannot be both"},
		{"errors name stdin", []byte("{\n  \"id\": 3\n}"), []string{"check", "-"}, 1, "<stdin>:2:9: /id: want string, got number", "positions in stdin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runTreatyStdin(t, dir, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.contains) {
				t.Errorf("treaty %s: exit %d, want %d with %q (%s)\nstdout:\n%s\nstderr:\n%s",
					strings.Join(tc.args, " "), code, tc.code, tc.contains, tc.reason, stdout, stderr)
			}
		})
	}
}

// TestScenarioAbsoluteModelPath: an absolute "model" path was joined onto
// the scenario's folder and not found.
func TestScenarioAbsoluteModelPath(t *testing.T) {
	dir := t.TempDir()
	modelPath := filepath.Join(dir, "models", "kuril.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(modelPath), 0o777))
	require.NoError(t, os.WriteFile(modelPath, kurilFile(t, "kuril.json"), 0o666))
	scen := strings.Replace(string(kurilFile(t, "scenario-peace-only.json")), `"model": "kuril.json"`,
		`"model": "`+filepath.ToSlash(modelPath)+`"`, 1)
	require.Contains(t, scen, modelPath)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "elsewhere"), 0o777))
	sp := filepath.Join(dir, "elsewhere", "s.json")
	require.NoError(t, os.WriteFile(sp, []byte(scen), 0o666))
	for _, args := range [][]string{{"check", sp}, {"test", sp}, {"eval", "--scenario", sp}} {
		stdout, stderr, code := runTreaty(t, dir, args)
		if code != 0 {
			t.Errorf("treaty %v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
}

// TestScenarioNamingItselfAsModel: a scenario naming itself as its model
// was reported as "model ... is not valid (1 problem)" without the
// problem; now the message says what is wrong.
func TestScenarioNamingItselfAsModel(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.json"),
		[]byte("{\n  \"id\": \"s\",\n  \"model\": \"s.json\",\n  \"as_of\": \"2000-01-01\"\n}\n"), 0o666))
	stdout, _, code := runTreaty(t, dir, []string{"check", "s.json"})
	want := `s.json:3:12: /model: model "s.json" is this scenario file itself: "model" must name the model file`
	if code != 1 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, stdout:\n%s\nwant %s", code, stdout, want)
	}
	stdout, _, code = runTreaty(t, dir, []string{"test", "s.json"})
	if code != 1 || !strings.Contains(stdout, "is this scenario file itself") {
		t.Errorf("test: exit %d, stdout:\n%s", code, stdout)
	}
}

// TestMaxInput: inputs are capped (64MiB by default, --max-input to
// change it); a larger file, or an endless stream, is refused after
// reading at most the limit, with exit status 2.
func TestMaxInput(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kuril.json"), kurilFile(t, "kuril.json"), 0o666))
	_, stderr, code := runTreaty(t, dir, []string{"check", "--max-input", "1KiB", "kuril.json"})
	if code != 2 || !strings.Contains(stderr, "treaty check: read kuril.json: larger than the input limit of 1KiB (raise it with --max-input)") {
		t.Errorf("a file over --max-input: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runTreaty(t, dir, []string{"eval", "--max-input", "1KiB", "kuril.json", "--as-of", "2000-01-01"})
	if code != 2 || !strings.Contains(stderr, "larger than the input limit of 1KiB") {
		t.Errorf("eval with a model over --max-input: exit %d, stderr %q", code, stderr)
	}
	_, _, code = runTreaty(t, dir, []string{"check", "--max-input", "1MB", "kuril.json"})
	require.Equal(t, 0, code, "a file under the limit")
	_, stderr, code = runTreaty(t, dir, []string{"check", "--max-input", "12XB", "kuril.json"})
	if code != 2 || !strings.Contains(stderr, `invalid value "12XB" for --max-input: unknown unit "XB"`) {
		t.Errorf("a bad --max-input: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, stderr, code = runTreaty(t, dir, []string{"check", "--max-input", "4MiB", "/dev/zero"})
		if code != 2 || !strings.Contains(stderr, "read /dev/zero: larger than the input limit of 4MiB") {
			t.Errorf("/dev/zero: exit %d, stderr %q", code, stderr)
		}
		zero, err := os.Open("/dev/zero")
		require.NoError(t, err)
		defer zero.Close()
		cmd := exec.Command(treatyBin, "check", "-")
		cmd.Stdin = zero
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err = cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), "read <stdin>: larger than the input limit of 64MiB") {
			t.Errorf("/dev/zero on stdin with the default limit: %v, stderr %q", err, errb.String())
		}
	}
}
