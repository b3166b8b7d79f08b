package site

// Scoring again only what an edit can change: which projects it affects
// (affected), a changed project merged into a neighbour's last ranking
// (merge), and the few left compared with every other (scoreDirectly).

import (
	"cmp"
	"runtime"
	"slices"

	"portfolio/internal/par"
)

// fewToScore is how many projects relate compares with every other
// directly rather than through its indexes of keys.
const fewToScore = 16

// scoreDirectly ranks project i's candidates by its pair score with every
// other project, as the indexed scoring in relate would.
func scoreDirectly(projects []*Project, rels []*relation, i int) {
	var best [keptRanked]int32
	var scores [keptRanked]int
	n := 0
	for j, q := range rels {
		score := 0
		if j != i {
			score = pairScore(rels[i].relKeys, q.relKeys)
		}
		if score == 0 || n == keptRanked && score <= scores[n-1] {
			continue // j comes after every one kept: on a tie, the lower index wins
		}
		k := min(n, keptRanked-1)
		for k > 0 && score > scores[k-1] {
			best[k], scores[k] = best[k-1], scores[k-1]
			k--
		}
		best[k], scores[k] = int32(j), score
		n = min(n+1, keptRanked)
	}
	setRanking(projects, rels, i, best[:n])
}

// setRanking gives project i the ranking best, best first: its Related are
// the first maxRelated.
func setRanking(projects []*Project, rels []*relation, i int, best []int32) {
	p, r := projects[i], rels[i]
	p.Related, r.ranked, r.complete = nil, nil, true
	for k, j := range best {
		if k < maxRelated {
			p.Related = append(p.Related, projects[j])
		}
		r.ranked = append(r.ranked, projects[j].Path)
	}
}

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
	n := min(len(cands), keptRanked)
	r.complete = true
	if dropped && len(old.ranked) == keptRanked {
		at := slices.IndexFunc(cands, func(c candidate) bool { return c.path == changed })
		if at < 0 || at == keptRanked-1 {
			n, r.complete = min(n, keptRanked-1), false
		}
	}
	r.ranked = nil
	for _, c := range cands[:n] {
		r.ranked = append(r.ranked, c.path)
	}
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

// relateEdit does relate's work after patch: the projects are the ones
// rels and byPath were made for (the last build's relations, in its order
// and by path), in the same order and with the Related those gave them,
// but for project i, whose facts have new keys. As affected finds, only the
// projects sharing a key with its old keys or its new ones can rank
// differently: each is merged, or when its last ranking was not known to
// be exact, scored again directly, as project i itself is. When more than a
// few need that, relateEdit reports false, having changed nothing relate
// reads, for relate to score them with its indexes. Otherwise rels and byPath are updated in
// place, for the next build.
func relateEdit(projects []*Project, rels []*relation, byPath map[string]*relation, i int) bool {
	p, old := projects[i], rels[i]
	if len(rels) != len(projects) || old == nil || old.path != p.Path {
		return false
	}
	p.facts.keys = keysOf(p)
	cur := &relation{path: p.Path, relKeys: p.facts.keys, index: i, ranked: old.ranked, complete: old.complete}
	if cur.sum == old.sum && cur.order == old.order {
		rels[i], byPath[p.Path] = cur, cur // the same keys: the same rankings
		return true
	}
	shares := sharers(cur, old)
	rels[i], byPath[p.Path] = cur, cur
	// The others are merged on every core, while one more scores project i
	// itself; merge writes only the copies it is given.
	type part struct {
		todo, full []int      // merged; to score in full
		merged     []relation // the rankings merged, for rels[todo[k]]
	}
	workers := runtime.GOMAXPROCS(0)
	parts := make([]part, workers)
	par.Do(workers+1, func(w int) {
		if w == workers {
			scoreDirectly(projects, rels, i)
			return
		}
		pt := &parts[w]
		for j := w * len(rels) / workers; j < (w+1)*len(rels)/workers; j++ {
			r := rels[j]
			if j == i || !shares(r) {
				continue
			}
			m := *r
			if merge(&m, r, p.Path, byPath) {
				pt.todo, pt.merged = append(pt.todo, j), append(pt.merged, m)
			} else {
				pt.full = append(pt.full, j)
			}
		}
	})
	var full []int
	for _, pt := range parts {
		full = append(full, pt.full...)
	}
	if len(full) > fewToScore {
		rels[i], byPath[p.Path] = old, old
		return false
	}
	for _, pt := range parts {
		for k, j := range pt.todo {
			rels[j].ranked, rels[j].complete = pt.merged[k].ranked, pt.merged[k].complete
			shown := rels[j].shown()
			related := make([]*Project, len(shown))
			for n, path := range shown {
				related[n] = projects[byPath[path].index]
			}
			projects[j].Related = related
		}
	}
	for _, j := range full {
		scoreDirectly(projects, rels, j)
	}
	return true
}

// sharers returns whether a project shares a key with r or old, in the
// sense scoring uses (see affected).
func sharers(r, old *relation) func(*relation) bool {
	names, reaches, others := map[string]bool{}, map[string]bool{}, map[other]bool{}
	for _, x := range []*relation{r, old} {
		for _, s := range x.places {
			names[s], reaches[s] = true, true
		}
		for _, s := range x.within {
			names[s] = true
		}
		for _, s := range x.others {
			others[s] = true
		}
	}
	return func(q *relation) bool {
		for _, s := range q.places {
			if names[s] {
				return true
			}
		}
		for _, s := range q.within {
			if reaches[s] {
				return true
			}
		}
		for _, s := range q.others {
			if others[s] {
				return true
			}
		}
		return false
	}
}
