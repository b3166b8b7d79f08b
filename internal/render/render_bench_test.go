package render_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/render"
)

// realSite builds the repository's own site once for the benchmarks.
func realSite(b *testing.B) build.Result {
	b.Helper()
	res := build.Run(os.DirFS("../.."), build.Options{AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags.Err())
	}
	return res
}

func benchPage(b *testing.B, kind string) {
	res := realSite(b)
	r, l := render.Load(os.DirFS("../.."), res.Site.Settings)
	if l.HasErrors() {
		b.Fatal(l.Err())
	}
	if _, l := r.Site(res.Site, func(render.File) {}); l.HasErrors() { // fills the per-build snippets
		b.Fatal(l.Err())
	}
	var page *render.Page
	for _, p := range render.Pages(res.Site) {
		if p.Kind == kind {
			page = p
			break
		}
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		if _, d := r.Page(&buf, page); d != nil {
			b.Fatal(d)
		}
	}
}

// BenchmarkRenderProjectPage renders one project page.
func BenchmarkRenderProjectPage(b *testing.B) { benchPage(b, "project") }

// BenchmarkRenderIndex renders the countries index, the largest index page.
func BenchmarkRenderIndex(b *testing.B) { benchPage(b, "countries") }

// BenchmarkRenderSite renders every page of the real site.
func BenchmarkRenderSite(b *testing.B) {
	res := realSite(b)
	r, _ := render.Load(os.DirFS("../.."), res.Site.Settings)
	b.ReportAllocs()
	for b.Loop() {
		r.Site(res.Site, func(render.File) {})
	}
}
