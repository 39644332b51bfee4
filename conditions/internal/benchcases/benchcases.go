// Package benchcases holds the benchmark conditions of package conditions:
// their source text, the schema of the facts they read and a deterministic
// generator of inputs. The conditions are the same as C2, C5, C22 and S16
// of the engine comparison in the nested module internal/bench, so that
// the numbers of the two suites can be read side by side.
//
// The conditions are made up: they read like the entry-into-force clause
// of a peace settlement (treaty concluded and published, troops withdrawn,
// prisoners exchanged, ratifications, a vote, a ceasefire date), but they
// are not taken from any real treaty.
package benchcases

import (
	"math/rand/v2"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// Fact is one fact a benchmark condition reads, with how the generator
// draws its value.
type Fact struct {
	Name string
	Type conditions.Type
	// PTrue is, for a bool fact, the probability that it is true.
	PTrue float64
	// Lo and Hi bound a number fact: a whole number in [Lo, Hi], or for
	// reparations.paid_share a multiple of 0.01 in [Lo, Hi].
	Lo, Hi float64
}

// Case is a benchmark condition.
type Case struct {
	Name   string
	Source string
	// Facts lists the facts the condition reads, in the order used for
	// the schema and, for a sweep, for the bits of the assignment number.
	Facts []Fact
}

// Fields returns the schema fields of c's facts.
func (c *Case) Fields() []conditions.Field {
	fs := make([]conditions.Field, len(c.Facts))
	for i, f := range c.Facts {
		fs[i] = conditions.Field{Name: f.Name, Type: f.Type}
	}
	return fs
}

// Schema returns the schema of c's facts.
func (c *Case) Schema() (*conditions.Schema, error) { return conditions.NewSchema(c.Fields()...) }

// Deadline is the date literal of C22, @2025-06-30.
var Deadline = time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC)

// Generate returns n scenarios for c drawn from a generator seeded with seed:
// the same arguments always give the same scenarios. Each fact is absent
// (unknown) with probability unknown; otherwise booleans are true with
// their PTrue, numbers are drawn uniformly from their range and the date
// falls within a year before or a month after [Deadline]. With unknown
// 0, about a quarter of the scenarios of C22 satisfy it.
func (c *Case) Generate(seed uint64, n int, unknown float64) []conditions.Facts {
	r := rand.New(rand.NewPCG(seed, 0x747265617479))
	out := make([]conditions.Facts, n)
	for i := range out {
		f := make(conditions.Facts, len(c.Facts))
		for _, fact := range c.Facts {
			u := r.Float64()
			var v any
			switch fact.Type {
			case conditions.Bool:
				v = r.Float64() < fact.PTrue
			case conditions.Number:
				if fact.Name == "reparations.paid_share" {
					v = float64(int(fact.Lo*100)+r.IntN(int((fact.Hi-fact.Lo)*100)+1)) / 100
				} else {
					v = fact.Lo + float64(r.IntN(int(fact.Hi-fact.Lo)+1))
				}
			case conditions.Date:
				v = Deadline.AddDate(0, 0, r.IntN(400)-360)
			}
			if u >= unknown {
				f[fact.Name] = v
			}
		}
		out[i] = f
	}
	return out
}

func b(name string, p float64) Fact { return Fact{Name: name, Type: conditions.Bool, PTrue: p} }
func num(name string, lo, hi float64) Fact {
	return Fact{Name: name, Type: conditions.Number, Lo: lo, Hi: hi}
}

