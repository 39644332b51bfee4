package bench

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Kind is the Go representation of a benchmark fact.
type Kind uint8

// Fact kinds. Int facts are whole numbers (treatycond: number; expr: int;
// cel: int). Float facts are decimals, and also the vote counts that take
// part in arithmetic (treatycond: number; expr: int or float64; cel:
// double, so that `0.5 * votes.cast` type-checks without conversions).
// Date facts are civil dates at midnight UTC (treatycond: date; expr:
// time.Time; cel: google.protobuf.Timestamp from a time.Time).
const (
	KindBool Kind = iota
	KindInt
	KindFloat
	KindDate
)

// Fact is one fact of a benchmark condition.
type Fact struct {
	Name string // dotted treatycond name, such as "peace_treaty.concluded"
	Kind Kind
}

// Case is one benchmark condition written once per engine. The sources are
// kept side by side so a reader can check they say the same thing; the
// agreement tests check it mechanically.
type Case struct {
	Name string
	// Source is the condition in the treatycond language.
	Source string
	// Expr is the same condition for expr-lang/expr. Dots in fact names
	// become "__" (the env is a flat map), and the date literal is a call of
	// civil_date, which the compiler folds into a constant (expr.ConstExpr).
	Expr string
	// CEL is the same condition for cel-go. Facts are declared with their
	// dotted names as qualified variables; the date is a timestamp literal
	// call, precomputed by cel.OptOptimize.
	CEL string
	// Facts lists every fact the condition reads.
	Facts []Fact
	// Go is the hand-written floor: plain Go over a struct of plain fields.
	Go func(*Scenario) bool
}

// Scenario holds every fact of every benchmark condition as plain Go
// fields. A condition reads only some of them.
type Scenario struct {
	PeaceTreatyConcluded        bool
	PeaceTreatyPublished        bool
	ForeignTroopsWithdrawn      bool
	PrisonersExchanged          bool
	PrisonersAmnestyGranted     bool
	SanctionsReimposed          bool
	HostilitiesResumed          bool
	BorderDemarcated            bool
	BorderCommissionEstablished bool
	BorderArbitrationAccepted   bool
	MonitoringMissionDeployed   bool
	ElectionsHeld               bool
	ElectionsScheduled          bool
	RefugeesReturnProgramme     bool
	DisarmamentCompleted        bool
	DisarmamentVerifiedProgress bool
	RatificationsCount          int
	TroopsRemaining             int
	ReparationsPaidShare        float64
	VotesYes, VotesCast         int
	CeasefireEffectiveOn        time.Time
}

// ceasefireDeadline is the date literal of C22 (@2025-06-30).
var ceasefireDeadline = time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC)

// field describes how one fact is read from a Scenario, written to it and
// drawn at random.
type field struct {
	kind Kind
	get  func(*Scenario) any
	set  func(*Scenario, any)
	// draw returns a value with the distribution used by the generator:
	// facts a condition needs true are true most of the time and facts it
	// needs false are rarely true, so that about half of the generated
	// scenarios satisfy C22 and every engine has to look at most of it.
	draw func(r *rand.Rand) any
}

func boolField(p float64, get func(*Scenario) *bool) field {
	return field{
		kind: KindBool,
		get:  func(s *Scenario) any { return *get(s) },
		set:  func(s *Scenario, v any) { *get(s) = v.(bool) },
		draw: func(r *rand.Rand) any { return r.Float64() < p },
	}
}

func intField(lo, hi int, get func(*Scenario) *int) field {
	return field{
		kind: KindInt,
		get:  func(s *Scenario) any { return *get(s) },
		set:  func(s *Scenario, v any) { *get(s) = v.(int) },
		draw: func(r *rand.Rand) any { return lo + r.IntN(hi-lo+1) },
	}
}

