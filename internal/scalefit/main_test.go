package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFit(t *testing.T) {
	for _, tt := range []struct {
		name   string
		xs, ys []float64
		want   float64
	}{
		{"linear", []float64{1000, 2000, 4000}, []float64{3, 6, 12}, 1},
		{"quadratic", []float64{1000, 2000, 4000}, []float64{1, 4, 16}, 2},
		{"constant", []float64{10, 100, 1000}, []float64{5, 5, 5}, 0},
		{"n^1.5, two points", []float64{100, 400}, []float64{1000, 8000}, 1.5},
	} {
		assert.InDelta(t, tt.want, fit(tt.xs, tt.ys), 1e-9, tt.name)
	}
}

const sample = `goos: linux
BenchmarkScale/lin/n=100-2   	      10	      1000 ns/op	       10 allocs/op
BenchmarkScale/lin/n=200-2   	      10	      2000 ns/op	       20 allocs/op
BenchmarkScale/lin/n=200-2   	      10	      9000 ns/op	       20 allocs/op
BenchmarkScale/lin/n=200-2   	      10	      2000 ns/op	       20 allocs/op
BenchmarkScale/lin/n=400-2   	      10	      4000 ns/op	       40 allocs/op
BenchmarkScale/lin/n=800-2   	      10	      8000 ns/op	       80 allocs/op
BenchmarkScale/sq/n=100-2    	      10	     10000 ns/op	      100 allocs/op
BenchmarkScale/sq/n=200-2    	      10	     40000 ns/op	      400 allocs/op
BenchmarkScale/sq/n=400-2    	      10	    160000 ns/op	     1600 allocs/op
BenchmarkOther-2             	      10	      5 ns/op
PASS
`

func TestParseAndReport(t *testing.T) {
	all, err := parse(strings.NewReader(sample))
	require.NoError(t, err)
	require.Len(t, all, 2, "two series with sizes; BenchmarkOther has none")
	assert.Equal(t, []float64{2000, 9000, 2000}, all[0].values["ns/op"][200], "every run is kept")
	assert.Equal(t, 2000.0, median(all[0].values["ns/op"][200]), "the median discards the disturbed run")

	var out bytes.Buffer
	over := report(&out, all, 1.2)
	assert.True(t, over, "the quadratic series exceeds 1.2")
	text := out.String()
	assert.Contains(t, text, "Scale/lin")
	assert.Regexp(t, `Scale/lin\s+ns/op\s+100,200,400,800\s+0.0 ms\s+1.00`, text, "fitted on 200, 400, 800 only")
	assert.Regexp(t, `Scale/sq\s+allocs/op\s+100,200,400\s+1600\s+2.00 over`, text)
	assert.False(t, report(&bytes.Buffer{}, all[:1], 1.2), "a linear series is within 1.2")
	assert.False(t, math.IsNaN(fit([]float64{1, 2}, []float64{1, 2})))
}
