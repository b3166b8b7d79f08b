package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"portfolio/internal/site"
)

// feedSize is how many projects the Atom feed carries, newest first.
const feedSize = 50

// machineFiles are the files for crawlers and feed readers: robots.txt,
// and when the base URL has a host, sitemap.xml and feed.xml, whose URLs
// must be absolute (a site path in them is invalid). Without a host there
// is no sitemap, no feed and no Sitemap line; the build warns of it.
func machineFiles(s *site.Site, pages []*Page) ([]File, error) {
	origin, base := s.Settings.Origin(), s.Settings.BasePath()
	if origin == "" {
		return []File{{Path: "robots.txt", Data: []byte("User-agent: *\nAllow: /\n")}}, nil
	}
	abs := func(p string) string { return origin + base + p }
	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", abs("/sitemap.xml"))
	sm, err := sitemap(pages, abs)
	if err != nil {
		return nil, err
	}
	fd, err := feed(s, abs)
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: "feed.xml", Data: fd},
		{Path: "robots.txt", Data: []byte(robots)},
		{Path: "sitemap.xml", Data: sm},
	}, nil
}

// sitemap lists every page but the 404 page by its address, a project's
// with its last change (lastmod). It is written out directly, as
// encoding/xml with a one-space indent writes it: it has a line per page,
// and reflection over tens of thousands of them costs more than the rest
// of a rebuild's feeds.
func sitemap(pages []*Page, abs func(string) string) ([]byte, error) {
	type url struct{ loc, lastmod string }
	var urls []url
	for _, p := range pages {
		if p.Kind == "404" {
			continue
		}
		u := url{loc: abs(p.Path)}
		if p.Project != nil && !p.Project.Modified.IsZero() {
			u.lastmod = p.Project.Modified.Format(time.RFC3339)
		}
		urls = append(urls, u)
	}
	slices.SortFunc(urls, func(a, b url) int { return strings.Compare(a.loc, b.loc) })
	var sb bytes.Buffer
	sb.Grow(len(urls) * 64)
	sb.WriteString(xml.Header)
	sb.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		sb.WriteString("\n <url>\n  <loc>")
		if err := xml.EscapeText(&sb, []byte(u.loc)); err != nil {
			return nil, err
		}
		sb.WriteString("</loc>")
		if u.lastmod != "" {
			sb.WriteString("\n  <lastmod>" + u.lastmod + "</lastmod>")
		}
		sb.WriteString("\n </url>")
	}
	sb.WriteString("\n</urlset>\n")
	return sb.Bytes(), nil
}

// feed is the Atom feed of the feedSize projects changed last, newest
// first, each dated by its last change (Project.Modified), the feed by
// the newest of them. Ids are Settings.Feed's, which stay the same when
// the site moves (RFC 4287 forbids an id to change).
func feed(s *site.Site, abs func(string) string) ([]byte, error) {
	type link struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
	}
	id := s.Settings.Feed()
	ps := slices.Clone(s.Projects)
	slices.SortStableFunc(ps, func(a, b *site.Project) int { return b.Modified.Compare(a.Modified) })
	ps = ps[:min(feedSize, len(ps))]
	updated := time.Date(s.AsOf.Year(), s.AsOf.Month(), s.AsOf.Day(), 0, 0, 0, 0, time.UTC) // a site of no project
	if len(ps) > 0 {
		updated = ps[0].Modified
	}
	f := struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  string   `xml:"author>name"`
		Entries []entry  `xml:"entry"`
	}{
		NS: "http://www.w3.org/2005/Atom", Title: s.Settings.Title, ID: id,
		Updated: updated.Format(time.RFC3339),
		Links:   []link{{Rel: "self", Href: abs("/feed.xml")}, {Rel: "alternate", Href: abs("/")}},
		Author:  s.Settings.DivisionName,
	}
	for _, p := range ps {
		f.Entries = append(f.Entries, entry{
			Title: p.Title, ID: id + p.URL, Link: link{Rel: "alternate", Href: abs(p.URL)},
			Updated: p.Modified.Format(time.RFC3339), Summary: p.Summary,
		})
	}
	return encodeXML(f)
}

func encodeXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
