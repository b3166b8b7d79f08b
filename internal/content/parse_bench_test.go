package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// realFiles returns the paths and bytes of the repository's own project
// files, which the benchmarks measure with.
func realFiles(tb testing.TB) (paths []string, files [][]byte) {
	return projectFiles(tb, "../../content/projects")
}

// projectFiles returns the paths and bytes of the project files in dir,
// failing when there are none.
func projectFiles(tb testing.TB, dir string) (paths []string, files [][]byte) {
	tb.Helper()
	paths, _ = filepath.Glob(filepath.Join(dir, "*.md"))
	if len(paths) == 0 {
		tb.Fatalf("no projects in %s", dir)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, data)
	}
	return paths, files
}

// projectDirs are the folders of project files the fast paths must read
// whole: the real site's, and with -corpus a generated one's.
func projectDirs() []string {
	dirs := []string{"../../content/projects"}
	if *corpus != "" {
		dirs = append(dirs, filepath.Join(*corpus, "content", "projects"))
	}
	return dirs
}

// eachFixture calls f with the path and bytes of every Markdown file of
// the fixture sites, the invalid ones included; unreadable ones (some
// tests' point) are passed over.
func eachFixture(t *testing.T, f func(path string, data []byte)) {
	t.Helper()
	for _, root := range []string{"../build/testdata", "testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
				return nil
			}
			if data, err := os.ReadFile(path); err == nil {
				f(path, data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkParse parses each real project file: front matter, validation
// and Markdown.
func BenchmarkParse(b *testing.B) {
	paths, files := realFiles(b)
	p := NewParser(false)
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range files {
			p.Parse(paths[i], data)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
}

// BenchmarkPathologicalBodies parses project files of MaxFileSize whose
// bodies repeat what made goldmark take quadratic time, refused now
// before conversion, and the long bodies of links it converts in linear
// time. Each must take well under a second.
func BenchmarkPathologicalBodies(b *testing.B) {
	units := []string{"www.a.b ", "a@b.c ", "[a](b) "}
	for _, f := range slowFamilies {
		units = append(units, f.unit)
	}
	p := NewParser(false)
	for _, unit := range units {
		src, _ := fullBody(unit)
		b.Run(strconv.Quote(unit), func(b *testing.B) {
			for b.Loop() {
				p.Parse(P, []byte(src))
			}
		})
	}
}
