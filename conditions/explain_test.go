package conditions

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// decisiveOf returns the Decisive flags of x's children.
func decisiveOf(x *Explanation) []bool {
	var d []bool
	for _, c := range x.Children {
		d = append(d, c.Decisive)
	}
	return d
}

func TestExplanationDecisive(t *testing.T) {
	tests := []struct {
		src    string
		facts  Facts
		value  Truth
		want   []bool
		reason string
	}{
		{"a and b and c", Facts{"a": true, "b": false, "c": false}, False, []bool{false, true, true}, "a false and: its false children"},
		{"a and b and c", Facts{"a": false, "b": true}, False, []bool{true, false, false}, "a false and: not its unknown ones"},
		{"a and b", Facts{"a": true, "b": true}, True, []bool{true, true}, "a true and: all children"},
		{"a and b and c", Facts{"a": true}, Unknown, []bool{false, true, true}, "an unknown and: its unknown children"},
		{"a or b or c", Facts{"a": false, "b": true, "c": true}, True, []bool{false, true, true}, "a true or: its true children"},
		{"a or b", Facts{"a": false, "b": false}, False, []bool{true, true}, "a false or: all children"},
		{"a or b or c", Facts{"a": false}, Unknown, []bool{false, true, true}, "an unknown or: its unknown children"},
		{"not a", Facts{"a": true}, False, []bool{true}, "the child of not"},
		{"not a", Facts{}, Unknown, []bool{true}, "the child of not, even unknown"},
		{"atleast(2, a, b, c)", Facts{"a": true, "b": true, "c": false}, True, []bool{true, true, false}, "true atleast: its true children"},
		{"atleast(2, a, b, c)", Facts{"a": false, "b": false}, False, []bool{true, true, false}, "false atleast: its false children"},
		{"atleast(2, a, b, c)", Facts{"a": true}, Unknown, []bool{false, true, true}, "unknown atleast: its unknown children"},
		{"atleast(0, a, b)", Facts{"a": true}, True, []bool{false, false}, "atleast(0, ...) holds whatever its children"},
	}
	for _, tt := range tests {
		r := evalOK(t, MustParse(tt.src), tt.facts)
		if r.Value != tt.value {
			t.Errorf("Eval(%s, %v) = %v, want %v", tt.src, tt.facts, r.Value, tt.value)
		}
		if d := cmp.Diff(tt.want, decisiveOf(r.Explanation)); d != "" {
			t.Errorf("Eval(%s, %v): decisive children (-want +got):\n%s(%s)", tt.src, tt.facts, d, tt.reason)
		}
		if r.Explanation.Decisive {
			t.Errorf("Eval(%s): the root is marked decisive", tt.src)
		}
	}
}

func TestExplanationTree(t *testing.T) {
	e := MustParse(`troops.count * 2 > limit and not (a or b) and atleast(1, c, d == @1956-10-19, s == "x")`)
	f := Facts{"troops.count": 600, "a": false, "c": false, "d": time.Date(1956, 10, 19, 9, 0, 0, 0, time.UTC), "s": "y"}
	r := evalOK(t, e, f)
	fv := func(name string, typ Type, v any) FactValue {
		return FactValue{Name: name, Type: typ, Value: v, Known: v != nil}
	}
	want := Result{
		Value: Unknown,
		Explanation: &Explanation{
			Expr: e.String(), Op: "and", Value: Unknown,
			Children: []*Explanation{
				{Expr: "troops.count * 2 > limit", Op: ">", Value: Unknown, Decisive: true,
					Facts: []FactValue{fv("troops.count", Number, 600.0), fv("limit", Number, nil)}},
				{Expr: "not (a or b)", Op: "not", Value: Unknown, Decisive: true, Children: []*Explanation{
					{Expr: "a or b", Op: "or", Value: Unknown, Decisive: true, Children: []*Explanation{
						{Expr: "a", Op: "fact", Value: False, Facts: []FactValue{fv("a", Bool, false)}},
						{Expr: "b", Op: "fact", Value: Unknown, Decisive: true, Facts: []FactValue{fv("b", Bool, nil)}},
					}},
				}},
				{Expr: `atleast(1, c, d == @1956-10-19, s == "x")`, Op: "atleast", Value: True, Children: []*Explanation{
					{Expr: "c", Op: "fact", Value: False, Facts: []FactValue{fv("c", Bool, false)}},
					{Expr: "d == @1956-10-19", Op: "==", Value: True, Decisive: true, Facts: []FactValue{fv("d", Date, "1956-10-19")}},
					{Expr: `s == "x"`, Op: "==", Value: False, Facts: []FactValue{fv("s", String, "y")}},
				}},
			},
		},
		Missing: []string{"b", "limit"},
	}
	if d := cmp.Diff(want, r); d != "" {
		t.Errorf("Eval (-want +got):\n%s", d)
	}

	wantText := strings.Join([]string{
		`unknown  troops.count * 2 > limit and not (a or b) and atleast(1, c, d == @1956-10-19, s == "x")`,
		`├─ unknown* troops.count * 2 > limit   (troops.count = 600, limit = ?)`,
		`├─ unknown* not (a or b)`,
		`│  └─ unknown* a or b`,
		`│     ├─ false    a`,
		`│     └─ unknown* b`,
		`└─ true     atleast(1, c, d == @1956-10-19, s == "x")`,
		`   ├─ false    c`,
		`   ├─ true*    d == @1956-10-19   (d = @1956-10-19)`,
		`   └─ false    s == "x"   (s = "y")`,
	}, "\n")
	if got := r.Explanation.String(); got != wantText {
		t.Errorf("String:\n%s\nwant:\n%s", got, wantText)
	}
}

