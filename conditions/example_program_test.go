package conditions_test

import (
	"fmt"
	"math/bits"

	"github.com/treatycond/treatycond/conditions"
)

// Implementation Day of the JCPOA came when the IAEA verified that Iran had
// carried out the nuclear measures of Annex V, sections 15.1 to 15.11, and,
// at the same time, the EU and the US lifted sanctions as Annex V, sections
// 16 and 17, set out. It was 16 January 2016.
//
// Sources: US Treasury, FAQ on the lifting of sanctions under the JCPOA,
// https://www.iranwatch.org/library/governments/united-states/executive-branch/department-treasury/frequently-asked-questions-relating-lifting-certain-us-sanctions-under-joint;
// USIP Iran Primer, https://iranprimer.usip.org/node/1806?page=12.
func ExampleCompile() {
	schema, err := conditions.NewSchema(
		conditions.Field{Name: "iaea.verified_annex_v", Type: conditions.Bool},
		conditions.Field{Name: "eu.sanctions_lifted", Type: conditions.Bool},
		conditions.Field{Name: "us.sanctions_lifted", Type: conditions.Bool},
	)
	if err != nil {
		panic(err)
	}
	cond := conditions.MustParse(`iaea.verified_annex_v and eu.sanctions_lifted and us.sanctions_lifted`)
	prog, err := conditions.Compile(cond, schema)
	if err != nil {
		panic(err)
	}

	// Slots are fixed by the schema: look them up once, then fill and
	// evaluate as often as needed without allocating.
	verified, _ := schema.Index("iaea.verified_annex_v")
	eu, _ := schema.Index("eu.sanctions_lifted")
	us, _ := schema.Index("us.sanctions_lifted")

	v := conditions.NewValues(schema)
	v.SetBool(verified, true)
	fmt.Println(prog.Eval(v)) // what the EU and the US do is not known yet

	v.SetBool(eu, true)
	v.SetBool(us, false)
	fmt.Println(prog.Eval(v))

	v.SetBool(us, true)
	fmt.Println(prog.Eval(v))
	// Output:
	// unknown <nil>
	// false <nil>
	// true <nil>
}

// Under UN Security Council Resolution 2231, once a JCPOA participant has
// notified the Council of significant non-performance, the earlier UN
// sanctions return unless the Council adopts, within 30 days, a resolution
// to continue their termination. A veto therefore works for snapback.
// Sweeping the vetoes of the five permanent members shows it: a
// resolution needs nine votes in favour and no veto.
//
// Source: treaty facts of this project, section 2.2, after
// https://jewishinsider.com/2025/08/iran-snapback-sanctions-triggered-unsc-germany-france-u-k.
func ExampleProgram_EvalBatch() {
	p5 := []string{"china.vetoes", "france.vetoes", "russia.vetoes", "uk.vetoes", "us.vetoes"}
	fields := []conditions.Field{
		{Name: "snapback.notified", Type: conditions.Bool},
		{Name: "votes.in_favour", Type: conditions.Number},
	}
	for _, name := range p5 {
		fields = append(fields, conditions.Field{Name: name, Type: conditions.Bool})
	}
	schema, err := conditions.NewSchema(fields...)
	if err != nil {
		panic(err)
	}
	snapback := conditions.MustParse(`snapback.notified and not (votes.in_favour >= 9
		and not china.vetoes and not france.vetoes and not russia.vetoes
		and not uk.vetoes and not us.vetoes)`)
	prog, err := conditions.Compile(snapback, schema)
	if err != nil {
		panic(err)
	}

	var slots []int // the vetoes, swept over their 32 assignments
	for _, name := range p5 {
		i, _ := schema.Index(name)
		slots = append(slots, i)
	}
	notified, _ := schema.Index("snapback.notified")
	inFavour, _ := schema.Index("votes.in_favour")

	b := conditions.NewBatch(schema)
	b.SetBool(notified, true) // the same in every lane
	b.SetNumber(inFavour, 12)
	sweep := func() {
		for block := range conditions.Blocks(len(slots)) {
			valid, err := b.Enumerate(slots, block)
			if err != nil {
				panic(err)
			}
			t, f, err := prog.EvalBatch(b)
			if err != nil {
				panic(err)
			}
			fmt.Printf("%d vote patterns: sanctions return in %d, not in %d (lanes %#x), unknown in %d\n",
				bits.OnesCount64(valid), bits.OnesCount64(t&valid), bits.OnesCount64(f&valid), f&valid,
				bits.OnesCount64(valid&^(t|f)))
		}
	}
	sweep()
	b.Unset(inFavour) // if the count of votes in favour is not known
	sweep()
	// Output:
	// 32 vote patterns: sanctions return in 31, not in 1 (lanes 0x1), unknown in 0
	// 32 vote patterns: sanctions return in 31, not in 0 (lanes 0x0), unknown in 1
}
