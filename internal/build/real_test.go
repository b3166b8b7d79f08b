package build

import (
	"html"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"portfolio/internal/places"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

// legacy are the 14 project files made from the legacy page; the tests
// that compare them with it look at these only, so editors can add projects
// without breaking them.
var legacy = []string{
	"african-parliaments-2005-2013", "astana-economic-forum-2015", "e-participation-2013-2015",
	"egov-data-ldcs-2017-2019", "egov-innovation-centre-colombia-2013-2015", "emirates-id-open-data-2013-2014",
	"governance-hub-korea-2006-2016", "igf-brazil-2014-2016", "igf-development-account-2011-2015",
	"igf-turkiye-2011-2015", "open-government-data-2014-2016", "public-service-innovation-ldcs-2014-2016",
	"togo-public-administration-reform-2009-2010", "unpsa-2015-colombia",
}

// legacyProjects returns the site's projects made from the legacy page,
// failing if any is missing.
func legacyProjects(t *testing.T, ps []*site.Project) []*site.Project {
	t.Helper()
	var out []*site.Project
	for _, p := range ps {
		if slices.Contains(legacy, strings.TrimSuffix(path.Base(p.Path), ".md")) {
			out = append(out, p)
		}
	}
	if len(out) != len(legacy) {
		t.Fatalf("%d of the %d legacy project files were built", len(out), len(legacy))
	}
	return out
}

// TestRealContent builds the repository's own site, with the division's 14
// projects, and expects no errors and every project's key values on its
// page.
func TestRealContent(t *testing.T) {
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	legacyProjects(t, res.Site.Projects)
	cat, _ := render.LoadCatalog(os.DirFS("../.."), res.Site.Settings.Language)
	for _, p := range res.Site.Projects {
		got := html.UnescapeString(page(t, res.Files, strings.TrimPrefix(p.URL, "/")+"index.html"))
		want := []string{p.Title, p.Start.Words(), p.End.Words(), string(p.Status)}
		if p.HasBudget {
			want = append(want, cat.Money(p.Budget))
		} else {
			want = append(want, "not stated")
		}
		for _, f := range p.Funders {
			want = append(want, f.Name, f.URL)
		}
		for _, pl := range p.Places {
			want = append(want, pl.Name, pl.URL)
		}
		want = append(want, p.Partners...)
		for _, s := range p.Sections {
			want = append(want, s.Title)
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: page lacks %q", p.Path, w)
			}
		}
	}
	// Honest status: nothing that ended years ago is current.
	for _, p := range res.Site.Current {
		if !p.End.IsZero() && p.End.Last().Before(asOf) {
			t.Errorf("%s ended %s but is listed as current", p.Path, p.End)
		}
	}
}

// seedProject is what the legacy page says of one project.
type seedProject struct {
	timeFrame, funding, budget string
	countries                  []string
}

var (
	seedField  = regexp.MustCompile(`^(Time Frame|Funding|Proposed Budget|Focus Countries):\s*(.*?)\s*$`)
	seedBudget = regexp.MustCompile(`[^0-9.]`)
)

// readSeed splits the legacy page into its projects: each ends with its
// "Focus Countries:" line.
func readSeed(t *testing.T) (projects []seedProject, paragraphs []string) {
	data, err := os.ReadFile("testdata/dpadm-projects-page.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cur seedProject
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "\u00a0", " "))
		m := seedField.FindStringSubmatch(line)
		if m == nil {
			if len(line) > 80 {
				paragraphs = append(paragraphs, line)
			}
			continue
		}
		switch m[1] {
		case "Time Frame":
			cur.timeFrame = m[2]
		case "Funding":
			cur.funding = m[2]
		case "Proposed Budget":
			cur.budget = m[2]
		case "Focus Countries":
			list := m[2]
			if strings.Contains(list, ", ") {
				parts := strings.Split(list, ", ")
				last := parts[len(parts)-1]
				parts = append(parts[:len(parts)-1], strings.Split(last, " and ")...)
				cur.countries = parts
			} else {
				cur.countries = []string{list}
			}
			projects = append(projects, cur)
			cur = seedProject{}
		}
	}
	return projects, paragraphs
}

// normalise applies the only corrections the content may make to the seed.
func normalise(s string) string {
	s = strings.ReplaceAll(s, "A/RES/70/1. . )", "A/RES/70/1)")
	s = strings.ReplaceAll(s, "defaultrmation", "information")
	s = strings.ReplaceAll(s, "Defaultrmation", "Information")
	s = strings.ReplaceAll(s, "br />", "")
	s = strings.ReplaceAll(s, " ,", ",")
	return strings.Join(strings.Fields(s), " ")
}

