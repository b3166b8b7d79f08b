package site

import (
	"cmp"
	"strings"
)

// maxRelated is how many related projects a project page lists.
const maxRelated = 5

// Weights of what two projects share. A place is the strongest tie; a
// funder or partner alone is weak, since one funder may pay for hundreds of
// projects.
const (
	placeWeight   = 3
	funderWeight  = 1
	partnerWeight = 1
)

// relate fills each project's Related: those sharing the most places,
// funders and partners, best first, ties broken by newest start and slug.
// It works from inverted indexes, so its cost follows the number of shared
// keys rather than the square of the number of projects.
func relate(projects []*Project) {
	type key struct {
		kind string
		name string
	}
	buckets := map[key][]int{}
	weights := map[string]int{"place": placeWeight, "funder": funderWeight, "partner": partnerWeight}
	keysOf := func(p *Project) []key {
		var ks []key
		for _, pl := range p.Places {
			ks = append(ks, key{"place", pl.Slug})
		}
		for _, f := range p.Funders {
			ks = append(ks, key{"funder", f.Slug})
		}
		for _, pa := range p.Partners {
			ks = append(ks, key{"partner", strings.ToLower(pa)})
		}
		return ks
	}
	for i, p := range projects {
		for _, k := range keysOf(p) {
			buckets[k] = append(buckets[k], i)
		}
	}
	score := make([]int, len(projects))
	var touched []int
	for i, p := range projects {
		for _, k := range keysOf(p) {
			for _, j := range buckets[k] {
				if j == i {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j] += weights[k.kind]
			}
		}
		// Keep the best few by insertion; projects is sorted newest first,
		// so a lower index wins a tie.
		var best [maxRelated]int
		n := 0
		for _, j := range touched {
			if n == maxRelated && !better(j, best[n-1], score) {
				continue
			}
			k := min(n, maxRelated-1)
			for k > 0 && better(j, best[k-1], score) {
				best[k] = best[k-1]
				k--
			}
			best[k] = j
			n = min(n+1, maxRelated)
		}
		p.Related = nil
		for _, j := range best[:n] {
			p.Related = append(p.Related, projects[j])
		}
		for _, j := range touched {
			score[j] = 0
		}
		touched = touched[:0]
	}
}

// better reports whether candidate a ranks above b.
func better(a, b int, score []int) bool {
	return cmp.Or(score[b]-score[a], a-b) < 0
}
