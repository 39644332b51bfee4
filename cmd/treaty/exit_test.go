package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// exitPolicyCommands are command lines of every command that write to
// standard output on success.
var exitPolicyCommands = []struct {
	name string
	args []string
}{
	{"check", []string{"check", "../../examples/kuril/kuril.json"}},
	{"test", []string{"test", "../../examples/kuril/scenario-1957.json"}},
	{"help", []string{"help"}},
	{"help eval", []string{"help", "eval"}},
	{"eval", []string{"eval", "--scenario", "../../examples/kuril/scenario-1957.json"}},
	{"explain", []string{"explain", "--scenario", "../../examples/kuril/scenario-1957.json", "--clause", "jsd1956.art9.transfer"}},
	{"takes", []string{"takes", "../../examples/kuril/kuril.json", "--clause", "jsd1956.art9.transfer"}},
	{"sweep", []string{"sweep", "../../examples/kuril/kuril.json", "--vary", "peace_treaty.concluded", "--as-of", "2000-01-01"}},
	{"graph", []string{"graph", "../../examples/kuril/kuril.json", "--format", "dot"}},
	{"timeline", []string{"timeline", "--scenario", "../../examples/kuril/scenario-1957.json"}},
	{"cond eval", []string{"cond", "eval", "a and b", "--facts", `{"a": true}`}},
	{"schema", []string{"schema", "model"}},
}

// runWithStdout runs the command under test with stdout as its standard
// output and returns its standard error and exit status.
func runWithStdout(t *testing.T, stdout *os.File, args []string) (string, int) {
	t.Helper()
	cmd := exec.Command(treatyBin, args...)
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		require.True(t, ok, "running treaty %v: %v", args, err)
		code = ee.ExitCode()
	}
	return stderr.String(), code
}

// TestOutputFullExitsTwo: every command exits 2 and says so when standard
// output cannot be written (check, test and help used to exit 0).
func TestOutputFullExitsTwo(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full on this system:", err)
	}
	defer full.Close()
	for _, tc := range exitPolicyCommands {
		t.Run(tc.name, func(t *testing.T) {
			stderr, code := runWithStdout(t, full, tc.args)
			if code != exitUsage || !strings.Contains(stderr, "cannot write output: no space left on device") {
				t.Errorf("treaty %s > /dev/full: exit %d, stderr %q; want exit 2 and a message", tc.name, code, stderr)
			}
		})
	}
}

// TestClosedPipeExitsTwo: a pipe closed by the reader is a write error
// like any other (exit 2), not a SIGPIPE death (exit 141).
func TestClosedPipeExitsTwo(t *testing.T) {
	for _, tc := range exitPolicyCommands {
		t.Run(tc.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			require.NoError(t, err)
			require.NoError(t, r.Close())
			stderr, code := runWithStdout(t, w, tc.args)
			w.Close()
			if code != exitUsage || !strings.Contains(stderr, "cannot write output: the pipe was closed by the reader") {
				t.Errorf("treaty %s | (closed): exit %d, stderr %q; want exit 2 and a message", tc.name, code, stderr)
			}
		})
	}
}

// TestTimeoutExitsTwo: --timeout, accepted by every command, stops it
// with exit status 2 and says why.
func TestTimeoutExitsTwo(t *testing.T) {
	for _, tc := range exitPolicyCommands {
		if tc.name == "help" || tc.name == "help eval" {
			continue // help is not a command that runs
		}
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string(nil), tc.args...), "--timeout", "1ns")
			_, stderr, code := runTreaty(t, ".", args)
			if code != exitUsage || !strings.Contains(stderr, "stopped after --timeout 1ns; the output is incomplete") {
				t.Errorf("treaty %s --timeout 1ns: exit %d, stderr %q; want exit 2 and a message", tc.name, code, stderr)
			}
		})
	}
	_, stderr, code := runTreaty(t, ".", []string{"eval", "--timeout", "-1s", "--as-of", "2000-01-01", "../../examples/kuril/kuril.json"})
	if code != exitUsage || !strings.Contains(stderr, "invalid --timeout") {
		t.Errorf("negative --timeout: exit %d, stderr %q", code, stderr)
	}
	_, _, code = runTreaty(t, ".", []string{"eval", "--timeout", "1m", "--as-of", "2000-01-01", "../../examples/kuril/kuril.json"})
	if code != exitOK {
		t.Errorf("eval within its --timeout: exit %d, want 0", code)
	}
}

// TestInterruptExitsTwo: Ctrl-C (SIGINT) stops a command that is waiting
// for its input, within the grace period, with exit status 2.
func TestInterruptExitsTwo(t *testing.T) {
	// The signal handler is installed as main starts; on a loaded machine
	// the process may not have got there when the signal comes, and dies
	// of it. Such runs say nothing about the policy and are repeated.
	for attempt := 1; ; attempt++ {
		cmd := exec.Command(treatyBin, "check", "/dev/stdin")
		in, err := cmd.StdinPipe() // never written: check waits for its input
		require.NoError(t, err)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(attempt) * 500 * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		start := time.Now()
		err = cmd.Wait()
		in.Close()
		ee, ok := err.(*exec.ExitError)
		require.True(t, ok, "treaty check after SIGINT: %v", err)
		if ee.ExitCode() == -1 && attempt < 4 {
			continue // killed by the signal before main installed its handler
		}
		if ee.ExitCode() != exitUsage || !strings.Contains(stderr.String(), "treaty check: interrupted") {
			t.Errorf("after SIGINT: exit %d, stderr %q; want exit 2 and \"interrupted\"", ee.ExitCode(), stderr.String())
		}
		if d := time.Since(start); d > stopGrace+5*time.Second {
			t.Errorf("stopped %v after SIGINT, want about %v", d, stopGrace)
		}
		return
	}
}
