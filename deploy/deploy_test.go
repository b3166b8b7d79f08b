// Package deploy holds no code: its folder is the deploy recipe of
// docs/deploy.md — a GitHub Actions workflow, a GitLab CI file, an nginx
// snippet and a _headers file — and these tests keep the recipe true to
// the site the build makes: the Content-Security-Policy the headers send
// is the one the pages declare, plus frame-ancestors; the fingerprinted
// assets, and only they, are cached for good; nginx accepts the snippet
// and serves with it (when nginx is installed); and the GitLab file has
// the shape GitLab Pages needs. `make test` also runs actionlint on the
// GitHub workflow.
package deploy

import (
	"html"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/render"
)

// site builds the repository's own site once, in memory, as it is
// published: at an address with a host, without which there is no feed or
// sitemap to serve.
var site = sync.OnceValues(func() ([]render.File, error) {
	res := build.Run(os.DirFS(".."), build.Options{AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), BaseURL: "https://example.org/"})
	return res.Files, res.Diags.Err()
})

func builtSite(t *testing.T) []render.File {
	t.Helper()
	files, err := site()
	if err != nil {
		t.Fatalf("the site does not build: %v", err)
	}
	return files
}

var metaCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// pageCSP returns the policy every page of the built site declares, and
// fails if two pages declare different ones.
func pageCSP(t *testing.T) string {
	t.Helper()
	csp := ""
	for _, f := range builtSite(t) {
		if path.Ext(f.Path) != ".html" {
			continue
		}
		m := metaCSP.FindSubmatch(f.Data)
		if m == nil {
			t.Fatalf("%s declares no Content-Security-Policy", f.Path)
		}
		if got := html.UnescapeString(string(m[1])); csp == "" {
			csp = got
		} else if got != csp {
			t.Fatalf("%s declares the policy %q, other pages %q", f.Path, got, csp)
		}
	}
	if csp == "" {
		t.Fatal("the built site has no pages")
	}
	return csp
}

// checkCSP checks a policy sent as a header: the pages' own, directive for
// directive, and frame-ancestors, which a meta tag cannot carry.
func checkCSP(t *testing.T, where, header, page string) {
	t.Helper()
	var rest, frames []string
	for d := range strings.SplitSeq(header, ";") {
		d = strings.TrimSpace(d)
		if strings.HasPrefix(d, "frame-ancestors ") {
			frames = append(frames, d)
		} else if d != "" {
			rest = append(rest, d)
		}
	}
	var want []string
	for d := range strings.SplitSeq(page, ";") {
		want = append(want, strings.TrimSpace(d))
	}
	if !slices.Equal(rest, want) {
		t.Errorf("%s: the Content-Security-Policy header\n\t%s\nis not the pages' own\n\t%s\nplus frame-ancestors", where, header, page)
	}
	if len(frames) != 1 || frames[0] != "frame-ancestors 'none'" && frames[0] != "frame-ancestors 'self'" {
		t.Errorf("%s: the Content-Security-Policy header has %q, want one frame-ancestors 'none' or 'self'", where, frames)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// headerRule is one block of a _headers file: a path pattern and its
// headers, in order.
type headerRule struct {
	pattern string
	headers [][2]string // name, value
}

// parseHeaders reads a Netlify/Cloudflare _headers file.
func parseHeaders(t *testing.T, text string) []headerRule {
	t.Helper()
	var rules []headerRule
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case trimmed == line: // not indented: a path
			rules = append(rules, headerRule{pattern: trimmed})
		default:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || len(rules) == 0 {
				t.Fatalf("_headers:%d: %q is neither a path nor a header of one", i+1, line)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, [2]string{name, strings.TrimSpace(value)})
		}
	}
	return rules
}

