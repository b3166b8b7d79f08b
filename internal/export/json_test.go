package export_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"portfolio/internal/export"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// jsonDocument and jsonProject are data/projects.json as docs/data.md
// documents it, declared here apart from the columns that write it.
type jsonDocument struct {
	Schema   string           `json:"schema"`
	AsOf     string           `json:"as_of"`
	Site     export.Publisher `json:"site"`
	Projects []jsonProject    `json:"projects"`
}

type jsonProject struct {
	Slug          string         `json:"slug"`
	URL           string         `json:"url"`
	Title         string         `json:"title"`
	Code          *string        `json:"code"`
	Status        string         `json:"status"`
	StatusDerived bool           `json:"status_derived"`
	Start         string         `json:"start"`
	End           *string        `json:"end"`
	StartDate     string         `json:"start_date"`
	EndDate       *string        `json:"end_date"`
	Funding       []string       `json:"funding"`
	BudgetUSD     *dollars       `json:"budget_usd"`
	Division      string         `json:"division"`
	Partners      []string       `json:"partners"`
	Link          *string        `json:"link"`
	SDGs          []int          `json:"sdgs"`
	SDGTargets    []string       `json:"sdg_targets"`
	Countries     []export.Place `json:"countries"`
	Reached       []export.Place `json:"reached"`
	LastModified  *string        `json:"last_modified"`
	Summary       string         `json:"summary"`
	BodyText      string         `json:"body_text"`
}

// dollars is an amount the JSON gives in dollars, read back into cents.
type dollars int64

func (d *dollars) UnmarshalJSON(b []byte) error {
	c, err := export.ParseHundredths(string(b))
	*d = dollars(c)
	return err
}

// decodeJSON reads projects.json back into the documented structs,
// refusing fields they do not declare.
func decodeJSON(t *testing.T, s *site.Site) jsonDocument {
	t.Helper()
	data, err := export.JSON(s)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc jsonDocument
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("projects.json does not decode into the documented structs: %v", err)
	}
	return doc
}

// TestJSONRoundTrip decodes the JSON of both sites and compares every
// project with the site it came from.
func TestJSONRoundTrip(t *testing.T) {
	for _, s := range []*site.Site{realSite(t), handSite(t)} {
		doc := decodeJSON(t, s)
		if doc.Schema != "portfolio-projects/1" || doc.AsOf != "2026-11-29" {
			t.Errorf("schema, as_of = %q, %q; want portfolio-projects/1, 2026-11-29", doc.Schema, doc.AsOf)
		}
		if doc.Site.Title != s.Settings.Title || doc.Site.Division != s.Settings.Division || doc.Site.URL != s.Settings.BaseURL {
			t.Errorf("site = %+v, want the settings' title, division and base URL", doc.Site)
		}
		if len(doc.Projects) != len(s.Projects) {
			t.Fatalf("%d projects in the JSON, %d in the site", len(doc.Projects), len(s.Projects))
		}
		if !slices.IsSortedFunc(doc.Projects, func(a, b jsonProject) int { return strings.Compare(a.Slug, b.Slug) }) {
			t.Error("projects are not sorted by slug")
		}
		bySlug := map[string]*site.Project{}
		for _, p := range s.Projects {
			bySlug[p.Slug] = p
		}
		for _, got := range doc.Projects {
			p := bySlug[got.Slug]
			if p == nil {
				t.Errorf("%s: not a project of the site", got.Slug)
				continue
			}
			checkProject(t, s, got, p)
		}
	}
}