// fields maps each fact name to its accessors. The vote counts are
// KindFloat because they take part in arithmetic (see [KindFloat]); they are
// still whole numbers in the Scenario.
var fields = map[string]field{
	"peace_treaty.concluded":            boolField(0.97, func(s *Scenario) *bool { return &s.PeaceTreatyConcluded }),
	"peace_treaty.published":            boolField(0.97, func(s *Scenario) *bool { return &s.PeaceTreatyPublished }),
	"foreign_troops.withdrawn":          boolField(0.95, func(s *Scenario) *bool { return &s.ForeignTroopsWithdrawn }),
	"prisoners.exchanged":               boolField(0.7, func(s *Scenario) *bool { return &s.PrisonersExchanged }),
	"prisoners.amnesty_granted":         boolField(0.7, func(s *Scenario) *bool { return &s.PrisonersAmnestyGranted }),
	"sanctions.reimposed":               boolField(0.05, func(s *Scenario) *bool { return &s.SanctionsReimposed }),
	"hostilities.resumed":               boolField(0.03, func(s *Scenario) *bool { return &s.HostilitiesResumed }),
	"border.demarcated":                 boolField(0.6, func(s *Scenario) *bool { return &s.BorderDemarcated }),
	"border.commission_established":     boolField(0.8, func(s *Scenario) *bool { return &s.BorderCommissionEstablished }),
	"border.arbitration_accepted":       boolField(0.8, func(s *Scenario) *bool { return &s.BorderArbitrationAccepted }),
	"monitoring.mission_deployed":       boolField(0.97, func(s *Scenario) *bool { return &s.MonitoringMissionDeployed }),
	"elections.held":                    boolField(0.6, func(s *Scenario) *bool { return &s.ElectionsHeld }),
	"elections.scheduled":               boolField(0.7, func(s *Scenario) *bool { return &s.ElectionsScheduled }),
	"refugees.return_programme_adopted": boolField(0.97, func(s *Scenario) *bool { return &s.RefugeesReturnProgramme }),
	"disarmament.completed":             boolField(0.6, func(s *Scenario) *bool { return &s.DisarmamentCompleted }),
	"disarmament.verified_in_progress":  boolField(0.7, func(s *Scenario) *bool { return &s.DisarmamentVerifiedProgress }),
	"ratifications.count":               intField(36, 90, func(s *Scenario) *int { return &s.RatificationsCount }),
	"troops.remaining":                  intField(0, 540, func(s *Scenario) *int { return &s.TroopsRemaining }),
	"votes.yes":                         voteField(60, 190, func(s *Scenario) *int { return &s.VotesYes }),
	"votes.cast":                        voteField(120, 200, func(s *Scenario) *int { return &s.VotesCast }),
	"reparations.paid_share":            {kind: KindFloat, get: func(s *Scenario) any { return s.ReparationsPaidShare }, set: func(s *Scenario, v any) { s.ReparationsPaidShare = v.(float64) }, draw: func(r *rand.Rand) any { return float64(r.IntN(31)+70) / 100 }},
	"ceasefire.effective_on":            {kind: KindDate, get: func(s *Scenario) any { return s.CeasefireEffectiveOn }, set: func(s *Scenario, v any) { s.CeasefireEffectiveOn = v.(time.Time) }, draw: drawDate},
}

// voteField is a whole number of votes between lo and hi, handed to
// engines as a number that arithmetic accepts (see [KindFloat]).
func voteField(lo, hi int, get func(*Scenario) *int) field {
	f := intField(lo, hi, get)
	f.kind = KindFloat
	return f
}

// drawDate returns a civil date at midnight UTC, about 90% of them on or
// before the C22 deadline.
func drawDate(r *rand.Rand) any {
	return ceasefireDeadline.AddDate(0, 0, r.IntN(400)-360)
}

