package treaty

// The property: evaluating a model with exceptions gives, for every reading,
// the results of evaluating a plain model without exceptions that expands
// them by hand.
//
// The expansion of model m for reading R is m without exceptions and
// priorities, with R as its only reading, and, for every clause C and
// every run [D_i, D_i+1) between consecutive dates of m (every date an
// instrument, relation or rejection mentions; the last run is open), one
// more instrument X, party R's party, in force on D_i and terminated on
// D_i+1, whose relation adds_condition to C the condition
//
//	not applies(E1) and ... and not applies(Ek)
//
// for the exceptions E1..Ek that bear on C under R on D_i, where
//
//	applies(E) = cond(E) and not (applies(F1) or ... or applies(Fj))
//
// over the exceptions F1..Fj that bear on E; an exception E bears on a
// provision P when E names P (or, for a clause, its instrument), E's
// instrument is in force on D_i and counted by R (accepted, not rejected,
// not terminated, superseded or suspended by a relation R counts), and R
// ranks E at least as high as P (R's priority for a provision, else the
// exception's own priority, or 0 for a clause).
//
// Nothing the exceptions depend on changes inside a run, so the added
// condition is the exceptions' contribution on every day of the run. The
// status mapping is the plain one: an applying exception makes the
// conjunct false, hence the clause not_due; an unknown one makes it
// unknown, hence undetermined with the exception's facts missing; the
// clause's own false condition keeps it not_due.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/treatycond/treatycond/conditions"
)

// addRandomExceptions adds exceptions to m, and readings with priorities.
func addRandomExceptions(rng *rand.Rand, m *Model) {
	var clauses, insts, excs []string
	for _, inst := range m.Instruments {
		insts = append(insts, inst.ID)
		for _, c := range inst.Clauses {
			clauses = append(clauses, c.ID)
		}
	}
	conds := []string{"", "a", "not b", "c and a", "n > 3", "q", "a or c", "b"}
	for e := range 1 + rng.IntN(4) {
		x := Exception{ID: fmt.Sprintf("x%d", e), Priority: rng.IntN(3) - 1}
		if src := conds[rng.IntN(len(conds))]; src != "" {
			x.Condition = conditions.MustParse(src)
		}
		for range 1 + rng.IntN(2) {
			var t string
			switch k := rng.IntN(6); {
			case k < 3 && len(clauses) > 0:
				t = clauses[rng.IntN(len(clauses))]
			case k < 5 && len(excs) > 0:
				t = excs[rng.IntN(len(excs))]
			default:
				t = insts[rng.IntN(len(insts))]
			}
			if !slices.Contains(x.Overrides, t) {
				x.Overrides = append(x.Overrides, t)
			}
		}
		i := rng.IntN(len(m.Instruments))
		m.Instruments[i].Exceptions = append(m.Instruments[i].Exceptions, x)
		excs = append(excs, x.ID)
	}
	if len(m.Readings) == 0 {
		for _, p := range m.Parties {
			m.Readings = append(m.Readings, Reading{ID: p.ID, Party: p.ID})
		}
	}
	provisions := append(slices.Clone(clauses), excs...)
	for i := range m.Readings {
		for _, p := range provisions {
			if rng.IntN(3) == 0 {
				m.Readings[i].Priorities = append(m.Readings[i].Priorities, Priority{Provision: p, Priority: rng.IntN(3) - 1})
			}
		}
	}
}