// The benchmark conditions. C2, C5 and C22 are evaluated one scenario at a
// time; S16 is swept over all 2^16 assignments of its boolean facts.
var (
	// C2 reads two boolean facts.
	C2 = &Case{
		Name:   "C2",
		Source: `peace_treaty.concluded and foreign_troops.withdrawn`,
		Facts: []Fact{
			b("peace_treaty.concluded", 0.97),
			b("foreign_troops.withdrawn", 0.95),
		},
	}

	// C5 reads four boolean facts and an integer.
	C5 = &Case{
		Name: "C5",
		Source: `peace_treaty.concluded and ratifications.count >= 40
			and (foreign_troops.withdrawn or not sanctions.reimposed)
			and not hostilities.resumed`,
		Facts: []Fact{
			b("peace_treaty.concluded", 0.97),
			num("ratifications.count", 36, 90),
			b("foreign_troops.withdrawn", 0.95),
			b("sanctions.reimposed", 0.05),
			b("hostilities.resumed", 0.03),
		},
	}

	// C22 reads 16 boolean facts, two integers, a decimal, two vote counts
	// in arithmetic and a date.
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
		Facts: []Fact{
			b("peace_treaty.concluded", 0.97),
			b("peace_treaty.published", 0.97),
			b("foreign_troops.withdrawn", 0.95),
			num("troops.remaining", 0, 540),
			b("prisoners.exchanged", 0.7),
			b("prisoners.amnesty_granted", 0.7),
			b("sanctions.reimposed", 0.05),
			b("hostilities.resumed", 0.03),
			num("ratifications.count", 36, 90),
			num("reparations.paid_share", 0.70, 1.00),
			num("votes.yes", 60, 190),
			num("votes.cast", 120, 200),
			{Name: "ceasefire.effective_on", Type: conditions.Date},
			b("border.demarcated", 0.6),
			b("border.commission_established", 0.8),
			b("border.arbitration_accepted", 0.8),
			b("monitoring.mission_deployed", 0.97),
			b("elections.held", 0.6),
			b("elections.scheduled", 0.7),
			b("refugees.return_programme_adopted", 0.97),
			b("disarmament.completed", 0.6),
			b("disarmament.verified_in_progress", 0.7),
		},
	}

	// C22M reads the facts of C22, with comparisons mixed into "or" and
	// "and" at several depths.
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
		Facts: []Fact{
			b("peace_treaty.concluded", 0.97),
			b("peace_treaty.published", 0.97),
			b("foreign_troops.withdrawn", 0.95),
			num("troops.remaining", 0, 540),
			b("prisoners.exchanged", 0.7),
			b("prisoners.amnesty_granted", 0.7),
			b("sanctions.reimposed", 0.05),
			b("hostilities.resumed", 0.03),
			num("ratifications.count", 36, 90),
			b("monitoring.mission_deployed", 0.97),
			num("reparations.paid_share", 0.70, 1.00),
			num("votes.yes", 60, 190),
			num("votes.cast", 120, 200),
			{Name: "ceasefire.effective_on", Type: conditions.Date},
			b("border.demarcated", 0.6),
			b("border.commission_established", 0.8),
			b("border.arbitration_accepted", 0.8),
			b("elections.held", 0.6),
			b("elections.scheduled", 0.7),
			b("refugees.return_programme_adopted", 0.97),
			b("disarmament.completed", 0.6),
			b("disarmament.verified_in_progress", 0.7),
		},
	}

	// S16 is a disjunction of alternative routes to entry into force over
	// 16 boolean facts; about four in five of its 2^16 assignments
	// satisfy it.
	S16 = &Case{
		Name: "S16",
		Source: `(peace_treaty.concluded and peace_treaty.published and not hostilities.resumed)
			or (foreign_troops.withdrawn and (prisoners.exchanged or prisoners.amnesty_granted))
			or (border.demarcated and not sanctions.reimposed)
			or (border.commission_established and border.arbitration_accepted and monitoring.mission_deployed)
			or (elections.held and elections.scheduled and refugees.return_programme_adopted)
			or (disarmament.completed and disarmament.verified_in_progress)`,
		Facts: []Fact{
			b("peace_treaty.concluded", 0.5),
			b("peace_treaty.published", 0.5),
			b("hostilities.resumed", 0.5),
			b("foreign_troops.withdrawn", 0.5),
			b("prisoners.exchanged", 0.5),
			b("prisoners.amnesty_granted", 0.5),
			b("border.demarcated", 0.5),
			b("sanctions.reimposed", 0.5),
			b("border.commission_established", 0.5),
			b("border.arbitration_accepted", 0.5),
			b("monitoring.mission_deployed", 0.5),
			b("elections.held", 0.5),
			b("elections.scheduled", 0.5),
			b("refugees.return_programme_adopted", 0.5),
			b("disarmament.completed", 0.5),
			b("disarmament.verified_in_progress", 0.5),
		},
	}
)

// Cases lists the conditions evaluated one scenario at a time.
var Cases = []*Case{C2, C5, C22, C22M}
