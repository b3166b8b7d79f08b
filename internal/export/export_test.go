// The tests live in package export_test so that they can build sites with
// portfolio/internal/build, which may itself come to import this package.
package export_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the hand-made site's downloads")

// asOf is the build date of every test site.
var asOf = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// orgRef stands in for the reporting organisation's IATI identifier.
const orgRef = "XM-TEST-1"

// realSite builds the repository's own content. Only errors in the sources
// the site graph comes from (site.yaml, content/, the atlas) fail it: the
// graph is complete without them, and what the layouts make of it is the
// renderer's business, not the downloads'.
func realSite(t *testing.T) *site.Site {
	t.Helper()
	res := build.Run(os.DirFS("../.."), build.Options{AsOf: asOf})
	var errs []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error && (d.Path == "" || d.Path == site.SettingsFile || strings.HasPrefix(d.Path, "content/")) {
			errs = append(errs, d.String())
		}
	}
	if res.Site == nil || len(errs) > 0 {
		t.Fatalf("building the real site:\n%s", strings.Join(errs, "\n"))
	}
	return res.Site
}

// handSite builds a small site of edge cases through site.Build, so that
// places, statuses and funders are resolved as in a real build.
func handSite(t testing.TB, projects ...*content.Project) *site.Site {
	t.Helper()
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	if projects == nil {
		projects = handProjects()
	}
	settings := site.Settings{
		Title: "Test projects", Organization: "United Nations Department of Economic and Social Affairs (UN DESA)",
		Division: "DPADM", DivisionName: "Division for Public Institutions and Digital Government",
		BaseURL: "https://example.org/sub/", Language: "fr",
	}
	s, l := site.Build(settings, projects, atlas, site.Options{AsOf: asOf})
	if l.HasErrors() {
		t.Fatalf("building the hand-made site:\n%v", l.Err())
	}
	return s
}

// handProjects are the edge cases: cents, quotes, commas, "; " and
// non-ASCII in a title; day and month precision; no budget and a budget of
// zero; an open end; an upcoming project; a status that overrides the dates;
// a code that cannot be an IATI identifier; several countries, regions and
// every kind of group.
func handProjects() []*content.Project {
	return []*content.Project{
		{
			Path: "content/projects/a.md", Slug: "a-cents", Code: "QX-1",
			Title: `Çà et là: "quoted", commas, semi; colons — São Tomé`,
			Start: date("2020-02-15"), End: date("2021-02"),
			Funding: values("Fonds d'affectation spéciale, Genève"), Budget: 123456789, HasBudget: true,
			Partners:   []string{"UN-Women", "ITU, UNDP and \"friends\""},
			Link:       "https://example.org/report.pdf?x=1",
			SDGs:       []int{16, 17},
			SDGTargets: []content.Value{{Text: "16.6"}, {Text: "17.a"}},
			Countries:  values("Côte d'Ivoire", "Kazakhstan", "Sao Tome and Principe"),
			Summary:    `A "summary", with commas; and a line.`,
			Modified:   time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC),
			Text:       `A "summary", with commas; and a line. More text.`,
		},
		{
			Path: "content/projects/b.md", Slug: "b-open", Title: "Open-ended, no budget",
			Start: date("2025-03"), Funding: values("Development Account (DA)"),
			Countries: values("Least Developed Countries", "Africa"),
		},
		{
			Path: "content/projects/c.md", Slug: "c-upcoming", Code: "1617B", Title: "Upcoming",
			Start: date("2027-01-10"), End: date("2028-12"),
			Funding: values("Development Account (DA)", "Republic of Korea"), Budget: 500000, HasBudget: true,
			Countries: values("Asia and the Pacific", "Developing Countries"),
		},
		{
			Path: "content/projects/d.md", Slug: "d-override", Code: "A/B", Title: "Past by the file's say",
			Start: date("2024-01"), End: date("2027-06"), Status: content.Past,
			Funding: values("XBTC"), Budget: 0, HasBudget: true, Division: "DISD",
			Countries: values("Togo"),
		},
		{
			Path: "content/projects/e.md", Slug: "e-groups", Title: "Every member state",
			Start: date("2015-01"), End: date("2015-12"),
			Funding: values("Colombia"), Budget: 60515300, HasBudget: true,
			Countries: values("All Member States", "Small Island Developing States", "Landlocked Developing Countries"),
		},
	}
}

func date(s string) content.Date {
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func values(texts ...string) []content.Value {
	var out []content.Value
	for i, t := range texts {
		out = append(out, content.Value{Text: t, Pos: diag.Pos{Line: 2 + i, Col: 5}})
	}
	return out
}

// TestGolden compares the hand-made site's downloads with testdata/golden;
// run with -update to accept a deliberate change.
func TestGolden(t *testing.T) {
	files, err := export.Files(handSite(t), orgRef, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 5 {
		t.Fatalf("Files gave %d files, want 5", len(files))
	}
	for _, f := range files {
		p := filepath.Join("testdata", "golden", filepath.FromSlash(f.Path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/export -update to create it)", err)
		}
		if !bytes.Equal(want, f.Data) {
			t.Errorf("%s differs from %s (run with -update if the change is intended)", f.Path, p)
		}
	}
}

// TestDeterministic builds each site twice and expects identical bytes.
func TestDeterministic(t *testing.T) {
	for name, mk := range map[string]func(*testing.T) *site.Site{"real": realSite, "hand": func(t *testing.T) *site.Site { return handSite(t) }} {
		a, err := export.Files(mk(t), orgRef, "UN DESA")
		if err != nil {
			t.Fatal(err)
		}
		b, err := export.Files(mk(t), orgRef, "UN DESA")
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", name, len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: %s differs between two builds", name, a[i].Path)
			}
		}
	}
}

// TestFiles checks the paths and that the IATI file waits for an
// identifier.
func TestFiles(t *testing.T) {
	s := handSite(t)
	for _, tt := range []struct {
		orgRef string
		want   []string
	}{
		{orgRef, []string{"data/projects.json", "data/projects.csv", "data/iati-activities.xml", "data/datapackage.json", "data/projects.schema.json"}},
		{"", []string{"data/projects.json", "data/projects.csv", "data/datapackage.json", "data/projects.schema.json"}},
	} {
		files, err := export.Files(s, tt.orgRef, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Files(orgRef %q) paths = %q, want %q", tt.orgRef, got, tt.want)
		}
	}
}
