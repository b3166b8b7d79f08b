// Package render turns a site into the bytes of every output file, in
// memory, through the html/template layouts in layouts/ and the assets in
// assets/, and hands each file on as soon as it is ready.
//
// Layouts: layouts/base.html is the page skeleton; it calls
// {{template "main" .}}, which each page kind's layout defines:
// home.html, project.html, list.html (status and year lists),
// projects.html (the find-and-filter page, paged), countries.html,
// place.html (a country, region or group), funders.html, funder.html,
// years.html, data.html, accessibility.html and 404.html. Files under
// layouts/partials/ are shared by all: the header and footer, project list
// entries, links to places and funders, charts. What many pages show alike
// is rendered once per build and joined in Go: list entries (cardItems,
// rowItems, reachItems), links (placeItems, funderItems), and the parts
// chrome renders (the head's shared tags, header, footer, the find pages'
// browse lists). Every template is named by its path, so html/template's own messages
// ("layouts/project.html:12:5: ...") point at the file and line to fix.
//
// Words: what a reader sees comes from the layouts and from the message
// catalog, translations/<language>.yaml (catalog.go), which also formats
// numbers, money and dates; Go writes no English of its own.
//
// Assets: every file under assets/ is copied to assets/ in the output with
// a hash of its content in its name (style.css → style.3f9a1c2b.css), so a
// page never pairs with a stale cached stylesheet; layouts refer to them
// with {{asset "style.css"}}.
//
// Site emits every File (pages, assets, the search index and its word
// shards, sitemap, feed and robots.txt) to a function the caller gives, from
// several goroutines and in no set order, so a large site need not be held
// whole. What one call renders once for many pages is its own (a run), so
// one Renderer may render several sites at once. With the
// repository's layouts, long lists are written into a page after its
// layout has run (splice.go). For a process that builds again and again, a Memo
// keeps pages between builds (memo.go) — only with the layouts its keys
// were written for (knownLayouts) — and a Loader keeps the parsed layouts
// while they are unchanged (loader.go). Nothing here touches the
// disk beyond reading layouts, assets and the catalog from the fs.FS it is
// given.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"

	"portfolio/internal/diag"
	"portfolio/internal/par"
	"portfolio/internal/site"
)

// File is one output file: a slash path relative to the output folder.
type File struct {
	Path string
	Data []byte
}

// kinds lists the page kinds; each has layouts/<kind>.html.
var kinds = []string{"home", "project", "list", "projects", "countries", "place", "funders", "funder", "years", "data", "accessibility", "404"}

const (
	layoutDir  = "layouts"
	partialDir = "layouts/partials"
	assetDir   = "assets"
)

// Renderer holds parsed layouts and fingerprinted assets, and nothing of
// any one build: each Site call keeps its own state (a run), so that one
// Renderer may render several sites at once.
type Renderer struct {
	min       *minify.M
	basePath  string                               // the settings' base path, for url
	scratch   sync.Pool                            // *bytes.Buffer, for splicing
	memo      *Memo                                // nil: render everything
	sourceKey uint64                               // the layouts' and assets' content, for memo keys
	layouts   string                               // the layouts' SHA-256 (see knownLayouts)
	pages     map[string]*template.Template        // kind → base + partials + kind, minified
	debug     func() map[string]*template.Template // the same as written, parsed on first need, for messages
	assets    map[string]string                    // "style.css" → "assets/style.3f9a1c2b.css"
	cat       *Catalog                             // the interface's messages, translations/<language>.yaml
	files     []File                               // the assets' output files
}

// Page is what a layout receives as its dot.
type Page struct {
	Site    *site.Site
	Kind    string
	Title   string
	Path    string // the page's URL path, such as "/projects/igf-2011/"
	Project *site.Project
	Place   *site.Place
	Funder  *site.Funder
	All     []*site.Project // for list pages (status, year, funder, all projects): the whole list
	List    []*site.Project // this page's part of All, or of a place's Direct
	Reached []site.Reach    // for a place: this page's part of its Reached
	Status  string          // for status lists: "current", "past", "upcoming"; "" for all
	Year    *site.Year      // for a year's list
	Pager   *Pager          // for a list long enough for pages: this one's place among them
}

