package conditions_test

import (
	"fmt"
	"time"

	"github.com/treatycond/treatycond/conditions"
)

// Dates in conditions: asof is the evaluation date, given as a fact; a
// period moves a date by the calendar rule (31 January + 1m is the end of
// February).
func Example_dates() {
	e := conditions.MustParse("asof >= ratified + 1m and asof - ratified < 60")
	for _, asof := range []string{"2024-02-28", "2024-02-29", "2024-03-31"} {
		d, _ := time.Parse(time.DateOnly, asof)
		r, err := conditions.Eval(e, conditions.Facts{
			conditions.AsOf: d,
			"ratified":      time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(asof, r.Value)
	}
	// Output:
	// 2024-02-28 false
	// 2024-02-29 true
	// 2024-03-31 false
}

// AsOfChanges tells on which days a condition can turn as time passes,
// the other facts staying as they are.
func ExampleAsOfChanges() {
	e := conditions.MustParse("asof >= signed + 30d and asof < signed + 10y")
	signed := time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC)
	days, err := conditions.AsOfChanges(e, conditions.Facts{"signed": signed},
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range days {
		fmt.Println(d.Format(time.DateOnly))
	}
	// Output:
	// 2020-03-30
	// 2030-02-28
}
