package treaty

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/treatycond/treatycond/conditions"
)

// TestConvertFactAgreesWithConditions checks that treaty's conversion of
// scenario values built in Go accepts and produces exactly what package
// conditions does (one rule for fact values), apart from its two
// documented extras: a Date, and a date written "YYYY-MM-DD".
func TestConvertFactAgreesWithConditions(t *testing.T) {
	type myInt int
	type myString string
	n, b := 3.5, true
	var nilPtr *float64
	when := time.Date(2020, 5, 17, 23, 30, 0, 0, time.FixedZone("east", 5*3600))
	values := []any{
		nil, true, false, 0, -7, int8(3), uint16(9), uintptr(4), float32(1.5), 2.25, myInt(5),
		math.NaN(), math.Inf(-1), float32(math.Inf(1)), "x", myString("y"), "2020-01-02",
		when, time.Time{}, &n, &b, nilPtr, []int{1}, struct{}{}, complex(1, 2), map[string]int{},
	}
	types := []conditions.Type{conditions.Bool, conditions.Number, conditions.String, conditions.Date, conditions.Any}
	for _, typ := range types {
		for _, v := range values {
			want, wantErr := conditions.ConvertFact("f", typ, v)
			got, gotErr := convertFactValue("f", typ, v)
			if s, ok := v.(string); ok && typ == conditions.Date {
				// Extra: a date as text.
				d, err := ParseDate(s)
				if err == nil {
					want, wantErr = d.Time(), nil
				}
			}
			if (wantErr != nil) != (gotErr != nil) {
				t.Errorf("%v %T(%v): conditions error %v, treaty error %v", typ, v, v, wantErr, gotErr)
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%v %T(%v): values differ (-conditions +treaty):\n%s", typ, v, v, diff)
			}
		}
	}
	// Extra: a Date, for a date fact or a fact of any type.
	for _, typ := range []conditions.Type{conditions.Date, conditions.Any} {
		got, err := convertFactValue("f", typ, MustDate("2020-01-02"))
		if err != nil || !got.(time.Time).Equal(MustDate("2020-01-02").Time()) {
			t.Errorf("%v Date: got %v, %v", typ, got, err)
		}
	}
	if _, err := convertFactValue("f", conditions.Number, MustDate("2020-01-02")); err == nil {
		t.Error("a Date for a number fact is accepted")
	}
}
