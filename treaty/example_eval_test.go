package treaty_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/treatycond/treatycond/treaty"
)

// EvaluateContext stops when its context is done; the error wraps the
// context's, and says what it concerns. Evaluation errors are coded: an
// unknown clause id is treaty.ErrUnknownClause.
func ExampleEvaluateContext() {
	m := kuril()
	s := &treaty.Scenario{ID: "now", AsOf: treaty.MustDate("2025-01-01")}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := treaty.EvaluateContext(ctx, m, s, treaty.ForClauses("art9"), treaty.ForReadings("RU"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Results[0].Clause, rep.Results[0].Reading, rep.Results[0].Status)

	_, err = treaty.EvaluateContext(ctx, m, s, treaty.ForClauses("art10"))
	var e *treaty.Error
	if errors.Is(err, treaty.ErrUnknownClause) && errors.As(err, &e) {
		fmt.Println("unknown clause:", e.Clause)
	}

	cancel()
	_, err = treaty.EvaluateContext(ctx, m, s)
	fmt.Println(errors.Is(err, context.Canceled), errors.Is(err, treaty.ErrCanceled))
	// Output:
	// art9 RU undetermined
	// unknown clause: art10
	// true true
}