// TestContentMatchesSeed checks the 14 project files against the legacy
// page: time frame, funding (with countries by their UN names: "Turkey" is
// "Türkiye"), budget and focus countries exactly, and every narrative
// paragraph present after the allowed corrections. A project may list
// countries after the seed's own, when its text names them: see
// seedExtras.
func TestContentMatchesSeed(t *testing.T) {
	seeds, paragraphs := readSeed(t)
	if len(seeds) != 14 {
		t.Fatalf("the seed has %d projects, want 14", len(seeds))
	}
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i := range seeds {
		seeds[i].funding, _ = atlas.UNNames(seeds[i].funding)
	}
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	key := func(timeFrame, funding, budget string, countries []string) string {
		return strings.Join([]string{timeFrame, funding, budget, strings.Join(countries, "|")}, " / ")
	}
	var want, got []string
	for _, s := range seeds {
		b := strings.TrimSuffix(seedBudget.ReplaceAllString(s.budget, ""), ".00")
		tf := strings.Join(strings.Fields(strings.NewReplacer(" – ", "-", " - ", "-", "–", "-").Replace(s.timeFrame)), " ")
		want = append(want, key(tf, s.funding, b, s.countries))
	}
	var text strings.Builder
	for _, p := range legacyProjects(t, res.Site.Projects) {
		var funding, countries []string
		for _, f := range p.Funding {
			funding = append(funding, f.Text)
		}
		for _, c := range p.Countries {
			countries = append(countries, c.Text)
		}
		extras := seedExtras(t, p)
		countries = slices.DeleteFunc(countries, func(c string) bool { return slices.Contains(extras, c) })
		b := ""
		if p.HasBudget {
			b = strconv.FormatFloat(float64(p.Budget)/100, 'f', -1, 64)
		}
		got = append(got, key(p.Start.Words()+"-"+p.End.Words(), strings.Join(funding, ", "), b, countries))
		text.WriteString(projectText(p))
	}
	slices.Sort(want)
	slices.Sort(got)
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Errorf("seed and content differ:\n  seed:    %s\n  content: %s", w, g)
		}
	}
	all := normalise(text.String())
	for _, para := range paragraphs {
		label, rest, ok := strings.Cut(para, ": ")
		if ok && label == "Cooperation Partners" {
			continue // the partners list, checked on each page above
		}
		if ok && len(label) < 45 {
			para = rest // "Objective/Purpose of Project: ..." → the text
		}
		para = strings.TrimSpace(strings.TrimPrefix(para, "-"))
		probe := normalise(para)
		probe = probe[:min(len(probe), 70)]
		if !strings.Contains(all, probe) {
			t.Errorf("seed paragraph not in any project: %q", probe)
		}
	}
}

// seedExtras returns the countries p lists beyond the legacy page's: those
// listed after a YAML comment in its countries that quotes, in double
// quotes, a sentence of p's own text. It fails the test when a quote is
// not in the text or a country so listed is not named in the quote.
func seedExtras(t *testing.T, p *site.Project) []string {
	t.Helper()
	data, err := os.ReadFile(path.Join("../..", p.Path))
	if err != nil {
		t.Fatal(err)
	}
	var comment strings.Builder
	var extras []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		switch trimmed := strings.TrimSpace(line); {
		case line == "countries:":
			in = true
		case !in:
		case !strings.HasPrefix(line, " "):
			in = false
		case strings.HasPrefix(trimmed, "#"):
			comment.WriteString(strings.TrimPrefix(trimmed, "#") + " ")
		case comment.Len() > 0:
			extras = append(extras, strings.TrimSpace(strings.TrimPrefix(trimmed, "- ")))
		}
	}
	if extras == nil {
		return nil
	}
	quotes := regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(comment.String(), -1)
	var quoted strings.Builder
	for _, q := range quotes {
		if !strings.Contains(normalise(p.Text), normalise(q[1])) {
			t.Errorf("%s: the comment before its added countries quotes %q, which is not in its text", p.Path, q[1])
		}
		quoted.WriteString(q[1] + " ")
	}
	for _, c := range extras {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(c) + `\b`).MatchString(quoted.String()) {
			t.Errorf("%s: %q is added to the legacy page's countries, but no quote of its text names it", p.Path, c)
		}
	}
	return extras
}

func projectText(p *site.Project) string {
	var b strings.Builder
	for _, s := range p.Sections {
		b.WriteString(s.Title + " ")
	}
	b.WriteString(p.Text)
	b.WriteString(" ")
	return b.String()
}
