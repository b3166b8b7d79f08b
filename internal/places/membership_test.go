package places

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// date parses YYYY-MM-DD, with "" giving the zero time (open-ended).
func date(t testing.TB, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWithin(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		country, group string
		from, to       string
		want           bool
	}{
		// LDC, dated: members until left_ldc_on, exclusive.
		{"Bangladesh", "LDC", "2013-07-01", "2015-12-31", true},
		{"Bangladesh", "LDC", "2026-11-23", "2027-12-31", true},  // day before leaving
		{"Bangladesh", "LDC", "2026-11-24", "2027-12-31", false}, // day of leaving
		{"Bangladesh", "LDC", "2030-01-01", "", false},
		{"Samoa", "LDC", "2013-01-01", "2015-12-31", true}, // overlaps its last year
		{"Samoa", "LDC", "2015-01-01", "2015-12-31", false},
		{"Samoa", "LDC", "2013-12-31", "2013-12-31", true},  // day before leaving
		{"Samoa", "LDC", "2014-01-01", "2014-12-31", false}, // day of leaving
		{"Samoa", "LDC", "2014-01-02", "2014-12-31", false}, // day after leaving
		{"Samoa", "LDC", "2000-01-01", "", true},            // open-ended, started while a member
		{"Botswana", "LDC", "1996-01-01", "1999-12-31", false},
		{"Botswana", "LDC", "1990-01-01", "1994-12-15", true},
		{"Afghanistan", "LDC", "1900-01-01", "1900-01-01", true}, // no joining date: always
		{"Afghanistan", "LDC", "2020-01-01", "", true},
		{"South Sudan", "LDC", "2012-01-01", "2012-12-17", false}, // day before joining
		{"South Sudan", "LDC", "2012-01-01", "2012-12-18", true},  // day of joining
		{"South Sudan", "LDC", "2013-01-01", "", true},
		{"Solomon Islands", "LDC", "2027-12-12", "2028-06-30", true}, // future exit: member until then
		{"India", "LDC", "2000-01-01", "2030-01-01", false},
		{"Bangladesh", "LDC", "2015-12-31", "2013-07-01", false}, // to before from
		// Asia and the Pacific: ESCAP's regional members, static.
		{"Fiji", "Asia and the Pacific", "2010-01-01", "2010-12-31", true},
		{"Japan", "Asia and the Pacific", "2010-01-01", "2010-12-31", true},
		{"Türkiye", "Asia and the Pacific", "2010-01-01", "", true},
		{"Russian Federation", "Asia and the Pacific", "2010-01-01", "", true},
		{"Saudi Arabia", "Asia and the Pacific", "2010-01-01", "", false},
		{"Israel", "Asia and the Pacific", "2010-01-01", "", false},
		{"France", "Asia and the Pacific", "2010-01-01", "", false},    // a non-regional member
		{"Hong Kong", "Asia and the Pacific", "2010-01-01", "", false}, // an associate member
		{"Egypt", "Asia and the Pacific", "2010-01-01", "2010-12-31", false},
		// All Member States: from the day each was admitted.
		{"Kenya", "All Member States", "1990-01-01", "", true},
		{"South Sudan", "All Member States", "2009-01-01", "2011-07-13", false},
		{"South Sudan", "All Member States", "2009-01-01", "2011-07-14", true},
		{"Holy See", "All Member States", "2010-01-01", "", false},
		{"Aruba", "All Member States", "2010-01-01", "", false},
		// Static lists.
		{"Mongolia", "LLDCs", "2010-01-01", "", true},
		{"Chile", "LLDCs", "2010-01-01", "", false},
		{"Singapore", "SIDS", "2010-01-01", "", true},
		{"Japan", "SIDS", "2010-01-01", "", false},
		// Global groups have no member list.
		{"Kenya", "Developing Countries", "2010-01-01", "", false},
		// M49 regions: static hierarchy, any level.
		{"Kenya", "Eastern Africa", "2010-01-01", "", true},
		{"Kenya", "Sub-Saharan Africa", "2010-01-01", "", true},
		{"Kenya", "Africa", "2010-01-01", "", true},
		{"Kenya", "World", "2010-01-01", "", true},
		{"Kenya", "Western Africa", "2010-01-01", "", false},
		{"Kenya", "Asia", "2010-01-01", "", false},
		// Not a country-in-container question.
		{"Kenya", "Kenya", "2010-01-01", "", false},
		{"Kenya", "Uganda", "2010-01-01", "", false},
		{"Africa", "World", "2010-01-01", "", false},
	}
	for _, tt := range tests {
		c, g := mustResolve(t, a, tt.country), mustResolve(t, a, tt.group)
		if got := a.Within(c, g, date(t, tt.from), date(t, tt.to)); got != tt.want {
			t.Errorf("Within(%s, %s, %s, %q) = %v, want %v", tt.country, tt.group, tt.from, tt.to, got, tt.want)
		}
	}
	if a.Within(nil, mustResolve(t, a, "LDC"), time.Time{}, time.Time{}) {
		t.Error("Within(nil, LDC) = true")
	}
}

