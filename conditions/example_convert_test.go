package conditions_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/treatycond/treatycond/conditions"
)

// ConvertFact gives a fact value the form every evaluator sees, or the
// error Eval would report for it.
func ExampleConvertFact() {
	v, err := conditions.ConvertFact("votes.yes", conditions.Number, int32(412))
	fmt.Printf("%T %v %v\n", v, v, err)
	_, err = conditions.ConvertFact("votes.yes", conditions.Number, math.Inf(1))
	fmt.Println(errors.Is(err, conditions.ErrFactType), err)
	d, err := conditions.ConvertJSONFact("ceasefire.effective_on", conditions.Date, "2025-06-30")
	fmt.Println(d, err)
	// Output:
	// float64 412 <nil>
	// true fact "votes.yes" must be a number: +Inf is not a number the language accepts: fact values must be finite
	// 2025-06-30 00:00:00 +0000 UTC <nil>
}
