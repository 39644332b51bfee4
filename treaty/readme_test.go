package treaty_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestREADME loads the model and scenario shown in the README, evaluates
// them and checks the scenario's expectations, so the documentation cannot
// rot.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllSubmatch(data, -1)
	require.Len(t, blocks, 2, "the README shows one model and one scenario")
	m, err := treaty.DecodeModel(blocks[0][1], "README.md (model)")
	require.NoError(t, err)
	s, err := treaty.DecodeScenario(blocks[1][1], "README.md (scenario)")
	require.NoError(t, err)
	rep, err := treaty.Evaluate(m, s)
	require.NoError(t, err)
	require.NotEmpty(t, s.Expect)
	for _, mm := range rep.Check(s.Expect) {
		t.Error(mm.String())
	}
}
