//go:build !unix

package bench

// cpuTime is not available on this system.
func cpuTime() (int64, bool) { return 0, false }
