package treaty

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// SweepSpec chooses the fact space of a [Sweep].
type SweepSpec struct {
	// Vary lists boolean facts to enumerate: every assignment of true and
	// false to them is one scenario.
	Vary []string `json:"vary"`
	// Values gives other facts a list of values each (JSON-style values:
	// bool, number, string, "YYYY-MM-DD" or time.Time for dates, nil for
	// unknown); every combination is crossed with every assignment of Vary.
	Values map[string][]any `json:"values,omitempty"`
	// Disagreements is how many scenarios where readings disagree to list,
	// per sweep, lowest scenario number first; 0 lists none (they are still
	// counted). It must not be negative.
	Disagreements int `json:"disagreements,omitempty"`
	// Progress, if set, is called with the number of scenarios done and the
	// total, from one goroutine at a time, a few times a second and once at
	// the end.
	Progress func(done, total uint64) `json:"-"`
}

// SweepSchema is the version tag of a [SweepResult] in JSON.
const SweepSchema = "treatycond.sweep/v2"

// SweepResult counts statuses over a fact space.
//
// In JSON it is versioned by "schema": "treatycond.sweep/v2"; the JSON
// Schema is JSONSchema("sweep"). [SweepResult.WriteText] renders it as a
// table.
type SweepResult struct {
	// Schema is SweepSchema.
	Schema string `json:"schema"`
	Model  string `json:"model"`
	// Scenario is the id of the scenario the sweep started from.
	Scenario string `json:"scenario,omitempty"`
	AsOf     Date   `json:"as_of"`
	// Vary and Values are the fact space, as in [SweepSpec]: the bool
	// facts in Vary take true and false, the facts in Values their listed
	// values (dates as [Date]).
	Vary   []string         `json:"vary"`
	Values map[string][]any `json:"values"`
	// Scenarios is the size of the fact space.
	Scenarios uint64 `json:"scenarios"`
	// Evaluated is the number of scenarios counted: Scenarios, unless the
	// sweep was interrupted.
	Evaluated uint64 `json:"evaluated"`
	// Partial is set when the sweep was interrupted: the counts cover only
	// the Evaluated scenarios, and the listed disagreements are not
	// necessarily the lowest numbered.
	Partial bool `json:"partial,omitempty"`
	// Counts has one entry per clause and reading, in report order.
	Counts []SweepCount `json:"counts"`
	// Disagreeing counts, per clause, the scenarios where its readings'
	// statuses differ.
	Disagreeing []ClauseCount `json:"disagreeing"`
	// Disagreements lists up to SweepSpec.Disagreements such scenarios.
	Disagreements []SweepPoint `json:"disagreements"`
}

// SweepCount is how many scenarios gave each status to a clause under a
// reading.
type SweepCount struct {
	Clause   string            `json:"clause"`
	Reading  string            `json:"reading"`
	Statuses map[Status]uint64 `json:"statuses"`
}

// ClauseCount is a number of scenarios for a clause.
type ClauseCount struct {
	Clause    string `json:"clause"`
	Scenarios uint64 `json:"scenarios"`
}

// SweepPoint is one scenario of a sweep where readings disagree.
type SweepPoint struct {
	// Index numbers the scenario: bit j of its low part is Vary[j]; the
	// high part counts through Values in order of fact name.
	Index  uint64 `json:"index"`
	Clause string `json:"clause"`
	// Facts gives the varied facts' values in the scenario (dates as
	// [Date]).
	Facts    map[string]any  `json:"facts"`
	Statuses []ReadingStatus `json:"statuses"`
}

