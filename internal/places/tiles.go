package places

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Tile is a UN Member State's place on the world tile grid (tiles.csv): a
// map of equal squares, one a State, each roughly where the State lies,
// which draws no boundary and so has none to dispute.
type Tile struct {
	Country  *Place
	Col, Row int // from the top left, as tiles.csv has them
}

// Tiles returns every UN Member State's tile, in reading order: by row,
// then column. Load refuses data in which a Member State has no tile or
// more than one, a tile is not a Member State's, or two tiles share a
// square.
func (a *Atlas) Tiles() []Tile { return slices.Clone(a.tiles) }

// readTiles reads tiles.csv, whose names must be the M49 names, as
// un-members.csv's are.
func (l *loader) readTiles(t *table) error {
	byPlace := map[*Place]int{} // → its row in t
	bySquare := map[[2]int]int{}
	for i := range t.rows {
		p := l.byCode[t.get(i, "iso3")]
		if p == nil || p.Kind != Country || p.Name != t.get(i, "name") {
			return t.errorf(i, "%s %q is not that M49 country", t.get(i, "iso3"), t.get(i, "name"))
		}
		if !p.IsMemberState() {
			return t.errorf(i, "%q is not a UN Member State: the map has a tile for each Member State and for nothing else", p.Name)
		}
		if j, ok := byPlace[p]; ok {
			return t.errorf(i, "%q has a tile already, on line %d", p.Name, t.lines[j])
		}
		var sq [2]int
		for k, col := range []string{"col", "row"} {
			n, err := strconv.Atoi(t.get(i, col))
			if err != nil || n < 0 {
				return t.errorf(i, "%s: want a whole number from 0, got %q", col, t.get(i, col))
			}
			sq[k] = n
		}
		if j, ok := bySquare[sq]; ok {
			return t.errorf(i, "%q would cover %q's tile (line %d), at column %d, row %d", p.Name, t.get(j, "name"), t.lines[j], sq[0], sq[1])
		}
		byPlace[p], bySquare[sq] = i, i
		l.tiles = append(l.tiles, Tile{Country: p, Col: sq[0], Row: sq[1]})
	}
	var missing []string
	for _, c := range l.countries {
		if _, ok := byPlace[c]; c.IsMemberState() && !ok {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("%s: no tile for the Member States %q", t.path, missing)
	}
	slices.SortFunc(l.tiles, func(a, b Tile) int { return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col)) })
	return nil
}
