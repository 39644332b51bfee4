package conditions_test

import (
	"fmt"

	"github.com/treatycond/treatycond/conditions"
)

// Two readings of one clause: Russia's adds the withdrawal of foreign
// troops to Japan's condition. Russia's condition implies Japan's; the
// example completion shows where they part.
func ExampleCompare() {
	jp := conditions.MustParse("peace_treaty.concluded")
	ru := conditions.MustParse("peace_treaty.concluded and foreign_troops.withdrawn")
	c, err := conditions.Compare(jp, ru, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Relation)
	fmt.Println("only Japan's holds:", c.OnlyA)
	// Output:
	// implied_by
	// only Japan's holds: map[foreign_troops.withdrawn:false peace_treaty.concluded:true]
}

// What should we find out next? Learning whether a peace treaty is
// concluded decides more than learning about the troops.
func ExampleImpacts() {
	jp := conditions.MustParse("peace_treaty.concluded")
	ru := conditions.MustParse("peace_treaty.concluded and foreign_troops.withdrawn")
	im, err := conditions.Impacts([]conditions.Expr{jp, ru}, conditions.Facts{"turnout": 0.4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range im.Atoms {
		fmt.Printf("%s: if true %v, if false %v (decides %d)\n", a.Atom, a.IfTrue, a.IfFalse, a.Decides)
	}
	// Output:
	// peace_treaty.concluded: if true [true unknown], if false [false false] (decides 3)
	// foreign_troops.withdrawn: if true [unknown unknown], if false [unknown false] (decides 1)
}
