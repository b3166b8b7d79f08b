package linkcheck

import (
	"strings"
	"testing"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

var files = []render.File{
	{Path: "index.html", Data: []byte(`<a href="/projects/a/">a</a><a href="/countries/togo/#x">t</a><img src="/assets/x.png"><a href="#top">top</a><a href="mailto:x@example.org">m</a><a href="https://example.org/">e</a><a href="//cdn.example.org/x">c</a>`)},
	{Path: "projects/a/index.html", Data: []byte(`<a href="../b/">b</a><a href="/countries/togo">togo without slash</a>`)},
	{Path: "projects/b/index.html", Data: []byte(`<a href="/projects/c/">gone</a><a href="/projects/a/">ok</a>`)},
	{Path: "countries/togo/index.html", Data: []byte(`<link rel="stylesheet" href="/assets/style.css"><svg><a href="/nowhere/"><text>x</text></a></svg>`)},
	{Path: "assets/x.png"},
}

func TestCheckOutput(t *testing.T) {
	l := CheckOutput(files, "")
	want := []string{
		`countries/togo/index.html: broken link "/assets/style.css": the site has no page /assets/style.css`,
		`countries/togo/index.html: broken link "/nowhere/": the site has no page /nowhere/`,
		`projects/b/index.html: broken link "/projects/c/": the site has no page /projects/c/; did you mean "/projects/a/" or "/projects/b/"?`,
	}
	l.Sort()
	assertDiags(t, l, want)
}

func TestCheckProjectLinks(t *testing.T) {
	p := &site.Project{URL: "/projects/a/", Project: &content.Project{Path: "content/projects/a.md", Links: []content.Link{
		{URL: "/countries/togo/", Pos: diag.Pos{Line: 9, Col: 3}},
		{URL: "../b/", Pos: diag.Pos{Line: 10, Col: 1}},
		{URL: "/countries/tgo/", Pos: diag.Pos{Line: 11, Col: 5}},
		{URL: "javascript:alert(1)", Pos: diag.Pos{Line: 12, Col: 2}},
		{URL: "ftp://example.org/x", Pos: diag.Pos{Line: 13, Col: 2}},
		{URL: "https://example.org/ok", Pos: diag.Pos{Line: 14, Col: 2}},
		{URL: "http:///nohost", Pos: diag.Pos{Line: 15, Col: 2}},
	}}}
	out := []render.File{files[0], {Path: "projects/b/index.html"}, files[3], files[4],
		{Path: "projects/a/index.html", Data: []byte(`<a href="/countries/tgo/">bad, reported at the source</a>`)}}
	var paths []string
	for _, f := range out {
		paths = append(paths, f.Path)
	}
	l := Check(&site.Site{Projects: []*site.Project{p}}, paths, []string{"/projects/b/", "/countries/togo/", "/missing/"})
	l.Sort()
	assertDiags(t, l, []string{
		`content/projects/a.md:11:5: broken link "/countries/tgo/": the site has no page /countries/tgo/; did you mean "/countries/togo/"?`,
		`content/projects/a.md:12:2: link "javascript:alert(1)" uses javascript:, which is not allowed; use http, https, mailto or a link within the site`,
		`content/projects/a.md:13:2: link "ftp://example.org/x" uses ftp:, which is not allowed; use http, https, mailto or a link within the site`,
		`content/projects/a.md:15:2: link "http:///nohost" has no host`,
		`layouts: broken link "/missing/": the site has no page /missing/ (a layout links to it)`,
	})
}

// TestCheckImages: an image's source must be a file of the site; one that
// runs script (which the page would show blank) or is not an image is an
// error, one on another site a warning, as the CSP blocks it.
func TestCheckImages(t *testing.T) {
	img := func(url string, line int) content.Link {
		return content.Link{URL: url, Pos: diag.Pos{Line: line, Col: 1}, Image: true}
	}
	p := &site.Project{URL: "/projects/a/", Project: &content.Project{Path: "content/projects/a.md", Links: []content.Link{
		img("/assets/x.png", 9),
		img("../../assets/x.png", 10),
		img("/missing.png", 11),
		img("logo.png", 12),
		img("javascript:alert(1)", 13),
		img("VBScript:msgbox(1)", 14),
		img("https://example.org/x.png", 15),
		img("//cdn.example.org/x.png", 16),
		img("data:image/png;base64,iVBORw0KGgo=", 17),
		img("data:image/svg+xml;base64,PHN2Zz4=", 18),
		img("mailto:a@example.org", 19),
		img("", 20),
		{URL: "/assets/x.png", Pos: diag.Pos{Line: 21, Col: 1}}, // a link to the image
	}}}
	l := Check(&site.Site{Projects: []*site.Project{p}}, []string{"index.html", "assets/x.png"}, nil)
	l.Sort()
	assertDiags(t, l, []string{
		`content/projects/a.md:11:1: missing image "/missing.png": the site has no file /missing.png; put the image in static/ and give its path there`,
		`content/projects/a.md:12:1: missing image "logo.png": the site has no file /projects/a/logo.png; put the image in static/ and give its path there`,
		`content/projects/a.md:13:1: image source "javascript:alert(1)" uses javascript:, which is not allowed (the page would show nothing); use an image file in the site`,
		`content/projects/a.md:14:1: image source "VBScript:msgbox(1)" uses vbscript:, which is not allowed (the page would show nothing); use an image file in the site`,
		`content/projects/a.md:15:1: warning: image "https://example.org/x.png" is on another site, and the site's Content-Security-Policy stops browsers from showing it; copy the image into static/ and give its path there`,
		`content/projects/a.md:16:1: warning: image "//cdn.example.org/x.png" is on another site, and the site's Content-Security-Policy stops browsers from showing it; copy the image into static/ and give its path there`,
		`content/projects/a.md:18:1: image source "data:image/svg+xml;base64,…" is data of a kind the page does not show; use a PNG, GIF, JPEG or WebP file in the site`,
		`content/projects/a.md:19:1: image source "mailto:a@example.org" uses mailto:, which is not allowed (the page would show nothing); use an image file in the site`,
		`content/projects/a.md:20:1: image has no source; give the path of an image file in the site`,
	})
}

func TestCheckBasePath(t *testing.T) {
	out := []render.File{
		{Path: "index.html", Data: []byte(`<a href="/sub/projects/a/">a</a><a href="/projects/a/">no base</a>`)},
		{Path: "projects/a/index.html", Data: []byte(`<a href="/sub/">home</a>`)},
	}
	l := CheckOutput(out, "/sub")
	assertDiags(t, l, []string{
		`index.html: link "/projects/a/" is outside the site's base path /sub`,
	})
}

func assertDiags(t *testing.T, l diag.List, want []string) {
	t.Helper()
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
