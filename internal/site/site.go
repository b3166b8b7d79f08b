// Package site turns parsed projects into the cross-linked site: it resolves
// each project's countries, regions and groups, derives every project's
// status as of the build date, and indexes the projects by status, place
// and funder, with related projects for each. It warns of what readers
// would take for one thing but the site shows as two: projects with the
// same title, funders written almost alike (doubles.go).
//
// Status as of a date d: a project's own `status` wins; otherwise it is
// upcoming when it starts after d, past when its end's last day is before d,
// and current otherwise (an open-ended project stays current).
//
// Places: a project lists countries, M49 regions and groups. A country page
// shows the projects that list it directly and, separately, those that reach
// it through a region or group it belonged to during the project (by the
// membership dates in the atlas). Only UN Member States are reached, as
// members on the project's dates (places.Atlas.Members), so a territory or
// an observer State has a page only when a project names it; Developing
// Countries, with no member list, reaches none (Place.Global). Named
// countries count for the regions and groups they belong to, but not for
// All Member States, which would list every project (places.Atlas.Gathers). A region or group page shows the projects
// that list it and, separately, those in its member countries or in a
// larger region or group that holds it whole (Asia, for Asia and the
// Pacific: places.Atlas.Inside).
//
// URLs are fixed by kind and slug, never by status, so a link survives a
// project moving from current to past:
//
//	/projects/<slug>/   /countries/<slug>/   /groups/<slug>/   /funders/<slug>/
//	/years/<year>/      /current/ /past/ /upcoming/ /projects/ /countries/
//	/funders/ /years/ /data/ /accessibility/ /
//
// A list longer than Settings.PageSize goes on at <its URL>page/<n>/
// (/projects/page/2/, /past/page/2/, /countries/kenya/page/2/), so the
// project slug "page" is reserved.
//
// A Cache (cache.go) carries work from one build to the next for a process
// that builds again and again: what each file alone gives, the related
// projects an edit cannot affect (rerank.go: the others are merged or
// scored again), and, when no front matter changed but for what pages
// alone show, the whole site — or, when one file's places, funders or
// budget changed, the whole site with that edit made to it (patch.go).
package site

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/key"
	"portfolio/internal/par"
	"portfolio/internal/places"
)

// Site is the whole cross-linked site, ready to render.
type Site struct {
	Settings Settings
	AsOf     time.Time // the build date statuses are derived for

	Projects []*Project // every project built, newest start first
	Current  []*Project // newest start first
	Past     []*Project // most recently ended first
	Upcoming []*Project // soonest start first

	Countries []*Place      // countries with any project, by name
	Groups    []*Place      // regions and groups with any project, by name
	Funders   []*Funder     // by name
	Years     []*Year       // every year from the first start to the last end
	Budget    content.Money // total of stated budgets
	Unstated  int           // projects with no stated budget
	Drafts    int           // draft projects left out

	atlas *places.Atlas // the one Build was given, for the map (map.go)
}

// Named returns how many countries or areas projects name directly; the
// others in Countries are Member States reached through regions and groups.
func (s *Site) Named() int {
	n := 0
	for _, c := range s.Countries {
		if len(c.Direct) > 0 {
			n++
		}
	}
	return n
}

// MemberStates returns how many UN Member States projects name or reach:
// the home page's "Member States reached". Territories and observer States
// a project names are in Countries but not counted here.
func (s *Site) MemberStates() int {
	n := 0
	for _, c := range s.Countries {
		if c.UN == places.MemberState {
			n++
		}
	}
	return n
}

// Recent returns up to n past projects, most recently ended first.
func (s *Site) Recent(n int) []*Project { return s.Past[:min(n, len(s.Past))] }

