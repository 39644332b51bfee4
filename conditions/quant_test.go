package conditions

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func quantSchema(t *testing.T) *Schema {
	t.Helper()
	s, err := NewSchema(
		Field{Name: "communes", Type: Set},
		Field{Name: "votes.france", Type: Number, Index: "communes"},
		Field{Name: "voted", Type: Bool, Index: "communes"},
		Field{Name: "turnout", Type: Number},
	)
	require.NoError(t, err)
	return s
}

func TestQuantCheckErrors(t *testing.T) {
	s := quantSchema(t)
	tests := []struct {
		src, want, reason string
	}{
		{`any(c in comunes: voted[c])`, `1:10: unknown set "comunes": any(c in S: ...) quantifies over a fact of type set (did you mean "communes"?)`, "a quantifier over an undeclared set"},
		{`any(c in turnout: voted[c])`, `1:10: any(c in turnout: ...) quantifies over a set, but fact "turnout" is a number`, "a quantifier over a fact that is not a set"},
		{`any(c in communes: turnout[c] > 1)`, `1:20: fact "turnout" is not indexed: read it without [...]`, "indexing a fact that is not indexed"},
		{`voted and turnout > 1`, `1:1: fact "voted" has a value per member of communes: read one, as in voted[x] inside any(x in communes: ...) or voted["member"]`, "an indexed fact read without an index"},
		{`any(c in communes: votes.france[c])`, `1:20: body of 'any' must be bool, found number`, "a body of the wrong type"},
		{`sum(c in communes: voted[c]) > 1`, `1:20: body of 'sum' must be number, found bool`, "sum adds numbers"},
		{`count(c in communes: voted[c]) + 1 > 2`, `1:1: count(...) can only be compared, as in count(c in communes: ...) >= 2: it is not an operand of arithmetic`, "count is compared, not computed with"},
		{`communes`, `1:1: fact "communes" is a set: read it with a quantifier, as in any(x in communes: ...)`, "a set is not a bool"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			err := Check(MustParse(tc.src), s)
			require.Error(t, err)
			var list ErrorList
			require.True(t, errors.As(err, &list))
			if d := cmp.Diff(tc.want, list[0].Error()); d != "" {
				t.Errorf("Check(%s) (-want +got):\n%s", tc.src, d)
			}
		})
	}
}

func TestQuantParseErrors(t *testing.T) {
	tests := []struct {
		src, want, reason string
	}{
		{`any(x in S: x)`, `1:13: x is a quantifier variable: use it as the index of an indexed fact, as in votes[x]`, "a variable is not a fact"},
		{`v[y] > 1`, `1:3: unknown variable y in the index of v: an index is a quantifier variable, as in any(x in S: v[x]), or a member in quotes, as in v["name"]`, "an index outside a quantifier"},
		{`any(x in S: all(x in S: r[x]))`, `1:17: variable x is already bound by an enclosing quantifier: use another name`, "no shadowing"},
		{`any(x of S: r[x])`, `1:7: unexpected fact of: expected 'in' in any(x in set: ...)`, "the head needs in"},
		{`any(x in S r[x])`, `1:12: unexpected fact r: expected ':' in any(x in set: ...)`, "the head ends with a colon"},
		{`count(x in S: r[x]`, `1:19: expected ')' to close 'count(' at 1:6`, "an unclosed quantifier"},
		{`r[1]`, `1:3: unexpected number 1: expected a quantifier variable or a member in quotes as the index of r`, "an index is a variable or a string"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			_, err := Parse(tc.src)
			require.Error(t, err)
			var list ErrorList
			require.True(t, errors.As(err, &list))
			if d := cmp.Diff(tc.want, list[0].Error()); d != "" {
				t.Errorf("Parse(%s) (-want +got):\n%s", tc.src, d)
			}
		})
	}
}

func TestQuantPrintRoundTrip(t *testing.T) {
	for _, src := range []string{
		`any(c in communes: votes.france[c] > 0.5 and voted[c])`,
		`count(p in parties.paris: ratified[p]) >= 55 and sum(p in parties.paris: emissions[p]) >= 55`,
		`all(a in A: any(b in B: r[a] or r[b])) or v["Saar\"louis"] == 1`,
	} {
		e := MustParse(src)
		if d := cmp.Diff(src, e.String()); d != "" {
			t.Errorf("String (-want +got):\n%s", d)
		}
		b, err := e.MarshalText()
		require.NoError(t, err)
		var back Expr
		require.NoError(t, back.UnmarshalText(b))
		if !back.Equal(e) {
			t.Errorf("MarshalText round trip: %s became %s", e, back)
		}
	}
}

func TestQuantEvalErrors(t *testing.T) {
	tests := []struct {
		src    string
		facts  Facts
		want   string
		reason string
	}{
		{`any(c in S: v[c] > 1)`, Facts{"S": 3}, `1:10: fact "S" must be a set (a list of member names, or a map from member to true, false or null): got a int`, "a set of the wrong Go type"},
		{`any(c in S: v[c] > 1)`, Facts{"S": []any{"a", 2.0}}, `1:10: fact "S" must be a set (a list of member names, or a map from member to true, false or null): member 1 is a float64, not a string`, "a member that is not a string"},
		{`any(c in S: v[c] > 1)`, Facts{"S": []string{"a"}, "v": 2.0}, `1:13: fact "v" has a value per member: want a map from member to value, got a float64`, "an indexed fact that is not a map"},
		{`any(c in S: v[c] > 1)`, Facts{"S": []string{"a"}, "v": map[string]any{"a": "x"}}, `1:13: fact "v[\"a\"]" must be a number, got a string`, "a member value of the wrong type"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			_, err := Eval(MustParse(tc.src), tc.facts)
			require.Error(t, err)
			if d := cmp.Diff(tc.want, err.Error()); d != "" {
				t.Errorf("Eval (-want +got):\n%s", d)
			}
		})
	}
}
