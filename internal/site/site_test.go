package site

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/places"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func date(s string) content.Date {
	if s == "" {
		return content.Date{}
	}
	d, err := content.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestStatusOn(t *testing.T) {
	tests := []struct {
		start, end, asOf string
		want             content.Status
	}{
		{"2017-01", "2019-12", "2016-12-31", content.Upcoming},
		{"2017-01", "2019-12", "2017-01-01", content.Current}, // first day of the start month
		{"2017-01", "2019-12", "2019-12-31", content.Current}, // a month-only end runs to its last day
		{"2017-01", "2019-12", "2020-01-01", content.Past},
		{"2017-01-15", "2019-12-10", "2017-01-14", content.Upcoming},
		{"2017-01-15", "2019-12-10", "2017-01-15", content.Current},
		{"2017-01-15", "2019-12-10", "2019-12-10", content.Current},
		{"2017-01-15", "2019-12-10", "2019-12-11", content.Past},
		{"2024-02", "2024-02", "2024-02-29", content.Current}, // leap day
		{"2024-02", "2024-02", "2024-03-01", content.Past},
		{"2010-01", "", "2026-11-29", content.Current}, // open-ended
		{"2009-01", "2010-12", "2026-11-29", content.Past},
		{"2009-01", "2010-12", "2010-06-01", content.Current}, // the site as it stood then
	}
	for _, tt := range tests {
		got := StatusOn(date(tt.start), date(tt.end), day(tt.asOf))
		if got != tt.want {
			t.Errorf("StatusOn(%s, %s, %s) = %s, want %s", tt.start, tt.end, tt.asOf, got, tt.want)
		}
	}
}

func project(path, slug, start, end string, countries ...string) *content.Project {
	p := &content.Project{Path: path, Slug: slug, Title: slug, Start: date(start), End: date(end),
		Funding: []content.Value{{Text: "Development Account (DA)", Pos: diag.Pos{Line: 5, Col: 5}}}}
	for i, c := range countries {
		p.Countries = append(p.Countries, content.Value{Text: c, Pos: diag.Pos{Line: 8 + i, Col: 5}})
	}
	return p
}

// loadAtlas loads the country data, which every build needs.
func loadAtlas(t *testing.T) *places.Atlas {
	t.Helper()
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	return atlas
}

func build(t *testing.T, asOf string, projects ...*content.Project) (*Site, diag.List) {
	t.Helper()
	atlas := loadAtlas(t)
	return Build(Settings{Division: "DPADM"}, projects, atlas, Options{AsOf: day(asOf)})
}

func TestBuildErrors(t *testing.T) {
	_, l := build(t, "2026-11-29",
		project("content/projects/a.md", "a", "2017-01", "2019-12", "Bangaldesh", "Least Developed Countries"),
		project("content/projects/b.md", "a", "2017-01", "2019-12", "Togo"),
	)
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		`content/projects/a.md:8:5: unknown country or group "Bangaldesh"; did you mean "Bangladesh"?`,
		`content/projects/b.md:1:1: slug "a" is also used by content/projects/a.md; set a different ` + "`slug:`" + ` in one of them`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMembershipByDate(t *testing.T) {
	s, l := build(t, "2026-11-29",
		project("ldc.md", "ldc-2013", "2013-07", "2015-12", "Least Developed Countries"),
		project("ldc2016.md", "ldc-2016", "2016-01", "2016-12", "LDCs"),
		project("bd.md", "bd", "2018-01", "2018-12", "Bangladesh"),
	)
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	find := func(name string) *Place {
		for _, p := range append(s.Countries, s.Groups...) {
			if p.Name == name {
				return p
			}
		}
		return nil
	}
	reached := func(p *Place) []string {
		var out []string
		for _, r := range p.Reached {
			out = append(out, r.Project.Slug)
		}
		return out
	}
	bd := find("Bangladesh")
	if got := strings.Join(reached(bd), ","); got != "ldc-2016,ldc-2013" {
		t.Errorf("Bangladesh reached by %s, want ldc-2016,ldc-2013 (newest first)", got)
	}
	if len(bd.Direct) != 1 || bd.Direct[0].Slug != "bd" {
		t.Errorf("Bangladesh direct projects wrong: %v", bd.Direct)
	}
	// Samoa left on 2014-01-01: in the 2013–2015 project, not in 2016's.
	if got := strings.Join(reached(find("Samoa")), ","); got != "ldc-2013" {
		t.Errorf("Samoa reached by %q, want ldc-2013", got)
	}
	// Maldives left in 2011: neither.
	if m := find("Maldives"); m != nil {
		t.Errorf("Maldives reached by %v, but left the LDC list in 2011", reached(m))
	}
	// The LDC group page lists Bangladesh's own project, which began while it was an LDC.
	ldc := find("Least Developed Countries")
	if got := strings.Join(reached(ldc), ","); got != "bd" {
		t.Errorf("LDC group reached by %q, want bd", got)
	}
	// Status and division defaults.
	for _, p := range s.Projects {
		if p.Status != content.Past || p.Division != "DPADM" || !p.Derived {
			t.Errorf("%s: status %s, division %q", p.Slug, p.Status, p.Division)
		}
	}
}

func TestRelated(t *testing.T) {
	s, _ := build(t, "2026-11-29",
		project("a.md", "a", "2013-07", "2015-12", "Least Developed Countries"),
		project("b.md", "b", "2014-01", "2014-12", "Bangladesh"),
		project("c.md", "c", "2015-01", "2015-12", "Peru"),
		project("d.md", "d", "2016-01", "2016-12", "Bangladesh", "Nepal"),
	)
	for _, p := range s.Projects {
		if p.Slug != "d" {
			continue
		}
		var got []string
		for _, r := range p.Related {
			got = append(got, r.Slug)
		}
		// b shares Bangladesh (3 + 1 funder); a reaches both through the LDC
		// group (1 + 1); c only the funder (1).
		if strings.Join(got, ",") != "b,a,c" {
			t.Errorf("related to d: %v, want b,a,c", got)
		}
	}
}

// TestRelatedAfterRetitling edits the title of one of two projects that tie
// for a third's related list, which breaks ties by the order of projects
// (newest first, then by title): with a cache, the list must come out as a
// clean build has it, whether the edit reorders the two or not.
func TestRelatedAfterRetitling(t *testing.T) {
	atlas := loadAtlas(t)
	files := func(xTitle string) []*content.Project {
		x := project("x.md", "x", "2015-01", "2015-12", "Peru")
		x.Title = xTitle
		return []*content.Project{x, project("y.md", "y", "2015-01", "2015-12", "Peru"), project("z.md", "z", "2014-01", "2014-12", "Peru")}
	}
	related := func(s *Site) string {
		for _, p := range s.Projects {
			if p.Slug == "z" {
				var got []string
				for _, r := range p.Related {
					got = append(got, r.Slug)
				}
				return strings.Join(got, ",")
			}
		}
		return "no z"
	}
	opts := Options{AsOf: day("2026-11-29"), Cache: NewCache()}
	if s, _ := Build(Settings{}, files("x"), atlas, opts); related(s) != "x,y" {
		t.Fatalf("before the edits: related to z %s, want x,y", related(s))
	}
	for _, title := range []string{"a x", "zz x", "b x", "x"} {
		cached, _ := Build(Settings{}, files(title), atlas, opts)
		clean, _ := Build(Settings{}, files(title), atlas, Options{AsOf: day("2026-11-29")})
		if related(cached) != related(clean) {
			t.Errorf("x titled %q: related to z %s with the cache, %s without", title, related(cached), related(clean))
		}
	}
}

// TestShapeCoversTheFrontMatter keeps sameShape's list whole: every field of
// a parsed file is either in its shape (Build reads it), shown by pages
// only, or from the body, and a field added later must be placed here
// before the reuse of a site can skip it. Of the shape, the fields patch
// does not update must be in sameOrder, which keeps patch from the edits.
func TestShapeCoversTheFrontMatter(t *testing.T) {
	shape := map[string]func(*content.Project){
		"Path":        func(p *content.Project) { p.Path += "x" },
		"Slug":        func(p *content.Project) { p.Slug += "x" },
		"SlugPos":     func(p *content.Project) { p.SlugPos.Line++ },
		"Start":       func(p *content.Project) { p.Start.Year++ },
		"End":         func(p *content.Project) { p.End.Month++ },
		"Status":      func(p *content.Project) { p.Status = content.Past },
		"Funding":     func(p *content.Project) { p.Funding[0].Pos.Col++ },
		"Budget":      func(p *content.Project) { p.Budget++ },
		"HasBudget":   func(p *content.Project) { p.HasBudget = !p.HasBudget },
		"Division":    func(p *content.Project) { p.Division = "DSDG" },
		"Partners":    func(p *content.Project) { p.Partners = append(p.Partners, "UNDP") },
		"PartnersPos": func(p *content.Project) { p.PartnersPos = append(p.PartnersPos, diag.Pos{Line: 9, Col: 5}) },
		"Draft":       func(p *content.Project) { p.Draft = !p.Draft },
		"Countries":   func(p *content.Project) { p.Countries[0].Text = "Chile" },
	}
	shown := map[string]func(*content.Project){
		"Title":    func(p *content.Project) { p.Title += "x" },
		"TitlePos": func(p *content.Project) { p.TitlePos.Line++ },
		"Code":     func(p *content.Project) { p.Code += "x" },
		"Link":     func(p *content.Project) { p.Link = "https://example.org/" },
		"LinkPos":  func(p *content.Project) { p.LinkPos.Line++ },
		"SDGs":     func(p *content.Project) { p.SDGs = append(p.SDGs, 16) },
		"Modified": func(p *content.Project) { p.Modified = p.Modified.Add(time.Hour) },
		"SDGTargets": func(p *content.Project) {
			p.SDGTargets = append(p.SDGTargets, content.Value{Text: "16.6"})
		},
	}
	body := map[string]bool{"Body": true, "Summary": true, "Sections": true, "Text": true, "Words": true, "Links": true, "Sum": true, "Front": true}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[content.Project]()) {
		if shape[f.Name] == nil && shown[f.Name] == nil && !body[f.Name] {
			t.Errorf("content.Project.%s is new: add it to sameShape if Build reads it, else to this test's shown or body fields", f.Name)
		}
	}
	base := func() *content.Project { return project("a.md", "a", "2015-01", "2015-12", "Peru") }
	// Of those, patch updates a site for these; the others order a project
	// among the rest, and sameOrder must see them.
	patched := map[string]bool{"Funding": true, "Budget": true, "HasBudget": true, "Division": true, "Partners": true, "PartnersPos": true, "Countries": true}
	for name, edit := range shape {
		p := base()
		edit(p)
		if sameShape(p, base()) {
			t.Errorf("changing %s leaves the shape as it was", name)
		}
		if sameOrder(p, base()) != patched[name] {
			t.Errorf("changing %s: sameOrder says %v; want %v (patch updates a site for a change of %v only)", name, sameOrder(p, base()), patched[name], patched)
		}
	}
	for name, edit := range shown {
		p := base()
		edit(p)
		if !sameShape(p, base()) {
			t.Errorf("changing %s, which only pages show, changes the shape", name)
		}
	}
}

