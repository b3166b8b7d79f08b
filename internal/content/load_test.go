package content

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// file returns a MapFS file holding a valid project titled title.
func file(title string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(yamlProject("title: " + title))}
}

func TestLoad(t *testing.T) {
	big := []byte(withBody(""))
	big = append(big, strings.Repeat("x", MaxFileSize+1-len(big))...)
	atLimit := []byte(withBody(""))
	atLimit = append(atLimit, strings.Repeat("word ", (MaxFileSize-len(atLimit))/5)...)
	atLimit = append(atLimit, strings.Repeat("y", MaxFileSize-len(atLimit))...)

	fsys := fstest.MapFS{
		"content/projects/b.md":            file("B"),
		"content/projects/a.md":            file("A"),
		"content/projects/sub/deeper/c.md": file("C"),
		"content/projects/sub/a.md":        file("Sub A"),
		"content/projects/limit.md":        {Data: atLimit},
		"content/projects/big.md":          {Data: big},
		"content/projects/broken.md":       {Data: []byte("no front matter\n")},
		"content/projects/problems.md":     {Data: []byte(yamlProject("title: P", "budjet: 5"))},
		"content/projects/notes.txt":       {Data: []byte("to do")},
		"content/projects/sub/README":      {Data: []byte("readme")},
		"content/projects/x.md~":           {Data: []byte("backup")},
		"content/projects/.#x.md":          {Data: []byte("emacs lock")},
		"content/projects/#x.md#":          {Data: []byte("emacs autosave")},
		"content/projects/.x.md.swp":       {Data: []byte("vim swap")},
		"content/projects/.x.swp":          {Data: []byte("vim swap")},
		"content/projects/.hidden.md":      {Data: []byte("hidden")},
		"content/projects/.git/config":     {Data: []byte("hidden dir")},
		"content/projects/.drafts/d.md":    {Data: []byte("hidden dir")},
		"content/projects/pipe.md":         {Mode: fs.ModeNamedPipe},
		"content/other.md":                 {Data: []byte("outside the projects folder")},
		"content/projects/sub/empty/.keep": {Data: []byte("")},
	}
	projects, l := Load(fsys, NewParser(false))

	var got []string
	for _, p := range projects {
		got = append(got, p.Path+" "+p.Title)
	}
	want := []string{
		"content/projects/a.md A",
		"content/projects/b.md B",
		"content/projects/limit.md T",
		"content/projects/problems.md P",
		"content/projects/sub/a.md Sub A",
		"content/projects/sub/deeper/c.md C",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Load projects:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	checkDiags(t, "Load", l, []string{
		"content/projects/notes.txt: warning: not a project file (only .md files are read); move it out of content/projects",
		"content/projects/sub/README: warning: not a project file (only .md files are read); move it out of content/projects",
		fmt.Sprintf("content/projects/big.md: file is %d bytes; a project file may be at most %d bytes (256 KiB): move long annexes to a linked document", MaxFileSize+1, MaxFileSize),
		`content/projects/broken.md:1:1: no front matter; a project file starts with a line "---", then title, start, funding and countries, then "---"`,
		"content/projects/pipe.md: not a regular file",
		`content/projects/problems.md:3:1: unknown field "budjet"; did you mean "budget"?`,
	})
}

func TestLoadSorted(t *testing.T) {
	fsys := fstest.MapFS{}
	var want []string
	for i := range 60 {
		name := fmt.Sprintf("content/projects/p%02d.md", 59-i)
		fsys[name] = file(fmt.Sprint(i))
		want = append(want, fmt.Sprintf("content/projects/p%02d.md", i))
	}
	for range 3 { // parallel parsing must not change the order
		projects, l := Load(fsys, NewParser(false))
		checkDiags(t, "Load", l, nil)
		var got []string
		for _, p := range projects {
			got = append(got, p.Path)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("Load paths = %q; want %q", got, want)
		}
	}
}

func TestLoadSlugFromFileName(t *testing.T) {
	fsys := fstest.MapFS{"content/projects/2011/IGF Nairobi.md": file("T")}
	projects, l := Load(fsys, NewParser(false))
	checkDiags(t, "Load", l, nil)
	if len(projects) != 1 || projects[0].Slug != "igf-nairobi" {
		t.Errorf("Load: %+v; want one project with slug igf-nairobi", projects)
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"no projects", fstest.MapFS{"content/projects/.keep": {}}, nil},
		{"no projects folder", fstest.MapFS{"content/other.md": file("T")},
			[]string{"content/projects: no such folder; project files go in content/projects/ (start one with `portfolio new \"Title\"`)"}},
	} {
		projects, l := Load(tt.fsys, NewParser(false))
		if len(projects) != 0 {
			t.Errorf("%s: got %d projects; want none", tt.name, len(projects))
		}
		checkDiags(t, tt.name, l, tt.want)
	}
}
