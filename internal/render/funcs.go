package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// funcs are the helpers layouts may call. Those returning template.HTML
// return only markup that was escaped when it was made: html/template's own
// output (card, row, brief, chrome and the lists joined from them, with
// names escaped in Go), and a project's body, which goldmark rendered with
// raw HTML dropped (body only adds the base path to its site links).
//
// A build binds its own copy of the layouts to the functions that keep
// what it renders once (runFuncs); the layouts as parsed hold stand-ins
// for them, and are never executed.
func (r *Renderer) funcs(settings site.Settings) template.FuncMap {
	basePath := settings.BasePath()
	origin := settings.Origin()
	abs := func(p string) string {
		if origin == "" {
			return ""
		}
		return origin + basePath + p
	}
	cat := r.cat
	funcs := template.FuncMap{
		// abs makes a site path an address, for canonical and shared
		// links; "" when the base URL has no host, and a page can name
		// no address of its own.
		"abs": abs,
		// locale is the site's language as Open Graph names a locale.
		"locale":      func() string { return ogLocale(settings.Language) },
		"csp":         func() string { return CSP },
		"description": func(p *Page) string { return description(p, cat) },
		"fields":      func() []content.Field { return content.Fields }, // for the data page's columns
		// t is the message key of the catalog with its arguments, name
		// and value pairs: {{t "count.projects" "count" (len .List)}}.
		"t": cat.T,
		// messages gives the messages of keys as JSON, for a script.
		"messages": cat.Script,
		// jsonld is the page's JSON-LD, marshalled here as html/template
		// would (encoding/json escapes <, > and &, U+2028 and U+2029).
		"jsonld": func(p *Page) (template.JS, error) {
			b, err := json.Marshal(jsonLD(p, abs))
			return template.JS(b), err
		},
		// dict builds a map from key-value pairs, to pass several values to a partial.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key-value pairs")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		// years gives a time frame in years: "2014–2016", "2014", "2020–".
		"years": func(p *site.Project) string {
			switch {
			case p.End.IsZero():
				return fmt.Sprintf("%d–", p.Start.Year)
			case p.End.Year == p.Start.Year:
				return fmt.Sprint(p.Start.Year)
			}
			return fmt.Sprintf("%d–%d", p.Start.Year, p.End.Year)
		},
		// asset gives the fingerprinted URL of a file under assets/.
		"asset": func(name string) (string, error) {
			out, ok := r.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q under assets/", name)
			}
			return basePath + "/" + out, nil
		},
		// body is a project's rendered body with its site-root links
		// ("/countries/x/") given the base path, as every other link is.
		"body": func(p *site.Project) template.HTML {
			if basePath == "" {
				return p.Body
			}
			// Safe: the body is goldmark's escaped output, and the base path
			// comes from the settings' parsed URL. It is put in literally:
			// a "$" in it is no group of the expression.
			return template.HTML(rootLink.ReplaceAllStringFunc(string(p.Body), func(link string) string {
				attr, _, _ := strings.Cut(link, "/")
				return attr + basePath + link[len(attr):]
			}))
		},
		"minus":       func(b, a int) int { return a - b },
		"money":       cat.Money,
		"budget":      func(p *site.Project) string { return budget(p, cat) },
		"timeframe":   func(p *site.Project) string { return timeframe(p, cat) },
		"duration":    func(p *site.Project) string { return duration(p, cat) },
		"date":        cat.Date,
		"day":         cat.Day,
		"isodate":     func(t time.Time) string { return t.Format("2006-01-02") },
		"timeline":    timeline,
		"funderRows":  funderRows,
		"countryRows": countryRows,
		"yearRows":    yearRows,
		// barChart draws rows, only the first topRows when top is set.
		"barChart": func(rows []BarRow, top bool) *BarChart {
			if top {
				rows = rows[:min(len(rows), topRows)]
			}
			return barChart(rows)
		},
		"first": func(n int, ps []*site.Project) []*site.Project { return ps[:min(n, len(ps))] },
		"concat": func(a, b []*site.Project) []*site.Project {
			return append(append([]*site.Project(nil), a...), b...)
		},
		"short": func(s string) string {
			if utf8.RuneCountInString(s) <= maxLabel {
				return s
			}
			r := []rune(s)[:maxLabel-3]
			return strings.TrimRight(string(r), " ,;:–-") + "…"
		},
		"placenames": func(ps []*site.Place) string { return placeNames(ps, cat) },
	}
	maps.Copy(funcs, (&run{}).funcs())
	return funcs
}

