package build

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowed says which of portfolio's packages each package may import, so
// that imports point one way (cmd → build → publish/render → site →
// places/content → diag) and the leaves stay leaves: preview and watch know
// nothing of sites, and only cmd wires them in.
var allowed = map[string][]string{
	"diag":      {},
	"par":       {},
	"key":       {},
	"places":    {"diag"},
	"content":   {"diag"},
	"site":      {"content", "diag", "key", "par", "places"},
	"render":    {"content", "diag", "key", "par", "site"},
	"export":    {"content", "diag", "key", "par", "places", "site"},
	"linkcheck": {"content", "diag", "render", "site"},
	"publish":   {"diag", "render"},
	"build":     {"content", "diag", "export", "linkcheck", "par", "places", "render", "site"},
	"preview":   {},
	"watch":     {},
	"history":   {},
	"bench":     {"build", "content", "export"},
	"browser":   {},
}

// TestImportGraph reads every package's non-test imports and checks them
// against allowed.
func TestImportGraph(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		pkg := filepath.Base(dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		want, known := allowed[pkg]
		if !known && len(files) > 0 {
			t.Errorf("internal/%s: a new package; say what it may import in allowed", pkg)
			continue
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				dep, ok := strings.CutPrefix(path, "portfolio/internal/")
				if ok && !slices.Contains(want, dep) {
					t.Errorf("%s imports internal/%s, which internal/%s may not", file, dep, pkg)
				}
			}
		}
	}
}
