package export

import (
	"encoding/binary"
	"hash/maphash"
	"time"

	"portfolio/internal/site"
)

// A part's key is its project's key (keyer.project) mixed with its
// download's (keyer.linksDoc, keyer.iatiDoc): together, everything the
// part's encoding reads — project, csvRow and activity with the functions
// they call. A value read and left out of the key would let a rebuild
// serve a part made from its old value; a value put in that is not read
// only costs a part being made again. So the project's key holds what any
// of the three parts reads, and each download's key what its own parts
// read of the site and the call.
//
// The keys are maphash hashes: they live only in one process's Memo, where
// a hash seeded afresh is as good as a stable one, and hashing a project's
// key bytes (about 700 on a 10,000-project corpus) this way takes 0.7 ms
// for them all, where FNV-1a takes 8.5 ms.

// keyer builds one key from many values. Each value is written with its
// length, so that ("ab", "c") and ("a", "bc") give different keys.
type keyer struct {
	seed maphash.Seed
	b    []byte
}

func (k *keyer) u64(v uint64) { k.b = binary.LittleEndian.AppendUint64(k.b, v) }
func (k *keyer) str(s string) { k.u64(uint64(len(s))); k.b = append(k.b, s...) }

func (k *keyer) flag(v bool) {
	if v {
		k.u64(1)
	} else {
		k.u64(0)
	}
}

// sum returns the key of the values written since the last sum, never 0,
// which stands for "not kept".
func (k *keyer) sum() uint64 {
	h := maphash.Bytes(k.seed, k.b)
	k.b = k.b[:0]
	return max(h, 1)
}

// project is what the parts read of p, or 0 when p has no Sum (a project
// made in memory rather than read from a file), whose parts are then made
// every time:
//   - its file: Sum, the hash of its bytes, stands for every field parsed
//     from it (title, code, dates, budget, partners, link, SDGs, summary,
//     text) but the slug, which defaults to the file's name and so is
//     there itself;
//   - what the site derives for it: Status and Derived, Division (the
//     file's or the site's default), URL, its funders' names (the only
//     thing the parts read of a funder), and the places it lists (Places)
//     and reaches (Within). Of a place the parts read its name, short name,
//     kind, M49, ISO and group codes, all facts of the embedded atlas for
//     which its slug stands, and its URL, which is the site's.
func (k *keyer) project(p *site.Project) uint64 {
	if p.Sum == 0 {
		return 0
	}
	k.u64(p.Sum)
	k.str(p.Slug)
	k.str(string(p.Status))
	k.flag(p.Derived)
	k.str(p.Division)
	k.str(p.URL)
	k.u64(uint64(len(p.Funders)))
	for _, f := range p.Funders {
		k.str(f.Name)
	}
	for _, list := range [][]*site.Place{p.Places, p.Within} {
		k.u64(uint64(len(list)))
		for _, pl := range list {
			k.str(pl.Slug)
			k.str(pl.URL)
		}
	}
	return k.sum()
}

// linksDoc is what a JSON object or CSV row reads of the site beyond its
// project: base_url, which every link starts with, and allow_html, which
// the parse that turned the project's file into its fields depends on.
func (k *keyer) linksDoc(s *site.Site) uint64 {
	k.str(s.Settings.BaseURL)
	k.flag(s.Settings.AllowHTML)
	return k.sum()
}

// iatiDoc is what an activity reads beyond its project: what a JSON
// object reads, the language, the site's division and its name (which the
// implementing organisation takes when it is the project's), the build
// date (the activity's last update, and whether its start and end have
// happened: the instant with its offset fixes both), and the reporting
// organisation's identifier and name.
func (k *keyer) iatiDoc(s *site.Site, orgRef, orgName string) uint64 {
	links := k.linksDoc(s)
	k.u64(links)
	st := s.Settings
	for _, v := range []string{st.Language, st.Division, st.DivisionName, s.AsOf.Format(time.RFC3339Nano), orgRef, orgName} {
		k.str(v)
	}
	return k.sum()
}

// mix returns a part's key from its download's and its project's, or 0
// when the project's is 0.
func mix(seed maphash.Seed, doc, project uint64) uint64 {
	if project == 0 {
		return 0
	}
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], doc)
	binary.LittleEndian.PutUint64(b[8:], project)
	return max(maphash.Bytes(seed, b[:]), 1)
}
