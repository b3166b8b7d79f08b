package site

import "portfolio/internal/content"

// Cache keeps, between the builds of one process (the preview server's),
// what Build would otherwise work out again from every project on every
// save: what each file alone gives (its facts: places resolved and reached,
// funders, relate's keys — kept by the parsed file, which the content cache
// hands out again only while the file is unchanged) and each
// project's related projects, scored again only for the projects an edit
// can affect (relate). It holds no *Project: a build's results are looked
// up by file, so nothing of an old build leaks into a new one. The places
// come from the atlas of the first build; a process uses one atlas. One
// build at a time may use a Cache.
type Cache struct {
	facts     map[*content.Project]*facts
	next      map[*content.Project]*facts // filled by the build under way
	relations map[string]*relation        // by project file path, from the last build
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }
