package build

import (
	"encoding/json"
	"html"
	"io/fs"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"

	"portfolio/internal/places"
)

// aliasSite is the real site with its projects' bodies cut off, so that only
// what the site itself writes about places is left (the legacy narratives
// are quoted as they were), and one project more that names every country
// with aliases by one of them ("Tanzania", "Lao PDR", "Turkey", "Hong Kong,
// China"...), as editors may.
func aliasSite(t *testing.T, atlas *places.Atlas) fs.FS {
	t.Helper()
	repo := os.DirFS("../..")
	m := fstest.MapFS{}
	for _, root := range []string{"content", "layouts", "assets", "translations", "site.yaml"} {
		err := fs.WalkDir(repo, root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(repo, path)
			if err != nil {
				return err
			}
			if strings.HasPrefix(path, "content/projects/") {
				front, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
				data = []byte("---\n" + front + "\n---\n")
			}
			m[path] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var list strings.Builder
	for _, c := range atlas.Countries() {
		if aliases := atlas.Aliases(c); len(aliases) > 0 {
			list.WriteString("  - \"" + aliases[0] + "\"\n")
		}
	}
	m["content/projects/every-alias.md"] = &fstest.MapFile{Data: []byte("---\ntitle: \"Every country by another name\"\nstart: 2015-01\nend: 2015-12\nfunding:\n  - Development Account (DA)\nbudget: 1000\ncountries:\n" + list.String() + "---\n")}
	return m
}

// shown returns what a reader sees of an output file: for HTML its text,
// for the other files their values, without addresses, paths and slugs,
// identifiers that spell names in lower case with hyphens
// ("united-republic-of-tanzania", "igf-turkiye-2011-2015").
func shown(path string, data []byte) string {
	s := string(data)
	if strings.HasSuffix(path, ".html") {
		s = html.UnescapeString(tags.ReplaceAllString(s, " "))
	}
	return slugs.ReplaceAllString(paths.ReplaceAllString(s, " "), " ")
}

var (
	tags  = regexp.MustCompile(`<[^>]*>`)
	paths = regexp.MustCompile(`[^\s"<>,]*/[^\s"<>,]*`)
	slugs = regexp.MustCompile(`\b[a-z0-9]+(?:-[a-z0-9]+)+\b`)
)

// TestNoShortFormShown builds aliasSite and checks that no page, list,
// chart, feed or download names a country by an alias: every place reads
// by its M49 name, however the file named it. The search index holds the
// aliases on purpose, to find places by them, and is not shown; the
// scripts and stylesheets are code.
func TestNoShortFormShown(t *testing.T) {
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	res := mustBuild(t, aliasSite(t, atlas), Options{AsOf: asOf})
	if !strings.Contains(string(fileData(t, res, "projects/every-alias/index.html")), "United Republic of Tanzania") {
		t.Fatal("the alias project's page does not name the United Republic of Tanzania: the test would see nothing")
	}
	for _, f := range res.Files {
		if f.Path == "data/index.json" || strings.HasPrefix(f.Path, "assets/") {
			continue
		}
		if _, renames := atlas.UNNames(shown(f.Path, f.Data)); renames != nil {
			t.Errorf("%s shows %d short or old forms, such as %q for %q", f.Path, len(renames), renames[0].Alias, renames[0].Name)
		}
	}
}

// TestCountryPagesAreStatesOrNamed checks the place policy on the real site,
// aliasSite and the fixture: every country page is a UN Member State's, an
// observer State's, or a place some project names; a territory only reached
// (Heard Island, through Africa) has none; and each page says which it is
// ("Member State", "Observer State" or, for a territory, "Area").
func TestCountryPagesAreStatesOrNamed(t *testing.T) {
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"real": os.DirFS("../.."), "aliases": aliasSite(t, atlas), "fixture": fixtureFS()} {
		res := mustBuild(t, fsys, Options{AsOf: asOf})
		named := map[string]bool{}
		for _, c := range res.Site.Countries {
			if len(c.Direct) > 0 {
				named[c.Slug] = true
			}
		}
		pages := 0
		labels := map[string]int{}
		for _, f := range res.Files {
			rest, ok := strings.CutPrefix(f.Path, "countries/")
			slug, page := strings.CutSuffix(rest, "/index.html")
			if !ok || !page || strings.Contains(slug, "/") {
				continue
			}
			pages++
			p := atlas.BySlug(slug)
			switch {
			case p == nil || p.Kind != places.Country:
				t.Errorf("%s: %s is no country's page", name, f.Path)
			case !p.IsState() && !named[slug]:
				t.Errorf("%s: %s is the page of %s, which is no State and which no project names", name, f.Path, p.Name)
			}
			if p != nil {
				kind := map[places.Status]string{places.MemberState: "Member State", places.ObserverState: "Observer State", places.NotState: "Area"}[p.UN]
				if !strings.Contains(string(f.Data), `<p class="meta">`+kind) {
					t.Errorf("%s: %s does not call %s a %s", name, f.Path, p.Name, kind)
				}
				labels[kind]++
			}
		}
		if pages != len(res.Site.Countries) || pages == 0 {
			t.Errorf("%s: %d country pages for %d countries", name, pages, len(res.Site.Countries))
		}
		if name == "aliases" && (labels["Area"] == 0 || labels["Observer State"] == 0) {
			t.Errorf("aliases: pages %v; want areas and observer States among them, named by their aliases", labels)
		}
	}
}

// fileData returns the output file at path, or fails the test.
func fileData(t *testing.T, res Result, path string) []byte {
	t.Helper()
	for _, f := range res.Files {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("no %s in the build", path)
	return nil
}

// TestSearchIndexKnowsAliases decodes data/index.json as the filter
// script does (render/index.go) and expects what the site model says: each
// project's address and places, each place's aliases, the projects naming
// it and reaching it, and what each reaches it through; and, in
// data/words/, each project under each word of its body.
func TestSearchIndexKnowsAliases(t *testing.T) {
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	checkSearchIndex(t, res)
}

// checkSearchIndex is TestSearchIndexKnowsAliases for the build res.
func checkSearchIndex(t *testing.T, res Result) {
	t.Helper()
	var index struct {
		Projects [][]json.RawMessage `json:"projects"`
		Places   [][]json.RawMessage `json:"places"`
		Words    []string            `json:"words"`
	}
	if err := json.Unmarshal(fileData(t, res, "data/index.json"), &index); err != nil {
		t.Fatal(err)
	}
	un := func(raw json.RawMessage, into any) {
		t.Helper()
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
	}
	undelta := func(a []int) []int {
		for i := 1; i < len(a); i++ {
			a[i] += a[i-1]
		}
		return a
	}
	slugOf := regexp.MustCompile(`[^a-z0-9]+`)
	type place struct {
		name          string
		aliases       []string
		direct, reach []int
		via           map[int]string
	}
	pls := make([]place, len(index.Places))
	ids := make([][]int, len(index.Projects))
	m := res.Site
	if len(index.Projects) != len(m.Projects) {
		t.Fatalf("%d projects in the index, %d in the site", len(index.Projects), len(m.Projects))
	}
	for i, raw := range index.Places {
		un(raw[0], &pls[i].name)
		un(raw[3], &pls[i].aliases)
	}
	for i, row := range index.Projects {
		var slug, title string
		var where []any
		un(row[0], &slug)
		un(row[1], &title)
		un(row[6], &where)
		if s, ok := strings.CutSuffix(slug, "*"); ok {
			slug = s + strings.Trim(slugOf.ReplaceAllString(strings.ToLower(title), "-"), "-")
		}
		p := m.Projects[i]
		if url := "/projects/" + slug + "/"; url != p.URL {
			t.Errorf("project %d: address %s, want %s", i, url, p.URL)
		}
		var names []string
		for _, w := range where {
			if n, ok := w.(float64); ok {
				ids[i] = append(ids[i], int(n))
				pls[int(n)].direct = append(pls[int(n)].direct, i)
				names = append(names, pls[int(n)].name)
			} else {
				names = append(names, w.(string))
			}
		}
		var want []string
		for _, pl := range p.Places {
			want = append(want, pl.Name)
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s: places %q, want %q", p.URL, names, want)
		}
	}
	for i, raw := range index.Places {
		var via, extra, except []int
		var said [][2]any
		un(raw[4], &via)
		un(raw[5], &extra)
		un(raw[6], &except)
		un(raw[7], &said)
		set := map[int]bool{}
		for _, v := range via {
			for _, j := range pls[v].direct {
				set[j] = true
			}
		}
		for _, j := range undelta(extra) {
			set[j] = true
		}
		for _, j := range undelta(except) {
			delete(set, j)
		}
		pl := &pls[i]
		pl.reach = slices.Sorted(maps.Keys(set))
		pl.via = map[int]string{}
		for _, j := range pl.reach {
			var names []string
			for _, x := range ids[j] {
				if slices.Contains(via, x) {
					names = append(names, pls[x].name)
				}
			}
			pl.via[j] = strings.Join(names, ", ")
		}
		for _, e := range said {
			pl.via[int(e[0].(float64))] = e[1].(string)
		}
	}
	found := false
	for i, sp := range slices.Concat(m.Countries, m.Groups) {
		pl := pls[i]
		if pl.name != sp.Name || !slices.Equal(pl.aliases, sp.Aliases) && len(pl.aliases)+len(sp.Aliases) > 0 {
			t.Errorf("place %d: %s %q, want %s %q", i, pl.name, pl.aliases, sp.Name, sp.Aliases)
		}
		var direct, reach []int
		want := map[int]string{}
		for _, p := range sp.Direct {
			direct = append(direct, p.Seq)
		}
		for _, r := range sp.Reached {
			reach = append(reach, r.Project.Seq)
			var names []string
			for _, v := range r.Via {
				names = append(names, v.Name)
			}
			want[r.Project.Seq] = strings.Join(names, ", ")
		}
		slices.Sort(direct)
		slices.Sort(reach)
		if !slices.Equal(pl.direct, direct) || !slices.Equal(pl.reach, reach) {
			t.Errorf("%s: naming it %v, reaching it %v; want %v, %v", sp.Name, pl.direct, pl.reach, direct, reach)
		}
		if !maps.Equal(pl.via, want) {
			t.Errorf("%s: reached through %v, want %v", sp.Name, pl.via, want)
		}
		if sp.Name == "Türkiye" {
			found = true
			if !slices.Contains(pl.aliases, "Turkey") || !slices.Contains(slices.Collect(maps.Values(pl.via)), "All Member States") {
				t.Errorf("Türkiye: aliases %q, via %v; want Turkey among the aliases, All Member States among the vias", pl.aliases, pl.via)
			}
		}
	}
	if !found && len(m.Projects) > 0 {
		t.Error("no Türkiye in the search index")
	}
	// The words: each project under each of its body's words, folded.
	has := map[string][]int{}
	for _, key := range index.Words {
		var shard map[string][]int
		un(json.RawMessage(fileData(t, res, "data/words/"+key+".json")), &shard)
		for w, ps := range shard {
			has[w] = undelta(ps)
		}
	}
	for _, p := range m.Projects {
		for w := range strings.FieldsSeq(p.Words) {
			if f := foldWord(w); !slices.Contains(has[f], p.Seq) {
				t.Errorf("%s: not under %q (%q) in data/words/", p.URL, f, w)
				return
			}
		}
	}
}

// foldWord folds a word as the filter script does: lower case, no accents.
func foldWord(w string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x300 && r <= 0x36f {
			return -1
		}
		return r
	}, norm.NFD.String(strings.ToLower(w)))
}

