package render

import (
	"encoding/binary"
	"hash/fnv"
	"html/template"
	"sync"
	"time"

	"portfolio/internal/site"
)

// Memo keeps, between the builds of one process (the preview server's),
// each project's page and list entries, keyed by everything they show, so
// that a rebuild renders again only what changed. The keys are the small
// explicit table STYLE.md asks for: a project page shows its own file's
// content (Project.Sum), what the site derives for it (status, division,
// places reached, funders' names) and its related projects' list entries;
// a list entry shows its project's content and status. Every key also
// holds the build's key: settings, build date, layouts and assets.
type Memo struct {
	mu       sync.Mutex
	pages    map[string]memoPage // by output path
	snippets map[uint64][3]template.HTML
	used     map[any]bool // paths and keys used by the build under way
}

type memoPage struct {
	key  uint64
	data []byte
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{pages: map[string]memoPage{}, snippets: map[uint64][3]template.HTML{}, used: map[any]bool{}}
}

// prune forgets what the last build did not use: deleted projects' pages,
// and entries whose keys have changed.
func (m *Memo) prune() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for path := range m.pages {
		if !m.used[path] {
			delete(m.pages, path)
		}
	}
	for key := range m.snippets {
		if !m.used[key] {
			delete(m.snippets, key)
		}
	}
	m.used = map[any]bool{}
}

// UseMemo makes r reuse and fill m.
func (r *Renderer) UseMemo(m *Memo) { r.memo = m }

// keyer builds one key from many values.
type keyer struct{ b []byte }

func (k *keyer) u64(v uint64) { k.b = binary.LittleEndian.AppendUint64(k.b, v) }
func (k *keyer) str(s string) { k.u64(uint64(len(s))); k.b = append(k.b, s...) }
func (k *keyer) sum() uint64 {
	h := fnv.New64a()
	h.Write(k.b)
	return h.Sum64()
}

// buildKey is what every page depends on: the settings, the build date, the
// layouts and the assets (r.sourceKey, from Load).
func (r *Renderer) buildKey(s *site.Site) uint64 {
	var k keyer
	k.u64(r.sourceKey)
	st := s.Settings
	for _, v := range []string{st.Title, st.Organization, st.Division, st.DivisionName, st.Description, st.BaseURL, st.Language, st.IATIOrgRef} {
		k.str(v)
	}
	k.str(s.AsOf.Format(time.DateOnly))
	return k.sum()
}

// entryKey is what a project's card, row and brief show.
func entryKey(build uint64, p *site.Project) uint64 {
	var k keyer
	k.u64(build)
	k.u64(p.Sum)
	k.str(p.Path)
	k.str(string(p.Status))
	return k.sum()
}

// pageKey is what a project's page shows.
func pageKey(build uint64, p *site.Project) uint64 {
	var k keyer
	k.u64(entryKey(build, p))
	k.str(p.Division)
	if p.Derived {
		k.str("derived")
	}
	for _, pl := range p.Places {
		k.str(pl.Slug)
	}
	k.str("|")
	for _, pl := range p.Within {
		k.str(pl.Slug)
	}
	k.str("|")
	for _, f := range p.Funders {
		k.str(f.Slug)
		k.str(f.Name)
	}
	k.str("|")
	for _, rel := range p.Related {
		k.u64(entryKey(build, rel))
	}
	return k.sum()
}
