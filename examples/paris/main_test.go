package main

import (
	"bytes"
	"slices"
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
	assert.Contains(t, s, "paris: consented 63: BRB (from 2016-11-04)")
	assert.Contains(t, s, "held from 2016-10-05")

	s, err = casebook.Section(out, "5 October 2016: 74 Parties, 58.82% of emissions; the threshold is met")
	require.NoError(t, err)
	assert.Contains(t, s, "paris: consented 74:")

	s, err = casebook.Section(out, "4 November 2016: the Agreement enters into force")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("paris.art4.2[CHN]", "depositary", "due", "2016-11-04"), s)
	assert.Contains(t, s, "consented 2: RWA (from 2016-11-05), POL (from 2016-11-06)")

	s, err = casebook.Section(out, "1 December 2020: the United States has withdrawn; Russia is bound")
	require.NoError(t, err)
	assert.Regexp(t, casebook.Row("paris.art4.2[USA]", "depositary", "not_in_force", "2020-11-04"), s)
	assert.Contains(t, s, "USA withdrew with effect from 2020-11-04 before performance")

	s, err = casebook.Section(out, "Counterfactual: Germany's share in the art. 21 list is not known")
	require.NoError(t, err)
	assert.Contains(t, s, `entry into force of paris undetermined: count(p in parties.paris: true) >= 55 and sum(p in parties.paris: art21.share[p]) >= 55 unknown (missing art21.share["DEU"])`)

	_, ans, ok := strings.Cut(out, "\n--- Answer\n")
	require.True(t, ok, "the output ends with the answer")
	for _, want := range []string{
		"    2016-10-04: 63 Parties, 52.11% of emissions: not met\n",
		"    2016-10-05: 74 Parties, 58.82% of emissions: met\n",
		"held from 2016-10-05).\n",
		"  In force on 2016-11-04: the obligations of art. 4(2) fell due that day for the 74 Parties that had deposited by then.\n",
		"  USA  bound from 2016-11-04 until 2020-11-03 (withdrawal effective 2020-11-04)\n",
		"  RWA  bound from 2016-11-05\n",
		"  POL  bound from 2016-11-06\n",
		"  JPN  bound from 2016-12-08\n",
		"  GBR  bound from 2016-12-18\n",
		"  RUS  bound from 2019-11-06\n",
		"  USA  bound from 2021-02-19 until 2026-01-26 (withdrawal effective 2026-01-27)\n",
		"  TUR  bound from 2021-11-10\n",
		"the 73 other Parties that had deposited by then: BRB, ",
		"  IRN  signatory only: not bound\n",
		"  2016-12-31 (2016-12-31): 78 bound; joined: RWA, POL, JPN, GBR\n",
		"  2020-12-01 (2020-12-01): 78 bound; joined: RUS; left: USA; 1 not_in_force\n",
		"  2016-12-01 (share-unknown): 0 bound; 76 undetermined\n",
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

// TestThresholdDay checks that the day the threshold of art. 21(1) is
// met is computed from the members' deposits and their shares: without
// the deposits of the seven EU member States that deposited with the
// European Union on 5 October 2016 (4.57% together), 67 Parties hold
// 54.25% that day, Rwanda adds 0.02% on 6 October, and Poland's deposit
// of 7 October (1.06%) meets it: the Agreement enters into force on 6
// November 2016, for Rwanda too (art. 21(3) gives it 5 November, but not
// before the Agreement itself).
func TestThresholdDay(t *testing.T) {
	m, s, err := story.Scenario("2016-12-31")
	require.NoError(t, err)
	without := map[string]bool{"AUT": true, "FRA": true, "DEU": true, "HUN": true, "MLT": true, "PRT": true, "SVK": true}
	v := *m
	v.Instruments = slices.Clone(m.Instruments)
	var kept []treaty.Member
	for _, mem := range m.Instruments[0].Members {
		if !without[mem.Party] {
			kept = append(kept, mem)
		}
	}
	require.Len(t, kept, len(m.Instruments[0].Members)-len(without), "the seven member States are members of the model")
	v.Instruments[0].Members = kept
	rep, err := treaty.Evaluate(&v, s)
	require.NoError(t, err)
	got := map[string]string{}
	for _, res := range rep.Instances("paris.art4.2", "depositary") {
		got[res.Bearer] = string(res.Status) + " since " + res.Since.String()
	}
	want := map[string]string{
		"CHN": "due since 2016-11-06", // the Agreement's entry into force
		"RWA": "due since 2016-11-06", // its own date (5 November) is earlier
		"POL": "due since 2016-11-06", // the thirtieth day after its deposit
		"JPN": "due since 2016-12-08", // art. 21(3), as in fact
	}
	for p, w := range want {
		assert.Equal(t, w, got[p], p)
	}
	for p := range without {
		assert.NotContains(t, got, p, "%s has not deposited in this variant", p)
	}

	// The model itself is untouched, and with it the threshold is met
	// on 5 October: the Agreement is in force from 4 November.
	rep, err = treaty.Evaluate(m, s)
	require.NoError(t, err)
	for _, res := range rep.Instances("paris.art4.2", "depositary") {
		if res.Bearer == "CHN" || res.Bearer == "DEU" {
			assert.Equal(t, "due since 2016-11-04", string(res.Status)+" since "+res.Since.String(), res.Bearer)
		}
	}
}
