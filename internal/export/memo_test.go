package export_test

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/export"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// sourceFS copies the real site's settings, project files and assets
// (which settings name) into memory, to be edited.
func sourceFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	names, err := fs.Glob(root, content.Dir+"/*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("no project files in ../../%s: %v", content.Dir, err)
	}
	assets, err := fs.Glob(root, "assets/*")
	if err != nil {
		t.Fatal(err)
	}
	names = append(names, assets...)
	for _, name := range append(names, site.SettingsFile) {
		data, err := fs.ReadFile(root, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// loadSite builds the site graph of the source in fsys as a build does,
// without rendering: project files parsed and summed, places resolved,
// statuses derived as of asOf.
func loadSite(t testing.TB, fsys fs.FS, asOf time.Time) *site.Site {
	t.Helper()
	settings, l := site.LoadSettings(fsys)
	atlas, err := places.Load()
	if err != nil {
		t.Fatal(err)
	}
	projects, pl := content.Load(fsys, content.NewParser(settings.AllowHTML))
	s, sl := site.Build(settings, projects, atlas, site.Options{AsOf: asOf})
	l = append(append(l, pl...), sl...)
	if l.HasErrors() {
		t.Fatalf("loading the site:\n%v", l.Err())
	}
	return s
}

// checkMemo fails t unless m gives for s exactly what Files gives, error
// included, and returns Files' downloads.
func checkMemo(t *testing.T, m *export.Memo, s *site.Site, orgRef, orgName string) []export.File {
	t.Helper()
	want, wantErr := export.Files(s, orgRef, orgName)
	got, gotErr := m.Files(s, orgRef, orgName)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("memoised Files: err = %v, want %v", gotErr, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("memoised Files gave %d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("memoised %s differs from Files' %s: %s", got[i].Path, want[i].Path, firstDiff(got[i].Data, want[i].Data))
		}
	}
	checkStream(t, s, orgRef, orgName, want, wantErr)
	return want
}

// checkStream fails t unless Stream writes what Files gives (want), or
// fails as it does (wantErr).
func checkStream(t *testing.T, s *site.Site, orgRef, orgName string, want []export.File, wantErr error) {
	t.Helper()
	var streamErr error
	var got []export.File
	for _, d := range export.Stream(s, orgRef, orgName) {
		var b bytes.Buffer
		err := d.Write(&b)
		if err != nil {
			streamErr = cmp.Or(streamErr, err)
			continue
		}
		got = append(got, export.File{Path: d.Path, Data: b.Bytes()})
	}
	if fmt.Sprint(streamErr) != fmt.Sprint(wantErr) {
		t.Fatalf("Stream: err = %v, want %v", streamErr, wantErr)
	}
	if wantErr != nil {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("Stream gave %d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("streamed %s differs from Files' %s: %s", got[i].Path, want[i].Path, firstDiff(got[i].Data, want[i].Data))
		}
	}
}

// firstDiff shows where got and want part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-60, 0)
	return fmt.Sprintf("at byte %d: got %q, want %q", i, got[from:min(i+60, len(got))], want[from:min(i+60, len(want))])
}

// differ reports whether two builds' downloads differ.
func differ(a, b []export.File) bool {
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			return true
		}
	}
	return false
}

// TestMemoSites builds the downloads of the real site, the hand-made one
// (whose projects, made in memory, have no Sum and so are never kept), a
// synthetic one and an empty one with and without a Memo, with and without
// IATI, twice over, so that the second time every part that can be comes
// from the Memo.
func TestMemoSites(t *testing.T) {
	m := export.NewMemo()
	none := []*content.Project{}
	for _, s := range []*site.Site{realSite(t), handSite(t), handSite(t, manyProjects(50)...), handSite(t, none...)} {
		for range 2 {
			checkMemo(t, m, s, orgRef, "")
			checkMemo(t, m, s, "", "")
		}
	}
	s := realSite(t)
	var nilMemo *export.Memo
	checkMemo(t, nilMemo, s, orgRef, "UN DESA")
}

