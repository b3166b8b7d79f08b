package content

import (
	"sync"

	"portfolio/internal/diag"
)

// Cache remembers parsed project files by path and content, so that a
// rebuild (the preview server's, on every save) parses only the files that
// changed. A file is looked up by a hash of its bytes, never by its
// modification time, which can stay the same across quick saves. Projects
// are not changed after parsing, so one may serve many builds.
type Cache struct {
	mu        sync.Mutex
	allowHTML bool
	entries   map[string]cacheEntry
	seen      map[string]bool // paths looked up since the last prune
}

type cacheEntry struct {
	sum   uint64
	proj  *Project
	diags diag.List
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}, seen: map[string]bool{}}
}

// WithCache returns a Parser that consults c, which is emptied first if it
// was filled by a parser with other settings.
func (p *Parser) WithCache(c *Cache) *Parser {
	c.mu.Lock()
	if c.allowHTML != p.allowHTML {
		c.entries, c.allowHTML = map[string]cacheEntry{}, p.allowHTML
	}
	c.mu.Unlock()
	q := *p
	q.cache = c
	return &q
}

// parse returns the cached result for data at path, or parses it.
func (c *Cache) parse(p *Parser, path string, data []byte) (*Project, diag.List) {
	sum := Sum(data)
	c.mu.Lock()
	c.seen[path] = true
	e, ok := c.entries[path]
	c.mu.Unlock()
	if ok && e.sum == sum {
		return e.proj, e.diags
	}
	proj, l := p.Parse(path, data)
	if proj != nil {
		proj.Sum = sum
	}
	c.mu.Lock()
	c.entries[path] = cacheEntry{sum: sum, proj: proj, diags: l}
	c.mu.Unlock()
	return proj, l
}

// prune forgets the files not looked up since the last prune: deleted or
// renamed ones.
func (c *Cache) prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for path := range c.entries {
		if !c.seen[path] {
			delete(c.entries, path)
		}
	}
	c.seen = map[string]bool{}
}
