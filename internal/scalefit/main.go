// Command scalefit reads the output of Go benchmarks whose names end in a
// size, such as BenchmarkScale/instruments/n=1000, and fits how each
// series grows: the exponent k of cost ≈ c·n^k, as the slope of the
// least-squares line through log n and log cost over the largest three
// sizes. An exponent near 1 is linear growth, near 2 quadratic.
//
// Usage:
//
//	go test -run '^$' -bench BenchmarkScale -benchmem -count 3 ./treaty | go run ./internal/scalefit
//
// With -count above 1, each size's cost is the median of its runs. It fits
// every metric the benchmarks report (ns/op, and cpu-ns/op, B/op and
// allocs/op when present) and prints one table row per series and metric.
// With -max, it exits with status 1 when an exponent exceeds it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

func main() {
	maxExp := flag.Float64("max", 0, "exit with status 1 when an exponent exceeds `k` (0: never)")
	flag.Parse()
	series, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalefit:", err)
		os.Exit(2)
	}
	if len(series) == 0 {
		fmt.Fprintln(os.Stderr, "scalefit: no benchmark lines with a size (name/n=123) on standard input")
		os.Exit(2)
	}
	over := report(os.Stdout, series, *maxExp)
	if over {
		os.Exit(1)
	}
}

// A series is one benchmark family's measurements: per metric, per size,
// the values of its runs.
type series struct {
	name    string
	metrics []string // in order of appearance
	values  map[string]map[int][]float64
}

var lineRE = regexp.MustCompile(`^(Benchmark\S*?)/n=(\d+)(?:-\d+)?\s+\d+\s+(.*)$`)

// parse reads benchmark output and groups its lines by series.
func parse(r io.Reader) ([]*series, error) {
	var out []*series
	byName := map[string]*series{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			return nil, fmt.Errorf("size %q: %v", m[2], err)
		}
		s := byName[m[1]]
		if s == nil {
			s = &series{name: m[1], values: map[string]map[int][]float64{}}
			byName[m[1]] = s
			out = append(out, s)
		}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q: %v", m[0], fields[i], err)
			}
			unit := fields[i+1]
			if s.values[unit] == nil {
				s.values[unit] = map[int][]float64{}
				s.metrics = append(s.metrics, unit)
			}
			s.values[unit][n] = append(s.values[unit][n], v)
		}
	}
	return out, sc.Err()
}

// fit returns the least-squares slope of log y against log x.
func fit(xs, ys []float64) float64 {
	var sx, sy, sxx, sxy float64
	for i := range xs {
		lx, ly := math.Log(xs[i]), math.Log(ys[i])
		sx, sy, sxx, sxy = sx+lx, sy+ly, sxx+lx*lx, sxy+lx*ly
	}
	n := float64(len(xs))
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

func median(vs []float64) float64 {
	vs = slices.Sorted(slices.Values(vs))
	if len(vs)%2 == 1 {
		return vs[len(vs)/2]
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
}

// report writes one row per series and metric and reports whether an
// exponent exceeds maxExp (when maxExp > 0).
func report(w io.Writer, all []*series, maxExp float64) (over bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "series\tmetric\tsizes\tat largest\texponent\t")
	for _, s := range all {
		for _, unit := range s.metrics {
			sizes := make([]int, 0, len(s.values[unit]))
			for n := range s.values[unit] {
				sizes = append(sizes, n)
			}
			slices.Sort(sizes)
			fitted := sizes[max(0, len(sizes)-3):]
			var xs, ys []float64
			for _, n := range fitted {
				xs, ys = append(xs, float64(n)), append(ys, median(s.values[unit][n]))
			}
			exp := math.NaN()
			if len(fitted) >= 2 && !slices.Contains(ys, 0) {
				exp = fit(xs, ys)
			}
			mark := ""
			if maxExp > 0 && exp > maxExp {
				mark, over = " over", true
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f%s\t\n", strings.TrimPrefix(s.name, "Benchmark"), unit,
				joinInts(sizes), human(ys[len(ys)-1], unit), exp, mark)
		}
	}
	tw.Flush()
	return over
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// human formats a value with its unit: durations in ms, bytes in MB.
func human(v float64, unit string) string {
	switch unit {
	case "ns/op", "cpu-ns/op":
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + " ms"
	case "B/op":
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
