package treaty

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCancelImpactAndCompare checks that the context variants of Impact
// and CompareReadings, like the entry points TestCancel covers, answer
// under a live context and stop on a cancelled one with an error that
// wraps the context's and ErrCanceled.
func TestCancelImpactAndCompare(t *testing.T) {
	m := shapes(t)
	s := &Scenario{ID: "s", AsOf: MustDate("2001-06-01")}
	live := context.Background()
	_, err := ImpactContext(live, m, s, "vote")
	require.NoError(t, err, "Impact under a live context")
	_, err = CompareReadingsContext(live, m, s, "vote", "A", "B")
	require.NoError(t, err, "CompareReadings under a live context")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = ImpactContext(ctx, m, s, "vote")
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, ErrCanceled)
	_, err = CompareReadingsContext(ctx, m, s, "vote", "A", "B")
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, ErrCanceled)
}
