package conditions

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// Regression tests for the nil arguments that panicked (issue 16): each
// must give a coded error or a documented zero result instead.

func TestEvalBatchNilBatchIsErrArgument(t *testing.T) {
	s, err := NewSchema(Field{Name: "a", Type: Bool})
	require.NoError(t, err)
	p, err := Compile(MustParse("a"), s)
	require.NoError(t, err)
	tr, fa, err := p.EvalBatch(nil)
	require.ErrorIs(t, err, ErrArgument)
	require.Contains(t, err.Error(), "nil Batch")
	if tr != 0 || fa != 0 {
		t.Errorf("EvalBatch(nil) lanes = %#x, %#x, want 0, 0", tr, fa)
	}
}

func TestNilProgramMethodsDoNotPanic(t *testing.T) {
	var p *Program
	s, err := NewSchema(Field{Name: "a", Type: Bool})
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		eval func() (Truth, error)
	}{
		{"EvalFacts", func() (Truth, error) { return p.EvalFacts(Facts{"a": true}) }},
		{"Eval", func() (Truth, error) { return p.Eval(NewValues(s)) }},
		{"EvalBatch", func() (Truth, error) {
			tr, fa, err := p.EvalBatch(NewBatch(s))
			if tr != 0 || fa != 0 {
				t.Errorf("EvalBatch lanes = %#x, %#x, want 0, 0", tr, fa)
			}
			return Unknown, err
		}},
	} {
		got, err := c.eval()
		if !errors.Is(err, ErrArgument) {
			t.Errorf("nil Program.%s error = %v, want ErrArgument", c.name, err)
		}
		if got != Unknown {
			t.Errorf("nil Program.%s = %v, want Unknown", c.name, got)
		}
	}
	require.Nil(t, p.Schema())
	require.Nil(t, p.Facts())
	require.Equal(t, Expr{}, p.Expr())
	require.Equal(t, Expr{}.String(), p.String())
}

func TestNilErrorMethodsDoNotPanic(t *testing.T) {
	var e *Error
	require.Equal(t, "<nil>", e.Error())
	require.False(t, e.Is(ErrArgument), "a nil *Error matches no sentinel")
}
