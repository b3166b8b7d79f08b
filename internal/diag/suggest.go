package diag

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidates closest to word by edit distance (ignoring
// case), best first, when they are close enough to be what was meant: at
// most a third of the word's length away, or sharing all but its last
// letter as they start ("country", "countries"). It returns at most three.
func Suggest(word string, candidates []string) []string {
	w := strings.ToLower(word)
	limit := max(1, utf8.RuneCountInString(w)/3)
	type scored struct {
		s string
		d int
	}
	var best []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(w, lc)
		near := len(w) >= 4 && strings.HasPrefix(lc, w[:len(w)-1])
		if d > limit && near {
			d = limit + 1 // after the close ones
		}
		if d <= limit || near {
			best = append(best, scored{c, d})
		}
	}
	slices.SortStableFunc(best, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.s, b.s)
	})
	var out []string
	for _, b := range best {
		if !slices.Contains(out, b.s) {
			out = append(out, b.s)
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

// DidYouMean formats Suggest's answer as `; did you mean "x"?`, or "" when
// there is nothing to suggest.
func DidYouMean(word string, candidates []string) string {
	s := Suggest(word, candidates)
	if len(s) == 0 {
		return ""
	}
	q := make([]string, len(s))
	for i, c := range s {
		q[i] = `"` + c + `"`
	}
	return "; did you mean " + strings.Join(q, " or ") + "?"
}

// distance is Distance without a limit.
func distance(a, b string) int { return Distance(a, b, -1) }

// Distance is the edit distance between a and b, in runes: insertions,
// deletions, substitutions and swaps of neighbours ("Germnay") each cost
// one. With a limit of 0 or more, it stops at limit+1 once it is sure to
// exceed limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); limit >= 0 && (d > limit || -d > limit) {
		return limit + 1
	}
	before := make([]int, len(rb)+1) // the row before prev, for swaps
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if limit >= 0 && low > limit {
			return limit + 1
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(rb)]
}
