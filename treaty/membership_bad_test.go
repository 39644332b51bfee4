package treaty_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// problem is what TestMembershipBadInput compares of an error.
type problem struct {
	Code         treaty.Code
	Path         string
	Line, Column int
	Msg, Hint    string
}

// membershipBad lists one bad model file in testdata/bad per kind of bad
// input about multilateral treaties (issue 13), with the one error it
// gives.
var membershipBad = []struct {
	file   string
	want   problem
	reason string
}{
	{"membership_undeclared_set.json", problem{treaty.CodeCondition, "/instruments/0/clauses/0/condition", 13, 33,
		`unknown set "district": all(d in S: ...) quantifies over a fact of type set`, `did you mean "districts"?`},
		"a quantifier over an undeclared set, located at the set's name inside the condition, with a suggestion"},
	{"membership_each_no_parties.json", problem{treaty.CodeSchema, "/instruments/1/clauses/0/bearer", 9, 63,
		`"each:decl": instrument "decl" has no parties (only an author), so there is no party to instantiate the clause for`, ""},
		"an each-party bearer on a unilateral declaration: nobody to instantiate the clause for"},
	{"membership_entry_cycle.json", problem{treaty.CodeCycle, "/instruments/0/entry_into_force/condition", 10, 53,
		`the entry into force of "pact" reads bound.pact, the parties for which "pact" is in force, which that entry into force decides: a condition cannot wait for itself (count the parties that have deposited with parties.pact)`, ""},
		"an entry-into-force condition that reads its own instrument's status (the parties it is in force for), located at that read"},
	{"membership_entry_cycle_pair.json", problem{treaty.CodeCycle, "/instruments/0/entry_into_force/condition", 11, 53,
		`cycle of entries into force: "conv" reads bound.prot, "prot" reads bound.conv: each waits for the other to be in force (a condition that counts deposits reads parties.I, which depends on no entry into force)`, ""},
		"two entries into force that wait for each other, named as a path, reported once at the first"},
	{"membership_withdrawal_early.json", problem{treaty.CodeDates, "/instruments/0/members/1/withdrawal/notified", 10, 37,
		`b: withdrawal notified 2001-01-15, before its ratification (consent 2001-03-01): a party withdraws only after consenting to be bound`, ""},
		"a withdrawal notified before the party's own ratification"},
	{"membership_continuing_overlap.json", problem{treaty.CodeDates, "/instruments/0/members/2", 14, 9,
		`ru: membership from 1993-01-01 overlaps that of su (/instruments/0/members/0), which ru continues from 1991-12-26: the continuing state holds its predecessor's membership; give it its own only after that ended`, ""},
		"a continuing state's own membership overlapping the one it continues"},
	{"membership_supplied_fact.json", problem{treaty.CodeUnknownInstrument, "/facts/0/name", 4, 14,
		`fact "bound.packt" names no instrument: bound.I is supplied from the membership of instrument I`, `did you mean "bound.pact"?`},
		"a bound fact naming a misspelt instrument would silently be an ordinary fact"},
}

// membershipBadFiles lists the files of testdata/bad that
// TestMembershipBadInput checks.
func membershipBadFiles() []string {
	var out []string
	for _, tc := range membershipBad {
		out = append(out, tc.file)
	}
	return out
}

// TestMembershipBadInput loads one bad model file for each kind of bad
// input about multilateral treaties (issue 13) and checks the one error
// it gives: its code (and the sentinel errors.Is matches), its message,
// its line:column in the file and its JSON path.
func TestMembershipBadInput(t *testing.T) {
	sentinels := map[treaty.Code]error{treaty.CodeCondition: treaty.ErrCondition, treaty.CodeSchema: treaty.ErrSchema,
		treaty.CodeCycle: treaty.ErrCycle, treaty.CodeDates: treaty.ErrDates, treaty.CodeUnknownInstrument: treaty.ErrUnknownInstrument}
	for _, tt := range membershipBad {
		t.Run(tt.file, func(t *testing.T) {
			file := filepath.Join("testdata", "bad", tt.file)
			m, err := treaty.LoadModel(file)
			require.Nil(t, m)
			require.Error(t, err)
			var list treaty.ErrorList
			require.ErrorAs(t, err, &list)
			var got []problem
			for _, e := range list {
				require.Equal(t, file, e.File, "%v", e)
				got = append(got, problem{e.Code, e.Path, e.Line, e.Column, e.Msg, e.Hint})
			}
			if diff := cmp.Diff([]problem{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			require.True(t, errors.Is(err, sentinels[tt.want.Code]), "errors.Is(err, sentinel of %s)", tt.want.Code)
		})
	}
}