// TestMemoEdits edits the real site's source step by step — what an
// editor does in front of the preview server — and after each step expects
// one Memo, kept throughout, to give what Files gives, and the downloads to
// have changed.
func TestMemoEdits(t *testing.T) {
	fsys := sourceFS(t)
	asOf, ref, name := asOf, orgRef, ""
	const (
		parliaments = content.Dir + "/african-parliaments-2005-2013.md"
		togo        = content.Dir + "/togo-public-administration-reform-2009-2010.md"
		added       = content.Dir + "/new-project.md"
	)
	replace := func(file, old, new string) func(*testing.T) {
		return func(t *testing.T) {
			f := fsys[file]
			if f == nil || !bytes.Contains(f.Data, []byte(old)) {
				t.Fatalf("%s has no %q to replace", file, old)
			}
			fsys[file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1)}
		}
	}
	steps := []struct {
		name string
		edit func(*testing.T)
	}{
		{"iati_org_ref", replace(site.SettingsFile, `iati_org_ref: ""`, `iati_org_ref: XM-DAC-TEST`)}, // the organisation file too from here
		{"title", replace(parliaments, "Information systems", "Knowledge systems")},
		{"status", replace(parliaments, "start: 2005-05", "status: current\nstart: 2005-05")},
		{"budget", replace(togo, "budget: 351818", "budget: 351818.25")},
		{"countries", replace(togo, "  - Togo", "  - Togo\n  - Small Island Developing States\n  - Asia and the Pacific")},
		{"funding", replace(togo, "  - XBTC", "  - XBTC\n  - Republic of Korea")},
		{"partners", replace(togo, "budget:", "partners:\n  - UN-Women\nbudget:")},
		{"body", replace(togo, "\n---\n", "\n---\n\nA new first paragraph & <more>.\n\n")},
		{"base_url", replace(site.SettingsFile, "base_url: /", "base_url: https://example.org/sub/")},
		{"language", replace(site.SettingsFile, "language: en", "language: fr-CA")},
		{"division_name", replace(site.SettingsFile, "division_name: Division", "division_name: The Division")},
		{"division", replace(site.SettingsFile, "division: DPADM", "division: DPIDG")},
		{"organization", replace(site.SettingsFile, "organization: United Nations", "organization: The United Nations")},
		{"as of", func(*testing.T) { asOf = time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC) }},
		{"org ref", func(*testing.T) { ref = "XM-OTHER-2" }},
		{"org name", func(*testing.T) { name = "UN DESA" }},
		{"add", func(*testing.T) {
			fsys[added] = &fstest.MapFile{Data: []byte("---\ntitle: A new project\nstart: 2014-02\nfunding:\n  - Japan\ncountries:\n  - Japan\n---\n\nIt is new.\n")}
		}},
		{"rename", func(*testing.T) {
			fsys[content.Dir+"/renamed-project.md"] = fsys[added]
			delete(fsys, added)
		}},
		{"remove", func(*testing.T) { delete(fsys, togo) }},
		{"no org ref", func(*testing.T) { ref = "" }},
		{"allow_html", replace(site.SettingsFile, "allow_html: false", "allow_html: true")},
	}
	m := export.NewMemo()
	prev := checkMemo(t, m, loadSite(t, fsys, asOf), ref, name)
	for _, st := range steps {
		st.edit(t)
		files := checkMemo(t, m, loadSite(t, fsys, asOf), ref, name)
		if st.name != "allow_html" && !differ(prev, files) { // no project has raw HTML

			t.Errorf("after editing the %s, the downloads are unchanged: the step tests nothing", st.name)
		}
		prev = files
	}
}

