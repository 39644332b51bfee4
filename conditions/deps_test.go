package conditions_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies enforces the layering: the condition language is the
// base of the module and must not import the treaty model, nor anything
// outside the standard library and this module.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch {
		case strings.HasPrefix(pkg, "github.com/treatycond/treatycond/treaty"):
			t.Errorf("conditions depends on %s: the condition language must not import the treaty model", pkg)
		case strings.Contains(strings.SplitN(pkg, "/", 2)[0], ".") && !strings.HasPrefix(pkg, "github.com/treatycond/treatycond/"):
			t.Errorf("conditions depends on %s outside the standard library", pkg)
		}
	}
}
