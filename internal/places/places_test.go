package places

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// mustLoad returns the embedded Atlas or stops the test.
func mustLoad(t testing.TB) *Atlas {
	t.Helper()
	a, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return a
}

// mustResolve resolves name or stops the test.
func mustResolve(t testing.TB, a *Atlas, name string) *Place {
	t.Helper()
	p, err := a.Resolve(name)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", name, err)
	}
	return p
}

// names returns the places' names.
func names(ps []*Place) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func TestLoadCounts(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		what string
		got  int
		want int
	}{
		{"countries or areas in M49 (with Sark)", len(a.Countries()), 249},
		{"regions: the Channel Islands among them", len(a.Regions()), 31},
		{"groups", len(a.Groups()), 6},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.what, tt.got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{World, "world"}, {Region, "region"}, {Subregion, "subregion"},
		{IntermediateRegion, "intermediate-region"}, {Country, "country"}, {Group, "group"},
		{Kind(0), "kind(0)"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(tt.k), got, tt.want)
		}
	}
}

func TestPlaceFields(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		name   string
		want   Place // Parent compared by name through parent
		parent string
	}{
		{"Bangladesh", Place{Slug: "bangladesh", Name: "Bangladesh", Kind: Country, M49: "050", ISO2: "BD", ISO3: "BGD", UN: MemberState}, "Southern Asia"},
		{"Tanzania", Place{Slug: "united-republic-of-tanzania", Name: "United Republic of Tanzania", Kind: Country, M49: "834", ISO2: "TZ", ISO3: "TZA", UN: MemberState}, "Eastern Africa"},
		{"bolivia", Place{Slug: "bolivia-plurinational-state-of", Name: "Bolivia (Plurinational State of)", Kind: Country, M49: "068", ISO2: "BO", ISO3: "BOL", UN: MemberState}, "South America"},
		{"Côte d'Ivoire", Place{Slug: "cote-divoire", Name: "Côte d’Ivoire", Kind: Country, M49: "384", ISO2: "CI", ISO3: "CIV", UN: MemberState}, "Western Africa"},
		{"Sark", Place{Slug: "sark", Name: "Sark", Kind: Country, M49: "680"}, "Channel Islands"},
		{"Jersey", Place{Slug: "jersey", Name: "Jersey", Kind: Country, M49: "832", ISO2: "JE", ISO3: "JEY"}, "Channel Islands"},
		{"South Sudan", Place{Slug: "south-sudan", Name: "South Sudan", Kind: Country, M49: "728", ISO2: "SS", ISO3: "SSD", UN: MemberState, Admitted: time.Date(2011, 7, 14, 0, 0, 0, 0, time.UTC)}, "Eastern Africa"},
		{"Holy See", Place{Slug: "holy-see", Name: "Holy See", Kind: Country, M49: "336", ISO2: "VA", ISO3: "VAT", UN: ObserverState}, "Southern Europe"},
		{"Channel Islands", Place{Slug: "channel-islands", Name: "Channel Islands", Kind: IntermediateRegion, M49: "830"}, "Northern Europe"},
		{"Hong Kong", Place{Slug: "china-hong-kong-special-administrative-region", Name: "China, Hong Kong Special Administrative Region", Kind: Country, M49: "344", ISO2: "HK", ISO3: "HKG"}, "Eastern Asia"},
		{"Africa", Place{Slug: "africa", Name: "Africa", Kind: Region, M49: "002"}, "World"},
		{"Sub-Saharan Africa", Place{Slug: "sub-saharan-africa", Name: "Sub-Saharan Africa", Kind: Subregion, M49: "202"}, "Africa"},
		{"Caribbean", Place{Slug: "caribbean", Name: "Caribbean", Kind: IntermediateRegion, M49: "029"}, "Latin America and the Caribbean"},
		{"World", Place{Slug: "world", Name: "World", Kind: World, M49: "001"}, ""},
		{"LDCs", Place{Slug: "least-developed-countries", Name: "Least Developed Countries", Kind: Group, Code: "ldc"}, ""},
		{"Asia-Pacific", Place{Slug: "asia-and-the-pacific", Name: "Asia and the Pacific", Kind: Group, Code: "asia-pacific"}, ""},
	}
	for _, tt := range tests {
		p := mustResolve(t, a, tt.name)
		got := *p
		got.Parent = nil
		if got != tt.want {
			t.Errorf("Resolve(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
		parent := ""
		if p.Parent != nil {
			parent = p.Parent.Name
		}
		if parent != tt.parent {
			t.Errorf("Resolve(%q).Parent = %q, want %q", tt.name, parent, tt.parent)
		}
	}
}

func TestSlugsUniqueAndFindable(t *testing.T) {
	a := mustLoad(t)
	all := slices.Concat(a.Countries(), a.Regions(), a.Groups())
	seen := map[string]string{}
	for _, p := range all {
		if q, ok := seen[p.Slug]; ok {
			t.Errorf("slug %q: %q and %q", p.Slug, q, p.Name)
		}
		seen[p.Slug] = p.Name
		if got := a.BySlug(p.Slug); got != p {
			t.Errorf("BySlug(%q) = %v, want %q", p.Slug, got, p.Name)
		}
		if p.Slug == "" || strings.Trim(p.Slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Errorf("slug %q of %q is not a plain URL segment", p.Slug, p.Name)
		}
	}
	if got := a.BySlug("atlantis"); got != nil {
		t.Errorf("BySlug(atlantis) = %v, want nil", got)
	}
}

func TestSortedByName(t *testing.T) {
	a := mustLoad(t)
	for what, list := range map[string][]*Place{"Countries": a.Countries(), "Regions": a.Regions(), "Groups": a.Groups()} {
		if !slices.IsSortedFunc(list, byName) {
			t.Errorf("%s not sorted: %q", what, names(list))
		}
	}
	c := a.Countries()
	if got := c[0].Name + ", " + c[1].Name + ", " + c[2].Name; got != "Afghanistan, Åland Islands, Albania" {
		t.Errorf("first countries = %s, want accents ignored in order", got)
	}
	want := []string{"All Member States", "Asia and the Pacific", "Developing Countries",
		"Landlocked Developing Countries", "Least Developed Countries", "Small Island Developing States"}
	if got := names(a.Groups()); !slices.Equal(got, want) {
		t.Errorf("Groups() = %q, want %q", got, want)
	}
	// The slices are copies: changing one must not change the Atlas.
	c[0] = nil
	if a.Countries()[0] == nil {
		t.Error("Countries() returned the Atlas's own slice")
	}
}

func TestAncestors(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		name string
		want []string
	}{
		{"Kenya", []string{"Eastern Africa", "Sub-Saharan Africa", "Africa"}},
		{"Egypt", []string{"Northern Africa", "Africa"}},
		{"Brazil", []string{"South America", "Latin America and the Caribbean", "Americas"}},
		{"Sark", []string{"Channel Islands", "Northern Europe", "Europe"}},
		{"Antarctica", nil},
		{"Western Asia", []string{"Asia"}},
		{"Africa", nil},
		{"World", nil},
		{"LDC", nil},
	}
	for _, tt := range tests {
		if got := names(a.Ancestors(mustResolve(t, a, tt.name))); !slices.Equal(got, tt.want) {
			t.Errorf("Ancestors(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEnumerable(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		name string
		want bool
	}{
		{"Least Developed Countries", true},
		{"Asia and the Pacific", true},
		{"LLDCs", true},
		{"SIDS", true},
		{"Developing Countries", false},
		{"All Member States", true},
		{"Africa", true},
		{"World", true},
		{"Kenya", false},
	}
	for _, tt := range tests {
		if got := a.Enumerable(mustResolve(t, a, tt.name)); got != tt.want {
			t.Errorf("Enumerable(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if a.Enumerable(nil) {
		t.Error("Enumerable(nil) = true")
	}
	for name, want := range map[string]bool{"LDC": true, "Africa": true, "All Member States": false, "Developing Countries": false, "Kenya": false} {
		if got := a.Gathers(mustResolve(t, a, name)); got != want {
			t.Errorf("Gathers(%s) = %v, want %v", name, got, want)
		}
	}
}
