package browser

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"portfolio/internal/site"
)

// filters are the choices a reader makes on the filter page.
type filters struct {
	place string // a country's, region's or group's slug
	from  int    // active in this year or later
	word  string // in the title, code or description, in any case
}

// search is what the filter test chooses: least developed countries, from
// 2016, "e-government". Each choice leaves out projects the others let
// through (TestFilterScript checks that this stays so).
var search = filters{place: "least-developed-countries", from: 2016, word: "e-government"}

// match returns the URLs of the projects that f lets through, in the
// site's order, computed from the site model rather than the page; with a
// place, those naming it come first, then those reaching it.
func (f filters) match(s *site.Site) []string {
	reaches := map[*site.Project]bool{}
	names := map[*site.Project]bool{}
	for _, pl := range slices.Concat(s.Countries, s.Groups) {
		if pl.Slug != f.place {
			continue
		}
		for _, p := range pl.Direct {
			reaches[p] = true
			names[p] = true
		}
		for _, r := range pl.Reached {
			reaches[r.Project] = true
		}
	}
	projects := s.Projects
	if f.place != "" {
		projects = slices.Concat(
			slices.DeleteFunc(slices.Clone(s.Projects), func(p *site.Project) bool { return !names[p] }),
			slices.DeleteFunc(slices.Clone(s.Projects), func(p *site.Project) bool { return names[p] }))
	}
	var out []string
	for _, p := range projects {
		switch {
		case f.place != "" && !reaches[p]:
		case f.from != 0 && !p.End.IsZero() && p.End.Year < f.from:
		case f.word != "" && !strings.Contains(strings.ToLower(p.Title+" "+p.Code+" "+p.Text), strings.ToLower(f.word)):
		default:
			out = append(out, p.URL)
		}
	}
	return out
}

// listState is the filter page as a reader sees it.
type listState struct {
	Links     []string `json:"links"` // the first link of each item of the list
	Count     string   `json:"count"`
	Search    string   `json:"search"` // the URL's query string
	Q         string   `json:"q"`
	Place     string   `json:"place"`
	From      string   `json:"from"`
	FormShown bool     `json:"formShown"`
	TextReady bool     `json:"textReady"` // a shard of the search words has been fetched
}

const listJS = `(() => {
  const v = id => (document.getElementById(id) || {}).value || "";
  const form = document.getElementById("filters");
  return {
    links: [...document.querySelectorAll("#results > li")].map(li => (li.querySelector("a") || {}).href || ""),
    count: (document.getElementById("f-count") || {}).textContent || "",
    search: location.search,
    q: v("f-q"), place: v("f-place"), from: v("f-from"),
    formShown: !!form && form.getClientRects().length > 0,
    textReady: performance.getEntriesByType("resource").some(e => e.name.includes("/data/words/") && e.responseEnd > 0),
  };
})()`

// abs turns site paths into the addresses the browser resolves them to.
func (s *suite) abs(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = s.url(p)
	}
	return out
}

