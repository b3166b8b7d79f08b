package site

import (
	"cmp"
	"strings"

	"portfolio/internal/places"
)

// maxRelated is how many related projects a project page lists.
const maxRelated = 5

// Weights of what two projects share. A place both name is the strongest
// tie; a region or group that one names and the other reaches through its
// countries (or both reach) is weaker; a funder or partner alone is weak,
// since one funder may pay for hundreds of projects. A shared key scores the
// lower of its two weights.
const (
	placeWeight   = 3
	withinWeight  = 1
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
	type entry struct {
		project, weight int
	}
	type weighted struct {
		key    key
		weight int
	}
	keysOf := func(p *Project) []weighted {
		var ks []weighted
		for _, pl := range p.Places {
			ks = append(ks, weighted{key{"place", pl.Slug}, placeWeight})
		}
		for _, pl := range p.Within {
			if pl.Kind != places.Region { // a continent is too broad to relate by
				ks = append(ks, weighted{key{"place", pl.Slug}, withinWeight})
			}
		}
		for _, f := range p.Funders {
			ks = append(ks, weighted{key{"funder", f.Slug}, funderWeight})
		}
		for _, pa := range p.Partners {
			ks = append(ks, weighted{key{"partner", strings.ToLower(pa)}, partnerWeight})
		}
		return ks
	}
	keys := make([][]weighted, len(projects))
	buckets := map[key][]entry{}
	for i, p := range projects {
		keys[i] = keysOf(p)
		for _, k := range keys[i] {
			buckets[k.key] = append(buckets[k.key], entry{i, k.weight})
		}
	}
	score := make([]int, len(projects))
	var touched []int
	for i, p := range projects {
		for _, k := range keys[i] {
			for _, e := range buckets[k.key] {
				if e.project == i {
					continue
				}
				if score[e.project] == 0 {
					touched = append(touched, e.project)
				}
				score[e.project] += min(k.weight, e.weight)
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