// Pages lists every page of s, in a fixed order, titled from cat. A long
// list goes on over numbered pages of s.Settings.PageSize projects (paged).
func Pages(s *site.Site, cat *Catalog) []*Page {
	size := s.Settings.PageSize
	if size <= 0 { // settings not loaded from site.yaml
		size = site.DefaultPageSize
	}
	pg := pager{size: size, cat: cat}
	pages := []*Page{{Kind: "home", Path: "/", Title: s.Settings.Title}}
	for _, l := range []struct {
		status string
		list   []*site.Project
	}{{"current", s.Current}, {"past", s.Past}, {"upcoming", s.Upcoming}} {
		pages = append(pages, pg.list(&Page{Kind: "list", Path: "/" + l.status + "/", Title: cat.must("title." + l.status), All: l.list, Status: l.status})...)
	}
	pages = append(pages, []*Page{
		{Kind: "countries", Path: "/countries/", Title: cat.must("title.countries")},
		{Kind: "funders", Path: "/funders/", Title: cat.must("title.funders")},
		{Kind: "years", Path: "/years/", Title: cat.must("title.years")},
		{Kind: "data", Path: "/data/", Title: cat.must("title.data")},
		{Kind: "accessibility", Path: "/accessibility/", Title: cat.must("title.accessibility")},
		{Kind: "404", Path: "/404.html", Title: cat.must("title.404")},
	}...)
	pages = append(pages, pg.list(&Page{Kind: "projects", Path: "/projects/", Title: cat.must("title.projects"), All: s.Projects})...)
	for _, p := range s.Projects {
		pages = append(pages, &Page{Kind: "project", Path: p.URL, Title: p.Title, Project: p})
	}
	for _, pl := range slices.Concat(s.Countries, s.Groups) {
		pages = append(pages, pg.place(&Page{Kind: "place", Path: pl.URL, Title: pl.Name, Place: pl})...)
	}
	for _, f := range s.Funders {
		// Not the name alone: a country page may have it.
		pages = append(pages, pg.list(&Page{Kind: "funder", Path: f.URL, Title: cat.must("title.funder", "funder", f.Name), Funder: f, All: f.Projects})...)
	}
	for _, y := range s.Years {
		pages = append(pages, pg.list(&Page{Kind: "list", Path: y.URL, Title: cat.must("title.year", "year", strconv.Itoa(y.Year)), All: y.Projects, Year: y})...)
	}
	for _, p := range pages {
		p.Site = s
	}
	return pages
}

// Pager links a page of a long list to its neighbours, and by number to
// the first, the last and those near it.
type Pager struct {
	Num, Of    int
	Prev, Next string     // URL paths, "" at either end
	Links      []PageLink // in order; the first and the last, this one and two either side
}

// PageLink is a page named by its number in a pager.
type PageLink struct {
	Num     int
	URL     string
	Current bool // the page the pager is on
}

// FirstPage reports whether p is the first page of its list, or its only
// one: the page that shows what is about the whole list (counts, charts,
// map).
func (p *Page) FirstPage() bool { return p.Pager == nil || p.Pager.Num == 1 }

// pager splits long lists into pages of size projects: the list's own
// URL, then <URL>page/2/ and on (site reserves the slug "page").
type pager struct {
	size int
	cat  *Catalog
}

