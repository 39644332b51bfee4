package treaty

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of testdata/consolidate")

// TestConsolidateGolden consolidates every example model for every reading
// as of the latest date it mentions, in text, with the difference between
// its first and last reading, and compares with testdata/consolidate
// (go test ./treaty -run ConsolidateGolden -update rewrites them).
func TestConsolidateGolden(t *testing.T) {
	models, err := filepath.Glob("../examples/*/*.json")
	require.NoError(t, err)
	n := 0
	for _, path := range models {
		if strings.HasPrefix(filepath.Base(path), "scenario-") {
			continue
		}
		n++
		name := filepath.Base(filepath.Dir(path))
		t.Run(name, func(t *testing.T) {
			m, err := LoadModel(path)
			require.NoError(t, err)
			asOf := LatestDate(m)
			require.False(t, asOf.IsZero(), "the model mentions dates")
			var b bytes.Buffer
			var all []*Consolidated
			ix, err := newIndex(m)
			require.NoError(t, err)
			for i := range ix.readings {
				c, err := Consolidate(m, readingID(&ix.readings[i]), asOf)
				require.NoError(t, err)
				require.Len(t, c.Clauses, len(ix.order), "every clause is consolidated")
				require.NoError(t, c.WriteText(&b))
				b.WriteString("\n")
				all = append(all, c)
			}
			require.NoError(t, DiffConsolidated(all[0], all[len(all)-1]).WriteText(&b))
			golden := filepath.Join("testdata", "consolidate", name+".txt")
			if *updateGolden {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run with -update to create the golden file")
			assert.Empty(t, cmp.Diff(string(want), b.String()), "consolidation of %s differs from %s", name, golden)
		})
	}
	assert.Equal(t, 9, n, "every example model is golden-tested")
}

func TestConsolidateParts(t *testing.T) {
	m := bystander(t)
	m.Instruments[0].Clauses[0].Deadline = &When{After: Period{Months: 6}}
	m.Instruments[0].Clauses[0].NotBefore = &When{After: Period{Years: 1}, From: "in_force"}
	b, err := Consolidate(m, "B", MustDate("2002-01-01"))
	require.NoError(t, err)
	from := MustDate("2000-01-01")
	memo := MustDate("2001-01-01")
	want := ConsolidatedClause{Clause: "cede", Instrument: "t", Kind: Obligation, Action: "cede", InForce: true,
		InstrumentStatus: "t in force since 2000-01-01", Condition: "peace and withdrawn",
		Parts: []ClausePart{
			{Field: "instrument", Text: "t in force since 2000-01-01", Origin: "t", Relation: "original", From: &from},
			{Field: "condition", Text: "peace", Origin: "t", Relation: "original", From: &from},
			{Field: "condition", Text: "withdrawn", Origin: "memo", Relation: "adds_condition", From: &memo},
			{Field: "bearer", Text: "B", Origin: "t", Relation: "original", From: &from},
			{Field: "beneficiary", Text: "A", Origin: "t", Relation: "original", From: &from},
			{Field: "not_before", Text: "1y after entry into force (2001-01-01)", Origin: "t", Relation: "original", From: &from},
			{Field: "deadline", Text: "6m after becoming due", Origin: "t", Relation: "original", From: &from},
		}}
	assert.Empty(t, cmp.Diff(want, b.Clauses[0]))

	// A rejects the memorandum: its condition is the treaty's alone.
	a, err := Consolidate(m, "A", MustDate("2002-01-01"))
	require.NoError(t, err)
	assert.Equal(t, "peace", a.Clauses[0].Condition)
	d := DiffConsolidated(a, b)
	require.Len(t, d.Changes, 2)
	assert.Equal(t, PartChange{Clause: "cede", Field: "condition",
		A: []string{"peace  [t, original, from 2000-01-01]"},
		B: []string{"peace  [t, original, from 2000-01-01]", "withdrawn  [memo, adds condition, from 2001-01-01]"}}, d.Changes[0])
	assert.Equal(t, "effective", d.Changes[1].Field)

	// C, a third state, does not count the treaty.
	c, err := Consolidate(m, "C", MustDate("2002-01-01"))
	require.NoError(t, err)
	assert.False(t, c.Clauses[0].InForce)
	assert.Equal(t, "not in force: reading C does not accept t", c.Clauses[0].InstrumentStatus)
	assert.Equal(t, "not_accepted", c.Clauses[0].Parts[0].Relation)

	// Before the memorandum, it is an upcoming change.
	early, err := Consolidate(m, "B", MustDate("2000-06-01"))
	require.NoError(t, err)
	require.NotEmpty(t, early.Upcoming)
	assert.Equal(t, UpcomingChange{Date: memo, Target: "cede", Instrument: "memo", Relation: "adds_condition",
		Text: "memo adds condition cede: withdrawn", Accepted: true}, early.Upcoming[1])

	_, err = Consolidate(m, "X", MustDate("2002-01-01"))
	require.ErrorIs(t, err, ErrUnknownReading)

	data, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"schema":"treatycond.consolidated/v1"`)
}
