package conditions_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// The transfer of Habomai and Shikotan as the Soviet memorandum of
// 27 January 1960 put it: only once a peace treaty is concluded and all
// foreign troops have withdrawn from Japan. (Joint Declaration of
// 19 October 1956, art. 9, sets the first condition; the memorandum adds
// the second. Sources: https://en.m.wikipedia.org/wiki/Soviet%E2%80%93Japanese_Joint_Declaration_of_1956
// and https://regnum.ru/news/2555284.html, as summarised in the project's
// treaty facts, section 1.2 (6) and (8).)
const kurilTransfer = "peace_treaty.concluded and foreign_troops.withdrawn"

// What would it take for the islands to be transferred, or for the
// transfer not to happen?
func ExampleTakes() {
	e := conditions.MustParse(kurilTransfer)
	for _, want := range []conditions.Truth{conditions.True, conditions.False} {
		as, err := conditions.Takes(e, nil, want)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("to be %v:\n", want)
		for _, a := range as {
			fmt.Println("  ", a)
		}
	}

	// Once it is known that foreign troops remain, nothing can make the
	// condition true, and it is already false whatever happens.
	stay := conditions.Facts{"foreign_troops.withdrawn": false}
	tru, _ := conditions.Takes(e, stay, conditions.True)
	fls, _ := conditions.Takes(e, stay, conditions.False)
	fmt.Println("troops remain:", len(tru), "ways to true;", fls)
	// Output:
	// to be true:
	//    foreign_troops.withdrawn = true, peace_treaty.concluded = true
	// to be false:
	//    foreign_troops.withdrawn = false
	//    peace_treaty.concluded = false
	// troops remain: 0 ways to true; [(nothing)]
}

// Atoms over one fact are related: a count cannot be both above 5 and
// below 3, so no assignment asks for both, and requiring both is
// impossible.
func ExampleTakes_comparisons() {
	either := conditions.MustParse("troops.count > 5 or troops.count < 3")
	as, _ := conditions.Takes(either, nil, conditions.True)
	for _, a := range as {
		fmt.Println(a)
	}

	both := conditions.MustParse("troops.count > 5 and troops.count < 3")
	as, _ = conditions.Takes(both, nil, conditions.True)
	fmt.Println(len(as), "ways")
	// Output:
	// troops.count < 3 = true
	// troops.count > 5 = true
	// 0 ways
}

// A quorum of ratifications with one of three already in: the residual
// asks for one more of the other two.
func ExampleResidual() {
	e := conditions.MustParse(`atleast(2, ratified.a, ratified.b, ratified.c) and deposit.date >= @1956-12-12 and status != "void"`)
	r := conditions.Residual(e, conditions.Facts{"ratified.b": true, "status": "in force"})
	fmt.Println(r)

	// Once the quorum is out of reach the residual is the literal false.
	r = conditions.Residual(e, conditions.Facts{"ratified.a": false, "ratified.c": false})
	fmt.Println(r)
	// Output:
	// (ratified.a or ratified.c) and deposit.date >= @1956-12-12
	// false
}

// An analysis can be stopped through its context, from another goroutine
// or by a deadline: it then returns the context's error.
func ExampleTakesContext() {
	var parties []string
	for i := range 30 {
		parties = append(parties, fmt.Sprintf("ratified.p%02d", i))
	}
	quorum := conditions.MustParse("atleast(10, " + strings.Join(parties, ", ") + ")")

	// Nine ratifications in: any one of the other 21 completes the quorum.
	known := conditions.Facts{}
	for _, p := range parties[:9] {
		known[p] = true
	}
	ctx, cancel := context.WithCancel(context.Background())
	as, err := conditions.TakesContext(ctx, quorum, known, conditions.True)
	fmt.Println(len(as), err)

	// With nothing known, the quorum has C(30, 10) = 30,045,015 minimal
	// assignments, which would be refused with a limit error after about
	// a second of work; a cancelled context stops it at once.
	cancel()
	_, err = conditions.TakesContext(ctx, quorum, nil, conditions.True)
	fmt.Println(errors.Is(err, context.Canceled))
	// Output:
	// 21 <nil>
	// true
}
