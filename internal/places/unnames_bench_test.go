package places

import "testing"

// BenchmarkUNNames looks for aliases in a typical partner's name, as a
// build does for every funder and partner.
func BenchmarkUNNames(b *testing.B) {
	a := mustLoad(b)
	for b.Loop() {
		a.UNNames("United Nations Office of the High Representative for the Least Developed Countries (UN OHRLLS)")
	}
}
