package treaty

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
)

// bruteSweep evaluates every scenario of spec one by one with Evaluate.
func bruteSweep(t *testing.T, m *Model, s *Scenario, spec SweepSpec) (map[string]map[Status]uint64, map[string]uint64) {
	t.Helper()
	counts := map[string]map[Status]uint64{}
	disagree := map[string]uint64{}
	var lists []string
	for name := range spec.Values {
		lists = append(lists, name)
	}
	combos := 1
	for _, v := range spec.Values {
		combos *= len(v)
	}
	// Values are crossed in order of fact name; sort for the same order.
	slices.Sort(lists)
	for combo := range combos {
		for a := range 1 << len(spec.Vary) {
			sc := &Scenario{ID: "p", AsOf: s.AsOf, Facts: map[string]Fact{}}
			for k, v := range s.Facts {
				sc.Facts[k] = v
			}
			for j, name := range spec.Vary {
				sc.Facts[name] = Fact{Value: a&(1<<j) != 0}
			}
			c := combo
			for _, name := range lists {
				vs := spec.Values[name]
				sc.Facts[name] = Fact{Value: vs[c%len(vs)]}
				c /= len(vs)
			}
			rep, err := Evaluate(m, sc)
			require.NoError(t, err)
			byClause := map[string][]Status{}
			for _, r := range rep.Results {
				key := r.Clause + "/" + r.Reading
				if counts[key] == nil {
					counts[key] = map[Status]uint64{}
				}
				counts[key][r.Status]++
				byClause[r.Clause] = append(byClause[r.Clause], r.Status)
			}
			for clause, sts := range byClause {
				for _, st := range sts[1:] {
					if st != sts[0] {
						disagree[clause]++
						break
					}
				}
			}
		}
	}
	return counts, disagree
}

func TestSweepMatchesEvaluate(t *testing.T) {
	tests := []struct {
		name   string
		model  *Model
		asOf   string
		facts  map[string]Fact
		spec   SweepSpec
		reason string
	}{
		{"kuril-like", kurilLike(t, "peace", "withdrawn"), "2018-12-31", nil,
			SweepSpec{Vary: []string{"peace", "withdrawn", "a"}},
			"three booleans: fewer than a word of lanes, so the valid mask matters"},
		{"kuril-like wide", kurilLike(t, "(a or b) and peace", "withdrawn or (c and d)"), "2018-12-31", nil,
			SweepSpec{Vary: []string{"a", "b", "c", "d", "peace", "withdrawn"}},
			"six booleans: exactly one block"},
		{"shapes", shapes(t), "2001-06-01", map[string]Fact{"plebiscite.cast": {Value: 100}},
			SweepSpec{Vary: []string{"ratified", "withdrawal.interim_done", "withdrawal.final_done", "territory.transferred", "trade.opened", "fishing.agreed"},
				Values: map[string][]any{"plebiscite.yes": {10, 50, 51, nil}}},
			"deadlines, permissions, a suspension and number values crossed with booleans; slow and fast paths"},
		{"shapes late", shapes(t), "2004-01-01", nil,
			SweepSpec{Vary: []string{"ratified", "withdrawal.interim_done", "withdrawal.final_done", "territory.transferred", "trade.opened", "fishing.agreed"},
				Values: map[string][]any{"plebiscite.yes": {10, 90}, "plebiscite.cast": {100, nil}}},
			"after every deadline: violated and undetermined outcomes"},
		{"ended", endModel(Obligation, func(m *Model) { m.Instruments[0].Clauses[0].Deadline = &When{Date: MustDate("2003-06-30")} }), "2012-01-01", nil,
			SweepSpec{Vary: []string{"ready", "done"}},
			"after the instrument ended: fulfilled and violated kept, due lapses to not_in_force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Scenario{ID: "base", AsOf: MustDate(tt.asOf), Facts: tt.facts}
			got, err := Sweep(context.Background(), tt.model, s, tt.spec)
			require.NoError(t, err)
			want, wantDis := bruteSweep(t, tt.model, s, tt.spec)
			var total uint64 = 1 << len(tt.spec.Vary)
			for _, v := range tt.spec.Values {
				total *= uint64(len(v))
			}
			assert.Equal(t, total, got.Scenarios)
			for _, c := range got.Counts {
				assert.Equal(t, want[c.Clause+"/"+c.Reading], c.Statuses, "%s under %s: %s", c.Clause, c.Reading, tt.reason)
			}
			for _, d := range got.Disagreeing {
				assert.Equal(t, wantDis[d.Clause], d.Scenarios, "disagreements on %s: %s", d.Clause, tt.reason)
			}
		})
	}
}

