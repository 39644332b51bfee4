// Package bench compares treatycond's condition engines with hand-written
// Go, expr-lang/expr and cel-go on the same conditions and inputs.
//
// It lives in a nested module of its own, so that importers of treatycond
// never download the other engines. The package holds the benchmark
// conditions, each written once per engine ([C2], [C5], [C22], [S16]), a
// deterministic scenario generator and the conversion of a [Scenario] to
// each engine's input; the benchmarks and the tests that check that the
// engines agree are in its test files, and cmd/ratios turns `go test
// -bench` output into Markdown ratio tables. See README.md.
package bench
