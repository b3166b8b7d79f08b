// Package places knows the countries, M49 regions and country groups that
// project pages name, resolves the names content editors write, and answers
// which countries belonged to a region or group during a project, and which
// regions lie wholly inside another (Inside).
//
// # Data
//
// Everything comes from CSV files embedded from data/, so a build never reads
// the disk or the network for it:
//
//   - m49.csv: the UN M49 standard (Standard Country or Area Codes for
//     Statistical Use, UN Statistics Division), copied unchanged: the world,
//     regions, subregions, intermediate regions and countries or areas, with
//     3-digit codes, parents and ISO 3166-1 alpha-2/alpha-3 codes.
//   - iso3166-supplement.csv: ISO 3166-1 entries that M49 lacks but real
//     content names, in the same columns plus a note. Today that is Taiwan
//     ("Taiwan, Province of China" as ISO 3166-1 spells it, numeric 158,
//     placed in Eastern Asia). Such places have Supplement set.
//   - ldc.csv: the Least Developed Countries list (UN-OHRLLS / UN DESA
//     Committee for Development Policy) with the date each country left it.
//     Our copy adds a joined_ldc_on column, filled only where the source
//     states a date (South Sudan, 2012-12-18); an empty date means "always".
//   - groups.csv: the groups that are not M49 areas, with a code and how
//     membership is known: "ldc" (dated, from ldc.csv), "regions" (every
//     country in the listed M49 areas; Asia and the Pacific is Asia 142 plus
//     Oceania 009), "list" (the listed ISO alpha-3 codes; LLDCs and SIDS per
//     UN-OHRLLS) or "global" (no member list, see Enumerable).
//   - aliases.csv: per place (by ISO alpha-3, M49 code or group code) the
//     short display name, if it differs from the M49 name, and the other
//     names editors write, separated by semicolons.
//   - ambiguous.csv: names that fit more than one place, with the candidates.
//
// # Resolution
//
// Resolve accepts a place's M49 name, short name, any alias, its ISO
// alpha-2 or alpha-3 code, its M49 code, or a group's code. Matching ignores
// case, accents (é matches e), apostrophe style (' and ’), periods, other
// punctuation and extra spaces; "&" reads as "and", a leading "The" is
// dropped and "St" reads as "Saint". So "Côte d'Ivoire", "cote divoire",
// "U.S.A." and "St. Lucia" all resolve. Load refuses data in which two
// places share a name after this folding, so a name never silently means
// two things.
//
// Alias decisions worth knowing:
//   - "Korea", "Virgin Islands" and "Saint Martin" are ambiguous: Resolve
//     returns an *AmbiguousError naming the candidates, because guessing
//     would credit a project to the wrong country.
//   - "Micronesia" is the M49 subregion; the country is "Micronesia
//     (Federated States of)", "Federated States of Micronesia" or "FSM".
//   - "Congo" is the Republic of the Congo, as in M49; "DRC", "DR Congo" and
//     the ISO spelling "Congo, The Democratic Republic of the" are the other.
//   - "America" is not accepted; write "United States" or "Americas".
//
// Unknown names give an *UnknownError that carries the closest names and
// aliases by edit distance, so a caller can print
// `unknown country or group "Bangaldesh"; did you mean "Bangladesh"?` after
// its own file:line prefix.
//
// # Membership
//
// M49 membership is the static hierarchy. LDC membership is dated: a country
// is a member from joined_ldc_on (inclusive) until left_ldc_on (exclusive);
// a left date in the future is a scheduled graduation, so the country counts
// as a member until then. The package never reads the clock: callers pass
// the project's dates. "Developing Countries" and "All Member States" are
// global groups with no member list here (the UN has no established
// designation of developing countries, and M49 does not record membership),
// so Within and Members return nothing for them; a page tagged with one
// covers every country in spirit but names none.
package places

import (
	"fmt"
	"strings"
)

// Kind says what sort of place a Place is.
type Kind int

// The kinds of place, from the M49 hierarchy's top down, then groups.
const (
	World Kind = iota + 1
	Region
	Subregion
	IntermediateRegion
	Country
	Group
)

// String returns the kind as written in m49.csv's type column ("region",
// "intermediate-region", "country") or "group".
func (k Kind) String() string {
	switch k {
	case World:
		return "world"
	case Region:
		return "region"
	case Subregion:
		return "subregion"
	case IntermediateRegion:
		return "intermediate-region"
	case Country:
		return "country"
	case Group:
		return "group"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Place is the world, an M49 region, a country or area, or a group.
// Places are shared by an Atlas and must not be modified.
type Place struct {
	Slug       string // URL segment from Name: "united-republic-of-tanzania"; unique in the Atlas
	Name       string // M49 English name, the ISO 3166-1 name for supplements, or the group's name
	Short      string // display name from aliases.csv where it differs ("Tanzania"), else Name
	Kind       Kind
	M49        string // 3-digit M49 code; "" for groups
	ISO2, ISO3 string // ISO 3166-1 codes; countries only
	Code       string // group code from groups.csv ("ldc", "asia-pacific"); "" for M49 places
	Supplement bool   // listed in ISO 3166-1 but not in M49 (iso3166-supplement.csv)
	Parent     *Place // M49 parent; nil for the world and groups
}

// String returns the place's name.
func (p *Place) String() string { return p.Name }

// Atlas holds every place and the indexes over them. It is immutable after
// Load and safe for concurrent use.
type Atlas struct {
	countries []*Place               // sorted by name
	regions   []*Place               // world, regions, subregions, intermediate regions; sorted by name
	groups    []*Place               // sorted by name
	bySlug    map[string]*Place      // slug → place
	byKey     map[string]*Place      // folded name, alias or code → place
	ambiguous map[string][]*Place    // folded name → candidates, sorted by name
	names     []nameEntry            // every name, short name and alias, for suggestions
	members   map[*Place]*membership // group → its members
	inside    map[*Place][]*Place    // region or group → the regions wholly inside it (Inside)
}

// nameEntry is one name or alias a person might mean, kept for suggestions.
type nameEntry struct {
	text  string // as written in the data
	key   string // folded
	place *Place
}

// Countries returns every country or area, sorted by name.
func (a *Atlas) Countries() []*Place { return append([]*Place(nil), a.countries...) }

// Regions returns the world and every M49 region, subregion and
// intermediate region, sorted by name.
func (a *Atlas) Regions() []*Place { return append([]*Place(nil), a.regions...) }

// Groups returns the groups from groups.csv, sorted by name.
func (a *Atlas) Groups() []*Place { return append([]*Place(nil), a.groups...) }

// BySlug returns the place with the given slug, or nil.
func (a *Atlas) BySlug(slug string) *Place { return a.bySlug[slug] }

// Ancestors returns the M49 regions containing p, nearest first, excluding
// the world. For Kenya that is Eastern Africa, Sub-Saharan Africa, Africa.
// It returns nil for the world and for groups.
func (a *Atlas) Ancestors(p *Place) []*Place {
	var out []*Place
	for q := p.Parent; q != nil && q.Kind != World; q = q.Parent {
		out = append(out, q)
	}
	return out
}

// byName orders places by name ignoring case, accents and punctuation (by
// slug, which folds the name), so
// "Åland Islands" sorts with the A's; the name itself breaks ties.
func byName(p, q *Place) int {
	if c := strings.Compare(p.Slug, q.Slug); c != 0 {
		return c
	}
	return strings.Compare(p.Name, q.Name)
}
