package treaty

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkEvaluateExampleFiles evaluates every example model under each
// of its scenarios, one sub-benchmark per example, reading the examples
// from a directory of choice. Models without statements
// pay only the check that they have none; compare a run of this benchmark
// with one on the commit before reservations, on the same example files
// (TREATYCOND_EXAMPLES names their directory; default ../examples).
func BenchmarkEvaluateExampleFiles(b *testing.B) {
	dir := cmp.Or(os.Getenv("TREATYCOND_EXAMPLES"), "../examples")
	files, err := filepath.Glob(filepath.Join(dir, "*", "scenario-*.json"))
	require.NoError(b, err)
	type pair struct {
		m *Model
		s []*Scenario
	}
	byModel := map[string]*pair{}
	var names []string
	for _, f := range files {
		s, err := LoadScenario(f)
		require.NoError(b, err)
		name := filepath.Base(filepath.Dir(f))
		p := byModel[name]
		if p == nil {
			m, err := LoadModel(filepath.Join(filepath.Dir(f), s.Model))
			require.NoError(b, err)
			p = &pair{m: m}
			byModel[name] = p
			names = append(names, name)
		}
		p.s = append(p.s, s)
	}
	for _, name := range names {
		p := byModel[name]
		b.Run("example="+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range p.s {
					if _, err := Evaluate(p.m, s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkReservationLowering evaluates the genocide example's model as
// written (with statements, lowered on each evaluation) and the same model
// already lowered, in one run: the ratio is the cost of lowering.
func BenchmarkReservationLowering(b *testing.B) {
	m, err := LoadModel("../examples/genocide/genocide.json")
	require.NoError(b, err)
	s, err := LoadScenario("../examples/genocide/scenario-1990.json")
	require.NoError(b, err)
	plain := lowerStatements(m)
	plainCopy := *plain
	plainCopy.Instruments = append([]Instrument(nil), plain.Instruments...)
	for i := range plainCopy.Instruments {
		plainCopy.Instruments[i].Statements = nil
	}
	require.True(b, strings.Contains(plainCopy.Instruments[len(plainCopy.Instruments)-1].ID, "["), "the lowered model has the generated instruments")
	for _, tc := range []struct {
		name string
		m    *Model
	}{{"statements", m}, {"lowered", &plainCopy}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Evaluate(tc.m, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