// TestMemoReuse checks that the Memo does its job: after an edit to one
// project, a rebuild makes that project's parts again and reuses every
// other; after an edit to a setting, it makes again the parts of the
// downloads that read it, and only those.
func TestMemoReuse(t *testing.T) {
	fsys := sourceFS(t)
	m := export.NewMemo()
	build := func() (made, kept [3]int) {
		var before [3][]uint64
		before[0], before[1], before[2] = export.MemoKeys(m)
		checkMemo(t, m, loadSite(t, fsys, asOf), orgRef, "")
		var after [3][]uint64
		after[0], after[1], after[2] = export.MemoKeys(m)
		for i := range after {
			kept[i] = len(after[i])
			for _, k := range after[i] {
				if !slices.Contains(before[i], k) {
					made[i]++
				}
			}
		}
		return made, kept
	}
	n := 0 // the projects
	for name := range fsys {
		if strings.HasPrefix(name, content.Dir+"/") {
			n++
		}
	}
	if made, kept := build(); made != [3]int{n, n, n} || kept != made {
		t.Fatalf("first build: made %v parts, kept %v; want %d of each", made, kept, n)
	}
	for _, tt := range []struct {
		name, file, old, new string
		made                 [3]int
	}{
		{"nothing", site.SettingsFile, "", "", [3]int{0, 0, 0}},
		{"a title", content.Dir + "/igf-turkiye-2011-2015.md", "Internet Governance", "The Internet Governance", [3]int{1, 1, 1}},
		{"the language", site.SettingsFile, "language: en", "language: fr", [3]int{0, 0, n}},
		{"base_url", site.SettingsFile, "base_url: /", "base_url: /sub/", [3]int{n, n, n}},
	} {
		f := fsys[tt.file]
		fsys[tt.file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(tt.old), []byte(tt.new), 1)}
		made, kept := build()
		if made != tt.made || kept != [3]int{n, n, n} {
			t.Errorf("after changing %s: made %v parts and kept %v; want %v made and %d kept of each", tt.name, made, kept, tt.made, n)
		}
	}
}

// TestMemoKeys changes, one at a time, each value the parts read that a
// project's file does not hold, leaving every Sum as it is, and expects the
// Memo, warm from the unchanged site, to see the change: a value missing
// from the keys fails this test.
func TestMemoKeys(t *testing.T) {
	fsys := sourceFS(t)
	first := func(s *site.Site) *site.Project { return s.Projects[0] }
	find := func(s *site.Site, slug string) *site.Project {
		for _, p := range s.Projects {
			if p.Slug == slug {
				return p
			}
		}
		t.Fatalf("no project %q", slug)
		return nil
	}
	type call struct{ orgRef, orgName string }
	for _, tt := range []struct {
		name   string
		change func(*site.Site, *call)
	}{
		{"division", func(s *site.Site, _ *call) { first(s).Division = "DISD" }},
		{"funder name", func(s *site.Site, _ *call) { first(s).Funders[0].Name = "Renamed fund" }},
		{"status", func(s *site.Site, _ *call) { first(s).Status = content.Upcoming }},
		{"derived", func(s *site.Site, _ *call) { first(s).Derived = !first(s).Derived }},
		{"url", func(s *site.Site, _ *call) { first(s).URL = "/projects/elsewhere/" }},
		{"slug", func(s *site.Site, _ *call) { first(s).Slug = "another-slug" }}, // as if the file were renamed
		{"places", func(s *site.Site, _ *call) {
			p, q := find(s, "togo-public-administration-reform-2009-2010"), find(s, "astana-economic-forum-2015")
			p.Places = q.Places
		}},
		{"place order", func(s *site.Site, _ *call) {
			p := find(s, "public-service-innovation-ldcs-2014-2016")
			p.Places[0], p.Places[1] = p.Places[1], p.Places[0]
		}},
		{"place, same url", func(s *site.Site, _ *call) { // only the slug tells the places apart
			p, q := first(s), find(s, "togo-public-administration-reform-2009-2010")
			p.Places[0] = &site.Place{Place: q.Places[0].Place, URL: p.Places[0].URL}
		}},
		{"place url", func(s *site.Site, _ *call) { first(s).Places[0].URL = "/elsewhere/" }},
		{"within", func(s *site.Site, _ *call) { first(s).Within = nil }},
		{"base_url", func(s *site.Site, _ *call) { s.Settings.BaseURL = "/sub/" }},
		{"language", func(s *site.Site, _ *call) { s.Settings.Language = "es" }},
		{"division setting", func(s *site.Site, _ *call) { s.Settings.Division = "DISD" }},
		{"division name", func(s *site.Site, _ *call) { s.Settings.DivisionName = "Another division" }},
		{"organization", func(s *site.Site, _ *call) { s.Settings.Organization = "Another organisation" }},
		{"as of", func(s *site.Site, _ *call) { s.AsOf = s.AsOf.AddDate(0, 0, 1) }},
		{"org ref", func(_ *site.Site, c *call) { c.orgRef = "XM-OTHER-2" }},
		{"org name", func(_ *site.Site, c *call) { c.orgName = "UN DESA" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := export.NewMemo()
			c := call{orgRef, ""}
			before := checkMemo(t, m, loadSite(t, fsys, asOf), c.orgRef, c.orgName)
			s := loadSite(t, fsys, asOf)
			tt.change(s, &c)
			if !differ(before, checkMemo(t, m, s, c.orgRef, c.orgName)) {
				t.Errorf("the change does not show in the downloads: the case tests nothing")
			}
		})
	}
}

