package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/treatycond/treatycond/treaty"
)

// Exit codes. See the package documentation.
const (
	exitOK       = 0 // success
	exitFindings = 1 // the inputs were read and something is wrong with them
	exitUsage    = 2 // bad usage, or an input could not be read or loaded
)

// env is what a command runs with: its context, its output streams and
// whether stderr is a terminal. Commands return their exit code; only main
// calls os.Exit.
type env struct {
	// ctx is cancelled on Ctrl-C (SIGINT), SIGTERM and when --timeout
	// passes; nil means context.Background(). Commands pass it to the
	// library calls that take one.
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	// stderrTTY reports whether stderr is a terminal (for progress bars).
	stderrTTY bool
}

// command is one subcommand.
type command struct {
	name string
	// args is the synopsis after the command name.
	args string
	// short is a one-line summary for the command list.
	short string
	// long is the full description printed by "treaty help NAME".
	long string
	// flags declares the command's flags on fs and returns the function
	// that runs it with the positional arguments.
	setup func(fs *flag.FlagSet) func(e *env, args []string) int
	// minArgs and maxArgs bound the number of positional arguments;
	// maxArgs < 0 means no limit.
	minArgs, maxArgs int
	// raw commands parse their own arguments (cond).
	raw func(e *env, args []string) int
	// untilStopped commands run until Ctrl-C or --timeout, which end them
	// normally (explore serving its page); they watch e's context.
	untilStopped bool
}

var commands []*command

func init() {
	commands = []*command{
		checkCmd, evalCmd, explainCmd, takesCmd, impactCmd, compareCmd, consolidateCmd, sweepCmd, testCmd,
		graphCmd, timelineCmd, exploreCmd, condCmd, schemaCmd,
	}
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func main() {
	// A closed pipe on standard output is an ordinary write error (EPIPE)
	// handled by the exit policy, not a fatal SIGPIPE (exit status 141).
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{ctx: ctx, stdout: os.Stdout, stderr: os.Stderr, stderrTTY: isTerminal(os.Stderr)}
	code := run(e, os.Args[1:])
	stop()
	os.Exit(code)
}

// context returns e's context, never nil.
func (e *env) context() context.Context {
	if e.ctx == nil {
		return context.Background()
	}
	return e.ctx
}

// outWriter is standard output as commands see it: it remembers the first
// write error and fails every later write, so that one exit policy holds
// for all commands (see run).
type outWriter struct {
	w   io.Writer
	err error
}

func (o *outWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	o.err = err
	return n, err
}

// isTerminal reports whether f is a character device such as a terminal.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// run runs the command line args (without the program name) and returns
// the exit code.
//
// The exit policy is the same for every command: whatever the command
// returns, a failed write to standard output (a full disk, a pipe closed
// by the reader) makes the exit status 2, with one line on standard error
// saying so, because the output is incomplete.
func run(e *env, args []string) int {
	out := &outWriter{w: e.stdout}
	ee := *e
	ee.stdout = out
	name := "treaty"
	if len(args) > 0 {
		name = "treaty " + args[0]
	}
	code := dispatch(&ee, args)
	if out.err != nil {
		fmt.Fprintf(e.stderr, "%s: cannot write output: %v\n", name, writeErrText(out.err))
		code = exitUsage
	}
	return code
}

// writeErrText describes a write error on standard output.
func writeErrText(err error) string {
	switch {
	case errors.Is(err, syscall.EPIPE):
		return "the pipe was closed by the reader"
	case errors.Is(err, syscall.ENOSPC):
		return "no space left on device"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// dispatch runs the command named by args[0].
func dispatch(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "--version", "-version":
		fmt.Fprintln(e.stdout, versionText(debug.ReadBuildInfo()))
		return exitOK
	case "help", "-h", "-help", "--help":
		if name == "help" && len(rest) > 0 {
			c := lookup(rest[0])
			if c == nil {
				fmt.Fprintf(e.stderr, "treaty help: unknown command %q\n\n", rest[0])
				usage(e.stderr)
				return exitUsage
			}
			if c == condCmd && len(rest) > 1 {
				if sub := condSub(rest[1]); sub != nil {
					helpFor(e.stdout, sub)
					return exitOK
				}
			}
			helpFor(e.stdout, c)
			return exitOK
		}
		usage(e.stdout)
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "treaty: unknown command %q\n\n", name)
		usage(e.stderr)
		return exitUsage
	}
	if c.raw != nil {
		return c.raw(e, rest)
	}
	return runCommand(e, c, rest)
}

// runCommand parses args for c and runs it.
func runCommand(e *env, c *command, args []string) int {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	timeout := commonFlags(fs)
	runFn := c.setup(fs)
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		helpFor(e.stdout, c)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "treaty %s: %s\n", c.name, flagError(fs, err))
		fmt.Fprintf(e.stderr, "usage: treaty %s %s\nRun 'treaty help %s' for details.\n", c.name, c.args, c.name)
		return exitUsage
	}
	if len(pos) < c.minArgs || (c.maxArgs >= 0 && len(pos) > c.maxArgs) {
		switch {
		case len(pos) < c.minArgs:
			fmt.Fprintf(e.stderr, "treaty %s: missing arguments\n", c.name)
		default:
			fmt.Fprintf(e.stderr, "treaty %s: too many arguments: %s\n", c.name, strings.Join(pos[c.maxArgs:], " "))
		}
		fmt.Fprintf(e.stderr, "usage: treaty %s %s\nRun 'treaty help %s' for details.\n", c.name, c.args, c.name)
		return exitUsage
	}
	if *timeout < 0 {
		fmt.Fprintf(e.stderr, "treaty %s: invalid --timeout %s: want a positive duration such as 30s\n", c.name, *timeout)
		return exitUsage
	}
	if c.untilStopped {
		ee := *e
		ctx := e.context()
		if *timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, *timeout)
			defer cancel()
		}
		ee.ctx = ctx
		return runFn(&ee, pos)
	}
	return runStoppable(e, c.name, *timeout, func(e *env) int { return runFn(e, pos) })
}