// Value returns the value of the named fact in s as a plain Go value: bool,
// int, float64 or time.Time. Vote counts are returned as float64.
func (s *Scenario) Value(name string) any {
	f, ok := fields[name]
	if !ok {
		panic(fmt.Sprintf("bench: no fact %q", name))
	}
	v := f.get(s)
	if f.kind == KindFloat {
		if i, ok := v.(int); ok {
			return float64(i)
		}
	}
	return v
}

// Generate returns n scenarios for c drawn from a generator seeded with
// seed: the same arguments always give the same scenarios. Facts c does not
// read are left at their zero values.
func (c *Case) Generate(seed uint64, n int) []Scenario {
	r := rand.New(rand.NewPCG(seed, 0x747265617479))
	out := make([]Scenario, n)
	for i := range out {
		for _, f := range c.Facts {
			fl := fields[f.Name]
			fl.set(&out[i], fl.draw(r))
		}
	}
	return out
}

// SweepScenario returns scenario i of the exhaustive sweep of a boolean
// case: fact j (in c.Facts order) is bit j of i.
func (c *Case) SweepScenario(i int) Scenario {
	var s Scenario
	for j, f := range c.Facts {
		fields[f.Name].set(&s, i>>j&1 == 1)
	}
	return s
}

// The benchmark conditions. C2, C5 and C22 are evaluated one scenario at a
// time; S16 is swept over all 2^16 assignments of its boolean facts.
var (
	C2 = &Case{
		Name:   "C2",
		Source: `peace_treaty.concluded and foreign_troops.withdrawn`,
		Expr:   `peace_treaty__concluded and foreign_troops__withdrawn`,
		CEL:    `peace_treaty.concluded && foreign_troops.withdrawn`,
		Facts: []Fact{
			{"peace_treaty.concluded", KindBool},
			{"foreign_troops.withdrawn", KindBool},
		},
		Go: goC2,
	}

	C5 = &Case{
		Name: "C5",
		Source: `peace_treaty.concluded and ratifications.count >= 40
			and (foreign_troops.withdrawn or not sanctions.reimposed)
			and not hostilities.resumed`,
		Expr: `peace_treaty__concluded and ratifications__count >= 40
			and (foreign_troops__withdrawn or not sanctions__reimposed)
			and not hostilities__resumed`,
		CEL: `peace_treaty.concluded && ratifications.count >= 40
			&& (foreign_troops.withdrawn || !sanctions.reimposed)
			&& !hostilities.resumed`,
		Facts: []Fact{
			{"peace_treaty.concluded", KindBool},
			{"ratifications.count", KindInt},
			{"foreign_troops.withdrawn", KindBool},
			{"sanctions.reimposed", KindBool},
			{"hostilities.resumed", KindBool},
		},
		Go: goC5,
	}

	C22 = &Case{
		Name: "C22",
		Source: `peace_treaty.concluded and peace_treaty.published
			and foreign_troops.withdrawn and troops.remaining < 500
			and (prisoners.exchanged or prisoners.amnesty_granted)
			and not sanctions.reimposed and not hostilities.resumed
			and ratifications.count >= 40
			and reparations.paid_share >= 0.75
			and votes.yes > 0.5 * votes.cast
			and ceasefire.effective_on <= @2025-06-30
			and (border.demarcated or (border.commission_established and border.arbitration_accepted))
			and monitoring.mission_deployed
			and (elections.held or elections.scheduled)
			and refugees.return_programme_adopted
			and (disarmament.completed or disarmament.verified_in_progress)`,
		Expr: `peace_treaty__concluded and peace_treaty__published
			and foreign_troops__withdrawn and troops__remaining < 500
			and (prisoners__exchanged or prisoners__amnesty_granted)
			and not sanctions__reimposed and not hostilities__resumed
			and ratifications__count >= 40
			and reparations__paid_share >= 0.75
			and votes__yes > 0.5 * votes__cast
			and ceasefire__effective_on <= civil_date("2025-06-30")
			and (border__demarcated or (border__commission_established and border__arbitration_accepted))
			and monitoring__mission_deployed
			and (elections__held or elections__scheduled)
			and refugees__return_programme_adopted
			and (disarmament__completed or disarmament__verified_in_progress)`,
		CEL: `peace_treaty.concluded && peace_treaty.published
			&& foreign_troops.withdrawn && troops.remaining < 500
			&& (prisoners.exchanged || prisoners.amnesty_granted)
			&& !sanctions.reimposed && !hostilities.resumed
			&& ratifications.count >= 40
			&& reparations.paid_share >= 0.75
			&& votes.yes > 0.5 * votes.cast
			&& ceasefire.effective_on <= timestamp("2025-06-30T00:00:00Z")
			&& (border.demarcated || (border.commission_established && border.arbitration_accepted))
			&& monitoring.mission_deployed
			&& (elections.held || elections.scheduled)
			&& refugees.return_programme_adopted
			&& (disarmament.completed || disarmament.verified_in_progress)`,
		Facts: []Fact{
			{"peace_treaty.concluded", KindBool},
			{"peace_treaty.published", KindBool},
			{"foreign_troops.withdrawn", KindBool},
			{"troops.remaining", KindInt},
			{"prisoners.exchanged", KindBool},
			{"prisoners.amnesty_granted", KindBool},
			{"sanctions.reimposed", KindBool},
			{"hostilities.resumed", KindBool},
			{"ratifications.count", KindInt},
			{"reparations.paid_share", KindFloat},
			{"votes.yes", KindFloat},
			{"votes.cast", KindFloat},
			{"ceasefire.effective_on", KindDate},
			{"border.demarcated", KindBool},
			{"border.commission_established", KindBool},
			{"border.arbitration_accepted", KindBool},
			{"monitoring.mission_deployed", KindBool},
			{"elections.held", KindBool},
			{"elections.scheduled", KindBool},
			{"refugees.return_programme_adopted", KindBool},
			{"disarmament.completed", KindBool},
			{"disarmament.verified_in_progress", KindBool},
		},
		Go: goC22,
	}

	// C22M reads the facts of C22, with comparisons mixed into "or" and
	// "and" at several depths, as conditions written by hand often are: a
	// withdrawal or few enough troops left, a quorum of ratifications or a
	// deployed mission with most reparations paid.
	C22M = &Case{
		Name: "C22M",
		Source: `peace_treaty.concluded and peace_treaty.published
			and (foreign_troops.withdrawn or troops.remaining == 0 or troops.remaining < 100)
			and (prisoners.exchanged or prisoners.amnesty_granted)
			and not sanctions.reimposed and not hostilities.resumed
			and (ratifications.count >= 40 or (monitoring.mission_deployed and reparations.paid_share >= 0.9))
			and (votes.yes > 0.5 * votes.cast or ceasefire.effective_on <= @2025-06-30)
			and (border.demarcated or (border.commission_established and border.arbitration_accepted))
			and (elections.held or elections.scheduled)
			and refugees.return_programme_adopted
			and (disarmament.completed or disarmament.verified_in_progress)`,
		Expr: `peace_treaty__concluded and peace_treaty__published
			and (foreign_troops__withdrawn or troops__remaining == 0 or troops__remaining < 100)
			and (prisoners__exchanged or prisoners__amnesty_granted)
			and not sanctions__reimposed and not hostilities__resumed
			and (ratifications__count >= 40 or (monitoring__mission_deployed and reparations__paid_share >= 0.9))
			and (votes__yes > 0.5 * votes__cast or ceasefire__effective_on <= civil_date("2025-06-30"))
			and (border__demarcated or (border__commission_established and border__arbitration_accepted))
			and (elections__held or elections__scheduled)
			and refugees__return_programme_adopted
			and (disarmament__completed or disarmament__verified_in_progress)`,
		CEL: `peace_treaty.concluded && peace_treaty.published
			&& (foreign_troops.withdrawn || troops.remaining == 0 || troops.remaining < 100)
			&& (prisoners.exchanged || prisoners.amnesty_granted)
			&& !sanctions.reimposed && !hostilities.resumed
			&& (ratifications.count >= 40 || (monitoring.mission_deployed && reparations.paid_share >= 0.9))
			&& (votes.yes > 0.5 * votes.cast || ceasefire.effective_on <= timestamp("2025-06-30T00:00:00Z"))
			&& (border.demarcated || (border.commission_established && border.arbitration_accepted))
			&& (elections.held || elections.scheduled)
			&& refugees.return_programme_adopted
			&& (disarmament.completed || disarmament.verified_in_progress)`,
		Facts: []Fact{
			{"peace_treaty.concluded", KindBool},
			{"peace_treaty.published", KindBool},
			{"foreign_troops.withdrawn", KindBool},
			{"troops.remaining", KindInt},
			{"prisoners.exchanged", KindBool},
			{"prisoners.amnesty_granted", KindBool},
			{"sanctions.reimposed", KindBool},
			{"hostilities.resumed", KindBool},
			{"ratifications.count", KindInt},
			{"monitoring.mission_deployed", KindBool},
			{"reparations.paid_share", KindFloat},
			{"votes.yes", KindFloat},
			{"votes.cast", KindFloat},
			{"ceasefire.effective_on", KindDate},
			{"border.demarcated", KindBool},
			{"border.commission_established", KindBool},
			{"border.arbitration_accepted", KindBool},
			{"elections.held", KindBool},
			{"elections.scheduled", KindBool},
			{"refugees.return_programme_adopted", KindBool},
			{"disarmament.completed", KindBool},
			{"disarmament.verified_in_progress", KindBool},
		},
		Go: goC22M,
	}

	// S16 is a disjunction of alternative routes to entry into force; over
	// all 2^16 assignments about four in five satisfy it.
	S16 = &Case{
		Name: "S16",
		Source: `(peace_treaty.concluded and peace_treaty.published and not hostilities.resumed)
			or (foreign_troops.withdrawn and (prisoners.exchanged or prisoners.amnesty_granted))
			or (border.demarcated and not sanctions.reimposed)
			or (border.commission_established and border.arbitration_accepted and monitoring.mission_deployed)
			or (elections.held and elections.scheduled and refugees.return_programme_adopted)
			or (disarmament.completed and disarmament.verified_in_progress)`,
		Expr: `(peace_treaty__concluded and peace_treaty__published and not hostilities__resumed)
			or (foreign_troops__withdrawn and (prisoners__exchanged or prisoners__amnesty_granted))
			or (border__demarcated and not sanctions__reimposed)
			or (border__commission_established and border__arbitration_accepted and monitoring__mission_deployed)
			or (elections__held and elections__scheduled and refugees__return_programme_adopted)
			or (disarmament__completed and disarmament__verified_in_progress)`,
		CEL: `(peace_treaty.concluded && peace_treaty.published && !hostilities.resumed)
			|| (foreign_troops.withdrawn && (prisoners.exchanged || prisoners.amnesty_granted))
			|| (border.demarcated && !sanctions.reimposed)
			|| (border.commission_established && border.arbitration_accepted && monitoring.mission_deployed)
			|| (elections.held && elections.scheduled && refugees.return_programme_adopted)
			|| (disarmament.completed && disarmament.verified_in_progress)`,
		Facts: []Fact{
			{"peace_treaty.concluded", KindBool},
			{"peace_treaty.published", KindBool},
			{"hostilities.resumed", KindBool},
			{"foreign_troops.withdrawn", KindBool},
			{"prisoners.exchanged", KindBool},
			{"prisoners.amnesty_granted", KindBool},
			{"border.demarcated", KindBool},
			{"sanctions.reimposed", KindBool},
			{"border.commission_established", KindBool},
			{"border.arbitration_accepted", KindBool},
			{"monitoring.mission_deployed", KindBool},
			{"elections.held", KindBool},
			{"elections.scheduled", KindBool},
			{"refugees.return_programme_adopted", KindBool},
			{"disarmament.completed", KindBool},
			{"disarmament.verified_in_progress", KindBool},
		},
		Go: goS16,
	}
)

