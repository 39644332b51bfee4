package conditions

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestCheckLongChains checks type checking and inference on arithmetic
// chains far deeper than the nesting limit, which the checker walks as
// loops over their left spines: errors deep in a chain are found where
// they are, types flow through the chain, and inference sees the uses of
// facts in source order (the first use decides a fact's type).
func TestCheckLongChains(t *testing.T) {
	const n = 5000
	chain := func(first, rest string) string { return first + strings.Repeat(" + "+rest, n-1) }
	tests := []struct {
		name   string
		src    string
		types  map[string]Type // inferred; nil when errors are expected
		errs   []string        // "line:col: message", in order
		reason string
	}{
		{
			name: "numbers", src: chain("x", "y") + " > 0",
			types:  map[string]Type{"x": Number, "y": Number},
			reason: "x + y joins the two facts, a number by default",
		},
		{
			name: "string deep inside", src: chain("x", "1") + ` + "s" + 1 > 0`,
			errs:   []string{`1:20001: operand of '+' must be number, found string`},
			reason: "the string is the right operand of the operation second from the top",
		},
		{
			name: "string innermost", src: `"s"` + strings.Repeat(" + 1", n) + " > 0",
			errs:   []string{`1:1: operand of '+' must be number, found string`},
			reason: "the innermost left operand is checked first and reported once",
		},
		{
			name: "date chain", src: chain("signed", "1d") + " >= @2020-01-01",
			types:  map[string]Type{"signed": Date},
			reason: "a fact next to a period is a date, and date + period stays a date up the chain",
		},
		{
			name: "first use decides", src: chain("x", "b") + " > 0 and b",
			errs:   []string{`1:20007: fact "b" is used as bool here but as number at 1:9`},
			reason: "the uses of b inside the chain come first in the source, so b is a number (x + b only joins b to x; b + b is the first use as a number)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := MustParse(tt.src)
			types, errs := inferTypes(e.root, nil)
			var got []string
			for _, err := range errs {
				got = append(got, err.Pos.String()+": "+err.Msg)
			}
			if tt.types == nil {
				require.NotEmpty(t, got, tt.reason)
				for i := range got {
					// Keep only the start of a long message.
					got[i], _, _ = strings.Cut(got[i], " (")
				}
				if diff := cmp.Diff(tt.errs, got); diff != "" {
					t.Fatalf("%s (-want +got):\n%s", tt.reason, diff)
				}
				return
			}
			require.Empty(t, got, tt.reason)
			if diff := cmp.Diff(tt.types, types); diff != "" {
				t.Fatalf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
