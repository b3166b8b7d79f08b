// Package build runs the pipeline from a site's source folder to its output
// files, in memory, as a fixed list of steps:
//
//	settings (site.yaml) → static files → layouts and assets → projects
//	(content/) → site graph (places, status, indexes) → pages, downloads
//	and static files → link check
//
// Each step reports into one diagnostic list, and the steps go on after
// errors where they can, so one run reports every problem in every file.
// Nothing here writes to disk or reads the clock: the caller gives the build
// date and takes the files, collected or streamed (Options.Emit,
// Options.Stream). A Cache carries work from one build to the next, for a
// process that builds again and again (the preview server).
package build

import (
	"cmp"
	"io"
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/linkcheck"
	"portfolio/internal/par"
	"portfolio/internal/places"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

// Options say what to build.
type Options struct {
	AsOf    time.Time // the build date statuses are derived for
	Drafts  bool      // include draft projects
	BaseURL string    // overrides site.yaml's base_url when set

	// Cache, when set, keeps work between the builds of one process (the
	// preview server's) — the country data, parsed project files, what the
	// site derives from each file and the related projects (or the whole
	// site, when no front matter changed), the parsed layouts, rendered
	// pages and list entries, the downloads' per-project parts — so that a
	// rebuild does again only what changed. A random-edit test holds every
	// cached build equal to a clean one.
	Cache *Cache

	// Emit, when set, receives each output file as soon as it is ready —
	// from several goroutines at once — instead of Result.Files collecting
	// them, so that a large site can be written without being held in
	// memory. The files are complete only when the result has no errors.
	Emit func(render.File)

	// Stream, when set, receives the open-data downloads as writers
	// instead of Emit or Result.Files taking them whole, one call each,
	// from several goroutines at once. Without a Cache, Write encodes a
	// project at a time into the writer it is given, so that not even a
	// download is held whole, and must be called before Stream returns;
	// with one, it copies the parts the Cache keeps, and may be called at
	// any time until the next build with that Cache (the preview server
	// joins a download only when it is asked for).
	Stream func(export.Download)
}

// Cache is what Options.Cache keeps between builds.
type Cache struct {
	atlas *places.Atlas // loaded once: it is the same for every build
	files *content.Cache
	site  *site.Cache
	pages *render.Memo
	data  *export.Memo
	looks render.Loader // the layouts and assets, parsed again only when they change
}

// NewCache returns an empty Cache. now is the clock (time.Now, but for
// tests) that file times are compared with: see content.NewCache.
func NewCache(now func() time.Time) *Cache {
	return &Cache{files: content.NewCache(now), site: site.NewCache(), pages: render.NewMemo(), data: export.NewMemo()}
}

// Result is a build's outcome. Files is complete only when Diags has no
// errors.
type Result struct {
	Site     *site.Site
	Files    []render.File // sorted by path; empty when Options.Emit took them
	Diags    diag.List
	Projects int // project files read, drafts included
	Paths    int // output files made, downloads included
}

// Run builds the site whose source is fsys: each step below returns its
// value and what it found wrong, and the build goes on after errors as far
// as it can. A panic in any step becomes an error naming the step (the
// steps that handle files one at a time name the file themselves), never a
// crash.
func Run(fsys fs.FS, opts Options) (res Result) {
	step := ""
	defer func() {
		if v := recover(); v != nil {
			stack := debug.Stack()
			if p, ok := v.(*par.Panic); ok {
				v, stack = p.Value, p.Stack
			}
			res.Files = nil
			res.Diags.Errorf("", diag.Pos{}, "internal error while %s: %v, at %s (please report it)", step, v, panicSite(stack))
			res.Diags.Sort()
		}
	}()
	defer func() { res.Diags.Sort() }()
	c := opts.Cache
	if c == nil {
		c = &Cache{} // nothing kept: every step works everything out
	}
	report := func(l diag.List) { res.Diags = append(res.Diags, l...) }

	step = "reading the site settings"
	settings, l := readSettings(fsys, opts.BaseURL)
	report(l)
	step = "reading the static files"
	static, l := staticFiles(fsys)
	report(l)
	step = "loading the country data"
	atlas, l := c.loadAtlas()
	if report(l); atlas == nil {
		return res
	}
	step = "loading the layouts"
	r, l := c.loadLayouts(fsys, settings)
	report(l)
	step = "reading the project files"
	projects, l := content.Load(fsys, c.parser(settings))
	excuse := drafted(projects, opts.Drafts)
	report(excuse(l))
	res.Projects = len(projects)
	step = "cross-linking the projects"
	s, l := site.Build(settings, projects, atlas, site.Options{AsOf: opts.AsOf, Drafts: opts.Drafts, Cache: c.site})
	report(excuse(l))
	res.Site = s

	if res.Diags.HasErrors() {
		if s != nil {
			// Nothing to look links up in, but their schemes can be checked now.
			step = "checking the links"
			report(linkcheck.Check(s, nil, nil))
		}
		return res
	}
	step = "rendering the pages and writing the open-data downloads"
	out, l := output(s, r, static, opts, &step)
	report(l)
	res.Files, res.Paths = out.files, len(out.paths)
	step = "checking the links"
	if l.HasErrors() {
		// Pages that failed are missing, and links to them are no news.
		out.paths, out.linked = nil, nil
	}
	report(linkcheck.Check(s, out.paths, out.linked))
	return res
}

// readSettings reads site.yaml, with baseURL in place of its base_url when
// set, and warns of the settings a published site should have.
func readSettings(fsys fs.FS, baseURL string) (site.Settings, diag.List) {
	settings, l := site.LoadSettings(fsys)
	if baseURL != "" {
		settings.BaseURL = baseURL
		if msg := settings.CheckBaseURL(); msg != "" {
			l.Errorf("", diag.Pos{}, "--base-url %q %s", baseURL, msg)
		}
	}
	if settings.IATIOrgRef == "" {
		l.Warnf(site.SettingsFile, diag.Pos{}, "iati_org_ref is not set: %s names its reporting organisation %s until the division's IATI organisation identifier is set", export.IATIPath, unregistered)
	}
	if settings.Contact == "" {
		l.Warnf(site.SettingsFile, diag.Pos{}, "contact is not set: the accessibility statement gives readers no address to send feedback to; set contact to an email or web address")
	}
	if settings.DataLicence == "" {
		l.Warnf(site.SettingsFile, diag.Pos{}, "data_licence is not set: the open data under data/ (%s, %s and the others) state no licence, so nobody can tell whether they may reuse them; set data_licence to an SPDX identifier such as CC-BY-4.0, or to the address of the terms they are published under", export.CSVPath, export.PackagePath)
	}
	if settings.Origin() == "" && settings.CheckBaseURL() == "" {
		where, what := site.SettingsFile, "base_url"
		if baseURL != "" {
			where, what = "", "--base-url"
		}
		l.Warnf(where, diag.Pos{}, "%s %q has no host, so the site has no sitemap.xml, no feed.xml and no Sitemap line in robots.txt (they need absolute addresses), pages name no canonical address, and the IATI file has no document links; set base_url (or --base-url) to the published address, such as https://example.org/projects/", what, settings.BaseURL)
	}
	if settings.Origin() != "" && settings.FeedID == "" && settings.CheckBaseURL() == "" {
		l.Warnf(site.SettingsFile, diag.Pos{}, "feed_id is not set: feed.xml's ids are made from base_url's host (%s), and would change if the site moved, which feed readers take as all new entries; set feed_id to a tag URI on a domain the division owns, such as tag:un.org,2026:desa/dpidg/projects", settings.Feed())
	}
	return settings, l
}

// loadAtlas returns the country data, loaded once per Cache.
func (c *Cache) loadAtlas() (*places.Atlas, diag.List) {
	if c.atlas == nil {
		atlas, err := places.Load()
		if err != nil {
			var l diag.List
			l.Errorf("", diag.Pos{}, "loading the country data: %v", err)
			return nil, l
		}
		c.atlas = atlas
	}
	return c.atlas, nil
}

// loadLayouts returns the renderer of the site's layouts and assets,
// parsed again only when they change, and rendering into the Cache's memo.
func (c *Cache) loadLayouts(fsys fs.FS, settings site.Settings) (*render.Renderer, diag.List) {
	if c.pages == nil { // no cache
		return render.Load(fsys, settings)
	}
	r, l := c.looks.Load(fsys, settings)
	r.UseMemo(c.pages)
	return r, l
}

// parser returns the project file parser for settings, parsing only the
// files that changed since the Cache's last build.
func (c *Cache) parser(settings site.Settings) *content.Parser {
	p := content.NewParser(settings.AllowHTML)
	if c.files != nil {
		p = p.WithCache(c.files)
	}
	return p
}

// outcome is what the output step made: the files, when collected, sorted
// by path; the path of every file made; and the site paths the pages link
// to.
type outcome struct {
	files  []render.File
	paths  []string
	linked []string
}

// output renders the pages and writes the open-data downloads at the same
// time — they read the same site and nothing of each other — and hands
// every file, the static ones included, to opts.Emit or collects it. step
// names the part under way, for a panic.
func output(s *site.Site, r *render.Renderer, static []render.File, opts Options, step *string) (outcome, diag.List) {
	var out outcome
	var mu sync.Mutex
	note := func(path string) {
		mu.Lock()
		out.paths = append(out.paths, path)
		mu.Unlock()
	}
	emit := func(f render.File) {
		note(f.Path)
		if opts.Emit != nil {
			opts.Emit(f)
			return
		}
		mu.Lock()
		out.files = append(out.files, f)
		mu.Unlock()
	}
	for _, f := range static {
		emit(f)
	}
	var l diag.List
	var dataErr error
	parts := [2]string{"writing the open-data downloads", "rendering the pages"}
	var finished [2]bool
	defer func() { // before Run's recover: name the part that panicked
		for i, ok := range finished {
			if !ok {
				*step = parts[i]
			}
		}
	}()
	par.Do(2, func(part int) {
		if part == 1 {
			out.linked, l = r.Site(s, emit)
		} else {
			dataErr = downloads(s, opts, emit, note)
		}
		finished[part] = true
	})
	if dataErr != nil {
		l.Errorf("", diag.Pos{}, "writing the open-data downloads: %v", dataErr)
	}
	l = append(l, clashes(static, out.paths)...)
	slices.SortFunc(out.files, func(a, b render.File) int { return cmp.Compare(a.Path, b.Path) })
	return out, l
}

// panicSite returns where a panic was raised, from the stack of its
// goroutine: the first frame of portfolio's own code below the panic, as
// "internal/render/funcs.go:42", or "an unknown place".
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "panic(") {
			continue
		}
		for j := i + 2; j+1 < len(lines); j += 2 { // past the panic call's own file line
			if strings.HasPrefix(lines[j], "portfolio/") {
				file, _, _ := strings.Cut(strings.TrimSpace(lines[j+1]), " ")
				if k := strings.Index(file, "/internal/"); k >= 0 {
					return file[k+1:]
				}
				if k := strings.Index(file, "/cmd/"); k >= 0 {
					return file[k+1:]
				}
				return file
			}
		}
	}
	return "an unknown place"
}

