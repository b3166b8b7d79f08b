package browser

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pageKind is one page of each kind the site has.
type pageKind struct {
	name   string
	path   string
	status int64
	ready  string // an element the page's script shows when it has run, or ""
}

var pageKinds = []pageKind{
	{"home", "/", http.StatusOK, ""},
	{"project", "/projects/egov-data-ldcs-2017-2019/", http.StatusOK, ""},
	{"country", "/countries/bangladesh/", http.StatusOK, ""},
	{"group", "/groups/least-developed-countries/", http.StatusOK, ""},
	{"funder", "/funders/development-account-da/", http.StatusOK, ""},
	{"filter", "/projects/", http.StatusOK, "filters"},
	{"years", "/years/", http.StatusOK, ""},
	{"countries", "/countries/", http.StatusOK, ""},
	{"funders", "/funders/", http.StatusOK, ""},
	{"data", "/data/", http.StatusOK, ""},
	{"accessibility", "/accessibility/", http.StatusOK, ""},
	{"status list", "/past/", http.StatusOK, ""},
	{"not found", "/no-such-page/", http.StatusNotFound, ""},
}

// load opens the page of kind k, checks its status, and waits for its
// script to have run.
func (tb *tab) load(k pageKind) {
	tb.t.Helper()
	if got := tb.open(k.path); got != k.status {
		tb.t.Fatalf("%s: status %d, want %d", k.path, got, k.status)
	}
	if k.ready != "" {
		if err := chromedp.Do(tb.ctx, chromedp.WaitVisible(chromedp.ID(k.ready))); err != nil {
			tb.t.Fatalf("%s: waiting for #%s to show: %v", k.path, k.ready, err)
		}
	}
}

// TestPages checks one page of each kind, as a desktop reader gets it,
// against axe-core's WCAG 2.0 and 2.1 A and AA rules, for errors in the
// browser, for its outline (one h1, a language, a main landmark) and for a
// working skip link.
func TestPages(t *testing.T) {
	s := setup(t)
	for _, k := range pageKinds {
		t.Run(k.name, func(t *testing.T) {
			tb := newTab(t, s, 1280, 900)
			tb.load(k)
			tb.checkAxe(k.path)
			tb.checkOutline(k.path)
			tb.checkSkipLink(k.path)
			tb.checkClean(k.path)
		})
	}
}

// axeViolation is one failed axe-core rule, with the first elements that
// fail it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"` // CSS selector, then the element's HTML, shortened
	Summary string   `json:"summary"` // why the first element fails
}