// commonFlags declares the flags every command has: --timeout, which it
// returns, and --max-input, which sets inputLimit.
func commonFlags(fs *flag.FlagSet) *time.Duration {
	inputLimit = treaty.DefaultMaxInputSize
	fs.Var(sizeFlag{&inputLimit}, "max-input", "read no input (model, scenario, standard input) larger than `size`,\nsuch as 64MiB or 200MB; 0: no limit")
	return fs.Duration("timeout", 0, "stop after `duration` (such as 30s or 2m) with exit status 2; 0: no limit")
}

// stopGrace is how long a command may take, after Ctrl-C or --timeout, to
// stop on its own (the library calls that take a context stop promptly
// and the command may report partial results) before it is abandoned.
const stopGrace = time.Second

// runStoppable runs f with e's context, limited to timeout when it is
// positive. When the context is cancelled (Ctrl-C, SIGTERM) or the time is
// up, f has stopGrace to return; after that run says why it stopped and
// returns exitUsage without waiting for f, whose work main abandons by
// exiting. A command that stops on its own keeps its exit status, raised to
// exitUsage: its output is incomplete.
func runStoppable(e *env, name string, timeout time.Duration, f func(e *env) int) int {
	ctx := e.context()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	ee := *e
	ee.ctx = ctx
	done := make(chan int, 1)
	go func() { done <- f(&ee) }()
	var code int
	select {
	case code = <-done:
		if ctx.Err() == nil {
			return code
		}
	case <-ctx.Done():
		select {
		case code = <-done:
		case <-time.After(stopGrace):
			code = -1
		}
	}
	why := "interrupted"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		why = fmt.Sprintf("stopped after --timeout %s", timeout)
	}
	fmt.Fprintf(e.stderr, "treaty %s: %s; the output is incomplete\n", name, why)
	return max(code, exitUsage)
}

// parseInterspersed parses flags anywhere in args, unlike flag.Parse,
// which stops at the first positional argument. Everything after "--" is
// positional. It returns the positional arguments in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// The errors of package flag, which name flags with one dash.
var (
	errUndefinedFlag = regexp.MustCompile(`^flag provided but not defined: -+(.+)$`)
	errFlagNeedsArg  = regexp.MustCompile(`^flag needs an argument: -+(.+)$`)
	errFlagValue     = regexp.MustCompile(`(?s)^invalid (boolean )?value (".*") for (?:flag )?-+([^:]+): (.*)$`)
)

