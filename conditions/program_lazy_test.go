package conditions

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestEvalFactsLazy checks, case by case, which facts EvalFacts reads:
// those its short-circuits reach, so that an invalid value elsewhere is
// not reported, where Eval, which reads every fact, reports it.
func TestEvalFactsLazy(t *testing.T) {
	s := progSchema(t)
	jan2 := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		src      string
		facts    Facts
		want     Truth
		code     Code // EvalFacts's error, "" for none
		evalCode Code // Eval's error on the same facts, "" for none
		reason   string
	}{
		{"a and b", Facts{"a": false, "b": "oops"}, False, "", CodeFactType,
			"and stops at its first false operand: b is not looked up"},
		{"a and b", Facts{"a": true, "b": "oops"}, Unknown, CodeFactType, CodeFactType,
			"a true does not decide the and: b is looked up and its invalid value reported"},
		{"b and a", Facts{"a": false, "b": "oops"}, Unknown, CodeFactType, CodeFactType,
			"operands are evaluated left to right: b comes first"},
		{"a or b", Facts{"a": true, "b": 1}, True, "", CodeFactType,
			"or stops at its first true operand"},
		{"a and b", Facts{"b": false}, False, "", "",
			"an unknown operand does not stop an and: the false one after it decides"},
		{"a and b", Facts{"a": true}, Unknown, "", "",
			"a missing fact is unknown, as in Eval"},
		{"not a and b", Facts{"a": true, "b": []int{1}}, False, "", CodeFactType,
			"not evaluates its operand; the and stops at the false not a"},
		{"atleast(2, a, b, c)", Facts{"a": true, "b": true, "c": "oops"}, True, "", CodeFactType,
			"atleast stops once k operands are true"},
		{"atleast(2, a, b, c)", Facts{"a": false, "b": false, "c": "oops"}, False, "", CodeFactType,
			"atleast stops once too many operands are false for k to be reached"},
		{"atleast(2, a, b, c)", Facts{"a": true, "b": false, "c": "oops"}, Unknown, CodeFactType, CodeFactType,
			"one true and one false leave atleast(2) open: c is looked up"},
		{"a and x / y > 1", Facts{"a": false, "x": 1, "y": 0}, False, "", CodeDivByZero,
			"a division by zero in an operand that is skipped is not met"},
		{"a and x / y > 1", Facts{"a": true, "x": 1, "y": 0}, Unknown, CodeDivByZero, CodeDivByZero,
			"a division by zero in an operand that is evaluated is reported"},
		{"x > 1 and y < 2", Facts{"x": 0, "y": "oops"}, False, "", CodeFactType,
			"each comparison is an operand of its own"},
		{"x + y > 1 or a", Facts{"x": 5, "y": "oops", "a": true}, Unknown, CodeFactType, CodeFactType,
			"a comparison reads all of its facts before it is evaluated"},
		{"day <= @2020-01-01 and a", Facts{"day": jan2, "a": 3}, False, "", CodeFactType,
			"a date compared with a constant is evaluated directly, and false stops the and"},
		{"s == t or a", Facts{"s": "p", "t": "p", "a": "oops"}, True, "", CodeFactType,
			"a comparison of two strings is a unit; true stops the or"},
		{"(a or b) and (c or x > 2)", Facts{"a": true, "b": "oops", "c": false, "x": 3}, True, "", CodeFactType,
			"short-circuits nest: the inner or stops at a, the outer and goes on"},
	}
	for _, tt := range tests {
		if tt.reason == "" {
			t.Fatalf("%s: no reason", tt.src)
		}
		t.Run(tt.src, func(t *testing.T) {
			p := progCompile(t, tt.src, s)
			got, err := p.EvalFacts(tt.facts)
			if tt.code == "" {
				require.NoError(t, err, tt.reason)
				require.Equal(t, tt.want, got, tt.reason)
			} else {
				e := progFirstError(err)
				require.NotNil(t, e, "want error %s: %s", tt.code, tt.reason)
				require.Equal(t, tt.code, e.Code, tt.reason)
				require.Equal(t, Unknown, got, tt.reason)
			}
			_, evalErr := Eval(p.Expr(), tt.facts)
			if tt.evalCode == "" {
				require.NoError(t, evalErr, "Eval: %s", tt.reason)
			} else {
				e := progFirstError(evalErr)
				require.NotNil(t, e, "Eval: want error %s", tt.evalCode)
				require.Equal(t, tt.evalCode, e.Code, "Eval: %s", tt.reason)
			}
			// The definition, computed the slow way, agrees.
			rt, rerr := p.EvalFactsRef(tt.facts)
			require.Empty(t, progSame(Result{Value: rt}, rerr, got, err), tt.reason)
		})
	}
}

// TestEvalFactsErrorPosition checks that the error EvalFacts reports is
// Program.Eval's on the facts looked up so far: at the first occurrence of
// the invalid fact, with Eval's message.
func TestEvalFactsErrorPosition(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "a and (b or c) and b", s)
	f := Facts{"a": true, "b": "oops", "c": true}
	_, err := p.EvalFacts(f)
	_, want := Eval(p.Expr(), f)
	require.Equal(t, progFirstError(want), progFirstError(err))
	require.Equal(t, 7, progFirstError(err).Pos.Offset, "b's first occurrence")
}

// TestEvalFactsPooled evaluates twice with the same pooled scratch space:
// facts of the first call must not leak into the second.
func TestEvalFactsPooled(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "x + y > 1 or a", s) // a unit: its facts go to a Values
	got, err := p.EvalFacts(Facts{"x": 1, "y": 1})
	require.NoError(t, err)
	require.Equal(t, True, got)
	got, err = p.EvalFacts(Facts{"x": 1})
	require.NoError(t, err)
	require.Equal(t, Unknown, got, "y is unknown in the second call")
	_, err = p.EvalFacts(Facts{"x": 1, "y": "bad"})
	require.Error(t, err)
	got, err = p.EvalFacts(Facts{"x": 1, "y": 2})
	require.NoError(t, err, "an invalid value of an earlier call is forgotten")
	require.Equal(t, True, got)
}
