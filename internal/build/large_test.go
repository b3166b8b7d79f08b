package build

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestLargeSiteIsLight builds a site of 10,000 generated projects (the
// shared generator, copied unchanged into testdata/corpus, or
// $PORTFOLIO_GEN) and holds every page and the search to the weight
// budgets: no HTML page over MaxPage, no search fetching over MaxSearch
// compressed before it shows results; and the search index to the site
// model, as TestSearchIndexKnowsAliases does. It takes a minute or two: make
// test-long runs it, -short skips it.
func TestLargeSiteIsLight(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute's build: run without -short (make test-long)")
	}
	gen := os.Getenv("PORTFOLIO_GEN")
	if gen == "" {
		gen = filepath.Join("testdata", "corpus", "gen_corpus.py")
	}
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("no corpus generator at %s: set PORTFOLIO_GEN to the shared bench/gen_corpus.py", gen)
	}
	dir := t.TempDir()
	if out, err := exec.Command("python3", gen, "--n", "10000", "--out", dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", gen, err, out)
	}
	// As internal/bench does: the generator names a place M49 does not
	// list, and the repository's layouts, assets, messages and settings.
	files, _ := filepath.Glob(filepath.Join(dir, "content", "projects", "*.md"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if fixed := bytes.ReplaceAll(data, []byte("  - \"Taiwan\"\n"), []byte("  - \"Developing Countries\"\n")); !bytes.Equal(fixed, data) {
			write(t, name, string(fixed))
		}
	}
	for _, d := range []string{"layouts", "assets", "translations"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	settings, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "site.yaml"), string(settings))
	res := mustBuild(t, os.DirFS(dir), Options{AsOf: asOf})
	out := fstest.MapFS{}
	for _, f := range res.Files {
		out[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	w, err := Weigh(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d projects: largest page %s, %d KB; a search fetches %d KB compressed", len(res.Site.Projects), w.Page, w.PageBytes>>10, w.Search>>10)
	if w.PageBytes > MaxPage {
		t.Errorf("%s is %d KB, over %d KB", w.Page, w.PageBytes>>10, MaxPage>>10)
	}
	if w.Search > MaxSearch {
		t.Errorf("a search fetches %d KB compressed before its results, over %d KB", w.Search>>10, MaxSearch>>10)
	}
	if n := len(res.Site.Projects); n < 10000 {
		t.Errorf("%d projects built, want the 10,000 generated", n)
	}
	checkSearchIndex(t, res)
}
