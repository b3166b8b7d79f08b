package places

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"portfolio/internal/diag"
)

// Resolve returns the place a content editor meant by name: a country,
// region or group, by name, alias or code (see the package
// comment for the matching rules). It returns an *UnknownError for names it
// does not know and an *AmbiguousError for names that fit several places.
func (a *Atlas) Resolve(name string) (*Place, error) {
	k := key(name)
	if p := a.byKey[k]; p != nil {
		return p, nil
	}
	if cands := a.ambiguous[k]; cands != nil {
		e := &AmbiguousError{Name: name}
		for _, p := range cands {
			e.Candidates = append(e.Candidates, p.Name)
		}
		return nil, e
	}
	return nil, &UnknownError{Name: name, Suggestions: a.suggest(k), Several: a.several(name)}
}

// several returns the places name lists, as in "Bangladesh, Nepal" or
// "Kenya and Uganda" (the legacy page's way), when each part is one; nil
// otherwise. A part is split at "and" only when it is no place whole, as
// "Trinidad and Tobago" is.
func (a *Atlas) several(name string) []string {
	var out []string
	for _, part := range listSeparator.Split(name, -1) {
		if a.byKey[key(part)] != nil {
			out = append(out, strings.TrimSpace(part))
			continue
		}
		for _, p := range andSeparator.Split(part, -1) {
			if a.byKey[key(p)] == nil {
				return nil
			}
			out = append(out, strings.TrimSpace(p))
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

var (
	listSeparator = regexp.MustCompile(`[,;/]`)
	andSeparator  = regexp.MustCompile(`\s(?:and|&)\s`)
)

// UnknownError reports a name that matches no place. Suggestions holds the
// closest known names and aliases, best first; it may be empty. Several
// holds the places the name lists, when it lists some ("Bangladesh,
// Nepal").
type UnknownError struct {
	Name        string
	Suggestions []string
	Several     []string
}

// Error returns, for example,
// `unknown country or group "Bangaldesh"; did you mean "Bangladesh"?`.
func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown country or group %q", e.Name)
	switch {
	case len(e.Several) > 0:
		q := make([]string, len(e.Several))
		for i, s := range e.Several {
			q[i] = fmt.Sprintf("%q", s)
		}
		msg += "; it names several: make each an entry of its own, as in [" + strings.Join(q, ", ") + "]"
	case len(e.Suggestions) > 0:
		msg += "; did you mean " + orList(e.Suggestions) + "?"
	}
	return msg
}

// AmbiguousError reports a name that fits several places. Candidates holds
// their names, sorted.
type AmbiguousError struct {
	Name       string
	Candidates []string
}

// Error returns, for example, `ambiguous country "Korea"; did you mean
// "Democratic People's Republic of Korea" or "Republic of Korea"?`.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("ambiguous country %q; did you mean %s?", e.Name, orList(e.Candidates))
}

// orList quotes items and joins them as `"a", "b" or "c"`.
func orList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// maxSuggestions caps how many names an UnknownError offers.
const maxSuggestions = 3

// suggest returns the names and aliases closest to the folded name k by edit
// distance, one per place, at most maxSuggestions. Only names within a
// distance that grows with the length of k are offered, so gibberish gets no
// suggestion rather than a random one.
func (a *Atlas) suggest(k string) []string {
	if k == "" {
		return nil
	}
	limit := 1 + len([]rune(k))/4
	type hit struct {
		text string
		dist int
	}
	best := map[*Place]hit{}
	for _, n := range a.names {
		d := diag.Distance(k, n.key, limit)
		if d > limit {
			continue
		}
		if h, ok := best[n.place]; !ok || d < h.dist || d == h.dist && n.text < h.text {
			best[n.place] = hit{n.text, d}
		}
	}
	hits := make([]hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(x, y hit) int {
		if x.dist != y.dist {
			return x.dist - y.dist
		}
		return strings.Compare(x.text, y.text)
	})
	var out []string
	for _, h := range hits {
		if h.dist > hits[0].dist || len(out) == maxSuggestions {
			break
		}
		out = append(out, h.text)
	}
	return out
}

// key folds a name for lookup: its words (see normalize) joined by single
// spaces, without a leading "the" and with "st" read as "saint".
func key(name string) string {
	k := normalize(name, ' ')
	if rest, ok := strings.CutPrefix(k, "the "); ok {
		k = rest
	}
	if strings.Contains(k, " ") && strings.Contains(" "+k+" ", " st ") {
		w := strings.Fields(k)
		for i := range w {
			if w[i] == "st" {
				w[i] = "saint"
			}
		}
		k = strings.Join(w, " ")
	}
	return k
}

// slug returns the URL segment for a name: its words joined by hyphens, so
// "Côte d’Ivoire" becomes "cote-divoire".
func slug(name string) string { return normalize(name, '-') }

// normalize returns the words of name joined by sep. Words are lower-case,
// with accented Latin letters folded to plain ones; combining accents,
// apostrophes and periods are dropped (so "d'Ivoire" and "U.S." stay one
// word); "&" is the word "and"; everything else that is not a letter or digit
// separates words. It runs for every name at Load, so ASCII takes a fast path.
func normalize(name string, sep byte) string {
	b := make([]byte, 0, len(name)+4)
	split := false // a separator is due before the next letter
	for _, r := range name {
		var c byte   // an ASCII letter or digit, or
		var s string // a folded non-ASCII letter
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			c = byte(r)
		case 'A' <= r && r <= 'Z':
			c = byte(r - 'A' + 'a')
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ' || r == '.':
			continue // dropped: part of the word
		case r == '&':
			c, s = ' ', "and"
		case r >= 0x80 && unicode.IsLetter(r):
			s = fold(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent, as in decomposed "e\u0301": dropped
		default:
			split = true
			continue
		}
		if (split || c == ' ') && len(b) > 0 {
			b = append(b, sep)
		}
		split = c == ' ' // "&" is a word of its own
		if s != "" {
			b = append(b, s...)
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// fold returns the plain Latin spelling of a lower-case letter: "e" for é,
// "ss" for ß. Letters outside the Latin-1 and Latin Extended-A blocks are
// kept as they are.
func fold(r rune) string {
	const from = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőŕŗřśŝşšţťŧũūŭůűųŵŷźżžſ"
	const to = "aaaaaaceeeeiiiinoooooouuuuyyaaaccccddeeeeegggghhiiiiijklllllnnnnnooorrrsssstttuuuuuuwyzzzs"
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'þ':
		return "th"
	case 'ð':
		return "d"
	case 'ĳ':
		return "ij"
	}
	if i := strings.IndexRune(from, r); i >= 0 {
		n := utf8.RuneCountInString(from[:i])
		return to[n : n+1]
	}
	return string(r)
}