func checkProject(t *testing.T, s *site.Site, got jsonProject, p *site.Project) {
	t.Helper()
	base := strings.TrimSuffix(s.Settings.BaseURL, "/")
	want := jsonProject{
		Slug: p.Slug, URL: base + p.URL, Title: p.Title, Status: string(p.Status), StatusDerived: p.Derived,
		Start: p.Start.String(), StartDate: p.Start.First().Format(time.DateOnly),
		Division: p.Division, Summary: p.Summary, BodyText: p.Text,
	}
	if got.Slug != want.Slug || got.URL != want.URL || got.Title != want.Title || got.Status != want.Status ||
		got.StatusDerived != want.StatusDerived || got.Start != want.Start || got.StartDate != want.StartDate ||
		got.Division != want.Division || got.Summary != want.Summary || got.BodyText != want.BodyText {
		t.Errorf("%s: got\n%+v\nwant\n%+v", p.Slug, got, want)
	}
	if str(got.Code) != p.Code || (got.Code != nil) != (p.Code != "") {
		t.Errorf("%s: code = %v, want %q (null when empty)", p.Slug, got.Code, p.Code)
	}
	if str(got.Link) != p.Link || (got.Link != nil) != (p.Link != "") {
		t.Errorf("%s: link = %v, want %q (null when empty)", p.Slug, got.Link, p.Link)
	}
	switch {
	case p.End.IsZero() && (got.End != nil || got.EndDate != nil):
		t.Errorf("%s: open-ended, but end = %v, end_date = %v", p.Slug, got.End, got.EndDate)
	case !p.End.IsZero() && (str(got.End) != p.End.String() || str(got.EndDate) != p.End.Last().Format(time.DateOnly)):
		t.Errorf("%s: end, end_date = %v, %v; want %s, %s", p.Slug, got.End, got.EndDate, p.End, p.End.Last().Format(time.DateOnly))
	}
	switch {
	case !p.HasBudget && got.BudgetUSD != nil:
		t.Errorf("%s: no budget stated, but budget_usd = %v", p.Slug, *got.BudgetUSD)
	case p.HasBudget && (got.BudgetUSD == nil || int64(*got.BudgetUSD) != int64(p.Budget)):
		t.Errorf("%s: budget_usd = %v cents, want %d", p.Slug, got.BudgetUSD, p.Budget)
	}
	var funders, within []string
	for _, f := range p.Funders {
		funders = append(funders, f.Name)
	}
	for _, pl := range p.Within {
		within = append(within, pl.Name)
	}
	targets := []string{}
	for _, t := range p.SDGTargets {
		targets = append(targets, t.Text)
	}
	if !slices.Equal(got.SDGTargets, targets) {
		t.Errorf("%s: sdg_targets = %q, want %q", p.Slug, got.SDGTargets, targets)
	}
	if !slices.Equal(got.Funding, funders) || !slices.Equal(got.Partners, p.Partners) || !slices.Equal(got.SDGs, p.SDGs) {
		t.Errorf("%s: funding, partners, sdgs = %q, %q, %v; want %q, %q, %v", p.Slug, got.Funding, got.Partners, got.SDGs, funders, p.Partners, p.SDGs)
	}
	if len(got.Countries) != len(p.Places) {
		t.Fatalf("%s: %d countries, want %d", p.Slug, len(got.Countries), len(p.Places))
	}
	for i, pl := range p.Places {
		c := got.Countries[i]
		country := pl.Kind == places.Country
		m49 := pl.M49
		if pl.Kind == places.Group { // the groups M49 defines have its codes
			m49 = map[string]string{"ldc": "199", "lldc": "432", "sids": "722"}[pl.Code]
		}
		if c.Name != pl.Name || c.Kind != pl.Kind.String() || str(c.M49) != m49 ||
			(c.M49 == nil) != (m49 == "") || c.URL != base+pl.URL ||
			(country && (str(c.ISO2) != pl.ISO2 || str(c.ISO3) != pl.ISO3)) || (!country && (c.ISO2 != nil || c.ISO3 != nil)) {
			t.Errorf("%s: countries[%d] = %+v, want %s", p.Slug, i, c, pl.Name)
		}
	}
	var reached []string
	for _, r := range got.Reached {
		reached = append(reached, r.Name)
	}
	if !slices.Equal(reached, within) {
		t.Errorf("%s: reached = %q, want %q", p.Slug, reached, within)
	}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestJSONValues checks values by hand in both sites: codes of real
// countries and regions, cents, nulls and a stated zero.
func TestJSONValues(t *testing.T) {
	projects := map[string]jsonProject{}
	for _, s := range []*site.Site{realSite(t), handSite(t)} {
		for _, p := range decodeJSON(t, s).Projects {
			projects[p.Slug] = p
		}
	}
	place := func(slug string, i int) export.Place {
		p, ok := projects[slug]
		if !ok || i >= len(p.Countries) {
			t.Fatalf("%s: no countries[%d]", slug, i)
		}
		return p.Countries[i]
	}
	for _, tt := range []struct {
		slug                  string
		i                     int
		kind, iso2, iso3, m49 string
	}{
		{"togo-public-administration-reform-2009-2010", 0, "country", "TG", "TGO", "768"},
		{"astana-economic-forum-2015", 0, "country", "KZ", "KAZ", "398"},
		{"egov-data-ldcs-2017-2019", 0, "country", "BD", "BGD", "050"},
		{"african-parliaments-2005-2013", 0, "region", "", "", "002"},
		{"e-participation-2013-2015", 0, "group", "", "", "199"}, // Least Developed Countries
		{"a-cents", 0, "country", "CI", "CIV", "384"},
	} {
		c := place(tt.slug, tt.i)
		if c.Kind != tt.kind || str(c.ISO2) != tt.iso2 || str(c.ISO3) != tt.iso3 || str(c.M49) != tt.m49 {
			t.Errorf("%s countries[%d] = %s %s %v/%v/%v, want %s %s/%s/%s", tt.slug, tt.i, c.Name, c.Kind,
				str(c.ISO2), str(c.ISO3), str(c.M49), tt.kind, tt.iso2, tt.iso3, tt.m49)
		}
	}
	if got := projects["togo-public-administration-reform-2009-2010"].URL; got != "/projects/togo-public-administration-reform-2009-2010/" {
		t.Errorf("real site (base_url /): url = %q, want root-relative", got)
	}
	if got := projects["a-cents"].URL; got != "https://example.org/sub/projects/a-cents/" {
		t.Errorf("hand site: url = %q, want absolute under base_url", got)
	}
	if b := projects["egov-data-ldcs-2017-2019"].BudgetUSD; b != nil {
		t.Errorf("egov-data-ldcs-2017-2019 states no budget, but budget_usd = %d cents", *b)
	}
	if b := projects["d-override"].BudgetUSD; b == nil || *b != 0 {
		t.Errorf("d-override states a budget of 0, but budget_usd = %v", b)
	}
	if d := projects["d-override"]; d.Status != "past" || d.StatusDerived {
		t.Errorf("d-override: status %q derived %v, want past from the file", d.Status, d.StatusDerived)
	}
	togo := projects["togo-public-administration-reform-2009-2010"]
	var reached []string
	for _, r := range togo.Reached {
		reached = append(reached, r.Name)
	}
	for _, want := range []string{"Western Africa", "Africa", "Least Developed Countries"} {
		if !slices.Contains(reached, want) {
			t.Errorf("Togo project: reached = %q, want it to include %q", reached, want)
		}
	}
}

// TestJSONText checks the encoding itself: nulls are written, not left
// out; amounts are numbers with cents; text is not HTML-escaped.
func TestJSONText(t *testing.T) {
	data, err := export.JSON(handSite(t))
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Projects []map[string]any `json:"projects"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	open := raw.Projects[1]
	for _, key := range []string{"code", "end", "end_date", "budget_usd", "link"} {
		if v, ok := open[key]; !ok || v != nil {
			t.Errorf("b-open: %s = %v (present: %v), want null", key, v, ok)
		}
	}
	for _, want := range []string{`"budget_usd":1234567.89,`, `"budget_usd":5000,`, `"title":"Çà et là: \"quoted\", commas, semi; colons — São Tomé"`, `"budget_usd":0,`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("projects.json lacks %s", want)
		}
	}
}