// TestSarkHasNoISOCode: Sark, new in M49, has no ISO 3166-1 code, so the
// downloads give it by its M49 code alone: an IATI recipient-region in the
// M49 vocabulary, and no empty entry in the CSV's ISO column.
func TestSarkHasNoISOCode(t *testing.T) {
	m := fstest.MapFS{}
	for path, data := range map[string]string{
		"site.yaml":                "title: Sark\nbase_url: https://example.org/\n",
		"content/projects/sark.md": "---\ntitle: Sark\nstart: 2015-01\nend: 2015-12\nfunding:\n  - Development Account (DA)\nbudget: 1000\ncountries:\n  - Sark\n  - Jersey\n---\n",
	} {
		m[path] = &fstest.MapFile{Data: []byte(data)}
	}
	fsys := fixture{site: m, repo: os.DirFS("../..")}
	res := mustBuild(t, fsys, Options{AsOf: asOf})
	iati := string(fileData(t, res, "data/iati-activities.xml"))
	for _, want := range []string{`<recipient-country code="JE" percentage="50">`, `<recipient-region code="680" vocabulary="2" percentage="50">`} {
		if !strings.Contains(iati, want) {
			t.Errorf("the IATI file lacks %s:\n%s", want, iati)
		}
	}
	if csv := string(fileData(t, res, "data/projects.csv")); !strings.Contains(csv, ",JEY,680; 832,") {
		t.Errorf("the CSV's codes for Sark and Jersey are not JEY and 680; 832:\n%s", csv)
	}
}

// TestGroupPagesSayWhatTheyAre: the real site's group pages say what the
// README and docs/content.md say of each group.
func TestGroupPagesSayWhatTheyAre(t *testing.T) {
	res := mustBuild(t, os.DirFS("../.."), Options{AsOf: asOf})
	for path, want := range map[string]string{
		"groups/developing-countries/index.html":      "Developing Countries is a global scope, not a list of countries",
		"groups/asia-and-the-pacific/index.html":      "its 49 regional members",
		"groups/all-member-states/index.html":         "the 193 Member States",
		"groups/least-developed-countries/index.html": "on the UN list of LDCs, and a UN Member State",
		"countries/index.html":                        "“Developing Countries” is a global scope",
	} {
		if got := html.UnescapeString(string(fileData(t, res, path))); !strings.Contains(got, want) {
			t.Errorf("%s does not say %q", path, want)
		}
	}
}
