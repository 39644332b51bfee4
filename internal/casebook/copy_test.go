package casebook_test

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publicPackages are the packages an example program may import besides
// the standard library: what a program outside this module can import.
var publicPackages = map[string]bool{
	"github.com/treatycond/treatycond/conditions":  true,
	"github.com/treatycond/treatycond/treaty":      true,
	"github.com/treatycond/treatycond/treaty/view": true,
}

// TestExamplesCopyable copies each example program (main.go and the files
// beside it, without its tests) into a directory of a new module that
// requires this one through a replace directive, builds them there, and
// checks that each prints what the example prints in this module, as text
// and as JSON. It works offline: the new module gets this module's go.sum,
// and the go command may not download anything. Each side is built with
// one go command, to keep the test quick.
func TestExamplesCopyable(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	mains, err := filepath.Glob(filepath.Join(root, "examples", "*", "main.go"))
	require.NoError(t, err)
	require.Len(t, mains, 9, "nine example programs")
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)

	mod := t.TempDir()
	var names []string
	for _, mainFile := range mains {
		dir := filepath.Dir(mainFile)
		name := filepath.Base(dir)
		names = append(names, name)
		checkImports(t, mainFile)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.NoError(t, os.Mkdir(filepath.Join(mod, name), 0o755))
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(mod, name, e.Name()), data, 0o644))
		}
	}
	goMod := "module example.com/copies\n\ngo 1.26\n\n" +
		"require github.com/treatycond/treatycond v0.0.0\n\n" +
		"replace github.com/treatycond/treatycond => " + strconv.Quote(root) + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(goMod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.sum"), goSum, 0o644))

	copied, original := t.TempDir(), t.TempDir()
	goBuild(t, mod, copied, "./...")
	goBuild(t, root, original, "./examples/...")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for _, args := range [][]string{nil, {"-json"}} {
				want := runProgram(t, filepath.Join(original, name), args)
				got := runProgram(t, filepath.Join(copied, name), args)
				assert.Equal(t, want, got, "%s %v: the copy prints what the example prints", name, args)
			}
		})
	}
}

// checkImports fails unless the program imports only the standard library
// and the public packages of this module.
func checkImports(t *testing.T, file string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	require.NoError(t, err)
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		require.NoError(t, err)
		std := !strings.Contains(strings.Split(path, "/")[0], ".")
		assert.True(t, std || publicPackages[path], "%s imports %s: an example may import only the standard library and %v", file, path, publicPackages)
	}
}

// goBuild builds the commands pkg matches in dir into the directory out,
// offline.
func goBuild(t *testing.T, dir, out, pkg string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", out+string(filepath.Separator), pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "go build %s in %s:\n%s", pkg, dir, stderr.String())
}

// runProgram runs a built example and returns its standard output.
func runProgram(t *testing.T, bin string, args []string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir() // the program must not read files from the working directory
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %v: %s", bin, args, stderr.String())
	require.Empty(t, stderr.String(), "%s %v writes nothing to standard error", bin, args)
	require.NotEmpty(t, stdout.String())
	return stdout.String()
}
