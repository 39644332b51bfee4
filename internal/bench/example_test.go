package bench_test

import (
	"fmt"

	"github.com/expr-lang/expr/vm"
	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/bench"
)

// Evaluate generated scenarios of C5 with the hand-written floor, with
// treatycond and with expr, whose env names the facts without dots.
func Example() {
	c := bench.C5
	s := c.Generate(1, 6)[3:]
	fmt.Println(bench.ExprName("ratifications.count"))

	e, err := c.Parse()
	if err != nil {
		panic(err)
	}
	p, err := c.CompileExpr()
	if err != nil {
		panic(err)
	}
	for i := range s {
		r, err := conditions.Eval(e, c.TreatyFacts(&s[i]))
		if err != nil {
			panic(err)
		}
		out, err := vm.Run(p, c.ExprEnv(&s[i]))
		if err != nil {
			panic(err)
		}
		fmt.Println(s[i].RatificationsCount, c.Go(&s[i]), r.Value, out)
	}
	// Output:
	// ratifications__count
	// 51 true true true
	// 36 false false false
	// 66 true true true
}
