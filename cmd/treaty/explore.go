package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/treatycond/treatycond/internal/explore"
	"github.com/treatycond/treatycond/treaty"
)

var exploreCmd = &command{
	name:    "explore",
	args:    "[MODEL.json] [--scenario S.json] [--addr HOST:PORT] [--open] [--out DIR]",
	short:   "explore a model in the browser: toggle facts, move the date, compare readings",
	minArgs: 0, maxArgs: 1,
	untilStopped: true,
	long: `
Explore serves a single web page on this machine that shows every clause
of the model under every reading as a grid (status, value, since when,
missing facts, reason; disputed cells outlined with what differs), a
control per declared fact (true / false / unknown for booleans, a text
field with "unknown" for numbers, strings and dates), an as-of date slider
with the selected clause's timeline per reading under it, the instrument
graph, the evaluation tree of the selected cell, what it would take for
the selected clause (per reading, common ground, disputed region) and the
unknown facts that matter most. Every change re-evaluates at once. The
address bar always holds a share link: the model's file name, the facts
changed, the date and the selection, in the URL fragment.

The page is evaluated by the treatycond library itself, in this process;
it loads nothing from elsewhere. A value set in the page holds for the
whole timeline, as 'treaty eval --set' does, so the grid is what
'treaty eval --format json' prints for the same scenario, values and date.

MODEL.json may be omitted when the scenario names its model. A model or
scenario with problems is served too: the page lists them as 'treaty
check' prints them.

--addr is the address to listen on (default 127.0.0.1:8080; port 0 picks a
free one); the URL is printed on standard output. --open opens it in the
default browser. Stop with Ctrl-C (or after --timeout).

--out DIR writes the page as static files instead of serving it: open
DIR/index.html from disk or put DIR on any web server. The evaluator then
runs in the browser, compiled to WebAssembly from the treatycond source by
the Go toolchain when the page is written, so --out needs the go command
and runs inside a checkout of the module (or a module that requires it).

Exit status: 0 on success, 2 on bad usage, when a file cannot be read,
when the address cannot be listened on or the page cannot be written.`,
}

func init() {
	exploreCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var scenario, addr, out string
		var open bool
		fs.StringVar(&scenario, "scenario", "", "scenario `file` (JSON); its \"model\" path is used when MODEL is omitted")
		fs.StringVar(&addr, "addr", "127.0.0.1:8080", "`address` to serve the page on")
		fs.BoolVar(&open, "open", false, "open the page in the default browser")
		fs.StringVar(&out, "out", "", "write the page as static files to `dir` instead of serving it")
		return func(e *env, args []string) int {
			model, scen, ok := exploreInputs(e, args, scenario)
			if !ok {
				return exitUsage
			}
			ex := explore.New(model, scen)
			if errs := ex.Info().Errors; len(errs) > 0 {
				for _, l := range errs {
					fmt.Fprintf(e.stderr, "treaty explore: %s\n", l)
				}
				fmt.Fprintln(e.stderr, "treaty explore: the page shows these problems")
			}
			if out != "" {
				return exploreExport(e, out, model, scen)
			}
			return exploreServe(e, ex, addr, open)
		}
	}
}

// exploreInputs reads the model and scenario files named on the command
// line. Their content is checked by explore.New, which the page reports.
func exploreInputs(e *env, args []string, scenarioPath string) (model, scenario explore.File, ok bool) {
	if scenarioPath != "" {
		data, err := readFile(scenarioPath)
		if err != nil {
			fmt.Fprintf(e.stderr, "treaty explore: %v\n", err)
			return model, scenario, false
		}
		scenario = explore.File{Name: scenarioPath, Data: data}
	}
	modelPathArg := ""
	switch {
	case len(args) > 0:
		modelPathArg = args[0]
	case scenario.Data != nil:
		s, _ := treaty.DecodeScenario(scenario.Data, scenarioPath)
		if s != nil && s.Model != "" {
			modelPathArg = modelPath(scenarioPath, s)
		}
	}
	if modelPathArg == "" {
		fmt.Fprintln(e.stderr, "treaty explore: no model: give MODEL.json, or a --scenario whose \"model\" names one")
		return model, scenario, false
	}
	data, err := readFile(modelPathArg)
	if err != nil {
		fmt.Fprintf(e.stderr, "treaty explore: %v\n", err)
		return model, scenario, false
	}
	if fileKind(data) == "scenario" {
		fmt.Fprintf(e.stderr, "treaty explore: %s is a scenario file, not a model; pass it with --scenario\n", modelPathArg)
		return model, scenario, false
	}
	return explore.File{Name: modelPathArg, Data: data}, scenario, true
}

// exploreExport writes the static page.
func exploreExport(e *env, dir string, model, scenario explore.File) int {
	fmt.Fprintln(e.stderr, "treaty explore: compiling the evaluator to WebAssembly…")
	wasm, wasmExec, err := explore.BuildWASM(e.context())
	if err != nil {
		fmt.Fprintf(e.stderr, "treaty explore: %v\n", err)
		return exitUsage
	}
	if err := explore.Export(dir, model, scenario, wasm, wasmExec); err != nil {
		fmt.Fprintf(e.stderr, "treaty explore: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "wrote %s (open it in a browser)\n", filepath.Join(dir, "index.html"))
	return exitOK
}

// exploreServe serves the page until interrupted.
func exploreServe(e *env, ex *explore.Explorer, addr string, open bool) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		hint := ""
		if errors.Is(err, syscall.EADDRINUSE) {
			hint = " (another program uses it: choose another port with --addr, or --addr 127.0.0.1:0 for any free one)"
		}
		fmt.Fprintf(e.stderr, "treaty explore: %v%s\n", err, hint)
		return exitUsage
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(e.stderr, "treaty explore: warning: %s is reachable from other machines\n", ln.Addr())
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "treaty explore: serving %s on %s (Ctrl-C to stop)\n", ex.Info().Model, url)
	srv := &http.Server{Handler: explore.Handler(ex), ReadHeaderTimeout: 10 * time.Second}
	ctx := e.context()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(e.stderr, "treaty explore: cannot open a browser: %v; open %s\n", err, url)
		}
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "treaty explore: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// openBrowser opens url in the default browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}
