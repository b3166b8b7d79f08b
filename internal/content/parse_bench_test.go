package content

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// realFiles returns the paths and bytes of the repository's own project
// files, which the benchmarks measure with.
func realFiles(tb testing.TB) (paths []string, files [][]byte) {
	tb.Helper()
	paths, _ = filepath.Glob("../../content/projects/*.md")
	if len(paths) == 0 {
		tb.Fatalf("no projects in ../../content/projects")
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
