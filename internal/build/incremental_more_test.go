package build

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixtureCopy copies the fixture site, with the repository's layouts and
// assets, into a temporary folder.
func fixtureCopy(t *testing.T) (root, dir string) {
	t.Helper()
	root = t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"layouts", "assets", "translations"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	return root, filepath.Join(root, "content", "projects")
}

// compare fails t unless a build with a cache gave what a clean build gave:
// the same diagnostics, warnings included, and the same files to the byte.
func compare(t *testing.T, what string, cached, clean Result) {
	t.Helper()
	if got, want := fmt.Sprint(cached.Diags), fmt.Sprint(clean.Diags); got != want {
		t.Errorf("%s: diagnostics differ:\ncached: %v\nclean:  %v", what, got, want)
		return
	}
	if len(cached.Files) != len(clean.Files) {
		t.Errorf("%s: %d files, clean %d", what, len(cached.Files), len(clean.Files))
		return
	}
	for i := range clean.Files {
		if cached.Files[i].Path != clean.Files[i].Path || !bytes.Equal(cached.Files[i].Data, clean.Files[i].Data) {
			t.Errorf("%s: %s differs from a clean build", what, clean.Files[i].Path)
		}
	}
}

// TestCachedAllowHTMLToggle: turning allow_html on in site.yaml changes
// every body with raw HTML; a cached rebuild shows the new bodies.
func TestCachedAllowHTMLToggle(t *testing.T) {
	root, dir := fixtureCopy(t)
	f := filepath.Join(dir, "bangladesh-data.md")
	data, _ := os.ReadFile(f)
	write(t, f, string(data)+"\nSome <em>raw</em> HTML.\n")
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	compare(t, "first", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	settings := filepath.Join(root, "site.yaml")
	s, _ := os.ReadFile(settings)
	write(t, settings, string(s)+"allow_html: true\n")
	compare(t, "allow_html: true", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
}

// TestCachedSettledTimes: edits of the same size and of another, with
// every file's time settled before each build (as when an editor pauses
// for more than the racy window between saves), so that the cache takes
// unchanged files by their size and time.
func TestCachedSettledTimes(t *testing.T) {
	root, dir := fixtureCopy(t)
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	old := time.Now().Add(-time.Hour)
	settle := func() {
		filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				old = old.Add(time.Second)
				os.Chtimes(p, old, old)
			}
			return nil
		})
	}
	settle()
	compare(t, "first", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	f := filepath.Join(dir, "bangladesh-data.md")
	for i, edit := range []func(string) string{
		func(s string) string { return s + "\nMore.\n" },
		func(s string) string {
			return strings.Replace(s, "Open data in Bangladesh", "Open data in Bangladeshi", 1)
		},
		func(s string) string { return strings.Replace(s, "draft", "draft", 1) + "x" },
		func(s string) string { return strings.Replace(s, "Open data", "Open Data", 1) }, // the same size
	} {
		data, _ := os.ReadFile(f)
		write(t, f, edit(string(data)))
		settle()
		compare(t, fmt.Sprint("edit ", i), Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	}
}

// TestRandomEditsWide: random edits of the kinds
// TestRandomEditsMatchCleanBuild does not make — drafts, duplicate slugs,
// broken and repaired front matter, funders, partners, status, a layout
// partial, base_url and the default division, with iati_org_ref set — built
// with and without --drafts, file times settled before some builds; every
// cached build must equal a clean one. More seeds: -args -seeds N.
func TestRandomEditsWide(t *testing.T) {
	if testing.Short() {
		t.Skip("long: make test-long runs it")
	}
	for seed := range uint64(*seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { randomWide(t, seed) })
	}
}

var seeds = flag.Int("seeds", 2, "TestRandomEditsWide: how many random edit sequences")

