package export

import (
	"time"

	"portfolio/internal/key"
	"portfolio/internal/site"
)

// A part's key is its project's key (projectKey) mixed with its
// download's (docKey): together, everything the part's encoding reads —
// the columns (columns.go) and activity with the functions they call. A value read
// and left out of the key would let a rebuild serve a part made from its
// old value; a value put in that is not read only costs a part being made
// again. So the project's key holds what any of the three parts reads, and
// each download's key what its own parts read of the site and the call.
//
// The keys are package key's: they live only in one process's Memo.

// projectKey is what the parts read of p, or 0 when p has no Sum (a project
// made in memory rather than read from a file), whose parts are then made
// every time:
//   - its file: Sum, the hash of its bytes, stands for every field parsed
//     from it (title, code, dates, budget, partners, link, SDGs, summary,
//     text) but the slug, which defaults to the file's name and so is
//     there itself, and its last change (Modified);
//   - what the site derives for it: Status and Derived, Division (the
//     file's or the site's default), URL, its funders' names (the only
//     thing the parts read of a funder), and the places it lists (Places)
//     and reaches (Within). Of a place the parts read its name,
//     kind, M49, ISO and group codes, all facts of the embedded atlas for
//     which its slug stands, and its URL, which is the site's.
func projectKey(p *site.Project) uint64 {
	if p.Sum == 0 {
		return 0
	}
	k := key.New()
	k.U64(p.Sum)
	k.Str(p.Modified.Format(time.RFC3339))
	k.Str(p.Slug)
	k.Str(string(p.Status))
	k.Bool(p.Derived)
	k.Str(p.Division)
	k.Str(p.URL)
	k.U64(uint64(len(p.Funders)))
	for _, f := range p.Funders {
		k.Str(f.Name)
	}
	for _, list := range [][]*site.Place{p.Places, p.Within} {
		k.U64(uint64(len(list)))
		for _, pl := range list {
			k.Str(pl.Slug)
			k.Str(pl.URL)
		}
	}
	return k.Sum()
}

// docKey is what the parts of the download at path read beyond their
// project.
func docKey(path string, s *site.Site, orgRef, orgName string) uint64 {
	if path == IATIPath {
		return iatiDocKey(s, orgRef, orgName)
	}
	return linksDocKey(s)
}

// linksDocKey is what a JSON object or CSV row reads of the site beyond its
// project: base_url, which every link starts with, and allow_html, which
// the parse that turned the project's file into its fields depends on.
func linksDocKey(s *site.Site) uint64 {
	k := key.New()
	k.Str(s.Settings.BaseURL)
	k.Bool(s.Settings.AllowHTML)
	return k.Sum()
}

// iatiDocKey is what an activity reads beyond its project: what a JSON
// object reads, the language, the site's division and its name (which the
// implementing organisation takes when it is the project's), the build
// date (the activity's last update, and whether its start and end have
// happened: the instant with its offset fixes both), and the reporting
// organisation's identifier and name, given or the organization setting.
func iatiDocKey(s *site.Site, orgRef, orgName string) uint64 {
	k := key.New()
	k.U64(linksDocKey(s))
	st := s.Settings
	for _, v := range []string{st.Language, st.Division, st.DivisionName, s.AsOf.Format(time.RFC3339Nano), orgRef, orgName, st.Organization} {
		k.Str(v)
	}
	return k.Sum()
}