// Project is a content.Project placed in the site.
type Project struct {
	*content.Project
	Status   content.Status
	Derived  bool     // Status comes from the dates, not the file
	Division string   // the file's, or the site's default
	Places   []*Place // resolved from Countries, in the same order
	Within   []*Place // regions and groups its countries belonged to during the project
	Funders  []*Funder
	Related  []*Project
	URL      string
	Seq      int // its index in Site.Projects, for tables kept beside the site

	start, end int64  // sort keys: the dates' first days in Unix seconds, an open end last
	facts      *facts // what its file alone gives
}

// Place is a country, region or group with its projects.
type Place struct {
	*places.Place
	Key     uint64 // its slug, for which the atlas's facts stand, and URL, as a key (package key) for the caches of pages that list it
	URL     string
	Direct  []*Project // projects that list this place
	Reached []Reach    // projects that reach it through a larger or smaller place
	Up      *Place     // the M49 region containing it, when that has a page
	Global  bool       // a group with no member list (Developing Countries): a scope, never a set of country pages
	Aliases []string   // the other names editors write for it (places.Atlas.Aliases), for search; never shown
	Budgets            // of the projects naming it
}

// Reach is a project that reaches a place through others: for a country,
// the regions or groups the project lists; for a region or group, the
// member countries the project lists. Via holds the atlas's places, shared
// by every build of the same file.
type Reach struct {
	Project *Project
	Via     []*places.Place
	ViaKey  uint64 // the short names of Via, as a key (package key), for caches of what shows them
}

// Count returns how many projects concern p, directly or reached.
func (p *Place) Count() int { return len(p.Direct) + len(p.Reached) }

// IsCountry reports whether p is a country.
func (p *Place) IsCountry() bool { return p.Kind == places.Country }

// Budgets totals the budgets some projects state.
type Budgets struct {
	Budget content.Money // the stated budgets, summed
	Stated int           // how many of the projects state one
}

func (b *Budgets) add(p *Project) {
	if p.HasBudget {
		b.Budget += p.Budget
		b.Stated++
	}
}

// Funder is a donor or funding mechanism with the projects it funds.
type Funder struct {
	Name     string
	Slug     string
	URL      string
	Projects []*Project
	Budgets  // of its projects
}

// Options say how to build.
type Options struct {
	AsOf   time.Time // the build date; only its day matters
	Drafts bool      // include draft projects

	// Cache, when set, keeps between the builds of one process what a
	// rebuild need not work out again (cache.go).
	Cache *Cache

	minLong int // for tests: the fewest projects a long list of relate's holds; 0: longLists
}

// long is the fewest projects a long list of relate's holds.
func (o Options) long() int { return cmp.Or(o.minLong, longLists) }

// posOf names a place in a file: "path:line:col", or the path alone.
func posOf(path string, pos diag.Pos) string {
	if pos.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", path, pos.Line, pos.Col)
	}
	return path
}

