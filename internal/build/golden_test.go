package build

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The fixture build is checked three ways, each small enough to read in a
// review:
//
//   - a few pages, one of each important kind, kept readable under
//     testdata/golden: HTML is parsed and printed one block element a line
//     (indentHTML), so a change to a layout shows as the lines it changes;
//   - testdata/golden/paths.txt, every file the build writes, so that no
//     page appears or disappears unseen (asset names carry a hash of their
//     bytes, so the list guards the assets' contents too);
//   - testdata/pages.txt, written by hand: for every kind of page and every
//     download, strings that must appear in the file as published, and
//     strings that must not.
//
// Run go test ./internal/build -run Golden -update to rewrite the goldens
// and paths.txt after a deliberate change, and read the diff.

// goldenPages are the pages kept whole, one of each important kind.
var goldenPages = []string{
	"index.html",
	"projects/ldc-egov-2013/index.html",
	"countries/bangladesh/index.html",
	"groups/least-developed-countries/index.html",
	"feed.xml",
	"data/projects.csv",
}

const (
	goldenDir = "testdata/golden"
	checkFile = "testdata/pages.txt"
)

// TestGolden builds the fixture site and compares the golden pages, in
// their readable form, and the list of every file written.
func TestGolden(t *testing.T) {
	res := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	got := map[string][]byte{}
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
		if slices.Contains(goldenPages, f.Path) {
			got[f.Path] = readable(t, f.Path, f.Data)
		}
	}
	got["paths.txt"] = []byte(strings.Join(paths, "\n") + "\n")
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for name, data := range got {
			writeFile(t, filepath.Join(goldenDir, filepath.FromSlash(name)), data)
		}
	}
	for _, name := range append(slices.Clone(goldenPages), "paths.txt") {
		want, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%v (run go test ./internal/build -run Golden -update to create it)", err)
			continue
		}
		if g, ok := got[name]; !ok {
			t.Errorf("%s: not built", name)
		} else if !bytes.Equal(g, want) {
			t.Errorf("%s: differs from %s/%s (run with -update if the change is intended)\n%s",
				name, goldenDir, name, lineDiff(lines(want), lines(g)))
		}
	}
}

// check is one block of testdata/pages.txt: files, and what they must
// and must not contain.
type check struct {
	line     int      // in pages.txt, for messages
	patterns []string // path.Match patterns naming the files
	has, not []string
}

// readChecks reads testdata/pages.txt.
func readChecks(t *testing.T) []check {
	t.Helper()
	data, err := os.ReadFile(checkFile)
	if err != nil {
		t.Fatal(err)
	}
	var checks []check
	for i, l := range strings.Split(string(data), "\n") {
		text := strings.TrimLeft(l, "\t")
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#"):
		case text == l:
			checks = append(checks, check{line: i + 1, patterns: strings.Fields(l)})
		case len(checks) == 0:
			t.Fatalf("%s:%d: a string before any file pattern", checkFile, i+1)
		case strings.HasPrefix(text, "!"):
			checks[len(checks)-1].not = append(checks[len(checks)-1].not, text[1:])
		default:
			checks[len(checks)-1].has = append(checks[len(checks)-1].has, text)
		}
	}
	return checks
}

// TestPages checks every file of the fixture build against
// testdata/pages.txt: what it must and must not contain, every file
// named by a pattern and every pattern naming a file.
func TestPages(t *testing.T) {
	res := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	checks := readChecks(t)
	used := map[string]bool{}
	for _, f := range res.Files {
		named := false
		for _, c := range checks {
			for _, p := range c.patterns {
				if ok, err := path.Match(p, f.Path); err != nil {
					t.Fatalf("%s:%d: %v", checkFile, c.line, err)
				} else if !ok {
					continue
				}
				named, used[p] = true, true
				for _, s := range c.has {
					if !bytes.Contains(f.Data, []byte(s)) {
						t.Errorf("%s lacks %q (%s:%d)", f.Path, s, checkFile, c.line)
					}
				}
				for _, s := range c.not {
					if bytes.Contains(f.Data, []byte(s)) {
						t.Errorf("%s contains %q (%s:%d)", f.Path, s, checkFile, c.line)
					}
				}
			}
		}
		if !named {
			t.Errorf("%s: built, but no pattern in %s names it", f.Path, checkFile)
		}
	}
	for _, c := range checks {
		for _, p := range c.patterns {
			if !used[p] {
				t.Errorf("%s:%d: %s names no file of the build", checkFile, c.line, p)
			}
		}
	}
}

// TestMinified checks that pages are published minified: the layouts are
// indented and write "width=device-width, initial-scale=1", and no page
// may keep either.
func TestMinified(t *testing.T) {
	res := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	indented := regexp.MustCompile(`\n[ \t]+<`)
	pages := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		if loc := indented.FindIndex(f.Data); loc != nil {
			t.Errorf("%s: not minified: an indented tag at byte %d", f.Path, loc[0])
		}
		if !bytes.Contains(f.Data, []byte(`content="width=device-width,initial-scale=1"`)) {
			t.Errorf("%s: not minified: the viewport keeps its spaces", f.Path)
		}
	}
	if pages == 0 {
		t.Fatal("no pages built")
	}
}

func lines(b []byte) []string { return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") }

// readable returns a golden page as kept in testdata/golden: HTML
// indented, anything else as built.
func readable(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	if !strings.HasSuffix(name, ".html") {
		return data
	}
	out, err := indentHTML(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// blocks are the elements that give the element holding them lines of its
// own in indentHTML.
var blocks = set(`html head body header footer main nav section article aside div
	ul ol li dl dt dd table caption thead tbody tfoot tr th td p h1 h2 h3 h4 h5 h6 figure figcaption
	form fieldset legend label input select option button details summary blockquote pre hr br
	meta link title script style noscript template svg g path rect line text circle polyline img`)

// raw elements are printed as they are, whitespace and all.
var raw = set("pre script style textarea")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// indentHTML parses a page and prints it with each element that holds a
// block element on lines of its own, its children indented by two
// spaces; an element holding only text and inline elements is one line.
// Attributes come quoted and end tags explicit, as html.Render writes
// them, whatever the minifier left out.
func indentHTML(page []byte) ([]byte, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	var emit func(n *html.Node, depth int) error
	emit = func(n *html.Node, depth int) error {
		indent := strings.Repeat("  ", depth)
		switch {
		case n.Type == html.TextNode:
			if text := strings.TrimSpace(n.Data); text != "" {
				b.WriteString(indent + html.EscapeString(text) + "\n")
			}
			return nil
		case n.Type == html.ElementNode && !raw[n.Data] && holdsBlock(n):
			open := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Namespace: n.Namespace, Attr: n.Attr}
			var tag bytes.Buffer
			if err := html.Render(&tag, open); err != nil {
				return err
			}
			b.WriteString(indent + strings.TrimSuffix(tag.String(), "</"+n.Data+">") + "\n")
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if err := emit(c, depth+1); err != nil {
					return err
				}
			}
			b.WriteString(indent + "</" + n.Data + ">\n")
			return nil
		default:
			b.WriteString(indent)
			if err := html.Render(&b, n); err != nil {
				return err
			}
			b.WriteString("\n")
			return nil
		}
	}
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if err := emit(c, 0); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// holdsBlock reports whether any child of n is a block element.
func holdsBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && blocks[c.Data] {
			return true
		}
	}
	return false
}
