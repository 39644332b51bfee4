package explore

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// ModulePath is the path of the module whose source [BuildWASM] compiles.
const ModulePath = "github.com/treatycond/treatycond"

// wasmPackage is the main package of the WebAssembly evaluator.
const wasmPackage = "./internal/explore/wasm"

// Export writes the page for model and scenario (scenario.Data nil for
// none) to dir as static files that work when opened from disk
// (file://) or served by any web server:
//
//	index.html, app.js, style.css   the page, as the live server serves it
//	config.js                       selects the WebAssembly backend
//	data.js                         the model and scenario files
//	wasm_exec.js                    Go's support script for js/wasm
//	treaty-wasm.js                  the evaluator, as base64 in a script
//
// The module is in a script rather than a .wasm file because browsers do
// not let pages opened from disk fetch files. wasm and wasmExec come from
// [BuildWASM]. Export creates dir if needed and overwrites these files.
func Export(dir string, model, scenario File, wasm, wasmExec []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	type file struct {
		Name string `json:"name"`
		Text string `json:"text"`
	}
	data := map[string]*file{"model": {Name: filepath.Base(model.Name), Text: string(model.Data)}, "scenario": nil}
	if scenario.Data != nil {
		data["scenario"] = &file{Name: filepath.Base(scenario.Name), Text: string(scenario.Data)}
	}
	dataJSON, err := json.Marshal(data)
	if err != nil {
		return err
	}
	var wasmJS bytes.Buffer
	wasmJS.WriteString("window.treatyWasmBase64 = \"")
	wasmJS.WriteString(base64.StdEncoding.EncodeToString(wasm))
	wasmJS.WriteString("\";\n")
	files := map[string][]byte{
		"config.js":      []byte(`window.treatyConfig = {backend: "wasm"};` + "\n"),
		"data.js":        append(append([]byte("window.treatyData = "), dataJSON...), ";\n"...),
		"wasm_exec.js":   wasmExec,
		"treaty-wasm.js": wasmJS.Bytes(),
	}
	for _, f := range pageFiles {
		files[f.name] = asset(f.name)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// BuildWASM compiles the evaluator to WebAssembly with the Go toolchain
// (the go command on PATH) and returns the module and Go's wasm_exec.js.
// The source is the treatycond module as the go command finds it from
// the current directory (a checkout, or a module that requires it), else
// the version this program was built from, downloaded to the module
// cache. Building from source keeps the module in step with the library:
// nothing generated is committed.
func BuildWASM(ctx context.Context) (wasm, wasmExec []byte, err error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, nil, errors.New("--out compiles the evaluator to WebAssembly and needs the Go toolchain (the go command) on PATH")
	}
	dir, err := moduleDir(ctx, goCmd)
	if err != nil {
		return nil, nil, err
	}
	root, err := output(ctx, exec.CommandContext(ctx, goCmd, "env", "GOROOT"))
	if err != nil {
		return nil, nil, err
	}
	wasmExec, err = os.ReadFile(filepath.Join(root, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		// Go before 1.24 kept it under misc/.
		if wasmExec, err = os.ReadFile(filepath.Join(root, "misc", "wasm", "wasm_exec.js")); err != nil {
			return nil, nil, fmt.Errorf("cannot find Go's wasm_exec.js: %v", err)
		}
	}
	tmp, err := os.MkdirTemp("", "treaty-wasm-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "treaty.wasm")
	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", out, wasmPackage)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if _, err := output(ctx, cmd); err != nil {
		return nil, nil, fmt.Errorf("building the WebAssembly evaluator in %s: %v", dir, err)
	}
	wasm, err = os.ReadFile(out)
	return wasm, wasmExec, err
}

// moduleDir finds the source directory of the treatycond module.
func moduleDir(ctx context.Context, goCmd string) (string, error) {
	if dir, err := output(ctx, exec.CommandContext(ctx, goCmd, "list", "-m", "-f", "{{.Dir}}", ModulePath)); err == nil && dir != "" {
		return dir, nil
	}
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == ModulePath {
		version = bi.Main.Version
	}
	if version == "" || version == "(devel)" {
		return "", errors.New("--out compiles the evaluator from the treatycond source: run it inside a checkout of " + ModulePath + " (or a module that requires it)")
	}
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", ModulePath+"@"+version)
	cmd.Dir = os.TempDir()
	text, err := output(ctx, cmd)
	if err != nil {
		return "", fmt.Errorf("downloading %s@%s to build the evaluator: %v", ModulePath, version, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal([]byte(text), &mod); err != nil || mod.Dir == "" {
		return "", fmt.Errorf("downloading %s@%s: no source directory", ModulePath, version)
	}
	return mod.Dir, nil
}

// output runs cmd and returns its standard output, trimmed; on failure
// the error includes its standard error.
func output(ctx context.Context, cmd *exec.Cmd) (string, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%v: %s", err, msg)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
