package view_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
	"github.com/treatycond/treatycond/treaty/view"
)

// countdownCtx is a context that is cancelled once its Err method has
// been called live times: a cancellation arriving in the middle of the
// timeline's evaluations, at a point the test chooses.
type countdownCtx struct {
	context.Context
	live, calls int
}

func (c *countdownCtx) Err() error {
	if c.calls++; c.calls > c.live {
		return context.Canceled
	}
	return nil
}

// TestTimelineContext checks that NewTimelineContext under a live
// context builds NewTimeline's timeline, and stops with the context's
// error when the context is done: before it starts, and in the middle of
// its evaluations (it evaluates once per change date).
func TestTimelineContext(t *testing.T) {
	m, s := load(t, models[0].model, models[0].scenario)
	want, err := view.NewTimeline(m, s, treaty.Date{}, treaty.Date{})
	require.NoError(t, err)
	got, err := view.NewTimelineContext(context.Background(), m, s, treaty.Date{}, treaty.Date{})
	require.NoError(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("a live context changes the timeline (-want +got):\n%s", diff)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = view.NewTimelineContext(ctx, m, s, treaty.Date{}, treaty.Date{})
	require.ErrorIs(t, err, context.Canceled, "a cancelled context stops it at once")
	require.ErrorIs(t, err, treaty.ErrCanceled)

	// Count how often one full timeline looks at its context, then cancel
	// it halfway: the timeline stops with the context's error.
	count := &countdownCtx{Context: context.Background(), live: 1 << 30}
	_, err = view.NewTimelineContext(count, m, s, treaty.Date{}, treaty.Date{})
	require.NoError(t, err)
	require.Greater(t, count.calls, 4, "several evaluations, each looking at the context")
	half := &countdownCtx{Context: context.Background(), live: count.calls / 2}
	tl, err := view.NewTimelineContext(half, m, s, treaty.Date{}, treaty.Date{})
	require.Nil(t, tl)
	require.True(t, errors.Is(err, context.Canceled), "cancelled halfway: %v", err)
}
