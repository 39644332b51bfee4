package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// evaluate returns the report on the scenario with the given id.
func evaluate(t *testing.T, id string) *treaty.Report {
	t.Helper()
	m, s, err := story.Scenario(id)
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	return rep
}

func result(t *testing.T, rep *treaty.Report, reading string) treaty.Result {
	t.Helper()
	res, ok := rep.Result(transfer, reading)
	require.True(t, ok, "no result for %s under %s", transfer, reading)
	return res
}

// TestExpectations checks every expectation written in the scenario files,
// and the JSON output.
func TestExpectations(t *testing.T) {
	require.NoError(t, story.Check())
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		scenario  string
		jp, ru    treaty.Status
		jpSince   string
		ruSince   string
		disputes  []treaty.DisputeKind
		ruMissing []string
		reason    string
	}{
		{"as-of-1957", treaty.NotDue, treaty.NotDue, "1956-12-12", "1956-12-12", nil, nil,
			"only the Declaration exists: both readings need a peace treaty and agree"},
		{"status-quo-2018", treaty.NotDue, treaty.NotDue, "1956-12-12", "1956-12-12", []treaty.DisputeKind{treaty.LatentDispute, treaty.ApplicabilityDispute}, nil,
			"no peace treaty and US forces present: not due under both readings, but the conditions differ (latent) and Japan rejects the memorandum Russia counts"},
		{"peace-treaty-troops-stay", treaty.Due, treaty.NotDue, "2027-09-01", "1956-12-12", []treaty.DisputeKind{treaty.StatusDispute, treaty.ApplicabilityDispute}, nil,
			"a peace treaty alone satisfies Japan's reading but not Russia's"},
		{"peace-treaty-and-withdrawal", treaty.Due, treaty.Due, "2027-09-01", "2030-04-01", []treaty.DisputeKind{treaty.LatentDispute, treaty.ApplicabilityDispute}, nil,
			"both conditions met: due under both readings, each since its last condition came true; the conditions still differ"},
		{"troops-unknown", treaty.Due, treaty.Undetermined, "2027-09-01", "2027-09-01", []treaty.DisputeKind{treaty.StatusDispute, treaty.ApplicabilityDispute}, []string{"foreign_troops.withdrawn"},
			"Russia's reading cannot be decided without the troop fact"},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			rep := evaluate(t, tt.scenario)
			jp, ru := result(t, rep, "JP"), result(t, rep, "RU")
			assert.Equal(t, tt.jp, jp.Status, tt.reason)
			assert.Equal(t, tt.ru, ru.Status, tt.reason)
			require.NotNil(t, jp.Since)
			require.NotNil(t, ru.Since)
			assert.Equal(t, tt.jpSince, jp.Since.String(), "JP since: %s", tt.reason)
			assert.Equal(t, tt.ruSince, ru.Since.String(), "RU since: %s", tt.reason)
			assert.Equal(t, []string{}, jp.Missing, "Japan's reading never lacks a fact here")
			if tt.ruMissing != nil {
				assert.Equal(t, tt.ruMissing, ru.Missing)
			}
			var kinds []treaty.DisputeKind
			for _, d := range rep.Disputes {
				assert.Equal(t, transfer, d.Clause, "only the transfer is disputed")
				kinds = append(kinds, d.Kind)
			}
			assert.Equal(t, tt.disputes, kinds, "disputes listed: %s", tt.reason)
		})
	}
}

// TestProvenance checks that the condition added in 1960 remembers the
// memorandum it came from, and that only Russia's reading includes it.
func TestProvenance(t *testing.T) {
	rep := evaluate(t, "peace-treaty-troops-stay")
	jp, ru := result(t, rep, "JP"), result(t, rep, "RU")

	assert.Equal(t, "peace_treaty.concluded", jp.Condition)
	assert.Equal(t, "peace_treaty.concluded and foreign_troops.withdrawn", ru.Condition)

	require.Len(t, jp.Parts, 1, "Japan rejects the memorandum")
	assert.Equal(t, "jsd1956", jp.Parts[0].Origin)
	assert.Equal(t, "original", jp.Parts[0].Relation)

	require.Len(t, ru.Parts, 2)
	added := ru.Parts[1]
	assert.Equal(t, "foreign_troops.withdrawn", added.Condition)
	assert.Equal(t, "sumemo1960a", added.Origin)
	assert.Equal(t, "adds_condition", added.Relation)
	require.NotNil(t, added.From)
	assert.Equal(t, "1960-01-27", added.From.String())
	assert.Equal(t, conditions.False, added.Value, "US forces are still in Japan")

	var d *treaty.Dispute
	for i := range rep.Disputes {
		if rep.Disputes[i].Clause == transfer && rep.Disputes[i].Kind == treaty.StatusDispute {
			d = &rep.Disputes[i]
		}
	}
	require.NotNil(t, d)
	require.Len(t, d.Parts, 1, "the added condition is what makes the difference")
	assert.Equal(t, "sumemo1960a", d.Parts[0].Origin)
	assert.Contains(t, d.Summary, "JP due")
	assert.Contains(t, d.Summary, "RU not_due")

	// The explanation marks the memorandum's part with its origin.
	require.NotNil(t, ru.Explanation)
	assert.Contains(t, ru.Explanation.String(), "sumemo1960a")
}

// TestBearerSuccession checks that the USSR's obligation binds Russia after
// 26 December 1991 and the USSR before.
func TestBearerSuccession(t *testing.T) {
	assert.Equal(t, "SU", result(t, evaluate(t, "as-of-1957"), "RU").Bearer)
	assert.Equal(t, "RU", result(t, evaluate(t, "status-quo-2018"), "RU").Bearer)
}

func TestRun(t *testing.T) {
	var text bytes.Buffer
	require.NoError(t, run(&text, false))
	out := text.String()
	for _, want := range []string{
		"Habomai and Shikotan under the 1956 Joint Declaration",
		"jsd1956.art9.transfer",
		"peace_treaty.concluded and foreign_troops.withdrawn",
		"missing foreign_troops.withdrawn",
		"Disputes (0 status, 1 latent, 1 applicability):",
		"jsd1956.art9.transfer (latent): JP not_due, RU not_due now",
		"would diverge under {foreign_troops.withdrawn = false, peace_treaty.concluded = true}: JP due, RU not_due",
		"sumemo1960a (adds condition, from 1960-01-27): accepted by RU; rejected by JP (by jpmemo1960, since 1960-02-05)",
		"JP's reading needs {peace_treaty.concluded = true}",
		"RU's reading needs {foreign_troops.withdrawn = true, peace_treaty.concluded = true}",
		"Common ground (due under both): {foreign_troops.withdrawn = true, peace_treaty.concluded = true}",
		"Disputed: {foreign_troops.withdrawn = false, peace_treaty.concluded = true} gives JP due, RU not_due",
		"\n--- Answer\n",
		"  3. Hypothetical: a peace treaty in 2027, US forces still in Japan: JP due, RU not_due\n",
		"  4. Hypothetical: a peace treaty and the withdrawal of all foreign troops: JP due, RU due\n",
	} {
		assert.Contains(t, out, want)
	}

	var js bytes.Buffer
	require.NoError(t, run(&js, true))
	var reports []map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &reports))
	require.Len(t, reports, len(story.Order))
	for _, r := range reports {
		assert.Equal(t, treaty.ReportSchema, r["schema"])
		assert.Contains(t, r, "results")
		assert.Contains(t, r, "disputes")
	}
}