// TestMemoErrors expects the Memo to refuse what Files refuses, with the
// same error, and to give the right downloads again once the site is
// fixed.
func TestMemoErrors(t *testing.T) {
	fsys := sourceFS(t)
	m := export.NewMemo()
	checkMemo(t, m, loadSite(t, fsys, asOf), orgRef, "")
	for _, tt := range []struct {
		name   string
		orgRef string
		change func(*site.Site)
		want   string
	}{
		{"list separator", orgRef, func(s *site.Site) { s.Projects[3].Funders[0].Name = "One; two" }, "which data/projects.csv uses to separate list items"},
		{"same identifier", orgRef, func(s *site.Site) { s.Projects[5].Slug = s.Projects[2].Slug }, "would both be IATI activity"},
		{"org ref", "XM TEST", func(*site.Site) {}, "iati_org_ref"},
	} {
		s := loadSite(t, fsys, asOf)
		tt.change(s)
		if _, err := m.Files(s, tt.orgRef, ""); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one saying %q", tt.name, err, tt.want)
		}
		checkMemo(t, m, s, tt.orgRef, "")
		checkMemo(t, m, loadSite(t, fsys, asOf), orgRef, "")
	}
}

// TestMemoConcurrent runs builds on one Memo from several goroutines; run
// with -race.
func TestMemoConcurrent(t *testing.T) {
	s := realSite(t)
	want := map[string][]export.File{}
	for _, ref := range []string{orgRef, ""} {
		files, err := export.Files(s, ref, "")
		if err != nil {
			t.Fatal(err)
		}
		want[ref] = files
	}
	m := export.NewMemo()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			ref := orgRef
			if i%2 == 1 {
				ref = "" // a different build, pruning the other's IATI parts
			}
			got, err := m.Files(s, ref, "")
			if err != nil {
				t.Error(err)
				return
			}
			for j, f := range got {
				if !bytes.Equal(f.Data, want[ref][j].Data) {
					t.Errorf("build %d: %s differs", i, f.Path)
				}
			}
		})
	}
	wg.Wait()
}

// manyProjects returns n projects made from the hand-made ones, each with
// a slug, file and Sum of its own and a body of a few hundred words, like
// the longer real ones.
func manyProjects(n int) []*content.Project {
	hand := handProjects()
	body := strings.Repeat("Institutions, data & digital government for the Sustainable Development Goals. ", 40)
	out := make([]*content.Project, n)
	for i := range out {
		p := *hand[i%len(hand)]
		p.Slug = fmt.Sprintf("%s-%05d", p.Slug, i)
		p.Path = path.Join(content.Dir, p.Slug+".md")
		p.Sum = uint64(i + 1)
		p.Summary = body[:240]
		p.Text = body
		out[i] = &p
	}
	return out
}

