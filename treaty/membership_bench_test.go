package treaty

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// scaleMembers builds a treaty "t" with n dated members, joining on n
// successive days after its entry into force (30 days after deposit), a
// third of them withdrawing with a year's notice, and k each-party
// clauses whose conditions read the scenario's facts.
func scaleMembers(n, k int) (*Model, *Scenario) {
	m := &Model{ID: "members", Facts: scaleFacts}
	inst := Instrument{ID: "t", Title: "T", Kind: KindTreaty, Signed: scaleDay(0), InForce: scaleDay(10),
		EntryIntoForce: &EntryIntoForce{ForParty: Period{Days: 30}, WithdrawalNotice: Period{Years: 1}}}
	for i := range n {
		p := fmt.Sprintf("P%d", i)
		m.Parties = append(m.Parties, Party{ID: p, Name: p})
		mem := Member{Party: p, Signed: scaleDay(0), Consent: scaleDay(1 + i), How: Ratification}
		if i%3 == 2 {
			mem.Withdrawal = &Withdrawal{Notified: scaleDay(n + 100 + i)}
		}
		inst.Members = append(inst.Members, mem)
	}
	conds := []string{"a", "a and n > 2", "b or n > 9", "not b or a"}
	for j := range k {
		c := scaleClause(fmt.Sprintf("c%d", j), conds[j%len(conds)])
		c.Bearer = EachParty("t")
		inst.Clauses = append(inst.Clauses, c)
	}
	m.Instruments = []Instrument{inst}
	m.Readings = []Reading{{ID: "R", Party: "P0"}}
	return m, scaleScenario(scaleDay(2*n + 500))
}

// expandedResults evaluates the expansion of a members model (see
// expandMembership) and returns its results as the original's would be:
// clause "c#p" as the instance of c for p.
func expandedResults(t *testing.T, m *Model, s *Scenario) []Result {
	t.Helper()
	x, _ := expandMembership(m)
	rep, err := Evaluate(x, s)
	require.NoError(t, err)
	var out []Result
	for _, res := range rep.Results {
		id, member, ok := strings.Cut(res.Clause, "#")
		if !ok || res.Status == NotInForce && res.Ended == nil {
			continue // not yet bound: not instantiated
		}
		res.Clause, res.Instance = id, instanceKey(id, member, "")
		res.Window = nil
		if res.Ended != nil && res.Ended.How == "until" {
			res.Ended = &Ending{On: res.Ended.On, By: member, How: "withdrawn"}
		}
		out = append(out, res)
	}
	return out
}

// BenchmarkEachParty evaluates a treaty of n dated members (n = 50, 100,
// 200, 400; a third of them withdrawing) with 50 each-party clauses (50n
// clause instances: 10,000 for 200 parties) under one and three readings
// whose parties are members, so that the disputes between readings are
// searched for every instance. Evaluation should grow linearly in the
// members; internal/scalefit fits the exponent of each reading count:
//
//	go test -run '^$' -bench BenchmarkEachParty -benchmem -count 3 ./treaty | go run ./internal/scalefit
func BenchmarkEachParty(b *testing.B) {
	for _, readings := range []int{1, 3} {
		for _, n := range []int{50, 100, 200, 400} {
			b.Run(fmt.Sprintf("clauses=50/readings=%d/n=%d", readings, n), func(b *testing.B) {
				m, s := scaleMembers(n, 50)
				m.Readings = nil
				for i := range readings {
					m.Readings = append(m.Readings, Reading{ID: fmt.Sprintf("R%d", i), Party: fmt.Sprintf("P%d", i)})
				}
				b.ReportAllocs()
				start, ok := cpuTime()
				for b.Loop() {
					if _, err := Evaluate(m, s); err != nil {
						b.Fatal(err)
					}
				}
				if end, ok2 := cpuTime(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
