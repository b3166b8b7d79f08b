package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
	"go.yaml.in/yaml/v3"

	"portfolio/internal/content"
	"portfolio/internal/diag"
)

// SettingsFile is the site settings' file, relative to the site root.
const SettingsFile = "site.yaml"

// Settings are the site-wide values from site.yaml.
type Settings struct {
	Title        string `yaml:"title"`         // the site's name, in every page's title
	Organization string `yaml:"organization"`  // who publishes it, e.g. the department
	Division     string `yaml:"division"`      // default for projects that give none, e.g. "DPADM"
	DivisionName string `yaml:"division_name"` // the division's full name
	Description  string `yaml:"description"`   // what the division does: the home page's opening
	BaseURL      string `yaml:"base_url"`      // where the site is published; its path prefixes every link
	Language     string `yaml:"language"`      // the pages' lang attribute, and their messages: translations/<language>.yaml
	AllowHTML    bool   `yaml:"allow_html"`    // pass raw HTML in project bodies through (off by default)
	IATIOrgRef   string `yaml:"iati_org_ref"`  // the division's IATI organisation identifier, for the IATI export
	Contact      string `yaml:"contact"`       // where readers send feedback: an email address or an http(s) address
	DivisionURL  string `yaml:"division_url"`  // the division's own site, linked from every page's header
	Logo         string `yaml:"logo"`          // an image under assets/ shown in the header, such as "logo.svg"; none by default
	FeedID       string `yaml:"feed_id"`       // the Atom feed's id, a tag URI (RFC 4151) on a domain the division owns; entries' ids extend it
	OGImage      string `yaml:"og_image"`      // a PNG or JPEG under assets/ that pages shared on social media show, such as "card.png"; none by default
	DataLicence  string `yaml:"data_licence"`  // the open data's licence: an SPDX identifier such as "CC-BY-4.0", or an http(s) address
	PageSize     int    `yaml:"page_size"`     // how many projects a page of a long list shows (PageSizeMin to PageSizeMax)
}

// LicenceURL returns where DataLicence is set out: the SPDX list's page
// for an identifier, the address itself for an address; "" when none is
// set.
func (s Settings) LicenceURL() string {
	switch {
	case s.DataLicence == "":
		return ""
	case licenceAddress(s.DataLicence):
		return s.DataLicence
	}
	return "https://spdx.org/licenses/" + s.DataLicence + ".html"
}

// licenceAddress reports whether v is an http(s) address rather than an
// SPDX identifier.
func licenceAddress(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkLicence returns DataLicence in its SPDX spelling (identifiers are
// matched without regard to case), or what is wrong with it.
func checkLicence(v string) (string, string) {
	if v == "" || licenceAddress(v) {
		return v, ""
	}
	if ok, id := spdxlicenses.IsActiveLicense(v); ok {
		return id, ""
	}
	msg := fmt.Sprintf("data_licence %q is neither an SPDX licence identifier nor an http(s) address", v)
	if strings.Contains(v, "://") || strings.HasPrefix(v, "www.") {
		return v, msg + "; write the address whole, starting with https://"
	}
	if hint := diag.DidYouMean(v, spdxlicenses.GetLicenses()); hint != "" {
		return v, msg + hint
	}
	return v, msg + "; give an identifier from https://spdx.org/licenses/, such as CC-BY-4.0, or the address of the licence's text"
}

// The bounds of page_size, and its default. Below the least, a list of
// 10,000 projects runs to thousands of pages; above the most, a page of
// compact rows passes 150 KB, too heavy for a slow mobile connection.
const (
	PageSizeMin     = 10
	PageSizeMax     = 400
	DefaultPageSize = 100
)

// ContactURL returns the link to Contact: "mailto:" and the address for an
// email address, the address itself for a web one; "" when Contact is
// neither (or not set).
func (s Settings) ContactURL() string {
	c := strings.TrimSpace(s.Contact)
	if u, err := url.Parse(c); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return c
	}
	if at := strings.IndexByte(c, '@'); at > 0 && at < len(c)-1 && !strings.ContainsAny(c, " \t<>\"(),:;[]\\") && strings.Count(c, "@") == 1 {
		return "mailto:" + c
	}
	return ""
}

// BasePath returns the path part of BaseURL without its trailing slash,
// escaped as a URL's path is: "" for a site at a domain's root,
// "/projects" under a sub-path. Escaped, it can go into a link as it is.
func (s Settings) BasePath() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.EscapedPath(), "/")
}

// CheckBaseURL returns what is wrong with BaseURL, or "" when nothing is:
// it must be an http(s) URL or a path, without control characters.
func (s Settings) CheckBaseURL() string {
	control := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
	}
	u, err := url.Parse(s.BaseURL)
	switch {
	case control(s.BaseURL) || err == nil && control(u.Path):
		return "holds a control character (a tab, a line break, or one written as %00 to %1F); write the address without it"
	case err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https"):
		return "must be an http(s) URL or a path such as /projects/"
	case u.Scheme != "" && u.Host == "":
		return "has no host; write the address whole, such as https://example.org/projects/"
	case s.BaseURL != "" && u.Scheme == "" && (u.Host != "" || !strings.HasPrefix(s.BaseURL, "/")):
		// "www.un.org/projects" would make every link relative to the
		// page, and "//www.un.org/" has no scheme for the feed's addresses.
		rest := strings.TrimPrefix(s.BaseURL, "//")
		if host, _, _ := strings.Cut(rest, "/"); !strings.Contains(host, ".") || strings.Trim(host, ".") == "" {
			return fmt.Sprintf("is neither an address nor a path from the site's root; write %q for a path", "/"+strings.TrimLeft(rest, "./"))
		}
		return fmt.Sprintf("is neither an address nor a path from the site's root; write %q (or a path starting with /)", "https://"+rest)
	}
	return ""
}