// funcs are the helpers whose work a build does once for many pages: list
// entries, links, the shared chrome, and the note of every path linked.
func (run *run) funcs() template.FuncMap {
	return template.FuncMap{
		// url prefixes a site path with the base path, and notes the path
		// for the link check.
		"url": func(p string) string {
			if _, seen := run.linked.Load(p); !seen { // a read is cheaper, and nearly every call repeats a path
				run.linked.Store(p, true)
			}
			return run.basePath + p
		},
		// chrome renders a part many pages share (the head's shared tags,
		// header, footer, the find pages' browse lists) once per build and
		// navigation variant; see Chrome.
		"chrome": func(name string, p *Page) (template.HTML, error) { return run.chrome(name, p) },
		"card":   func(p *site.Project) (template.HTML, error) { return run.cached(card, p) },
		"row":    func(p *site.Project) (template.HTML, error) { return run.cached(row, p) },
		"brief":  func(p *site.Project) (template.HTML, error) { return run.cached(brief, p) },
		// cardItems, rowItems and reachItems join projects' cached snippets
		// into list items in Go, so that a list of thousands costs one call
		// rather than thousands of template steps.
		"cardItems": func(ps []*site.Project) (template.HTML, error) {
			return run.items(ps, card, `<li class="card">`, nil)
		},
		"rowItems": func(ps []*site.Project) (template.HTML, error) {
			return run.items(ps, row, "<li>", nil)
		},
		// placeItems and funderItems join links to places and funders
		// into list items, each link rendered once per build (linkItems).
		"placeItems":  func(ps []*site.Place) (template.HTML, error) { return linkItems(run, "place-link", ps) },
		"funderItems": func(fs []*site.Funder) (template.HTML, error) { return linkItems(run, "funder-link", fs) },
		"reachItems": func(rs []site.Reach) (template.HTML, error) {
			ps := make([]*site.Project, len(rs))
			for i, rc := range rs {
				ps[i] = rc.Project
			}
			cat := run.r.cat
			return run.items(ps, brief, "<li>", func(i int, b *strings.Builder) {
				names := make([]string, len(rs[i].Via))
				for j, v := range rs[i].Via {
					names[j] = v.Name
				}
				b.WriteString(` <span class="meta">`)
				b.WriteString(html.EscapeString(cat.must("reached-through", "places", strings.Join(names, cat.must("list.separator")))))
				b.WriteString("</span>")
			})
		},
	}
}

// placeNames lists places by their UN names: "Kenya, Peru".
func placeNames(ps []*site.Place, cat *Catalog) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, cat.must("list.separator"))
}

// budget formats a project's budget, "not stated" when absent — never 0.
func budget(p *site.Project, cat *Catalog) string {
	if !p.HasBudget {
		return cat.must("not-stated")
	}
	return cat.Money(p.Budget)
}

// timeframe gives a project's time frame in words: "January 2017 – December 2019".
func timeframe(p *site.Project, cat *Catalog) string {
	if p.End.IsZero() {
		return cat.must("timeframe.open", "start", cat.Date(p.Start))
	}
	return cat.must("timeframe", "start", cat.Date(p.Start), "end", cat.Date(p.End))
}

// duration gives a time frame's length in months below two years, else in
// years and months: "18 months", "3 years", "2 years 1 month".
func duration(p *site.Project, cat *Catalog) string {
	if p.End.IsZero() {
		return ""
	}
	months := (p.End.Year-p.Start.Year)*12 + int(p.End.Month-p.Start.Month) + 1
	switch {
	case months < 1:
		return ""
	case months < 24:
		return cat.must("duration.months", "count", months)
	case months%12 == 0:
		return cat.must("duration.years", "count", months/12)
	}
	return cat.must("duration.years-months", "years", cat.must("duration.years", "count", months/12), "months", cat.must("duration.months", "count", months%12))
}