// randomProjects makes projects that share a few places, funders and
// partners, so that related lists tie and are cut short.
type randomProjects struct {
	rng  *rand.Rand
	next int // the number of the next project
}

var (
	randomCountries = []string{"Peru", "Chile", "Kenya", "Togo", "Nepal", "Fiji", "Africa", "Least Developed Countries", "Asia and the Pacific"}
	randomFunders   = []string{"Norway", "Japan", "Brazil"}
	randomPartners  = []string{"UNDP", "ITU", "undp"}
)

// pick returns n values of from, repeats allowed.
func (r *randomProjects) pick(from []string, n int) (out []string) {
	for range n {
		out = append(out, from[r.rng.IntN(len(from))])
	}
	return out
}

func (r *randomProjects) start() string {
	return fmt.Sprintf("20%02d-0%d", 10+r.rng.IntN(3), 1+r.rng.IntN(3))
}

func (r *randomProjects) values(texts []string, line int) (out []content.Value) {
	for i, v := range texts {
		out = append(out, content.Value{Text: v, Pos: diag.Pos{Line: line + i, Col: 5}})
	}
	return out
}

// project returns the next project.
func (r *randomProjects) project() *content.Project {
	p := project(fmt.Sprintf("p%03d.md", r.next), fmt.Sprintf("p%03d", r.next), r.start(), "")
	r.next++
	p.Countries = r.values(r.pick(randomCountries, 1+r.rng.IntN(3)), 8)
	p.Funding = r.values(r.pick(randomFunders, 1+r.rng.IntN(2)), 5)
	p.Partners = r.pick(randomPartners, r.rng.IntN(3))
	p.Title = fmt.Sprintf("T%d", r.rng.IntN(4))
	return p
}

