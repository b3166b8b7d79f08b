package build

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// allowedScript matches the only script tags a page may have: the site's
// own filter script and the JSON-LD block.
var allowedScript = regexp.MustCompile(`^<script (?:src="/assets/filter\.[0-9a-f]+\.js" defer|type="application/ld\+json"|type="application/json" id="f-messages")>`)

// FuzzSingleFileSite builds a site of one project file, the fuzz input,
// with the repository's layouts and assets. The build must not panic; when
// it succeeds, every output path must be clean and relative, and no page
// may carry a script the site did not put there, whatever the file says.
// Seeds are in testdata/fuzz: real project files and hostile ones.
func FuzzSingleFileSite(f *testing.F) {
	repo := os.DirFS("../..")
	f.Fuzz(func(t *testing.T, data []byte) {
		site := fstest.MapFS{"content/projects/x.md": {Data: data}}
		res := Run(fixture{site: site, repo: repo}, Options{AsOf: asOf})
		for _, d := range res.Diags {
			if d.Path == "" {
				t.Errorf("%q names no file", d)
			}
		}
		if res.Diags.HasErrors() {
			return
		}
		if len(res.Files) == 0 {
			t.Fatal("a successful build wrote nothing")
		}
		for _, f := range res.Files {
			if !fs.ValidPath(f.Path) || path.Clean(f.Path) != f.Path || f.Path == "." || strings.Contains(f.Path, "\\") {
				t.Errorf("output path %q is not clean and relative", f.Path)
			}
			if strings.HasSuffix(f.Path, ".html") {
				checkScripts(t, f.Path, string(f.Data))
			}
		}
	})
}

// checkScripts reports any script in page other than the allowed tags, and
// JSON data (JSON-LD, the filter script's messages) that could end its
// script element early.
func checkScripts(t *testing.T, name, page string) {
	t.Helper()
	lower := strings.ToLower(page)
	opens, closes := strings.Count(lower, "<script"), strings.Count(lower, "</script")
	if opens != closes {
		t.Errorf("%s: %d <script and %d </script", name, opens, closes)
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], "<script")
		if j < 0 {
			break
		}
		i += j
		tag := page[i:]
		if !allowedScript.MatchString(tag) {
			t.Errorf("%s: script not put there by the site: %.120q", name, tag)
		}
		if !strings.Contains(tag[:strings.Index(tag, ">")], " src=") {
			body := tag[strings.Index(tag, ">")+1:]
			end := strings.Index(strings.ToLower(body), "</script")
			if end < 0 || strings.ContainsAny(body[:end], "<>") {
				t.Errorf("%s: JSON not safely escaped: %.200q", name, body)
			}
		}
		i += len("<script")
	}
}
