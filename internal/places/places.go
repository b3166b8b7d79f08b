// Package places knows the countries, M49 regions and country groups that
// project pages name, resolves the names content editors write, and answers
// which countries belonged to a region or group during a project, which of
// them a project naming it reaches (Members), and which regions lie wholly
// inside another (Inside).
//
// # Data
//
// Everything comes from CSV files embedded from data/, so a build never reads
// the disk or the network for it:
//
//   - m49.csv: the UN M49 standard (Standard Country or Area Codes for
//     Statistical Use, UN Statistics Division, unstats.un.org/unsd/methodology/m49),
//     copied unchanged: the world, regions, subregions, intermediate regions
//     and the 249 countries or areas, with 3-digit codes, parents and ISO
//     3166-1 alpha-2/alpha-3 codes (Sark has none; the Channel Islands are
//     the intermediate region holding Guernsey, Jersey and Sark). Its English
//     names are the only names a reader is shown. A name M49 does not list
//     (Taiwan, for one) is unknown, as any misspelling is.
//   - un-members.csv: the 193 UN Member States and the 2 non-member
//     observer States (Holy See, State of Palestine), from the United Nations'
//     list of Member States (un.org/en/about-us/member-states), with the
//     admission date of those admitted since 2000 (South Sudan, 2011-07-14).
//     Every other country or area is a territory or area, not a State.
//   - escap.csv: the members of the Economic and Social Commission for Asia
//     and the Pacific (ESCAP, unescap.org/about/member-states): 49 regional
//     members, 4 non-regional members and 9 associate members.
//   - ldc.csv: the Least Developed Countries list (UN-OHRLLS / UN DESA
//     Committee for Development Policy) with the date each country left it.
//     Our copy adds a joined_ldc_on column, filled only where the source
//     states a date (South Sudan, 2012-12-18); an empty date means "always".
//   - groups.csv: the groups that are not M49 areas, with a code and how
//     membership is known: "ldc" (dated, from ldc.csv), "escap" (Asia and
//     the Pacific: ESCAP's regional members, not M49 Asia plus Oceania,
//     which would take in the Arab States of Western Asia, members of ESCWA),
//     "members" (All Member States: the Member States of un-members.csv, each
//     from the day it was admitted), "list" (the listed ISO alpha-3 codes;
//     LLDCs and SIDS per UN-OHRLLS) or "global" (Developing Countries: no UN
//     list, see Enumerable).
//   - aliases.csv: per place (by ISO alpha-3, M49 code or group code) the
//     other names editors write, separated by semicolons: short forms
//     ("Tanzania", "United Kingdom"), ISO 3166-1 spellings and former names
//     ("Turkey", "Swaziland"). They are accepted as input and never shown.
//   - ambiguous.csv: names that fit more than one place, with the candidates.
//   - tiles.csv: the world tile grid, one equal square per Member State at
//     a column and row, roughly where it lies (Tiles), for the site's map.
//     Adapted from Mustafa Saifee's "Tile Grid Map"
//     (github.com/mustafasaifee42/Tile-Grid-Map), the World Tile Grid Map of
//     Jon Schwabish (PolicyViz, 2017) as data, under CC BY-SA 4.0, and so
//     under that licence itself; its header lists what was changed (only
//     Member States; Andorra, Liechtenstein, Monaco and San Marino placed
//     by hand).
//   - running.csv: the countries whose name in running text, after "of",
//     is not their list form: with "the" ("Government of the United
//     Republic of Tanzania"), or inverted back ("the Plurinational State
//     of Bolivia"), as the UN terminology database (UNTERM) writes them.
//     UNNames writes these in the names it suggests.
//
// # Resolution
//
// Resolve accepts a place's M49 name, any alias, its ISO alpha-2 or
// alpha-3 code, its M49 code, or a group's code. Matching ignores
// case, accents (é matches e), apostrophe style (' and ’), periods, other
// punctuation and extra spaces; "&" reads as "and", a leading "The" is
// dropped and "St" reads as "Saint". So "Côte d'Ivoire", "cote divoire",
// "U.S.A." and "St. Lucia" all resolve. Load refuses data in which two
// places share a name after this folding, so a name never silently means
// two things. UNNames finds the aliases inside free text, such as a
// funder's name ("Government of Turkey"), and gives the UN names.
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
// # Membership and reach
//
// M49 membership is the static hierarchy, and Within answers it for any
// country or area. LDC membership is dated: a country is a member from
// joined_ldc_on (inclusive) until left_ldc_on (exclusive); a left date in
// the future is a scheduled graduation, so the country counts as a member
// until then. A project that names a region or group reaches only the UN
// Member States in it that were Member States during the project (Members):
// never a territory (Heard Island, Western Sahara) nor an observer State,
// which have a page only when a project names them. The package never reads
// the clock: callers pass the project's dates. "Developing Countries" has no
// member list (the UN has no established designation of developing
// countries), so Within and Members return nothing for it; a project tagged
// with it has a global scope and names no country.
package places