// orgRef is the IATI reporting organisation's identifier the downloads
// are made with: the site's, or unregistered.
func orgRef(s *site.Site) string { return cmp.Or(s.Settings.IATIOrgRef, unregistered) }

// drafted returns what makes the errors of drafts left out of the build
// warnings: a half-written draft must not stop the site being published,
// and what is wrong with it is still said, to be put right before its
// draft: true goes. With drafts shown (--drafts), they stay errors. A file
// too broken to tell whether it is a draft is no draft.
func drafted(ps []*content.Project, shown bool) func(diag.List) diag.List {
	drafts := map[string]bool{}
	for _, p := range ps {
		if p.Draft && !shown {
			drafts[p.Path] = true
		}
	}
	return func(l diag.List) diag.List {
		if len(drafts) == 0 {
			return l
		}
		out := slices.Clone(l) // l may be a cache's
		for i, d := range out {
			if d.Severity == diag.Error && drafts[d.Path] {
				out[i].Severity = diag.Warning
				out[i].Msg += " (a draft: an error once draft: true is removed)"
			}
		}
		return out
	}
}

// unregistered stands in for the IATI organisation identifier until the
// site sets one, so that the IATI file is complete and well-formed; the
// build warns while it is in use.
const unregistered = "XX-UNREGISTERED"

// downloads makes the open-data files (JSON, CSV, IATI XML) and hands
// them to opts.Stream, or whole to emit. With a cache, each project's parts
// are reused (export.Memo). note records the path of each file streamed.
func downloads(s *site.Site, opts Options, emit func(render.File), note func(string)) error {
	ref := orgRef(s)
	var memo *export.Memo
	if opts.Cache != nil {
		memo = opts.Cache.data
	}
	if opts.Stream == nil {
		files, err := memo.Files(s, ref, "")
		for _, f := range files {
			emit(render.File(f))
		}
		return err
	}
	ds, err := memo.Stream(s, ref, "")
	if err != nil {
		return err
	}
	errs := make([]error, len(ds))
	for _, d := range ds {
		note(d.Path)
	}
	par.Do(len(ds), func(i int) { // one file each: they share nothing but the site
		d := ds[i]
		write := d.Write
		d.Write = func(w io.Writer) error {
			err := write(w)
			if errs[i] == nil {
				errs[i] = err
			}
			return err
		}
		opts.Stream(d)
	})
	return cmp.Or(errs...)
}
