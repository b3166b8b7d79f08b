package render

import (
	"html/template"
	"maps"
	"sync"
	"time"

	"portfolio/internal/key"
	"portfolio/internal/site"
)

// Memo keeps, between the builds of one process (the preview server's),
// rendered pages and list entries, keyed by everything they show, so that a
// rebuild renders again only what changed. The keys are the small explicit
// table STYLE.md asks for (memoKey): a list entry shows its project's
// content (Project.Sum) and status; a project page, also what the site
// derives for it (division, places reached, funders' names) and its related
// projects' entries; a place, funder or list page, its own figures and the
// ordered entries it lists, and for a region or group, what its map shows.
// Every key also holds the build's key: settings, build date, layouts and
// assets. The few singleton pages (home, indexes, statements, and so the
// world map) are always rendered.
type Memo struct {
	mu       sync.Mutex
	gen      uint32                     // the build under way: what it uses is marked with it
	pages    map[string]*kept[memoPage] // by output path
	snippets map[uint64]*kept[[3]template.HTML]
	index    map[uint64]*kept[[]byte] // a project's row in the search index, by entry key and the places' order
}

// kept is a value of the memo with the last build that used it.
type kept[T any] struct {
	v   T
	gen uint32
}

type memoPage struct {
	key  uint64
	data []byte
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{pages: map[string]*kept[memoPage]{}, snippets: map[uint64]*kept[[3]template.HTML]{}, index: map[uint64]*kept[[]byte]{}}
}

// look returns what tab keeps under k, marking it used by this build.
// m.mu must be held.
func look[K comparable, T any](m *Memo, tab map[K]*kept[T], k K) (T, bool) {
	e, ok := tab[k]
	if !ok {
		var zero T
		return zero, false
	}
	e.gen = m.gen
	return e.v, true
}

// keep stores v under k for this build and the next. m.mu must be held.
func keep[K comparable, T any](m *Memo, tab map[K]*kept[T], k K, v T) {
	tab[k] = &kept[T]{v: v, gen: m.gen}
}

// prune forgets what the last build did not use: deleted projects' pages,
// and entries whose keys have changed.
func (m *Memo) prune() {
	m.mu.Lock()
	defer m.mu.Unlock()
	maps.DeleteFunc(m.pages, func(_ string, e *kept[memoPage]) bool { return e.gen != m.gen })
	maps.DeleteFunc(m.snippets, func(_ uint64, e *kept[[3]template.HTML]) bool { return e.gen != m.gen })
	maps.DeleteFunc(m.index, func(_ uint64, e *kept[[]byte]) bool { return e.gen != m.gen })
	m.gen++
}

// knownLayouts is the SHA-256 of the repository's own layouts
// (TestMemoKnowsTheLayouts), for which two things are known that a
// site's own layouts may break, and which are relied on only with these:
//   - the memo's keys hold what the layouts show of a page's data and no
//     more (a site's layouts may show anything: a project page the number
//     of all projects, a place page its projects' funders);
//   - cardItems, rowItems and reachItems are printed straight into HTML
//     text, never measured, piped or put in an attribute (splice.go).
//
// With any other layouts every page is rendered anew on every build, and
// lists are joined into strings. Change a layout, and the test asks for
// the two to be checked against it and this digest
// to be updated.
const knownLayouts = "26b2356db4968aa177be2d76ba665457e566ecfbf6dace2fb94ead47e20bccc8"

// KnownLayouts reports whether r's layouts are the repository's own, those
// knownLayouts identifies: what they show of a page's data is known.
func (r *Renderer) KnownLayouts() bool { return r.layouts == knownLayouts }

// UseMemo makes r reuse and fill m when r's layouts are those the memo's
// keys were written for (knownLayouts); with others it renders everything.
func (r *Renderer) UseMemo(m *Memo) {
	r.memo = nil
	if r.KnownLayouts() {
		r.memo = m
	}
}

// buildKey is what every page depends on: the settings, all of them, so
// that one added later cannot be left out (allow_html, say, changes every
// body), the build date, the layouts and the assets (r.sourceKey, from
// Load).
func (r *Renderer) buildKey(s *site.Site) uint64 {
	k := key.New()
	k.U64(r.sourceKey)
	k.U64(key.Of(s.Settings))
	k.Str(s.AsOf.Format(time.DateOnly))
	// What the header every page shows counts: the menu's "Current (n)".
	k.U64(uint64(len(s.Current)))
	k.U64(uint64(len(s.Past)))
	return k.Sum()
}

// entryKey is what a project's card, row and brief show, and its page
// beyond them (pageKey starts from it): its last change too.
func entryKey(build uint64, p *site.Project) uint64 {
	k := key.New()
	k.U64(listedKey(build, p.Sum, p))
	k.Str(p.Modified.Format(time.RFC3339))
	return k.Sum()
}

// rowKey is what a project's row and brief, and its bar in a timeline,
// show: its front matter's fields (title, dates, places, slug), its path
// and its status — not its body, which only a card shows (its summary).
// So an edit of a body leaves the long lists that show rows alone. A
// project parsed without a front matter hash (Front) has its entry key.
func rowKey(build uint64, p *site.Project) uint64 {
	if p.Front == 0 {
		return entryKey(build, p)
	}
	return listedKey(build, p.Front, p)
}

