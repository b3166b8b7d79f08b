package site

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBaseURL: the base path goes into links escaped, whatever base_url
// holds, and a base_url with a control character, even one written as a
// %-escape, is refused.
func TestBaseURL(t *testing.T) {
	for _, tt := range []struct{ url, path, problem string }{
		{"/", "", ""},
		{"https://example.org/projects/", "/projects", ""},
		{"/my projects/", "/my%20projects", ""},
		{`https://example.org/a%22b/`, "/a%22b", ""},
		{"https://example.org/a%00b/", "", "control character"},
		{"/a\tb/", "", "control character"},
		{"ftp://example.org/", "", "http(s) URL"},
		{"www.un.org", "", `write "https://www.un.org"`},
		{"//www.un.org/projects/", "", `write "https://www.un.org/projects/"`},
		{"https:///projects/", "", "has no host"},
		{"projects/", "", `write "/projects/" for a path`},
		{"./", "", `write "/" for a path`},
		{"", "", ""},
	} {
		s := Settings{BaseURL: tt.url}
		problem := s.CheckBaseURL()
		if (problem == "") != (tt.problem == "") || tt.problem != "" && !strings.Contains(problem, tt.problem) {
			t.Errorf("%q: problem %q, want one saying %q", tt.url, problem, tt.problem)
		}
		if problem == "" && s.BasePath() != tt.path {
			t.Errorf("%q: base path %q, want %q", tt.url, s.BasePath(), tt.path)
		}
	}
}

func TestContact(t *testing.T) {
	for _, tt := range []struct{ contact, url string }{
		{"", ""},
		{"accessibility@example.org", "mailto:accessibility@example.org"},
		{" dpidg@un.org ", "mailto:dpidg@un.org"},
		{"https://example.org/contact", "https://example.org/contact"},
		{"example.org/contact", ""},
		{"@example.org", ""},
		{"a@b@example.org", ""},
		{"Jane <jane@example.org>", ""},
		{"javascript:alert(1)", ""},
	} {
		if got := (Settings{Contact: tt.contact}).ContactURL(); got != tt.url {
			t.Errorf("contact %q: link %q, want %q", tt.contact, got, tt.url)
		}
	}
	_, l := LoadSettings(fstest.MapFS{SettingsFile: {Data: []byte("contact: example.org/contact\n")}})
	if want := `site.yaml: contact "example.org/contact" must be an email address (name@example.org) or a web address (https://example.org/contact)`; len(l) != 1 || l[0].String() != want {
		t.Errorf("a contact that is neither: %v, want %s", l, want)
	}
}

// TestHeaderSettings: division_url must be a web address, and logo a file
// under assets/; each mistake is one error naming the setting.
func TestHeaderSettings(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"division_url: https://publicadministration.desa.un.org/\nlogo: un.svg\n", ""},
		{"division_url: publicadministration.desa.un.org\n", `division_url "publicadministration.desa.un.org" must be a web address`},
		{"logo: missing.svg\n", `logo "missing.svg" is not a file under assets/`},
		{"logo: ../site.yaml\n", `logo "../site.yaml" is not a file under assets/`},
	} {
		fsys := fstest.MapFS{
			SettingsFile:    {Data: []byte(tt.yaml)},
			"assets/un.svg": {Data: []byte("<svg/>")},
		}
		_, l := LoadSettings(fsys)
		if got := fmt.Sprint(l); tt.want == "" && len(l) > 0 || tt.want != "" && (len(l) != 1 || !strings.Contains(got, tt.want)) {
			t.Errorf("%q: %v, want %q", tt.yaml, l, tt.want)
		}
	}
}

// TestDataLicence: data_licence takes an SPDX identifier, in any case
// (kept in the SPDX list's), or an http(s) address; anything else is an
// error that says what to write.
func TestDataLicence(t *testing.T) {
	for _, tt := range []struct{ value, licence, url, err string }{
		{"", "", "", ""},
		{"CC-BY-4.0", "CC-BY-4.0", "https://spdx.org/licenses/CC-BY-4.0.html", ""},
		{"cc-by-3.0-igo", "CC-BY-3.0-IGO", "https://spdx.org/licenses/CC-BY-3.0-IGO.html", ""},
		{"https://www.un.org/en/about-us/terms-of-use", "https://www.un.org/en/about-us/terms-of-use", "https://www.un.org/en/about-us/terms-of-use", ""},
		{"CC-BY-40", "", "", `site.yaml: data_licence "CC-BY-40" is neither an SPDX licence identifier nor an http(s) address; did you mean "CC-BY-4.0"`},
		{"www.un.org/en/about-us/terms-of-use", "", "", `an http(s) address; write the address whole, starting with https://`},
		{"Creative Commons, please", "", "", `an http(s) address; give an identifier from https://spdx.org/licenses/, such as CC-BY-4.0, or the address of the licence's text`},
	} {
		s, l := LoadSettings(fstest.MapFS{SettingsFile: {Data: []byte("data_licence: " + strconv.Quote(tt.value) + "\n")}})
		switch {
		case tt.err == "" && len(l) > 0:
			t.Errorf("data_licence %q: %v", tt.value, l)
		case tt.err != "" && (len(l) != 1 || !strings.Contains(l[0].String(), tt.err)):
			t.Errorf("data_licence %q: %v, want an error with %s", tt.value, l, tt.err)
		case tt.err == "" && (s.DataLicence != tt.licence || s.LicenceURL() != tt.url):
			t.Errorf("data_licence %q: %q at %q, want %q at %q", tt.value, s.DataLicence, s.LicenceURL(), tt.licence, tt.url)
		}
	}
}

// TestPageSize: page_size defaults to DefaultPageSize and is refused, with
// its bounds, outside PageSizeMin to PageSizeMax.
func TestPageSize(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		size int
		want string
	}{
		{"title: T\n", DefaultPageSize, ""},
		{"page_size: 50\n", 50, ""},
		{"page_size: 0\n", 0, "page_size 0 must be from 10 to 400"},
		{"page_size: 5000\n", 5000, "page_size 5000 must be from 10 to 400"},
	} {
		s, l := LoadSettings(fstest.MapFS{SettingsFile: {Data: []byte(tt.yaml)}})
		if got := fmt.Sprint(l); s.PageSize != tt.size || tt.want == "" && len(l) > 0 || tt.want != "" && (len(l) != 1 || !strings.Contains(got, tt.want)) {
			t.Errorf("%q: page size %d, %v; want %d, %q", tt.yaml, s.PageSize, l, tt.size, tt.want)
		}
	}
}
