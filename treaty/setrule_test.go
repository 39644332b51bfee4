package treaty_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// readFacts returns the bool facts m's clauses and relations read
// (conditions and performance facts), in declaration order.
func readFacts(m *treaty.Model) []string {
	read := map[string]bool{}
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			for _, f := range c.Condition.Facts() {
				read[f] = true
			}
			if c.Performed != "" {
				read[c.Performed] = true
			}
		}
		for _, r := range inst.Relations {
			for _, f := range r.Condition.Facts() {
				read[f] = true
			}
		}
		for _, st := range inst.Statements {
			for _, f := range st.Condition.Facts() {
				read[f] = true
			}
		}
	}
	var out []string
	for _, f := range m.Facts {
		if f.Type == conditions.Bool && read[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}

// TestSweepAgreesWithSetOnExamples checks the one rule for when a set or
// varied value starts (treaty.Fact.SetFrom): on every example model and
// scenario, for every combination of up to three of the bool facts its
// clauses read, the status a one-scenario sweep counts for each clause and
// reading is the status Evaluate gives the scenario with those values set
// by Fact.SetFrom with no date (treaty eval --set fact=value), and a sweep
// over all the combinations counts the same statuses as those
// evaluations together.
func TestSweepAgreesWithSetOnExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*/scenario*.json")
	require.NoError(t, err)
	models := map[string]bool{}
	for _, file := range files {
		s, err := treaty.LoadScenario(file)
		require.NoError(t, err)
		m, err := treaty.LoadModel(filepath.Join(filepath.Dir(file), s.Model))
		require.NoError(t, err)
		models[m.ID] = true
		vary := readFacts(m)
		vary = vary[:min(3, len(vary))]
		require.NotEmpty(t, vary, "%s: its model reads no bool fact", file)
		t.Run(strings.TrimPrefix(file, "../examples/"), func(t *testing.T) {
			tally := map[string]map[treaty.Status]uint64{}
			for combo := range 1 << len(vary) {
				values := map[string][]any{}
				set := &treaty.Scenario{ID: s.ID, AsOf: s.AsOf, Facts: map[string]treaty.Fact{}}
				for name, f := range s.Facts {
					set.Facts[name] = f
				}
				var desc []string
				for j, name := range vary {
					v := combo&(1<<j) != 0
					values[name] = []any{v}
					set.Facts[name] = set.Facts[name].SetFrom(treaty.Date{}, v)
					desc = append(desc, fmt.Sprintf("%s=%v", name, v))
				}
				rep, err := treaty.Evaluate(m, set)
				require.NoError(t, err)
				sw, err := treaty.Sweep(context.Background(), m, s, treaty.SweepSpec{Values: values})
				require.NoError(t, err)
				require.Equal(t, uint64(1), sw.Scenarios)
				got := map[string]treaty.Status{}
				for _, c := range sw.Counts {
					for st, n := range c.Statuses {
						if n > 0 {
							got[c.Clause+" "+c.Reading] = st
						}
					}
				}
				want := map[string]treaty.Status{}
				for _, r := range rep.Results {
					key := r.Clause + " " + r.Reading
					if r.Instance != "" {
						continue // each-party instances are counted per clause by the sweep
					}
					want[key] = r.Status
					if tally[key] == nil {
						tally[key] = map[treaty.Status]uint64{}
					}
					tally[key][r.Status]++
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						delete(got, k)
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: sweep and eval --set differ (-eval +sweep):\n%s", strings.Join(desc, ", "), diff)
				}
			}
			sw, err := treaty.Sweep(context.Background(), m, s, treaty.SweepSpec{Vary: vary})
			require.NoError(t, err)
			got := map[string]map[treaty.Status]uint64{}
			for _, c := range sw.Counts {
				key := c.Clause + " " + c.Reading
				if _, ok := tally[key]; !ok {
					continue
				}
				got[key] = map[treaty.Status]uint64{}
				for st, n := range c.Statuses {
					if n > 0 {
						got[key][st] = n
					}
				}
			}
			if diff := cmp.Diff(tally, got); diff != "" {
				t.Errorf("a sweep over %v counts otherwise than eval --set per combination (-eval +sweep):\n%s", vary, diff)
			}
		})
	}
	var ids []string
	for id := range models {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	require.Len(t, ids, len(exampleModelIDs(t)), "every example model has a scenario here: %v", ids)
}

// exampleModelIDs returns the ids of the example models.
func exampleModelIDs(t *testing.T) []string {
	var ids []string
	for _, file := range goodModels(t) {
		if strings.HasPrefix(file, "../examples/") {
			m, err := treaty.LoadModel(file)
			require.NoError(t, err)
			ids = append(ids, m.ID)
		}
	}
	return ids
}
