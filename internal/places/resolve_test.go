package places

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestResolve(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		in   string
		want string // Name of the place
	}{
		// M49 names, short names, codes.
		{"Bangladesh", "Bangladesh"},
		{"United Republic of Tanzania", "United Republic of Tanzania"},
		{"Tanzania", "United Republic of Tanzania"},
		{"Bolivia", "Bolivia (Plurinational State of)"},
		{"Lao PDR", "Lao People's Democratic Republic"},
		{"BD", "Bangladesh"},
		{"bgd", "Bangladesh"},
		{"050", "Bangladesh"},
		{"680", "Sark"},
		{"Channel Islands", "Channel Islands"},
		// Case, spacing, punctuation, accents, apostrophes.
		{"  BANGLADESH ", "Bangladesh"},
		{"bolivia (plurinational   state of)", "Bolivia (Plurinational State of)"},
		{"Côte d’Ivoire", "Côte d’Ivoire"},
		{"Côte d'Ivoire", "Côte d’Ivoire"},
		{"cote divoire", "Côte d’Ivoire"},
		{"Cote d\u0301Ivoire", "Côte d’Ivoire"},
		{"Lao People’s Democratic Republic", "Lao People's Democratic Republic"},
		{"Türkiye", "Türkiye"},
		{"Turkiye", "Türkiye"},
		{"CURACAO", "Curaçao"},
		{"São Tomé and Príncipe", "Sao Tome and Principe"},
		{"aland islands", "Åland Islands"},
		{"Guinea Bissau", "Guinea-Bissau"},
		{"Timor Leste", "Timor-Leste"},
		{"Antigua & Barbuda", "Antigua and Barbuda"},
		{"St. Kitts and Nevis", "Saint Kitts and Nevis"},
		{"St Lucia", "Saint Lucia"},
		{"The Gambia", "Gambia"},
		{"U.S.A.", "United States of America"},
		{"U.K.", "United Kingdom of Great Britain and Northern Ireland"},
		{"ST", "Sao Tome and Principe"},
		// ISO 3166-1 spellings and common aliases.
		{"Congo, The Democratic Republic of the", "Democratic Republic of the Congo"},
		{"DRC", "Democratic Republic of the Congo"},
		{"Congo", "Congo"},
		{"Micronesia, Federated States of", "Micronesia (Federated States of)"},
		{"FSM", "Micronesia (Federated States of)"},
		{"Micronesia", "Micronesia"},
		{"Palestine, State of", "State of Palestine"},
		{"Virgin Islands, British", "British Virgin Islands"},
		{"Virgin Islands, U.S.", "United States Virgin Islands"},
		{"Holy See (Vatican City State)", "Holy See"},
		{"North Korea", "Democratic People's Republic of Korea"},
		{"South Korea", "Republic of Korea"},
		{"Korea, Republic of", "Republic of Korea"},
		{"Laos", "Lao People's Democratic Republic"},
		{"Vietnam", "Viet Nam"},
		{"Syria", "Syrian Arab Republic"},
		{"Iran", "Iran (Islamic Republic of)"},
		{"United Kingdom", "United Kingdom of Great Britain and Northern Ireland"},
		{"UK", "United Kingdom of Great Britain and Northern Ireland"},
		{"United States", "United States of America"},
		{"USA", "United States of America"},
		{"UAE", "United Arab Emirates"},
		{"Moldova", "Republic of Moldova"},
		{"Netherlands", "Netherlands (Kingdom of the)"},
		{"Hong Kong", "China, Hong Kong Special Administrative Region"},
		{"Macao", "China, Macao Special Administrative Region"},
		{"Macau", "China, Macao Special Administrative Region"},
		{"Russia", "Russian Federation"},
		{"Czech Republic", "Czechia"},
		{"Swaziland", "Eswatini"},
		{"Turkey", "Türkiye"},
		{"Ivory Coast", "Côte d’Ivoire"},
		{"Cape Verde", "Cabo Verde"},
		{"Burma", "Myanmar"},
		{"East Timor", "Timor-Leste"},
		{"Macedonia", "North Macedonia"},
		{"Saint Helena, Ascension and Tristan da Cunha", "Saint Helena"},
		// Regions.
		{"Africa", "Africa"},
		{"Western Asia", "Western Asia"},
		{"latin america & the caribbean", "Latin America and the Caribbean"},
		{"Sub-Saharan Africa", "Sub-Saharan Africa"},
		{"subsaharan africa", "Sub-Saharan Africa"},
		{"South-East Asia", "South-eastern Asia"},
		// Groups.
		{"Least Developed Countries", "Least Developed Countries"},
		{"LDCs", "Least Developed Countries"},
		{"LDC", "Least Developed Countries"},
		{"least-developed countries", "Least Developed Countries"},
		{"Asia and the Pacific", "Asia and the Pacific"},
		{"Asia-Pacific", "Asia and the Pacific"},
		{"asia pacific", "Asia and the Pacific"},
		{"SIDS", "Small Island Developing States"},
		{"LLDCs", "Landlocked Developing Countries"},
		{"Land-locked developing countries", "Landlocked Developing Countries"},
		{"Developing Countries", "Developing Countries"},
		{"All Member States", "All Member States"},
		{"all UN Member States", "All Member States"},
		{"all-member-states", "All Member States"},
	}
	for _, tt := range tests {
		p, err := a.Resolve(tt.in)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.in, err)
			continue
		}
		if p.Name != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.in, p.Name, tt.want)
		}
	}
}