func randomWide(t *testing.T, seed uint64) {
	root, dir := fixtureCopy(t)
	for i := range 30 {
		write(t, filepath.Join(dir, fmt.Sprintf("bulk-%03d.md", i)), fmt.Sprintf(
			"---\ntitle: \"Bulk %d\"\nstart: %d-03\nend: %d-10\nfunding: [%s]\ncountries: [%s]\npartners: [%s]\n---\n\nBody.\n",
			i, 2000+i%5, 2001+i%5, []string{"Norway", "Japan", "Brazil"}[i%3], []string{"Peru", "Togo", "Nepal", "Africa"}[i%4], []string{"UNDP", "ITU"}[i%2]))
	}
	settings := filepath.Join(root, "site.yaml")
	s0, _ := os.ReadFile(settings)
	write(t, settings, string(s0)+"iati_org_ref: XM-DAC-41000\n")
	caches := map[bool]*Cache{false: NewCache(time.Now), true: NewCache(time.Now)}
	rng := rand.New(rand.NewPCG(seed, 99))
	countries := []string{"Togo", "Nepal", "Kenya", "Least Developed Countries", "Africa", "Fiji", "Peru"}
	funders := []string{"Brazil", "Norway", "Japan", "UNDP", "Undp", "Turkey"}
	old := time.Now().Add(-time.Hour)
	for step := range 40 {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		f := files[rng.IntN(len(files))]
		data, _ := os.ReadFile(f)
		text := string(data)
		var what string
		op := rng.IntN(16)
		switch op {
		case 0:
			what = "toggle draft"
			if strings.Contains(text, "\ndraft: true") {
				text = strings.Replace(text, "\ndraft: true", "", 1)
			} else {
				text = strings.Replace(text, "\ntitle:", "\ndraft: true\ntitle:", 1)
			}
		case 1:
			what = "slug duplicate"
			other := strings.TrimSuffix(filepath.Base(files[rng.IntN(len(files))]), ".md")
			text = strings.Replace(text, "\ntitle:", "\nslug: "+other+"\ntitle:", 1)
		case 2:
			what = "break front matter"
			text = strings.Replace(text, "\ntitle:", "\ntitle: [unclosed\nx-title:", 1)
		case 3:
			what = "repair"
			text = strings.Replace(text, "\ntitle: [unclosed\nx-title:", "\ntitle:", 1)
			if i := strings.Index(text, "\nslug: "); i >= 0 {
				j := strings.Index(text[i+1:], "\n")
				text = text[:i] + text[i+1+j:]
			}
		case 4:
			what = "funding"
			text = replaceLine(text, "funding", "funding: ["+funders[rng.IntN(len(funders))]+", "+funders[rng.IntN(len(funders))]+"]")
		case 5:
			what = "partners"
			text = replaceLine(text, "partners", "partners: ["+[]string{"UNDP", "ITU", "undp", "World Bank"}[rng.IntN(4)]+"]")
		case 6:
			what = "countries"
			text = replaceLine(text, "countries", "countries: ["+countries[rng.IntN(len(countries))]+", "+countries[rng.IntN(len(countries))]+"]")
		case 7:
			what = "body"
			text += fmt.Sprintf("\nStep %d [a link](/projects/bulk-00%d/).\n", step, rng.IntN(9))
		case 8:
			what = "dates"
			y := 2010 + rng.IntN(20)
			text = replaceLine(text, "start", fmt.Sprintf("start: %d-0%d", y, 1+rng.IntN(9)))
		case 9:
			what = "layout"
			lf := filepath.Join(root, "layouts", "partials", "projects.html")
			l, _ := os.ReadFile(lf)
			write(t, lf, string(l)+fmt.Sprintf("{{/* step %d */}}\n", step))
			f = ""
		case 10:
			what = "settings"
			s, _ := os.ReadFile(settings)
			st := string(s)
			st = replaceLine(st, "base_url", "base_url: "+[]string{"https://example.org/fixture/", "https://example.org/other/", "/sub/"}[rng.IntN(3)])
			st = replaceLine(st, "division", "division: "+[]string{"TD", "XD"}[rng.IntN(2)])
			write(t, settings, st)
			f = ""
		case 12:
			// Titles that often tie on start month with others (the bulk
			// files share five), so a retitle may or may not reorder them.
			what = "title"
			text = replaceLine(text, "title", fmt.Sprintf("title: %q", []string{"Bulk 1", "Bulk 7", "Aardvark", "Zebra", "Bulk 12"}[rng.IntN(5)]))
		case 13:
			what = "code and link"
			if strings.Contains(text, "\ncode: ") {
				text = replaceLine(text, "code", "")
				text = replaceLine(text, "link", "")
			} else {
				text = strings.Replace(text, "\ntitle:", fmt.Sprintf("\ncode: \"C%d\"\nlink: https://example.org/p%d\ntitle:", step, step), 1)
			}
		case 14:
			what = "goals"
			if strings.Contains(text, "\nsdgs: ") {
				text = replaceLine(text, "sdgs", fmt.Sprintf("sdgs: [%d]", 1+rng.IntN(17)))
			} else {
				text = strings.Replace(text, "\ntitle:", "\nsdgs: [16, 17]\ntitle:", 1)
			}
		case 15:
			what = "budget"
			if strings.Contains(text, "\nbudget: ") {
				text = replaceLine(text, "budget", fmt.Sprintf("budget: %d", 1000*(1+rng.IntN(5))))
			} else {
				text = strings.Replace(text, "\ntitle:", "\nbudget: 250000\ntitle:", 1)
			}
		case 11:
			what = "status"
			if strings.Contains(text, "\nstatus: ") {
				text = replaceLine(text, "status", "")
			} else {
				text = strings.Replace(text, "\ntitle:", "\nstatus: past\ntitle:", 1)
			}
		}
		if f != "" {
			write(t, f, text)
			what += " " + filepath.Base(f)
		}
		for range 2 {
			if rng.IntN(2) == 0 {
				filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
					if err == nil && !info.IsDir() {
						old = old.Add(time.Second)
						os.Chtimes(p, old, old)
					}
					return nil
				})
				what += " (settled)"
			}
			fsys := os.DirFS(root)
			for _, drafts := range []bool{false, true} {
				cached := Run(fsys, Options{AsOf: asOf, Drafts: drafts, Cache: caches[drafts]})
				clean := Run(fsys, Options{AsOf: asOf, Drafts: drafts})
				compare(t, fmt.Sprintf("step %d (%s) drafts=%v", step, what, drafts), cached, clean)
				if t.Failed() {
					return
				}
			}
			if !Run(fsys, Options{AsOf: asOf, Drafts: true}).Diags.HasErrors() || f == "" {
				break
			}
			write(t, f, string(data)) // undo an edit that breaks the build
			what += ", undone"
		}
	}
}