// relatedSlugs lists every project's related projects, a line each.
func relatedSlugs(s *Site) string {
	var b strings.Builder
	for _, p := range s.Projects {
		fmt.Fprintf(&b, "%s: %v\n", p.Slug, slugs(p.Related))
	}
	return b.String()
}

// TestRelatedRandomEdits makes one random edit at a time to a site whose
// projects share many places, funders and partners — countries, funders,
// partners, title, start, a new project, a deleted one — and holds every
// cached build's related projects equal to a clean build's: the merge of
// one change into the last ranking must rank as scoring everything does.
func TestRelatedRandomEdits(t *testing.T) {
	atlas := loadAtlas(t)
	r := &randomProjects{rng: rand.New(rand.NewPCG(7, 11))}
	var files []*content.Project
	for range 60 {
		files = append(files, r.project())
	}
	cache := NewCache()
	asOf := day("2026-11-29")
	for step := range 300 {
		i := r.rng.IntN(len(files))
		p := *files[i]
		switch r.rng.IntN(7) {
		case 0:
			p.Countries = r.values(r.pick(randomCountries, 1+r.rng.IntN(2)), 8)
		case 1:
			p.Funding = r.values(r.pick(randomFunders, 1), 5)
		case 2:
			p.Partners = r.pick(randomPartners, r.rng.IntN(3))
		case 3:
			p.Title = fmt.Sprintf("T%d", r.rng.IntN(4))
		case 4:
			p.Start = date(r.start())
		case 5:
			files = append(files, r.project()) // paths sort as they are numbered
		case 6:
			if len(files) > 10 {
				files = slices.Delete(files, i, i+1)
			}
		}
		if i < len(files) && files[i].Path == p.Path {
			files[i] = &p // a new parsed file, as an edit gives
		}
		cached, _ := Build(Settings{}, slices.Clone(files), atlas, Options{AsOf: asOf, Cache: cache})
		clean, _ := Build(Settings{}, slices.Clone(files), atlas, Options{AsOf: asOf})
		if got, want := relatedSlugs(cached), relatedSlugs(clean); got != want {
			t.Fatalf("step %d: related projects with the cache differ from a clean build's:\n%s\nwant\n%s", step, got, want)
		}
	}
}

// TestScoreDirectlyMatchesIndexes ranks every project of a random site by
// comparing it with every other (scoreDirectly, for the few an edit
// changes) and holds each ranking to the indexed scoring's — with the
// lists of the site's keys short, and with most of them long, so that the
// ranking is found from the short ones where it can be.
func TestScoreDirectlyMatchesIndexes(t *testing.T) {
	for _, long := range []int{longLists, 6, 1} {
		t.Run(fmt.Sprint(long), func(t *testing.T) { scoreDirectlyMatchesIndexes(t, long) })
	}
}

func scoreDirectlyMatchesIndexes(t *testing.T, long int) {
	atlas := loadAtlas(t)
	r := &randomProjects{rng: rand.New(rand.NewPCG(3, 5))}
	var files []*content.Project
	for range 80 {
		files = append(files, r.project())
	}
	// With a cache, each project keeps its facts, and relate's keys in them.
	s, _ := Build(Settings{}, files, atlas, Options{AsOf: day("2026-11-29"), Cache: NewCache(), minLong: long})
	rels := make([]*relation, len(s.Projects))
	for i, p := range s.Projects {
		rels[i] = &relation{path: p.Path, relKeys: p.facts.keys, index: i}
	}
	for i, p := range s.Projects {
		want := slices.Clone(p.Related)
		scoreDirectly(s.Projects, rels, i)
		if !slices.Equal(p.Related, want) {
			t.Errorf("%s: scored directly %v, by the indexes %v", p.Slug, slugs(p.Related), slugs(want))
		}
	}
}

func slugs(ps []*Project) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}

