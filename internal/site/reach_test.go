package site

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/places"
)

var updateReach = flag.Bool("update", false, "rewrite testdata/reach.txt")

// reachSite is a synthetic site whose projects name Asia and the Pacific,
// Africa, the LLDCs, All Member States and the LDCs over different years,
// and a territory by name.
func reachSite() []*content.Project {
	return []*content.Project{
		project("ap.md", "ap", "2006-03", "2016-06", "Asia and the Pacific"),
		project("africa-09.md", "africa-09", "2009-01", "2010-12", "Africa"),
		project("africa-12.md", "africa-12", "2012-01", "2013-12", "Africa"),
		project("lldc-10.md", "lldc-10", "2010-01", "2011-07-13", "LLDCs"),
		project("lldc-11.md", "lldc-11", "2011-07-14", "2011-12", "LLDCs"),
		project("all-01.md", "all-01", "2001-01", "2001-12", "All Member States"),
		project("all-15.md", "all-15", "2015-01", "2015-12", "All Member States"),
		project("ldc-12.md", "ldc-12", "2012-01", "2012-12-17", "LDCs"),
		project("ldc-20.md", "ldc-20", "2020-01", "2023-12-12", "LDCs"),
		project("ldc-23.md", "ldc-23", "2023-12-13", "2024-06", "LDCs"),
		project("dev.md", "dev", "2014-01", "2016-07", "Developing Countries"),
		project("hk.md", "hk", "2015-01", "2015-12", "Hong Kong"),
	}
}

// reachedBy returns, for each project slug, the countries it reaches
// through a region or group, by name.
func reachedBy(s *Site) map[string][]string {
	out := map[string][]string{}
	for _, c := range s.Countries {
		for _, r := range c.Reached {
			out[r.Project.Slug] = append(out[r.Project.Slug], c.Name)
		}
	}
	return out
}

// TestReach checks the exact reach of each project of reachSite against
// testdata/reach.txt (-update rewrites it; read the diff), and what the
// policy says of it in so many words: Member States only, as members on
// the project's dates.
func TestReach(t *testing.T) {
	s, l := build(t, "2026-11-29", reachSite()...)
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	reached := reachedBy(s)
	counts := map[string]int{
		"ap": 49, "africa-09": 53, "africa-12": 54, "lldc-10": 31, "lldc-11": 32,
		"all-01": 189, "all-15": 193, "ldc-12": 48, "ldc-20": 47, "ldc-23": 45, "dev": 0, "hk": 0,
	}
	for slug, want := range counts {
		if got := len(reached[slug]); got != want {
			t.Errorf("%s reaches %d countries, want %d", slug, got, want)
		}
	}
	has := func(slug, country string) bool { return slices.Contains(reached[slug], country) }
	checks := []struct {
		slug, country string
		want          bool
	}{
		{"ap", "Saudi Arabia", false}, {"ap", "Israel", false}, {"ap", "United Arab Emirates", false},
		{"ap", "State of Palestine", false}, {"ap", "Türkiye", true}, {"ap", "Russian Federation", true},
		{"ap", "China, Hong Kong Special Administrative Region", false}, {"ap", "Cook Islands", false},
		{"africa-12", "Western Sahara", false}, {"africa-12", "Heard Island and McDonald Islands", false},
		{"africa-12", "British Indian Ocean Territory", false}, {"africa-12", "French Southern Territories", false},
		{"africa-09", "South Sudan", false}, {"africa-12", "South Sudan", true},
		{"lldc-10", "South Sudan", false}, {"lldc-11", "South Sudan", true},
		{"ldc-12", "South Sudan", false}, {"ldc-20", "South Sudan", true},
		{"ldc-20", "Bhutan", true}, {"ldc-23", "Bhutan", false},
		{"all-01", "Montenegro", false}, {"all-01", "Switzerland", false}, {"all-15", "Switzerland", true},
		{"all-15", "Holy See", false}, {"all-15", "State of Palestine", false},
	}
	for _, c := range checks {
		if got := has(c.slug, c.country); got != c.want {
			t.Errorf("%s reaches %s: %v, want %v", c.slug, c.country, got, c.want)
		}
	}
	// A page for every country named or reached, and for no other; a
	// territory only when named.
	for _, c := range s.Countries {
		if c.UN != places.MemberState && len(c.Direct) == 0 {
			t.Errorf("%s has a page but is no Member State and no project names it", c.Name)
		}
	}
	var b strings.Builder
	slugs := make([]string, 0, len(reached))
	for slug := range counts {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		fmt.Fprintf(&b, "%s (%d): %s\n", slug, len(reached[slug]), strings.Join(reached[slug], "; "))
	}
	golden := filepath.Join("testdata", "reach.txt")
	if *updateReach {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("reach differs from %s (run with -update if the change is intended):\n%s", golden, got)
	}
}

// TestUNNameWarnings checks that funders and partners naming a country by
// an old or short form are warned of at their position, with the fix.
func TestUNNameWarnings(t *testing.T) {
	p := project("content/projects/a.md", "a", "2015-01", "2015-12", "Türkiye")
	p.Funding = []content.Value{{Text: "Government of Turkey", Pos: diag.Pos{Line: 5, Col: 5}}, {Text: "Republic of Korea", Pos: diag.Pos{Line: 6, Col: 5}}}
	p.Partners = []string{"UNDP Tanzania", "UN-Women"}
	p.PartnersPos = []diag.Pos{{Line: 12, Col: 5}, {Line: 13, Col: 5}}
	_, l := build(t, "2026-11-29", p)
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		`content/projects/a.md:5:5: warning: funder "Government of Turkey" names a country by an old or short form ("Turkey" is "Türkiye" at the UN); write "Government of Türkiye"`,
		`content/projects/a.md:12:5: warning: partner "UNDP Tanzania" names a country by an old or short form ("Tanzania" is "United Republic of Tanzania" at the UN); write "UNDP United Republic of Tanzania"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
}