// Sweep evaluates m over every scenario of the fact space spec describes,
// starting from the facts of s as of its date (or [AsOf]), and counts the
// statuses of each clause under each reading (or those chosen with
// [ForReadings] and [ForClauses]).
//
// Each scenario gets exactly the status [Evaluate] would give it. Clauses
// whose status depends only on their condition and performance fact are
// evaluated with compiled programs, 64 scenarios per machine word; clauses
// with deadlines or start dates measured from facts or from the date they
// became due are evaluated one scenario at a time. Sweep uses every CPU
// and gives the same result on every run. It never modifies m, s or spec.
//
// When ctx is cancelled, Sweep stops and returns both an error with
// [CodeCanceled] and the counts of the scenarios evaluated so far, marked
// Partial (which scenarios those are depends on the scheduling).
//
// The fact space has 2^len(spec.Vary) times the product of the lengths of
// the lists in spec.Values scenarios. At most 40 facts can be varied, the
// lists may give at most 2^32 combinations, and the whole space must have
// fewer than 2^64 scenarios, so that every count fits in a uint64; a
// larger space is an error, as is a negative spec.Disagreements.
func Sweep(ctx context.Context, m *Model, s *Scenario, spec SweepSpec, opts ...SweepOption) (*SweepResult, error) {
	var cfg evalConfig
	for _, o := range opts {
		o.applySweep(&cfg)
	}
	ev, asOf, err := newEvaluator(ctx, m, s, cfg)
	if err != nil {
		return nil, err
	}
	readings, err := ev.ix.selectReadings(cfg.readings)
	if err != nil {
		return nil, err
	}
	clauses, err := ev.ix.selectClauses(cfg.clauses)
	if err != nil {
		return nil, err
	}
	sw, err := newSweeper(ev, asOf, spec, readings, clauses)
	if err != nil {
		return nil, err
	}
	res, err := sw.run(ctx)
	if res != nil {
		res.describe(s, spec)
	}
	return res, err
}

// sweepError returns an error about spec, at the JSON Pointer path into
// the SweepSpec.
func sweepError(code Code, path, format string, args ...any) *Error {
	return &Error{Code: code, Path: path, Msg: "sweep: " + fmt.Sprintf(format, args...)}
}

// statuses in a fixed order, for masks.
var allStatuses = [...]Status{NotInForce, NotDue, Undetermined, Due, Fulfilled, Violated,
	Available, Exercised, Effective, Blocked, Lapsed}

const nStatus = len(allStatuses)

// Mask slots after the statuses: lanes where the condition is true, false.
const (
	maskTrue = nStatus + iota
	maskFalse
	nMasks
)

// plan is how to compute one clause under one reading.
type plan struct {
	clause, reading string
	r               *Reading
	cr              clauseRef
	// constant, if not "", is the status of every scenario.
	constant Status
	// slow plans are evaluated scenario by scenario.
	slow     bool
	cond     *conditions.Program
	perf     *conditions.Program // nil: no performance fact
	kind     Deontic
	pastDead bool // a fixed deadline has passed
}

type sweeper struct {
	ev       *evaluator
	asOf     Date
	spec     SweepSpec
	schema   *conditions.Schema
	base     conditions.Facts
	vary     []int // slots of Vary
	lists    []valueList
	blocks   uint64
	combos   uint64
	total    uint64
	plans    []plan
	clauses  []string // clause ids in order, for disagreements
	byClause [][]int  // plan indexes per clause
	// entries are the instruments whose entry into force the swept facts
	// may change (see sweptEntries in bound.go).
	entries map[string]bool
}

type valueList struct {
	name   string
	values []any // converted for package conditions
}

