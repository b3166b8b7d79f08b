package site

import (
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
)

// Cache keeps, between the builds of one process (the preview server's),
// what Build would otherwise work out again from every project on every
// save: what each file alone gives (its facts: places resolved and reached,
// funders, relate's keys — kept by the parsed file, which the content cache
// hands out again only while the file is unchanged) and each
// project's related projects, scored again only for the projects an edit
// can affect (relate). When no file's front matter has changed — the
// common save, of a project's text — it hands back the last build's site
// with the new files in it (reuse). The places come from the atlas of the
// first build; a process uses one atlas. One build at a time may use a
// Cache, and a site it returned must not be used once the next build has
// begun: reuse changes it.
type Cache struct {
	facts     map[*content.Project]*facts
	next      map[*content.Project]*facts // filled by the build under way
	relations map[string]*relation        // by project file path, from the last build
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
	diags    diag.List
}

// reuse returns the last build's site with the files' new bodies, when
// nothing else can differ: the same settings, date and drafts option, and
// the same files in the same order with the same front matter (Front). Build
// reads nothing of a file below its front matter, so that site is the one
// it would make anew.
func (c *Cache) reuse(settings Settings, asOf time.Time, files []*content.Project, opts Options) (*Site, diag.List, bool) {
	last := c.last
	if last == nil || last.settings != settings || !last.asOf.Equal(asOf) || last.drafts != opts.Drafts || len(last.files) != len(files) {
		return nil, nil, false
	}
	for i, cp := range files {
		old := last.files[i]
		if old.Path != cp.Path || old.Front != cp.Front || cp.Front == 0 {
			return nil, nil, false
		}
	}
	for i, cp := range files {
		old := last.files[i]
		if old == cp {
			continue
		}
		if f, ok := c.facts[old]; ok {
			delete(c.facts, old)
			c.facts[cp] = f
		}
		if p := last.projects[i]; p != nil {
			p.Project = cp
		}
		last.files[i] = cp
	}
	return last.site, append(diag.List(nil), last.diags...), true
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }
