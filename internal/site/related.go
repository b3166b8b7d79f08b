package site

import (
	"cmp"
	"runtime"
	"slices"
	"strings"

	"portfolio/internal/key"
	"portfolio/internal/par"
)

// maxRelated is how many related projects a project page lists.
const maxRelated = 5

// Weights of what two projects share. A place both name is the strongest
// tie; a region or group that one names and the other reaches through its
// countries is weaker; a funder or partner alone is weak, since one funder
// may pay for hundreds of projects.
const (
	placeWeight  = 3
	withinWeight = 1
	otherWeight  = 1 // a funder or a partner
)

// relate fills each project's Related: those sharing the most, best first,
// ties broken by newest start. It works from inverted indexes, so its cost
// follows the number of shared keys rather than the square of the number of
// projects. Two projects that only both reach a region (say, one in Kenya
// and one in Uganda) are not related through it: that would make every
// bucket continent-sized, and naming the countries is the stronger tie.
//
// prev, when not nil, is what relate returned for the previous build of
// the same site; relate then scores again only the projects whose result
// can have changed (see affected), and returns what the next build needs.
// minLong is the fewest projects a long list holds (see longLists).
func relate(projects []*Project, prev map[string]*relation, minLong int) (map[string]*relation, []*relation) {
	rels := make([]*relation, len(projects))
	next := make(map[string]*relation, len(projects))
	byPath := make(map[string]*Project, len(projects))
	for i, p := range projects {
		if p.facts.keys == nil {
			p.facts.keys = keysOf(p)
		}
		rels[i] = &relation{path: p.Path, relKeys: p.facts.keys, index: i}
		next[p.Path] = rels[i]
		byPath[p.Path] = p
	}
	todo, changed := affected(rels, prev, next)
	// A project left as it was takes its related projects from prev, by
	// path; should one be gone, it is scored again. When one project alone
	// changed, one sharing a key with it ranks it among its last ranking
	// (merge) rather than scoring every candidate again.
	var rest []int // the projects still to score
	for i, r := range rels {
		if !todo[i] {
			old := prev[r.path]
			if ps, ok := resolve(old.shown(), byPath); ok {
				projects[i].Related, r.ranked, r.complete = ps, old.ranked, old.complete
				continue
			}
			todo[i] = true
		}
		if len(changed) == 1 && r.path != changed[0] && merge(r, prev[r.path], changed[0], next) {
			projects[i].Related, _ = resolve(r.shown(), byPath)
			todo[i] = false
			continue
		}
		rest = append(rest, i)
	}
	// A few projects (the one an edit changed) are compared with every
	// other directly: cheaper than indexing every project's keys.
	if len(rest) <= fewToScore {
		for _, i := range rest {
			scoreDirectly(projects, rels, i)
		}
		return next, rels
	}

	// Number the keys, and give each project its keys' numbers once.
	placeIDs, otherIDs := map[string]int32{}, map[other]int32{}
	type keys struct{ places, within, others []int32 }
	ks := make([]keys, len(projects))
	for i, r := range rels {
		k := &ks[i]
		for _, s := range r.places {
			k.places = append(k.places, number(placeIDs, s))
		}
		for _, s := range r.within {
			k.within = append(k.within, number(placeIDs, s))
		}
		for _, s := range r.others {
			k.others = append(k.others, number(otherIDs, s))
		}
	}
	named := make([]postings, len(placeIDs))    // place → projects naming it
	reaching := make([]postings, len(placeIDs)) // place → projects reaching it through their countries
	others := make([]postings, len(otherIDs))   // funder or partner → projects
	for i, k := range ks {
		for _, id := range k.places {
			named[id].add(int32(i))
		}
		for _, id := range k.within {
			reaching[id].add(int32(i))
		}
		for _, id := range k.others {
			others[id].add(int32(i))
		}
	}
	// A long list (a funder's, a continent's) is kept as a set as well.
	long := max(minLong, len(projects)/64)
	for _, lists := range [][]postings{named, reaching, others} {
		for i := range lists {
			lists[i].index(long, len(projects))
		}
	}

	// Score each project's candidates, on every core: each worker has its
	// own scores and writes only the Related of the projects it is given.
	workers := runtime.GOMAXPROCS(0)
	par.Do(workers, func(w int) {
		score := make([]int32, len(projects))
		seen := make([]int32, len(projects)) // i+1 for the candidates of project i scored in full
		var touched []int32
		add := func(self int32, l weighted, skip int32) {
			for _, j := range l.ps {
				if j == self || seen[j] == skip {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j] += l.weight
			}
		}
		var lists, longs []weighted
		var order []int32
		for i := w; i < len(projects); i += workers {
			if !todo[i] {
				continue
			}
			self, k := int32(i), &ks[i]
			lists = lists[:0]
			for _, id := range k.places {
				lists = append(lists, weighted{&named[id], placeWeight}, weighted{&reaching[id], withinWeight})
			}
			for _, id := range k.within {
				lists = append(lists, weighted{&named[id], withinWeight})
			}
			for _, id := range k.others {
				lists = append(lists, weighted{&others[id], otherWeight})
			}
			// The short lists are walked. The projects found are looked
			// up in the long ones, most promising first, for their whole
			// scores, until the rest could not reach the last of the best
			// so far (theta) even if they were in every long list.
			longs = longs[:0]
			all := int32(0) // what the long lists add up to
			for _, l := range lists {
				if l.set == nil {
					add(self, l, -1)
				} else {
					longs = append(longs, l)
					all += l.weight
				}
			}
			order = byScore(touched, score, order)
			var r ranking
			for _, j := range order {
				if score[j]+all < r.theta(score) {
					break
				}
				for _, l := range longs {
					if l.has(j) {
						score[j] += l.weight
					}
				}
				seen[j] = self + 1
				r.insert(j, score)
			}
			theta := r.theta(score)
			// A project in no short list can rank only with a score of
			// theta or more from long lists alone (a newer one wins a
			// tie), and so only if it is in one of the shortest long
			// lists whose others add up to less than theta: those are
			// walked, and the projects found there looked up in the rest
			// if they can still reach theta. One list more is walked than
			// that needs, so that being in one walked list is not enough,
			// and most of those found are never looked up.
			slices.SortFunc(longs, func(a, b weighted) int { return len(a.ps) - len(b.ps) })
			rest := int32(0)
			for _, l := range longs {
				rest += l.weight
			}
			walked := 0
			for walked < len(longs) && rest >= theta-1 {
				rest -= longs[walked].weight
				walked++
			}
			from := len(touched)
			for _, l := range longs[:walked] {
				add(self, l, self+1)
			}
			for _, j := range touched[from:] {
				if score[j]+rest < r.theta(score) {
					continue // it cannot rank
				}
				for _, l := range longs[walked:] {
					if l.has(j) {
						score[j] += l.weight
					}
				}
				r.insert(j, score)
			}
			setRanking(projects, rels, i, r.best[:r.n])
			for _, j := range touched {
				score[j] = 0
			}
			touched = touched[:0]
		}
	})
	return next, rels
}