// pages returns first, and as many copies of it as a list of n projects
// needs beyond it, each with its Pager, path and title; with one page,
// first alone, with no Pager.
func (pg pager) pages(first *Page, n int) []*Page {
	of := max(1, (n+pg.size-1)/pg.size)
	if of == 1 {
		return []*Page{first}
	}
	url := func(i int) string {
		if i == 1 {
			return first.Path
		}
		return first.Path + "page/" + strconv.Itoa(i) + "/"
	}
	out := make([]*Page, of)
	for i := 1; i <= of; i++ {
		p := *first
		p.Path, p.Pager = url(i), &Pager{Num: i, Of: of}
		if i > 1 {
			p.Pager.Prev = url(i - 1)
			p.Title = pg.cat.must("title.page", "title", first.Title, "page", i)
		}
		if i < of {
			p.Pager.Next = url(i + 1)
		}
		for j := 1; j <= of; j++ {
			if j == 1 || j == of || j >= i-2 && j <= i+2 {
				p.Pager.Links = append(p.Pager.Links, PageLink{Num: j, URL: url(j), Current: j == i})
			}
		}
		out[i-1] = &p
	}
	return out
}

// list pages first's list, first.All: each page's List is its part.
func (pg pager) list(first *Page) []*Page {
	out := pg.pages(first, len(first.All))
	for i, p := range out {
		p.List = first.All[i*pg.size : min((i+1)*pg.size, len(first.All))]
	}
	return out
}

// place pages a place's projects: those naming it, then those reaching it,
// as one list; each page's List and Reached are its parts of the two.
func (pg pager) place(first *Page) []*Page {
	pl := first.Place
	out := pg.pages(first, pl.Count())
	for i, p := range out {
		lo, hi := i*pg.size, min((i+1)*pg.size, pl.Count())
		d := len(pl.Direct)
		p.List = pl.Direct[min(lo, d):min(hi, d)]
		p.Reached = pl.Reached[max(lo, d)-d : max(hi, d)-d]
	}
	return out
}

