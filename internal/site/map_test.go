package site

import (
	"slices"
	"testing"

	"portfolio/internal/places"
)

// TestMapData checks what the map reads of a site: every Member State's
// tile, and a group's members on the build date — Bangladesh is an LDC
// until it leaves the list on 24 November 2026 (with Lao PDR and
// Nepal), and not after.
func TestMapData(t *testing.T) {
	for _, tt := range []struct {
		asOf     string
		bangla   bool
		ldcCount int
	}{
		{"2026-11-01", true, 44},
		{"2026-11-29", false, 41},
	} {
		s, l := build(t, tt.asOf, project("ldc.md", "ldc", "2020-01", "2021-12", "LDCs"), project("dev.md", "dev", "2020-01", "2021-12", "Developing Countries"))
		if l.HasErrors() {
			t.Fatal(l.Err())
		}
		if n := len(s.Tiles()); n != 193 {
			t.Errorf("%d tiles, want 193", n)
		}
		var ldc, dev *Place
		for _, g := range s.Groups {
			switch g.Code {
			case "ldc":
				ldc = g
			case "developing":
				dev = g
			}
		}
		if ldc == nil {
			t.Fatal("no LDC page")
		}
		members := s.MembersOn(ldc)
		has := slices.ContainsFunc(members, func(c *places.Place) bool { return c.ISO3 == "BGD" })
		if has != tt.bangla || len(members) != tt.ldcCount {
			t.Errorf("as of %s: %d LDCs, Bangladesh among them %v; want %d, %v", tt.asOf, len(members), has, tt.ldcCount, tt.bangla)
		}
		if dev != nil && s.MembersOn(dev) != nil {
			t.Errorf("Developing Countries has members on the map: %v", s.MembersOn(dev))
		}
		if s.MembersOn(s.Countries[0]) != nil {
			t.Errorf("a country, %s, has members", s.Countries[0].Name)
		}
	}
	if (&Site{}).Tiles() != nil || (&Site{}).MembersOn(&Place{Place: nil, Global: true}) != nil {
		t.Error("a site not made by Build has map data")
	}
}
