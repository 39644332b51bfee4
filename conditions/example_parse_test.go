package conditions_test

import (
	"errors"
	"fmt"

	"github.com/treatycond/treatycond/conditions"
)

func ExampleParse() {
	e, err := conditions.Parse(`peace_treaty.concluded&&(foreign_troops.count==0)`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e)
	fmt.Println(e.Facts())
	// Output:
	// peace_treaty.concluded and foreign_troops.count == 0
	// [foreign_troops.count peace_treaty.concluded]
}

func ExampleParse_precedence() {
	for _, src := range []string{
		"!withdrawn || ratified.de && ratified.fr",
		"(a and b) and (c and d)",
		"not (x.count - -2) * 3 >= 10",
	} {
		fmt.Println(conditions.MustParse(src))
	}
	// Output:
	// not withdrawn or ratified.de and ratified.fr
	// a and b and c and d
	// not (x.count - -2) * 3 >= 10
}

func ExampleSnippet() {
	src := "ratified.de and\n  (ratified.fr or ) and signed < @1990-02-30"
	_, err := conditions.Parse(src)
	fmt.Println(conditions.Snippet(src, err))
	// Output:
	// 2:19: unexpected ')': expected a condition
	//       (ratified.fr or ) and signed < @1990-02-30
	//                       ^
	// 2:34: invalid date @1990-02-30: day out of range
	//       (ratified.fr or ) and signed < @1990-02-30
	//                                      ^~~~~~~~~~~
}

func ExampleErrorList() {
	_, err := conditions.Parse("a = 1 and (b or c")
	fmt.Println(err)
	fmt.Println(errors.Is(err, conditions.ErrSyntax), errors.Is(err, conditions.ErrLimit))

	var list conditions.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("%s at %s: %s\n", e.Code, e.Pos, e.Msg)
		}
	}
	// Output:
	// 1:3: '=' is not an operator: use '==' for equality (and 1 more error)
	// true false
	// syntax at 1:3: '=' is not an operator: use '==' for equality
	// syntax at 1:18: expected ')' to close '(' at 1:11
}
