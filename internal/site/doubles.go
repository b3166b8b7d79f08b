package site

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/places"
)

// doubles returns l, a build's diagnostics, with warnings of what readers
// would take for one thing but site s shows as two — unless l has errors:
//   - projects with the same title, which lists and search cannot tell
//     apart (sameTitles);
//   - funders, or partners, written in two ways that make one slug ("Fund
//     & Co", "Fund and Co"), which share a page (sameSlugs);
//   - funders whose names differ by a slip ("Brasil" beside "Brazil") or
//     by an acronym left off ("Development Account" beside "Development
//     Account (DA)"), which get a page each (closeFunders).
//
// titles holds the titles' warnings of the build before, worked out again
// only when retitled (at 10,000 projects they take 10–15 ms, the funders'
// almost nothing); a Cache keeps them between builds.
func doubles(l diag.List, s *Site, atlas *places.Atlas, titles *diag.List, retitled bool) diag.List {
	if l.HasErrors() {
		return l
	}
	if retitled {
		*titles = sameTitles(s)
	}
	return append(append(append(l, *titles...), closeFunders(s, atlas)...), sameSlugs(s)...)
}

// sameSlugs warns wherever a funder or a partner is written in a spelling
// other than the first (in path order) of those that make the same slug:
// funders "Fund and Co" and "Fund & Co" get one page, under one of the
// names; partners, who have no page, are counted as two. It warns too of
// a funder whose page's folder would have a name Windows reserves.
func sameSlugs(s *Site) diag.List {
	type use struct {
		kind, text, slug, path string
		pos                    diag.Pos
	}
	slugs := map[string]string{} // a site names the same few funders and partners again and again
	slug := func(text string) string {
		s, ok := slugs[text]
		if !ok {
			s = content.Slugify(text)
			slugs[text] = s
		}
		return s
	}
	each := func(f func(use)) {
		for _, p := range s.Projects {
			for _, v := range p.Funding {
				f(use{"funder", v.Text, slug(v.Text), p.Path, v.Pos})
			}
			for i, name := range p.Partners {
				var pos diag.Pos
				if i < len(p.PartnersPos) {
					pos = p.PartnersPos[i]
				}
				f(use{"partner", name, slug(name), p.Path, pos})
			}
		}
	}
	// Most names are written one way: only the slugs written two ways, or
	// reserved, need their uses sorted into file order. A preview save
	// runs this over every funder and partner.
	texts, odd := map[[2]string]string{}, map[[2]string]bool{}
	each(func(u use) {
		k := [2]string{u.kind, u.slug}
		if t, ok := texts[k]; !ok {
			texts[k] = u.text
			if u.kind == "funder" && content.Reserved(u.slug) {
				odd[k] = true
			}
		} else if t != u.text {
			odd[k] = true
		}
	})
	var uses []use
	each(func(u use) {
		if odd[[2]string{u.kind, u.slug}] {
			uses = append(uses, u)
		}
	})
	slices.SortStableFunc(uses, func(a, b use) int {
		return cmp.Or(strings.Compare(a.path, b.path), cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Col, b.pos.Col))
	})
	var l diag.List
	first := map[[2]string]use{} // by kind and slug
	for _, u := range uses {
		if u.slug == "" {
			continue // a funder's is an error of its own; a partner has no page
		}
		f, ok := first[[2]string{u.kind, u.slug}]
		if !ok {
			first[[2]string{u.kind, u.slug}] = u
			if u.kind == "funder" && content.Reserved(u.slug) {
				l.Warnf(u.path, u.pos, "%s", content.ReservedMsg("funder "+strconv.Quote(u.text)+"'s page's address ends in", u.slug, "write the funder's name in full"))
			}
			continue
		}
		switch {
		case u.text == f.text:
		case u.kind == "funder":
			l.Warnf(u.path, u.pos, "funder %q and %q (%s:%d) make the same address, /funders/%s/, so the site shows them as one funder under one of the names; if they are one, write it the same way everywhere, and if two, make their names differ in letters or digits",
				u.text, f.text, f.path, f.pos.Line, u.slug)
		default:
			l.Warnf(u.path, u.pos, "partner %q and %q (%s:%d) differ only in what an address leaves out (both make %q), so readers take them for one partner while related projects and the downloads count two; if they are one, write it the same way everywhere",
				u.text, f.text, f.path, f.pos.Line, u.slug)
		}
	}
	return l
}

