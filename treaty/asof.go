package treaty

// The evaluation date in conditions.
//
// A condition may read the reserved fact asof (conditions.AsOf): the date
// on which it is evaluated. Every date the evaluator looks at gets its own
// asof, not only the report's as-of date, so "asof >= ratified + 30d"
// turns true thirty days after ratification however the timeline is cut.
// Its value changes every day, so the segment engine (temporal.go) cannot
// treat it as a fact with a history: instead, for each part that reads
// asof, it asks package conditions on which days the part's value may
// change as asof moves while its other facts stay fixed
// (conditions.AsOfChanges), fact segment by fact segment, and adds those
// days to the part's segment bounds and to the candidates for since. The
// cost is one AsOfChanges call per fact segment of the part: linear in the
// scenario's size, with a logarithmic search inside.

import (
	"slices"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/calendar"
)

// readsAsOf reports whether e reads the evaluation date.
func readsAsOf(e conditions.Expr) bool {
	_, ok := slices.BinarySearch(e.Facts(), conditions.AsOf)
	return ok
}

// factAt returns the value of fact name on day d and the first and last
// days of the run of days around d on which it has that value. The
// evaluation date asof is d itself, a run of one day.
func (ev *evaluator) factAt(name string, d day) (v any, lo, hi day) {
	if name == conditions.AsOf {
		return dateOfDay(d).t, d, d
	}
	return ev.facts[name].at(d)
}

// asofDays returns, ascending, the days on which the value of part p may
// change because the evaluation date moves (see the file comment); nil
// when p does not read asof. It is computed once per evaluator.
func (ev *evaluator) asofDays(p *part) []day {
	if p == nil || !p.asof {
		return nil
	}
	if ds, ok := ev.asofMemo[p]; ok {
		return ds
	}
	first, last := dayOf(Date{calendar.Min, true}), dayOf(Date{calendar.Max, true})
	// The fact segments of p: the days its other facts change.
	cuts := []day{first}
	for _, name := range p.expr.Facts() {
		if tl := ev.facts[name]; tl != nil && name != conditions.AsOf {
			for _, d := range tl.dates {
				if d > first && d <= last {
					cuts = append(cuts, d)
				}
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []day
	f := conditions.Facts{}
	for i, lo := range cuts {
		hi := last
		if i+1 < len(cuts) {
			hi = cuts[i+1] - 1
		}
		clear(f)
		for _, name := range p.expr.Facts() {
			if v := ev.facts[name].value(lo); v != nil && name != conditions.AsOf {
				f[name] = v
			}
		}
		ds, err := conditions.AsOfChanges(p.expr, f, dateOfDay(lo).t, dateOfDay(hi).t)
		if err != nil {
			continue // the part's evaluation reports it
		}
		for _, t := range ds {
			out = append(out, dayOf(Date{t, true}))
		}
	}
	if ev.asofMemo == nil {
		ev.asofMemo = map[*part][]day{}
	}
	ev.asofMemo[p] = out
	return out
}

// asofRun narrows the run of days [lo, hi] around d to the days on which
// the value of part p cannot change because of asof.
func (ev *evaluator) asofRun(p *part, d, lo, hi day) (day, day) {
	ds := ev.asofDays(p)
	if len(ds) == 0 {
		return lo, hi
	}
	i := upper(ds, d)
	if i > 0 {
		lo = max(lo, ds[i-1])
	}
	if i < len(ds) {
		hi = min(hi, ds[i]-1)
	}
	return lo, hi
}

// addAsOfDays adds the days on which part p may change because the
// evaluation date moves to the track's segment bounds (through add) and
// to its candidates for since. tr.asofDays is sorted once all are added.
func (tr *track) addAsOfDays(p *part, add func(Date)) {
	for _, d := range tr.ev.asofDays(p) {
		add(dateOfDay(d))
		tr.asofDays = append(tr.asofDays, d)
	}
}
