package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/treatycond/treatycond/internal/jsonschema"
)

// treatyBin is the command under test, built once by TestMain.
var treatyBin string

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/script/*.txt that differ")

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "treaty-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	treatyBin = filepath.Join(dir, "treaty")
	build := exec.Command("go", "build", "-o", treatyBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building treaty:", err)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestScripts runs every testdata/script/*.txt. See the comment at
// runScript for the script language.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/script")
	}
	examples, err := filepath.Abs("../../examples/kuril")
	if err != nil {
		t.Fatal(err)
	}
	models, err := filepath.Abs("testdata/models")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			if !*update {
				t.Parallel()
			}
			runScript(t, file, map[string]string{"EXAMPLES": examples, "MODELS": models})
		})
	}
}

// archive is a script file: the script, then files introduced by lines
// "-- name --", as in txtar.
type archive struct {
	script string
	files  []archiveFile
}

type archiveFile struct {
	name string
	data string
}

var fileMarker = regexp.MustCompile(`(?m)^-- (.+) --$`)

func parseArchive(text string) archive {
	locs := fileMarker.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return archive{script: text}
	}
	a := archive{script: text[:locs[0][0]]}
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		data := text[loc[1]:end]
		data = strings.TrimPrefix(data, "\n")
		a.files = append(a.files, archiveFile{name: text[loc[2]:loc[3]], data: data})
	}
	return a
}

func (a archive) format() string {
	var b strings.Builder
	b.WriteString(a.script)
	for _, f := range a.files {
		fmt.Fprintf(&b, "-- %s --\n%s", f.name, f.data)
		if f.data != "" && !strings.HasSuffix(f.data, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// runScript runs one script. The script language, one command per line
// ("#" starts a comment line):
//
//	treaty ARGS...        run the command under test in the work directory
//	code N                the last command exited with N (default: 0)
//	stdout TEXT           stdout contains TEXT; "! stdout TEXT": does not
//	stderr TEXT           likewise for stderr
//	stdout-re RE          stdout matches the regular expression RE
//	stderr-re RE          likewise for stderr
//	stdout-empty          stdout is empty (likewise stderr-empty)
//	lastline TEXT         the last line of stdout is exactly TEXT
//	cmp stdout FILE       stdout equals the archive file FILE (-update
//	                      rewrites it)
//	json stdout SCHEMA    stdout is JSON valid against 'treaty schema
//	                      SCHEMA'
//	cp SRC DST            copy a file
//
// Arguments are split at spaces; '...' quotes literally and "..." with
// $VAR expansion. Variables: $WORK (the work directory, which holds the
// archive's files), $EXAMPLES (examples/kuril) and $MODELS
// (testdata/models).
func runScript(t *testing.T, file string, vars map[string]string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ar := parseArchive(string(raw))
	work := t.TempDir()
	vars["WORK"] = work
	for _, f := range ar.files {
		p := filepath.Join(work, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	var (
		stdout, stderr string
		code           int
		ran            bool // a command ran and its exit code is not yet checked
		wantCode       int
		lastCmd        string
		lineNo         int
		updated        bool
	)
	checkCode := func() {
		if ran && code != wantCode {
			t.Errorf("%s:%d: %s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", file, lineNo, lastCmd, code, wantCode, stdout, stderr)
		}
		ran = false
	}
	for i, line := range strings.Split(ar.script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitArgs(line, vars)
		if err != nil {
			t.Fatalf("%s:%d: %v", file, i+1, err)
		}
		neg := false
		if args[0] == "!" {
			neg = true
			args = args[1:]
		}
		where := fmt.Sprintf("%s:%d: %s", file, i+1, line)
		stream := func(name string) string {
			switch name {
			case "stdout":
				return stdout
			case "stderr":
				return stderr
			}
			t.Fatalf("%s: unknown stream %q", where, name)
			return ""
		}
		switch args[0] {
		case "treaty":
			checkCode()
			lineNo = i + 1
			lastCmd = line
			stdout, stderr, code = runTreaty(t, work, args[1:])
			ran, wantCode = true, 0
		case "code":
			n, err := strconv.Atoi(args[1])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			wantCode = n
			checkCode()
		case "stdout", "stderr":
			if len(args) != 2 {
				t.Fatalf("%s: want one argument", where)
			}
			if got := strings.Contains(stream(args[0]), args[1]); got == neg {
				t.Errorf("%s: %s (after %q):\n%s", where, map[bool]string{false: "missing", true: "unexpected"}[neg], lastCmd, stream(args[0]))
			}
		case "stdout-re", "stderr-re":
			re, err := regexp.Compile(`(?m)` + args[1])
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			s := stream(strings.TrimSuffix(args[0], "-re"))
			if re.MatchString(s) == neg {
				t.Errorf("%s: (after %q):\n%s", where, lastCmd, s)
			}
		case "stdout-empty", "stderr-empty":
			if s := stream(strings.TrimSuffix(args[0], "-empty")); (s == "") == neg {
				t.Errorf("%s: (after %q) got:\n%s", where, lastCmd, s)
			}
		case "lastline":
			lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
			if got := lines[len(lines)-1]; got != args[1] {
				t.Errorf("%s: last line is %q", where, got)
			}
		case "cmp":
			got := stream(args[1])
			idx := -1
			for j, f := range ar.files {
				if f.name == args[2] {
					idx = j
				}
			}
			if idx < 0 {
				t.Fatalf("%s: no file %s in the archive", where, args[2])
			}
			if want := ar.files[idx].data; got != want {
				if *update {
					ar.files[idx].data = got
					updated = true
					continue
				}
				t.Errorf("%s: %s differs from %s (run go test -update to rewrite):\n%s", where, args[1], args[2], lineDiff(want, got))
			}
		case "json":
			validateJSON(t, where, stream(args[1]), args[2])
		case "cp":
			data, err := os.ReadFile(resolve(work, args[1]))
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if err := os.WriteFile(resolve(work, args[2]), data, 0o666); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		default:
			t.Fatalf("%s: unknown command %q", where, args[0])
		}
	}
	checkCode()
	if updated {
		if err := os.WriteFile(file, []byte(ar.format()), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// runTreaty runs the binary in dir.
func runTreaty(t *testing.T, dir string, args []string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(treatyBin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running treaty %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

// splitArgs splits a script line into words.
func splitArgs(line string, vars map[string]string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	expand := func(s string) string {
		return os.Expand(s, func(k string) string { return vars[k] })
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'' || c == '"':
			j := strings.IndexByte(line[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated quote in %q", line)
			}
			s := line[i+1 : i+1+j]
			if c == '"' {
				s = expand(s)
			}
			cur.WriteString(s)
			inWord = true
			i += j + 1
		default:
			j := i
			for j < len(line) && !strings.ContainsRune(" \t'\"", rune(line[j])) {
				j++
			}
			cur.WriteString(expand(line[i:j]))
			inWord = true
			i = j - 1
		}
	}
	if inWord {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("empty line")
	}
	return args, nil
}

// lineDiff shows the first differing line of want and got.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q\n--- got in full:\n%s", i+1, wl, gl, got)
		}
	}
	return got
}

// validateJSON checks that text is one JSON document valid against the
// schema called name.
func validateJSON(t *testing.T, where, text, name string) {
	t.Helper()
	data, ok := jsonSchema(name)
	if !ok {
		t.Fatalf("%s: no schema %q", where, name)
	}
	s, err := jsonschema.Compile(data)
	if err != nil {
		t.Fatalf("%s: schema %s does not compile: %v", where, name, err)
	}
	if err := s.ValidateJSON([]byte(text)); err != nil {
		t.Errorf("%s: output does not validate against schema %s: %v\n%s", where, name, err, text)
	}
}