// TestFilterScript chooses a place and a year on the filter page and types
// a word, and expects exactly the projects the site model gives, the same
// number in the count, and the filters in the URL; then it loads that URL
// afresh and expects the same filters and list.
func TestFilterScript(t *testing.T) {
	s := setup(t)
	want := s.abs(search.match(s.res.Site))
	if len(want) == 0 {
		t.Fatalf("no project matches %+v; choose filters that some project passes", search)
	}
	for _, c := range []struct {
		without string
		looser  filters
	}{
		{"place", filters{from: search.from, word: search.word}},
		{"from", filters{place: search.place, word: search.word}},
		{"word", filters{place: search.place, from: search.from}},
	} {
		if len(c.looser.match(s.res.Site)) == len(want) {
			t.Fatalf("the %s filter leaves out nothing the others let through; choose values that make each filter count", c.without)
		}
	}

	tb := newTab(t, s, 1280, 900)
	tb.load(pageKind{path: "/projects/", status: http.StatusOK, ready: "filters"})
	tb.choose("f-place", search.place)
	tb.choose("f-from", strconv.Itoa(search.from))
	if err := chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.ID("f-q"), search.word)); err != nil {
		t.Fatalf("typing in #f-q: %v", err)
	}
	got := tb.waitForList(want)
	q, err := url.ParseQuery(strings.TrimPrefix(got.Search, "?"))
	if err != nil {
		t.Fatalf("the URL's query %q: %v", got.Search, err)
	}
	for _, kv := range [][2]string{{"q", search.word}, {"place", search.place}, {"from", strconv.Itoa(search.from)}} {
		if k, v := kv[0], kv[1]; q.Get(k) != v {
			t.Errorf("the URL's query %q has %s=%q, want %q", got.Search, k, q.Get(k), v)
		}
	}
	tb.checkClean("/projects/")

	// The shared link: a fresh load restores the filters and the list.
	link := "/projects/" + got.Search
	tb.load(pageKind{path: link, status: http.StatusOK, ready: "filters"})
	again := tb.waitForList(want)
	if again.Q != search.word || again.Place != search.place || again.From != strconv.Itoa(search.from) {
		t.Errorf("%s: the form shows q=%q place=%q from=%q, want %q %q %q", link, again.Q, again.Place, again.From, search.word, search.place, strconv.Itoa(search.from))
	}
	tb.checkClean(link)
}

// choose picks value in the select #id as a reader would: the value
// changes and the select fires input and change.
func (tb *tab) choose(id, value string) {
	tb.t.Helper()
	ok := evaluate[bool](tb, fmt.Sprintf(`(() => {
  const s = document.getElementById(%q);
  s.value = %q;
  if (s.value !== %[2]q) return false;
  s.dispatchEvent(new Event("input", {bubbles: true}));
  s.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`, id, value))
	if !ok {
		tb.t.Fatalf("#%s has no option %q", id, value)
	}
}

// waitForList waits until the list holds want, the count says as many, and
// a shard of the search words has arrived (before it, only titles and codes are
// searched); it fails with the last state seen.
func (tb *tab) waitForList(want []string) listState {
	tb.t.Helper()
	n := strconv.Itoa(len(want)) + " project"
	return waitFor(tb, fmt.Sprintf("the list to show %q and the count %q…", want, n), listJS, func(st listState) bool {
		return st.FormShown && st.TextReady && slices.Equal(st.Links, want) && strings.HasPrefix(strings.TrimSpace(st.Count), n)
	})
}

// TestFilterWithoutScript loads the filter page with JavaScript off: the
// whole list (its first page) and the browse links are there, and the
// form, which needs the script, stays hidden.
func TestFilterWithoutScript(t *testing.T) {
	s := setup(t)
	tb := newTab(t, s, 1280, 900)
	tb.disableScript()
	tb.load(pageKind{path: "/projects/", status: http.StatusOK})
	// The script fetches the index as it starts, before the load event
	// that tb.load waits for; no request for it shows the script did not
	// run, so what follows is the page as it is without JavaScript.
	if u := tb.requested("/data/index.json"); u != "" {
		t.Fatalf("/projects/: the filter script ran with JavaScript off (it asked for %s)", u)
	}
	st := evaluate[listState](tb, listJS)
	if st.FormShown {
		t.Errorf("/projects/: the filter form shows without JavaScript")
	}
	m := s.res.Site
	var all []string
	for _, p := range m.Projects[:min(len(m.Projects), m.Settings.PageSize)] {
		all = append(all, p.URL)
	}
	if want := s.abs(all); !slices.Equal(st.Links, want) {
		t.Errorf("/projects/ without JavaScript lists\n\t%q\nwant\n\t%q", st.Links, want)
	}
	browse := []string{"/current/", "/past/", "/upcoming/", "/countries/"}
	for _, y := range m.Years {
		browse = append(browse, y.URL)
	}
	for _, f := range m.Funders {
		browse = append(browse, f.URL)
	}
	for _, g := range m.Groups {
		browse = append(browse, g.URL)
	}
	links := evaluate[[]string](tb, `[...document.querySelectorAll("#browse a")].map(a => a.href)`)
	for _, u := range s.abs(browse) {
		if !slices.Contains(links, u) {
			t.Errorf("/projects/ without JavaScript: no browse link to %s", u)
		}
	}
	tb.checkClean("/projects/")
}