// expandExceptions returns the expansion of m for reading r (see the top
// of this file), written without the engine's exception code.
func expandExceptions(t *testing.T, m *Model, s *Scenario, r Reading) *Model {
	t.Helper()
	ref, err := newRefEval(m, s)
	if err != nil {
		t.Fatal(err)
	}
	type exc struct {
		inst *Instrument
		e    *Exception
	}
	var all []exc
	var dates []Date
	add := func(d Date) {
		if !d.IsZero() {
			dates = append(dates, d)
		}
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		add(inst.Signed)
		add(inst.InForce)
		add(inst.Terminated)
		for _, rel := range inst.Relations {
			add(rel.From)
			add(rel.Until)
		}
		for j := range inst.Exceptions {
			all = append(all, exc{inst, &inst.Exceptions[j]})
		}
	}
	for _, rej := range r.Rejects {
		add(rej.Date)
	}
	slices.SortFunc(dates, Date.Compare)
	dates = slices.CompactFunc(dates, Date.Equal)

	rankOf := func(id string, def int) int {
		for _, p := range r.Priorities {
			if p.Provision == id {
				return p.Priority
			}
		}
		return def
	}
	inForce := func(inst *Instrument, d Date) bool {
		if ok, _ := ref.accepts(&r, inst, d); !ok {
			return false
		}
		eff := inst.InForce
		if eff.IsZero() {
			eff = inst.Signed
		}
		if eff.IsZero() || d.Before(eff) || !inst.Terminated.IsZero() && !d.Before(inst.Terminated) {
			return false
		}
		for i := range m.Instruments {
			src := &m.Instruments[i]
			for _, rel := range src.Relations {
				if rel.Target != inst.ID {
					continue
				}
				from := rel.From
				if from.IsZero() {
					from = src.InForce
					if from.IsZero() {
						from = src.Signed
					}
				}
				if from.IsZero() || d.Before(from) {
					continue
				}
				if ok, _ := ref.accepts(&r, src, d); !ok {
					continue
				}
				srcEnded := !src.Terminated.IsZero() && !d.Before(src.Terminated)
				switch rel.Kind {
				case Terminates, Supersedes:
					return false
				case Suspends:
					if !srcEnded && (rel.Until.IsZero() || d.Before(rel.Until)) {
						return false
					}
				}
			}
		}
		return true
	}
	// bearing lists the exceptions that bear on provision id (of
	// instrument instID, for a clause) ranked k, on d.
	var bearing func(id, instID string, k int, d Date) []exc
	var applies func(x exc, d Date) conditions.Expr
	bearing = func(id, instID string, k int, d Date) []exc {
		var out []exc
		for _, x := range all {
			names := slices.Contains(x.e.Overrides, id) || instID != "" && slices.Contains(x.e.Overrides, instID)
			if names && inForce(x.inst, d) && rankOf(x.e.ID, x.e.Priority) >= k {
				out = append(out, x)
			}
		}
		return out
	}
	applies = func(x exc, d Date) conditions.Expr {
		by := bearing(x.e.ID, "", rankOf(x.e.ID, x.e.Priority), d)
		if len(by) == 0 {
			return x.e.Condition
		}
		var subs []conditions.Expr
		for _, y := range by {
			subs = append(subs, applies(y, d))
		}
		return conditions.And(x.e.Condition, conditions.Not(conditions.Or(subs...)))
	}

	out := cloneModel(m)
	out.Readings = []Reading{cloneReading(r)}
	out.Readings[0].Priorities = nil
	for i := range out.Instruments {
		out.Instruments[i].Exceptions = nil
	}
	n := 0
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			for i, d := range dates {
				var conj []conditions.Expr
				for _, x := range bearing(c.ID, inst.ID, rankOf(c.ID, 0), d) {
					conj = append(conj, conditions.Not(applies(x, d)))
				}
				if len(conj) == 0 {
					continue
				}
				x := Instrument{ID: fmt.Sprintf("expanded%d", n), Title: "expansion", Kind: KindAgreement,
					Parties: []string{r.Party}, InForce: d,
					Relations: []Relation{{Kind: AddsCondition, Target: c.ID, Condition: conditions.And(conj...)}}}
				if i+1 < len(dates) {
					x.Terminated = dates[i+1]
				}
				out.Instruments = append(out.Instruments, x)
				n++
			}
		}
	}
	return out
}

// TestExceptionsMatchExpansion checks the property on random small models
// (those of the differential test, with exceptions and priorities added),
// under every reading, as of random dates.
func TestExceptionsMatchExpansion(t *testing.T) {
	n := 400
	if testing.Short() || raceEnabled {
		n = 200
	}
	defer func(min int) { incrementalMin = min }(incrementalMin)
	type outcome struct {
		Status   Status
		Value    conditions.Truth
		Since    *Date
		Missing  []string
		Deadline *Date
		Ended    *Ending
	}
	compared, disapplied, undetermined := 0, 0, 0
	for seed := range n {
		rng := rand.New(rand.NewPCG(uint64(seed), 12))
		m, s := randomModel(rng)
		addRandomExceptions(rng, m)
		incrementalMin = 16
		if seed%2 == 1 {
			incrementalMin = 1
		}
		for _, r := range m.Readings {
			id := readingID(&r)
			got, err := Evaluate(m, s, ForReadings(id))
			plain := expandExceptions(t, m, s, r)
			want, wantErr := Evaluate(plain, s, ForReadings(id))
			if err != nil || wantErr != nil {
				if (err == nil) != (wantErr == nil) {
					t.Fatalf("seed %d reading %s: error %v, expansion's %v", seed, id, err, wantErr)
				}
				continue
			}
			for i, res := range got.Results {
				w := want.Results[i]
				g := outcome{res.Status, res.Value, res.Since, res.Missing, res.Deadline, res.Ended}
				e := outcome{w.Status, w.Value, w.Since, w.Missing, w.Deadline, w.Ended}
				if diff := gocmp.Diff(e, g, cmpopts.EquateEmpty()); diff != "" {
					data, _ := m.Encode()
					sdata, _ := s.Encode()
					t.Fatalf("seed %d reading %s clause %s: differs from the expansion (-want +got):\n%s\nreason: %s\nmodel:\n%s\nscenario:\n%s",
						seed, id, res.Clause, diff, res.Reason, data, sdata)
				}
				compared++
				for _, x := range res.Exceptions {
					switch x.Status {
					case ExceptionApplies:
						disapplied++
					case ExceptionUndetermined:
						undetermined++
					}
				}
			}
		}
	}
	// The random models exercise what the property is about.
	if compared < 200 || disapplied < n/20 || undetermined < n/40 {
		t.Fatalf("too few interesting cases: %d results, %d with an applying exception, %d with an undetermined one", compared, disapplied, undetermined)
	}
	t.Logf("%d results compared; %d applying, %d undetermined exceptions", compared, disapplied, undetermined)
}
