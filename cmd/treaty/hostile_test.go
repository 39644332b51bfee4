package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileScripts runs testdata/hostile/*.txt: command lines that
// attacked the command (issue 16), with the exit status and messages they
// must give. They are scripts in the language of TestScripts.
func TestHostileScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata/hostile")
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
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			runScript(t, file, map[string]string{"EXAMPLES": examples, "MODELS": models})
		})
	}
}