// rowsJS is the text of each entry of the list, as a reader reads it.
const rowsJS = `[...document.querySelectorAll("#results > li:not(.more-item)")].map(li => li.textContent.replace(/\s+/g, " ").trim())`

// TestFilterRowsMatchThePage: the entries the script writes, with no
// filter chosen, read as the page's own entries do — title, status, time
// frame and places — so that filtering never loses what a row says.
func TestFilterRowsMatchThePage(t *testing.T) {
	s := setup(t)
	plain := newTab(t, s, 1280, 900)
	plain.disableScript()
	plain.load(pageKind{path: "/projects/", status: http.StatusOK})
	want := evaluate[[]string](plain, rowsJS)
	if len(want) == 0 || !slices.ContainsFunc(want, func(r string) bool { return strings.Count(r, " · ") == 2 }) {
		t.Fatalf("/projects/ without JavaScript: entries %q; want some with places", want)
	}

	tb := newTab(t, s, 1280, 900)
	tb.load(pageKind{path: "/projects/", status: http.StatusOK, ready: "filters"})
	waitFor(tb, "the script to write the list…", listJS, func(st listState) bool { return st.FormShown && st.Count != "" })
	if got := evaluate[[]string](tb, rowsJS); !slices.Equal(got, want) {
		t.Errorf("the script's entries\n\t%q\nthe page's\n\t%q", got, want)
	}
	tb.checkClean("/projects/")
}

// TestFilterUnknownChoice: a shared address may name a place that is no
// longer there; the script says so, leaves that filter out, and applies
// the others.
func TestFilterUnknownChoice(t *testing.T) {
	s := setup(t)
	want := s.abs(filters{from: search.from}.match(s.res.Site))
	tb := newTab(t, s, 1280, 900)
	link := fmt.Sprintf("/projects/?place=atlantis&from=%d", search.from)
	tb.load(pageKind{path: link, status: http.StatusOK, ready: "filters"})
	n := strconv.Itoa(len(want)) + " project"
	st := waitFor(tb, fmt.Sprintf("the list to show %q…", want), listJS, func(st listState) bool {
		return st.FormShown && slices.Equal(st.Links, want) && strings.Contains(st.Count, n)
	})
	if note := "“atlantis” (Country, region or group)"; !strings.Contains(st.Count, note) {
		t.Errorf("%s: the count says %q; want it to name %s as left out", link, st.Count, note)
	}
	tb.checkClean(link)
}

// TestFilterFoldsAccents: a search finds a word whatever its accents and
// case, as a reader without the accented keys types it: "joao" and
// "JOÃO" both find the project that names João.
func TestFilterFoldsAccents(t *testing.T) {
	s := setup(t)
	want := s.abs(filters{word: "joão"}.match(s.res.Site))
	if len(want) == 0 {
		t.Fatal(`no project names "João"; choose a word the site has with an accent`)
	}
	for _, q := range []string{"joao", "JOÃO", "Joa\u0303o"} {
		tb := newTab(t, s, 1280, 900)
		link := "/projects/?q=" + url.QueryEscape(q)
		tb.load(pageKind{path: link, status: http.StatusOK, ready: "filters"})
		tb.waitForList(want)
		tb.checkClean(link)
	}
}

