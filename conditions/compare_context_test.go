package conditions

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Compare and Impacts had a step budget but took no context, so a caller
// could not stop them (issue 16): CompareContext and ImpactsContext stop
// at the first poll that reports cancellation, before the budget.
func TestCompareImpactsCouldNotBeStopped(t *testing.T) {
	var atoms []string
	for i := range 300 {
		atoms = append(atoms, fmt.Sprintf("ratified.p%03d", i))
	}
	a := MustParse("atleast(100, " + strings.Join(atoms, ", ") + ")")
	b := MustParse("atleast(101, " + strings.Join(atoms, ", ") + ")")

	// Without a context the comparison completes: b implies a.
	c, err := Compare(a, b, nil)
	require.NoError(t, err)
	require.Equal(t, ImpliedBy, c.Relation)

	for _, run := range []struct {
		name string
		f    func(context.Context) error
	}{
		{"CompareContext", func(ctx context.Context) error { _, err := CompareContext(ctx, a, b, nil); return err }},
		{"ImpactsContext", func(ctx context.Context) error { _, err := ImpactsContext(ctx, []Expr{a, b}, nil); return err }},
	} {
		ctx := &countingCtx{Context: context.Background()}
		ctx.n.Store(2)
		err := run.f(ctx)
		assert.ErrorIs(t, err, context.Canceled, "%s: stopped at the second poll", run.name)
		assert.LessOrEqual(t, ctx.calls.Load(), int64(3), "%s: it stops at the poll that reports cancellation", run.name)

		expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
		err = run.f(expired)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "%s: an expired context stops it before it starts", run.name)
	}
}