// TestLongListsTie: projects found only in long lists can tie the last of
// those found in the short ones, and then the newer wins, so the long
// lists must be walked. Here the ones sharing the project's funder (a long
// list) score as much as those naming its region (a short one), and are
// newer.
func TestLongListsTie(t *testing.T) {
	atlas := loadAtlas(t)
	funded := func(p *content.Project, funder string) *content.Project {
		p.Funding = []content.Value{{Text: funder, Pos: p.Funding[0].Pos}}
		return p
	}
	files := []*content.Project{funded(project("i.md", "i", "2010-01", "", "Peru"), "Shared Fund")}
	for k := range 6 {
		files = append(files,
			funded(project(fmt.Sprintf("a%d.md", k), fmt.Sprintf("a%d", k), "2011-01", "", "South America"), fmt.Sprintf("Fund %d", k)),
			funded(project(fmt.Sprintf("b%d.md", k), fmt.Sprintf("b%d", k), "2015-01", "", "Japan"), "Shared Fund"),
			// More than relate scores one by one, sharing nothing with i.
			funded(project(fmt.Sprintf("c%d.md", k), fmt.Sprintf("c%d", k), "2012-01", "", "Fiji"), fmt.Sprintf("Other Fund %d", k)))
	}
	// And one whose country only two others name: its list is filled
	// from the long one.
	files = append(files, funded(project("lone.md", "lone", "2009-01", "", "Bhutan"), "Shared Fund"),
		funded(project("d0.md", "d0", "2008-01", "", "Bhutan"), "Fund D0"),
		funded(project("d1.md", "d1", "2008-02", "", "Bhutan"), "Fund D1"))
	s, _ := Build(Settings{}, files, atlas, Options{AsOf: day("2026-11-29"), minLong: 6})
	want := map[string][]string{
		"i":    {"b0", "b1", "b2", "b3", "b4"}, // newer than a0…a5, and as close
		"lone": {"d1", "d0", "b0", "b1", "b2"}, // the two in Bhutan, then those with its funder
	}
	for _, p := range s.Projects {
		if w, ok := want[p.Slug]; ok && !slices.Equal(slugs(p.Related), w) {
			t.Errorf("%s's related projects: %v, want %v", p.Slug, slugs(p.Related), w)
		}
	}
}

// TestPostingsSetOnlyOnce: a list in which a project appears twice (it
// lists a partner twice, in two spellings) adds twice to its score, which
// a set cannot tell: it is walked, never kept as a set.
func TestPostingsSetOnlyOnce(t *testing.T) {
	var once, twice postings
	for _, i := range []int32{0, 1, 2} {
		once.add(i)
		twice.add(i)
	}
	twice.add(2)
	once.index(1, 3)
	twice.index(1, 3)
	if once.set == nil || !once.has(2) || twice.set != nil {
		t.Errorf("long lists: set %v for 0 1 2, %v for 0 1 2 2; want a set for the first only", once.set, twice.set)
	}
}

// TestRegionsInsideReached: a project naming a region or group is listed
// on the pages of the regions inside it (Southern Asia, for Asia and the Pacific),
// as it is on its countries' pages, but does not count for them: they are
// not among its Within, nor keys of its related projects.
func TestRegionsInsideReached(t *testing.T) {
	hub := project("hub.md", "hub", "2015-01", "2016-12", "Asia and the Pacific")
	bd := project("bd.md", "bd", "2015-01", "2016-12", "Bangladesh")
	s, l := build(t, "2026-11-29", hub, bd)
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	var asia, south *Place
	for _, g := range s.Groups {
		switch g.Slug {
		case "asia":
			asia = g
		case "southern-asia":
			south = g
		}
	}
	if asia == nil || south == nil {
		t.Fatal("no page for Asia or Southern Asia")
	}
	reachedBy := func(pl *Place) []string {
		var reached []string
		for _, r := range pl.Reached {
			var via []string
			for _, v := range r.Via {
				via = append(via, v.Name)
			}
			reached = append(reached, r.Project.Slug+" through "+strings.Join(via, ", "))
		}
		slices.Sort(reached)
		return reached
	}
	if got, want := reachedBy(south), []string{"bd through Bangladesh", "hub through Asia and the Pacific"}; !slices.Equal(got, want) {
		t.Errorf("Southern Asia is reached by %q, want %q", got, want)
	}
	// Asia is not inside ESCAP's region: Western Asia is ESCWA's.
	if got, want := reachedBy(asia), []string{"bd through Bangladesh"}; !slices.Equal(got, want) {
		t.Errorf("Asia is reached by %q, want %q", got, want)
	}
	for _, p := range s.Projects {
		has := slices.Contains(p.Within, south)
		if has != (p.Slug == "bd") {
			t.Errorf("%s counts for Southern Asia: %v", p.Slug, has)
		}
	}
}
