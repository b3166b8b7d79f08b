package site

import "portfolio/internal/places"

// Tiles returns every UN Member State's square on the world tile grid
// (places.Atlas.Tiles), in reading order, for the site's map; nil for a
// site not made by Build.
func (s *Site) Tiles() []places.Tile {
	if s.atlas == nil {
		return nil
	}
	return s.atlas.Tiles()
}

// MembersOn returns the UN Member States that belong to the region or
// group pl on the build date, sorted by name (places.Atlas.Members): the
// States its page's map highlights. It returns nil for a country, for a
// group with no member list (Developing Countries) and for a site not
// made by Build.
func (s *Site) MembersOn(pl *Place) []*places.Place {
	if s.atlas == nil || pl.Kind == places.Country || pl.Global {
		return nil
	}
	return s.atlas.Members(pl.Place, s.AsOf, s.AsOf)
}