// replaceLine replaces the front matter line key: (and the indented lines
// under it) with line.
func replaceLine(text, key, line string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i] = line
			j := i + 1
			for j < len(lines) && strings.HasPrefix(lines[j], "  ") {
				j++
			}
			lines = append(lines[:i+1], lines[j:]...)
			return strings.Join(lines, "\n")
		}
	}
	return text
}

// TestCachedAsOfAndLayouts: a cache kept across build dates, edits of a
// page layout, and partials and assets added and removed.
func TestCachedAsOfAndLayouts(t *testing.T) {
	root, dir := fixtureCopy(t)
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	for i, d := range []time.Time{asOf, asOf.AddDate(-10, 0, 0), asOf.AddDate(0, 0, 1), asOf.AddDate(-10, 0, 0)} {
		compare(t, fmt.Sprint("asOf ", i), Run(fsys, Options{AsOf: d, Cache: cache}), Run(fsys, Options{AsOf: d}))
		f := filepath.Join(dir, "future-hub.md")
		data, _ := os.ReadFile(f)
		write(t, f, string(data)+"\nx\n")
		compare(t, fmt.Sprint("asOf+body ", i), Run(fsys, Options{AsOf: d, Cache: cache}), Run(fsys, Options{AsOf: d}))
	}
	lf := filepath.Join(root, "layouts", "project.html")
	l, _ := os.ReadFile(lf)
	write(t, lf, strings.Replace(string(l), "{{.Title}}", "{{.Title}}!", 1))
	compare(t, "layout", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	write(t, filepath.Join(root, "layouts", "partials", "extra.html"), `{{define "extra"}}x{{end}}`)
	compare(t, "partial added", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	os.Remove(filepath.Join(root, "layouts", "partials", "extra.html"))
	compare(t, "partial removed", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	write(t, filepath.Join(root, "assets", "new.css"), "a{}")
	compare(t, "asset added", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
}

// TestCachedDoubles: the same-title warnings a cache keeps between builds
// follow every edit that can change them — a new title, the title moved
// within its file — and the close-funder ones follow a funder's edit, as a
// clean build gives them.
func TestCachedDoubles(t *testing.T) {
	root, dir := fixtureCopy(t)
	f := filepath.Join(dir, "overridden.md")
	data, _ := os.ReadFile(f)
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	steps := []struct{ what, text string }{
		{"as it is", string(data)},
		{"a title another has", strings.Replace(string(data), "title: Closed early", `title: "Open data in Bangladesh"`, 1)},
		{"the title moved down a line", strings.Replace(string(data), "title: Closed early", "code: \"X1\"\ntitle: \"Open data in Bangladesh\"", 1)},
		{"the title its own again", strings.Replace(string(data), "title: Closed early", "code: \"X1\"\ntitle: Closed early", 1)},
		{"a funder's slip", strings.Replace(strings.Replace(string(data), "title: Closed early", "code: \"X1\"\ntitle: Closed early", 1), "funding:", "funding:\n  - Development Acount (DA)", 1)},
	}
	for i, s := range steps {
		write(t, f, s.text)
		// A modification time of its own for each step, as edits seconds
		// apart would have, so the cache cannot take the file for unchanged.
		mtime := time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)
		if err := os.Chtimes(f, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		cached, clean := Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf})
		compare(t, s.what, cached, clean)
	}
}