// longLists is the fewest projects a list of relate's holds to be long:
// kept as a set as well, so that a project found elsewhere can be looked
// up in it, and walked only when a project found there alone may rank.
// Tests lower it through Options.minLong.
const longLists = 64

// postings are the projects that share a key, in the order of projects,
// and, for a long list, their set — unless a project is in it twice (it
// lists a partner twice, in two spellings), which a set cannot count.
type postings struct {
	ps    []int32
	set   []uint64
	twice bool
}

func (p *postings) add(i int32) {
	if n := len(p.ps); n > 0 && p.ps[n-1] == i {
		p.twice = true
	}
	p.ps = append(p.ps, i)
}

// index makes the set of a list longer than long, of n projects.
func (p *postings) index(long, n int) {
	if len(p.ps) <= long || p.twice {
		return
	}
	p.set = make([]uint64, (n+63)/64)
	for _, i := range p.ps {
		p.set[i/64] |= 1 << (i % 64)
	}
}

func (p *postings) has(i int32) bool { return p.set[i/64]&(1<<(i%64)) != 0 }

// weighted is a list with what sharing its key adds to a score.
type weighted struct {
	*postings
	weight int32
}

// ranking is the best candidates so far, best first.
type ranking struct {
	best [keptRanked]int32
	n    int
}

