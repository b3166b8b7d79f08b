package render

import (
	"slices"
	"time"

	"portfolio/internal/site"
)

// The map is a tile grid: one equal square per UN Member State, roughly
// where it lies (places.Atlas.Tiles), so it draws no boundary and has none
// to dispute. It is laid out here, as plain numbers and names, and drawn
// by layouts/partials/map.html as inline SVG, which holds every word of it:
// the legend, the tiles' accessible names, the caption. The browser runs
// no code for it.

// Map is a tile-grid map of the Member States: the world map of the home
// page and /countries/, shaded by the projects naming each State, or a
// region's or group's small map, its members highlighted.
type Map struct {
	Width, Height float64   // the viewBox
	Side          float64   // a tile's side; tiles are tilePitch apart, the paper showing between them
	Tiles         []MapTile // in reading order, so that Tab goes row by row
	Legend        []MapClass
	Group         *site.Place // a small map's region or group; nil for the world map
	Members       []MapTile   // a small map's highlighted tiles, by name as the site sorts places (by slug)
	AsOf          time.Time   // the build date, on which a small map's members belong
}

// MapTile is one Member State's square.
type MapTile struct {
	X, Y    float64 // its top left corner
	CX, CY  float64 // its centre, for its label
	Code    string  // ISO alpha-3, its label
	Name    string  // M49 name
	URL     string  // its page; "" when no project names or reaches it
	Direct  int     // projects naming it
	Reached int     // projects reaching it through a region or group
	Class   string  // a MapClass's, or on a small map "member" or "other"
}

// MapClass is a shade of the world map: "none" (no project), "reached"
// (only through regions or groups), or "n1", "n2", "n3" for the Member
// States that Min to Max projects name (Max 0: Min or more).
type MapClass struct {
	Class    string
	Min, Max int
}

const (
	tilePitch = 32 // viewBox units from one tile to the next
	tileSide  = 28 // the paper between two tiles stays over a pixel wide at 375 px
)

// WorldMap lays out the site's world map: every Member State shaded by
// how many projects name it, or marked as reached only.
func (p *Page) WorldMap() *Map {
	s := p.Site
	m := layTiles(s)
	if m == nil {
		return nil
	}
	var named []int
	for _, t := range m.Tiles {
		if t.Direct > 0 {
			named = append(named, t.Direct)
		}
	}
	b1, b2 := breaks(named)
	m.Legend = []MapClass{{Class: "none"}, {Class: "reached"}, {Class: "n1", Min: 1, Max: b1 - 1}, {Class: "n2", Min: b1, Max: b2 - 1}, {Class: "n3", Min: b2}}
	for i := range m.Tiles {
		t := &m.Tiles[i]
		switch {
		case t.Direct >= b2:
			t.Class = "n3"
		case t.Direct >= b1:
			t.Class = "n2"
		case t.Direct > 0:
			t.Class = "n1"
		case t.Reached > 0:
			t.Class = "reached"
		default:
			t.Class = "none"
		}
	}
	return m
}

// MembersMap lays out the small map of a region's or group's page, its
// Member States on the build date highlighted; nil on other pages, and for
// a group with no member list.
func (p *Page) MembersMap() *Map {
	if p.Place == nil || p.Place.IsCountry() {
		return nil
	}
	members := p.Site.MembersOn(p.Place) // by name, as the site sorts places
	m := layTiles(p.Site)
	if m == nil || len(members) == 0 {
		return nil
	}
	m.Group, m.AsOf = p.Place, p.Site.AsOf
	byCode := make(map[string]*MapTile, len(m.Tiles))
	for i := range m.Tiles {
		m.Tiles[i].Class = "other"
		byCode[m.Tiles[i].Code] = &m.Tiles[i]
	}
	for _, c := range members {
		if t := byCode[c.ISO3]; t != nil { // every Member State has a tile (places.Atlas.Tiles)
			t.Class = "member"
			m.Members = append(m.Members, *t)
		}
	}
	return m
}

// layTiles places every Member State's tile, with its counts and page,
// the grid's top left corner at the origin; nil for a site with no tiles.
func layTiles(s *site.Site) *Map {
	tiles := s.Tiles()
	if len(tiles) == 0 {
		return nil
	}
	pages := make(map[string]*site.Place, len(s.Countries))
	for _, c := range s.Countries {
		if c.ISO3 != "" {
			pages[c.ISO3] = c
		}
	}
	minCol, minRow, maxCol, maxRow := tiles[0].Col, tiles[0].Row, tiles[0].Col, tiles[0].Row
	for _, t := range tiles {
		minCol, maxCol = min(minCol, t.Col), max(maxCol, t.Col)
		minRow, maxRow = min(minRow, t.Row), max(maxRow, t.Row)
	}
	m := &Map{
		Width:  float64((maxCol-minCol+1)*tilePitch - (tilePitch - tileSide)),
		Height: float64((maxRow-minRow+1)*tilePitch - (tilePitch - tileSide)),
		Side:   tileSide,
		Tiles:  make([]MapTile, len(tiles)),
	}
	for i, t := range tiles {
		x, y := float64((t.Col-minCol)*tilePitch), float64((t.Row-minRow)*tilePitch)
		mt := MapTile{X: x, Y: y, CX: x + tileSide/2, CY: y + tileSide/2, Code: t.Country.ISO3, Name: t.Country.Name}
		if pl := pages[mt.Code]; pl != nil {
			mt.URL, mt.Direct, mt.Reached = pl.URL, len(pl.Direct), len(pl.Reached)
		}
		m.Tiles[i] = mt
	}
	return m
}

// breaks splits the counts of projects naming each Member State named at
// all into three shades, [1, b1), [b1, b2) and b2 or more, each holding
// about a third of those States, so that the map tells them apart on a
// small site and on a large one; never finer than 1, 2–3 and 4 or more,
// the shades when States are named a few times each.
func breaks(counts []int) (b1, b2 int) {
	if len(counts) == 0 {
		return 2, 4
	}
	v := slices.Sorted(slices.Values(counts))
	b1 = max(2, v[len(v)/3])
	b2 = max(b1+2, v[2*len(v)/3])
	return b1, b2
}
