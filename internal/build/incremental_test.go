package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/export"
	"portfolio/internal/render"
)

// TestRandomEditsMatchCleanBuild applies random edit sequences to a copy of
// the fixture site and, after each edit, builds once with the cache a
// preview server keeps (parsed files, the site's facts and related
// projects, layouts, rendered pages, download parts) and once from
// scratch: the two must agree to the byte, warnings included.
func TestRandomEditsMatchCleanBuild(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"layouts", "assets", "translations"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	// Small pages, so that most lists run to several, and an edit moves
	// projects from one page to another.
	settingsFile := filepath.Join(root, "site.yaml")
	data, err := os.ReadFile(settingsFile)
	if err != nil {
		t.Fatal(err)
	}
	write(t, settingsFile, string(data)+"\npage_size: 10\n")
	dir := filepath.Join(root, content.Dir)
	// Enough projects that the find-projects list runs to two pages, whose
	// second page shares nothing with an edit but the browse counts.
	for i := range 110 {
		write(t, filepath.Join(dir, fmt.Sprintf("bulk-%03d.md", i)), fmt.Sprintf(
			"---\ntitle: \"Bulk %d\"\nstart: %d-03\nend: %d-10\nfunding: [Norway]\ncountries: [Peru]\n---\n\nBody.\n", i, 2000+i%5, 2001+i%5))
	}
	cache := NewCache(time.Now)
	rng := rand.New(rand.NewPCG(7, 11))
	settled := time.Now().Add(-time.Hour)
	countries := []string{"Togo", "Nepal", "Kenya", "Least Developed Countries", "Africa", "Fiji", "Atlantis"}
	titles := []string{"Alpha", "Beta: \"quoted\"", "Gamma", "Delta"}
	steps := 40
	if testing.Short() {
		steps = 15 // make test-long runs all 40
	}
	for step := range steps {
		files, _ := filepath.Glob(filepath.Join(dir, "[^b]*.md")) // edit the varied projects, not the bulk
		var what string
		switch op := rng.IntN(8); {
		case op == 6: // edit the settings: the title every page shows, the default division, the page size
			settings := settingsFile
			data, err := os.ReadFile(settings)
			if err != nil {
				t.Fatal(err)
			}
			text := regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(string(data), fmt.Sprintf("title: Fixture projects %d", step))
			text = regexp.MustCompile(`(?m)^division: .*$`).ReplaceAllString(text, "division: "+[]string{"TD", "XD"}[rng.IntN(2)])
			text = regexp.MustCompile(`(?m)^page_size: .*$`).ReplaceAllString(text, "page_size: "+[]string{"10", "12"}[rng.IntN(2)])
			write(t, settings, text)
			what = "edit site.yaml"
		case op == 7: // edit the stylesheet, whose fingerprint every page links to
			css := filepath.Join(root, "assets", "style.css")
			f, err := os.OpenFile(css, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(f, "\n.step-%d{margin:0}\n", step)
			f.Close()
			what = "edit assets/style.css"
		case op == 0 || len(files) < 3: // add a project
			name := filepath.Join(dir, fmt.Sprintf("added-%d.md", step))
			write(t, name, fmt.Sprintf("---\ntitle: %q\nstart: %d-0%d\nfunding: [Brazil]\ncountries: [%s]\n---\n\nBody %d.\n",
				titles[rng.IntN(len(titles))], 2010+rng.IntN(20), 1+rng.IntN(9), countries[rng.IntN(len(countries)-1)], step))
			what = "add " + filepath.Base(name)
		case op == 1: // delete one
			f := files[rng.IntN(len(files))]
			os.Remove(f)
			what = "delete " + filepath.Base(f)
		case op == 2: // rename one
			f := files[rng.IntN(len(files))]
			os.Rename(f, filepath.Join(dir, fmt.Sprintf("renamed-%d.md", step)))
			what = "rename " + filepath.Base(f)
		default: // edit one: title, countries (sometimes to an unknown one), body
			f := files[rng.IntN(len(files))]
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			switch rng.IntN(4) {
			case 3: // move its dates, and so its status
				y := 2010 + rng.IntN(20)
				text = regexp.MustCompile(`(?m)^start: \S+`).ReplaceAllString(text, fmt.Sprintf("start: %d-01", y))
				text = regexp.MustCompile(`(?m)^end: \S+`).ReplaceAllString(text, fmt.Sprintf("end: %d-12", y+rng.IntN(4)))
			case 0:
				text = strings.Replace(text, "title", "title: "+fmt.Sprintf("%q", titles[rng.IntN(len(titles))])+"\nx-old-title", 1)
				text = strings.Replace(text, "\nx-old-title", "\n# was", 1)
			case 1:
				text += fmt.Sprintf("\nMore text at step %d.\n", step)
			case 2:
				if i := strings.Index(text, "countries"); i >= 0 {
					text = text[:i] + "countries: [" + countries[rng.IntN(len(countries))] + "]\nx" + text[i+len("countries"):]
					text = strings.Replace(text, "\nx", "\n# was countries", 1)
				}
			}
			write(t, f, text)
			what = "edit " + filepath.Base(f)
		}
		if rng.IntN(2) == 0 {
			// Every file's time settled, as after a pause between saves:
			// the cache takes the unchanged files by size and time.
			settled = settled.Add(time.Minute)
			filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					os.Chtimes(p, settled, settled)
				}
				return nil
			})
			what += " (times settled)"
		}
		fsys := os.DirFS(root)
		// As the preview builds: downloads left to be joined when asked for.
		cached := runLater(fsys, Options{AsOf: asOf, Cache: cache})
		compare(t, fmt.Sprintf("step %d (%s)", step, what), cached, Run(fsys, Options{AsOf: asOf}))
		if t.Failed() {
			return
		}
	}
}

// runLater builds as the preview does, with the downloads streamed and
// written only after the build, and returns the result with them in
// Files, in order.
func runLater(fsys fs.FS, opts Options) Result {
	var mu sync.Mutex
	var later []export.Download
	opts.Stream = func(d export.Download) {
		mu.Lock()
		later = append(later, d)
		mu.Unlock()
	}
	res := Run(fsys, opts)
	if res.Diags.HasErrors() {
		return res
	}
	for _, d := range later {
		var b bytes.Buffer
		d.Write(&b)
		res.Files = append(res.Files, render.File{Path: d.Path, Data: b.Bytes()})
	}
	slices.SortFunc(res.Files, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	return res
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