// rootLink matches a site-root link or image, not a protocol-relative
// "//host" one.
var rootLink = regexp.MustCompile(`(?:href|src)="/[^/]`)

// CSP is the Content-Security-Policy every page declares: everything from
// the site itself, nothing inline but JSON-LD data (which is not executed),
// no plugins, no framing of forms elsewhere.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"

// ogLocales are the Open Graph locales of the UN's official languages.
var ogLocales = map[string]string{"ar": "ar_AR", "en": "en_US", "es": "es_ES", "fr": "fr_FR", "ru": "ru_RU", "zh": "zh_CN"}

// ogLocale returns the Open Graph locale (language_TERRITORY) of a
// language tag: the UN languages' from ogLocales; a tag with a region as
// it is, "pt-BR" as "pt_BR"; any other language with its own code as the
// territory, "de" as "de_DE".
func ogLocale(lang string) string {
	lang = strings.ReplaceAll(lang, "-", "_")
	if l, ok := ogLocales[strings.ToLower(lang)]; ok {
		return l
	}
	if base, region, ok := strings.Cut(lang, "_"); ok {
		return strings.ToLower(base) + "_" + strings.ToUpper(region)
	}
	return strings.ToLower(lang) + "_" + strings.ToUpper(lang)
}

// description is a page's summary for search engines and link previews.
func description(p *Page, cat *Catalog) string {
	switch {
	case p.Project != nil && p.Project.Summary != "":
		return p.Project.Summary
	case p.Place != nil:
		return cat.must("description.place", "division", p.Site.Settings.DivisionName, "place", p.Place.Name, "direct", len(p.Place.Direct), "reached", len(p.Place.Reached))
	case p.Funder != nil:
		return cat.must("description.funder", "funder", p.Funder.Name, "count", len(p.Funder.Projects), "budget", cat.Money(p.Funder.Budget))
	}
	return p.Site.Settings.Description
}

// jsonLD describes a page in schema.org terms: a project as a Project (an
// organisation-like undertaking with funders and an area served), every
// other page as a WebPage of the site. The types' fields are in the order
// of their names, as JSON objects have always been written here.
func jsonLD(p *Page, abs func(string) string) any {
	if pr := p.Project; pr != nil {
		ld := ldProject{
			Context: "https://schema.org", Type: "Project",
			Name: pr.Title, URL: abs(pr.URL), Description: pr.Summary, FoundingDate: pr.Start.String(),
			ParentOrganization: ldThing{Type: "Organization", Name: p.Site.Settings.DivisionName},
		}
		for _, f := range pr.Funders {
			ld.Funder = append(ld.Funder, ldThing{Type: "Organization", Name: f.Name})
		}
		for _, pl := range pr.Places {
			t := "Place"
			if pl.IsCountry() {
				t = "Country"
			}
			ld.AreaServed = append(ld.AreaServed, ldThing{Type: t, Name: pl.Name})
		}
		if !pr.End.IsZero() {
			ld.DissolutionDate = pr.End.String()
		}
		return ld
	}
	return ldWebPage{
		Context: "https://schema.org", Type: "WebPage", Name: p.Title, URL: abs(p.Path),
		IsPartOf:  ldThing{Type: "WebSite", Name: p.Site.Settings.Title, URL: abs("/")},
		Publisher: ldThing{Type: "Organization", Name: p.Site.Settings.Organization},
	}
}

type ldProject struct {
	Context            string    `json:"@context"`
	Type               string    `json:"@type"`
	AreaServed         []ldThing `json:"areaServed"`
	Description        string    `json:"description"`
	DissolutionDate    string    `json:"dissolutionDate,omitempty"`
	FoundingDate       string    `json:"foundingDate"`
	Funder             []ldThing `json:"funder"`
	Name               string    `json:"name"`
	ParentOrganization ldThing   `json:"parentOrganization"`
	URL                string    `json:"url,omitempty"`
}