// benchSite is the site the Files benchmarks export: the source folder
// given by -site (such as a 10,000-project corpus), else synthetic projects.
func benchSite(b *testing.B) *site.Site {
	if *sourceDir != "" {
		return loadSite(b, os.DirFS(*sourceDir), asOf)
	}
	return handSite(b, manyProjects(3000)...)
}

var sourceDir = flag.String("site", "", "a site folder for the Files benchmarks to export, such as a 10,000-project corpus; default: 3,000 synthetic projects")

// BenchmarkFiles builds the downloads without a Memo.
func BenchmarkFiles(b *testing.B) {
	s := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.Files(s, orgRef, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilesMemo builds the downloads with a warm Memo after one
// project has changed, as the preview server does after a save.
func BenchmarkFilesMemo(b *testing.B) {
	s := benchSite(b)
	m := export.NewMemo()
	if _, err := m.Files(s, orgRef, ""); err != nil {
		b.Fatal(err)
	}
	p := s.Projects[len(s.Projects)/2]
	title, sum := p.Title, p.Sum
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		p.Title, p.Sum = fmt.Sprintf("%s (%d)", title, i%2), sum+uint64(i%2)<<32
		if _, err := m.Files(s, orgRef, ""); err != nil {
			b.Fatal(err)
		}
	}
	p.Title, p.Sum = title, sum
}

// TestMemoPanicReachesCaller: a panic while encoding on one of the memo's
// goroutines comes through to the caller, as with Files, where build.Run
// turns it into an error; it must not end the process.
func TestMemoPanicReachesCaller(t *testing.T) {
	s := &site.Site{Projects: []*site.Project{{}}} // a project without its file: encoding it panics
	for name, files := range map[string]func(){
		"Files":      func() { export.Files(s, orgRef, "") },
		"Memo.Files": func() { export.NewMemo().Files(s, orgRef, "") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic reached the caller", name)
				}
			}()
			files()
		}()
	}
}

// TestLazySums: a rebuild that changes nothing gives the downloads the
// same sums; one that changes a project gives the downloads showing it new
// ones; and Write always writes what Files gives.
func TestStreamSums(t *testing.T) {
	m := export.NewMemo()
	sums := func(s *site.Site) []uint64 {
		t.Helper()
		lazy, err := m.Stream(s, orgRef, "")
		if err != nil {
			t.Fatal(err)
		}
		want, err := export.Files(s, orgRef, "")
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for i, l := range lazy {
			var b bytes.Buffer
			if err := l.Write(&b); err != nil || l.Path != want[i].Path || !bytes.Equal(b.Bytes(), want[i].Data) {
				t.Errorf("%s: Write (%v) differs from Files' %s", l.Path, err, want[i].Path)
			}
			out = append(out, l.Sum)
		}
		return out
	}
	s := realSite(t)
	first := sums(s)
	if again := sums(realSite(t)); !slices.Equal(again, first) {
		t.Errorf("sums changed with nothing else: %v, then %v", first, again)
	}
	s = realSite(t)
	s.Projects[0].Title += " (renamed)"
	s.Projects[0].Sum++ // as the file's hash would
	edited := sums(s)
	lazy, err := m.Stream(s, orgRef, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range edited {
		// The data package and the schema describe the projects' fields,
		// not their values.
		describes := lazy[i].Path == export.PackagePath || lazy[i].Path == export.SchemaPath
		if changed := edited[i] != first[i]; changed == describes {
			t.Errorf("%s: a project's title changed; its sum changed: %v", lazy[i].Path, changed)
		}
	}
}
