package browser

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"portfolio/internal/render"
)

// mapState is what a reader gets of the world map.
type mapState struct {
	Tiles   int     `json:"tiles"`   // squares drawn
	Links   int     `json:"links"`   // squares that are links with a name
	Unnamed int     `json:"unnamed"` // links in the map without one
	Legend  int     `json:"legend"`  // legend entries
	Left    float64 `json:"left"`    // the drawing's box, in CSS pixels
	Right   float64 `json:"right"`
	Width   float64 `json:"width"`
	Labels  bool    `json:"labels"` // the squares' ISO codes show
	Title   string  `json:"title"`  // the drawing's own name
}

const mapJS = `(() => {
  const svg = document.querySelector("figure.map svg.tiles");
  if (!svg) return {tiles: 0};
  const r = svg.getBoundingClientRect(), links = [...svg.querySelectorAll("a")];
  const label = svg.querySelector("text");
  return {
    tiles: svg.querySelectorAll("rect[class^=tile-]").length,
    links: links.filter(a => /^.+, [A-Z]{3}: .+/.test(a.getAttribute("aria-label") || "")).length,
    unnamed: links.filter(a => !(a.getAttribute("aria-label") || "").trim()).length,
    legend: document.querySelectorAll("figure.map .map-legend li").length,
    left: r.left, right: r.right, width: r.width,
    labels: !!label && getComputedStyle(label).display !== "none" && label.getBoundingClientRect().height >= 8,
    title: (svg.querySelector("title") || {}).textContent || "",
  };
})()`

// TestMap checks the world map of the home page and /countries/ at 1280
// and 375 px: a square for every Member State, each one with a page a link
// with a name, a legend, a drawing that fits the page; the keyboard
// reaches the first square from the link before it and follows it to the
// State's page, and "Skip the map" takes the keyboard past all of them;
// axe-core finds nothing wrong in it. With -short, it checks the home page
// at 1280 px and /countries/ at 375 px.
func TestMap(t *testing.T) {
	s := setup(t)
	want := (&render.Page{Site: s.res.Site}).WorldMap()
	links := 0
	for _, tl := range want.Tiles {
		if tl.URL != "" {
			links++
		}
	}
	first := want.Tiles[0]
	for _, w := range []int64{1280, 375} {
		for _, p := range []string{"/", "/countries/"} {
			if testing.Short() && (w == 1280) != (p == "/") {
				continue // each page and width once; the other two with the long tests
			}
			t.Run(fmt.Sprintf("%s at %d", p, w), func(t *testing.T) {
				tb := newTab(t, s, w, 900)
				tb.open(p)
				m := evaluate[mapState](tb, mapJS)
				if m.Tiles != len(want.Tiles) || m.Links != links || m.Unnamed != 0 {
					t.Errorf("%s: %d squares, %d named links, %d unnamed; want %d squares, %d named links", p, m.Tiles, m.Links, m.Unnamed, len(want.Tiles), links)
				}
				if m.Legend != len(want.Legend) || m.Title == "" {
					t.Errorf("%s: %d legend entries, title %q; want %d entries and a title", p, m.Legend, m.Title, len(want.Legend))
				}
				if m.Left < 0 || m.Right > float64(w) || m.Width < float64(w)/2 {
					t.Errorf("%s: the map spans %v to %v px of %d: it must fit, and fill most of it", p, m.Left, m.Right, w)
				}
				if m.Labels != (w == 1280) {
					t.Errorf("%s: labels shown %v at %d px; want them at 1280 only, where they are legible", p, m.Labels, w)
				}
				tb.checkAxeOn(p, `document.querySelector("figure.map")`) // the map alone: the pages' own tests check the rest

				// From the link before the map, Tab reaches the first square.
				tb.focus(p, "figure.map .map-skip")
				if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatalf("%s: pressing Tab: %v", p, err)
				}
				f := evaluate[struct {
					InMap   bool   `json:"inMap"`
					Label   string `json:"label"`
					Href    string `json:"href"`
					Visible bool   `json:"visible"`
				}](tb, `(() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  return {inMap: !!a.closest("svg.tiles"), label: a.getAttribute("aria-label") || "", href: a.getAttribute("href") || "",
    visible: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight};
})()`)
				if !f.InMap || !strings.HasPrefix(f.Label, first.Name+", "+first.Code+": ") || f.Href != first.URL || !f.Visible {
					t.Fatalf("%s: Tab from the skip link focused %+v; want %s's square, in view", p, f, first.Name)
				}
				if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
					t.Fatalf("%s: pressing Enter: %v", p, err)
				}
				waitFor(tb, "the square to lead to "+first.URL, `location.pathname + " " + ((document.querySelector("h1") || {}).textContent || "")`,
					func(v string) bool { return v == first.URL+" "+first.Name })

				// "Skip the map" moves the keyboard past every square.
				tb.open(p)
				tb.focus(p, "figure.map .map-skip")
				if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Tab)); err != nil {
					t.Fatalf("%s: following the skip link: %v", p, err)
				}
				after := evaluate[struct {
					InMap bool   `json:"inMap"`
					Tag   string `json:"tag"`
				}](tb, `({inMap: !!document.activeElement.closest("figure.map"), tag: document.activeElement.tagName.toLowerCase()})`)
				if after.InMap || after.Tag == "body" {
					t.Errorf("%s: after Skip the map and Tab, the focus is on <%s>, in the map %v", p, after.Tag, after.InMap)
				}
				tb.checkClean(p)
			})
		}
	}
}

