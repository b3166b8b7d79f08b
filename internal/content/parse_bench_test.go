package content

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse parses each real project file: front matter, validation
// and Markdown.
func BenchmarkParse(b *testing.B) {
	paths, _ := filepath.Glob("../../content/projects/*.md")
	var files [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	p := NewParser(false)
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range files {
			p.Parse(paths[i], data)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
}
