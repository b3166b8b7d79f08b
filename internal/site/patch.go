package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/places"
)

// patch updates the last build's site in place for the common edit that
// reuse cannot take: one file's front matter changed in what Build reads —
// its countries, funders, budget, division or partners — but not in what
// orders it (slug, dates, status, title, draft), so that its project keeps
// its place in every list. The project is taken out of the lists of its old
// places and funders and put, at its place, into those of its new ones;
// the totals those lists carry are summed again; places and funders left
// with no project go, new ones come; related projects are scored again as
// any build does (relate). The result is the site Build would make anew: a
// random-edit test holds it to a clean build. An edit whose file has
// diagnostics, before or after, is left to Build, which reports them.
func (c *Cache) patch(settings Settings, asOf time.Time, files []*content.Project, atlas *places.Atlas, opts Options) (*Site, diag.List, bool) {
	last := c.last
	edits, ok := c.edited(settings, asOf, files, opts)
	if !ok || len(edits) != 1 || !sameOrder(last.files[edits[0]], files[edits[0]]) {
		return nil, nil, false
	}
	p, cp := last.projects[edits[0]], files[edits[0]]
	if p == nil || p.facts == nil || len(p.facts.diags) > 0 {
		return nil, nil, false // left out (a draft, a slug in use) or reported on
	}
	b := builder{site: last.site, atlas: atlas} // no cache: the new facts are kept below
	f := b.facts(cp)
	if len(f.diags) > 0 {
		return nil, nil, false
	}

	s := last.site
	was, wasFacts := p.Project, p.facts
	titles := c.retitled(files, edits)
	c.swapIn(files)
	p.facts, c.facts[cp] = f, f
	p.Division = cmp.Or(cp.Division, settings.Division)
	before, after := statedOf(was), statedOf(cp)
	budget, stated := after.Budget-before.Budget, after.Stated-before.Stated
	s.Budget, s.Unstated = s.Budget+budget, s.Unstated-stated
	s.respread(&Project{Project: was}, -1)
	s.respread(&Project{Project: cp}, +1)
	s.refund(p)
	b.places = s.placesByAtlas()
	s.replace(&b, p, wasFacts)
	if !relateEdit(s.Projects, c.rels, c.relations, p.Seq) {
		c.relations, c.rels = relate(s.Projects, c.relations, opts.long())
	}
	return s, c.withDoubles(s, atlas, titles), true
}

// refund moves p from the lists of the funders it had to those its facts
// now name, at its place in the order; sums the funders' budgets again;
// drops funders left with no project and names each as the first project
// in the order writes it.
func (s *Site) refund(p *Project) {
	bySlug := make(map[string]*Funder, len(s.Funders))
	for _, fu := range s.Funders {
		bySlug[fu.Slug] = fu
	}
	changed := map[*Funder]bool{}
	for _, fu := range p.Funders {
		fu.Projects = without(fu.Projects, p)
		changed[fu] = true
	}
	p.Funders = nil
	for i, slug := range p.facts.funders {
		if slug == "" {
			continue
		}
		fu, ok := bySlug[slug]
		if !ok {
			fu = &Funder{Name: p.Funding[i].Text, Slug: slug, URL: "/funders/" + slug + "/"}
			bySlug[slug] = fu
		}
		if !slices.Contains(p.Funders, fu) {
			fu.Projects = with(fu.Projects, p)
			p.Funders = append(p.Funders, fu)
			changed[fu] = true
		}
	}
	for fu := range changed {
		if len(fu.Projects) == 0 {
			delete(bySlug, fu.Slug)
			continue
		}
		fu.Budgets = Budgets{}
		for _, q := range fu.Projects {
			fu.add(q)
		}
		first := fu.Projects[0]
		fu.Name = first.Funding[slices.Index(first.facts.funders, fu.Slug)].Text
	}
	s.Funders = s.Funders[:0]
	for _, fu := range bySlug {
		s.Funders = append(s.Funders, fu)
	}
	sortFunders(s.Funders)
}

// placesByAtlas returns s's places by the atlas's.
func (s *Site) placesByAtlas() map[*places.Place]*Place {
	byPlace := make(map[*places.Place]*Place, len(s.Countries)+len(s.Groups))
	for _, pl := range slices.Concat(s.Countries, s.Groups) {
		byPlace[pl.Place] = pl
	}
	return byPlace
}