// sameTitles warns at each project whose title another project, first in
// path order, has already.
func sameTitles(s *Site) diag.List {
	var l diag.List
	byTitle := map[string][]*Project{}
	for _, p := range s.Projects {
		if k := fold(p.Title); k != "" { // an empty title is an error of its own
			byTitle[k] = append(byTitle[k], p)
		}
	}
	for _, ps := range byTitle {
		if len(ps) < 2 {
			continue
		}
		slices.SortFunc(ps, func(a, b *Project) int { return strings.Compare(a.Path, b.Path) })
		for _, p := range ps[1:] {
			l.Warnf(p.Path, p.TitlePos, "title %q is also the title of %s, and lists and search cannot tell the two apart; make the titles differ, for example by country or years", p.Title, ps[0].Path)
		}
	}
	return l
}

// closeFunders warns, wherever the less used of two funders' names is
// written, of names that are likely one funder's: the same but for a
// parenthesised acronym, or a slip of a letter or two in a long name.
// Two names that are both known places (Slovakia, Slovenia) are two.
func closeFunders(s *Site, atlas *places.Atlas) diag.List {
	var l diag.List
	fs := slices.Clone(s.Funders)
	// The more used first, so that each pair warns of its second.
	slices.SortStableFunc(fs, func(a, b *Funder) int { return cmp.Compare(len(b.Projects), len(a.Projects)) })
	byBare := map[string]*Funder{}
	byInitial := map[rune][]*Funder{}
	for _, f := range fs {
		name := fold(f.Name)
		if first, ok := byBare[bare(name)]; ok && (name == bare(name) || fold(first.Name) == bare(name)) {
			warnFunder(f, first, &l) // "Trust Fund (A)" and "Trust Fund (B)" may be two
			continue
		}
		if _, ok := byBare[bare(name)]; !ok {
			byBare[bare(name)] = f
		}
		r, _ := utf8.DecodeRuneInString(name)
		for _, g := range byInitial[r] {
			if a, b, ok := slip(name, fold(g.Name)); ok && !(known(atlas, a) && known(atlas, b)) {
				warnFunder(f, g, &l)
				break
			}
		}
		byInitial[r] = append(byInitial[r], f)
	}
	return l
}

func warnFunder(f, like *Funder, l *diag.List) {
	for _, p := range f.Projects {
		for _, v := range p.Funding {
			if fold(v.Text) == fold(f.Name) {
				l.Warnf(p.Path, v.Pos, "funder %q is written almost as %q (%s); if they are one funder, write it the same way everywhere, or it gets two pages", v.Text, like.Name, plural(len(like.Projects)))
			}
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return "1 project"
	}
	return fmt.Sprintf("%d projects", n)
}

func known(atlas *places.Atlas, name string) bool {
	_, err := atlas.Resolve(name)
	return err == nil
}

// fold lower-cases s and collapses its spaces.
func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// bare returns a folded name without a parenthesised part at its end:
// "development account (da)" → "development account".
func bare(name string) string {
	if strings.HasSuffix(name, ")") {
		if i := strings.LastIndex(name, " ("); i > 0 {
			return name[:i]
		}
	}
	return name
}

// slip reports whether folded names a and b differ by a slip in one word
// ("brasil", "european comission"): an edit for every eight letters of it,
// and at least one, in a word of six letters or more. It returns the two
// words, which may be known places that differ (Slovakia, Slovenia), for
// the caller to tell. Names that differ in a short word ("government of
// iran", "government of iraq"), in more than one, in their numbers ("fund
// 1", "fund 2") or in a parenthesised part ("trust fund (a)", "trust fund
// (b)") are two.
func slip(a, b string) (string, string, bool) {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) || bare(a) == bare(b) || digits(a) != digits(b) {
		return "", "", false
	}
	differ := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if differ >= 0 {
				return "", "", false
			}
			differ = i
		}
	}
	if differ < 0 {
		return "", "", false
	}
	x, y := wa[differ], wb[differ]
	n := min(utf8.RuneCountInString(x), utf8.RuneCountInString(y))
	if n < 6 || !strings.ContainsFunc(x, unicode.IsLetter) {
		return "", "", false
	}
	limit := max(1, n/8)
	return x, y, diag.Distance(x, y, limit) <= limit
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}
