package build

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/history"
	"portfolio/internal/linkcheck"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// asOf is the fixed build date of the fixture builds.
var asOf = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// fixture is a site whose content and settings come from testdata/site and
// whose layouts, assets and translations are the repository's own.
type fixture struct{ site, repo fs.FS }

func (f fixture) Open(name string) (fs.File, error) {
	for _, dir := range []string{"layouts", "assets", "translations"} {
		if name == dir || strings.HasPrefix(name, dir+"/") {
			return f.repo.Open(name)
		}
	}
	return f.site.Open(name)
}

func fixtureFS() fs.FS {
	return history.NewFS(fixture{site: os.DirFS("testdata/site"), repo: os.DirFS("../..")}, fixtureDates())
}

// fixtureDates date the fixture's project files as their commits would,
// a day and a half apart in the order of their names, so that what the
// build makes of them does not depend on when they were checked out.
func fixtureDates() map[string]time.Time {
	names, _ := fs.Glob(os.DirFS("testdata/site"), "content/projects/*.md")
	dates := map[string]time.Time{}
	for i, name := range names {
		dates[name] = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC).Add(time.Duration(i) * 36 * time.Hour)
	}
	return dates
}

func mustBuild(t *testing.T, fsys fs.FS, opts Options) Result {
	t.Helper()
	res := Run(fsys, opts)
	if res.Diags.HasErrors() {
		t.Fatalf("build failed:\n%v", res.Diags.Err())
	}
	return res
}

// TestDeterministic builds the same input twice, with different
// parallelism, and expects identical bytes.
func TestDeterministic(t *testing.T) {
	for _, fsys := range []fs.FS{fixtureFS(), os.DirFS("../..")} {
		a := mustBuild(t, fsys, Options{AsOf: asOf})
		prev := runtime.GOMAXPROCS(1)
		b := mustBuild(t, fsys, Options{AsOf: asOf})
		runtime.GOMAXPROCS(prev)
		if len(a.Files) != len(b.Files) {
			t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
		}
		for i := range a.Files {
			if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
				t.Errorf("%s: not identical across builds", a.Files[i].Path)
			}
		}
	}
}

func page(t *testing.T, files []render.File, path string) string {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return string(f.Data)
		}
	}
	t.Fatalf("no page %s", path)
	return ""
}

// TestEveryLinkResolves crawls every page of the fixture and the real site
// (under a sub-path too) and checks every href and src.
func TestEveryLinkResolves(t *testing.T) {
	for _, c := range []struct {
		name string
		fsys fs.FS
		base string
		opts Options
	}{
		{"fixture", fixtureFS(), "/fixture", Options{AsOf: asOf}},
		{"real", os.DirFS("../.."), "", Options{AsOf: asOf}},
		{"real under a sub-path", os.DirFS("../.."), "/sub", Options{AsOf: asOf, BaseURL: "https://example.org/sub/"}},
		// A "$" in the path is put in as it is, not read as "$1".
		{"fixture under a path with $", fixtureFS(), "/a$1b", Options{AsOf: asOf, BaseURL: "https://example.org/a$1b/"}},
	} {
		res := mustBuild(t, c.fsys, c.opts)
		if l := linkcheck.CheckOutput(res.Files, c.base); len(l) > 0 {
			t.Errorf("%s: broken links:\n%v", c.name, l.Err())
		}
	}
}

// TestPanicBecomesError checks that a crash inside a step is reported, not
// raised: a nil file system makes the first step panic.
func TestPanicBecomesError(t *testing.T) {
	res := Run(nil, Options{AsOf: asOf})
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].String(), "internal error while reading the site settings: ") ||
		!strings.Contains(res.Diags[0].String(), ", at internal/site/settings.go:") {
		t.Errorf("diagnostics: %v", res.Diags)
	}
	if res.Files != nil {
		t.Error("a crashed build returned files")
	}
	// A panic on a worker goroutine of the pages or of the downloads comes
	// back the same way, naming its step and where it was raised.
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{AsOf: asOf, Emit: func(render.File) { panic("emit failed") }},
			"internal error while rendering the pages: emit failed, at internal/build/build_test.go:"},
		{Options{AsOf: asOf, Emit: func(render.File) {}, Stream: func(export.Download) { panic("stream failed") }},
			"internal error while writing the open-data downloads: stream failed, at internal/build/build_test.go:"},
	} {
		res := Run(fixtureFS(), tt.opts)
		if !strings.Contains(fmt.Sprint(res.Diags), tt.want) {
			t.Errorf("diagnostics %v, want one saying %q", res.Diags, tt.want)
		}
	}
}