// Build assembles the site from parsed projects. It reports duplicate slugs
// and unknown places at their file positions; the site it returns is
// complete only when the list has no errors.
func Build(settings Settings, projects []*content.Project, atlas *places.Atlas, opts Options) (*Site, diag.List) {
	var l diag.List
	y, m, d := opts.AsOf.Date()
	s := &Site{Settings: settings, AsOf: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), atlas: atlas}
	if opts.Cache != nil {
		if s, l, ok := opts.Cache.reuse(settings, s.AsOf, projects, atlas, opts); ok {
			return s, l
		}
		if s, l, ok := opts.Cache.patch(settings, s.AsOf, projects, atlas, opts); ok {
			return s, l
		}
	}
	b := builder{site: s, atlas: atlas, places: map[*places.Place]*Place{}, funders: map[string]*Funder{}, cache: opts.Cache}
	byFile := make([]*Project, len(projects))
	if b.cache != nil {
		b.cache.next = make(map[*content.Project]*facts, len(projects))
	}

	var built []*Project
	slugs := map[string]*content.Project{}
	for i, cp := range projects {
		at := cmp.Or(cp.SlugPos, diag.Pos{Line: 1, Col: 1})
		if reserved[cp.Slug] {
			l.Errorf(cp.Path, at, "slug %q is reserved for the site's own pages; set another `slug:`", cp.Slug)
			continue
		}
		leftOut := cp.Draft && !opts.Drafts
		if first, ok := slugs[cp.Slug]; ok && cp.Slug != "" {
			// A draft left out yields the slug to a published project, and
			// is told of the clash, whichever comes first; it is still
			// checked and counted as a draft.
			yields, other := cp, first
			if first.Draft && !opts.Drafts && !leftOut {
				yields, other = first, cp
				slugs[cp.Slug] = cp
			}
			l.Errorf(yields.Path, cmp.Or(yields.SlugPos, diag.Pos{Line: 1, Col: 1}), "slug %q is also used by %s; set a different `slug:` in one of them", cp.Slug, posOf(other.Path, other.SlugPos))
			if yields == cp && !leftOut {
				continue
			}
		} else {
			slugs[cp.Slug] = cp
		}
		f := b.facts(cp)
		l = append(l, f.diags...)
		if leftOut {
			s.Drafts++
			continue
		}
		p := &Project{Project: cp, Division: cmp.Or(cp.Division, settings.Division), URL: "/projects/" + cp.Slug + "/",
			start: dateKey(cp.Start), end: dateKey(cp.End)}
		p.Status, p.Derived = cp.Status, cp.Status == ""
		if p.Derived {
			p.Status = StatusOn(cp.Start, cp.End, s.AsOf)
		}
		p.facts = f
		byFile[i] = p
		built = append(built, p)
	}
	// Added newest first, every list that follows the projects' order —
	// current, a place's, a funder's — comes out in that order unsorted.
	slices.SortFunc(built, byStart)
	// Related projects are scored from the projects' facts while the
	// projects are added to the lists they appear in: neither reads what
	// the other writes.
	var prev, relations map[string]*relation
	var rels []*relation
	if b.cache != nil {
		prev = b.cache.relations
	}
	par.Do(2, func(part int) {
		if part == 1 {
			relations, rels = relate(built, prev, opts.long())
			return
		}
		for _, p := range built {
			b.add(p)
		}
		b.finish()
	})
	if b.cache == nil {
		for _, p := range s.Projects {
			p.facts = nil // read no more, and without a cache to keep them, a tenth of a large site's memory
		}
	} else {
		b.cache.relations, b.cache.rels = relations, rels
		b.cache.facts, b.cache.next = b.cache.next, nil
		b.cache.last = &lastBuild{settings: settings, asOf: s.AsOf, drafts: opts.Drafts,
			files: slices.Clone(projects), projects: byFile, site: s, diags: slices.Clone(l)}
		return s, b.cache.withDoubles(s, atlas, true)
	}
	var titles diag.List
	return s, doubles(l, s, atlas, &titles, true)
}

// facts is what Build works out from one parsed file alone, with the
// atlas: a Cache keeps it by file.
type facts struct {
	resolved []*places.Place // its places, unknown and repeated ones left out
	diags    diag.List       // about those, and about funder names
	funders  []string        // its funders' slugs, in order; "" for an unusable name
	reaches  []reach         // the places it reaches through those it names
	keys     *relKeys        // what relate reads, once relate has needed it
}

// facts returns cp's facts, from the cache when it has them.
func (b *builder) facts(cp *content.Project) *facts {
	if b.cache != nil {
		if f, ok := b.cache.facts[cp]; ok {
			b.cache.next[cp] = f
			return f
		}
	}
	f := &facts{}
	f.resolved = b.resolve(cp, &f.diags)
	for _, fu := range cp.Funding {
		slug := content.Slugify(fu.Text)
		if slug == "" { // its page would be /funders//, shared with every such name
			f.diags.Errorf(cp.Path, fu.Pos, "funder %q has no Latin letters or digits to make its page's address from; write the name in Latin letters, as in \"Japan\"", fu.Text)
		}
		f.funders = append(f.funders, slug)
		b.unNames(&f.diags, cp.Path, fu.Pos, "funder", fu.Text)
	}
	for i, pa := range cp.Partners {
		var at diag.Pos
		if i < len(cp.PartnersPos) {
			at = cp.PartnersPos[i]
		}
		b.unNames(&f.diags, cp.Path, at, "partner", pa)
	}
	f.reaches = b.reaches(cp, f.resolved)
	if b.cache != nil {
		b.cache.next[cp] = f
	}
	return f
}

