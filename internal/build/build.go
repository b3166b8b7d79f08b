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

// Run builds the site whose source is fsys. A panic in any step becomes an
// error naming the step (the steps that handle files one at a time name the
// file themselves), never a crash.
func Run(fsys fs.FS, opts Options) (res Result) {
	step := "reading the site settings"
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
	settings, l := site.LoadSettings(fsys)
	res.Diags = append(res.Diags, l...)
	if opts.BaseURL != "" {
		settings.BaseURL = opts.BaseURL
		if msg := settings.CheckBaseURL(); msg != "" {
			res.Diags.Errorf("", diag.Pos{}, "--base-url %q %s", opts.BaseURL, msg)
		}
	}

	if settings.IATIOrgRef == "" {
		res.Diags.Warnf(site.SettingsFile, diag.Pos{}, "iati_org_ref is not set: %s names its reporting organisation %s until the division's IATI organisation identifier is set", export.IATIPath, unregistered)
	}
	if settings.Contact == "" {
		res.Diags.Warnf(site.SettingsFile, diag.Pos{}, "contact is not set: the accessibility statement gives readers no address to send feedback to; set contact to an email or web address")
	}
	if settings.Origin() == "" && settings.CheckBaseURL() == "" {
		where, what := site.SettingsFile, "base_url"
		if opts.BaseURL != "" {
			where, what = "", "--base-url"
		}
		res.Diags.Warnf(where, diag.Pos{}, "%s %q has no host, so sitemap.xml, robots.txt and feed.xml hold paths where crawlers and feed readers want addresses, and the IATI file has no document links; set base_url (or --base-url) to the published address, such as https://example.org/projects/", what, settings.BaseURL)
	}

	step = "reading the static files"
	static, l := staticFiles(fsys)
	res.Diags = append(res.Diags, l...)

	step = "loading the country data"
	var atlas *places.Atlas
	if opts.Cache != nil {
		atlas = opts.Cache.atlas
	}
	if atlas == nil {
		var err error
		if atlas, err = places.Load(); err != nil {
			res.Diags.Errorf("", diag.Pos{}, "loading the country data: %v", err)
			return res
		}
		if opts.Cache != nil {
			opts.Cache.atlas = atlas
		}
	}
	step = "loading the layouts"
	var r *render.Renderer
	if opts.Cache != nil {
		r, l = opts.Cache.looks.Load(fsys, settings)
	} else {
		r, l = render.Load(fsys, settings)
	}
	res.Diags = append(res.Diags, l...)
	if opts.Cache != nil {
		r.UseMemo(opts.Cache.pages)
	}

	step = "reading the project files"
	parser := content.NewParser(settings.AllowHTML)
	if opts.Cache != nil {
		parser = parser.WithCache(opts.Cache.files)
	}
	projects, l := content.Load(fsys, parser)
	excuse := drafted(projects, opts.Drafts)
	res.Diags = append(res.Diags, excuse(l)...)
	res.Projects = len(projects)

	step = "cross-linking the projects"
	so := site.Options{AsOf: opts.AsOf, Drafts: opts.Drafts}
	if opts.Cache != nil {
		so.Cache = opts.Cache.site
	}
	s, l := site.Build(settings, projects, atlas, so)
	l = excuse(l)
	res.Diags = append(res.Diags, l...)
	res.Site = s

	if !res.Diags.HasErrors() {
		var mu sync.Mutex
		var paths []string // every file made, for the link check
		note := func(path string) {
			mu.Lock()
			paths = append(paths, path)
			mu.Unlock()
		}
		emit := func(f render.File) {
			note(f.Path)
			if opts.Emit != nil {
				opts.Emit(f)
				return
			}
			mu.Lock()
			res.Files = append(res.Files, f)
			mu.Unlock()
		}
		for _, f := range static {
			emit(f)
		}
		// The downloads are made while the pages render: they read the
		// same site and nothing of the pages.
		var linked []string
		var rendered diag.List
		var dataErr error
		parts := [2]string{"writing the open-data downloads", "rendering the pages"}
		var finished [2]bool
		defer func() { // before the recover above: name the part that panicked
			for i, ok := range finished {
				if !ok {
					step = parts[i]
				}
			}
		}()
		par.Do(2, func(part int) {
			if part == 1 {
				linked, rendered = r.Site(s, emit)
			} else {
				dataErr = downloads(s, opts, emit, note)
			}
			finished[part] = true
		})
		res.Diags = append(res.Diags, rendered...)
		if dataErr != nil {
			res.Diags.Errorf("", diag.Pos{}, "writing the open-data downloads: %v", dataErr)
		}
		res.Paths = len(paths)
		res.Diags = append(res.Diags, clashes(static, paths)...)
		step = "checking the links"
		if rendered.HasErrors() {
			// Pages that failed are missing, and links to them are no news.
			paths, linked = nil, nil
		}
		var broken diag.List
		par.Do(2, func(part int) { // the links are checked while the files are sorted
			if part == 0 {
				slices.SortFunc(res.Files, func(a, b render.File) int { return cmp.Compare(a.Path, b.Path) })
			} else {
				broken = linkcheck.Check(s, paths, linked)
			}
		})
		res.Diags = append(res.Diags, broken...)
	} else if s != nil {
		// Nothing to look links up in, but their schemes can be checked now.
		step = "checking the links"
		res.Diags = append(res.Diags, linkcheck.Check(s, nil, nil)...)
	}
	res.Diags.Sort()
	return res
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
