package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"portfolio/internal/export"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// TestCSVRoundTrip parses the CSV of both sites with encoding/csv and
// compares every cell, lists split back on "; ", with the site.
func TestCSVRoundTrip(t *testing.T) {
	for _, s := range []*site.Site{realSite(t), handSite(t)} {
		data, err := export.CSV(s)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(data, []byte("\uFEFF")) || bytes.Contains(data, []byte("\r\n")) {
			t.Error("projects.csv has a byte-order mark or \\r\\n line ends")
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = len(export.CSVHeader())
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("projects.csv does not parse: %v", err)
		}
		if !slices.Equal(rows[0], export.CSVHeader()) {
			t.Errorf("header = %q", rows[0])
		}
		if len(rows) != len(s.Projects)+1 {
			t.Fatalf("%d rows, want a header and %d projects", len(rows), len(s.Projects))
		}
		bySlug := map[string]*site.Project{}
		for _, p := range s.Projects {
			bySlug[p.Slug] = p
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, row := range rows[1:] {
			cell := func(name string) string { return row[col[name]] }
			p := bySlug[cell("slug")]
			if p == nil {
				t.Errorf("row for %q: not a project of the site", cell("slug"))
				continue
			}
			checkRow(t, s, p, cell)
		}
	}
}

func checkRow(t *testing.T, s *site.Site, p *site.Project, cell func(string) string) {
	t.Helper()
	var end, endDate string
	if !p.End.IsZero() {
		end, endDate = p.End.String(), p.End.Last().Format(time.DateOnly)
	}
	for name, want := range map[string]string{
		"url": strings.TrimSuffix(s.Settings.BaseURL, "/") + p.URL, "title": p.Title, "code": p.Code,
		"status": string(p.Status), "start": p.Start.String(), "end": end,
		"start_date": p.Start.First().Format(time.DateOnly), "end_date": endDate,
		"division": p.Division, "link": p.Link, "summary": p.Summary,
	} {
		if got := cell(name); got != want {
			t.Errorf("%s: %s = %q, want %q", p.Slug, name, got, want)
		}
	}
	if got := cell("budget_usd"); (got != "") != p.HasBudget {
		t.Errorf("%s: budget_usd = %q, want it empty exactly when no budget is stated", p.Slug, got)
	} else if got != "" {
		f, err := strconv.ParseFloat(got, 64)
		if err != nil || int64(math.Round(f*100)) != int64(p.Budget) {
			t.Errorf("%s: budget_usd = %q, want %d cents", p.Slug, got, p.Budget)
		}
	}
	var funding, names, iso3, m49, sdgs []string
	for _, f := range p.Funders {
		funding = append(funding, f.Name)
	}
	for _, pl := range p.Places {
		names = append(names, pl.Name)
		if pl.Kind == places.Country {
			iso3 = append(iso3, pl.ISO3)
		}
		code := pl.M49
		if pl.Kind == places.Group { // the groups M49 defines have its codes
			code = map[string]string{"ldc": "199", "lldc": "432", "sids": "722"}[pl.Code]
		}
		if code != "" {
			m49 = append(m49, code)
		}
	}
	for _, g := range p.SDGs {
		sdgs = append(sdgs, strconv.Itoa(g))
	}
	var targets []string
	for _, t := range p.SDGTargets {
		targets = append(targets, t.Text)
	}
	for name, want := range map[string][]string{
		"funding": funding, "partners": p.Partners, "sdgs": sdgs, "sdg_targets": targets,
		"countries": names, "country_iso3": iso3, "country_m49": m49,
	} {
		if got := split(cell(name)); !slices.Equal(got, want) {
			t.Errorf("%s: %s splits to %q, want %q", p.Slug, name, got, want)
		}
	}
}

// split is how a reader gets a list back from a cell: nothing from an
// empty cell, else the parts between "; ".
func split(cell string) []string {
	if cell == "" {
		return nil
	}
	return strings.Split(cell, export.ListSep)
}

// TestCSVValues checks cells by hand: cents, quoting and codes.
func TestCSVValues(t *testing.T) {
	data, err := export.CSV(handSite(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"slug,url,title,code,status,start,end,start_date,end_date,funding,budget_usd,division,partners,link,sdgs,sdg_targets,countries,country_iso3,country_m49,last_modified,summary\n",
		`a-cents,https://example.org/sub/projects/a-cents/,"Çà et là: ""quoted"", commas, semi; colons — São Tomé",QX-1,past,2020-02-15,2021-02,2020-02-15,2021-02-28,` +
			`"Fonds d'affectation spéciale, Genève",1234567.89,DPADM,"UN-Women; ITU, UNDP and ""friends""",https://example.org/report.pdf?x=1,16; 17,16.6; 17.a,` +
			`Côte d’Ivoire; Kazakhstan; Sao Tome and Principe,CIV; KAZ; STP,384; 398; 678,2026-03-14T09:26:53Z,` + `"A ""summary"", with commas; and a line."` + "\n",
		"b-open,https://example.org/sub/projects/b-open/,\"Open-ended, no budget\",,current,2025-03,,2025-03-01,,Development Account (DA),,DPADM,,,,,Least Developed Countries; Africa,,199; 002,,\n",
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("projects.csv lacks the line\n%s\ngot:\n%s", want, data)
		}
	}
}

// TestCSVListSep checks the rule that keeps lists splittable: a value with
// "; " in it is refused, naming the file; and no name in the atlas, which
// any project may list, has one.
func TestCSVListSep(t *testing.T) {
	p := handProjects()[1]
	p.Partners = []string{"Ministry of Planning; Statistics Office"}
	_, err := export.CSV(handSite(t, p))
	if err == nil || !strings.Contains(err.Error(), "content/projects/b.md: partners \"Ministry of Planning; Statistics Office\"") {
		t.Errorf("CSV with \"; \" in a partner: err = %v, want one naming the file and the value", err)
	}
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]*places.Place{atlas.Countries(), atlas.Regions(), atlas.Groups()} {
		for _, pl := range list {
			if strings.Contains(pl.Name, export.ListSep) {
				t.Errorf("place name %q contains %q", pl.Name, export.ListSep)
			}
		}
	}
}

