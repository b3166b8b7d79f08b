package diag

import "testing"

func TestDidYouMean(t *testing.T) {
	keys := []string{"title", "code", "slug", "start", "end", "status", "funding", "budget", "division", "partners", "link", "sdgs", "draft", "countries"}
	for _, tt := range []struct{ word, want string }{
		{"budjet", `; did you mean "budget"?`},
		{"Title", `; did you mean "title"?`},
		{"country", `; did you mean "countries"?`},
		{"partner", `; did you mean "partners"?`},
		{"sdg", `; did you mean "sdgs"?`},
		{"colour", ""},
		{"fun", ""},
		{"", ""},
	} {
		if got := DidYouMean(tt.word, keys); got != tt.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
