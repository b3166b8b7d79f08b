package browser

import (
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chromedp/chromedp"

	"portfolio/internal/build"
	"portfolio/internal/content"
	"portfolio/internal/site"
)

// The pseudo-locale test: the repository's site built with every message of
// translations/en.yaml and every word the layouts write themselves turned
// into accented, padded look-alikes ("Past" → "⟦Þášţ ~⟧"), so that any
// English word left on a page came from Go or from filter.js, unless it is
// the content's or the reference data's (a title, a place, a funder).

// accents maps each ASCII letter to an accented one, so that no ASCII
// letter survives pseudo-localization.
var accents = func() map[rune]rune {
	lower, upper := []rune("áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž"), []rune("ÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
	m := map[rune]rune{}
	for i := range 26 {
		m[rune('a'+i)], m[rune('A'+i)] = lower[i], upper[i]
	}
	return m
}()

// accent accents the letters of s outside {placeholders}, template actions
// and character references ("&amp;").
func accent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		skip := 0
		switch {
		case s[i] == '{' && strings.HasPrefix(s[i:], "{{"):
			skip = strings.Index(s[i:], "}}") + 2
		case s[i] == '{':
			skip = strings.IndexByte(s[i:], '}') + 1
		case s[i] == '&':
			if m := charRef.FindString(s[i:]); m != "" {
				skip = len(m)
			}
		}
		if skip > 0 {
			b.WriteString(s[i : i+skip])
			i += skip
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if a, ok := accents[r]; ok {
			r = a
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

var charRef = regexp.MustCompile(`^&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);`)

// pseudoMessage is a message as a pseudo-locale has it: accented, padded
// by about 30% and bracketed, so that cut-off and run-together messages
// show.
func pseudoMessage(s string) string {
	letters := len(placeholders.ReplaceAllString(s, ""))
	return "⟦" + accent(s) + " " + strings.Repeat("~", int(math.Ceil(0.3*float64(letters)))) + "⟧"
}

var placeholders = regexp.MustCompile(`\{[a-z]+\}`)

// pseudoCatalog turns every message of a catalog into pseudoMessage's.
func pseudoCatalog(src []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i := 1; i < len(n.Content); i += 2 {
			if v := n.Content[i]; v.Kind == yaml.ScalarNode {
				v.Value, v.Style = pseudoMessage(v.Value), yaml.DoubleQuotedStyle
			} else {
				walk(v)
			}
		}
	}
	walk(doc.Content[0])
	return yaml.Marshal(&doc)
}

// shownAttrs are the attributes whose values a reader sees or hears.
var shownAttrs = map[string]bool{"title": true, "aria-label": true, "alt": true, "placeholder": true}

// pseudoLayout accents the words a layout writes itself: its text, and the
// values of shownAttrs; never its template actions, tags, other attributes,
// or what scripts and style sheets hold.
func pseudoLayout(src string) string {
	var b strings.Builder
	inTag, raw := false, "" // raw: the element (script, style) whose text is not text
	var quote byte
	shown := false
	for i := 0; i < len(src); {
		if strings.HasPrefix(src[i:], "{{") {
			end := i + strings.Index(src[i:], "}}") + 2
			b.WriteString(src[i:end])
			i = end
			continue
		}
		c := src[i]
		switch {
		case raw != "":
			if strings.HasPrefix(strings.ToLower(src[i:]), "</"+raw) {
				raw = ""
				inTag = true
			}
		case quote != 0:
			if c == quote {
				quote = 0
			} else if shown {
				end := i + 1
				for end < len(src) && src[end] != quote && !strings.HasPrefix(src[end:], "{{") {
					end++
				}
				b.WriteString(accent(src[i:end]))
				i = end
				continue
			}
		case inTag:
			switch c {
			case '>':
				inTag = false
				tag := src[strings.LastIndex(src[:i], "<")+1:]
				for _, name := range []string{"script", "style"} {
					if strings.HasPrefix(tag, name) {
						raw = name
					}
				}
			case '"', '\'':
				quote = c
				before := strings.TrimRight(src[:i], "= ")
				name := before[strings.LastIndexAny(before, " \n\t")+1:]
				shown = shownAttrs[name]
			}
		case c == '<':
			inTag = true
		default:
			end := i + 1
			for end < len(src) && src[end] != '<' && !strings.HasPrefix(src[end:], "{{") {
				end++
			}
			b.WriteString(accent(src[i:end]))
			i = end
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// pseudoSite is the repository's site with pseudo-localized layouts and
// catalog, built once for the tests that need it.
var pseudoSite = sync.OnceValues(func() (build.Result, error) {
	repo := os.DirFS("../..")
	site := fstest.MapFS{}
	for _, root := range []string{"site.yaml", "content", "assets", "layouts", "translations"} {
		err := fs.WalkDir(repo, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(repo, name)
			site[name] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			return build.Result{}, err
		}
	}
	for name, f := range site {
		var err error
		switch {
		case strings.HasPrefix(name, "layouts/"):
			f.Data = []byte(pseudoLayout(string(f.Data)))
		case strings.HasPrefix(name, "translations/"):
			f.Data, err = pseudoCatalog(f.Data)
		}
		if err != nil {
			return build.Result{}, fmt.Errorf("%s: %v", name, err)
		}
	}
	res := build.Run(site, build.Options{AsOf: asOf})
	if res.Diags.HasErrors() {
		return res, fmt.Errorf("building the pseudo-locale site: %v", res.Diags.Err())
	}
	return res, nil
})

// dataStrings lists what a page shows of the content and the reference
// data, longest first: those are not the interface's words.
func dataStrings(res build.Result) []string {
	s := res.Site
	set := map[string]bool{}
	add := func(ss ...string) {
		for _, v := range ss {
			if strings.TrimSpace(v) != "" {
				set[v] = true
			}
		}
	}
	st := s.Settings
	add(st.Title, st.Organization, st.DivisionName, st.Description, st.Contact, st.DataLicence)
	for _, p := range s.Projects {
		add(p.Title, p.Summary, p.Code, p.Division, p.Link)
		add(p.Partners...)
		for _, sec := range p.Sections {
			add(sec.Title)
		}
	}
	for _, pl := range slices.Concat(s.Countries, s.Groups) {
		add(pl.Name, pl.ISO3)
		for _, r := range pl.Reached {
			for _, v := range r.Via {
				add(v.Name)
			}
		}
	}
	for _, f := range s.Funders {
		add(f.Name)
	}
	// The data page documents the downloads' columns from the field table,
	// as docs/content.md does: names and descriptions of the data set, in
	// English until a translation of the table is made (issue 19).
	for _, f := range content.Fields {
		add(f.Column, f.Help)
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

var asciiWord = regexp.MustCompile(`[A-Za-z]+`)

// leaks returns the ASCII words of text that are not part of data.
func leaks(text string, data []string) []string {
	if cut, ok := strings.CutSuffix(text, "…"); ok { // a label cut short: a title's start
		for _, d := range data {
			if strings.HasPrefix(d, strings.TrimSpace(cut)) {
				return nil
			}
		}
	}
	for _, d := range data {
		if strings.Contains(text, d) {
			text = strings.ReplaceAll(text, d, " ")
		}
	}
	return asciiWord.FindAllString(text, -1)
}

// shown returns what a reader of the page sees or hears: its text but for
// scripts, style sheets and project bodies (the content's own), and the
// values of shownAttrs and of the meta tags that describe the page.
func shown(doc *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				out = append(out, n.Data)
			}
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
			if n.Data == "text" { // an SVG label: its lines (tspans) are one text, a title wrapped
				var b strings.Builder
				for c := range n.Descendants() {
					if c.Type == html.TextNode {
						b.WriteString(c.Data + " ")
					}
				}
				out = append(out, strings.TrimSpace(b.String()))
				return
			}
			meta := ""
			for _, a := range n.Attr {
				switch {
				case shownAttrs[a.Key]:
					out = append(out, a.Val)
				case a.Key == "class" && a.Val == "body":
					return
				case a.Key == "name" || a.Key == "property":
					meta = a.Val
				}
			}
			if n.DataAtom == atom.Meta && (meta == "description" || strings.HasPrefix(meta, "og:") && meta != "og:url" && meta != "og:type" && meta != "og:locale") {
				for _, a := range n.Attr {
					if a.Key == "content" {
						out = append(out, a.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestPseudoLocale builds the site in the pseudo-locale and expects no
// English word on any page but the content's and the data's: every word of
// the interface comes from the layouts or the catalog.
func TestPseudoLocale(t *testing.T) {
	res, err := pseudoSite()
	if err != nil {
		t.Fatal(err)
	}
	data := dataStrings(res)
	pages, pseudo := 0, 0
	found := map[string][]string{} // a leaked word → the pages it is on
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		doc, err := html.Parse(strings.NewReader(string(f.Data)))
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		for _, text := range shown(doc) {
			if strings.Contains(text, "⟦") {
				pseudo++
			}
			for _, w := range leaks(text, data) {
				if len(found[w]) == 0 {
					t.Errorf("%s: English word %q in %q", f.Path, w, strings.TrimSpace(text))
				}
				found[w] = append(found[w], f.Path)
			}
		}
	}
	if pages < 100 || pseudo < pages {
		t.Errorf("checked %d pages with %d pseudo-locale messages; want the whole site, with messages on every page", pages, pseudo)
	}
}

// TestPseudoLocaleFilter drives the find page of the pseudo-locale site:
// every word its script writes (counts, statuses, time frames, the note
// on a choice that does not exist) must be the pseudo-locale's.
func TestPseudoLocaleFilter(t *testing.T) {
	s := setup(t)
	res, err := pseudoSite()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: siteHandler(res.Files)}}
	srv.Start()
	t.Cleanup(srv.Close)
	data := dataStrings(res)
	tb := newTab(t, s, 1280, 900)

	const stateJS = `(() => {
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent);
  return {
    count: document.getElementById("f-count").textContent,
    options: texts("#f-status option, #f-place option, #f-funder option"),
    metas: texts("#results .meta"),
  };
})()`
	type state struct {
		Count   string   `json:"count"`
		Options []string `json:"options"`
		Metas   []string `json:"metas"`
	}
	// A place that does not exist makes the script say so (the list is
	// then the whole list, with each project's status and time frame); a
	// country that projects reach through a group makes it say through
	// which.
	reached := slices.IndexFunc(res.Site.Countries, func(p *site.Place) bool { return len(p.Reached) > 0 })
	if reached < 0 {
		t.Fatal("no country is reached through a region or group")
	}
	for _, query := range []string{"?place=0", "?place=" + path.Base(res.Site.Countries[reached].URL)} {
		if _, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(srv.URL+"/projects/"+query)); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		st := waitFor(tb, "the count", stateJS, func(st state) bool { return st.Count != "" })
		if len(st.Metas) == 0 || len(st.Options) < 4 {
			t.Fatalf("%s: the script wrote %d list entries and %d options; want some of each", query, len(st.Metas), len(st.Options))
		}
		if !strings.Contains(st.Count, "⟦") {
			t.Errorf("%s: the count %q is not the pseudo-locale's", query, st.Count)
		}
		if query == "?place=0" && strings.Count(st.Count, "⟦") < 2 {
			t.Errorf("%s: the count %q does not say that the choice does not exist", query, st.Count)
		}
		if query != "?place=0" && !slices.ContainsFunc(st.Metas, func(m string) bool { return strings.Count(m, "⟦") >= 4 }) {
			t.Errorf("%s: no list entry says through which group it reaches the country: %q", query, st.Metas)
		}
		for _, text := range slices.Concat([]string{st.Count}, st.Options, st.Metas) {
			if w := leaks(text, data); len(w) > 0 {
				t.Errorf("%s: English %q in %q, written by filter.js", query, w, text)
			}
		}
		tb.checkClean(query)
	}
}
