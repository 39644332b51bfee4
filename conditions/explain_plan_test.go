package conditions

import (
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestPlanMatchesTree checks the explaining evaluator's two paths against
// each other on random conditions and facts: where the plan evaluates
// (no error), its Result, explanation included, is the tree evaluator's.
func TestPlanMatchesTree(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(11, 12))}
	planned, fellBack := 0, 0
	for range 3000 {
		e := g.expr(t)
		ti, errs := e.inferred()
		if len(errs) > 0 {
			continue
		}
		p := e.plan(ti)
		for range 4 {
			f := progFlatFacts(g.r)
			want, wantErr := evalTree(e, ti, f)
			if p == nil {
				continue
			}
			got, ok := p.eval(f)
			if !ok {
				if wantErr == nil {
					t.Fatalf("%s\nfacts %v: the plan gave up, the tree evaluator did not", e, f)
				}
				fellBack++
				continue
			}
			planned++
			if wantErr != nil {
				t.Fatalf("%s\nfacts %v: the plan evaluated, the tree evaluator failed: %v", e, f, wantErr)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("%s\nfacts %v: plan and tree differ (-tree +plan):\n%s", e, f, d)
			}
		}
	}
	t.Logf("%d evaluations by the plan, %d handed to the tree evaluator", planned, fellBack)
	if planned < 2000 || fellBack == 0 {
		t.Errorf("the random conditions exercise the plan %d times and the fallback %d times: want many and some", planned, fellBack)
	}
}

// TestFormatDate checks formatDate against time.Format over the days the
// language's dates can take and around the edges of four-digit years.
func TestFormatDate(t *testing.T) {
	check := func(days int64) {
		t.Helper()
		want := ast.TimeOf(days).Format("2006-01-02")
		if got := formatDate(days); got != want {
			t.Fatalf("formatDate(%d) = %q, want %q (time.Format)", days, got, want)
		}
	}
	first, last := ast.DaysOf(time.Date(-2, 1, 1, 0, 0, 0, 0, time.UTC)), ast.DaysOf(time.Date(10001, 12, 31, 0, 0, 0, 0, time.UTC))
	for d := first; d <= first+1200; d++ {
		check(d) // negative years, year 0 and the first years
	}
	for d := last - 1200; d <= last; d++ {
		check(d) // 9999 and the five-digit years after
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		check(first + r.Int64N(last-first))
	}
}

// TestPlanSharedLeavesStay checks that the leaves the plan shares between
// evaluations (boolean facts) are never changed by a later evaluation:
// results kept from earlier evaluations still equal the tree evaluator's
// after the same conditions were evaluated with other facts.
func TestPlanSharedLeavesStay(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(13, 14))}
	type kept struct {
		e    Expr
		f    Facts
		got  Result
		want Result
	}
	var all []kept
	for range 500 {
		e := g.expr(t)
		ti, errs := e.inferred()
		if len(errs) > 0 || e.plan(ti) == nil {
			continue
		}
		for range 4 {
			f := progFlatFacts(g.r)
			got, ok := e.plan(ti).eval(f)
			if !ok {
				continue
			}
			want, err := evalTree(e, ti, f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, kept{e, f, got, want})
		}
	}
	if len(all) < 500 {
		t.Fatalf("only %d planned evaluations: the random conditions do not exercise the plan", len(all))
	}
	for _, k := range all {
		if d := cmp.Diff(k.want, k.got); d != "" {
			t.Fatalf("%s\nfacts %v: a kept result changed after later evaluations (-tree +plan):\n%s", k.e, k.f, d)
		}
	}
}

// TestPlanSharesBoolLeaves checks the sharing the Explanation doc
// announces: two evaluations that give a boolean fact's leaf the same value
// and decisiveness return the same node.
func TestPlanSharesBoolLeaves(t *testing.T) {
	e := MustParse("a and b")
	r1, err := Eval(e, Facts{"a": true, "b": false})
	require.NoError(t, err)
	r2, err := Eval(e, Facts{"a": true, "b": false})
	require.NoError(t, err)
	if r1.Explanation == r2.Explanation {
		t.Error("the root of two evaluations is one node: it must be the caller's")
	}
	if r1.Explanation.Children[1] != r2.Explanation.Children[1] {
		t.Error("the leaf b (false, decisive) is not shared between evaluations")
	}
}
