// Package suggest finds the "did you mean" candidate for a misspelt name.
// It is shared by the condition language, the treaty loader and the
// command line tool, so that all three suggest the same names.
package suggest

import "strings"

// Closest returns the candidate closest to name if it is a plausible
// misspelling, or "": one that differs only in case, or else the nearest
// by edit distance within 2 edits (a quarter of the name's length for long
// names) and with fewer edits than the name has characters. Ties go to the
// first candidate; name itself and empty candidates are never suggested.
func Closest(name string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if c == "" || c == name {
			continue
		}
		if strings.EqualFold(c, name) {
			return c
		}
		if d := Distance(name, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len(name)/4) || bestD >= len([]rune(name)) {
		return ""
	}
	return best
}

// Distance returns the Levenshtein distance between a and b, counted in
// runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