// TestFilterFindsPlaces: a search for a place, by its UN name or by any
// alias, finds first what choosing the place finds, in the same order —
// the projects naming it, then those reaching it, each of these marked
// with what it reaches the place through — and then, as any search, the
// projects whose words hold it (a project funded by Brazil, for "Brazil").
func TestFilterFindsPlaces(t *testing.T) {
	s := setup(t)
	for _, c := range []struct {
		q, slug string
		also    []string // projects the words find besides, by slug
	}{
		{"Bangladesh", "bangladesh", nil},
		{"bangladesh", "bangladesh", nil},
		{"Tanzania", "united-republic-of-tanzania", nil},
		{"Lao PDR", "lao-peoples-democratic-republic", nil},
		{"Turkey", "turkiye", nil},
		{"Türkiye", "turkiye", []string{"igf-turkiye-2011-2015"}},
		{"Asia-Pacific", "asia-and-the-pacific", nil},
		{"Brazil", "brazil", []string{"igf-brazil-2014-2016"}},
	} {
		var place *site.Place
		for _, pl := range slices.Concat(s.res.Site.Countries, s.res.Site.Groups) {
			if pl.Slug == c.slug {
				place = pl
			}
		}
		if place == nil {
			t.Fatalf("no page for %s", c.slug)
		}
		want := s.abs(filters{place: c.slug}.match(s.res.Site))
		if len(want) == 0 {
			t.Fatalf("%s: no project names or reaches it", c.slug)
		}
		var also []string
		for _, p := range s.res.Site.Projects {
			if slices.Contains(c.also, p.Slug) {
				also = append(also, s.abs([]string{p.URL})...)
			}
		}
		for _, link := range []string{"/projects/?q=" + url.QueryEscape(c.q), "/projects/?place=" + c.slug} {
			tb := newTab(t, s, 1280, 900)
			tb.load(pageKind{path: link, status: http.StatusOK, ready: "filters"})
			searched := strings.Contains(link, "?q=")
			waitFor(tb, fmt.Sprintf("the list to show %q first (and %q after, for a search)…", want, also), listJS, func(st listState) bool {
				if !st.FormShown || len(st.Links) < len(want) || !slices.Equal(st.Links[:len(want)], want) {
					return false
				}
				rest := st.Links[len(want):]
				if !searched && len(rest) > 0 {
					return false
				}
				for _, a := range also {
					if searched && !slices.Contains(rest, a) {
						return false
					}
				}
				return strings.HasPrefix(strings.TrimSpace(st.Count), strconv.Itoa(len(st.Links))+" project")
			})
			rows := evaluate[[]string](tb, rowsJS)
			marked := 0
			for _, r := range rows {
				if strings.Contains(r, "reaches "+place.Name+" through ") {
					marked++
				}
			}
			if marked != len(place.Reached) {
				t.Errorf("%s: %d entries say they reach %s through a place, want %d:\n\t%q", link, marked, place.Name, len(place.Reached), rows)
			}
			tb.checkClean(link)
		}
	}
}

// TestFilterSubmit: the form's button (and Enter in the search box) shows
// the list for what is filled in and takes the focus to the count of it,
// for a reader who expects a search to be sent.
func TestFilterSubmit(t *testing.T) {
	s := setup(t)
	tb := newTab(t, s, 1280, 900)
	tb.load(pageKind{path: "/projects/", status: http.StatusOK, ready: "filters"})
	want := s.abs(filters{word: search.word}.match(s.res.Site))
	if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.ID("f-q"), search.word)); err != nil { // no input event: only the button shows it
		t.Fatalf("filling #f-q: %v", err)
	}
	if !evaluate[bool](tb, `(() => { const b = document.getElementById("f-show"); if (!b) return false; b.click(); return true; })()`) {
		t.Fatal("the filter form has no submit button")
	}
	tb.waitForList(want)
	waitFor(tb, "the focus to move to the count", `document.activeElement.id`, func(id string) bool { return id == "f-count" })
	if evaluate[string](tb, `location.pathname`) != "/projects/" {
		t.Error("submitting left the page")
	}
	tb.checkClean("/projects/")
}
