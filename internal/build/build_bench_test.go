package build

import (
	"os"
	"testing"
)

// BenchmarkBuildReal builds the real site (14 projects) in memory.
func BenchmarkBuildReal(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if res := Run(os.DirFS("../.."), Options{AsOf: asOf}); res.Diags.HasErrors() {
			b.Fatal(res.Diags.Err())
		}
	}
}
