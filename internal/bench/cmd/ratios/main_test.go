package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/treatycond/treatycond/internal/bench
cpu: Some CPU @ 2.00GHz   
BenchmarkEval/C22/go-2         	100	        10.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkEval/C22/go-2         	100	        12.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkEval/C22/go-2         	100	        50.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkEval/C22/program-2    	100	        20.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkEval/C22/expr-2       	100	       480.0 ns/op	      16 B/op	       1 allocs/op
BenchmarkSweep/S16/go-2        	10	    196608 ns/op	         3.000 ns/scenario	       0 B/op	       0 allocs/op
BenchmarkSweep/S16/program-batch-2 	10	     65536 ns/op	         1.000 ns/scenario	       0 B/op	       0 allocs/op
PASS
ok  	github.com/treatycond/treatycond/internal/bench	1.0s
`

func TestRun(t *testing.T) {
	var out strings.Builder
	err := run(strings.NewReader(sample), &out, []string{"go", "program", "residual"},
		"Eval/C22:expr/program>=10; Eval/C22:program/go<=1.5; Sweep/S16:program-batch<2; Residual/C22u3:a/b>=30; bogus")
	require.NoError(t, err)
	want := `- goos: linux
- goarch: amd64
- pkg: github.com/treatycond/treatycond/internal/bench
- cpu: Some CPU @ 2.00GHz

### Eval/C22

| engine | ns/op | spread | B/op | allocs/op | × go | × program |
|---|---:|---:|---:|---:|---:|---:|
| go | 12 | 333% | 0 | 0 | 1.00× | 0.60× |
| program | 20 | — | 0 | 0 | 1.67× | 1.00× |
| expr | 480 | — | 16 | 1 | 40× | 24× |

### Sweep/S16

| engine | ns/scenario | spread | B/op | allocs/op | × go |
|---|---:|---:|---:|---:|---:|
| go | 3 | — | 0 | 0 | 1.00× |
| program-batch | 1 | — | 0 | 0 | 0.33× |

### Targets

- Eval/C22:expr/program>=10: met (ratio 24×)
- Eval/C22:program/go<=1.5: NOT MET (ratio 1.67×)
- Sweep/S16:program-batch<2: met (1 ns/scenario)
- Residual/C22u3:a/b>=30: NOT MEASURED (no group Residual/C22u3)
- bogus: INVALID (want Group:a/b>=x or Group:a<x)
`
	if d := cmp.Diff(want, out.String()); d != "" {
		t.Errorf("run output (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, input, wantErr, reason string
	}{
		{"empty", "PASS\n", "no benchmark results", "input without result lines is an error, not an empty table"},
		{"flat", "BenchmarkFoo-2 10 5.0 ns/op\n", `line 1: benchmark "BenchmarkFoo-2": want Benchmark<Suite>/<Case>/<engine>`, "names must carry a group and an engine"},
		{"badvalue", "BenchmarkA/B/c-2 10 x ns/op\n", `line 1: metric "ns/op"`, "a metric value that is not a number is reported with its line"},
		{"odd", "BenchmarkA/B/c-2 10 5.0 ns/op 3\n", "line 1: want value-unit pairs", "a dangling value is reported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parse(strings.NewReader(tt.input))
			require.ErrorContains(t, err, tt.wantErr, tt.reason)
		})
	}
}

func TestParseSkipsNonResultLines(t *testing.T) {
	in := "BenchmarkEval/C2/go-2 log line from the benchmark\nBenchmarkEval/C2/go-2 10 5.0 ns/op\n"
	groups, _, err := parse(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, groups, 1)
	require.Equal(t, []float64{5}, groups[0].results[0].metrics["ns/op"],
		"a line whose second field is not an iteration count is not a result")
}

func TestMedian(t *testing.T) {
	require.Equal(t, 2.0, median([]float64{3, 1, 2}), "odd count: middle value")
	require.Equal(t, 2.5, median([]float64{4, 1, 2, 3}), "even count: mean of the middle two")
}

func TestTimeUnit(t *testing.T) {
	tests := []struct {
		name, input, want, reason string
	}{
		{"cpu", "BenchmarkA/B/x-2 10 9.0 ns/op 5.0 cpu-ns/op\nBenchmarkA/B/y-2 10 90.0 ns/op 50.0 cpu-ns/op\n",
			"cpu-ns/op", "CPU time is preferred when every engine of the group reports it"},
		{"partial", "BenchmarkA/B/x-2 10 9.0 ns/op 5.0 cpu-ns/op\nBenchmarkA/B/y-2 10 90.0 ns/op\n",
			"ns/op", "ratios need one metric for all engines: wall time if one lacks CPU time"},
		{"scenario", "BenchmarkA/B/x-2 10 9.0 ns/op 2.0 ns/scenario 5.0 cpu-ns/op\n",
			"ns/scenario", "a per-scenario metric wins: it is what the group is about"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, _, err := parse(strings.NewReader(tt.input))
			require.NoError(t, err)
			require.Equal(t, tt.want, groups[0].timeUnit(), tt.reason)
		})
	}
}
