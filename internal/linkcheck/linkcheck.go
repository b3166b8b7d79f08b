// Package linkcheck proves that a built site has no broken internal links.
//
// Links written in project files are checked at their source, so a broken
// one is reported at the file, line and column where the editor wrote it:
// its scheme must be http, https or mailto, or it must be relative (to the
// site root when it starts with "/", else to the project's page), and a
// relative link must lead to a page or file of the site. Links the layouts
// make are checked as the renderer reports them (every site link a layout
// writes goes through {{url}}, and the renderer refuses literal ones), so
// no page needs parsing on a build. CheckOutput crawls every page instead,
// for tests that prove the whole output.
//
// External links are not fetched here; External does that, on demand.
package linkcheck

import (
	"bytes"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

// Check reports broken links in s's project files, and site paths the
// layouts linked to (linked) that name none of the output files (paths).
// With paths nil (a build that failed before rendering) it checks only what
// needs no output: schemes and hosts.
func Check(s *site.Site, paths []string, linked []string) diag.List {
	var l diag.List
	var exists map[string]bool
	if paths != nil {
		exists = make(map[string]bool, len(paths))
		for _, p := range paths {
			exists[p] = true
		}
	}
	for _, p := range s.Projects {
		for _, link := range p.Links {
			if link.Image {
				checkImage(&l, p, link, exists)
			} else if msg := check(link.URL, p.URL, exists, ""); msg != "" {
				l.Errorf(p.Path, link.Pos, "%s", msg)
			}
		}
	}
	for _, ref := range linked {
		if msg := check(ref, "/", exists, ""); msg != "" {
			l.Errorf("layouts", diag.Pos{}, "%s (a layout links to it)", msg)
		}
	}
	return l
}

// CheckOutput reports every href and src in the HTML pages of files that
// does not resolve, with the page it is on. basePath is the site's path
// prefix ("" at the root).
func CheckOutput(files []render.File, basePath string) diag.List {
	var l diag.List
	exists := existing(files)
	for _, f := range files {
		if path.Ext(f.Path) != ".html" {
			continue
		}
		page := basePath + "/" + strings.TrimSuffix(f.Path, "index.html")
		for _, ref := range refs(f.Data) {
			if msg := check(ref, page, exists, basePath); msg != "" {
				l.Errorf(f.Path, diag.Pos{}, "%s", msg)
			}
		}
	}
	return l
}

func existing(files []render.File) map[string]bool {
	exists := make(map[string]bool, len(files))
	for _, f := range files {
		exists[f.Path] = true
	}
	return exists
}

// check returns why ref, found on the page at URL path page, is broken, or
// "" when it is fine. Links in the output carry the base path; links in
// project files do not (the renderer adds it).
func check(ref, page string, exists map[string]bool, basePath string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "malformed link " + quote(ref)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return "link " + quote(ref) + " has no host"
		}
		return ""
	case "mailto":
		return ""
	case "":
	default:
		return "link " + quote(ref) + " uses " + u.Scheme + ":, which is not allowed; use http, https, mailto or a link within the site"
	}
	if u.Host != "" { // "//host/x": protocol-relative
		return ""
	}
	if u.Path == "" || exists == nil {
		return "" // "#fragment" or "?query" on the same page, or no output to look in
	}
	p := target(u, page)
	if basePath != "" {
		if p != basePath && !strings.HasPrefix(p, basePath+"/") {
			return "link " + quote(ref) + " is outside the site's base path " + basePath
		}
		p = strings.TrimPrefix(p, basePath)
	}
	if resolves(p, exists) {
		return ""
	}
	return "broken link " + quote(ref) + ": the site has no page " + p + suggest(p, exists)
}

// checkImage reports what is wrong with an image in p's body: a source
// that names no file of the site, or runs script (the page would show it
// blank), is an error; one on another site is a warning, as the site's
// Content-Security-Policy (img-src 'self' data:) stops browsers from
// loading it.
func checkImage(l *diag.List, p *site.Project, img content.Link, exists map[string]bool) {
	u, err := url.Parse(strings.TrimSpace(img.URL))
	switch {
	case err != nil:
		l.Errorf(p.Path, img.Pos, "malformed image source %s", quote(img.URL))
	case u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "" && u.Host != "":
		l.Warnf(p.Path, img.Pos, "image %s is on another site, and the site's Content-Security-Policy stops browsers from showing it; copy the image into static/ and give its path there", quote(img.URL))
	case u.Scheme == "data":
		if !dataImage(u.Opaque) {
			l.Errorf(p.Path, img.Pos, "image source %s is data of a kind the page does not show; use a PNG, GIF, JPEG or WebP file in the site", quote(shortData(img.URL)))
		}
	case u.Scheme != "":
		l.Errorf(p.Path, img.Pos, "image source %s uses %s:, which is not allowed (the page would show nothing); use an image file in the site", quote(img.URL), u.Scheme)
	case u.Path == "" || exists == nil:
		if u.Path == "" && u.RawQuery == "" && u.Fragment == "" {
			l.Errorf(p.Path, img.Pos, "image has no source; give the path of an image file in the site")
		}
	default:
		if to := target(u, p.URL); !resolves(to, exists) {
			l.Errorf(p.Path, img.Pos, "missing image %s: the site has no file %s; put the image in static/ and give its path there", quote(img.URL), to)
		}
	}
}

// dataImage reports whether the data of a "data:" URL (after the colon) is
// an image goldmark writes into the page: PNG, GIF, JPEG or WebP.
func dataImage(data string) bool {
	kind, _, _ := strings.Cut(strings.ToLower(data), ",")
	kind, _, _ = strings.Cut(kind, ";")
	return slices.Contains([]string{"image/png", "image/gif", "image/jpeg", "image/webp"}, kind)
}

// shortData cuts a "data:" URL to what names its kind.
func shortData(s string) string {
	if kind, _, ok := strings.Cut(s, ","); ok {
		return kind + ",…"
	}
	return s
}

// target returns the site path a relative URL u found on page leads to.
func target(u *url.URL, page string) string {
	if strings.HasPrefix(u.Path, "/") {
		return u.Path
	}
	p := path.Join(path.Dir(page+"x"), u.Path)
	if strings.HasSuffix(u.Path, "/") {
		p += "/"
	}
	return p
}

// resolves reports whether a site path names an output file: the file
// itself, or the index.html of a folder (with or without its trailing slash).
func resolves(p string, exists map[string]bool) bool {
	rel := strings.TrimPrefix(p, "/")
	for _, cand := range []string{rel, strings.TrimSuffix(rel, "/") + "/index.html"} {
		if exists[strings.TrimPrefix(cand, "/")] {
			return true
		}
	}
	return false
}

// suggest offers the closest existing page in the same folder.
func suggest(p string, exists map[string]bool) string {
	dir := path.Dir(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"))
	var names []string
	for f := range exists {
		if strings.HasSuffix(f, "/index.html") && path.Dir(path.Dir(f)) == dir {
			names = append(names, "/"+path.Dir(f)+"/")
		}
	}
	slices.Sort(names)
	return diag.DidYouMean(p, names)
}

func quote(s string) string { return `"` + s + `"` }

// refs returns the href and src values of an HTML page's elements.
func refs(page []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				k := string(key)
				if k == "src" || (k == "href" && string(name) != "base") {
					out = append(out, string(val))
				}
			}
		}
	}
}
