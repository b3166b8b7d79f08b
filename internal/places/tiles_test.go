package places

import (
	"strconv"
	"strings"
	"testing"
)

// TestTiles checks the real grid: every Member State has exactly one tile,
// nothing else has one, no two tiles share a square, and a few States sit
// where they lie.
func TestTiles(t *testing.T) {
	a := mustLoad(t)
	tiles := a.Tiles()
	seen := map[*Place]bool{}
	squares := map[[2]int]string{}
	for i, tl := range tiles {
		if !tl.Country.IsMemberState() {
			t.Errorf("%s has a tile but is not a Member State", tl.Country.Name)
		}
		if seen[tl.Country] {
			t.Errorf("%s has two tiles", tl.Country.Name)
		}
		seen[tl.Country] = true
		sq := [2]int{tl.Col, tl.Row}
		if other, ok := squares[sq]; ok {
			t.Errorf("%s and %s share the square %v", other, tl.Country.Name, sq)
		}
		squares[sq] = tl.Country.Name
		if i > 0 && (tl.Row < tiles[i-1].Row || tl.Row == tiles[i-1].Row && tl.Col <= tiles[i-1].Col) {
			t.Errorf("%s comes after %s: want reading order", tl.Country.Name, tiles[i-1].Country.Name)
		}
	}
	members := 0
	for _, c := range a.Countries() {
		if c.IsMemberState() {
			members++
			if !seen[c] {
				t.Errorf("%s, a Member State, has no tile", c.Name)
			}
		}
	}
	if members != 193 || len(tiles) != 193 {
		t.Errorf("%d Member States, %d tiles; want 193 of each", members, len(tiles))
	}
	at := map[string][2]int{}
	for _, tl := range tiles {
		at[tl.Country.ISO3] = [2]int{tl.Col, tl.Row}
	}
	for _, tt := range []struct {
		what       string
		west, east string // on one row, west first
	}{
		{"India west of Nepal", "IND", "NPL"},
		{"Liechtenstein, placed by hand, west of Austria", "LIE", "AUT"},
		{"Brazil east of Peru", "PER", "BRA"},
	} {
		w, e := at[tt.west], at[tt.east]
		if w[1] != e[1] || w[0] >= e[0] {
			t.Errorf("%s: %s at %v, %s at %v", tt.what, tt.west, w, tt.east, e)
		}
	}
	if n, s := at["FIN"], at["ZAF"]; n[1] >= s[1] {
		t.Errorf("Finland (row %d) is not north of South Africa (row %d)", n[1], s[1])
	}
}

// TestTilesRefusesBadData checks that a grid with a tile missing, doubled,
// misplaced or given to what is not a Member State fails to load, naming
// the file and line.
func TestTilesRefusesBadData(t *testing.T) {
	real, err := data.ReadFile("data/tiles.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(real), "\n"), "\n")
	var header []string
	var body []string
	for _, l := range lines {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "iso3,") {
			header = append(header, l)
		} else {
			body = append(body, l)
		}
	}
	with := func(edit func([]string) []string) string {
		return strings.Join(append(append([]string(nil), header...), edit(append([]string(nil), body...))...), "\n") + "\n"
	}
	first := len(header) + 1 // the line of body[0]
	find := func(iso3 string) int {
		for i, l := range body {
			if strings.HasPrefix(l, iso3+",") {
				return i
			}
		}
		t.Fatalf("no %s in tiles.csv", iso3)
		return -1
	}
	bgd, ind := find("BGD"), find("IND")
	tests := []struct {
		name, contents, want string
	}{
		{"a Member State left out", with(func(b []string) []string { return append(b[:bgd], b[bgd+1:]...) }),
			`tiles.csv: no tile for the Member States ["Bangladesh"]`},
		{"a tile twice", with(func(b []string) []string { return append(b, "BGD,40,40,Bangladesh,") }),
			`tiles.csv:` + strconv.Itoa(first+len(body)) + `: "Bangladesh" has a tile already, on line ` + strconv.Itoa(first+bgd)},
		{"two on one square", with(func(b []string) []string {
			f := strings.Split(b[bgd], ",")
			g := strings.Split(b[ind], ",")
			f[1], f[2] = g[1], g[2]
			b[bgd] = strings.Join(f, ",")
			return b
		}), "would cover"},
		{"a territory", with(func(b []string) []string { return append(b, "GRL,0,0,Greenland,") }),
			`"Greenland" is not a UN Member State`},
		{"a name not M49's", with(func(b []string) []string {
			b[bgd] = strings.Replace(b[bgd], "Bangladesh", "Bengal", 1)
			return b
		}), `tiles.csv:` + strconv.Itoa(first+bgd) + `: BGD "Bengal" is not that M49 country`},
		{"a column not a number", with(func(b []string) []string {
			b[bgd] = "BGD,x,9,Bangladesh,"
			return b
		}), `col: want a whole number from 0, got "x"`},
	}
	for _, tt := range tests {
		_, err := load(replaceFile(t, "tiles.csv", tt.contents))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error holding %s", tt.name, err, tt.want)
		}
	}
}