// TestResolveCorpus checks that every country name in the benchmark corpus
// (testdata/countries.txt, a copy of the shared generator's) and every group
// it uses resolves, but for "Taiwan", which M49 does not list and which is
// refused as any unknown name is.
func TestResolveCorpus(t *testing.T) {
	a := mustLoad(t)
	f, err := os.Open("testdata/countries.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	for s := bufio.NewScanner(f); s.Scan(); {
		if line := strings.TrimSpace(s.Text()); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) != 249 {
		t.Errorf("countries.txt has %d names, want 249", len(lines))
	}
	groups := []string{"Least Developed Countries", "Developing Countries", "Small Island Developing States",
		"Landlocked Developing Countries", "All Member States", "Africa", "Asia and the Pacific",
		"Latin America and the Caribbean", "Western Asia", "Europe"}
	seen := map[*Place]string{}
	for _, name := range lines {
		p, err := a.Resolve(name)
		if name == "Taiwan" {
			if _, ok := err.(*UnknownError); !ok {
				t.Errorf("Resolve(Taiwan) = %v, %v; want an *UnknownError", p, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("countries.txt: %v", err)
			continue
		}
		if p.Kind != Country {
			t.Errorf("countries.txt: %q resolves to %s %q", name, p.Kind, p.Name)
		}
		if q, ok := seen[p]; ok {
			t.Errorf("countries.txt: %q and %q both resolve to %q", q, name, p.Name)
		}
		seen[p] = name
	}
	for _, name := range groups {
		if _, err := a.Resolve(name); err != nil {
			t.Errorf("corpus group: %v", err)
		}
	}
}

// TestNoCollisions checks every name, code and alias in the data
// files against Resolve: each must give exactly the place its row names.
// Load already refuses collisions; this shows the tables say what they mean.
func TestNoCollisions(t *testing.T) {
	a := mustLoad(t)
	byCode := map[string]*Place{}
	for _, p := range slices.Concat(a.Countries(), a.Regions(), a.Groups()) {
		for _, c := range []string{p.M49, p.ISO3, p.Code} {
			if c != "" {
				byCode[c] = p
			}
		}
		for _, n := range []string{p.Name, p.Slug, p.ISO2, p.ISO3, p.M49, p.Code} {
			if n == "" {
				continue
			}
			if got, err := a.Resolve(n); err != nil || got != p {
				t.Errorf("Resolve(%q) = %v, %v; want %q", n, got, err, p.Name)
			}
		}
	}
	tab, err := readTable(os.DirFS("data"), "aliases.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i := range tab.rows {
		p := byCode[tab.get(i, "target")]
		for _, n := range strings.Split(tab.get(i, "aliases"), ";") {
			if got, err := a.Resolve(n); n != "" && (err != nil || got != p) {
				t.Errorf("aliases.csv:%d: Resolve(%q) = %v, %v; want %v", tab.lines[i], n, got, err, p)
			}
		}
	}
}

func TestResolveErrors(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		in   string
		want string
	}{
		{"Bangaldesh", `unknown country or group "Bangaldesh"; did you mean "Bangladesh"?`},
		{"Kenia", `unknown country or group "Kenia"; did you mean "Kenya"?`},
		{"Tanznia", `unknown country or group "Tanznia"; did you mean "Tanzania"?`},
		{"Untied Kingdom", `unknown country or group "Untied Kingdom"; did you mean "United Kingdom"?`},
		{"Least Developped Countries", `unknown country or group "Least Developped Countries"; did you mean "Least Developed Countries"?`},
		{"Austrai", `unknown country or group "Austrai"; did you mean "Austria"?`},
		{"Nigera", `unknown country or group "Nigera"; did you mean "Niger" or "Nigeria"?`},
		{"Atlantis", `unknown country or group "Atlantis"`},
		// Several places in one entry, as the legacy page wrote them.
		{"Bangladesh, Nepal", `unknown country or group "Bangladesh, Nepal"; it names several: make each an entry of its own, as in ["Bangladesh", "Nepal"]`},
		{"Kenya and Uganda", `unknown country or group "Kenya and Uganda"; it names several: make each an entry of its own, as in ["Kenya", "Uganda"]`},
		{"Trinidad and Tobago, Jamaica & Fiji", `unknown country or group "Trinidad and Tobago, Jamaica & Fiji"; it names several: make each an entry of its own, as in ["Trinidad and Tobago", "Jamaica", "Fiji"]`},
		{"Latin America and the Caribbean; LDCs", `unknown country or group "Latin America and the Caribbean; LDCs"; it names several: make each an entry of its own, as in ["Latin America and the Caribbean", "LDCs"]`},
		{"Kenya, Atlantis", `unknown country or group "Kenya, Atlantis"`},
		{"Trinidad and Tobago and Fiji", `unknown country or group "Trinidad and Tobago and Fiji"`},
		{"", `unknown country or group ""`},
		{"Korea", `ambiguous country "Korea"; did you mean "Democratic People's Republic of Korea" or "Republic of Korea"?`},
		{"Saint Martin", `ambiguous country "Saint Martin"; did you mean "Saint Martin (French Part)" or "Sint Maarten (Dutch part)"?`},
		{"virgin islands", `ambiguous country "virgin islands"; did you mean "British Virgin Islands" or "United States Virgin Islands"?`},
	}
	for _, tt := range tests {
		p, err := a.Resolve(tt.in)
		if err == nil {
			t.Errorf("Resolve(%q) = %q, want error %q", tt.in, p.Name, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Resolve(%q) error:\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}

	_, err := a.Resolve("Bangaldesh")
	var unknown *UnknownError
	if !errors.As(err, &unknown) || unknown.Name != "Bangaldesh" || !slices.Equal(unknown.Suggestions, []string{"Bangladesh"}) {
		t.Errorf("Resolve(Bangaldesh) error = %#v, want *UnknownError with suggestion Bangladesh", err)
	}
	_, err = a.Resolve("Korea")
	var ambiguous *AmbiguousError
	if !errors.As(err, &ambiguous) || len(ambiguous.Candidates) != 2 {
		t.Errorf("Resolve(Korea) error = %#v, want *AmbiguousError with two candidates", err)
	}
}

// replaceFile returns the embedded data with one file's contents replaced.
func replaceFile(t *testing.T, name, contents string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := fs.ReadDir(data, "data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(data, "data/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	m[name] = &fstest.MapFile{Data: []byte(contents)}
	return m
}

// TestLoadRefusesBadData checks that inconsistent tables fail to load with
// an error naming the file and line.
func TestLoadRefusesBadData(t *testing.T) {
	tests := []struct {
		file, contents, want string
	}{
		{"aliases.csv", "target,aliases\nBGD,Bengal\nIND,bengal\n",
			`aliases.csv:3: "bengal" would mean both "Bangladesh" and "India"`},
		{"aliases.csv", "target,aliases\nNER,Nigeria\n",
			`aliases.csv:2: "Nigeria" would mean both "Nigeria" and "Niger"`},
		{"aliases.csv", "target,aliases\nXXX,Nowhere\n", `aliases.csv:2: unknown target "XXX"`},
		{"ambiguous.csv", "name,targets\nCongo,COG COD\n",
			`ambiguous.csv:2: "Congo" is listed as ambiguous but names "Congo"`},
		{"ambiguous.csv", "name,targets\nGuineas,GIN\n", `ambiguous.csv:2: "Guineas" needs at least two targets`},
		{"m49.csv", "m49,type,name,iso2,iso3,parent\n001,world,World,,,\n050,country,Bangladesh,BD,BGD,001\n999,country,The Bangladesh,XB,XBD,001\n",
			`m49.csv:4: "The Bangladesh" would mean both "Bangladesh" and "The Bangladesh"`},
		{"m49.csv", "m49,type,name,iso2,iso3,parent\n001,world,World,,,\n999,country,Atlantis,XA,XAT,998\n",
			`m49.csv:3: "Atlantis": parent "998" is not an M49 region`},
		{"m49.csv", "m49,type,name,iso2,iso3,parent\n001,world,World,,,\n999,country,Atlantis,XA,,001\n",
			`m49.csv:3: country "Atlantis": only countries have ISO codes, and then both (Sark has neither)`},
		{"un-members.csv", "iso3,m49,name,status,admitted_on,note\nTUR,792,Turkey,member,,\n",
			`un-members.csv:2: TUR 792 "Turkey" is not that M49 country`},
		{"un-members.csv", "iso3,m49,name,status,admitted_on,note\nSSD,728,South Sudan,member,14 July 2011,\n",
			`un-members.csv:2: admitted_on: want YYYY-MM-DD for a Member State, got "14 July 2011"`},
		{"un-members.csv", "iso3,m49,name,status,admitted_on,note\nVAT,336,Holy See,guest,,\n",
			`un-members.csv:2: status: want member or observer, got "guest"`},
		{"escap.csv", "iso3,name,membership\nXYZ,Atlantis,regional member\n",
			`groups.csv:3: group "Asia and the Pacific": escap.csv:2: XYZ "Atlantis" is not an M49 country`},
		{"ldc.csv", "iso3,name,joined_ldc_on,left_ldc_on,note\nBGD,Bangladesh,,24 Nov 2026,\n",
			`groups.csv:2: group "Least Developed Countries": ldc.csv:2: left_ldc_on: want YYYY-MM-DD, got "24 Nov 2026"`},
		{"m49.csv", "m49,type,name,iso2,iso3,parent\n001,world,World,,,\n002,region,Africa,,,003\n003,region,Afrika,,,002\n",
			`m49.csv:3: "Africa": parents do not lead to the world`},
		{"groups.csv", "code,name,membership,members,note\nx,X,list,XYZ,\n",
			`groups.csv:2: group "X": unknown code "XYZ"`},
	}
	for _, tt := range tests {
		_, err := load(replaceFile(t, tt.file, tt.contents))
		if err == nil || err.Error() != tt.want {
			t.Errorf("load with bad %s:\n got %v\nwant %s", tt.file, err, tt.want)
		}
	}
}

func TestKeyAndSlug(t *testing.T) {
	tests := []struct {
		in, key, slug string
	}{
		{"Côte d’Ivoire", "cote divoire", "cote-divoire"},
		{"Côte d'Ivoire", "cote divoire", "cote-divoire"},
		{"  Bolivia (Plurinational   State of) ", "bolivia plurinational state of", "bolivia-plurinational-state-of"},
		{"China, Hong Kong Special Administrative Region", "china hong kong special administrative region", "china-hong-kong-special-administrative-region"},
		{"The Gambia", "gambia", "the-gambia"},
		{"the", "the", "the"},
		{"St. Lucia", "saint lucia", "st-lucia"},
		{"ST", "st", "st"},
		{"U.S.A.", "usa", "usa"},
		{"Asia & the Pacific", "asia and the pacific", "asia-and-the-pacific"},
		{"Åland Islands", "aland islands", "aland-islands"},
		{"Straße ŁÓDŹ Œuvre", "strasse lodz oeuvre", "strasse-lodz-oeuvre"},
		{"Ελλάδα", "ελλάδα", "ελλάδα"}, // only Latin letters are folded
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := key(tt.in); got != tt.key {
			t.Errorf("key(%q) = %q, want %q", tt.in, got, tt.key)
		}
		if got := slug(tt.in); got != tt.slug {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
	}
}
