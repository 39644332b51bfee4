package conditions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orChain returns "v0 or v1 or ... or v(n-1)".
func orChain(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("v%d", i)
	}
	return strings.Join(parts, " or ")
}

// The diagram of v0 or ... or v1099 has about 1,100 nodes, but building
// it from the first operand on created about n^2/2 = 605,000 intermediate
// nodes, which counted against the limit of 2^19: Takes said "condition
// too large: 1100 atoms".
func TestTakesOrChainCountedIntermediateNodes(t *testing.T) {
	e := MustParse(orChain(1100))
	got, err := Takes(e, nil, True)
	require.NoError(t, err)
	require.Len(t, got, 1100, "one atom true suffices")
	for i, a := range got[:3] {
		assert.Len(t, a, 1, "assignment %d", i)
	}
	got, err = Takes(e, nil, False)
	require.NoError(t, err)
	require.Len(t, got, 1, "every atom false")
	assert.Len(t, got[0], 1100)
}

// The limit on minimal assignments counted every cube built along the way,
// including those of intermediate functions, so it refused answers well
// below the documented bound.
func TestTakesAnswerLimitCountedIntermediateCubes(t *testing.T) {
	// A conjunction of 12 disjunctions of 2 to 4 atoms and 8 plain atoms:
	// 4^4 * 3^4 * 2^4 ... chosen so that 40 atoms have 20,736 minimal
	// assignments making it true.
	var parts []string
	k := 0
	atom := func() string { k++; return fmt.Sprintf("ratified.p%02d", k) }
	for range 4 {
		parts = append(parts, "("+strings.Join([]string{atom(), atom(), atom(), atom()}, " or ")+")")
	}
	for range 4 {
		parts = append(parts, "("+strings.Join([]string{atom(), atom(), atom()}, " or ")+")")
	}
	for range 12 {
		parts = append(parts, atom())
	}
	require.Equal(t, 40, k)
	// The plain atoms first, as a treaty lists its unconditional
	// requirements before the alternatives.
	src := strings.Join(append(parts[8:], parts[:8]...), " and ")
	got, err := Takes(MustParse(src), nil, True)
	require.NoError(t, err)
	assert.Len(t, got, 4*4*4*4*3*3*3*3, "one atom of each disjunction")

	// atleast(3, 100 atoms) is false when 98 of them are: C(100, 2) =
	// 4950 minimal assignments.
	var atoms []string
	for i := range 100 {
		atoms = append(atoms, fmt.Sprintf("a%02d", i))
	}
	e := MustParse("atleast(3, " + strings.Join(atoms, ", ") + ")")
	got, err = Takes(e, nil, False)
	require.NoError(t, err)
	require.Len(t, got, 4950)
	assert.Len(t, got[0], 98)

	// True needs C(100, 3) = 161,700: over the limit, said as such.
	_, err = Takes(e, nil, True)
	assert.ErrorIs(t, err, ErrLimit)
	assert.ErrorContains(t, err, "condition too large for exact analysis: 100 atoms (more than 65536 minimal assignments)")
}

// oneFactIntervals returns n/2 pseudo-random intervals of one number fact
// joined by or, (x > a and x < b) or ..., about 12 bytes a comparison.
func oneFactIntervals(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var parts []string
	for range n / 2 {
		a := r.IntN(1000)
		parts = append(parts, fmt.Sprintf("(x > %d and x < %d)", a, a+r.IntN(50)))
	}
	return strings.Join(parts, " or ")
}

// countingCtx is a context whose Err reports cancellation from its n-th
// call on, so that a test can stop work part-way without timing.
type countingCtx struct {
	context.Context
	calls, n atomic.Int64
}

