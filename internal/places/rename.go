package places

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rename is a country named, inside a longer text, by an alias rather than
// by its UN name: Alias as written, and the M49 name to write instead.
type Rename struct {
	Alias, Name string
}

// UNNames returns text with every country it names by an alias ("Turkey",
// "Tanzania", "UK") written by its M49 name instead, and what it replaced,
// in order: "Government of Turkey" gives "Government of Türkiye". Funders
// and partners are free text, so they cannot be resolved whole; this finds
// the names inside them, as whole words, ignoring case and accents. A UN
// name in the text is left alone, even when an alias lies inside it
// ("Tanzania" in "United Republic of Tanzania") or starts where it does
// ("Congo, Democratic Republic of the Congo" is two UN names in a list,
// not the ISO spelling of the second). Codes are not looked for.
func (a *Atlas) UNNames(text string) (string, []Rename) {
	ws := splitWords(text)
	var b strings.Builder
	var out []Rename
	last := 0
	for i := 0; i < len(ws.words); {
		p, n, unName := a.countryAt(text, ws, i)
		switch {
		case p == nil:
			i++
			continue
		case unName:
			i += n
			continue
		}
		start, end := ws.words[i].start, ws.words[i+n-1].end
		name := p.Name
		if r, ok := a.running[p]; ok && afterOf(text[:start]) {
			name = r // "Government of the United Republic of Tanzania"
		}
		b.WriteString(text[last:start])
		b.WriteString(name)
		out = append(out, Rename{Alias: text[start:end], Name: name})
		last = end
		i += n
	}
	if out == nil {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), out
}

// afterOf reports whether before, the text up to a country's name, ends
// with the word "of" (and no "the"): the name then takes its running-text
// form.
func afterOf(before string) bool {
	before = strings.TrimRight(before, " ")
	return len(before) >= 3 && strings.EqualFold(before[len(before)-3:], " of") || strings.EqualFold(before, "of")
}

// countryAt returns the country whose name or alias the text's words from
// the i-th on begin with, how many words it takes, and whether the text
// writes it as its UN name. A UN name wins over any alias, then the
// longest alias.
func (a *Atlas) countryAt(text string, ws words, i int) (p *Place, n int, unName bool) {
	first := ws.words[i]
	if !a.firstWords[string(ws.keys[first.ks:first.ke])] {
		return nil, 0, false
	}
	for j := i; j < min(len(ws.words), i+a.longestName); j++ {
		q := a.countryWords[string(ws.keys[first.ks:ws.words[j].ke])]
		if q == nil {
			continue
		}
		if rest := text[first.start:]; len(rest) >= len(q.Name) && strings.EqualFold(rest[:len(q.Name)], q.Name) {
			p, n, unName = q, j-i+1, true
		} else if !unName {
			p, n = q, j-i+1
		}
	}
	return p, n, unName
}

// words are the words of a text: their places in it, and their folded
// forms in keys, one space apart, so that the key of a run of words is
// one slice of keys.
type words struct {
	words []word
	keys  []byte
}

// word is one word of a text: text[start:end], folded as keys[ks:ke].
type word struct {
	start, end int
	ks, ke     int
}

// splitWords returns the words of text: runs of letters and digits, folded
// as normalize folds them (lower case, accents off), with apostrophes and
// periods inside a word dropped from its key, so "d’Ivoire" and "U.K." are
// one word each.
func splitWords(text string) words {
	ws := words{words: make([]word, 0, 8), keys: make([]byte, 0, len(text))}
	start := -1
	end := func(i int) {
		w := word{start: start, end: i, ks: len(ws.keys)}
		for w.end > w.start && isDropped(rune(text[w.end-1])) {
			w.end-- // a closing period or quote is not part of the word
		}
		if w.ks > 0 {
			ws.keys = append(ws.keys, ' ')
			w.ks++
		}
		for _, r := range text[w.start:w.end] {
			switch {
			case r < utf8.RuneSelf:
				if !isDropped(r) {
					ws.keys = append(ws.keys, byte(unicode.ToLower(r)))
				}
			case unicode.IsLetter(r):
				ws.keys = append(ws.keys, fold(unicode.ToLower(r))...)
			case unicode.IsDigit(r):
				ws.keys = utf8.AppendRune(ws.keys, r)
			}
		}
		w.ke = len(ws.keys)
		ws.words = append(ws.words, w)
		start = -1
	}
	for i, r := range text {
		inWord := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) ||
			start >= 0 && isDropped(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			end(i)
		}
	}
	if start >= 0 {
		end(len(text))
	}
	return ws
}

// isDropped reports whether r is one of the characters a word may hold
// that its key leaves out: apostrophes and periods, as normalize drops them.
func isDropped(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´', 'ʼ', '.':
		return true
	}
	return false
}

// indexCountryWords fills the indexes UNNames reads: every country's name
// and aliases by their folded words.
func (l *loader) indexCountryWords() {
	a := l.Atlas
	a.countryWords = map[string]*Place{}
	a.firstWords = map[string]bool{}
	for _, c := range a.countries {
		for _, name := range append([]string{c.Name}, a.aliases[c]...) {
			ws := splitWords(name)
			if len(ws.words) == 0 {
				continue
			}
			first := ws.words[0]
			a.countryWords[string(ws.keys)] = c
			a.firstWords[string(ws.keys[first.ks:first.ke])] = true
			a.longestName = max(a.longestName, len(ws.words))
		}
	}
}