// unNames warns when a funder or partner names a country by an old or short
// form ("Government of Turkey"), giving the text with the UN name
// ("Government of Türkiye"): readers see these names as written.
func (b *builder) unNames(l *diag.List, path string, at diag.Pos, what, text string) {
	fixed, renames := b.atlas.UNNames(text)
	if renames == nil {
		return
	}
	var names []string
	for _, r := range renames {
		names = append(names, fmt.Sprintf("%q is %q", r.Alias, r.Name))
	}
	l.Warnf(path, at, "%s %q names a country by an old or short form (%s at the UN); write %q", what, text, strings.Join(names, ", "), fixed)
}

// byStart orders projects newest start first, then by title and slug.
func byStart(a, b *Project) int {
	return cmp.Or(-cmp.Compare(a.start, b.start), strings.Compare(a.Title, b.Title), strings.Compare(a.Slug, b.Slug))
}

// dateKey is d's sort key: its first day, a zero date after every other.
func dateKey(d content.Date) int64 {
	if d.IsZero() {
		return math.MaxInt64
	}
	return d.First().Unix()
}

// reserved are slugs whose /projects/<slug>/ the site uses itself: the
// all-projects list's later pages are /projects/page/<n>/.
var reserved = map[string]bool{"page": true}

// StatusOn derives a status from a time frame as of day asOf.
func StatusOn(start, end content.Date, asOf time.Time) content.Status {
	switch {
	case start.First().After(asOf):
		return content.Upcoming
	case !end.IsZero() && end.Last().Before(asOf):
		return content.Past
	}
	return content.Current
}

type builder struct {
	site    *Site
	atlas   *places.Atlas
	places  map[*places.Place]*Place
	funders map[string]*Funder
	cache   *Cache // nil: work everything out
}

// resolve looks up a project's places, reporting unknown ones.
func (b *builder) resolve(cp *content.Project, l *diag.List) []*places.Place {
	var out []*places.Place
	for _, v := range cp.Countries {
		pl, err := b.atlas.Resolve(v.Text)
		if err != nil {
			l.Errorf(cp.Path, v.Pos, "%v", err) // says what was written and what was meant
			continue
		}
		if slices.Contains(out, pl) {
			l.Warnf(cp.Path, v.Pos, "%q is listed twice (as %q)", pl.Name, v.Text)
			continue
		}
		out = append(out, pl)
	}
	return out
}

func (b *builder) place(p *places.Place) *Place {
	if pl, ok := b.places[p]; ok {
		return pl
	}
	pl := &Place{Place: p, URL: "/groups/" + p.Slug + "/", Global: p.Kind == places.Group && !b.atlas.Enumerable(p),
		Aliases: b.atlas.Aliases(p)}
	if p.Kind == places.Country {
		pl.URL = "/countries/" + p.Slug + "/"
	}
	k := key.New()
	k.Str(p.Slug)
	k.Str(pl.URL)
	pl.Key = k.Sum()
	b.places[p] = pl
	return pl
}