func TestHeadersFile(t *testing.T) {
	page := pageCSP(t)
	rules := parseHeaders(t, readFile(t, "_headers"))
	got := map[string]map[string]string{}
	for _, r := range rules {
		got[r.pattern] = map[string]string{}
		for _, h := range r.headers {
			got[r.pattern][h[0]] = h[1]
		}
	}
	all, ok := got["/*"]
	if !ok {
		t.Fatalf("_headers has no rule for /*: %v", rules)
	}
	checkCSP(t, "_headers /*", all["Content-Security-Policy"], page)
	if all["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("_headers /*: X-Content-Type-Options %q, want nosniff", all["X-Content-Type-Options"])
	}
	if cc := got["/assets/*"]["Cache-Control"]; !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("_headers /assets/*: Cache-Control %q, want a year and immutable", cc)
	}
	// Cloudflare joins the values of every rule that matches; a second
	// Cache-Control would spoil the assets' one.
	for pattern, headers := range got {
		if _, ok := headers["Cache-Control"]; ok && pattern != "/assets/*" {
			t.Errorf("_headers %s sets Cache-Control; only /assets/* may", pattern)
		}
	}
	for _, f := range builtSite(t) {
		if strings.HasPrefix(f.Path, "assets/") && !fingerprinted.MatchString(f.Path) {
			t.Errorf("%s is under assets/ but not fingerprinted, and would be cached for good", f.Path)
		}
	}
}

// fingerprinted matches the output path of an asset named with a hash of
// its content (internal/render).
var fingerprinted = regexp.MustCompile(`^assets/.+\.[0-9a-f]{8}(\.[^./]+)?$`)

var (
	nginxLocation  = regexp.MustCompile(`(?ms)^location\s+(?:(~)\s+)?("[^"]*"|\S+)\s*\{(.*?)^\}`)
	nginxAddHeader = regexp.MustCompile(`add_header\s+(\S+)\s+"([^"]*)"\s+always;`)
)

func TestNginxSnippet(t *testing.T) {
	page := pageCSP(t)
	text := readFile(t, "nginx.conf")
	locations := nginxLocation.FindAllStringSubmatch(text, -1)
	if len(locations) != 4 {
		t.Fatalf("nginx.conf: %d locations, want 4 (pages, CSV, fingerprinted assets, hidden files)", len(locations))
	}
	var assets *regexp.Regexp
	hidden := false // nginx's own regular expressions: TestNginxServes tries which paths it refuses
	for _, loc := range locations {
		loc[2] = strings.Trim(loc[2], `"`)
		where := "nginx.conf location " + loc[2]
		if strings.Contains(loc[3], "return 404;") {
			hidden = true
			continue
		}
		headers := map[string]string{}
		for _, h := range nginxAddHeader.FindAllStringSubmatch(loc[3], -1) {
			headers[h[1]] = h[2]
		}
		// nginx drops the server's add_header in a location with its own:
		// each location must send them all.
		checkCSP(t, where, headers["Content-Security-Policy"], page)
		if headers["X-Content-Type-Options"] != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", where, headers["X-Content-Type-Options"])
		}
		cc := headers["Cache-Control"]
		switch {
		case strings.Contains(cc, "immutable"):
			if loc[1] != "~" || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("%s: Cache-Control %q, want a year and immutable, for a regular expression", where, cc)
			}
			assets = regexp.MustCompile(loc[2])
		case !strings.Contains(cc, "max-age=0"):
			t.Errorf("%s: Cache-Control %q, want max-age=0", where, cc)
		}
	}
	if !hidden {
		t.Error("nginx.conf has no location that refuses hidden files")
	}
	if assets == nil {
		t.Fatal("nginx.conf has no regular-expression location for the assets")
	}
	// The long cache is for the fingerprinted assets, all of them, and
	// for nothing else the build writes.
	for _, f := range builtSite(t) {
		if got, want := assets.MatchString("/"+f.Path), fingerprinted.MatchString(f.Path); got != want {
			t.Errorf("nginx.conf: /%s cached for good: %v, want %v", f.Path, got, want)
		}
	}
}