func newSweeper(ev *evaluator, asOf Date, spec SweepSpec, readings []Reading, clauses []clauseRef) (*sweeper, error) {
	if spec.Disagreements < 0 {
		return nil, sweepError(CodeSchema, "/disagreements", "Disagreements is %d; want 0 or more examples", spec.Disagreements)
	}
	schema, err := conditions.NewSchema(fields(ev.ix.m.Facts)...)
	if err != nil {
		return nil, &Error{Code: CodeSchema, Path: "/facts", Msg: fmt.Sprintf("model %q: %v", ev.ix.m.ID, err), Err: err}
	}
	sw := &sweeper{ev: ev, asOf: asOf, spec: spec, schema: schema, base: ev.factsAt(asOf)}
	seen := map[string]bool{}
	for j, name := range spec.Vary {
		f, ok := schema.Lookup(name)
		path := fmt.Sprintf("/vary/%d", j)
		switch {
		case !ok:
			return nil, sweepError(CodeUnknownFact, path, "no fact %q in model %q", name, ev.ix.m.ID)
		case f.Type != conditions.Bool:
			return nil, sweepError(CodeSchema, path, "fact %q is a %s; only bool facts can be varied (give other facts a list of values)", name, f.Type)
		case seen[name]:
			return nil, sweepError(CodeDuplicateID, path, "fact %q is varied twice", name)
		}
		seen[name] = true
		i, _ := schema.Index(name)
		sw.vary = append(sw.vary, i)
	}
	if len(sw.vary) > 40 {
		return nil, sweepError(CodeLimit, "/vary", "%d varied facts make too many scenarios (at most 40)", len(sw.vary))
	}
	sw.blocks = conditions.Blocks(len(sw.vary))
	sw.combos = 1
	names := make([]string, 0, len(spec.Values))
	for name := range spec.Values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f, ok := schema.Lookup(name)
		path := jsonpos.Append("/values", name)
		switch {
		case !ok:
			return nil, sweepError(CodeUnknownFact, path, "no fact %q in model %q", name, ev.ix.m.ID)
		case seen[name]:
			return nil, sweepError(CodeDuplicateID, path, "fact %q is both varied and given values", name)
		case len(spec.Values[name]) == 0:
			return nil, sweepError(CodeSchema, path, "fact %q has an empty list of values", name)
		}
		vl := valueList{name: name}
		for k, v := range spec.Values[name] {
			cv, err := ev.convertFact(fmt.Sprintf("%s/%d", path, k), name, f.Type, v)
			if err != nil {
				err.(*Error).Scenario = ""
				return nil, err
			}
			vl.values = append(vl.values, cv)
		}
		if sw.combos > math.MaxUint32/uint64(len(vl.values)) {
			return nil, sweepError(CodeLimit, "/values", "too many value combinations")
		}
		sw.combos *= uint64(len(vl.values))
		sw.lists = append(sw.lists, vl)
	}
	// The total must fit in a uint64, as must every count and scenario
	// number below it.
	hi, total := bits.Mul64(uint64(1)<<len(sw.vary), sw.combos)
	if hi != 0 {
		return nil, sweepError(CodeLimit, "", "too many scenarios: 2^%d assignments of the varied facts times %d combinations of listed values is 2^64 or more (a sweep counts at most 2^64-1)",
			len(sw.vary), sw.combos)
	}
	sw.total = total
	swept := map[string]bool{}
	for _, name := range spec.Vary {
		swept[name] = true
	}
	for name := range spec.Values {
		swept[name] = true
	}
	sw.entries = sweptEntries(ev.ix.m, swept)
	for _, cr := range clauses {
		sw.clauses = append(sw.clauses, cr.c.ID)
		var idx []int
		for i := range readings {
			p, err := sw.plan(&readings[i], cr)
			if err != nil {
				return nil, err
			}
			idx = append(idx, len(sw.plans))
			sw.plans = append(sw.plans, p)
		}
		sw.byClause = append(sw.byClause, idx)
	}
	return sw, nil
}

// plan decides how to evaluate cr under r over the sweep.
func (sw *sweeper) plan(r *Reading, cr clauseRef) (plan, error) {
	p := plan{clause: cr.c.ID, reading: readingID(r), r: r, cr: cr, kind: cr.c.Kind}
	if len(sw.ev.ix.powers) > 0 {
		p.slow = true // powers' outcomes depend on fact histories: see power.go
		return p, nil
	}
	cond, _, _, out := sw.ev.condition(r, cr, sw.asOf)
	if dependsOnEntry(sw.entries, cr, cond) {
		// The swept facts may move an entry into force this clause
		// depends on: evaluated one scenario at a time.
		p.slow = true
		return p, nil
	}
	if out == "" && sw.ev.forReading(r) != sw.ev {
		// The reading's own facts (readingfacts.go) may be defined from
		// the varied ones: evaluated one scenario at a time.
		p.slow = true
		return p, nil
	}
	if out != "" {
		if _, ended := sw.ev.endAt(r, cr, sw.asOf); ended || sw.ev.ix.entry[cr.inst] != nil {
			// The status on the last day in force may last; an entry
			// into force on a condition may depend on the swept facts.
			p.slow = true
			return p, nil
		}
		p.constant = NotInForce
		return p, nil
	}
	if w := cr.c.NotBefore; w != nil {
		if w.Date.IsZero() && !slices.Contains([]string{"", "in_force", "signed"}, w.From) {
			p.slow = true
			return p, nil
		}
		start, _ := sw.ev.resolve(w, cr, Date{}, nil, "in_force")
		if !start.IsZero() && sw.asOf.Before(start) {
			p.constant = NotDue
			return p, nil
		}
	}
	if w := cr.c.Deadline; w != nil {
		if w.Date.IsZero() && !slices.Contains([]string{"in_force", "signed"}, w.From) {
			p.slow = true
			return p, nil
		}
		dl, _ := sw.ev.resolve(w, cr, Date{}, nil, "due")
		p.pastDead = !dl.IsZero() && sw.asOf.After(dl)
	}
	var err error
	if p.cond, err = conditions.Compile(cond, sw.schema); err != nil {
		return p, &Error{Code: CodeCondition, Clause: cr.c.ID, Reading: p.reading, Date: sw.asOf,
			Msg: fmt.Sprintf("condition %s: %v", cond, err), Err: err}
	}
	if name := cr.c.Performed; name != "" {
		e, err := conditions.Parse(name)
		if err == nil {
			p.perf, err = conditions.Compile(e, sw.schema)
		}
		if err != nil {
			return p, &Error{Code: CodeCondition, Clause: cr.c.ID, Reading: p.reading,
				Msg: fmt.Sprintf("performance fact %q: %v", name, err), Err: err}
		}
	}
	return p, nil
}