// Cases lists the one-at-a-time benchmark conditions.
var Cases = []*Case{C2, C5, C22, C22M}

// Unknown3 are the facts left unknown in the residual benchmark of C22: two
// booleans (one of them inside an "or") and one number used in arithmetic.
var Unknown3 = []string{"foreign_troops.withdrawn", "elections.held", "votes.yes"}

// Unknown1 is the fact left unknown in the one-unknown benchmark of C22.
const Unknown1 = "foreign_troops.withdrawn"

// The hand-written floors, called directly by the benchmarks.

func goC2(s *Scenario) bool { return s.PeaceTreatyConcluded && s.ForeignTroopsWithdrawn }

func goC5(s *Scenario) bool {
	return s.PeaceTreatyConcluded && s.RatificationsCount >= 40 &&
		(s.ForeignTroopsWithdrawn || !s.SanctionsReimposed) &&
		!s.HostilitiesResumed
}

func goC22(s *Scenario) bool {
	return s.PeaceTreatyConcluded && s.PeaceTreatyPublished &&
		s.ForeignTroopsWithdrawn && s.TroopsRemaining < 500 &&
		(s.PrisonersExchanged || s.PrisonersAmnestyGranted) &&
		!s.SanctionsReimposed && !s.HostilitiesResumed &&
		s.RatificationsCount >= 40 &&
		s.ReparationsPaidShare >= 0.75 &&
		float64(s.VotesYes) > 0.5*float64(s.VotesCast) &&
		!s.CeasefireEffectiveOn.After(ceasefireDeadline) &&
		(s.BorderDemarcated || (s.BorderCommissionEstablished && s.BorderArbitrationAccepted)) &&
		s.MonitoringMissionDeployed &&
		(s.ElectionsHeld || s.ElectionsScheduled) &&
		s.RefugeesReturnProgramme &&
		(s.DisarmamentCompleted || s.DisarmamentVerifiedProgress)
}

