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

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b      string
		limit, is int
	}{
		{"brazil", "brasil", -1, 1},
		{"brazil", "brasil", 1, 1},
		{"kitten", "sitting", -1, 3},
		{"kitten", "sitting", 1, 2}, // more than the limit: limit+1
		{"a", "abcdef", 2, 3},
		{"", "abc", -1, 3},
		{"côte", "cote", 0, 1},
		// The place names' suggestions (places.Atlas.Resolve).
		{"bangaldesh", "bangladesh", 3, 1},
		{"kenia", "kenya", 3, 1},
		{"", "abc", 3, 3},
		{"abc", "abc", 3, 0},
		{"abcdef", "ab", 2, 3}, // beyond the limit: limit+1
		{"north america", "south america", 4, 2},
		{"côte", "cote", 3, 1},
		{"germany", "germnay", 1, 1},
		{"ca", "abc", -1, 3},
	} {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.is {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.is)
		}
	}
}
