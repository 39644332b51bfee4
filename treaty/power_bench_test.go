package treaty

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// BenchmarkExampleScenarios evaluates every scenario of each example (a
// sub-benchmark per example), as the example programs do. Compared
// between two versions in one run, it shows what a change to the engine
// costs on real models (the powers of examples/jcpoa among them).
func BenchmarkExampleScenarios(b *testing.B) {
	dirs, err := filepath.Glob(filepath.Join("..", "examples", "*"))
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		name := filepath.Base(dir)
		m, err := LoadModel(filepath.Join(dir, name+".json"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "scenario-*.json"))
		var scenarios []*Scenario
		for _, f := range files {
			s, err := LoadScenario(f)
			if err != nil {
				b.Fatal(err)
			}
			scenarios = append(scenarios, s)
		}
		b.Run(name, func(b *testing.B) {
			// CPU time per operation too: on a shared machine it varies
			// less than the wall time.
			start, ok := cpuTime()
			n := 0
			for b.Loop() {
				n++
				for _, s := range scenarios {
					if _, err := Evaluate(m, s); err != nil {
						b.Fatal(err)
					}
				}
			}
			if end, ok2 := cpuTime(); ok && ok2 && n > 0 {
				b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
			}
		})
	}
}