// focus moves the keyboard focus to the element sel selects, as a reader
// tabbing there would, and checks that it took it.
func (tb *tab) focus(p, sel string) {
	tb.t.Helper()
	ok := evaluate[bool](tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.focus(); return document.activeElement === e; })()`, sel))
	if !ok {
		tb.t.Fatalf("%s: cannot focus %s", p, sel)
	}
}

// mapColours are the computed colours of each shade: its fill (or, for the
// hatched one, the paper under the hatching), its outline, its label's.
const mapColours = `(() => {
  const svg = document.querySelector("figure.map svg.tiles"), out = {};
  for (const c of ["none", "reached", "n1", "n2", "n3"]) {
    const r = document.createElementNS("http://www.w3.org/2000/svg", "rect"), t = document.createElementNS("http://www.w3.org/2000/svg", "text");
    r.setAttribute("class", "tile-" + c); t.setAttribute("class", "on-" + c);
    svg.append(r, t);
    const rs = getComputedStyle(r), ts = getComputedStyle(t);
    out[c] = {fill: rs.fill, stroke: rs.stroke, strokeWidth: parseFloat(rs.strokeWidth) || 0, label: ts.fill,
      hatchPaper: getComputedStyle(document.querySelector("#map-hatch .hatch-paper")).fill,
      hatchLine: getComputedStyle(document.querySelector("#map-hatch .hatch-line")).fill};
    r.remove(); t.remove();
  }
  out.paper = {fill: getComputedStyle(document.body).backgroundColor};
  return out;
})()`

// TestMapColours checks the map's shades in the browser, as the
// stylesheet computes them: each tile stands out 3:1 from the paper around
// it, by its fill or, for the empty and the hatched ones, its outline; each
// label reads 4.5:1 on its tile.
func TestMapColours(t *testing.T) {
	s := setup(t)
	tb := newTab(t, s, 1280, 900)
	tb.open("/")
	type colours struct {
		Fill, Stroke, Label, HatchPaper, HatchLine string
		StrokeWidth                                float64
	}
	cs := evaluate[map[string]colours](tb, mapColours)
	paper := cs["paper"].Fill
	for _, c := range []string{"none", "reached", "n1", "n2", "n3"} {
		col := cs[c]
		edge, under := col.Fill, col.Fill
		if c == "none" || c == "reached" {
			edge = col.Stroke
			if col.StrokeWidth < 1 {
				t.Errorf("%s: outline %v wide, want 1 or more", c, col.StrokeWidth)
			}
		}
		if c == "reached" {
			under = col.HatchPaper
			if r := contrast(t, col.HatchLine, col.HatchPaper); r < 3 {
				t.Errorf("reached: hatching %s on %s is %.2f:1, want 3:1", col.HatchLine, col.HatchPaper, r)
			}
		}
		if r := contrast(t, edge, paper); r < 3 {
			t.Errorf("%s: tile %s on the paper %s is %.2f:1, want 3:1", c, edge, paper, r)
		}
		if r := contrast(t, col.Label, under); r < 4.5 {
			t.Errorf("%s: label %s on %s is %.2f:1, want 4.5:1", c, col.Label, under, r)
		}
	}
}

// contrast is the WCAG contrast ratio of two CSS colours as browsers
// compute them: "rgb(r, g, b)".
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	lum := func(c string) float64 {
		var r, g, bl float64
		if _, err := fmt.Sscanf(c, "rgb(%g, %g, %g)", &r, &g, &bl); err != nil {
			t.Fatalf("colour %q: %v", c, err)
		}
		lin := func(v float64) float64 {
			v /= 255
			if v <= 0.04045 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(bl)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