// TestWithinIgnoresTimeOfDay checks that boundaries are whole days in any
// zone: the last hour of the day before Samoa left still counts.
func TestWithinIgnoresTimeOfDay(t *testing.T) {
	a := mustLoad(t)
	samoa, ldc := mustResolve(t, a, "Samoa"), mustResolve(t, a, "LDC")
	east := time.FixedZone("UTC+13", 13*60*60)
	from := time.Date(2013, 12, 31, 23, 30, 0, 0, east)
	if !a.Within(samoa, ldc, from, from) {
		t.Errorf("Within(Samoa, LDC, %v) = false, want true", from)
	}
}

func TestMembers(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		group    string
		from, to string
		count    int // -1: not checked
		has      []string
		hasNot   []string
	}{
		{"LDC", "2013-07-01", "2015-12-31", 49, []string{"Bangladesh", "Samoa", "Vanuatu", "South Sudan"}, []string{"Maldives", "Botswana", "Cabo Verde"}},
		{"LDC", "2025-01-01", "", 44, []string{"Bangladesh", "Solomon Islands"}, []string{"Sao Tome and Principe", "Bhutan"}},
		{"LDC", "2028-01-01", "", 40, []string{"Senegal"}, []string{"Bangladesh", "Nepal", "Lao People's Democratic Republic", "Solomon Islands"}},
		{"LDC", "1990-01-01", "1990-12-31", 49, []string{"Botswana"}, []string{"South Sudan", "Tuvalu", "Timor-Leste"}}, // the last two joined the UN later
		{"LLDCs", "", "", 32, []string{"Afghanistan", "Zimbabwe", "North Macedonia"}, []string{"Chile"}},
		{"SIDS", "", "", 38, []string{"Singapore", "Cuba", "Micronesia (Federated States of)"}, []string{"Japan"}},
		{"Asia and the Pacific", "", "", 49, []string{"Fiji", "Japan", "Kazakhstan", "Australia", "Türkiye"}, []string{"Egypt", "Antarctica", "Saudi Arabia", "Israel", "United Arab Emirates", "State of Palestine", "China, Hong Kong Special Administrative Region"}},
		// Reached means Member States only: no territory, no observer.
		{"Eastern Africa", "", "", 18, []string{"Kenya", "South Sudan"}, []string{"Egypt", "Mayotte", "Réunion", "British Indian Ocean Territory", "French Southern Territories"}},
		{"Eastern Africa", "2009-01-01", "2010-12-31", 17, []string{"Kenya"}, []string{"South Sudan"}},
		{"Northern Africa", "", "", 6, []string{"Egypt"}, []string{"Western Sahara"}},
		{"World", "", "", 193, nil, []string{"Holy See", "State of Palestine", "Heard Island and McDonald Islands", "Sark"}},
		{"Developing Countries", "", "", 0, nil, nil},
		{"All Member States", "", "", 193, []string{"South Sudan", "Montenegro"}, []string{"Holy See", "State of Palestine"}},
		{"All Member States", "2001-01-01", "2001-12-31", 189, []string{"Serbia", "Tuvalu"}, []string{"South Sudan", "Montenegro", "Switzerland", "Timor-Leste"}},
		{"Kenya", "", "", 0, nil, nil},
	}
	for _, tt := range tests {
		got := a.Members(mustResolve(t, a, tt.group), date(t, tt.from), date(t, tt.to))
		gotNames := names(got)
		if tt.count >= 0 && len(got) != tt.count {
			t.Errorf("Members(%s, %s, %q): %d countries, want %d", tt.group, tt.from, tt.to, len(got), tt.count)
		}
		for _, n := range tt.has {
			if !slices.Contains(gotNames, n) {
				t.Errorf("Members(%s, %s, %q) lacks %s", tt.group, tt.from, tt.to, n)
			}
		}
		for _, n := range tt.hasNot {
			if slices.Contains(gotNames, n) {
				t.Errorf("Members(%s, %s, %q) has %s", tt.group, tt.from, tt.to, n)
			}
		}
		if !slices.IsSortedFunc(got, byName) {
			t.Errorf("Members(%s) not sorted by name", tt.group)
		}
	}
}

// TestAsiaPacificIsESCAP checks the group against ESCAP's regional
// members, as escap.csv lists them.
func TestAsiaPacificIsESCAP(t *testing.T) {
	a := mustLoad(t)
	f, err := os.ReadFile("data/escap.csv")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(f), "\n") {
		if iso3, ok := strings.CutSuffix(line, ",regional member"); ok {
			want = append(want, mustResolve(t, a, iso3[:3]).Name)
		}
	}
	slices.SortFunc(want, func(x, y string) int { return strings.Compare(slug(x), slug(y)) })
	got := names(a.Members(mustResolve(t, a, "Asia-Pacific"), time.Time{}, time.Time{}))
	if !slices.Equal(got, want) || len(got) != 49 {
		t.Errorf("Asia and the Pacific = %q\nwant %q", got, want)
	}
}
