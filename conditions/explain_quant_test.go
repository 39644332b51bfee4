package conditions

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestExplainQuantifiers checks that explanations show quantifiers as
// written, with a child per member and the members that decided them
// marked, through the text rendering (which shows value, decisiveness,
// member, text and facts of every node) and the missing facts.
func TestExplainQuantifiers(t *testing.T) {
	parties := []string{"DE", "FR", "IT"}
	tests := []struct {
		name    string
		src     string
		facts   Facts
		want    string
		missing []string
		reason  string
	}{
		{
			name:  "any-true",
			src:   `any(p in parties: ratified[p])`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": false, "FR": true}},
			want: `true     any(p in parties: ratified[p])
├─ false    "DE": ratified["DE"]
├─ true*    "FR": ratified["FR"]
└─ unknown  "IT": ratified["IT"]`,
			reason: "any is true by the member that satisfies the body, whatever the unknown one",
		},
		{
			name:  "all-false",
			src:   `all(p in parties: ratified[p])`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": false, "FR": true, "IT": false}},
			want: `false    all(p in parties: ratified[p])
├─ false*   "DE": ratified["DE"]
├─ true     "FR": ratified["FR"]
└─ false*   "IT": ratified["IT"]`,
			reason: "all is false by every failing member",
		},
		{
			name:  "all-unknown",
			src:   `all(p in parties: ratified[p])`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": true, "FR": true}},
			want: `unknown  all(p in parties: ratified[p])
├─ true     "DE": ratified["DE"]
├─ true     "FR": ratified["FR"]
└─ unknown* "IT": ratified["IT"]`,
			missing: []string{`ratified["IT"]`},
			reason:  "an unknown all names the unknown member",
		},
		{
			name:  "count-reached",
			src:   `count(p in parties: ratified[p]) >= 2`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": true, "FR": false, "IT": true}},
			want: `true     count(p in parties: ratified[p]) >= 2
├─ true*    "DE": ratified["DE"]
├─ false    "FR": ratified["FR"]
└─ true*    "IT": ratified["IT"]`,
			reason: "a count that reaches its bound is decided by the members counted",
		},
		{
			name:  "count-out-of-reach",
			src:   `count(p in parties: ratified[p]) >= 2`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": false, "FR": false}},
			want: `false    count(p in parties: ratified[p]) >= 2
├─ false*   "DE": ratified["DE"]
├─ false*   "FR": ratified["FR"]
└─ unknown  "IT": ratified["IT"]`,
			reason: "a count that cannot reach its bound is decided by the members not counted",
		},
		{
			name:  "count-at-most",
			src:   `count(p in parties: ratified[p]) <= 1`,
			facts: Facts{"parties": parties, "ratified": map[string]any{"DE": true, "FR": true}},
			want: `false    count(p in parties: ratified[p]) <= 1
├─ true*    "DE": ratified["DE"]
├─ true*    "FR": ratified["FR"]
└─ unknown  "IT": ratified["IT"]`,
			reason: "a count over its upper bound is decided by the members counted",
		},
		{
			name:  "count-versus-fact",
			src:   `count(p in parties: ratified[p]) >= quorum`,
			facts: Facts{"parties": []string{"DE", "FR"}, "ratified": map[string]any{"DE": true, "FR": false}, "quorum": 1},
			want: `true     count(p in parties: ratified[p]) >= quorum   (quorum = 1)
├─ true*    "DE": ratified["DE"]
└─ false*   "FR": ratified["FR"]`,
			reason: "a count compared with a fact lists that fact; its value is decided by the exact count, which every known member decides",
		},
		{
			name:  "unknown-membership",
			src:   `any(p in parties: ratified[p])`,
			facts: Facts{"parties": map[string]any{"DE": true, "FR": nil}, "ratified": map[string]any{"DE": false, "FR": true}},
			want: `unknown  any(p in parties: ratified[p])
├─ false    "DE": ratified["DE"]
└─ unknown* "FR": parties["FR"] and ratified["FR"]
   ├─ unknown* parties["FR"]
   └─ true     ratified["FR"]`,
			missing: []string{`parties["FR"]`},
			reason:  "a candidate whose membership is unknown is explained with its membership",
		},
		{
			name:    "unknown-set",
			src:     `all(p in parties: ratified[p])`,
			facts:   Facts{"ratified": map[string]any{"DE": true}},
			want:    `unknown  all(p in parties: ratified[p])   (parties = ?)`,
			missing: []string{"parties"},
			reason:  "a quantifier over an unknown set is a leaf reading the set",
		},
		{
			name:   "empty-set",
			src:    `all(p in parties: ratified[p]) and not any(p in parties: ratified[p])`,
			facts:  Facts{"parties": []string{}},
			want:   "true     all(p in parties: ratified[p]) and not any(p in parties: ratified[p])\n├─ true*    all(p in parties: ratified[p])\n└─ true*    not any(p in parties: ratified[p])\n   └─ false*   any(p in parties: ratified[p])",
			reason: "over the empty set all is true and any false, with no members",
		},
		{
			name:   "sum",
			src:    `sum(p in parties: share[p]) >= 55`,
			facts:  Facts{"parties": []string{"DE", "FR"}, "share": map[string]any{"DE": 30.5, "FR": 30}},
			want:   `true     sum(p in parties: share[p]) >= 55   (share["DE"] = 30.5, share["FR"] = 30)`,
			reason: "a comparison with a sum is a leaf listing the members' values",
		},
		{
			name:    "sum-unknown-membership",
			src:     `sum(p in parties: share[p]) >= 55`,
			facts:   Facts{"parties": map[string]any{"DE": true, "FR": nil}, "share": map[string]any{"DE": 60, "FR": 30}},
			want:    `unknown  sum(p in parties: share[p]) >= 55   (parties["FR"] = ?)`,
			missing: []string{`parties["FR"]`},
			reason:  "a sum is unknown while a membership is, and names that member",
		},
		{
			name:  "nested",
			src:   `any(p in parties: ratified[p] and all(c in chambers: voted[c]))`,
			facts: Facts{"parties": []string{"DE"}, "chambers": []string{"Bundestag", "Bundesrat"}, "ratified": map[string]any{"DE": true}, "voted": map[string]any{"Bundestag": true, "Bundesrat": false}},
			want: `false    any(p in parties: ratified[p] and all(c in chambers: voted[c]))
└─ false*   "DE": ratified["DE"] and all(c in chambers: voted[c])
   ├─ true     ratified["DE"]
   └─ false*   all(c in chambers: voted[c])
      ├─ false*   "Bundesrat": voted["Bundesrat"]
      └─ true     "Bundestag": voted["Bundestag"]`,
			reason: "a quantifier in a member's body is written as such, with the member bound",
		},
		{
			name:  "beside-plain",
			src:   `in_force and count(p in parties: ratified[p]) >= 1`,
			facts: Facts{"in_force": true, "parties": []string{"DE"}, "ratified": map[string]any{"DE": true}},
			want: `true     in_force and count(p in parties: ratified[p]) >= 1
├─ true*    in_force
└─ true*    count(p in parties: ratified[p]) >= 1
   └─ true*    "DE": ratified["DE"]`,
			reason: "the whole condition is written as in the source, and a one-member count keeps its node",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Parse(tt.src)
			require.NoError(t, err)
			r, err := Eval(e, tt.facts)
			require.NoError(t, err)
			if d := cmp.Diff(strings.Split(tt.want, "\n"), strings.Split(r.Explanation.String(), "\n")); d != "" {
				t.Errorf("Eval(%s): explanation (-want +got):\n%s\n(%s)", tt.src, d, tt.reason)
			}
			if d := cmp.Diff(tt.missing, r.Missing); d != "" {
				t.Errorf("Eval(%s): missing (-want +got):\n%s\n(%s)", tt.src, d, tt.reason)
			}
		})
	}
}

// TestExplainQuantifierJSON checks the operator and member of a
// quantifier's nodes in JSON.
func TestExplainQuantifierJSON(t *testing.T) {
	e := MustParse(`all(p in parties: ratified[p])`)
	r, err := Eval(e, Facts{"parties": []string{"DE", "FR"}, "ratified": map[string]any{"DE": true, "FR": false}})
	require.NoError(t, err)
	b, err := json.Marshal(r.Explanation)
	require.NoError(t, err)
	var got struct {
		Op       string `json:"op"`
		Children []struct {
			Member   string `json:"member"`
			Decisive bool   `json:"decisive"`
		} `json:"children"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	want := got
	want.Op = "all"
	want.Children = []struct {
		Member   string `json:"member"`
		Decisive bool   `json:"decisive"`
	}{{"DE", false}, {"FR", true}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("JSON of the explanation (-want +got):\n%s\n%s", d, b)
	}
}
