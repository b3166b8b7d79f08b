package site

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"portfolio/internal/content"
)

// TestPatchMatchesBuild makes one random edit at a time to a site whose
// projects share many places and funders — mostly of what patch takes
// (countries, funders, budget, division, partners), sometimes of what it
// leaves to Build (title, start) — and holds every cached build's whole
// site, every list and total in it, to a clean build's. On a small site,
// places and funders often lose their last project, and their pages go.
func TestPatchMatchesBuild(t *testing.T) {
	for _, n := range []int{50, 6} {
		t.Run(fmt.Sprint(n), func(t *testing.T) { randomPatches(t, n) })
	}
}

func randomPatches(t *testing.T, n int) {
	atlas := loadAtlas(t)
	r := &randomProjects{rng: rand.New(rand.NewPCG(5, uint64(n)))}
	front := uint64(0) // each parsed file's front matter hash, new at each edit
	edit := func(p *content.Project) *content.Project {
		front++
		p.Front = front
		return p
	}
	var files []*content.Project
	for range n {
		files = append(files, edit(r.project()))
	}
	// Rarer places and funders come and go: their pages with them.
	countries := append([]string{"Bhutan", "Samoa", "Mongolia"}, randomCountries...)
	funders := []string{"Norway", "Japan", "Brazil", "norway", "World Bank", "Atlantis Fund"}
	cache := NewCache()
	asOf := day("2026-11-29")
	settings := Settings{Division: "DPADM"}
	last, _ := Build(settings, files, atlas, Options{AsOf: asOf, Cache: cache})
	patched := 0
	for step := range 400 {
		i := r.rng.IntN(len(files))
		p := *files[i]
		var what string
		switch r.rng.IntN(8) {
		case 0, 1:
			what = "countries"
			p.Countries = r.values(r.pick(countries, r.rng.IntN(4)), 8)
		case 2:
			what = "funding"
			p.Funding = r.values(r.pick(funders, r.rng.IntN(3)), 5)
		case 3:
			what = "budget"
			p.HasBudget = r.rng.IntN(3) > 0
			p.Budget = content.Money(0)
			if p.HasBudget {
				p.Budget = content.Money(100 * (1 + r.rng.IntN(5)))
			}
		case 4:
			what = "division"
			p.Division = []string{"", "DSDG", "DPADM"}[r.rng.IntN(3)]
		case 5:
			what = "partners"
			p.Partners = r.pick(randomPartners, r.rng.IntN(3))
		case 6:
			what = "title"
			p.Title = fmt.Sprintf("T%d", r.rng.IntN(4))
		case 7:
			what = "start"
			p.Start = date(r.start())
		}
		files[i] = edit(&p)
		cached, _ := Build(settings, files, atlas, Options{AsOf: asOf, Cache: cache})
		clean, _ := Build(settings, files, atlas, Options{AsOf: asOf})
		if got, want := dumpSite(cached), dumpSite(clean); got != want {
			t.Fatalf("step %d (%s of %s): the cached site differs from a clean build's:\n%s\nwant\n%s", step, what, p.Path, got, want)
		}
		if cached == last {
			patched++
		}
		last = cached
	}
	if patched < 200 {
		t.Errorf("%d of 400 edits patched the last site; want most of them", patched)
	}
}

// dumpSite writes out everything Build derives: the lists of projects,
// places, funders and years with their totals, and each project's places,
// funders and related projects.
func dumpSite(s *Site) string {
	var b strings.Builder
	list := func(name string, ps []*Project) {
		fmt.Fprintf(&b, " %s[", name)
		for _, p := range ps {
			fmt.Fprintf(&b, "%s ", p.Slug)
		}
		b.WriteString("]")
	}
	names := func(name string, pls []*Place) {
		fmt.Fprintf(&b, " %s[", name)
		for _, pl := range pls {
			fmt.Fprintf(&b, "%s ", pl.Slug)
		}
		b.WriteString("]")
	}
	fmt.Fprintf(&b, "budget %d unstated %d drafts %d\n", s.Budget, s.Unstated, s.Drafts)
	for _, p := range s.Projects {
		fmt.Fprintf(&b, "project %s seq %d %s derived %v division %q", p.Slug, p.Seq, p.Status, p.Derived, p.Division)
		names("places", p.Places)
		names("within", p.Within)
		b.WriteString(" funders[")
		for _, f := range p.Funders {
			fmt.Fprintf(&b, "%s ", f.Slug)
		}
		b.WriteString("]")
		list("related", p.Related)
		b.WriteString("\n")
	}
	list("current", s.Current)
	list("past", s.Past)
	list("upcoming", s.Upcoming)
	b.WriteString("\n")
	for _, pl := range append(append([]*Place(nil), s.Countries...), s.Groups...) {
		up := ""
		if pl.Up != nil {
			up = pl.Up.Slug
		}
		fmt.Fprintf(&b, "place %s %s up %q budget %d stated %d", pl.Slug, pl.URL, up, pl.Budget, pl.Stated)
		list("direct", pl.Direct)
		b.WriteString(" reached[")
		for _, r := range pl.Reached {
			fmt.Fprintf(&b, "%s via %v, ", r.Project.Slug, r.Via)
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "%d countries\n", len(s.Countries))
	for _, f := range s.Funders {
		fmt.Fprintf(&b, "funder %s %q %s budget %d stated %d", f.Slug, f.Name, f.URL, f.Budget, f.Stated)
		list("projects", f.Projects)
		b.WriteString("\n")
	}
	for _, y := range s.Years {
		fmt.Fprintf(&b, "year %d %s budget %d stated %d open %d", y.Year, y.URL, y.Budget, y.Stated, y.Open)
		list("projects", y.Projects)
		b.WriteString("\n")
	}
	return b.String()
}

// TestPatchRescoresWhenRankingsAreCut: when the project an edit changes
// was in every other's ranking, merging leaves those rankings cut short
// and not known to be exact, so that the next edit of it must score every
// project again (relate, not relateEdit's few). Both edits must still give
// a clean build's related projects.
func TestPatchRescoresWhenRankingsAreCut(t *testing.T) {
	atlas := loadAtlas(t)
	var files []*content.Project
	for i := range 30 {
		// p00, the newest, wins every tie: it is in every ranking.
		p := project(fmt.Sprintf("p%02d.md", i), fmt.Sprintf("p%02d", i), fmt.Sprintf("20%02d-01", 20-i%5), "", "Peru")
		p.Front = uint64(i + 1)
		files = append(files, p)
	}
	cache := NewCache()
	asOf := day("2026-11-29")
	Build(Settings{}, files, atlas, Options{AsOf: asOf, Cache: cache})
	for step, country := range []string{"Chile", "Peru", "Chile"} {
		p := *files[0]
		p.Countries = []content.Value{{Text: country, Pos: p.Countries[0].Pos}}
		p.Front = uint64(100 + step)
		files[0] = &p
		cached, _ := Build(Settings{}, files, atlas, Options{AsOf: asOf, Cache: cache})
		clean, _ := Build(Settings{}, files, atlas, Options{AsOf: asOf})
		if got, want := dumpSite(cached), dumpSite(clean); got != want {
			t.Fatalf("step %d (%s): the cached site differs from a clean build's:\n%s\nwant\n%s", step, country, got, want)
		}
	}
}
