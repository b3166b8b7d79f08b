package browser

import (
	"fmt"
	"testing"
)

// layoutState is what TestLayout measures of a page.
type layoutState struct {
	TitleGap   float64  `json:"titleGap"`   // from the header's bottom to the h1's top
	FooterGap  float64  `json:"footerGap"`  // from the main content's last box to the footer
	Overflowed []string `json:"overflowed"` // key figures wider than their tiles
	Broken     []string `json:"broken"`     // statuses broken over two lines
	Unreached  []string `json:"unreached"`  // boxes that scroll sideways but take no focus or have no name
}

const layoutJS = `(() => {
  const rect = e => e.getBoundingClientRect();
  const header = document.querySelector(".site-header"), h1 = document.querySelector("h1");
  const main = document.querySelector("main"), footer = document.querySelector(".site-footer");
  let last = null;
  const shown = e => rect(e).height > 0 && getComputedStyle(e).position !== "absolute" && !e.closest("details:not([open]) > :not(summary)");
  for (const e of main.querySelectorAll("*")) if (shown(e) && (!last || rect(e).bottom > rect(last).bottom)) last = e;
  const text = e => e.textContent.trim().replace(/\s+/g, " ").slice(0, 60);
  return {
    titleGap: rect(h1).top - rect(header).bottom,
    footerGap: rect(footer).top - rect(last || main).bottom,
    overflowed: [...document.querySelectorAll(".figures dd, .figures dt")].filter(e => e.scrollWidth > e.clientWidth + 0.5 || rect(e).right > rect(e.parentElement).right + 0.5).map(text),
    broken: [...document.querySelectorAll(".status")].filter(e => e.getClientRects().length > 1).map(e => text(e.parentElement)),
    unreached: [...document.querySelectorAll("main *")].filter(e => {
      const o = getComputedStyle(e).overflowX;
      return (o === "auto" || o === "scroll") && e.scrollWidth > e.clientWidth &&
        (e.tabIndex < 0 || !(e.getAttribute("aria-label") || e.getAttribute("aria-labelledby")));
    }).map(e => e.className + ": " + text(e)),
  };
})()`

// TestLayout checks, on every page kind at 1280 and 375 px, what a review
// found wrong: the page title and the last box of the content have room
// from the header and footer, key figures fit their tiles, a project's
// status stays on one line with its dot, and every box that scrolls
// sideways can be reached and scrolled by keyboard and is named.
func TestLayout(t *testing.T) {
	s := setup(t)
	for _, width := range []int64{1280, 375} {
		for _, k := range pageKinds {
			t.Run(fmt.Sprintf("%s-%d", k.name, width), func(t *testing.T) {
				tb := newTab(t, s, width, 900)
				tb.load(k)
				l := evaluate[layoutState](tb, layoutJS)
				if l.TitleGap < 16 {
					t.Errorf("%s: the page title is %v px under the header, want at least 16", k.path, l.TitleGap)
				}
				if l.FooterGap < 16 {
					t.Errorf("%s: the content ends %v px above the footer, want at least 16", k.path, l.FooterGap)
				}
				for _, f := range l.Overflowed {
					t.Errorf("%s: the figure %q is wider than its tile", k.path, f)
				}
				for _, b := range l.Broken {
					t.Errorf("%s: a status broken over two lines in %q", k.path, b)
				}
				for _, u := range l.Unreached {
					t.Errorf("%s: a box scrolls sideways without a tab stop and a name: %s", k.path, u)
				}
			})
		}
	}
}