func TestSweepDisagreementsDeterministic(t *testing.T) {
	m := kurilLike(t, "peace", "withdrawn")
	s := &Scenario{ID: "base", AsOf: MustDate("2018-12-31")}
	spec := SweepSpec{Vary: []string{"a", "b", "c", "d", "peace", "withdrawn"}, Disagreements: 5}
	first, err := Sweep(context.Background(), m, s, spec)
	require.NoError(t, err)
	require.Len(t, first.Disagreements, 5)
	for i, p := range first.Disagreements {
		assert.Equal(t, true, p.Facts["peace"], "a disagreement needs a peace treaty")
		assert.Equal(t, false, p.Facts["withdrawn"], "and no withdrawal")
		assert.Equal(t, []ReadingStatus{{"JP", Due, conditions.True}, {"SU", NotDue, conditions.False}}, p.Statuses)
		if i > 0 {
			assert.Less(t, first.Disagreements[i-1].Index, p.Index, "listed in scenario order")
		}
	}
	assert.Equal(t, uint64(16), first.Disagreeing[0].Scenarios, "peace and no withdrawal: 2^4 of the 64 scenarios")
	for range 5 {
		again, err := Sweep(context.Background(), m, s, spec)
		require.NoError(t, err)
		assert.Equal(t, first, again, "sweeps are deterministic")
	}
}

