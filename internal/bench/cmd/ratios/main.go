// Command ratios reads the output of `go test -bench` on standard input
// and prints, as Markdown, one table per benchmark group with each
// engine's time divided by the time of baseline engines from the same run.
//
// Benchmark names have the form Benchmark<Suite>/<Case>/<engine>; the group
// is <Suite>/<Case>. A group's time metric is ns/scenario when its
// benchmarks report it, otherwise cpu-ns/op (the CPU time of the process
// per op) when they all report it, otherwise ns/op. With -count > 1 every
// metric is the median of its runs.
//
// Usage:
//
//	go test -run '^$' -bench . -benchmem -count 5 | go run ./cmd/ratios
//
// Flags:
//
//	-base list     comma-separated baseline engines (default "go,program,residual");
//	               a group gets one ratio column per baseline it contains
//	-targets list  semicolon-separated checks printed after the tables, each
//	               "Group:a/b>=x", "Group:a/b<=x" (ratio of times) or
//	               "Group:a<x" (time in the group's metric); "" for none
//
// The exit status is 1 if the input holds no benchmark or cannot be read,
// and 0 otherwise: unmet targets are reported, not failed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// defaultTargets are the treatycond speed goals.
const defaultTargets = "Eval/C22:expr/program>=10; Eval/C22:cel/program>=15; Eval/C22:program/go<=5; " +
	"Eval/C22M:expr/program>=10; Eval/C22M:cel/program>=15; Eval/C22M:program/go<=5; " +
	"Eval/C22:expr/program-facts>=3; Eval/C22:eval/cel-state<=1.2; " +
	"Sweep/S16:program-batch<2; Sweep/S16:go/program-batch>1; " +
	"Residual/C22u3:cel-residualast/residual>=30; Residual/C22u3:cel-residualast/takes>=30"

