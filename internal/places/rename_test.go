package places

import (
	"slices"
	"testing"
)

func TestUNNames(t *testing.T) {
	a := mustLoad(t)
	tests := []struct {
		in, want string
		renames  []Rename
	}{
		{"Turkey", "Türkiye", []Rename{{"Turkey", "Türkiye"}}},
		{"Government of Turkey", "Government of Türkiye", []Rename{{"Turkey", "Türkiye"}}},
		{"government of turkey", "government of Türkiye", []Rename{{"turkey", "Türkiye"}}},
		// After "of", a name takes its running-text form (running.csv).
		{"Government of Tanzania", "Government of the United Republic of Tanzania", []Rename{{"Tanzania", "the United Republic of Tanzania"}}},
		{"Ministry of Finance of Bolivia", "Ministry of Finance of the Plurinational State of Bolivia", []Rename{{"Bolivia", "the Plurinational State of Bolivia"}}},
		{"Government of the United States", "Government of the United States of America", []Rename{{"United States", "United States of America"}}},
		{"Tanzania Revenue Authority", "United Republic of Tanzania Revenue Authority", []Rename{{"Tanzania", "United Republic of Tanzania"}}},
		{"Ministry of Finance, Tanzania, and the UK", "Ministry of Finance, United Republic of Tanzania, and the United Kingdom of Great Britain and Northern Ireland",
			[]Rename{{"Tanzania", "United Republic of Tanzania"}, {"UK", "United Kingdom of Great Britain and Northern Ireland"}}},
		// Case, accents and periods are ignored, as Resolve ignores them.
		{"Government of Turkiye", "Government of Türkiye", []Rename{{"Turkiye", "Türkiye"}}},
		{"the U.K. embassy", "the United Kingdom of Great Britain and Northern Ireland. embassy", []Rename{{"U.K", "United Kingdom of Great Britain and Northern Ireland"}}},
		{"CÔTE D’IVOIRE", "CÔTE D’IVOIRE", nil},
		// UN names, and aliases inside them, are left alone.
		{"Türkiye", "Türkiye", nil},
		{"Government of the United Republic of Tanzania", "Government of the United Republic of Tanzania", nil},
		{"Ministry of Public Administration and Security (MOPAS), Republic of Korea", "Ministry of Public Administration and Security (MOPAS), Republic of Korea", nil},
		{"State of Palestine", "State of Palestine", nil},
		{"through Congo, Democratic Republic of the Congo", "through Congo, Democratic Republic of the Congo", nil},
		{"Bolivia, Plurinational State of", "Bolivia (Plurinational State of)", []Rename{{"Bolivia, Plurinational State of", "Bolivia (Plurinational State of)"}}},
		// Only whole words; codes are not names.
		{"Turkeys of the world", "Turkeys of the world", nil},
		{"UNDP country offices", "UNDP country offices", nil},
		{"Development Account (DA)", "Development Account (DA)", nil},
		{"", "", nil},
	}
	for _, tt := range tests {
		got, renames := a.UNNames(tt.in)
		if got != tt.want || !slices.Equal(renames, tt.renames) {
			t.Errorf("UNNames(%q) = %q, %v; want %q, %v", tt.in, got, renames, tt.want, tt.renames)
		}
	}
}

func TestAliasesAreNotShown(t *testing.T) {
	a := mustLoad(t)
	tz := mustResolve(t, a, "Tanzania")
	if got := a.Aliases(tz); !slices.Contains(got, "Tanzania") || slices.Contains(got, tz.Name) {
		t.Errorf("Aliases(%s) = %q, want the short form and not the UN name", tz.Name, got)
	}
	if _, err := a.Resolve("Taiwan"); err == nil {
		t.Error(`Resolve("Taiwan") succeeded; M49 does not list it`)
	}
}

func TestInsideAsiaPacific(t *testing.T) {
	a := mustLoad(t)
	want := []string{"Australia and New Zealand", "Central Asia", "Eastern Asia", "Melanesia", "Micronesia",
		"Oceania", "Polynesia", "South-eastern Asia", "Southern Asia"}
	if got := names(a.Inside(mustResolve(t, a, "Asia and the Pacific"))); !slices.Equal(got, want) {
		t.Errorf("Inside(Asia and the Pacific) = %q\nwant %q", got, want)
	}
	if got := a.Inside(mustResolve(t, a, "All Member States")); got != nil {
		t.Errorf("Inside(All Member States) = %q, want none: its members change", names(got))
	}
}