// TestNoPublishedProjects: a site whose only project is a draft builds, and
// its machine-readable files hold empty lists, which the filter page's
// script and the open-data users can read, rather than nulls.
func TestNoPublishedProjects(t *testing.T) {
	site := fstest.MapFS{
		"site.yaml":                {Data: []byte("title: Empty\n")},
		"content/projects/idea.md": {Data: []byte("---\ntitle: An idea\ndraft: true\nstart: 2030-01\nfunding: [Norway]\ncountries: [Peru]\n---\n\nNot yet.\n")},
	}
	res := mustBuild(t, fixture{site: site, repo: os.DirFS("../..")}, Options{AsOf: asOf})
	for path, want := range map[string]string{
		"data/index.json": `{"v":2,"projects":[],"places":[],"funders":[],"words":[]}`,
	} {
		if got := page(t, res.Files, path); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	if got := page(t, res.Files, "data/projects.json"); !strings.Contains(got, `"projects":[]`) {
		t.Errorf("data/projects.json has no empty projects list: %.300s", got)
	}
}

// TestEmitKeepsBytes: an Emit that keeps the files it is given (as a
// library caller may) gets bytes that stay as they were, never a render
// buffer that the next page reuses.
func TestEmitKeepsBytes(t *testing.T) {
	want := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	var mu sync.Mutex
	kept := map[string][]byte{}
	mustBuild(t, fixtureFS(), Options{AsOf: asOf, Emit: func(f render.File) {
		mu.Lock()
		kept[f.Path] = f.Data
		mu.Unlock()
	}})
	for _, f := range want.Files {
		if !bytes.Equal(kept[f.Path], f.Data) {
			t.Errorf("%s: the bytes an Emit kept changed after it returned", f.Path)
		}
	}
}

// TestBrokenLayoutReportedOnce: a layout that fails on every page of its
// kind is one error naming how many pages it failed, and the links to
// those pages, missing because of it, are not errors of their own.
func TestBrokenLayoutReportedOnce(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "layouts", "assets", "translations"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	layout := filepath.Join(root, "layouts", "project.html")
	src, err := os.ReadFile(layout)
	if err != nil {
		t.Fatal(err)
	}
	write(t, layout, strings.Replace(string(src), "<article", "{{.NoSuchField}}<article", 1))
	res := Run(os.DirFS(root), Options{AsOf: asOf})
	errs := res.Diags.Err()
	if n := res.Diags.Count(diag.Error); n != 1 || !strings.Contains(fmt.Sprint(errs), "can't evaluate field NoSuchField") ||
		!strings.Contains(fmt.Sprint(errs), "and 13 other pages)") {
		t.Errorf("%d errors, want one for all 14 project pages:\n%v", n, errs)
	}
}

// TestStreamedSameBytes builds the fixture site and the real one as the
// command does — pages emitted, the three downloads streamed at once — and
// as the preview does, with a cache and the downloads written after the
// build, and holds every file to a plain build's.
func TestStreamedSameBytes(t *testing.T) {
	for name, fsys := range map[string]fs.FS{"fixture": fixtureFS(), "real": os.DirFS("../.."), "real, cached": os.DirFS("../..")} {
		want := mustBuild(t, fsys, Options{AsOf: asOf})
		var mu sync.Mutex
		got := map[string][]byte{}
		keep := func(path string, data []byte) {
			mu.Lock()
			got[path] = data
			mu.Unlock()
		}
		var later []export.Download
		opts := Options{AsOf: asOf,
			Emit: func(f render.File) { keep(f.Path, f.Data) },
			Stream: func(d export.Download) {
				if strings.HasSuffix(name, "cached") {
					mu.Lock()
					later = append(later, d)
					mu.Unlock()
					return
				}
				var b bytes.Buffer
				if err := d.Write(&b); err != nil {
					t.Errorf("%s: %s: %v", name, d.Path, err)
				}
				keep(d.Path, b.Bytes())
			}}
		if strings.HasSuffix(name, "cached") {
			opts.Cache = NewCache(time.Now)
		}
		mustBuild(t, fsys, opts)
		for _, d := range later {
			var b bytes.Buffer
			if err := d.Write(&b); err != nil {
				t.Errorf("%s: %s: %v", name, d.Path, err)
			}
			keep(d.Path, b.Bytes())
		}
		if len(got) != len(want.Files) {
			t.Errorf("%s: %d files streamed, %d built plainly", name, len(got), len(want.Files))
		}
		for _, f := range want.Files {
			if !bytes.Equal(got[f.Path], f.Data) {
				t.Errorf("%s: %s differs when streamed", name, f.Path)
			}
		}
	}
}

// TestBaseURLFlagNamed: what is said of --base-url names the flag, not
// site.yaml, which it overrides.
func TestBaseURLFlagNamed(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"/sub/", `warning: --base-url "/sub/" has no host, so the site has no sitemap.xml`},
		{"www.un.org", `--base-url "www.un.org" is neither an address nor a path from the site's root; write "https://www.un.org"`},
	} {
		res := Run(fixtureFS(), Options{AsOf: asOf, BaseURL: tt.url})
		found := false
		for _, d := range res.Diags {
			found = found || d.Path == "" && strings.HasPrefix(d.String(), tt.want)
			if d.Path == "site.yaml" && strings.Contains(d.Msg, "base_url") {
				t.Errorf("%s: %s", tt.url, d)
			}
		}
		if !found {
			t.Errorf("%s: no diagnostic %q in\n%v", tt.url, tt.want, res.Diags)
		}
	}
}