// replace moves p from the places it named and reached (was, its old
// facts) to those its facts now give, at its place in the order; sums the
// places' budgets again; drops places left with no project, makes those
// new to the site (b.place), and links each to the region above it.
func (s *Site) replace(b *builder, p *Project, was *facts) {
	touched := map[*Place]bool{}
	for _, pl := range p.Places {
		pl.Direct = without(pl.Direct, p)
		touched[pl] = true
	}
	for _, r := range was.reaches {
		pl := b.places[r.target]
		i := slices.IndexFunc(pl.Reached, func(rc Reach) bool { return rc.Project == p })
		pl.Reached = slices.Delete(pl.Reached, i, i+1)
		touched[pl] = true
	}
	p.Places, p.Within = nil, nil
	for _, r := range p.facts.resolved {
		pl := b.place(r)
		pl.Direct = with(pl.Direct, p)
		p.Places = append(p.Places, pl)
		touched[pl] = true
	}
	for _, r := range p.facts.reaches {
		pl := b.place(r.target)
		i, _ := slices.BinarySearchFunc(pl.Reached, p.Seq, func(rc Reach, seq int) int { return cmp.Compare(rc.Project.Seq, seq) })
		pl.Reached = slices.Insert(pl.Reached, i, Reach{Project: p, Via: r.via, ViaKey: r.key})
		if r.counts() {
			p.Within = append(p.Within, pl)
		}
		touched[pl] = true
	}
	for pl := range touched {
		if pl.Count() == 0 {
			delete(b.places, pl.Place)
			continue
		}
		pl.Budgets = Budgets{}
		for _, q := range pl.Direct {
			pl.add(q)
		}
	}
	s.listPlaces(b.places)
}

// listPlaces lists the places of byPlace, by the atlas's, in s.Countries
// and s.Groups by name, each linked to the region above it when that is
// listed too.
func (s *Site) listPlaces(byPlace map[*places.Place]*Place) {
	s.Countries, s.Groups = s.Countries[:0], s.Groups[:0]
	for _, pl := range byPlace {
		pl.Up = byPlace[pl.Parent] // nil for none, or none listed
		if pl.Kind == places.Country {
			s.Countries = append(s.Countries, pl)
		} else {
			s.Groups = append(s.Groups, pl)
		}
	}
	slices.SortFunc(s.Countries, byName)
	slices.SortFunc(s.Groups, byName)
}

// sameOrder reports whether files a and b agree on all that places a
// project in the site's lists: its path, slug (and where it is written, for
// the messages of a slug used twice), dates, status, title and draft flag.
func sameOrder(a, b *content.Project) bool {
	return a.Path == b.Path && a.Slug == b.Slug && a.SlugPos == b.SlugPos && a.Start == b.Start && a.End == b.End &&
		a.Status == b.Status && a.Title == b.Title && a.Draft == b.Draft
}

// statedOf is what a file's budget adds to the totals.
func statedOf(cp *content.Project) Budgets {
	if cp.HasBudget {
		return Budgets{Budget: cp.Budget, Stated: 1}
	}
	return Budgets{}
}

// with and without put p into a list in the site's order of projects, or
// take it out; the lists hold each project once.
func with(list []*Project, p *Project) []*Project {
	i, _ := slices.BinarySearchFunc(list, p.Seq, bySeq)
	return slices.Insert(list, i, p)
}

func without(list []*Project, p *Project) []*Project {
	if i, ok := slices.BinarySearchFunc(list, p.Seq, bySeq); ok {
		return slices.Delete(list, i, i+1)
	}
	return list
}

func bySeq(q *Project, seq int) int { return cmp.Compare(q.Seq, seq) }

// byName orders places as readers expect, accents and punctuation aside:
// by slug, then by name.
func byName(a, b *Place) int {
	return cmp.Or(strings.Compare(a.Slug, b.Slug), strings.Compare(a.Name, b.Name))
}

// sortFunders orders funders by name, case aside, then slug.
func sortFunders(fs []*Funder) {
	slices.SortFunc(fs, func(a, b *Funder) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Slug, b.Slug))
	})
}

// respread adds p's budget shares to the years (sign +1), or takes them
// away (-1), as fillYears counts them.
func (s *Site) respread(p *Project, sign int) {
	year := func(y int) *Year {
		for _, yr := range s.Years {
			if yr.Year == y {
				return yr
			}
		}
		return nil
	}
	for _, yb := range p.YearBudgets() {
		if y := year(yb.Start.Year()); y != nil {
			y.Budget += content.Money(sign) * yb.Amount
			y.Stated += sign
		}
	}
	if p.HasBudget && p.End.IsZero() {
		from, to := p.ActiveYears(s.AsOf.Year())
		for n := from; n <= to; n++ {
			if y := year(n); y != nil {
				y.Open += sign
			}
		}
	}
}
