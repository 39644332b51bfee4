//go:build !race

package treaty

// raceEnabled is set when the tests run under the race detector, which
// makes them several times slower.
const raceEnabled = false
