package calendar_test

import (
	"fmt"

	"github.com/treatycond/treatycond/internal/calendar"
)

func ExampleAddPeriod() {
	jan31, _ := calendar.Parse("2024-01-31")
	fmt.Println(calendar.Format(calendar.AddPeriod(jan31, 0, 1, 0)))
	fmt.Println(calendar.Format(calendar.AddPeriod(jan31, 1, 1, 0)))
	_, err := calendar.Parse("2024-02-30")
	fmt.Println(err)
	// Output:
	// 2024-02-29
	// 2025-02-28
	// invalid date "2024-02-30": day 30 is out of range: February 2024 has 29 days
}