func (c *countingCtx) Err() error {
	if c.calls.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

// Takes could run 24 to 60 seconds on 200 to 300 comparisons of one fact
// before saying it was over its limit. Such conditions are now analysed
// over the regions of the fact's domain, in milliseconds. Each answer is
// checked here with Eval on values of the fact throughout the domain:
// consistent (some value gives the atoms those truths), sufficient (every
// such value makes the condition true) and minimal (without any one atom,
// some value does not).
func TestTakesOneFactComparisonsRanLong(t *testing.T) {
	e := MustParse(oneFactIntervals(250))
	require.Greater(t, len(e.String()), 2500)
	// A value in every region the constants delimit: each constant, a
	// value between it and the next (all are whole numbers), and one below.
	values := []float64{-1}
	for _, c := range regexp.MustCompile(`\d+`).FindAllString(e.String(), -1) {
		v, err := strconv.ParseFloat(c, 64)
		require.NoError(t, err)
		values = append(values, v, v+0.5)
	}
	slices.Sort(values)
	values = slices.Compact(values)
	// truth[atom][i] is the value of the atom at values[i]; cond[i] that of e.
	truth := map[string][]bool{}
	cond := make([]Truth, len(values))
	for i, x := range values {
		r, err := Eval(e, Facts{"x": x})
		require.NoError(t, err)
		cond[i] = r.Value
	}
	for _, want := range []Truth{True, False} {
		got, err := Takes(e, nil, want)
		require.NoError(t, err, "want %v", want)
		require.NotEmpty(t, got)
		for _, a := range got {
			for atom := range a {
				if truth[atom] == nil {
					atomExpr := MustParse(atom)
					for _, x := range values {
						r, err := Eval(atomExpr, Facts{"x": x})
						require.NoError(t, err)
						truth[atom] = append(truth[atom], r.Value == True)
					}
				}
			}
			// The atoms of a as truth tables, in a slice for speed.
			type lit struct {
				atom string
				tab  []bool
				val  bool
			}
			var lits []lit
			for atom, val := range a {
				lits = append(lits, lit{atom, truth[atom], val})
			}
			// matches reports whether values[i] gives the atoms of a their
			// values, except atom skip.
			matches := func(i, skip int) bool {
				for j, l := range lits {
					if j != skip && l.tab[i] != l.val {
						return false
					}
				}
				return true
			}
			consistent := false
			for i := range values {
				if matches(i, -1) {
					consistent = true
					require.Equal(t, want, cond[i], "%v at x = %v", a, values[i])
				}
			}
			require.True(t, consistent, "%v", a)
			for j := range lits {
				weaker := false
				for i := range values {
					if matches(i, j) && cond[i] != want {
						weaker = true
						break
					}
				}
				require.True(t, weaker, "%v without %s still suffices: not minimal", a, lits[j].atom)
			}
		}
	}
}

// Takes ran to its end however long that took, and could not be stopped.
// Its work is bounded by a budget of steps (a refusal within about a
// second), and TakesContext stops it when its context is cancelled.
func TestTakesCouldNotBeStopped(t *testing.T) {
	var parties []string
	for i := range 30 {
		parties = append(parties, fmt.Sprintf("ratified.p%02d", i))
	}
	// C(30, 10) = 30,045,015 minimal assignments.
	e := MustParse("atleast(10, " + strings.Join(parties, ", ") + ")")
	_, err := Takes(e, nil, True)
	var ce *Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, CodeLimit, ce.Code)
	assert.Contains(t, ce.Msg, "condition too large for exact analysis: 30 atoms (more than")

	ctx := &countingCtx{Context: context.Background()}
	ctx.n.Store(5)
	_, err = TakesContext(ctx, e, nil, True)
	assert.ErrorIs(t, err, context.Canceled, "stopped at the fifth poll")
	assert.LessOrEqual(t, ctx.calls.Load(), int64(6), "it stops at the poll that reports cancellation")

	done, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = TakesContext(done, MustParse("a or b"), nil, True)
	assert.ErrorIs(t, err, context.Canceled, "a cancelled context stops even a small analysis")

	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	_, err = TakesContext(expired, e, nil, False)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
