package suggest

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClosest(t *testing.T) {
	facts := []string{"peace_treaty.concluded", "foreign_troops.withdrawn", "islands.transferred"}
	for _, tt := range []struct {
		name, want, reason string
		candidates         []string
	}{
		{"peace_treaty.conclude", "peace_treaty.concluded", "one letter missing", facts},
		{"Peace_Treaty.Concluded", "peace_treaty.concluded", "case alone differs", facts},
		{"foreign_troops.withdrwn", "foreign_troops.withdrawn", "a typo in a long name", facts},
		{"treaty", "", "too far from every candidate", facts},
		{"jp", "JP", "case wins even for short names", []string{"JP", "RU"}},
		{"XX", "", "two edits are the whole name: not a misspelling", []string{"JP", "RU"}},
		{"a", "", "nothing to suggest from no candidates", nil},
		{"JP", "", "the name itself is not a suggestion", []string{"JP"}},
		{"abcd", "abce", "ties go to the first candidate", []string{"abce", "abcf"}},
	} {
		assert.Equal(t, tt.want, Closest(tt.name, tt.candidates), tt.reason)
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"Lomé", "Lome", 1}, {"ab", "ba", 2},
	} {
		assert.Equal(t, tt.d, Distance(tt.a, tt.b), "%q %q", tt.a, tt.b)
		assert.Equal(t, tt.d, Distance(tt.b, tt.a), "symmetric: %q %q", tt.a, tt.b)
	}
}

func ExampleClosest() {
	fmt.Println(Closest("as-of", []string{"scenario", "as_of", "reading"}))
	// Output: as_of
}
