package places

import "testing"

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolve(b *testing.B) {
	a := mustLoad(b)
	for _, bb := range []struct{ name, in string }{
		{"name", "Bangladesh"},
		{"alias", "Côte d'Ivoire"},
		{"group", "Least Developed Countries"},
		{"unknown", "Bangaldesh"}, // the slow path: edit distance to every name
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				a.Resolve(bb.in)
			}
		})
	}
}

// BenchmarkUNNames looks for aliases in a typical partner's name, as a
// build does for every funder and partner.
func BenchmarkUNNames(b *testing.B) {
	a := mustLoad(b)
	for b.Loop() {
		a.UNNames("United Nations Office of the High Representative for the Least Developed Countries (UN OHRLLS)")
	}
}