// TestDraftErrorsAreWarnings: what is wrong with a draft left out of the
// build is said as a warning, and the site is built; with --drafts, which
// would publish it, it is an error. A draft whose slug a published project
// has too yields it, whichever file comes first.
func TestDraftErrorsAreWarnings(t *testing.T) {
	root, dir := fixtureCopy(t)
	write(t, dir+"/half-done.md", "---\ntitle: Half done\nstart: sometime\nfunding: [Brazil]\ncountries: [Narnia]\ndraft: true\n---\n\n"+strings.Repeat("> ", 40)+"deep\n")
	fsys := os.DirFS(root)
	want := []string{
		`content/projects/half-done.md:3:8: warning: start: date "sometime" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12) (a draft: an error once draft: true is removed)`,
		`content/projects/half-done.md:5:13: warning: unknown country or group "Narnia" (a draft: an error once draft: true is removed)`,
		`content/projects/half-done.md:9:`,
	}
	check := func(what string, res Result, errs bool) {
		t.Helper()
		all := fmt.Sprint(res.Diags)
		if res.Diags.HasErrors() != errs {
			t.Errorf("%s: errors %v, want %v:\n%s", what, res.Diags.HasErrors(), errs, all)
		}
		for _, w := range want {
			if !errs && !strings.Contains(all, w) {
				t.Errorf("%s: no %q in\n%s", what, w, all)
			}
		}
		if n := strings.Count(all, "(a draft: "); !errs && n != len(want) {
			t.Errorf("%s: %d drafts' warnings, want %d:\n%s", what, n, len(want), all)
		}
	}
	check("plain", Run(fsys, Options{AsOf: asOf}), false)
	cache := NewCache(func() time.Time { return asOf.AddDate(1, 0, 0) })
	for i := range 2 { // the second from the cache, which must not have been changed
		check(fmt.Sprintf("cached build %d", i+1), Run(fsys, Options{AsOf: asOf, Cache: cache}), false)
	}
	check("with drafts", Run(fsys, Options{AsOf: asOf, Drafts: true}), true)

	os.Remove(dir + "/half-done.md")
	for _, name := range []string{"a-draft.md", "z-draft.md"} { // before and after open-ended.md
		write(t, dir+"/"+name, "---\ntitle: Half done\nslug: open-ended\nstart: 2020-01\nfunding: [Brazil]\nbudget: 1\ncountries: [Narnia]\ndraft: true\n---\n\nText.\n")
		res := Run(fsys, Options{AsOf: asOf})
		clash := "content/projects/" + name + `:3:7: warning: slug "open-ended" is also used by content/projects/open-ended.md`
		narnia := "content/projects/" + name + `:7:13: warning: unknown country or group "Narnia"`
		if all := fmt.Sprint(res.Diags); res.Diags.HasErrors() || !strings.Contains(all, clash) || !strings.Contains(all, narnia) || !slices.ContainsFunc(res.Site.Projects, func(p *site.Project) bool { return p.Path == "content/projects/open-ended.md" }) {
			t.Errorf("%s with the slug of open-ended.md: want %q and %q, and open-ended.md built:\n%v", name, clash, narnia, res.Diags)
		}
		if res.Site.Drafts != 2 {
			t.Errorf("%s with the slug of open-ended.md: %d drafts left out, want 2", name, res.Site.Drafts)
		}
		if res := Run(fsys, Options{AsOf: asOf, Drafts: true}); !res.Diags.HasErrors() {
			t.Errorf("%s with the slug of open-ended.md, with drafts: no error", name)
		}
		os.Remove(dir + "/" + name)
	}
}

// TestDataPageNamesEveryColumn: the open-data page explains every column
// of the CSV, so that a reader can use it without the generator's source.
func TestDataPageNamesEveryColumn(t *testing.T) {
	res := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	header, _, _ := strings.Cut(string(files["data/projects.csv"]), "\n")
	page := string(files["data/index.html"])
	if header == "" || page == "" {
		t.Fatal("no data/projects.csv or data/index.html")
	}
	for _, col := range strings.Split(strings.TrimPrefix(strings.TrimSpace(header), "\ufeff"), ",") {
		if !strings.Contains(page, "<code>"+col+"</code>") {
			t.Errorf("data/index.html does not explain the CSV's column %s", col)
		}
	}
}