// insert puts candidate j in r if it ranks: by score, and projects being
// sorted newest first, a lower index on a tie.
func (r *ranking) insert(j int32, score []int32) {
	if r.n == keptRanked && !better(j, r.best[r.n-1], score) {
		return
	}
	k := min(r.n, keptRanked-1)
	for k > 0 && better(j, r.best[k-1], score) {
		r.best[k] = r.best[k-1]
		k--
	}
	r.best[k] = j
	r.n = min(r.n+1, keptRanked)
}

// theta is the score a later candidate must beat to rank: the last one's,
// once r is full, else 0.
func (r *ranking) theta(score []int32) int32 {
	if r.n < keptRanked {
		return 0
	}
	return score[r.best[r.n-1]]
}

// byScore returns candidates ordered by score, highest first (a counting
// sort: scores are small), in order's storage.
func byScore(candidates, score, order []int32) []int32 {
	top := int32(0)
	for _, j := range candidates {
		top = max(top, score[j])
	}
	at := make([]int32, top+2) // where each score's run begins, highest first
	for _, j := range candidates {
		at[top-score[j]+1]++
	}
	for s := 1; s < len(at); s++ {
		at[s] += at[s-1]
	}
	order = slices.Grow(order[:0], len(candidates))[:len(candidates)]
	for _, j := range candidates {
		order[at[top-score[j]]] = j
		at[top-score[j]]++
	}
	return order
}

// relation is what relate reads of a project, and what it found.
type relation struct {
	path string
	*relKeys
	index    int      // its place in the order of projects, which breaks ties
	ranked   []string // paths of its best candidates, best first: Related and the next one
	complete bool     // ranked holds the best min(keptRanked, all) candidates, exactly
}

// shown returns the paths of r's Related: the first maxRelated it ranks.
func (r *relation) shown() []string { return r.ranked[:min(len(r.ranked), maxRelated)] }

// keptRanked is how many candidates a relation keeps ranked: one more than
// it shows, so that when one of them drops out the rest still fill the list.
const keptRanked = maxRelated + 1

// relKeys is what relate reads of a project. It follows from the
// project's file alone, so a Cache keeps it with the file's facts.
type relKeys struct {
	places, within []string // the keys: place slugs,
	others         []other  // and funders and partners
	sum            uint64   // of the keys
	order          uint64   // of what orders the project among the others
}

// other is a funder's slug or a partner's name in lower case.
type other struct {
	partner bool
	name    string
}

// keysOf returns what relate reads of p, with the sums that tell whether
// it changed. It reads p's facts, not the places and funders Build adds to
// p (the same lists, in the same order), so that relate can run while they
// are added.
func keysOf(p *Project) *relKeys {
	r := &relKeys{}
	f := p.facts
	for _, pl := range f.resolved {
		r.places = append(r.places, pl.Slug)
	}
	for _, rc := range f.reaches {
		if rc.counts() {
			r.within = append(r.within, rc.target.Slug)
		}
	}
	for i, slug := range f.funders {
		if slug != "" && !slices.Contains(f.funders[:i], slug) {
			r.others = append(r.others, other{name: slug})
		}
	}
	for _, pa := range p.Partners {
		r.others = append(r.others, other{partner: true, name: strings.ToLower(pa)})
	}
	sum := key.New()
	for _, list := range [][]string{r.places, r.within} {
		sum.U64(uint64(len(list)))
		for _, s := range list {
			sum.Str(s)
		}
	}
	for _, o := range r.others {
		sum.Bool(o.partner)
		sum.Str(o.name)
	}
	r.sum = sum.Sum()
	// What byStart reads: a project's place in the order breaks ties.
	order := key.New()
	order.U64(uint64(p.start))
	order.Str(p.Title)
	order.Str(p.Slug)
	r.order = order.Sum()
	return r
}

// number returns k's number in ids, numbering it next if it is new.
func number[K comparable](ids map[K]int32, k K) int32 {
	id, ok := ids[k]
	if !ok {
		id = int32(len(ids))
		ids[k] = id
	}
	return id
}

// better reports whether candidate a ranks above b.
func better(a, b int32, score []int32) bool {
	return cmp.Or(score[b]-score[a], a-b) < 0
}