// listedKey is a listed project's key from a hash of the file (or of its
// front matter), its path and its status.
func listedKey(build, file uint64, p *site.Project) uint64 {
	k := key.New()
	k.U64(build)
	k.U64(file)
	k.Str(p.Path)
	k.Str(string(p.Status))
	return k.Sum()
}

// cardsUpTo is how long a list the "projects" partial shows as cards (with
// summaries) rather than rows: layouts/partials/projects.html's "le (len
// .) 30".
const cardsUpTo = 30

// memoKey is what a page shows, for the kinds that are many or long:
// project, place, funder, list (status, year) and paged find-project pages.
// The singletons (home, indexes, statements) are rendered every time; ok is
// false for them. shared is the site-wide aggregates' key (sharedKey);
// entries give each project's entryKey, computed once per build.
func memoKey(build, shared uint64, es entries, pg *Page) (sum uint64, ok bool) {
	k := key.New()
	k.U64(build)
	k.Str(pg.Kind)
	k.Str(pg.Path)
	k.Str(pg.Title)
	// A page of a long list: its place among them. The first shows what is
	// about the whole list, as a list on one page does; the others, the
	// list's length (in the pager) and their own part of it.
	first := pg.FirstPage()
	if pg.Pager != nil {
		k.U64(uint64(pg.Pager.Num))
		k.U64(uint64(pg.Pager.Of))
	}
	// rows lists projects shown as rows, briefs or timeline bars; listed,
	// those the "projects" partial shows, as cards when few.
	rows := func(ps []*site.Project) {
		k.U64(uint64(len(ps)))
		for _, p := range ps {
			k.U64(es.of(p).row)
		}
	}
	listed := func(ps []*site.Project) {
		if len(ps) > cardsUpTo {
			rows(ps)
			return
		}
		k.U64(uint64(len(ps)))
		for _, p := range ps {
			k.U64(es.of(p).key)
		}
	}
	switch pg.Kind {
	case "project":
		return pageKey(es, pg.Project), true
	case "place":
		pl := pg.Place
		k.Str(pl.Name)
		k.Str(pl.Kind.String())
		k.Str(pl.ISO3)
		if pl.Up != nil {
			k.Str(pl.Up.URL)
			k.Str(pl.Up.Name)
		}
		k.U64(uint64(pl.Budget))
		k.U64(uint64(pl.Stated))
		k.U64(uint64(len(pl.Direct)))
		k.U64(uint64(len(pl.Reached)))
		if first {
			listed(pl.Direct) // its counts, and its timeline's bars
		}
		listed(pg.List) // its cards or rows
		k.U64(uint64(len(pg.Reached)))
		for _, r := range pg.Reached {
			k.U64(es.of(r.Project).row)
			k.U64(r.ViaKey)
		}
		// A region's or group's map: its members on the build date, which
		// the build key holds, and which of them have a page to link to,
		// which a project anywhere may change.
		// Only the first page shows it: the others need not lay it out.
		if first {
			if m := pg.MembersMap(); m != nil {
				k.U64(uint64(len(m.Members)))
				for _, t := range m.Members {
					k.Str(t.Code)
					k.Str(t.URL)
				}
			}
		}
	case "funder":
		f := pg.Funder
		k.Str(f.Name)
		k.U64(uint64(f.Budget))
		k.U64(uint64(f.Stated))
		k.U64(uint64(len(f.Projects)))
		if first {
			listed(f.Projects) // its timeline's bars
		}
		listed(pg.List)
	case "list":
		k.Str(pg.Status)
		if y := pg.Year; y != nil {
			k.U64(uint64(y.Year))
			k.U64(uint64(y.Budget))
			k.U64(uint64(y.Stated))
			k.U64(uint64(y.Open))
			k.U64(uint64(y.Stated))
		}
		k.U64(uint64(len(pg.All)))
		listed(pg.List)
	case "projects":
		k.U64(shared)
		rows(pg.List)
	default:
		return 0, false
	}
	return k.Sum(), true
}

// sharedKey is what the find-projects pages show of the whole site: the
// browse lists' names and counts.
func sharedKey(s *site.Site) uint64 {
	k := key.New()
	for _, n := range []int{len(s.Projects), len(s.Current), len(s.Past), len(s.Upcoming), len(s.Countries), len(s.Groups)} {
		k.U64(uint64(n))
	}
	for _, y := range s.Years {
		k.U64(uint64(y.Year))
		k.U64(uint64(len(y.Projects)))
	}
	for _, f := range s.Funders {
		k.Str(f.URL)
		k.Str(f.Name)
		k.U64(uint64(len(f.Projects)))
	}
	for _, g := range s.Groups {
		k.Str(g.URL)
		k.Str(g.Name)
		k.U64(uint64(g.Count()))
	}
	return k.Sum()
}

// pageKey is what a project's page shows.
func pageKey(es entries, p *site.Project) uint64 {
	k := key.New()
	k.U64(es.of(p).key)
	k.Str(p.Division)
	if p.Derived {
		k.Str("derived")
	}
	for _, list := range [][]*site.Place{p.Places, p.Within} {
		k.U64(uint64(len(list)))
		for _, pl := range list {
			k.U64(pl.Key)
		}
	}
	for _, f := range p.Funders {
		k.Str(f.Slug)
		k.Str(f.Name)
	}
	k.Str("|")
	for _, rel := range p.Related {
		k.U64(es.of(rel).row)
	}
	return k.Sum()
}
