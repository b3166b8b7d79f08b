package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCachedCustomLayouts: a site's own layout may show on every project
// page what no memo key holds — here how many projects there are — so with
// layouts other than the repository's the cache renders every page anew,
// and adding a project shows on every project page.
func TestCachedCustomLayouts(t *testing.T) {
	root, dir := fixtureCopy(t)
	lf := filepath.Join(root, "layouts", "project.html")
	l, err := os.ReadFile(lf)
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(string(l), `<h1>{{.Title}}</h1>`, `<h1>{{.Title}}</h1><p>One of {{len $.Site.Projects}} projects</p>`, 1)
	if custom == string(l) {
		t.Fatal("layouts/project.html has no <h1>{{.Title}}</h1> to add to")
	}
	write(t, lf, custom)
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	Run(fsys, Options{AsOf: asOf, Cache: cache})
	write(t, filepath.Join(dir, "added.md"), "---\ntitle: \"Added\"\nstart: 2015-03\nend: 2016-10\nfunding: [Norway]\ncountries: [Peru]\n---\n\nBody.\n")
	compare(t, "after adding a project", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
}
