package conditions

// nameTable finds the slot of a fact name among a few, for
// [Program.EvalFacts]: an open table indexed by a cheap hash of the name
// (its length and its first and last eight bytes), whose seed Compile
// chooses so that the names it holds do not collide. A name not in the
// table costs one hash and at most one string comparison.
type nameTable struct {
	ok    bool
	seed  uint64
	mask  uint64
	names []string // by table index; "" for an empty entry
	slots []int32
}

// newNameTable returns the table of the names of slots of s, or one that
// is not ok if no seed in a few tries separates them.
func newNameTable(s *Schema, slots []int32) nameTable {
	size := uint64(4)
	for size < 4*uint64(len(slots)) {
		size *= 2
	}
	for seed := uint64(1); seed <= 64; seed++ {
		t := nameTable{ok: true, seed: seed * 0x9E3779B97F4A7C15, mask: size - 1,
			names: make([]string, size), slots: make([]int32, size)}
		for _, sl := range slots {
			name := s.fields[sl].Name
			i := t.hash(name) & t.mask
			if t.names[i] != "" {
				t.ok = false
				break
			}
			t.names[i], t.slots[i] = name, sl
		}
		if t.ok {
			return t
		}
	}
	return nameTable{}
}

// slot returns the slot of name, or -1.
func (t *nameTable) slot(name string) int32 {
	i := t.hash(name) & t.mask
	if t.names[i] == name {
		return t.slots[i]
	}
	return -1
}

// hash is a cheap hash of s: its length and its first and last eight
// bytes (or all its bytes, if fewer), mixed with the seed.
func (t *nameTable) hash(s string) uint64 {
	h := t.seed ^ uint64(len(s))*0xff51afd7ed558ccd
	if len(s) >= 8 {
		h = (h ^ le64(s)) * 0xc4ceb9fe1a85ec53
		h = (h ^ le64(s[len(s)-8:])) * 0x9E3779B97F4A7C15
	} else {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 0x100000001b3
		}
	}
	return h ^ h>>29
}

// le64 returns the first eight bytes of s as a little-endian number.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