func (b *builder) add(p *Project) {
	f := p.facts
	s := b.site
	p.Seq = len(s.Projects)
	s.Projects = append(s.Projects, p)
	switch p.Status {
	case content.Current:
		s.Current = append(s.Current, p)
	case content.Past:
		s.Past = append(s.Past, p)
	case content.Upcoming:
		s.Upcoming = append(s.Upcoming, p)
	}
	if p.HasBudget {
		s.Budget += p.Budget
	} else {
		s.Unstated++
	}
	for i, slug := range f.funders {
		if slug == "" {
			continue // reported by facts
		}
		fu, ok := b.funders[slug]
		if !ok {
			fu = &Funder{Name: p.Funding[i].Text, Slug: slug, URL: "/funders/" + slug + "/"}
			b.funders[slug] = fu
		}
		if !slices.Contains(p.Funders, fu) {
			fu.Projects = append(fu.Projects, p)
			fu.add(p)
			p.Funders = append(p.Funders, fu)
		}
	}
	for _, r := range f.resolved {
		pl := b.place(r)
		pl.Direct = append(pl.Direct, p)
		pl.add(p)
		p.Places = append(p.Places, pl)
	}
	for _, r := range f.reaches {
		target := b.place(r.target)
		target.Reached = append(target.Reached, Reach{Project: p, Via: r.via, ViaKey: r.key})
		if r.counts() {
			p.Within = append(p.Within, target)
		}
	}
}

// reach is a place a project reaches through those it names.
type reach struct {
	target *places.Place
	via    []*places.Place
	key    uint64 // Reach.ViaKey
	inside bool   // target is a region inside one the project names (Atlas.Inside)
}

// counts reports whether the project counts for r's target as a region or
// group its countries belonged to: one of its Within, and a key of relate's.
// A region inside one it names (Asia, for Asia and the Pacific) is reached,
// and lists the project, but the project does not count for it.
func (r reach) counts() bool { return r.target.Kind != places.Country && !r.inside }

// reaches returns the places cp reaches through the places it names
// (resolved), each once, in the order they are first reached: for a country,
// its M49 regions and the groups it belonged to during the project; for a
// region or group, its member countries then, and the regions inside it.
func (b *builder) reaches(cp *content.Project, resolved []*places.Place) []reach {
	from, to := cp.Start.First(), time.Time{}
	if !cp.End.IsZero() {
		to = cp.End.Last()
	}
	var out []reach
	index := map[*places.Place]int{} // target → its place in out
	via := func(target, through *places.Place, inside bool) {
		if slices.Contains(resolved, target) {
			return // listed directly
		}
		i, ok := index[target]
		if !ok {
			i = len(out)
			index[target] = i
			out = append(out, reach{target: target, inside: inside})
		}
		out[i].inside = out[i].inside && inside // reached through a country too: it counts
		if !slices.Contains(out[i].via, through) {
			out[i].via = append(out[i].via, through)
		}
	}
	for _, r := range resolved {
		if r.Kind == places.Country {
			for _, g := range b.atlas.Ancestors(r) {
				via(g, r, false)
			}
			for _, g := range b.atlas.Groups() {
				if b.atlas.Gathers(g) && b.atlas.Within(r, g, from, to) {
					via(g, r, false)
				}
			}
			continue
		}
		for _, c := range b.atlas.Members(r, from, to) {
			via(c, r, false)
		}
		for _, g := range b.atlas.Inside(r) { // Asia, for a project in Asia and the Pacific
			via(g, r, true)
		}
	}
	for i, r := range out {
		k := key.New()
		for _, v := range r.via {
			k.Str(v.Name)
		}
		out[i].key = k.Sum()
	}
	return out
}

// finish sorts every list and fills the indexes.
func (b *builder) finish() {
	s := b.site
	// Projects, Current and the lists of places and funders are in byStart
	// order already (Build adds the projects in it).
	slices.SortStableFunc(s.Past, func(a, b *Project) int { return -cmp.Compare(a.end, b.end) })
	slices.SortFunc(s.Upcoming, func(a, b *Project) int {
		return cmp.Or(cmp.Compare(a.start, b.start), strings.Compare(a.Title, b.Title), strings.Compare(a.Slug, b.Slug))
	})
	s.listPlaces(b.places)
	for _, f := range b.funders {
		s.Funders = append(s.Funders, f)
	}
	sortFunders(s.Funders)
	s.fillYears()
}
