package build

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"portfolio/internal/render"
)

// streamed builds fsys as the command does — pages handed over as they are
// rendered, the downloads streamed — and returns every file it made.
func streamed(t *testing.T, fsys fs.FS, opts Options) (map[string][]byte, Result) {
	t.Helper()
	var mu sync.Mutex
	got := map[string][]byte{}
	keep := func(path string, data []byte) {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := got[path]; ok {
			t.Errorf("%s made twice", path)
		}
		got[path] = data
	}
	opts.EmitDone = true
	opts.Emit = func(f render.File) { keep(f.Path, bytes.Clone(f.Data)) }
	opts.Stream = func(path string, write func(io.Writer) error) {
		var b bytes.Buffer
		write(&b) // its error is the result's
		keep(path, b.Bytes())
	}
	return got, Run(fsys, opts)
}

// TestBodiesLater: a streamed build with the repository's layouts converts
// each body when it renders the page (bodies.go), with only a few pages
// ahead of the downloads, and lets each body's HTML and text go once its
// page and the downloads have them; every file and every diagnostic is
// the plain build's, which converts every body as it reads the files.
func TestBodiesLater(t *testing.T) {
	for _, w := range []int{1, 3, aheadOfDownloads} {
		for name, fsys := range map[string]fs.FS{"fixture": fixtureFS(), "real": os.DirFS("../..")} {
			for _, drafts := range []bool{false, true} {
				what := fmt.Sprintf("%s, window %d, drafts %v", name, w, drafts)
				opts := Options{AsOf: asOf, Drafts: drafts}
				want := mustBuild(t, fsys, opts)
				opts.window = w
				got, res := streamed(t, fsys, opts)
				if g, w := fmt.Sprint(res.Diags), fmt.Sprint(want.Diags); g != w {
					t.Errorf("%s: diagnostics\n%s\nwant\n%s", what, g, w)
				}
				if len(got) != len(want.Files) {
					t.Errorf("%s: %d files, want %d", what, len(got), len(want.Files))
				}
				for _, f := range want.Files {
					if !bytes.Equal(got[f.Path], f.Data) {
						t.Errorf("%s: %s differs", what, f.Path)
					}
				}
				for i, p := range res.Site.Projects {
					plain := want.Site.Projects[i]
					if p.Body != "" || p.Text != "" || p.Sections != nil {
						t.Errorf("%s: %s: body kept after the build", what, p.Path)
					}
					if plain.Body == "" || p.Summary != plain.Summary || p.Words != plain.Words || !slices.Equal(p.Links, plain.Links) {
						t.Errorf("%s: %s: what the body gave differs from the plain build's", what, p.Path)
					}
				}
			}
		}
	}
}

// TestBodiesLaterCustomLayouts: with a site's own layouts, which may show
// any body on any page, a streamed build converts the bodies as it reads
// the files and keeps them.
func TestBodiesLaterCustomLayouts(t *testing.T) {
	root, _ := fixtureCopy(t)
	layout := root + "/layouts/home.html"
	src, err := os.ReadFile(layout)
	if err != nil {
		t.Fatal(err)
	}
	write(t, layout, strings.Replace(string(src), `{{define "main"}}`, `{{define "main"}}{{range .Site.Projects}}{{body .}}{{end}}`, 1))
	fsys := os.DirFS(root)
	want := mustBuild(t, fsys, Options{AsOf: asOf})
	got, res := streamed(t, fsys, Options{AsOf: asOf})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	if string(got["index.html"]) != page(t, want.Files, "index.html") {
		t.Error("index.html differs from the plain build's")
	}
	if !bytes.Contains(got["index.html"], []byte(`<h2 id=`)) {
		t.Error("the custom home page shows no body")
	}
	for _, p := range res.Site.Projects {
		if p.Body == "" {
			t.Errorf("%s: body let go under a site's own layouts", p.Path)
		}
	}
}

