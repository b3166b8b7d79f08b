package build

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/diag"
)

// sitemapXSD is the sitemaps.org schema, in the repository's copy of the
// official standards (standards/README.md).
const sitemapXSD = "../../standards/sitemaps/sitemap.xsd"

// withSettings is fsys with site.yaml's text replaced.
type withSettings struct {
	fs.FS
	yaml string
}

func (w withSettings) Open(name string) (fs.File, error) {
	if name == "site.yaml" {
		return fstest.MapFS{name: {Data: []byte(w.yaml)}}.Open(name)
	}
	return w.FS.Open(name)
}

// fixtureSettings is the fixture's site.yaml with its base_url line
// replaced by base and the extra lines added.
func fixtureSettings(t *testing.T, base string, extra ...string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/site/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`(?m)^base_url: .*$`).ReplaceAllString(string(data), "base_url: "+base)
	return s + strings.Join(extra, "\n") + "\n"
}

// TestNoHostNoFeed: without a host in base_url there is no sitemap and no
// feed (their addresses would be paths, which they forbid), robots.txt
// names no sitemap, no page links to the feed or names an address of its
// own (canonical, og:url, JSON-LD url), and one warning says so.
func TestNoHostNoFeed(t *testing.T) {
	res := mustBuild(t, withSettings{fixtureFS(), fixtureSettings(t, "/sub/")}, Options{AsOf: asOf})
	for _, f := range res.Files {
		switch {
		case f.Path == "feed.xml" || f.Path == "sitemap.xml":
			t.Errorf("%s written without a host", f.Path)
		case f.Path == "robots.txt" && strings.Contains(string(f.Data), "Sitemap"):
			t.Errorf("robots.txt names a sitemap:\n%s", f.Data)
		case strings.HasSuffix(f.Path, ".html"):
			for _, bad := range []string{"feed.xml", `rel="canonical"`, `property="og:url"`, `"url":`, "og:image"} {
				if strings.Contains(string(f.Data), bad) {
					t.Errorf("%s holds %s without a host", f.Path, bad)
				}
			}
		}
	}
	var warned []string
	for _, d := range res.Diags {
		if d.Severity == diag.Warning && (strings.Contains(d.Msg, "sitemap") || strings.Contains(d.Msg, "feed")) {
			warned = append(warned, d.String())
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `base_url "/sub/" has no host, so the site has no sitemap.xml, no feed.xml`) {
		t.Errorf("warnings of the sitemap and feed: %q, want one of base_url", warned)
	}
}

// TestFeed: with a host, the feed's ids come from feed_id and stay the
// same when the site moves; entries are the projects last changed first,
// each dated by its file's last change, the feed by the newest; every
// address is absolute.
func TestFeed(t *testing.T) {
	const id = "tag:un.org,2026:desa/dpidg/projects"
	build := func(base string) string {
		res := mustBuild(t, withSettings{fixtureFS(), fixtureSettings(t, base, "feed_id: "+id)}, Options{AsOf: asOf})
		for _, d := range res.Diags {
			if strings.Contains(d.Msg, "feed_id") {
				t.Errorf("with feed_id set: %s", d)
			}
		}
		return page(t, res.Files, "feed.xml")
	}
	a, b := build("https://example.org/fixture/"), build("https://other.example/")
	ids := func(feed string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<id>([^<]*)</id>`).FindAllStringSubmatch(feed, -1) {
			out = append(out, m[1])
		}
		return out
	}
	if got := ids(a); len(got) < 2 || got[0] != id || !strings.HasPrefix(got[1], id+"/projects/") || !slices.Equal(got, ids(b)) {
		t.Errorf("feed ids %q at one address and %q at another, want the same, from %s", got, ids(b), id)
	}
	var updated []string
	for _, m := range regexp.MustCompile(`<updated>([^<]*)</updated>`).FindAllStringSubmatch(a, -1) {
		updated = append(updated, m[1])
	}
	// The fixture's published projects, by fixtureDates: future-hub,
	// ldc-egov-2013, open-ended and overridden, 36 hours apart after
	// bangladesh-data and draft-idea.
	want := []string{"2026-03-08T21:30:00Z", "2026-03-08T21:30:00Z", "2026-03-07T09:30:00Z", "2026-03-05T21:30:00Z", "2026-03-04T09:30:00Z", "2026-03-01T09:30:00Z"}
	if !slices.Equal(updated, want) {
		t.Errorf("feed's updated, then its entries': %q, want %q", updated, want)
	}
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(a, -1) {
		if !strings.HasPrefix(m[1], "https://example.org/fixture/") {
			t.Errorf("feed link %q is not absolute", m[1])
		}
	}
}

// TestFeedIDFallback: without feed_id, ids are tag URIs of base_url's
// host, the same whatever the build date, and a warning says to set it.
func TestFeedIDFallback(t *testing.T) {
	feed := func(year int) (string, diag.List) {
		res := mustBuild(t, fixtureFS(), Options{AsOf: time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC)})
		return page(t, res.Files, "feed.xml"), res.Diags
	}
	a, l := feed(2026)
	b, _ := feed(2031)
	idA := regexp.MustCompile(`<id>[^<]*</id>`).FindAllString(a, -1)
	idB := regexp.MustCompile(`<id>[^<]*</id>`).FindAllString(b, -1)
	if len(idA) == 0 || idA[0] != "<id>tag:example.org,2026:fixture</id>" || !slices.Equal(idA, idB) {
		t.Errorf("feed ids in 2026 %q and 2031 %q, want the same tag URIs of example.org", idA, idB)
	}
	if !strings.Contains(fmt.Sprint(l), "site.yaml: warning: feed_id is not set") {
		t.Errorf("no warning of feed_id in\n%v", l)
	}
}

// TestFeedIDChecked: a feed_id not shaped as RFC 4151's tag URIs is an
// error at site.yaml.
func TestFeedIDChecked(t *testing.T) {
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{"tag:un.org,2026:desa/dpidg/projects", true},
		{"tag:dpidg@un.org,2026-01-31:projects", true},
		{"tag:un.org,2026-02:", true},
		{"https://un.org/projects", false},
		{"tag:un.org:projects", false},
		{"tag:un.org,26:projects", false},
		{"tag:un.org,2026-13:projects", false},
		{"tag:un org,2026:projects", false},
		{"tag:un.org,2026:a b", false},
	} {
		res := Run(withSettings{fixtureFS(), fixtureSettings(t, "https://example.org/", "feed_id: '"+tt.id+"'")}, Options{AsOf: asOf})
		bad := false
		for _, d := range res.Diags {
			bad = bad || d.Severity == diag.Error && d.Path == "site.yaml" && strings.HasPrefix(d.Msg, "feed_id")
		}
		if bad == tt.ok {
			t.Errorf("feed_id %q: error %v, want %v\n%v", tt.id, bad, !tt.ok, res.Diags)
		}
	}
}

// TestSitemapValid: the sitemap validates against the sitemaps.org
// schema (xmllint), every address is absolute, and a project's entry has
// its last change.
func TestSitemapValid(t *testing.T) {
	res := mustBuild(t, fixtureFS(), Options{AsOf: asOf})
	sm := page(t, res.Files, "sitemap.xml")
	if !strings.Contains(sm, "<loc>https://example.org/fixture/projects/ldc-egov-2013/</loc>\n  <lastmod>2026-03-05T21:30:00Z</lastmod>") {
		t.Errorf("sitemap.xml gives ldc-egov-2013 no lastmod of its file's date:\n%s", sm)
	}
	for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllStringSubmatch(sm, -1) {
		if !strings.HasPrefix(m[1], "https://example.org/fixture/") {
			t.Errorf("sitemap address %q is not absolute", m[1])
		}
	}
	if robots := page(t, res.Files, "robots.txt"); !strings.Contains(robots, "Sitemap: https://example.org/fixture/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", robots)
	}
	xmllint := xmlTool(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "sitemap.xml")
	if err := os.WriteFile(name, []byte(sm), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", sitemapXSD, name).CombinedOutput(); err != nil {
		t.Errorf("sitemap.xml does not validate against sitemap.xsd: %v\n%s", err, out)
	}
	// The schema must be able to fail: a site path is no address.
	bad := strings.Replace(sm, "<loc>https://example.org/fixture/", "<loc>/", 1)
	if err := os.WriteFile(name, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if exec.Command(xmllint, "--noout", "--schema", sitemapXSD, name).Run() == nil {
		t.Errorf("xmllint accepts a sitemap with a relative <loc>")
	}
}

// xmlTool returns xmllint and checks the schema is there; both missing
// skip the test, except in CI (.ci/run installs libxml2-utils).
func xmlTool(t *testing.T) string {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if _, err := os.Stat(sitemapXSD); err != nil {
		missing("the sitemaps.org schema is not in the repository: %v", err)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		missing("xmllint not found (apt-get install libxml2-utils): %v", err)
	}
	return xmllint
}

// TestPageMetadata: og:locale is a locale; pages name their address when
// there is a host, with the card image; 404.html asks not to be indexed
// and names no canonical address; a project page says when its file last
// changed.
func TestPageMetadata(t *testing.T) {
	res := mustBuild(t, withSettings{fixtureFS(), fixtureSettings(t, "https://example.org/fixture/", "og_image: card.png")}, Options{AsOf: asOf})
	home := page(t, res.Files, "index.html")
	card := regexp.MustCompile(`<meta property="og:image" content="https://example.org/fixture/assets/card\.[0-9a-f]+\.png">`)
	for _, want := range []string{`<meta property="og:locale" content="en_US">`, `<link rel="canonical" href="https://example.org/fixture/">`, `<meta property="og:url" content="https://example.org/fixture/">`, `"url":"https://example.org/fixture/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !card.MatchString(home) {
		t.Errorf("index.html has no og:image of the card")
	}
	nf := page(t, res.Files, "404.html")
	if !strings.Contains(nf, `<meta name="robots" content="noindex">`) || strings.Contains(nf, "canonical") || strings.Contains(nf, "og:url") {
		t.Errorf("404.html: want noindex and no canonical or og:url")
	}
	pj := page(t, res.Files, "projects/ldc-egov-2013/index.html")
	if !strings.Contains(pj, `<dt>Last updated</dt><dd><time datetime="2026-03-05">5 March 2026</time></dd>`) {
		t.Errorf("the project page has no last update of its file's date")
	}
}
