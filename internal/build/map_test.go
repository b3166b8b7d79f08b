package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portfolio/internal/render"
	"portfolio/internal/site"
)

// TestMapOfRealSite checks the world map of the repository's own site, as
// the home page and /countries/ draw it: a tile for each of the 193 Member
// States, none on another, each shaded as its legend says, each with a
// page linked and named in words — Bangladesh's by the numbers the site
// graph holds.
func TestMapOfRealSite(t *testing.T) {
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	m := (&render.Page{Site: res.Site}).WorldMap()
	if m == nil || len(m.Tiles) != 193 {
		t.Fatalf("the world map has %v tiles, want 193", m)
	}
	pages := map[string]*site.Place{}
	for _, c := range res.Site.Countries {
		pages[c.ISO3] = c
	}
	at := map[[2]float64]string{}
	for _, tl := range m.Tiles {
		if other, ok := at[[2]float64{tl.X, tl.Y}]; ok {
			t.Errorf("%s and %s share a square", other, tl.Code)
		}
		at[[2]float64{tl.X, tl.Y}] = tl.Code
		if tl.X < 0 || tl.Y < 0 || tl.X+m.Side > m.Width || tl.Y+m.Side > m.Height {
			t.Errorf("%s at %v,%v lies outside the %vx%v map", tl.Code, tl.X, tl.Y, m.Width, m.Height)
		}
		pl := pages[tl.Code]
		if pl == nil {
			if tl.URL != "" || tl.Class != "none" {
				t.Errorf("%s has no page, but links to %q, shaded %s", tl.Code, tl.URL, tl.Class)
			}
			continue
		}
		if tl.URL != pl.URL || tl.Direct != len(pl.Direct) || tl.Reached != len(pl.Reached) {
			t.Errorf("%s: %s, %d named, %d reached; the site has %s, %d, %d", tl.Code, tl.URL, tl.Direct, tl.Reached, pl.URL, len(pl.Direct), len(pl.Reached))
		}
		if want := shade(m.Legend, tl.Direct, tl.Reached); tl.Class != want {
			t.Errorf("%s: named by %d, reached by %d, shaded %s; the legend says %s", tl.Code, tl.Direct, tl.Reached, tl.Class, want)
		}
	}

	bgd := pages["BGD"]
	if bgd == nil || len(bgd.Direct) == 0 || len(bgd.Reached) == 0 {
		t.Fatal("Bangladesh is no longer named and reached: choose another country for this test")
	}
	tile := fmt.Sprintf(`<a href="/countries/bangladesh/" aria-label="Bangladesh, BGD: %d projects, %d more through groups">`, len(bgd.Direct), len(bgd.Reached))
	for _, p := range []string{"index.html", "countries/index.html"} {
		html := page(t, res.Files, p)
		if !strings.Contains(html, tile) {
			t.Errorf("%s lacks Bangladesh's square %s", p, tile)
		}
		links := 0
		for _, tl := range m.Tiles {
			if tl.URL != "" {
				links++
			}
		}
		if got := len(tileLink.FindAllString(html, -1)); got != links {
			t.Errorf("%s: %d squares are named links, want the %d with a page", p, got, links)
		}
		for _, want := range []string{`<svg class="tiles" viewBox="0 0 `, `<title id="map-title">`, `class="map-legend"`, `href="#after-map"`, `id="after-map"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
	}
}

// tileLink is a square of the world map that links to a country's page.
var tileLink = regexp.MustCompile(`<a href="/countries/[a-z-]+/" aria-label="[^"<>]+, [A-Z]{3}: [^"<>]+"><rect class="tile-`)

// shade is the class the legend gives a Member State named by direct and
// reached by reached projects.
func shade(legend []render.MapClass, direct, reached int) string {
	switch {
	case direct == 0 && reached == 0:
		return "none"
	case direct == 0:
		return "reached"
	}
	for _, c := range legend {
		if c.Min > 0 && direct >= c.Min && (c.Max == 0 || direct <= c.Max) {
			return c.Class
		}
	}
	return "no class"
}

// TestMembersMap checks a group's small map on the real site: the LDCs on
// the build date, without Bangladesh and Nepal, which left the list on 24
// November 2026; a country's page has no map.
func TestMembersMap(t *testing.T) {
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	ldc := page(t, res.Files, "groups/least-developed-countries/index.html")
	for _, want := range []string{`class="map map-small"`, `Least Developed Countries on 29 November 2026: 41 UN Member States`,
		`<li><a href="/countries/togo/">Togo</a>`, `<a href="/countries/togo/" tabindex="-1"><rect class="tile-member"`} {
		if !strings.Contains(ldc, want) {
			t.Errorf("the LDC page lacks %s", want)
		}
	}
	// Members are listed as the site lists places, accents aside.
	asia := page(t, res.Files, "groups/asia/index.html")
	if tr, tm := strings.Index(asia, ">Türkiye</a>"), strings.Index(asia, ">Turkmenistan</a>"); tr < 0 || tm < 0 || tr > tm {
		t.Errorf("Asia's map lists Türkiye at %d, Turkmenistan at %d; want both, in that order", tr, tm)
	}
	for _, gone := range []string{"Bangladesh", "Nepal"} {
		if strings.Contains(ldc, "<title>"+gone+"</title>") {
			t.Errorf("the LDC map highlights %s, which left the list on 24 November 2026", gone)
		}
	}
	if strings.Contains(page(t, res.Files, "countries/bangladesh/index.html"), `class="map`) {
		t.Error("a country page has a map")
	}
}

// TestCachedMembersMap: a project naming the Caribbean gives Jamaica a
// page, which the Small Island Developing States' map links to, though
// nothing else on that page changes; the preview's memo must not serve the
// page it kept.
func TestCachedMembersMap(t *testing.T) {
	root, dir := fixtureCopy(t)
	cache := NewCache(time.Now)
	fsys := os.DirFS(root)
	compare(t, "before", Run(fsys, Options{AsOf: asOf, Cache: cache}), Run(fsys, Options{AsOf: asOf}))
	sids := page(t, Run(fsys, Options{AsOf: asOf}).Files, "groups/small-island-developing-states/index.html")
	if strings.Contains(sids, "/countries/jamaica/") { // the fixture is published under /fixture/
		t.Fatal("Jamaica has a page already: the test needs a Member State without one")
	}
	write(t, filepath.Join(dir, "caribbean.md"), "---\ntitle: Caribbean\nstart: 2015-01\nend: 2016-12\nfunding: [Norway]\ncountries: [Caribbean]\n---\n\nBody.\n")
	clean := Run(fsys, Options{AsOf: asOf})
	if !strings.Contains(page(t, clean.Files, "groups/small-island-developing-states/index.html"), `<a href="/fixture/countries/jamaica/">Jamaica</a>`) {
		t.Fatal("the SIDS map does not link Jamaica's new page")
	}
	compare(t, "Caribbean added", Run(fsys, Options{AsOf: asOf, Cache: cache}), clean)
}