// axeRun runs the rules of WCAG 2.0 and 2.1, levels A and AA.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
.then(r => ({
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ") + "  " + n.html.slice(0, 120)),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").replace(/\s+/g, " ").slice(0, 300),
  })),
  incomplete: r.incomplete.map(v => v.id + " on " + v.nodes.length + " element(s): " +
    [...new Set(v.nodes.flatMap(n => n.any.concat(n.all, n.none).map(c => c.message)))].join("; ")),
}))`

func (tb *tab) checkAxe(p string) { tb.t.Helper(); tb.checkAxeOn(p, "document") }

// checkAxeOn runs the rules on the part of the page the JavaScript
// expression context gives, and fails on any violation, and on a box that
// scrolls sideways out of the keyboard's reach, which axe-core only puts
// among what it could not decide.
func (tb *tab) checkAxeOn(p, context string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](tb.s.axe)); err != nil {
		tb.t.Fatalf("%s: injecting axe-core: %v", p, err)
	}
	res, err := chromedp.Run(tb.ctx, chromedp.Evaluate[struct {
		Violations []axeViolation `json:"violations"`
		Incomplete []string       `json:"incomplete"`
	}](strings.Replace(axeRun, "axe.run(document,", "axe.run("+context+",", 1), chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: running axe-core: %v", p, err)
	}
	for _, v := range res.Incomplete {
		if strings.HasPrefix(v, "scrollable-region-focusable ") {
			tb.t.Errorf("%s: axe: %s", p, v)
		}
	}
	for _, v := range res.Violations {
		tb.t.Errorf("%s: axe %s (%s): %s; %d element(s), e.g.\n\t%s\n\t%s\n\tsee %s",
			p, v.ID, v.Impact, v.Help, v.Nodes, strings.Join(v.Targets, "\n\t"), v.Summary, v.HelpURL)
	}
	if len(res.Incomplete) > 0 {
		tb.t.Logf("%s: axe could not decide, for a person to review:\n\t%s", p, strings.Join(res.Incomplete, "\n\t"))
	}
}

func (tb *tab) checkOutline(p string) {
	tb.t.Helper()
	o := evaluate[struct {
		H1    int    `json:"h1"`
		Lang  string `json:"lang"`
		Mains int    `json:"mains"`
	}](tb, `({
  h1: document.querySelectorAll("h1").length,
  lang: document.documentElement.getAttribute("lang") || "",
  mains: document.querySelectorAll("main, [role=main]").length,
})`)
	if o.H1 != 1 {
		tb.t.Errorf("%s: %d h1 elements, want 1", p, o.H1)
	}
	if o.Lang == "" {
		tb.t.Errorf("%s: <html> has no lang attribute", p)
	}
	if o.Mains != 1 {
		tb.t.Errorf("%s: %d main landmarks, want 1", p, o.Mains)
	}
}

// focusState describes the focused element.
type focusState struct {
	Tag     string `json:"tag"`
	Text    string `json:"text"`
	Href    string `json:"href"`
	ToMain  bool   `json:"toMain"`  // its href names the main landmark or something in it
	Visible bool   `json:"visible"` // wholly inside the viewport
	InMain  bool   `json:"inMain"`  // it is the main landmark or in it
}

const focusJS = `(() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  const href = a.getAttribute("href") || "";
  const target = href.startsWith("#") ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  return {
    tag: a.tagName.toLowerCase(), text: a.textContent.trim(), href,
    toMain: !!target && !!target.closest("main, [role=main]"),
    visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
    inMain: !!a.closest("main, [role=main]"),
  };
})()`

// checkSkipLink presses Tab on the fresh page: the first stop must be a
// visible link to the main content, and following it must move the focus
// there.
func (tb *tab) checkSkipLink(p string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		tb.t.Fatalf("%s: pressing Tab: %v", p, err)
	}
	f := evaluate[focusState](tb, focusJS)
	if f.Tag != "a" || !f.ToMain || f.Text == "" {
		tb.t.Errorf("%s: the first Tab stop is <%s href=%q> %q, want a skip link to the main content", p, f.Tag, f.Href, f.Text)
		return
	}
	if !f.Visible {
		tb.t.Errorf("%s: the skip link %q is not wholly visible when focused", p, f.Text)
	}
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		tb.t.Fatalf("%s: pressing Enter: %v", p, err)
	}
	waitFor(tb, "the skip link to move the focus into the main content", focusJS, func(f focusState) bool { return f.InMain })
}

// overflow is what sticks out of a narrow viewport.
type overflow struct {
	InnerWidth  float64   `json:"innerWidth"`
	ScrollWidth float64   `json:"scrollWidth"`
	Wide        []element `json:"wide"`      // wider than the viewport
	WideCount   int       `json:"wideCount"` // how many, where Wide has the first few
	Scrolled    []element `json:"scrolled"`  // beyond the viewport inside a box that scrolls sideways
}

type element struct {
	Path  string  `json:"path"` // its last three ancestors and itself, as tag#id.class
	Right float64 `json:"right"`
	Text  string  `json:"text"`
}

const overflowJS = `(() => {
  const vw = window.innerWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    ((e.getAttribute("class") || "").trim() ? "." + e.getAttribute("class").trim().split(/\s+/).join(".") : "");
  const path = e => { const p = []; for (let a = e; a && a !== document.body && p.length < 4; a = a.parentElement) p.unshift(name(a)); return p.join(" > "); };
  const scrollBox = e => {
    for (let a = e.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll") return a;
    }
    return null;
  };
  const wide = [], scrolled = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if ((r.width === 0 && r.height === 0) || r.right <= vw + 0.5) continue;
    const item = {path: path(e), right: Math.round(r.right * 10) / 10, text: (e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60)};
    (scrollBox(e) ? scrolled : wide).push(item);
  }
  return {innerWidth: vw, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 15), wideCount: wide.length, scrolled: scrolled.slice(0, 5)};
})()`

// TestNarrow checks one page of each kind at 375 px, a small phone: no
// sideways scrolling of the page, no element past the right edge (except
// inside a box that scrolls sideways itself, such as a wide table: the box
// must fit, and its content can be scrolled to), and axe-core's rules at
// this width. It also saves screenshots of the home and a project page,
// for a person to look at; the assertions are the checks, not the picture.
func TestNarrow(t *testing.T) {
	s := setup(t)
	shots := os.Getenv("PORTFOLIO_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range pageKinds {
		t.Run(k.name, func(t *testing.T) {
			tb := newTab(t, s, 375, 812)
			tb.load(k)
			o := evaluate[overflow](tb, overflowJS)
			if o.InnerWidth != 375 {
				t.Fatalf("%s: the viewport is %v px wide, want 375", k.path, o.InnerWidth)
			}
			if o.ScrollWidth > o.InnerWidth {
				t.Errorf("%s: the page is %v px wide at 375 px: it scrolls sideways", k.path, o.ScrollWidth)
			}
			for _, e := range o.Wide {
				t.Errorf("%s: %s reaches %v px, past the 375 px viewport (%q)", k.path, e.Path, e.Right, e.Text)
			}
			if o.WideCount > len(o.Wide) {
				t.Errorf("%s: and %d more elements past the viewport", k.path, o.WideCount-len(o.Wide))
			}
			for _, e := range o.Scrolled {
				t.Logf("%s: %s reaches %v px inside a box that scrolls sideways", k.path, e.Path, e.Right)
			}
			if k.name == "home" || k.name == "project" {
				png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", k.path, err)
				}
				file := filepath.Join(shots, fmt.Sprintf("%s-375.png", k.name))
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s at 375 px: %s", k.path, file)
			}
			tb.checkAxe(k.path) // at this width too: tables scroll sideways, for one
			tb.checkClean(k.path)
		})
	}
}

// TestNotFound checks that a missing address, at the root or deeper,
// answers 404 with the site's own page, styled and linking home.
func TestNotFound(t *testing.T) {
	s := setup(t)
	for _, p := range []string{"/no-such-page", "/projects/no-such-project/"} {
		t.Run(strings.Trim(p, "/"), func(t *testing.T) {
			tb := newTab(t, s, 1280, 900)
			if got := tb.open(p); got != http.StatusNotFound {
				t.Fatalf("%s: status %d, want 404", p, got)
			}
			page := evaluate[struct {
				H1    string   `json:"h1"`
				Links []string `json:"links"`
				Style bool     `json:"style"`
			}](tb, `({
  h1: (document.querySelector("h1") || {}).textContent || "",
  links: [...document.querySelectorAll("main a")].map(a => a.href),
  style: document.styleSheets.length > 0 && [...document.styleSheets].every(s => s.cssRules.length > 0),
})`)
			if !strings.Contains(strings.ToLower(page.H1), "not found") {
				t.Errorf("%s: h1 %q, want the 404 page's", p, page.H1)
			}
			if !page.Style {
				t.Errorf("%s: the stylesheet did not load", p)
			}
			home := false
			for _, l := range page.Links {
				home = home || l == s.base
			}
			if !home {
				t.Fatalf("%s: no link home (%s) in the main content; links: %q", p, s.base, page.Links)
			}
			resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(`main a[href="/"]`)))
			if err != nil {
				t.Fatalf("%s: following the link home: %v", p, err)
			}
			if resp.URL != s.base || resp.Status != http.StatusOK {
				t.Errorf("%s: the link home led to %s with status %d", p, resp.URL, resp.Status)
			}
			tb.checkClean(p)
		})
	}
}