import (
	"fmt"
	"strings"
	"time"
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
	Name       string // M49 English name, or the group's name: the only name a reader is shown
	Kind       Kind
	M49        string    // 3-digit M49 code; "" for groups
	ISO2, ISO3 string    // ISO 3166-1 codes; countries only, and not every one (Sark has none)
	Code       string    // group code from groups.csv ("ldc", "asia-pacific"); "" for M49 places
	UN         Status    // Member State, observer State or neither, from un-members.csv
	Admitted   time.Time // the day a Member State admitted since 2000 joined; zero for the others
	Parent     *Place    // M49 parent; nil for the world and groups
}

// Status says what a country or area is at the United Nations.
type Status int

// The statuses of un-members.csv; NotState is every other country or area
// (a territory such as Aruba or Western Sahara), and every region and group.
const (
	NotState Status = iota
	MemberState
	ObserverState
)

// IsState reports whether p is a UN Member State or an observer State: the
// places that get a country page without a project naming them.
func (p *Place) IsState() bool { return p.UN != NotState }

// IsMemberState reports whether p is a UN Member State.
func (p *Place) IsMemberState() bool { return p.UN == MemberState }

// MemberOn reports whether p was a UN Member State on some day of [from,
// to], inclusive days with a zero to meaning open-ended: South Sudan, for
// one, only from 2011-07-14.
func (p *Place) MemberOn(from, to time.Time) bool {
	from, to, ok := days(from, to)
	return ok && p.memberOn(to)
}

// memberOn is MemberOn for a period ending on day to (zero: open-ended).
func (p *Place) memberOn(to time.Time) bool {
	return p.UN == MemberState && (to.IsZero() || p.Admitted.IsZero() || !to.Before(p.Admitted))
}

// String returns the place's name.
func (p *Place) String() string { return p.Name }

// Atlas holds every place and the indexes over them. It is immutable after
// Load and safe for concurrent use.
type Atlas struct {
	countries    []*Place               // sorted by name
	regions      []*Place               // world, regions, subregions, intermediate regions; sorted by name
	groups       []*Place               // sorted by name
	bySlug       map[string]*Place      // slug → place
	byKey        map[string]*Place      // folded name, alias or code → place
	ambiguous    map[string][]*Place    // folded name → candidates, sorted by name
	names        []nameEntry            // every name and alias, for suggestions
	aliases      map[*Place][]string    // place → the other names editors write for it, as aliases.csv has them
	countryWords map[string]*Place      // every country's name and alias, as folded words, for UNNames
	firstWords   map[string]bool        // the first folded word of each of those
	longestName  int                    // the most words any of those has
	running      map[*Place]string      // country → its name in running text after "of", where it differs (running.csv)
	members      map[*Place]*membership // group → its members
	inside       map[*Place][]*Place    // region or group → the regions wholly inside it (Inside)
	tiles        []Tile                 // every Member State's tile, in reading order (Tiles)
}

// nameEntry is one name or alias a person might mean, kept for suggestions.
type nameEntry struct {
	text  string // as written in the data
	key   string // folded
	place *Place
}

// Aliases returns the other names editors may write for p ("Tanzania",
// "Turkey"), as aliases.csv lists them; codes are not among them. They are
// input only: pages show p.Name.
func (a *Atlas) Aliases(p *Place) []string { return append([]string(nil), a.aliases[p]...) }

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
