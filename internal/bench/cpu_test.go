package bench

import "testing"

// reportCPU turns on allocation reporting and starts measuring the CPU
// time of the process; the function it returns reports it per op as
// cpu-ns/op. Call it as `defer reportCPU(b)()` before the b.Loop loop.
// Where CPU time cannot be read, nothing is reported.
func reportCPU(b *testing.B) func() {
	b.ReportAllocs()
	start, ok := cpuTime()
	return func() {
		end, ok2 := cpuTime()
		if ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