func goC22M(s *Scenario) bool {
	return s.PeaceTreatyConcluded && s.PeaceTreatyPublished &&
		(s.ForeignTroopsWithdrawn || s.TroopsRemaining == 0 || s.TroopsRemaining < 100) &&
		(s.PrisonersExchanged || s.PrisonersAmnestyGranted) &&
		!s.SanctionsReimposed && !s.HostilitiesResumed &&
		(s.RatificationsCount >= 40 || (s.MonitoringMissionDeployed && s.ReparationsPaidShare >= 0.9)) &&
		(float64(s.VotesYes) > 0.5*float64(s.VotesCast) || !s.CeasefireEffectiveOn.After(ceasefireDeadline)) &&
		(s.BorderDemarcated || (s.BorderCommissionEstablished && s.BorderArbitrationAccepted)) &&
		(s.ElectionsHeld || s.ElectionsScheduled) &&
		s.RefugeesReturnProgramme &&
		(s.DisarmamentCompleted || s.DisarmamentVerifiedProgress)
}

func goS16(s *Scenario) bool {
	return (s.PeaceTreatyConcluded && s.PeaceTreatyPublished && !s.HostilitiesResumed) ||
		(s.ForeignTroopsWithdrawn && (s.PrisonersExchanged || s.PrisonersAmnestyGranted)) ||
		(s.BorderDemarcated && !s.SanctionsReimposed) ||
		(s.BorderCommissionEstablished && s.BorderArbitrationAccepted && s.MonitoringMissionDeployed) ||
		(s.ElectionsHeld && s.ElectionsScheduled && s.RefugeesReturnProgramme) ||
		(s.DisarmamentCompleted && s.DisarmamentVerifiedProgress)
}
