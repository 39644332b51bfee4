package main

import (
	"bytes"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestExpectations checks every expectation written in the scenario files,
// and the JSON output.
func TestExpectations(t *testing.T) {
	require.NoError(t, story.Check())
}

// table evaluates the scenario and returns its pairwise cells.
func table(t *testing.T, id string) map[[2]string]string {
	t.Helper()
	m, s, err := story.Scenario(id)
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s, treaty.ForClauses(article9))
	require.NoError(t, err)
	cells, _ := pairCells(rep)
	return cells
}

func TestPairwiseTable(t *testing.T) {
	tests := []struct {
		scenario string
		pair     [2]string
		want     string
		reason   string
	}{
		{"genocide-1960", [2]string{"fra", "su"}, "not bound", "the USSR's reservation, accepted by France's silence"},
		{"genocide-1975", [2]string{"gbr", "su"}, "not bound", "the UK objected without opposing entry into force: still excluded (art. 21(3))"},
		{"genocide-1975", [2]string{"fra", "nld"}, "bound", "no reservation between France and the Netherlands"},
		{"genocide-1990", [2]string{"nld", "su"}, "bound", "the USSR withdrew its reservation on 8 March 1989"},
		{"genocide-1990", [2]string{"fra", "usa"}, "if US consents", "the United States' reservation needs its specific consent"},
		{"genocide-1990", [2]string{"nld", "usa"}, "FRA+GBR+NLD+RU: not bound; USA: if US consents",
			"the readings disagree on whether the Netherlands' 1966 declaration answers the 1988 reservation"},
		{"genocide-2000", [2]string{"ru", "usa"}, "if US consents", "Russia continues the USSR; the US reservation remains"},
	}
	for _, tt := range tests {
		t.Run(tt.scenario+"/"+tt.pair[0]+"-"+tt.pair[1], func(t *testing.T) {
			cells := table(t, tt.scenario)
			require.Equal(t, tt.want, cells[tt.pair], tt.reason)
			require.Equal(t, cells[tt.pair], cells[[2]string{tt.pair[1], tt.pair[0]}], "a reservation acts both ways (art. 21(1)(b))")
		})
	}
}

func TestDisputedPairs(t *testing.T) {
	m, s, err := story.Scenario("genocide-1990")
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s, treaty.ForClauses(article9))
	require.NoError(t, err)
	var got []string
	for _, d := range rep.Disputes {
		if d.Kind == treaty.StatusDispute {
			got = append(got, d.Instance)
		}
	}
	want := []string{"genocide.art9[nld,usa]", "genocide.art9[usa,nld]"}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("disputed pairs -want +got\n%s", d)
	}
}

func TestOutput(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, false))
	out := b.String()
	require.Contains(t, out, "  NLD-USA      FRA+GBR+NLD+RU: not bound; USA: if US consents\n")
	require.Contains(t, out, "  FRA-SU       not bound\n")
	require.Contains(t, out, "  genocide.art9[nld,usa]: FRA not_in_force, GBR not_in_force, NLD not_in_force, RU not_in_force, USA undetermined\n")
}