func main() {
	base := flag.String("base", "go,program,residual", "comma-separated baseline engines")
	targets := flag.String("targets", defaultTargets, "semicolon-separated targets; empty for none")
	flag.Parse()
	if err := run(os.Stdin, os.Stdout, splitList(*base, ","), *targets); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

func splitList(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// result is one benchmark's metrics, each a list of values, one per run.
type result struct {
	engine  string
	metrics map[string][]float64
}

// group is the benchmarks of one <Suite>/<Case>, engines in input order.
type group struct {
	name    string
	results []*result
}

func (g *group) engine(name string) *result {
	for _, r := range g.results {
		if r.engine == name {
			return r
		}
	}
	return nil
}

// timeUnit is the group's time metric.
func (g *group) timeUnit() string {
	for _, r := range g.results {
		if _, ok := r.metrics["ns/scenario"]; ok {
			return "ns/scenario"
		}
	}
	for _, r := range g.results {
		if _, ok := r.metrics["cpu-ns/op"]; !ok {
			return "ns/op"
		}
	}
	return "cpu-ns/op"
}

// time returns the median of r's time metric in unit, and whether r has it.
func (r *result) time(unit string) (float64, bool) {
	v, ok := r.metrics[unit]
	if !ok {
		return 0, false
	}
	return median(v), true
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// parse reads `go test -bench` output. It returns the groups in input order
// and the header lines (goos, goarch, pkg, cpu).
func parse(r io.Reader) ([]*group, []string, error) {
	var groups []*group
	byName := map[string]*group{}
	var header []string
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), " \t")
		for _, h := range []string{"goos:", "goarch:", "pkg:", "cpu:"} {
			if strings.HasPrefix(text, h) && !slices.Contains(header, text) {
				header = append(header, text)
			}
		}
		f := strings.Fields(text)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not a result line, e.g. a log line starting with the name
		}
		name := procSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		parts := strings.SplitN(name, "/", 3)
		if len(parts) != 3 {
			return nil, nil, fmt.Errorf("line %d: benchmark %q: want Benchmark<Suite>/<Case>/<engine>", line, f[0])
		}
		gname := parts[0] + "/" + parts[1]
		g := byName[gname]
		if g == nil {
			g = &group{name: gname}
			byName[gname] = g
			groups = append(groups, g)
		}
		res := g.engine(parts[2])
		if res == nil {
			res = &result{engine: parts[2], metrics: map[string][]float64{}}
			g.results = append(g.results, res)
		}
		if (len(f)-2)%2 != 0 {
			return nil, nil, fmt.Errorf("line %d: want value-unit pairs after the iteration count", line)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: metric %q: %v", line, f[i+1], err)
			}
			res.metrics[f[i+1]] = append(res.metrics[f[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if len(groups) == 0 {
		return nil, nil, fmt.Errorf("no benchmark results in the input")
	}
	return groups, header, nil
}

func run(in io.Reader, out io.Writer, bases []string, targets string) error {
	groups, header, err := parse(in)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	for _, h := range header {
		fmt.Fprintf(w, "- %s\n", h)
	}
	if len(header) > 0 {
		fmt.Fprintln(w)
	}
	for _, g := range groups {
		writeGroup(w, g, bases)
	}
	if t := splitList(targets, ";"); len(t) > 0 {
		fmt.Fprintln(w, "### Targets")
		fmt.Fprintln(w)
		for _, spec := range t {
			fmt.Fprintf(w, "- %s\n", checkTarget(groups, spec))
		}
	}
	return w.Flush()
}

func writeGroup(w io.Writer, g *group, bases []string) {
	unit := g.timeUnit()
	var cols []*result
	for _, b := range bases {
		if r := g.engine(b); r != nil {
			if _, ok := r.time(unit); ok {
				cols = append(cols, r)
			}
		}
	}
	fmt.Fprintf(w, "### %s\n\n| engine | %s | spread | B/op | allocs/op |", g.name, unit)
	for _, c := range cols {
		fmt.Fprintf(w, " × %s |", c.engine)
	}
	fmt.Fprint(w, "\n|---|---:|---:|---:|---:|")
	for range cols {
		fmt.Fprint(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, r := range g.results {
		t, ok := r.time(unit)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |", r.engine, num(t, ok), spread(r.metrics[unit]), metric(r, "B/op"), metric(r, "allocs/op"))
		for _, c := range cols {
			bt, _ := c.time(unit)
			fmt.Fprintf(w, " %s |", ratio(t, ok, bt))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// spread returns (max - min) / median of the runs as a percentage, or "—"
// for a single run: how far apart the runs were.
func spread(v []float64) string {
	if len(v) < 2 {
		return "—"
	}
	m := median(v)
	if m == 0 {
		return "—"
	}
	return strconv.FormatFloat(100*(slices.Max(v)-slices.Min(v))/m, 'f', 0, 64) + "%"
}

func metric(r *result, unit string) string {
	v, ok := r.metrics[unit]
	if !ok {
		return "—"
	}
	return num(median(v), true)
}

// num formats a time or count with three significant digits, and no
// exponent below a million.
func num(v float64, ok bool) string {
	switch {
	case !ok:
		return "—"
	case v >= 100 || v == float64(int64(v)):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func ratio(t float64, ok bool, base float64) string {
	if !ok || base == 0 {
		return "—"
	}
	r := t / base
	if r >= 10 {
		return strconv.FormatFloat(r, 'f', 0, 64) + "×"
	}
	return strconv.FormatFloat(r, 'f', 2, 64) + "×"
}

var targetRE = regexp.MustCompile(`^([^:]+):([^/<>=]+)(?:/([^<>=]+))?(>=|<=|<|>)([0-9.]+)$`)

// checkTarget evaluates one target spec and returns a line saying whether it
// is met, with the measured value.
func checkTarget(groups []*group, spec string) string {
	m := targetRE.FindStringSubmatch(strings.ReplaceAll(spec, " ", ""))
	if m == nil {
		return fmt.Sprintf("%s: INVALID (want Group:a/b>=x or Group:a<x)", spec)
	}
	gname, a, b, op := m[1], m[2], m[3], m[4]
	want, _ := strconv.ParseFloat(m[5], 64)
	var g *group
	for _, x := range groups {
		if x.name == gname {
			g = x
		}
	}
	if g == nil {
		return fmt.Sprintf("%s: NOT MEASURED (no group %s)", spec, gname)
	}
	unit := g.timeUnit()
	get := func(engine string) (float64, bool) {
		r := g.engine(engine)
		if r == nil {
			return 0, false
		}
		return r.time(unit)
	}
	got, ok := get(a)
	if !ok {
		return fmt.Sprintf("%s: NOT MEASURED (no %s)", spec, a)
	}
	what := fmt.Sprintf("%s %s", num(got, true), unit)
	if b != "" {
		bt, ok := get(b)
		if !ok || bt == 0 {
			return fmt.Sprintf("%s: NOT MEASURED (no %s)", spec, b)
		}
		got /= bt
		what = "ratio " + ratio(got*bt, true, bt)
	}
	met := map[string]bool{">=": got >= want, "<=": got <= want, "<": got < want, ">": got > want}[op]
	verdict := "met"
	if !met {
		verdict = "NOT MET"
	}
	return fmt.Sprintf("%s: %s (%s)", spec, verdict, what)
}
