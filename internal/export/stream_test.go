package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"strings"
	"testing"

	"portfolio/internal/content"
	"portfolio/internal/export"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

var awkwardBases = []string{"", "/", "https://example.org/sub/", "https://example.org/\"q\"\\<&>/\xe2\x80"}

// TestAwkwardWellFormed: whatever bytes the values hold, each download of
// the awkward sites reads back: the JSON into Document, refusing unknown
// fields; the IATI file as XML; the CSV as rows of the header's length.
func TestAwkwardWellFormed(t *testing.T) {
	for _, base := range awkwardBases {
		s := awkwardSite(base)
		files, err := export.Files(s, orgRef, "Org <&> \"name\"")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := readBack(f); err != nil {
				t.Errorf("base_url %q: %s does not read back: %v", base, f.Path, err)
			}
		}
	}
}

// readBack reads a download with the standard library's decoder for its
// format, as a consumer would.
func readBack(f export.File) error {
	switch f.Path {
	case export.JSONPath:
		dec := json.NewDecoder(bytes.NewReader(f.Data))
		dec.DisallowUnknownFields()
		var doc jsonDocument
		return dec.Decode(&doc)
	case export.CSVPath:
		r := csv.NewReader(bytes.NewReader(f.Data))
		r.FieldsPerRecord = len(export.CSVHeader())
		_, err := r.ReadAll()
		return err
	case export.IATIPath:
		var root node
		return xml.Unmarshal(f.Data, &root)
	case export.PackagePath, export.SchemaPath:
		var doc map[string]any
		return json.Unmarshal(f.Data, &doc)
	}
	return fmt.Errorf("no reader for %s", f.Path)
}

// TestStreamAwkward: the awkward sites' downloads come out of Stream and
// Memo as Files makes them.
func TestStreamAwkward(t *testing.T) {
	for _, base := range awkwardBases {
		m := export.NewMemo()
		s := awkwardSite(base)
		checkMemo(t, m, s, orgRef, "Org <&> \"name\"")
		checkMemo(t, m, s, orgRef, "Org <&> \"name\"") // the parts kept by the first build
	}
}

// awkwardSite returns a site made by hand, not through site.Build, so that
// its places, funders and links can hold what the atlas and project files
// never do: quotes, backslashes, control characters, invalid UTF-8, U+2028
// and U+2029, "<>&" and non-ASCII. Its projects share places, listed and
// reached. base is the site's base_url; one ending in "\xe2\x80" makes
// the links' joins complete a line separator with the path's first byte.
// An absolute one gives the site an awkward language as well, which IATI
// documents carry.
func awkwardSite(base string) *site.Site {
	const odd = "\"quoted\" \\back\\ <b>&amp;</b> \x00\x01\x08\x0c\x1b\x1f\x7f\t\r\n é 中 \u2028\u2029 \xff\xe2\x80 \xc3"
	country := &site.Place{URL: "/countries/odd/", Place: &places.Place{
		Slug: "odd", Name: odd, Kind: places.Country, M49: "012", ISO2: "O\"", ISO3: "\xff\xfe",
	}}
	region := &site.Place{URL: "\xa8/regions/r/", Place: &places.Place{
		Slug: "r", Name: "Région", Kind: places.Region, M49: "002", ISO2: "dropped", ISO3: "dropped",
	}}
	group := &site.Place{URL: "/groups/g/", Place: &places.Place{Slug: "g", Name: "Group <&>", Kind: places.Group}}
	unknown := &site.Place{URL: "", Place: &places.Place{Slug: "u", Name: "", Kind: places.Kind(42)}}
	funder := &site.Funder{Name: odd, Slug: "f"}

	full := &content.Project{
		Slug: "a-full", Title: odd, Code: odd, Start: date("2020-02-15"), End: date("2021-12"),
		Budget: 123456789, HasBudget: true, Division: odd, Partners: []string{odd, "", "UN-Women"},
		Link: "https://example.org/?a=1&b=<2>", SDGs: []int{0, 17, -1, math.MaxInt32},
		Summary: odd, Text: odd + "\n\n" + odd, Sum: 1,
	}
	empty := &content.Project{Slug: "b-empty", Partners: []string{}, SDGs: []int{}, Sum: 2}
	whole := &content.Project{Slug: "c-whole", Title: "Whole dollars", Start: date("2019-01"), End: date("2019-02-28"),
		Budget: 614483100, HasBudget: true, Sum: 3}
	extremes := &content.Project{Slug: "d-extremes", Title: "Extremes", Start: content.Date{Year: 9999, Month: 12}, End: content.Date{Year: 10000, Month: 2, Day: 29},
		Budget: math.MinInt64, HasBudget: true, Sum: 4}
	zero := &content.Project{Slug: "e-zero", Title: "Negative budget", Start: date("2024-06"), HasBudget: true, Budget: -5, Sum: 5}
	early := &content.Project{Slug: "f-early", Title: "Early", Start: content.Date{Year: 5, Month: 3}, End: content.Date{Year: 999, Month: 1, Day: 7},
		HasBudget: true, Sum: 6}
	odder := &content.Project{Slug: "g-odd-dates", Title: "Odd dates", Start: content.Date{Year: 2020, Month: 13, Day: 123},
		End: content.Date{Year: 12345, Month: 2, Day: 99}, Budget: math.MaxInt64, HasBudget: true, Sum: 7}
	negative := &content.Project{Slug: "h-negative-dates", Title: "Negative dates", Start: content.Date{Year: -5, Month: -1},
		End: content.Date{Year: 2020, Month: 1, Day: -3}, Sum: 8}

	projects := []*site.Project{
		{Project: full, Status: content.Current, Derived: true, Division: odd, URL: "/projects/a-full/",
			Places: []*site.Place{country, region, group, unknown}, Within: []*site.Place{region, group}, Funders: []*site.Funder{funder, funder}},
		{Project: empty, URL: "\xa8"},
		{Project: whole, Status: content.Past, Division: "DPADM", URL: "/projects/c-whole/",
			Places: []*site.Place{region}, Within: []*site.Place{country}, Funders: []*site.Funder{{Name: "Plain"}}},
		{Project: extremes, Status: content.Upcoming, URL: "/projects/d/", Places: []*site.Place{unknown, country}},
		{Project: zero, Status: "odd\x01", URL: "/projects/e/", Within: []*site.Place{group, group}},
		{Project: early, URL: "/projects/f/"},
		{Project: odder, URL: "/projects/g/"},
		{Project: negative, URL: "/projects/h/"},
	}
	lang := ""
	if strings.HasPrefix(base, "https:") {
		lang = "<&\"'>-x"
	}
	return &site.Site{
		Settings: site.Settings{Title: odd, Organization: "UN <DESA>", Division: "DPADM", DivisionName: odd, BaseURL: base, Language: lang},
		AsOf:     asOf,
		Projects: projects,
	}
}

// BenchmarkDownload makes each download both ways: whole, as Files does,
// and a project at a time into a writer, as Stream does for the command
// line build.
func BenchmarkDownload(b *testing.B) {
	s := benchSite(b)
	whole := map[string]func(*site.Site) ([]byte, error){
		export.JSONPath: export.JSON,
		export.CSVPath:  export.CSV,
		export.IATIPath: func(s *site.Site) ([]byte, error) { return export.IATI(s, orgRef, "") },
	}
	for _, d := range export.Stream(s, orgRef, "") {
		b.Run(path.Base(d.Path)+"/Files", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := whole[d.Path](s); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(path.Base(d.Path)+"/Stream", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
