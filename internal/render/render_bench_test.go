package render_test

import (
	"maps"
	"os"
	"sync"
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

// BenchmarkRenderSite renders every page of the real site.
func BenchmarkRenderSite(b *testing.B) {
	res := realSite(b)
	r, _ := render.Load(os.DirFS("../.."), res.Site.Settings)
	b.ReportAllocs()
	for b.Loop() {
		r.Site(res.Site, func(render.File) {})
	}
}

// TestTwoSitesAtOnce: one Renderer renders two sites at the same time (the
// real site as of two dates, with different statuses and lists) exactly as
// it renders each alone: it keeps nothing of a build.
func TestTwoSitesAtOnce(t *testing.T) {
	var sites [2]build.Result
	for i, year := range []int{2012, 2026} {
		sites[i] = build.Run(os.DirFS("../.."), build.Options{AsOf: time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC)})
		if sites[i].Diags.HasErrors() {
			t.Fatal(sites[i].Diags.Err())
		}
	}
	r, l := render.Load(os.DirFS("../.."), sites[0].Site.Settings)
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	render1 := func(i int) map[string]string {
		var mu sync.Mutex
		out := map[string]string{}
		if _, l := r.Site(sites[i].Site, func(f render.File) {
			mu.Lock()
			out[f.Path] = string(f.Data)
			mu.Unlock()
		}); l.HasErrors() {
			t.Error(l.Err())
		}
		return out
	}
	var alone, together [2]map[string]string
	for i := range 2 {
		alone[i] = render1(i)
	}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { together[i] = render1(i) })
	}
	wg.Wait()
	if maps.Equal(alone[0], alone[1]) {
		t.Fatal("the two sites render the same: the test shows nothing")
	}
	for i := range 2 {
		if !maps.Equal(alone[i], together[i]) {
			for path, data := range alone[i] {
				if together[i][path] != data {
					t.Errorf("site %d: %s differs when rendered beside the other", i, path)
				}
			}
		}
	}
}