func TestExplanationString(t *testing.T) {
	e := And(MustParse("peace_treaty.concluded"), WithOrigin(MustParse("foreign_troops.withdrawn"), "su-memo-1960"))
	r := evalOK(t, e, Facts{"peace_treaty.concluded": true})
	want := strings.Join([]string{
		"unknown  peace_treaty.concluded and foreign_troops.withdrawn",
		"├─ true     peace_treaty.concluded",
		"└─ unknown* foreign_troops.withdrawn   [from su-memo-1960]",
	}, "\n")
	if got := r.Explanation.String(); got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}

	r = evalOK(t, WithOrigin(MustParse("n >= 3"), "art-9"), Facts{"n": 3})
	if got, want := r.Explanation.String(), "true     n >= 3   (n = 3)   [from art-9]"; got != want {
		t.Errorf("String:\n%s\nwant:\n%s", got, want)
	}

	var nilX *Explanation
	if nilX.String() != "" {
		t.Errorf("nil explanation String = %q, want empty", nilX.String())
	}
}

func TestExplanationJSON(t *testing.T) {
	e := And(
		MustParse(`n > 1 and s == "a\"b"`),
		WithOrigin(MustParse("d < @2000-01-01 or flag"), "memo"),
	)
	f := Facts{"n": 2, "s": `a"b`, "d": time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC)}
	r := evalOK(t, e, f)
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "value": "true",
  "explanation": {
    "expr": "n \u003e 1 and s == \"a\\\"b\" and (d \u003c @2000-01-01 or flag)",
    "op": "and",
    "value": "true",
    "decisive": false,
    "children": [
      {
        "expr": "n \u003e 1",
        "op": "\u003e",
        "value": "true",
        "decisive": true,
        "facts": [
          {
            "name": "n",
            "type": "number",
            "value": 2,
            "known": true
          }
        ]
      },
      {
        "expr": "s == \"a\\\"b\"",
        "op": "==",
        "value": "true",
        "decisive": true,
        "facts": [
          {
            "name": "s",
            "type": "string",
            "value": "a\"b",
            "known": true
          }
        ]
      },
      {
        "expr": "d \u003c @2000-01-01 or flag",
        "op": "or",
        "value": "true",
        "origin": "memo",
        "decisive": true,
        "children": [
          {
            "expr": "d \u003c @2000-01-01",
            "op": "\u003c",
            "value": "true",
            "decisive": true,
            "facts": [
              {
                "name": "d",
                "type": "date",
                "value": "1999-12-31",
                "known": true
              }
            ]
          },
          {
            "expr": "flag",
            "op": "fact",
            "value": "unknown",
            "decisive": false,
            "facts": [
              {
                "name": "flag",
                "type": "bool",
                "value": null,
                "known": false
              }
            ]
          }
        ]
      }
    ]
  }
}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", b, want)
	}
	// The JSON form decodes back to the same result.
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, back); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
}

func TestFactValueJSONInfinity(t *testing.T) {
	// Eval refuses infinite fact values, but a FactValue built by a caller
	// may hold one, and must still encode.
	r := Result{Value: True, Explanation: &Explanation{Expr: "x > 1 and y < 0", Op: "and", Value: True, Children: []*Explanation{
		{Expr: "x > 1", Op: ">", Value: True, Decisive: true, Facts: []FactValue{{Name: "x", Type: Number, Value: math.Inf(1), Known: true}}},
		{Expr: "y < 0", Op: "<", Value: True, Decisive: true, Facts: []FactValue{{Name: "y", Type: Number, Value: math.Inf(-1), Known: true}}},
	}}}
	b, err := json.Marshal(r.Explanation.Children)
	if err != nil {
		t.Fatalf("JSON of an infinite fact: %v", err)
	}
	if !strings.Contains(string(b), `"value":"+Inf"`) || !strings.Contains(string(b), `"value":"-Inf"`) {
		t.Errorf("JSON %s: want the infinities as \"+Inf\" and \"-Inf\"", b)
	}
	if got, want := r.Explanation.Children[0].String(), "true*    x > 1   (x = +Inf)"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