// TestCSVInert: a text cell a spreadsheet could run as a formula — one
// beginning with =, +, -, @, a tab or a carriage return, as OWASP lists
// them — gets a ' before it in the CSV, and so does one beginning with '
// (so that dropping the first ' of a cell always gives the text back);
// the JSON keeps the exact text, and numbers stay numbers.
func TestCSVInert(t *testing.T) {
	for _, c := range []string{"=", "+", "-", "@", "\t", "\r", "'"} {
		p := handProjects()[0]
		p.Title, p.Code = c+"HYPERLINK(\"https://example.org/\")", c+"1"
		p.Funding = values(c + "SUM(A1:A2)")
		p.Partners = []string{c + "cmd|' /C calc'!A0", "UNDP"}
		s := handSite(t, p)
		data, err := export.CSV(s)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		cell := map[string]string{}
		for i, h := range rows[0] {
			cell[h] = rows[1][i]
		}
		for name, want := range map[string]string{
			"title": "'" + p.Title, "code": "'" + p.Code, "funding": "'" + p.Funding[0].Text,
			"partners": "'" + p.Partners[0] + export.ListSep + "UNDP", "budget_usd": "1234567.89",
		} {
			if got := cell[name]; got != strings.ReplaceAll(want, "\r", "\n") && got != want {
				t.Errorf("%q: CSV %s = %q, want %q", c, name, got, want)
			}
		}
		js, err := export.JSON(s)
		if err != nil {
			t.Fatal(err)
		}
		var doc jsonDocument
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Fatal(err)
		}
		if got := doc.Projects[0]; got.Title != p.Title || str(got.Code) != p.Code || got.Funding[0] != p.Funding[0].Text || got.Partners[0] != p.Partners[0] {
			t.Errorf("%q: JSON title, code, funding, partners = %q, %q, %q, %q; want the text as written", c, got.Title, str(got.Code), got.Funding, got.Partners)
		}
	}
}