// TestBodiesLaterErrors: body errors found only when the bodies are
// converted, in a published project and in a draft left out, are reported
// as a plain build reports them, and so is a broken front matter beside
// them (every body is then converted at once, for what it says); a draft's
// error does not hide a published project's.
func TestBodiesLaterErrors(t *testing.T) {
	front := "---\ntitle: Deep\nstart: 2019-01\nfunding: [Brazil]\nbudget: 1000\ncountries: [Nepal]\n"
	deep := "---\n\n" + strings.Repeat("> ", 5000) + "quoted\n"
	for name, files := range map[string]map[string]string{
		"published":           {"deep.md": front + deep},
		"draft":               {"deep.md": front + "draft: true\n" + deep},
		"draft and published": {"deep.md": front + "draft: true\n" + deep, "deeper.md": front + deep},
		"both":                {"deep.md": front + deep, "bad.md": "---\ntitle: [\n---\n\n" + strings.Repeat("- ", 5000) + "x\n"},
	} {
		root, dir := fixtureCopy(t)
		for f, text := range files {
			write(t, dir+"/"+f, text)
		}
		fsys := os.DirFS(root)
		want := Run(fsys, Options{AsOf: asOf})
		_, got := streamed(t, fsys, Options{AsOf: asOf})
		if name == "draft" { // a draft's error is a warning (TestDraftErrorsAreWarnings)
			if want.Diags.HasErrors() || !strings.Contains(fmt.Sprint(want.Diags), "(a draft: ") {
				t.Fatalf("%s: the plain build found no draft's warning: %v", name, want.Diags)
			}
		} else if !want.Diags.HasErrors() {
			t.Fatalf("%s: the plain build found no error", name)
		}
		if g, w := fmt.Sprint(got.Diags), fmt.Sprint(want.Diags); g != w {
			t.Errorf("%s: diagnostics\n%s\nwant\n%s", name, g, w)
		}
	}
}

// TestBodyChangedDuringBuild: a file saved again between reading its front
// matter and converting its body is an error naming it, not a page made of
// two versions.
func TestBodyChangedDuringBuild(t *testing.T) {
	const path = "content/projects/open-ended.md"
	fsys := &changing{FS: fixtureFS(), path: path}
	_, res := streamed(t, fsys, Options{AsOf: asOf})
	want := path + ": file changed while the site was being built; build again"
	if errs := fmt.Sprint(res.Diags.Err()); !strings.Contains(errs, want) {
		t.Errorf("errors %s, want %q", errs, want)
	}
}

// TestLimitMemoryPutsBack: a build with LimitMemory leaves the process's
// memory limit as it found it.
func TestLimitMemoryPutsBack(t *testing.T) {
	const limit = 3 << 30
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	streamed(t, fixtureFS(), Options{AsOf: asOf, LimitMemory: true})
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit %d after the build, want %d", got, limit)
	}
}

// changing serves path with a different byte from its second reading on.
type changing struct {
	fs.FS
	path  string
	mu    sync.Mutex
	reads int
}

func (c *changing) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(c.FS, name)
	if name != c.path || err != nil {
		return data, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reads++; c.reads > 1 {
		data = append(data, '\n')
	}
	return data, nil
}

// TestBodiesLaterOddStreams: a Stream that never writes leaves the pages
// to be made all the same, and one that writes a download twice, when
// bodies may be gone, is an internal error rather than a download with
// empty texts.
func TestBodiesLaterOddStreams(t *testing.T) {
	want := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	var mu sync.Mutex
	pages := 0
	emit := func(render.File) {
		mu.Lock()
		pages++
		mu.Unlock()
	}
	res := Run(fixtureFS(), Options{AsOf: asOf, Emit: emit, Stream: func(string, func(io.Writer) error) {}, window: 1})
	if res.Diags.HasErrors() || pages != len(want.Files)-3 {
		t.Errorf("a Stream that writes nothing: %d pages of %d, %v", pages, len(want.Files)-3, res.Diags.Err())
	}
	res = Run(fixtureFS(), Options{AsOf: asOf, Emit: emit, window: 1, Stream: func(_ string, write func(io.Writer) error) {
		write(io.Discard)
		write(io.Discard)
	}})
	if errs := fmt.Sprint(res.Diags.Err()); !strings.Contains(errs, "a Stream must call write once") {
		t.Errorf("a Stream that writes twice: errors %s", errs)
	}
}
