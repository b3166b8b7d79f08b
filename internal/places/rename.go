package places

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
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
// the names inside them. A UN name already in the text is left alone, even
// when an alias lies inside it ("Tanzania" in "United Republic of
// Tanzania"). Matching ignores case; codes are not looked for.
func (a *Atlas) UNNames(text string) (string, []Rename) {
	var b strings.Builder
	var out []Rename
	last := 0
	for _, m := range a.countryNames.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2], m[3]
		p := a.byKey[key(text[start:end])]
		if p == nil || p.Kind != Country || strings.EqualFold(p.Name, text[start:end]) {
			continue // a UN name
		}
		b.WriteString(text[last:start])
		b.WriteString(p.Name)
		out = append(out, Rename{Alias: text[start:end], Name: p.Name})
		last = end
	}
	if out == nil {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), out
}

// countryNamesPattern matches, as whole words, any country's M49 name or
// alias: the names first, so that a UN name wins over an alias starting
// where it does ("Congo, Democratic Republic of the Congo" is two UN names
// in a list, not the ISO spelling), and within each, longest first, so that
// a UN name wins over an alias inside it ("Tanzania" in "United Republic of
// Tanzania").
func countryNamesPattern(countries []*Place, aliases map[*Place][]string) *regexp.Regexp {
	var names, others []string
	for _, c := range countries {
		names = append(names, c.Name)
		others = append(others, aliases[c]...)
	}
	longestFirst := func(x, y string) int { return cmp.Or(len(y)-len(x), strings.Compare(x, y)) }
	slices.SortFunc(names, longestFirst)
	slices.SortFunc(others, longestFirst)
	names = append(names, others...)
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(` + strings.Join(quoted, "|") + `)(?:$|[^\pL\pN])`)
}
