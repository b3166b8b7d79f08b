package content

import (
	"os"
	"path/filepath"
	"testing"
)

// realFiles returns the paths and bytes of the repository's own project
// files, which the benchmarks measure with.
func realFiles(tb testing.TB) (paths []string, files [][]byte) {
	tb.Helper()
	paths, _ = filepath.Glob("../../content/projects/*.md")
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
