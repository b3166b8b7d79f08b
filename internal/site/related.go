package site

import (
	"cmp"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"

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
func relate(projects []*Project, prev map[string]*relation) map[string]*relation {
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
			if ps, ok := resolve(old.related, byPath); ok {
				projects[i].Related, r.related, r.ranked, r.complete = ps, old.related, old.ranked, old.complete
				continue
			}
			todo[i] = true
		}
		if len(changed) == 1 && r.path != changed[0] && merge(r, prev[r.path], changed[0], next) {
			projects[i].Related, _ = resolve(r.related, byPath)
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
		return next
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
	named := make([][]int32, len(placeIDs))    // place → projects naming it
	reaching := make([][]int32, len(placeIDs)) // place → projects reaching it through their countries
	others := make([][]int32, len(otherIDs))   // funder or partner → projects
	for i, k := range ks {
		for _, id := range k.places {
			named[id] = append(named[id], int32(i))
		}
		for _, id := range k.within {
			reaching[id] = append(reaching[id], int32(i))
		}
		for _, id := range k.others {
			others[id] = append(others[id], int32(i))
		}
	}

	// Score each project's candidates, on every core: each worker has its
	// own scores and writes only the Related of the projects it is given.
	workers := runtime.GOMAXPROCS(0)
	par.Do(workers, func(w int) {
		score := make([]int32, len(projects))
		var touched []int32
		add := func(self int32, bucket []int32, w int32) {
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
		for i := w; i < len(projects); i += workers {
			if !todo[i] {
				continue
			}
			self, k := int32(i), &ks[i]
			for _, id := range k.places {
				add(self, named[id], placeWeight)
				add(self, reaching[id], withinWeight)
			}
			for _, id := range k.within {
				add(self, named[id], withinWeight)
			}
			for _, id := range k.others {
				add(self, others[id], otherWeight)
			}
			// Keep the best few, and one more for merge, by insertion;
			// projects is sorted newest first, so a lower index wins a tie.
			var best [ranked]int32
			n := 0
			for _, j := range touched {
				if n == ranked && !better(j, best[n-1], score) {
					continue
				}
				k := min(n, ranked-1)
				for k > 0 && better(j, best[k-1], score) {
					best[k] = best[k-1]
					k--
				}
				best[k] = j
				n = min(n+1, ranked)
			}
			setRanking(projects, rels, i, best[:n])
			for _, j := range touched {
				score[j] = 0
			}
			touched = touched[:0]
		}
	})
	return next
}

// fewToScore is how many projects relate compares with every other
// directly rather than through its indexes of keys.
const fewToScore = 16

// scoreDirectly ranks project i's candidates by its pair score with every
// other project, as the indexed scoring in relate would.
func scoreDirectly(projects []*Project, rels []*relation, i int) {
	var best [ranked]int32
	var scores [ranked]int
	n := 0
	for j, q := range rels {
		score := 0
		if j != i {
			score = pairScore(rels[i].relKeys, q.relKeys)
		}
		if score == 0 || n == ranked && score <= scores[n-1] {
			continue // j comes after every one kept: on a tie, the lower index wins
		}
		k := min(n, ranked-1)
		for k > 0 && score > scores[k-1] {
			best[k], scores[k] = best[k-1], scores[k-1]
			k--
		}
		best[k], scores[k] = int32(j), score
		n = min(n+1, ranked)
	}
	setRanking(projects, rels, i, best[:n])
}

// setRanking gives project i the ranking best, best first: its Related are
// the first maxRelated.
func setRanking(projects []*Project, rels []*relation, i int, best []int32) {
	p, r := projects[i], rels[i]
	p.Related, r.related, r.ranked, r.complete = nil, nil, nil, true
	for k, j := range best {
		if k < maxRelated {
			p.Related = append(p.Related, projects[j])
		}
		r.ranked = append(r.ranked, projects[j].Path)
	}
	r.related = r.ranked[:min(len(best), maxRelated)]
}

// relation is what relate reads of a project, and what it found.
type relation struct {
	path string
	*relKeys
	index    int      // its place in the order of projects, which breaks ties
	related  []string // paths of its Related
	ranked   []string // paths of its best candidates, best first: Related and the next one
	complete bool     // ranked holds the best min(ranked, all) candidates, exactly
}

// ranked is how many candidates a relation keeps ranked: one more than it
// shows, so that when one of them drops out the rest still fill the list.
const ranked = maxRelated + 1

// resolve returns the projects at paths, and false if one is gone.
func resolve(paths []string, byPath map[string]*Project) ([]*Project, bool) {
	ps := make([]*Project, 0, len(paths))
	for _, path := range paths {
		q, ok := byPath[path]
		if !ok {
			return nil, false
		}
		ps = append(ps, q)
	}
	return ps, true
}

// merge ranks r's candidates when the one project at changed is all that
// changed since old, r's last relation, was made: the others score as
// they did and keep their order, so r's new best are the best of old's
// ranking without that project and the project as it is now. It reports
// false, leaving r to be scored in full, when old's ranking is not known
// to be exact.
func merge(r, old *relation, changed string, next map[string]*relation) bool {
	if old == nil || !old.complete {
		return false
	}
	type candidate struct {
		path         string
		score, index int
	}
	var cands []candidate
	dropped := false // the changed project was among old's ranking
	for _, path := range old.ranked {
		if path == changed {
			dropped = true
			continue
		}
		q, ok := next[path]
		if !ok {
			return false
		}
		cands = append(cands, candidate{path, pairScore(r.relKeys, q.relKeys), q.index})
	}
	if x, ok := next[changed]; ok {
		if sc := pairScore(r.relKeys, x.relKeys); sc > 0 {
			cands = append(cands, candidate{changed, sc, x.index})
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Or(b.score-a.score, a.index-b.index) })
	// The candidates old did not rank rank below all of its ranking but
	// the changed project. If that project was in a full ranking, the
	// others' next best is unknown: the ranking is exact only down to the
	// last of the others old ranked, and complete only if the changed
	// project now ranks above that.
	n := min(len(cands), ranked)
	r.complete = true
	if dropped && len(old.ranked) == ranked {
		at := slices.IndexFunc(cands, func(c candidate) bool { return c.path == changed })
		if at < 0 || at == ranked-1 {
			n, r.complete = min(n, ranked-1), false
		}
	}
	r.ranked = nil
	for _, c := range cands[:n] {
		r.ranked = append(r.ranked, c.path)
	}
	r.related = r.ranked[:min(n, maxRelated)]
	return true
}

// pairScore is what scoring in relate gives candidate z of project y:
// the weights of the keys they share, counted as many times as each lists
// them.
func pairScore(y, z *relKeys) int {
	score := 0
	for _, a := range y.places {
		for _, b := range z.places {
			if a == b {
				score += placeWeight
			}
		}
		for _, b := range z.within {
			if a == b {
				score += withinWeight
			}
		}
	}
	for _, a := range y.within {
		for _, b := range z.places {
			if a == b {
				score += withinWeight
			}
		}
	}
	for _, a := range y.others {
		for _, b := range z.others {
			if a == b {
				score += otherWeight
			}
		}
	}
	return score
}

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

var relationSeed = maphash.MakeSeed()

func keysOf(p *Project) *relKeys {
	r := &relKeys{}
	var h maphash.Hash
	h.SetSeed(relationSeed)
	key := func(list *[]string, k string) {
		*list = append(*list, k)
		h.WriteString(k)
		h.WriteByte(0)
	}
	for _, pl := range p.Places {
		key(&r.places, pl.Slug)
	}
	h.WriteByte(1)
	for _, pl := range p.Within {
		key(&r.within, pl.Slug)
	}
	h.WriteByte(1)
	for _, f := range p.Funders {
		r.others = append(r.others, other{name: f.Slug})
		h.WriteString(f.Slug)
		h.WriteByte(0)
	}
	h.WriteByte(1)
	for _, pa := range p.Partners {
		r.others = append(r.others, other{partner: true, name: strings.ToLower(pa)})
		h.WriteString(r.others[len(r.others)-1].name)
		h.WriteByte(0)
	}
	r.sum = h.Sum64()
	// What byStart reads: a project's place in the order breaks ties.
	h.Reset()
	maphash.WriteComparable(&h, p.start)
	h.WriteString(p.Title)
	h.WriteByte(0)
	h.WriteString(p.Slug)
	r.order = h.Sum64()
	return r
}

// affected reports, for each of rels, whether its related projects can
// differ from prev's: when prev is nil, for all; otherwise for the projects
// that are new or whose keys or place in the order changed, and for those
// sharing a key with one of those or with a project gone since — sharing in
// the sense scoring uses: a place both name, a place one names and the
// other reaches, a funder or partner. Any other project has the same
// candidates with the same scores in the same order as before, and so the
// same result. A project whose title or dates changed keeps its place in
// the order when the projects are the same ones and its index is the same:
// the others' order among themselves cannot change.
//
// changed lists the paths of the projects that are new or changed, and of
// those gone.
func affected(rels []*relation, prev, next map[string]*relation) (todo []bool, changed []string) {
	todo = make([]bool, len(rels))
	if prev == nil {
		for i := range todo {
			todo[i] = true
		}
		return todo, nil
	}
	same := len(prev) == len(rels) // the same projects, when each is in prev
	for _, r := range rels {
		if _, ok := prev[r.path]; !ok {
			same = false
			break
		}
	}
	names, reaches, others := map[string]bool{}, map[string]bool{}, map[other]bool{}
	mark := func(r *relation) {
		for _, s := range r.places {
			names[s] = true // q names it too
			reaches[s] = true
		}
		for _, s := range r.within {
			names[s] = true // q names what r reaches
		}
		for _, s := range r.others {
			others[s] = true
		}
	}
	for i, r := range rels {
		old, ok := prev[r.path]
		if ok && old.sum == r.sum && (old.order == r.order || same && old.index == i) {
			continue
		}
		todo[i] = true
		changed = append(changed, r.path)
		mark(r)
		if ok {
			mark(old)
		}
	}
	for path, old := range prev {
		if _, ok := next[path]; !ok {
			changed = append(changed, path)
			mark(old)
		}
	}
	if len(names)+len(others) == 0 {
		return todo, changed
	}
	for i, r := range rels {
		if todo[i] {
			continue
		}
		for _, s := range r.places {
			todo[i] = todo[i] || names[s]
		}
		for _, s := range r.within {
			todo[i] = todo[i] || reaches[s]
		}
		for _, s := range r.others {
			todo[i] = todo[i] || others[s]
		}
	}
	return todo, changed
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