// tally is one worker's counts.
type tally struct {
	counts   [][nStatus]uint64 // per plan
	disagree []uint64          // per clause
	points   []SweepPoint
}

func (sw *sweeper) run(ctx context.Context) (*SweepResult, error) {
	units := sw.combos * sw.blocks
	workers := min(uint64(runtime.GOMAXPROCS(0)), units)
	var next, done atomic.Uint64
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tallies := make([]*tally, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		t := &tally{counts: make([][nStatus]uint64, len(sw.plans)), disagree: make([]uint64, len(sw.clauses))}
		tallies[w] = t
		wg.Go(func() {
			batch := conditions.NewBatch(sw.schema)
			if err := batch.FromFacts(sw.base); err != nil {
				errs[w] = &Error{Code: CodeSchema, Msg: "sweep: " + err.Error(), Err: err}
				cancel()
				return
			}
			masks := make([][nMasks]uint64, len(sw.plans))
			for {
				u := next.Add(1) - 1
				if u >= units || ctx.Err() != nil {
					return
				}
				n, err := sw.unit(batch, u, masks, t)
				if err != nil {
					errs[w] = err
					cancel()
					return
				}
				done.Add(n)
			}
		})
	}
	stop := make(chan struct{})
	var pwg sync.WaitGroup
	if sw.spec.Progress != nil {
		pwg.Go(func() {
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					sw.spec.Progress(min(done.Load(), sw.total), sw.total)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	pwg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	interrupted := ctx.Err()
	if sw.spec.Progress != nil && interrupted == nil {
		sw.spec.Progress(sw.total, sw.total)
	}
	// Workers stop between units, so the tallies hold whole units: after an
	// interruption they count the scenarios evaluated so far.
	res := &SweepResult{Model: sw.ev.ix.m.ID, AsOf: sw.asOf, Scenarios: sw.total, Evaluated: min(done.Load(), sw.total),
		Partial: interrupted != nil, Counts: []SweepCount{}, Disagreeing: []ClauseCount{}, Disagreements: []SweepPoint{}}
	for i, p := range sw.plans {
		c := SweepCount{Clause: p.clause, Reading: p.reading, Statuses: map[Status]uint64{}}
		for _, t := range tallies {
			for k, n := range t.counts[i] {
				if n > 0 {
					c.Statuses[allStatuses[k]] += n
				}
			}
		}
		res.Counts = append(res.Counts, c)
	}
	for ci, id := range sw.clauses {
		var n uint64
		for _, t := range tallies {
			n += t.disagree[ci]
		}
		res.Disagreeing = append(res.Disagreeing, ClauseCount{Clause: id, Scenarios: n})
	}
	for _, t := range tallies {
		res.Disagreements = append(res.Disagreements, t.points...)
	}
	// Each worker kept its first points; the lowest numbered overall are
	// among them, whatever the scheduling.
	slices.SortFunc(res.Disagreements, func(a, b SweepPoint) int {
		return cmp.Or(cmp.Compare(a.Index, b.Index), cmp.Compare(slices.Index(sw.clauses, a.Clause), slices.Index(sw.clauses, b.Clause)))
	})
	if len(res.Disagreements) > sw.spec.Disagreements {
		res.Disagreements = res.Disagreements[:sw.spec.Disagreements]
	}
	if interrupted != nil {
		return res, canceledError(interrupted)
	}
	return res, nil
}

// unit evaluates work unit u: one combination of listed values and one
// block of 64 assignments of the varied facts.
func (sw *sweeper) unit(b *conditions.Batch, u uint64, masks [][nMasks]uint64, t *tally) (uint64, error) {
	combo, block := u/sw.blocks, u%sw.blocks
	c := combo
	for _, vl := range sw.lists {
		n := uint64(len(vl.values))
		if err := b.Set(vl.name, vl.values[c%n]); err != nil {
			return 0, &Error{Code: CodeSchema, Path: jsonpos.Append("/values", vl.name), Msg: "sweep: " + err.Error(), Err: err}
		}
		c /= n
	}
	valid, err := b.Enumerate(sw.vary, block)
	if err != nil {
		return 0, &Error{Code: CodeSchema, Path: "/vary", Msg: "sweep: " + err.Error(), Err: err}
	}
	base := combo<<len(sw.vary) | block*conditions.Lanes
	for i := range sw.plans {
		if err := sw.masks(b, &sw.plans[i], valid, base, &masks[i]); err != nil {
			return 0, err
		}
		for k := range nStatus {
			t.counts[i][k] += uint64(bits.OnesCount64(masks[i][k] & valid))
		}
	}
	for ci, idx := range sw.byClause {
		var agree uint64
		for k := range nStatus {
			all := valid
			for _, pi := range idx {
				all &= masks[pi][k]
			}
			agree |= all
		}
		dis := valid &^ agree
		t.disagree[ci] += uint64(bits.OnesCount64(dis))
		for dis != 0 && len(t.points) < sw.spec.Disagreements {
			lane := bits.TrailingZeros64(dis)
			dis &^= 1 << lane
			pt := SweepPoint{Index: base + uint64(lane), Clause: sw.clauses[ci], Facts: sw.pointFacts(base + uint64(lane))}
			for _, pi := range idx {
				for k := range nStatus {
					if masks[pi][k]&(1<<lane) != 0 {
						v := conditions.Unknown
						switch {
						case masks[pi][maskTrue]&(1<<lane) != 0:
							v = conditions.True
						case masks[pi][maskFalse]&(1<<lane) != 0:
							v = conditions.False
						}
						pt.Statuses = append(pt.Statuses, ReadingStatus{Reading: sw.plans[pi].reading, Status: allStatuses[k], Value: v})
					}
				}
			}
			t.points = append(t.points, pt)
		}
	}
	return uint64(bits.OnesCount64(valid)), nil
}

// masks computes, for each status, the lanes of b that have it under p.
func (sw *sweeper) masks(b *conditions.Batch, p *plan, valid, base uint64, out *[nMasks]uint64) error {
	*out = [nMasks]uint64{}
	if p.constant != "" {
		out[slices.Index(allStatuses[:], p.constant)] = valid
		return nil
	}
	if p.slow {
		for lane := range conditions.Lanes {
			if valid&(1<<lane) == 0 {
				continue
			}
			st, err := sw.slowState(p, base+uint64(lane))
			if err != nil {
				return err
			}
			out[slices.Index(allStatuses[:], st.status)] |= 1 << lane
			switch st.value {
			case conditions.True:
				out[maskTrue] |= 1 << lane
			case conditions.False:
				out[maskFalse] |= 1 << lane
			}
		}
		return nil
	}
	ct, cf, err := p.cond.EvalBatch(b)
	if err != nil {
		return &Error{Code: CodeCondition, Clause: p.clause, Reading: p.reading, Date: sw.asOf,
			Msg: fmt.Sprintf("condition %s: %v", p.cond.Expr(), err), Err: err}
	}
	var pt, pf uint64
	if p.perf != nil {
		if pt, pf, err = p.perf.EvalBatch(b); err != nil {
			return err
		}
	}
	out[maskTrue], out[maskFalse] = ct, cf
	cu := valid &^ (ct | cf)
	out[1] = cf      // not_due
	out[2] = cu      // undetermined
	rest := ct &^ pt // condition holds, not performed (or unknown)
	switch p.kind {
	case Prohibition:
		out[5] = ct & pt // violated
		out[3] = rest    // due
	case Permission:
		out[4] = ct & pt
		out[3] = rest
	default:
		out[4] = ct & pt
		if p.pastDead {
			out[5] = rest & pf
			out[2] |= rest &^ pf
		} else {
			out[3] = rest
		}
	}
	return nil
}

// pointFacts returns the varied and listed facts of scenario i.
func (sw *sweeper) pointFacts(i uint64) map[string]any {
	f := map[string]any{}
	for j := range sw.vary {
		f[sw.spec.Vary[j]] = i&(1<<j) != 0
	}
	c := i >> len(sw.vary)
	for _, vl := range sw.lists {
		n := uint64(len(vl.values))
		f[vl.name] = vl.values[c%n]
		c /= n
	}
	return f
}

// slowState evaluates p on scenario i with the full evaluator, the varied
// and listed facts holding throughout.
func (sw *sweeper) slowState(p *plan, i uint64) (state, error) {
	return sw.ev.withFacts(sw.pointFacts(i)).state(p.r, p.cr, sw.asOf, true)
}