// OutputPath maps a URL path to its file: "/x/" → "x/index.html".
func OutputPath(urlPath string) string {
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// Site renders every page of s in parallel, handing each output file to
// emit as soon as it is ready (from several goroutines at once, in no set
// order), assets and the machine-readable files included. It returns the
// distinct site paths the layouts linked to (through url), for the link
// check.
func (r *Renderer) Site(s *site.Site, emit func(File)) ([]string, diag.List) {
	run := &run{r: r, s: s, emit: emit, basePath: r.basePath}
	if r.KnownLayouts() {
		run.splice = newSplices()
	}
	funcs := run.funcs()
	run.layouts = bind(r.pages, funcs)
	run.debug = sync.OnceValue(func() map[string]*template.Template { return bind(r.debug(), funcs) })
	if r.memo != nil {
		run.build, run.shared = r.buildKey(s), sharedKey(s)
	}
	if d := run.snippets(); d != nil {
		return nil, diag.List{*d}
	}
	run.pages = Pages(s, r.cat)
	run.errs = make([]*diag.Diagnostic, len(run.pages))
	return run.finish()
}

// A run is one rendering of a site, and what it renders once for many
// pages.
type run struct {
	r             *Renderer
	s             *site.Site
	emit          func(File)
	basePath      string
	layouts       map[string]*template.Template        // r's, bound to this run's functions
	debug         func() map[string]*template.Template // r's as written, the same
	pages         []*Page
	errs          []*diag.Diagnostic
	build, shared uint64   // with a memo, the keys every page's holds
	entries       entries  // each project's list entries
	linked        sync.Map // site paths the layouts linked to
	chromes       sync.Map // header and footer variants
	links         sync.Map // a place's or funder's link, by pointer
	splice        *splices // with the repository's layouts: lists to splice in (splice.go)
}

// bind returns a copy of each template set in sets with funcs in place of
// the functions of the same names.
func bind(sets map[string]*template.Template, funcs template.FuncMap) map[string]*template.Template {
	out := make(map[string]*template.Template, len(sets))
	for kind, t := range sets {
		c, err := t.Clone()
		if err != nil { // only a template already executed cannot be cloned, and these never are
			panic(err)
		}
		out[kind] = c.Funcs(funcs)
	}
	return out
}

// render renders the i'th page and emits it.
func (run *run) render(buf *bytes.Buffer, i int) {
	r, pg := run.r, run.pages[i]
	path := OutputPath(pg.Path)
	var key uint64
	memoised := false
	if r.memo != nil {
		key, memoised = memoKey(run.build, run.shared, run.entries, pg)
	}
	if memoised {
		r.memo.mu.Lock()
		m, ok := look(r.memo, r.memo.pages, path)
		r.memo.mu.Unlock()
		if ok && m.key == key {
			run.emit(File{Path: path, Data: m.data})
			return
		}
	}
	data, err := run.page(buf, pg)
	if err != nil {
		run.errs[i] = err
		return
	}
	data = bytes.Clone(data)
	if memoised {
		r.memo.mu.Lock()
		keep(r.memo, r.memo.pages, path, memoPage{key: key, data: data})
		r.memo.mu.Unlock()
	}
	run.emit(File{Path: path, Data: data})
}

// finish renders every page and the machine-readable files, and returns
// what Site returns.
func (run *run) finish() ([]string, diag.List) {
	r, s, emit := run.r, run.s, run.emit
	var l diag.List
	pages, errs := run.pages, run.errs
	// The sitemap, feed and search index need no page: they are made
	// while the pages render.
	var machine, index []File
	var machineErr, indexErr error
	par.Do(2, func(part int) {
		if part == 1 {
			machine, machineErr = machineFiles(s, pages)
			index, indexErr = run.indexFiles(s)
			return
		}
		parallel(len(pages), func(buf *bytes.Buffer, i int) { run.render(buf, i) })
	})
	// A broken layout fails every page of its kind the same way: say so once.
	failed := map[string][]string{} // a failure → the pages it failed
	var failures []diag.Diagnostic
	for i, e := range errs {
		if e == nil {
			continue
		}
		if _, ok := failed[e.String()]; !ok {
			failures = append(failures, *e)
		}
		failed[e.String()] = append(failed[e.String()], pages[i].Path)
	}
	for _, d := range failures {
		on := failed[d.String()]
		d.Msg += " (rendering " + on[0]
		if n := len(on) - 1; n > 0 {
			d.Msg += fmt.Sprintf(" and %d other %s", n, map[bool]string{true: "page", false: "pages"}[n == 1])
		}
		d.Msg += ")"
		l = append(l, d)
	}
	if machineErr != nil {
		l.Errorf("", diag.Pos{}, "writing the sitemap and feed: %v", machineErr)
	}
	if indexErr != nil {
		l.Errorf("", diag.Pos{}, "writing the search index: %v", indexErr)
	}
	if r.memo != nil {
		r.memo.prune()
	}
	for _, f := range slices.Concat(r.files, machine, index) {
		emit(f)
	}
	var linked []string
	run.linked.Range(func(k, _ any) bool {
		linked = append(linked, k.(string))
		return true
	})
	slices.Sort(linked)
	return linked, l
}

// parallel runs do(buf, i) for i in [0, n) on every core, each worker with
// its own scratch buffer; a panic comes through to the caller (par.Do).
func parallel(n int, do func(buf *bytes.Buffer, i int)) {
	var next atomic.Int64
	par.Do(runtime.GOMAXPROCS(0), func(int) {
		var buf bytes.Buffer
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			do(&buf, i)
		}
	})
}

// entry is what every list showing a project shows of it, rendered once
// per build: its card, compact row and brief (title with years), in the
// order of snippetNames, and, with a memo, the key of what they show.
type entry struct {
	p    *site.Project
	key  uint64 // entryKey
	row  uint64 // rowKey
	html [3]template.HTML
}

// entries are a build's entries, by Project.Seq.
type entries []entry

// of returns p's entry, or nil for a project not in the build's site.
func (es entries) of(p *site.Project) *entry {
	if p.Seq < len(es) && es[p.Seq].p == p {
		return &es[p.Seq]
	}
	return nil
}

