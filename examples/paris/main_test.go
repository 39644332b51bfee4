package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/internal/casebook"
	"github.com/treatycond/treatycond/treaty"
)

// TestStory checks every scenario's expectations and the JSON output.
func TestStory(t *testing.T) {
	require.NoError(t, story.Check())
}

// TestRunText checks the key lines of what `go run ./examples/paris` prints.
func TestRunText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, story.Run(&buf, false))
	out := buf.String()
	assert.Contains(t, out, story.Question)

	s, err := casebook.Section(out, "4 October 2016: 63 Parties, 52.11% of emissions; the threshold is not met")
	require.NoError(t, err)
	assert.Contains(t, s, "paris: consented 4: USA (from 2016-11-04), CHN (from 2016-11-04), IND (from 2016-11-04), NZL (from 2016-11-04); signatory 11")

	s, err = casebook.Section(out, "4 November 2016: the Agreement enters into force")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("paris.art4.2[CHN]", "depositary", "due", "2016-11-04"), s)
	assert.Contains(t, s, "consented 2: RWA (from 2016-11-05), POL (from 2016-11-06)")

	s, err = casebook.Section(out, "1 December 2020: the United States has withdrawn; Russia is bound")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("paris.art4.2[USA]", "depositary", "not_in_force", "2020-11-04"), s)
	assert.Contains(t, s, "USA withdrew with effect from 2020-11-04 before performance")

	s, err = casebook.Section(out, "Counterfactual: the emissions share after 4 October 2016 is not known")
	require.NoError(t, err)
	assert.Contains(t, s, "entry into force of paris undetermined")

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"  In force on 2016-11-04:",
		"  USA  bound from 2016-11-04 until 2020-11-03 (withdrawal effective 2020-11-04)\n",
		"  RWA  bound from 2016-11-05\n",
		"  JPN  bound from 2016-12-08\n",
		"  RUS  bound from 2019-11-06\n",
		"  USA  bound from 2021-02-19 until 2026-01-26 (withdrawal effective 2026-01-27)\n",
		"  TUR  bound from 2021-11-10\n",
		"  IRN  signatory only: not bound\n",
		"  2020-12-01 (2020-12-01): 12 bound:",
	} {
		assert.Contains(t, ans, want)
	}
}

// TestPartyEntryMatchesDepositary checks that the entry into force the
// model computes for each party (art. 21(1) and (3)) is the date the
// depositary records, as each member's note states it.
func TestPartyEntryMatchesDepositary(t *testing.T) {
	m, s, err := story.Scenario("2026-12-01")
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	computed := map[string]string{}
	for _, ms := range rep.Members {
		if ms.InForce != nil && computed[ms.Party] == "" {
			computed[ms.Party] = ms.InForce.String()
		}
	}
	checked := 0
	for _, mem := range m.Instruments[0].Members {
		for _, note := range mem.Notes {
			_, rest, ok := strings.Cut(note, "The depositary records entry into force for ")
			if !ok {
				continue
			}
			_, date, _ := strings.Cut(rest, " on ")
			date = date[:10]
			// A party that later withdrew and rejoined has a later
			// membership; the note is about its first.
			first := firstInForce(t, rep, mem.Party)
			assert.Equal(t, date, first, "%s: depositary %s, computed %s", mem.Party, date, first)
			checked++
		}
	}
	require.GreaterOrEqual(t, checked, 12, "the notes of the 2016 members")
}

// firstInForce returns the earliest entry into force of party p in the
// report's timeline: the first day its art. 4(2) instance fell due.
func firstInForce(t *testing.T, rep *treaty.Report, p string) string {
	t.Helper()
	m, s, err := story.Scenario("2016-12-31")
	require.NoError(t, err)
	early, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	for _, ms := range early.Members {
		if ms.Party == p && ms.InForce != nil {
			return ms.InForce.String()
		}
	}
	for _, ms := range rep.Members {
		if ms.Party == p && ms.InForce != nil {
			return ms.InForce.String()
		}
	}
	return ""
}

// TestThresholdDay checks the day the threshold of art. 21(1) was met:
// varying the 5 October 2016 share below 55% moves the entry into force
// to never (by the recorded history).
func TestThresholdDay(t *testing.T) {
	m, s, err := story.Scenario("2016-12-31")
	require.NoError(t, err)
	share := s.Facts["deposits.emissions_share"]
	hist := append([]treaty.Change(nil), share.History...)
	hist[len(hist)-1].Value = 54.9
	v := casebook.WithFacts(s, map[string]treaty.Fact{"deposits.emissions_share": {Value: share.Value, History: hist}})
	rep, err := treaty.Evaluate(m, v)
	require.NoError(t, err)
	for _, res := range rep.Results {
		require.Equal(t, treaty.NotInForce, res.Status, "%s: with 54.9%% the threshold is never met: %s", res.Clause, res.Reason)
	}
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"status":"consented"`)
}