func TestSweepProgressAndCancel(t *testing.T) {
	m := kurilLike(t, "peace and (a or b)", "withdrawn")
	s := &Scenario{ID: "base", AsOf: MustDate("2018-12-31")}
	var last atomic.Uint64
	res, err := Sweep(context.Background(), m, s, SweepSpec{
		Vary:     []string{"a", "b", "c", "d", "peace", "withdrawn"},
		Values:   map[string][]any{},
		Progress: func(done, total uint64) { last.Store(done<<32 | total) },
	})
	require.NoError(t, err)
	assert.Equal(t, res.Scenarios<<32|res.Scenarios, last.Load(), "the last progress call reports completion")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Sweep(ctx, m, s, SweepSpec{Vary: []string{"a", "b"}})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSweepErrors(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "base", AsOf: MustDate("2001-06-01")}
	for _, tt := range []struct {
		spec SweepSpec
		want string
	}{
		{SweepSpec{Vary: []string{"nope"}}, `no fact "nope"`},
		{SweepSpec{Vary: []string{"plebiscite.yes"}}, "only bool facts can be varied"},
		{SweepSpec{Vary: []string{"ratified", "ratified"}}, "varied twice"},
		{SweepSpec{Vary: []string{"ratified"}, Values: map[string][]any{"ratified": {true}}}, "both varied and given values"},
		{SweepSpec{Values: map[string][]any{"plebiscite.yes": {}}}, "empty list"},
		{SweepSpec{Values: map[string][]any{"plebiscite.yes": {"many"}}}, "plebiscite.yes"},
	} {
		t.Run(fmt.Sprint(tt.spec.Vary, tt.spec.Values), func(t *testing.T) {
			_, err := Sweep(context.Background(), m, s, tt.spec)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// BenchmarkSweep sweeps 2^20 scenarios of a clause whose condition reads
// 20 boolean facts, under two readings, one with an added condition.
func BenchmarkSweep(b *testing.B) {
	var fields []FactDecl
	var names []string
	for i := range 20 {
		name := fmt.Sprintf("f%02d", i)
		names = append(names, name)
		fields = append(fields, FactDecl{Field: conditions.Field{Name: name, Type: conditions.Bool}})
	}
	clause := conditions.MustParse("(f00 or f01) and atleast(3, f02, f03, f04, f05, f06) and not (f07 and f08) and (f09 or f10 or f11) and f12")
	added := conditions.MustParse("f13 and (f14 or f15) and not f16 and (f17 or f18 or f19)")
	m := &Model{
		ID: "bench", Facts: fields,
		Parties: []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Instruments: []Instrument{
			{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: MustDate("2000-01-01"),
				Clauses: []Clause{{ID: "c", Kind: Obligation, Bearer: "A", Action: "act", Condition: clause}}},
			{ID: "memo", Title: "M", Kind: KindMemorandum, Author: "B", Signed: MustDate("2001-01-01"),
				Relations: []Relation{{Kind: AddsCondition, Target: "c", Condition: added}}},
		},
	}
	s := &Scenario{ID: "s", AsOf: MustDate("2010-01-01")}
	spec := SweepSpec{Vary: names}
	var res *SweepResult
	for b.Loop() {
		var err error
		if res, err = Sweep(context.Background(), m, s, spec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Scenarios), "ns/scenario")
}

// wideModel is a model with n bool facts f00, f01, ... and one clause
// that reads the first two.
func wideModel(t *testing.T, n int) (*Model, []string) {
	t.Helper()
	var fields []FactDecl
	var names []string
	for i := range n {
		name := fmt.Sprintf("f%02d", i)
		names = append(names, name)
		fields = append(fields, FactDecl{Field: conditions.Field{Name: name, Type: conditions.Bool}})
	}
	return &Model{
		ID: "wide", Facts: fields,
		Parties: []Party{{ID: "A", Name: "A"}, {ID: "B", Name: "B"}},
		Instruments: []Instrument{{ID: "t", Title: "T", Kind: KindTreaty, Parties: []string{"A", "B"}, Signed: MustDate("2000-01-01"),
			Clauses: []Clause{{ID: "c", Kind: Obligation, Bearer: "A", Action: "act", Condition: cond(t, "f00 and f01")}}}},
		Readings: []Reading{{ID: "A", Party: "A"}, {ID: "B", Party: "B"}},
	}, names
}

// The negative number of examples used to panic with "slice bounds out of
// range [:-1]" once the sweep was done, even with nothing disagreeing.
func TestSweepNegativeDisagreementsPanicked(t *testing.T) {
	m, names := wideModel(t, 2)
	s := &Scenario{ID: "base", AsOf: MustDate("2010-01-01")}
	for _, n := range []int{-1, -1 << 62} {
		var res *SweepResult
		var err error
		require.NotPanics(t, func() {
			res, err = Sweep(context.Background(), m, s, SweepSpec{Vary: names, Disagreements: n})
		})
		assert.Nil(t, res)
		assert.ErrorContains(t, err, fmt.Sprintf("Disagreements is %d; want 0 or more", n))
	}
}

// A fact space of 2^64 or more scenarios used to wrap around: 2^70 gave
// "0 scenarios" with zero counts and no error, and 2^64 ran until
// cancelled reporting 0 of 0. Such spaces are refused before any work;
// the largest that fit are accepted.
func TestSweepScenarioCountOverflowed(t *testing.T) {
	m, names := wideModel(t, 70)
	s := &Scenario{ID: "base", AsOf: MustDate("2010-01-01")}
	// space varies the first vary facts, gives the next pairs facts the
	// values true and false and the next triples facts true, false and
	// unknown: 2^vary * 2^pairs * 3^triples scenarios.
	space := func(vary, pairs, triples int) SweepSpec {
		spec := SweepSpec{Vary: names[:vary], Values: map[string][]any{}}
		for i, name := range names[vary : vary+pairs+triples] {
			spec.Values[name] = []any{true, false}
			if i >= pairs {
				spec.Values[name] = append(spec.Values[name], nil)
			}
		}
		return spec
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name    string
		spec    SweepSpec
		wantErr string
		reason  string
	}{
		{"2^70", space(40, 30, 0), "too many scenarios: 2^40 assignments of the varied facts times 1073741824 combinations",
			"wrapped around to 0 scenarios"},
		{"2^64", space(40, 24, 0), "too many scenarios: 2^40 assignments of the varied facts times 16777216 combinations",
			"wrapped around to 0 of 0 and ran on"},
		{"3*2^63", space(40, 23, 1), "2^64 or more", "wraps around too, not only at powers of two"},
		{"3*2^62", space(40, 22, 1), "", "fits: reaches the evaluation, which the cancelled context stops"},
		{"2^63", space(40, 23, 0), "", "fits"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Sweep(cancelled, m, s, tt.spec)
			if tt.wantErr == "" {
				assert.ErrorIs(t, err, context.Canceled, tt.reason)
				// An interrupted sweep returns what it counted: nothing yet.
				if assert.NotNil(t, res, tt.reason) {
					assert.True(t, res.Partial, tt.reason)
					assert.Zero(t, res.Evaluated, tt.reason)
				}
				return
			}
			assert.Nil(t, res, tt.reason)
			assert.ErrorContains(t, err, tt.wantErr, tt.reason)
			assert.NotErrorIs(t, err, context.Canceled, "refused before evaluating: %s", tt.reason)
		})
	}
}

// TestSweepInterruptedIsPartial cancels a long sweep at its first progress
// report: Sweep returns the cancellation and the counts so far, marked
// partial, each plan's counts adding up to the scenarios evaluated.
func TestSweepInterruptedIsPartial(t *testing.T) {
	m, names := wideModel(t, 38)
	s := &Scenario{ID: "base", AsOf: MustDate("2010-01-01")}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := Sweep(ctx, m, s, SweepSpec{Vary: names, Progress: func(done, total uint64) { cancel() }})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res)
	assert.True(t, res.Partial)
	assert.Equal(t, uint64(1)<<38, res.Scenarios)
	assert.Less(t, res.Evaluated, res.Scenarios, "interrupted before the end")
	assert.Positive(t, res.Evaluated, "the first progress report comes after some work")
	for _, c := range res.Counts {
		var sum uint64
		for _, n := range c.Statuses {
			sum += n
		}
		assert.Equal(t, res.Evaluated, sum, "%s under %s: the counts cover the evaluated scenarios", c.Clause, c.Reading)
	}
	assert.Contains(t, res.String(), fmt.Sprintf("PARTIAL: interrupted after %d of the %d combinations;", res.Evaluated, res.Scenarios))
	assert.Contains(t, res.String(), fmt.Sprintf(" of the %d combinations evaluated\n", res.Evaluated), "disagreements are counted against the scenarios evaluated")

	full, err := Sweep(context.Background(), m, s, SweepSpec{Vary: names[:3]})
	require.NoError(t, err)
	assert.False(t, full.Partial)
	assert.Equal(t, full.Scenarios, full.Evaluated)
	assert.NotContains(t, full.String(), "PARTIAL")
}
