package bench

import (
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// The hand-written floor of the map-based engines: plain Go reading the
// facts from the same conditions.Facts map that Program.EvalFacts reads,
// with Go's short-circuit && and ||, so it looks up the facts that a
// short-circuit evaluation in source order must look up, and does nothing
// else. No engine that takes facts by name from a map can be much faster;
// see README.md ("The map path").

var goMapFloors = map[*Case]func(conditions.Facts) bool{C22: goMapC22, C22M: goMapC22M}

func mb(f conditions.Facts, name string) bool {
	b, _ := f[name].(bool)
	return b
}

func mn(f conditions.Facts, name string) float64 {
	switch x := f[name].(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func md(f conditions.Facts, name string) time.Time {
	d, _ := f[name].(time.Time)
	return d
}

func goMapC22(f conditions.Facts) bool {
	return mb(f, "peace_treaty.concluded") && mb(f, "peace_treaty.published") &&
		mb(f, "foreign_troops.withdrawn") && mn(f, "troops.remaining") < 500 &&
		(mb(f, "prisoners.exchanged") || mb(f, "prisoners.amnesty_granted")) &&
		!mb(f, "sanctions.reimposed") && !mb(f, "hostilities.resumed") &&
		mn(f, "ratifications.count") >= 40 &&
		mn(f, "reparations.paid_share") >= 0.75 &&
		mn(f, "votes.yes") > 0.5*mn(f, "votes.cast") &&
		!md(f, "ceasefire.effective_on").After(ceasefireDeadline) &&
		(mb(f, "border.demarcated") || (mb(f, "border.commission_established") && mb(f, "border.arbitration_accepted"))) &&
		mb(f, "monitoring.mission_deployed") &&
		(mb(f, "elections.held") || mb(f, "elections.scheduled")) &&
		mb(f, "refugees.return_programme_adopted") &&
		(mb(f, "disarmament.completed") || mb(f, "disarmament.verified_in_progress"))
}

func goMapC22M(f conditions.Facts) bool {
	return mb(f, "peace_treaty.concluded") && mb(f, "peace_treaty.published") &&
		(mb(f, "foreign_troops.withdrawn") || mn(f, "troops.remaining") == 0 || mn(f, "troops.remaining") < 100) &&
		(mb(f, "prisoners.exchanged") || mb(f, "prisoners.amnesty_granted")) &&
		!mb(f, "sanctions.reimposed") && !mb(f, "hostilities.resumed") &&
		(mn(f, "ratifications.count") >= 40 || (mb(f, "monitoring.mission_deployed") && mn(f, "reparations.paid_share") >= 0.9)) &&
		(mn(f, "votes.yes") > 0.5*mn(f, "votes.cast") || !md(f, "ceasefire.effective_on").After(ceasefireDeadline)) &&
		(mb(f, "border.demarcated") || (mb(f, "border.commission_established") && mb(f, "border.arbitration_accepted"))) &&
		(mb(f, "elections.held") || mb(f, "elections.scheduled")) &&
		mb(f, "refugees.return_programme_adopted") &&
		(mb(f, "disarmament.completed") || mb(f, "disarmament.verified_in_progress"))
}
