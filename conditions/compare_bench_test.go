package conditions

import "testing"

// BenchmarkCompareImpacts measures Compare and Impacts on the 40-atom
// condition of BenchmarkTakes and a second reading of it with one more
// condition, against Takes on the same condition in the same run: read
// the ratios, not the absolute numbers.
func BenchmarkCompareImpacts(b *testing.B) {
	a := lgTreaty40()
	other := And(a, MustParse("withdrawal.confirmed"))
	b.Run("Takes-40atoms", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Takes(a, nil, True); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Compare-40atoms", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, err := Compare(a, other, nil)
			if err != nil || c.Relation != ImpliedBy {
				b.Fatal(c.Relation, err)
			}
		}
	})
	b.Run("Impacts-40atoms", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			// 41 atoms, of which troops.count == 0 does not matter:
			// it implies troops.count < 100, which alone decides the
			// troop clause.
			im, err := Impacts([]Expr{a, other}, nil)
			if err != nil || len(im.Atoms) != 40 {
				b.Fatal(len(im.Atoms), err)
			}
		}
	})
}