// flagError rewrites an error from fs.Parse so that it names flags as
// help does, with two dashes, and suggests the closest flag for an
// unknown one: "unknown flag --asof (did you mean --as-of?)".
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := errUndefinedFlag.FindStringSubmatch(msg); m != nil {
		name, _, _ := strings.Cut(m[1], "=")
		out := "unknown flag " + flagName(name)
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if _, short := shorthands[f.Name]; !short {
				names = append(names, f.Name)
			}
		})
		if s := suggest(name, names); s != "" {
			out += " (did you mean " + flagName(s) + "?)"
		}
		return out
	}
	if m := errFlagNeedsArg.FindStringSubmatch(msg); m != nil {
		return "flag " + flagName(m[1]) + " needs a value"
	}
	if m := errFlagValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("invalid %svalue %s for %s: %s", m[1], m[2], flagName(m[3]), m[4])
	}
	return msg
}

// flagName returns how help writes the flag name: "--as-of", and "-v" for
// the one-letter shorthands.
func flagName(name string) string {
	if _, short := shorthands[name]; short {
		return "-" + name
	}
	return "--" + name
}

// shorthands maps the one-letter flags to the long flags they stand for.
// Help lists them together ("-v, --verbose").
var shorthands = map[string]string{"q": "quiet", "v": "verbose"}

// boolFlag defines the boolean flag --long on fs and, when short is not
// empty, the shorthand -short for it (which must be in shorthands).
func boolFlag(fs *flag.FlagSet, long, short, usage string) *bool {
	p := fs.Bool(long, false, usage)
	if short != "" {
		fs.BoolVar(p, short, false, "shorthand for --"+long)
	}
	return p
}

// usage prints the command list.
func usage(w io.Writer) {
	fmt.Fprint(w, `treaty evaluates treaty models: which clauses are due, under whose
reading, since when, and why.

Usage:

	treaty <command> [arguments]

Commands:

`)
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-*s %s\n", width, c.name, c.short)
	}
	fmt.Fprint(w, `
'treaty --version' prints the module version and VCS revision.

Flags are written with two dashes (--as-of) and may come before or after
the positional arguments; "--" ends the flags. Run 'treaty help <command>'
for a command's usage.

Every command also takes --timeout DURATION (such as 30s or 2m): it stops
when the time is up, as on Ctrl-C; and --max-input SIZE (default 64MiB):
larger inputs are refused. A model or scenario given as "-" is read from
standard input.

Exit status: 0 when all is well; 1 when the inputs were read and something
is wrong with them (an invalid model or scenario for check, a failed
expectation for test, a syntax error for cond); 2 when the command could
not do its job: bad usage, an input that cannot be read or loaded (for
check and test: a file named on the command line), standard output that
cannot be written (a full disk, a pipe closed by the reader), --timeout
reached or Ctrl-C. The policy is the same for every command.
`)
}

// helpFor prints the documentation of c.
func helpFor(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: treaty %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.long))
	if c.setup == nil {
		fmt.Fprintln(w)
		return
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	commonFlags(fs)
	c.setup(fs)
	var names []string
	short := map[string]string{} // long name -> shorthand
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := shorthands[f.Name]; ok && fs.Lookup(long) != nil {
			short[long] = f.Name
			return
		}
		names = append(names, f.Name)
	})
	if len(names) == 0 {
		fmt.Fprintln(w)
		return
	}
	sort.Strings(names)
	fmt.Fprint(w, "\nFlags:\n")
	for _, n := range names {
		f := fs.Lookup(n)
		arg, text := flag.UnquoteUsage(f)
		head := "  --" + n
		if s, ok := short[n]; ok {
			head = "  -" + s + ", --" + n
		}
		if arg != "" {
			head += " " + arg
		}
		fmt.Fprintf(w, "%s\n    \t%s", head, strings.ReplaceAll(text, "\n", "\n    \t"))
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// listFlag is a repeatable flag whose values may also be comma-separated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*l = append(*l, part)
		}
	}
	return nil
}

// multiFlag is a repeatable flag kept verbatim (no comma splitting).
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, " ") }

func (m *multiFlag) Set(s string) error {
	*m = append(*m, s)
	return nil
}

// formatFlag is a flag restricted to a set of values, such as --format.
type formatFlag struct {
	value   string
	allowed []string
}

func newFormat(fs *flag.FlagSet, def string, allowed ...string) *formatFlag {
	f := &formatFlag{value: def, allowed: allowed}
	fs.Var(f, "format", "output `format`: "+strings.Join(allowed, ", "))
	return f
}

func (f *formatFlag) String() string {
	if f == nil {
		return ""
	}
	return f.value
}

func (f *formatFlag) Set(s string) error {
	for _, a := range f.allowed {
		if s == a {
			f.value = s
			return nil
		}
	}
	return fmt.Errorf("want %s", strings.Join(f.allowed, ", "))
}
