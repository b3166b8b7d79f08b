package places

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// FuzzResolve checks that Resolve never panics; that a name it resolves
// leads to a place whose name and slug both resolve back to that
// place; and that every name an error offers instead resolves too, so that
// following a suggestion always works. Seeds are in testdata/fuzz.
func FuzzResolve(f *testing.F) {
	atlas := sync.OnceValues(Load)
	f.Fuzz(func(t *testing.T, name string) {
		a, err := atlas()
		if err != nil {
			t.Fatal(err)
		}
		p, err := a.Resolve(name)
		if err != nil {
			var unknown *UnknownError
			var ambiguous *AmbiguousError
			var offered []string
			switch {
			case errors.As(err, &unknown):
				offered = unknown.Suggestions
				if len(offered) > maxSuggestions {
					t.Errorf("Resolve(%q): %d suggestions, more than %d", name, len(offered), maxSuggestions)
				}
			case errors.As(err, &ambiguous):
				offered = ambiguous.Candidates
				if len(offered) < 2 {
					t.Errorf("Resolve(%q): ambiguous between %d places", name, len(offered))
				}
			default:
				t.Fatalf("Resolve(%q): error %v of type %T", name, err, err)
			}
			if p != nil {
				t.Errorf("Resolve(%q) = %v with error %v", name, p, err)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", name)) {
				t.Errorf("Resolve(%q): error %q does not quote the name", name, err)
			}
			for _, s := range offered {
				if _, err := a.Resolve(s); err != nil {
					t.Errorf("Resolve(%q) offers %q, which does not resolve: %v", name, s, err)
				}
			}
			return
		}
		if p == nil {
			t.Fatalf("Resolve(%q) = nil without error", name)
		}
		for _, back := range []string{p.Name, p.Slug} {
			if q, err := a.Resolve(back); err != nil || q != p {
				t.Errorf("Resolve(%q) = %s, but Resolve(%q) = %v, %v", name, p.Name, back, q, err)
			}
		}
		if a.BySlug(p.Slug) != p {
			t.Errorf("Resolve(%q) = %s, but BySlug(%q) = %v", name, p.Name, p.Slug, a.BySlug(p.Slug))
		}
	})
}
