package site

import (
	"strings"
	"testing"
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