type ldWebPage struct {
	Context   string  `json:"@context"`
	Type      string  `json:"@type"`
	IsPartOf  ldThing `json:"isPartOf"`
	Name      string  `json:"name"`
	Publisher ldThing `json:"publisher"`
	URL       string  `json:"url,omitempty"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// cached returns a project's list entry of the given kind, rendering it
// now for a project the build has none for.
func (run *run) cached(kind int, p *site.Project) (template.HTML, error) {
	if e := run.entries.of(p); e != nil {
		return e.html[kind], nil
	}
	var buf bytes.Buffer
	return run.snippet(&buf, snippetNames[kind], p)
}

// items joins the snippets of ps into list items, each opened with open,
// closed with </li>, and given a tail by extra (when set) before closing.
// Every piece is escaped HTML: snippets are html/template's output, and
// extra escapes what it adds.
func (run *run) items(ps []*site.Project, kind int, open string, extra func(int, *strings.Builder)) (template.HTML, error) {
	if run.splice != nil {
		pieces := make([]string, 0, 4*len(ps))
		var tail strings.Builder
		for i, p := range ps {
			h, err := run.cached(kind, p)
			if err != nil {
				return "", err
			}
			pieces = append(pieces, open, string(h))
			if extra != nil {
				tail.Reset()
				extra(i, &tail)
				pieces = append(pieces, tail.String())
			}
			pieces = append(pieces, "</li>")
		}
		return run.splice.hold(pieces), nil
	}
	var b strings.Builder
	size := 0
	for _, p := range ps {
		if e := run.entries.of(p); e != nil {
			size += len(open) + len(e.html[kind]) + len("</li>")
		}
	}
	if extra != nil {
		size += 64 * len(ps) // a guess at the tails; b grows if short
	}
	b.Grow(size)
	for i, p := range ps {
		h, err := run.cached(kind, p)
		if err != nil {
			return "", err
		}
		b.WriteString(open)
		b.WriteString(string(h))
		if extra != nil {
			extra(i, &b)
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String()), nil
}

// linkItems joins the links to things (places or funders) as list items,
// each link rendered from the partial name once per build and thing: a
// project page lists several, and a page of them costs one call rather
// than a handful of template steps each.
func linkItems[T comparable](run *run, name string, things []T) (template.HTML, error) {
	var b strings.Builder
	for _, t := range things {
		h, ok := run.links.Load(t)
		if !ok {
			var buf bytes.Buffer
			s, err := run.snippet(&buf, name, t)
			if err != nil {
				return "", err
			}
			h, _ = run.links.LoadOrStore(t, s)
		}
		b.WriteString("<li>")
		b.WriteString(string(h.(template.HTML)))
		b.WriteString("</li>")
	}
	return template.HTML(b.String()), nil
}

// Chrome is what the header and footer see: the site, and the page's path
// when it is one of the navigation's, so that nothing page-specific can leak
// into a variant shared by many pages.
type Chrome struct {
	Site    *site.Site
	Current string
}

// navPaths are the pages the navigation links to, and the home page,
// whose header leaves out the title its heading gives.
var navPaths = []string{"/", "/projects/", "/current/", "/past/", "/countries/", "/funders/", "/years/"}

func (run *run) chrome(name string, p *Page) (template.HTML, error) {
	c := Chrome{Site: p.Site}
	if slices.Contains(navPaths, p.Path) {
		c.Current = p.Path
	}
	key := name + "\x00" + c.Current
	if h, ok := run.chromes.Load(key); ok {
		return h.(template.HTML), nil
	}
	t := run.layouts[p.Kind]
	if t == nil {
		return "", fmt.Errorf("no layout for %s", p.Kind)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, c); err != nil {
		return "", err
	}
	run.spliced(&b)
	h := template.HTML(b.String()) // html/template's own output
	run.chromes.Store(key, h)
	return h, nil
}
