package site

import (
	"cmp"
	"strings"
)

// maxRelated is how many related projects a project page lists.
const maxRelated = 5

// Weights of what two projects share. A place both name is the strongest
// tie; a region or group that one names and the other reaches through its
// countries is weaker; a funder or partner alone is weak, since one funder
// may pay for hundreds of projects.
const (
	placeWeight   = 3
	withinWeight  = 1
	funderWeight  = 1
	partnerWeight = 1
)

// relate fills each project's Related: those sharing the most, best first,
// ties broken by newest start. It works from inverted indexes, so its cost
// follows the number of shared keys rather than the square of the number of
// projects. Two projects that only both reach a region (say, one in Kenya
// and one in Uganda) are not related through it: that would make every
// bucket continent-sized, and naming the countries is the stronger tie.
func relate(projects []*Project) {
	named := map[string][]int{}    // place slug → projects naming it
	reaching := map[string][]int{} // place slug → projects reaching it through their countries
	others := map[string][]int{}   // "funder:slug", "partner:name" → projects
	otherKeys := func(p *Project) []string {
		var ks []string
		for _, f := range p.Funders {
			ks = append(ks, "funder:"+f.Slug)
		}
		for _, pa := range p.Partners {
			ks = append(ks, "partner:"+strings.ToLower(pa))
		}
		return ks
	}
	for i, p := range projects {
		for _, pl := range p.Places {
			named[pl.Slug] = append(named[pl.Slug], i)
		}
		for _, pl := range p.Within {
			reaching[pl.Slug] = append(reaching[pl.Slug], i)
		}
		for _, k := range otherKeys(p) {
			others[k] = append(others[k], i)
		}
	}
	score := make([]int, len(projects))
	var touched []int
	add := func(self int, bucket []int, w int) {
		for _, j := range bucket {
			if j == self {
				continue
			}
			if score[j] == 0 {
				touched = append(touched, j)
			}
			score[j] += w
		}
	}
	for i, p := range projects {
		for _, pl := range p.Places {
			add(i, named[pl.Slug], placeWeight)
			add(i, reaching[pl.Slug], withinWeight)
		}
		for _, pl := range p.Within {
			add(i, named[pl.Slug], withinWeight)
		}
		for _, k := range otherKeys(p) {
			w := funderWeight
			if strings.HasPrefix(k, "partner:") {
				w = partnerWeight
			}
			add(i, others[k], w)
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