// Origin returns BaseURL's scheme and host ("https://example.org"), or ""
// when BaseURL is a bare path and links can only be site-relative.
func (s Settings) Origin() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// tagDate dates the tag URI a feed id falls back to without FeedID (RFC
// 4151 wants the date the name was minted). It is fixed: an id that
// changed with the build date would make feed readers see every entry as
// new.
const tagDate = "2026"

// Feed returns the Atom feed's id: FeedID, else a tag URI from BaseURL's
// host and path ("tag:example.org,2026:projects"); "" without a host,
// when the site has no feed. An entry's id is it followed by the entry's
// site path.
func (s Settings) Feed() string {
	if s.FeedID != "" {
		return s.FeedID
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return "tag:" + u.Hostname() + "," + tagDate + ":" + strings.TrimPrefix(s.BasePath(), "/")
}

// tagURI is the shape of a tag URI (RFC 4151, section 2.1): "tag:", an
// authority (a domain name or an email address), a date (YYYY, YYYY-MM or
// YYYY-MM-DD), ":", and the specific part, of URI path characters and
// "?", then at most a fragment.
var tagURI = func() *regexp.Regexp {
	label := `[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?`
	dns := label + `(?:\.` + label + `)*`
	email := `[A-Za-z0-9._~!$&'()*+,;=%-]+@` + dns
	date := `[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?`
	pchar := `(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})`
	return regexp.MustCompile(`^tag:(?:` + dns + `|` + email + `),` + date + `:` + pchar + `*(?:#` + pchar + `*)?$`)
}()

var yamlLine = regexp.MustCompile(`line (\d+): `)

// LoadSettings reads site.yaml from fsys. A missing file gives defaults;
// unknown keys and wrong types are errors at their line.
func LoadSettings(fsys fs.FS) (Settings, diag.List) {
	s := Settings{Title: "Projects", Language: "en", BaseURL: "/", PageSize: DefaultPageSize}
	var l diag.List
	data, err := fs.ReadFile(fsys, SettingsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return s, l
	}
	if err != nil {
		l.Errorf(SettingsFile, diag.Pos{}, "cannot read: %v", err)
		return s, l
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		var terr *yaml.TypeError
		if !errors.As(err, &terr) {
			pos, msg := content.YAMLError(err, data)
			l.Errorf(SettingsFile, pos, "%s", msg)
			return s, l
		}
		for _, m := range terr.Errors {
			pos := diag.Pos{Line: 1, Col: 1}
			if sm := yamlLine.FindStringSubmatch(m); sm != nil {
				pos.Line, _ = strconv.Atoi(sm[1])
				m = m[strings.Index(m, sm[0])+len(sm[0]):]
			}
			l.Errorf(SettingsFile, pos, "%s", strings.TrimPrefix(m, "yaml: "))
		}
	}
	if msg := s.CheckBaseURL(); msg != "" {
		l.Errorf(SettingsFile, diag.Pos{}, "base_url %q %s", s.BaseURL, msg)
	}
	if s.PageSize < PageSizeMin || s.PageSize > PageSizeMax {
		l.Errorf(SettingsFile, diag.Pos{}, "page_size %d must be from %d to %d: how many projects a page of a long list shows (%d by default)", s.PageSize, PageSizeMin, PageSizeMax, DefaultPageSize)
	}
	if s.Contact != "" && s.ContactURL() == "" {
		l.Errorf(SettingsFile, diag.Pos{}, "contact %q must be an email address (name@example.org) or a web address (https://example.org/contact)", s.Contact)
	}
	if u, err := url.Parse(s.DivisionURL); s.DivisionURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		l.Errorf(SettingsFile, diag.Pos{}, "division_url %q must be a web address, such as https://publicadministration.desa.un.org/", s.DivisionURL)
	}
	var msg string
	if s.DataLicence, msg = checkLicence(strings.TrimSpace(s.DataLicence)); msg != "" {
		l.Errorf(SettingsFile, diag.Pos{}, "%s", msg)
	}
	if s.Logo != "" {
		if !isAsset(fsys, s.Logo) {
			l.Errorf(SettingsFile, diag.Pos{}, "logo %q is not a file under assets/; put the image there (an SVG reads best at any size) and give its name, such as logo.svg", s.Logo)
		}
	}
	if s.FeedID != "" && !tagURI.MatchString(s.FeedID) {
		l.Errorf(SettingsFile, diag.Pos{}, "feed_id %q is not a tag URI (RFC 4151); write tag:, a domain the division owns, a comma, the year it was first used, a colon and a name, such as tag:un.org,2026:desa/dpidg/projects", s.FeedID)
	}
	if s.OGImage != "" {
		ext := strings.ToLower(path.Ext(s.OGImage))
		if !isAsset(fsys, s.OGImage) || (ext != ".png" && ext != ".jpg" && ext != ".jpeg") {
			l.Errorf(SettingsFile, diag.Pos{}, "og_image %q is not a PNG or JPEG file under assets/; put the image there (1200 by 630 pixels shows whole everywhere) and give its name, such as card.png", s.OGImage)
		}
	}
	return s, l
}

// isAsset reports whether name is a file under assets/, as a setting that
// names one (logo, og_image) must be.
func isAsset(fsys fs.FS, name string) bool {
	if !fs.ValidPath(name) {
		return false
	}
	info, err := fs.Stat(fsys, "assets/"+name)
	return err == nil && info.Mode().IsRegular()
}