// The kinds of list entry, indexes into entry.html, and the partials in
// layouts/partials/projects.html that render them.
const (
	card = iota
	row
	brief
)

var snippetNames = [3]string{card: "card", row: "row", brief: "brief"}

// snippets renders each project's list entries once, for every list that
// shows them, into the run's entries.
func (run *run) snippets() *diag.Diagnostic {
	ps := run.s.Projects
	memo := run.r.memo
	es := make(entries, len(ps))
	for i, p := range ps {
		es[i].p = p
		if memo != nil {
			es[i].key, es[i].row = entryKey(run.build, p), rowKey(run.build, p)
		}
	}
	errs := make([]error, len(ps))
	parallel(len(ps), func(buf *bytes.Buffer, i int) {
		e := &es[i]
		if memo != nil {
			memo.mu.Lock()
			got, ok := look(memo, memo.snippets, e.key)
			memo.mu.Unlock()
			if ok {
				e.html = got
				return
			}
		}
		for kind := range snippetNames {
			if e.html[kind], errs[i] = run.snippet(buf, snippetNames[kind], ps[i]); errs[i] != nil {
				return
			}
		}
		if memo != nil {
			memo.mu.Lock()
			keep(memo, memo.snippets, e.key, e.html)
			memo.mu.Unlock()
		}
	})
	for i, p := range ps {
		if errs[i] != nil {
			d := templateError(errs[i], partialDir+"/projects.html")
			d.Msg += " (rendering the list entry of " + p.Path + ")"
			return &d
		}
	}
	run.entries = es
	return nil
}

// snippet executes the partial template name for data. Its output is
// html/template's own, escaped as it was rendered, so including it in a page
// as template.HTML bypasses nothing.
func (run *run) snippet(buf *bytes.Buffer, name string, data any) (template.HTML, error) {
	t := run.layouts["home"]
	if t == nil {
		return "", fmt.Errorf("template: %s: missing layouts/home.html", name)
	}
	buf.Reset()
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		if dt := run.debug()["home"]; dt != nil {
			buf.Reset()
			if derr := dt.ExecuteTemplate(buf, name, data); derr != nil {
				return "", derr
			}
		}
		return "", err
	}
	run.spliced(buf)
	return template.HTML(buf.String()), nil
}

// page renders one page into buf and returns buf's bytes. A failure names
// the layout and line, but not the page: Site reports one failure of many
// pages once.
func (run *run) page(buf *bytes.Buffer, p *Page) (data []byte, d *diag.Diagnostic) {
	t, ok := run.layouts[p.Kind]
	if !ok {
		return nil, &diag.Diagnostic{Path: layoutDir + "/" + p.Kind + ".html", Msg: "missing or broken layout"}
	}
	defer func() {
		if v := recover(); v != nil {
			d = &diag.Diagnostic{Path: layoutDir + "/" + p.Kind + ".html", Msg: fmt.Sprintf("internal error rendering %s: %v", p.Path, v)}
		}
	}()
	buf.Reset()
	if err := t.ExecuteTemplate(buf, layoutDir+"/base.html", p); err != nil {
		// Render again from the layouts as written, for the author's line numbers.
		buf.Reset()
		if derr := run.debug()[p.Kind].ExecuteTemplate(buf, layoutDir+"/base.html", p); derr != nil {
			err = derr
		}
		e := templateError(err, layoutDir+"/"+p.Kind+".html")
		return nil, &e
	}
	run.spliced(buf)
	return buf.Bytes(), nil
}

// spliced writes the lists held for buf's output into it (splice.go).
func (run *run) spliced(buf *bytes.Buffer) {
	if run.splice == nil {
		return
	}
	scratch, _ := run.r.scratch.Get().(*bytes.Buffer)
	if scratch == nil {
		scratch = new(bytes.Buffer)
	}
	run.splice.spliced(buf, scratch)
	run.r.scratch.Put(scratch)
}
