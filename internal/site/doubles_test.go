package site

import (
	"slices"
	"strings"
	"testing"

	"portfolio/internal/content"
	"portfolio/internal/diag"
)

// TestDoubles: what readers would take for one thing but the site shows as
// two is a warning where the second is written; what is two is not.
func TestDoubles(t *testing.T) {
	titled := func(path, title string) *content.Project {
		p := project(path, strings.TrimSuffix(path, ".md"), "2015-01", "2015-12", "Peru")
		p.Title, p.TitlePos = title, diag.Pos{Line: 2, Col: 8}
		return p
	}
	funded := func(path string, funders ...string) *content.Project {
		p := project(path, strings.TrimSuffix(path, ".md"), "2015-01", "2015-12", "Peru")
		p.Funding = nil
		for i, f := range funders {
			p.Funding = append(p.Funding, content.Value{Text: f, Pos: diag.Pos{Line: 5 + i, Col: 5}})
		}
		return p
	}
	partnered := func(path string, partners ...string) *content.Project {
		p := project(path, strings.TrimSuffix(path, ".md"), "2015-01", "2015-12", "Peru")
		for i, name := range partners {
			p.Partners = append(p.Partners, name)
			p.PartnersPos = append(p.PartnersPos, diag.Pos{Line: 9 + i, Col: 5})
		}
		return p
	}
	for _, tt := range []struct {
		name  string
		files []*content.Project
		want  []string
	}{
		{"same titles", []*content.Project{titled("b.md", "E-government in Peru"), titled("a.md", "E-Government  in peru"), titled("c.md", "E-government in Peru"), titled("d.md", "E-government in Chile")}, []string{
			`b.md:2:8: warning: title "E-government in Peru" is also the title of a.md, and lists and search cannot tell the two apart; make the titles differ, for example by country or years`,
			`c.md:2:8: warning: title "E-government in Peru" is also the title of a.md, and lists and search cannot tell the two apart; make the titles differ, for example by country or years`,
		}},
		{"an acronym left off", []*content.Project{funded("a.md", "Development Account (DA)"), funded("b.md", "Development Account (DA)"), funded("c.md", "Brazil", "development account")}, []string{
			`c.md:6:5: warning: funder "development account" is written almost as "Development Account (DA)" (2 projects); if they are one funder, write it the same way everywhere, or it gets two pages`,
		}},
		{"a slip", []*content.Project{funded("a.md", "Brasil", "European Comission"), funded("b.md", "Brazil", "European Commission"), funded("c.md", "Brazil", "European Commission")}, []string{
			`a.md:5:5: warning: funder "Brasil" is written almost as "Brazil" (2 projects); if they are one funder, write it the same way everywhere, or it gets two pages`,
			`a.md:6:5: warning: funder "European Comission" is written almost as "European Commission" (2 projects); if they are one funder, write it the same way everywhere, or it gets two pages`,
		}},
		{"two", []*content.Project{
			funded("a.md", "Slovakia", "UNDP", "Trust Fund (A)", "Fund 1", "Japan", "Government of Iran", "Ministry of Foreign Affairs of Austria", "Government of Slovakia", "Government of the Netherlands"),
			funded("b.md", "Slovenia", "UNEP", "Trust Fund (B)", "Fund 2", "Japon", "Government of Iraq", "Ministry of Foreign Affairs of Australia", "Government of Slovenia", "Government of the Philippines"),
		}, nil},
		{"a slip in a long name", []*content.Project{funded("a.md", "Ministry of Foreign Affairs of Germany"), funded("b.md", "Ministry of Foreign Affairs of Germnay")}, []string{
			`b.md:5:5: warning: funder "Ministry of Foreign Affairs of Germnay" is written almost as "Ministry of Foreign Affairs of Germany" (1 project); if they are one funder, write it the same way everywhere, or it gets two pages`,
		}},
		{"no title", []*content.Project{titled("a.md", ""), titled("b.md", "")}, nil},
		{"one slug", []*content.Project{funded("b.md", "Fund and Co", "UNDP"), funded("a.md", "Fund & Co"), funded("c.md", "Fund & Co", "Fund and Co", "Fund-and-Co")}, []string{
			`b.md:5:5: warning: funder "Fund and Co" and "Fund & Co" (a.md:5) make the same address, /funders/fund-and-co/, so the site shows them as one funder under one of the names; if they are one, write it the same way everywhere, and if two, make their names differ in letters or digits`,
			`c.md:6:5: warning: funder "Fund and Co" and "Fund & Co" (a.md:5) make the same address, /funders/fund-and-co/, so the site shows them as one funder under one of the names; if they are one, write it the same way everywhere, and if two, make their names differ in letters or digits`,
			`c.md:7:5: warning: funder "Fund-and-Co" and "Fund & Co" (a.md:5) make the same address, /funders/fund-and-co/, so the site shows them as one funder under one of the names; if they are one, write it the same way everywhere, and if two, make their names differ in letters or digits`,
		}},
		{"a reserved name", []*content.Project{funded("a.md", "CON"), funded("b.md", "Con", "AUX Fund")}, []string{
			`a.md:5:5: warning: funder "CON"'s page's address ends in "con", a name Windows reserves for a device, so a folder named so cannot be made or copied there; write the funder's name in full`,
			`b.md:5:5: warning: funder "Con" and "CON" (a.md:5) make the same address, /funders/con/, so the site shows them as one funder under one of the names; if they are one, write it the same way everywhere, and if two, make their names differ in letters or digits`,
		}},
		{"one slug, partners", []*content.Project{partnered("a.md", "Université de Genève", "OECD"), partnered("b.md", "Universite de Geneve", "OECD")}, []string{
			`b.md:9:5: warning: partner "Universite de Geneve" and "Université de Genève" (a.md:9) differ only in what an address leaves out (both make "universite-de-geneve"), so readers take them for one partner while related projects and the downloads count two; if they are one, write it the same way everywhere`,
		}},
	} {
		s, l := build(t, "2026-11-29", tt.files...)
		if l.HasErrors() {
			t.Fatalf("%s: %v", tt.name, l.Err())
		}
		var got []string
		for _, d := range append(append(sameTitles(s), closeFunders(s, loadAtlas(t))...), sameSlugs(s)...) {
			got = append(got, d.String())
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}
