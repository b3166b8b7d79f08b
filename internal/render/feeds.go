package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"portfolio/internal/site"
)

// feedSize is how many projects the Atom feed carries, newest first.
const feedSize = 50

// tagDate dates the tag: URIs that stand for feed ids when the site has no
// host (RFC 4151 wants the date the name was minted). It is fixed: an id
// that changed with the build date would make feed readers see every entry
// as new each year.
const tagDate = "2026"

// machineFiles are the files for crawlers and feed readers: sitemap.xml,
// robots.txt and feed.xml. URLs are absolute when the base URL has a host;
// otherwise they are site paths, and ids fall back to tag: URIs.
func machineFiles(s *site.Site, pages []*Page) ([]File, error) {
	origin, base := s.Settings.Origin(), s.Settings.BasePath()
	abs := func(p string) string { return origin + base + p }

	// The sitemap is written out directly, as encoding/xml with a one-space
	// indent writes it: it has a line per page, and reflection over tens of
	// thousands of them costs more than the rest of a rebuild's feeds.
	var urls []string
	for _, p := range pages {
		if p.Kind != "404" {
			urls = append(urls, abs(p.Path))
		}
	}
	slices.Sort(urls)
	var sb bytes.Buffer
	sb.Grow(len(urls) * 64)
	sb.WriteString(xml.Header)
	sb.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		sb.WriteString("\n <url>\n  <loc>")
		if err := xml.EscapeText(&sb, []byte(u)); err != nil {
			return nil, err
		}
		sb.WriteString("</loc>\n </url>")
	}
	sb.WriteString("\n</urlset>\n")
	sm := sb.Bytes()

	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", abs("/sitemap.xml"))

	id := func(p string) string {
		if origin != "" {
			return abs(p)
		}
		return "tag:portfolio," + tagDate + ":" + base + p
	}
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
	feed := struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  string   `xml:"author>name"`
		Entries []entry  `xml:"entry"`
	}{
		NS: "http://www.w3.org/2005/Atom", Title: s.Settings.Title, ID: id("/"),
		Updated: s.AsOf.Format(time.RFC3339),
		Links:   []link{{Rel: "self", Href: abs("/feed.xml")}, {Rel: "alternate", Href: abs("/")}},
		Author:  s.Settings.DivisionName,
	}
	for _, p := range s.Projects[:min(feedSize, len(s.Projects))] {
		feed.Entries = append(feed.Entries, entry{
			Title: p.Title, ID: id(p.URL), Link: link{Rel: "alternate", Href: abs(p.URL)},
			Updated: p.Start.First().Format(time.RFC3339), Summary: p.Summary,
		})
	}
	fd, err := encodeXML(feed)
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: "feed.xml", Data: fd},
		{Path: "robots.txt", Data: []byte(robots)},
		{Path: "sitemap.xml", Data: sm},
	}, nil
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
