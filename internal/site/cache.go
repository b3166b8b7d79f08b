package site

import (
	"slices"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/places"
)

// Cache keeps, between the builds of one process (the preview server's),
// what Build would otherwise work out again from every project on every
// save: what each file alone gives (its facts: places resolved and reached,
// funders, relate's keys — kept by the parsed file, which the content cache
// hands out again only while the file is unchanged) and each
// project's related projects, scored again only for the projects an edit
// can affect (relate). When no file's front matter has changed — the
// common save, of a project's text — or only what pages show of a project
// changed (its title, code, link, goals), it hands back the last build's site
// with the new files in it (reuse); when one file's places, funders,
// budget, division or partners changed, that site updated for the edit
// (patch). The places come from the atlas of the
// first build; a process uses one atlas. One build at a time may use a
// Cache, and a site it returned must not be used once the next build has
// begun: reuse changes it.
type Cache struct {
	facts     map[*content.Project]*facts
	next      map[*content.Project]*facts // filled by the build under way
	relations map[string]*relation        // by project file path, from the last build
	rels      []*relation                 // the same, in the order of the last build's projects
	last      *lastBuild
}

// lastBuild is the last build's input and output.
type lastBuild struct {
	settings Settings
	asOf     time.Time
	drafts   bool
	files    []*content.Project
	projects []*Project // the site's project for each of files; nil for those left out
	site     *Site
	diags    diag.List // Build's, without doubles'
	titles   diag.List // sameTitles', kept while no title or its place changes
}

// retitled reports whether a file in edited has a new title, or its title
// elsewhere in the file, against the last build's: asked before swapIn.
func (c *Cache) retitled(files []*content.Project, edited []int) bool {
	for _, i := range edited {
		if old := c.last.files[i]; old.Title != files[i].Title || old.TitlePos != files[i].TitlePos {
			return true
		}
	}
	return false
}

// withDoubles returns the last build's diagnostics and doubles' warnings
// on s, the site made anew from them: the titles' are the last build's
// unless retitled.
func (c *Cache) withDoubles(s *Site, atlas *places.Atlas, retitled bool) diag.List {
	return doubles(slices.Clone(c.last.diags), s, atlas, &c.last.titles, retitled)
}

// reuse returns the last build's site with the files' new contents, when
// nothing it holds can differ: the same settings, date and drafts option,
// and the same files in the same order, each with the same front matter
// (Front) or the same shape (sameShape: all Build reads of it but the title)
// and, at most one of them with a new title, that title keeping its
// project's place in the order. Build reads nothing else of a file, so that
// site is the one it would make anew; what pages show of the files (title,
// code, link, goals, body) they read from the files swapped in.
func (c *Cache) reuse(settings Settings, asOf time.Time, files []*content.Project, atlas *places.Atlas, opts Options) (*Site, diag.List, bool) {
	last := c.last
	edited, ok := c.edited(settings, asOf, files, opts)
	if !ok {
		return nil, nil, false
	}
	retitled := false
	for _, i := range edited {
		old, cp := last.files[i], files[i]
		if !sameShape(old, cp) {
			return nil, nil, false
		}
		if old.Title != cp.Title {
			if retitled { // two titles could trade places, each looking settled against the other's old title
				return nil, nil, false
			}
			retitled = true
			if p := last.projects[i]; p != nil && !keepsPlace(last.site, p, cp) {
				return nil, nil, false
			}
		}
	}
	// A retitled file's facts keep relate's keys with the old title's
	// order hash. That is sound only because the project kept its place
	// (keepsPlace) and the last relations hold the same hash: relate
	// compares the two, and finds no change.
	titles := c.retitled(files, edited)
	c.swapIn(files)
	return last.site, c.withDoubles(last.site, atlas, titles), true
}

// swapIn puts files, the new build's, in the last build's place: each
// project of the last site gets its file's new contents, and each file
// the facts kept for its old contents.
func (c *Cache) swapIn(files []*content.Project) {
	last := c.last
	for i, file := range files {
		old := last.files[i]
		if old == file {
			continue
		}
		if f, ok := c.facts[old]; ok {
			delete(c.facts, old)
			c.facts[file] = f
		}
		if p := last.projects[i]; p != nil {
			p.Project = file
		}
		last.files[i] = file
	}
}

// edited returns the indexes of the files whose front matter (Front) is
// not the last build's. ok is false unless the last build had the same
// settings, date and drafts option, and the same files in the same order,
// each read with its front matter's hash.
func (c *Cache) edited(settings Settings, asOf time.Time, files []*content.Project, opts Options) (edited []int, ok bool) {
	last := c.last
	if last == nil || last.settings != settings || !last.asOf.Equal(asOf) || last.drafts != opts.Drafts || len(last.files) != len(files) {
		return nil, false
	}
	for i, cp := range files {
		old := last.files[i]
		if old.Path != cp.Path || cp.Front == 0 {
			return nil, false
		}
		if old != cp && old.Front != cp.Front {
			edited = append(edited, i)
		}
	}
	return edited, true
}

// sameShape reports whether Build reads the same of files a and b but
// their titles: every field of the front matter but those only pages show
// — title, code, link and goals (TestShapeCoversTheFrontMatter keeps the
// list whole) — with the positions of the values whose diagnostics it
// reports.
func sameShape(a, b *content.Project) bool {
	return a.Path == b.Path && a.Slug == b.Slug && a.SlugPos == b.SlugPos &&
		a.Start == b.Start && a.End == b.End && a.Status == b.Status &&
		slices.Equal(a.Funding, b.Funding) && a.Budget == b.Budget && a.HasBudget == b.HasBudget &&
		a.Division == b.Division && slices.Equal(a.Partners, b.Partners) && slices.Equal(a.PartnersPos, b.PartnersPos) && a.Draft == b.Draft &&
		slices.Equal(a.Countries, b.Countries)
}

// keepsPlace reports whether p, titled as cp is, keeps its place in s's
// order of projects (byStart): it still falls between its neighbours.
func keepsPlace(s *Site, p *Project, cp *content.Project) bool {
	q := *p
	q.Project = cp
	k := p.Seq
	if k >= len(s.Projects) || s.Projects[k] != p {
		return false
	}
	return (k == 0 || byStart(s.Projects[k-1], &q) < 0) && (k+1 == len(s.Projects) || byStart(&q, s.Projects[k+1]) < 0)
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }
