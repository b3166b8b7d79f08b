package content

import "strings"

// Slugify makes a URL segment from s: lower-case ASCII letters and digits
// separated by single hyphens. Accented and other Latin letters are folded
// to ASCII ("é" → "e", "ß" → "ss", "ø" → "o"), "&" reads as "and",
// apostrophes vanish and anything else separates words.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	word := func(w string) {
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(w)
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			word(string(r))
		case fold[r] != "":
			word(fold[r])
		case r == '&':
			hyphen = true
			word("and")
			hyphen = true
		case r == '\'' || r == '’':
		default:
			hyphen = true
		}
	}
	return b.String()
}

var fold = map[rune]string{'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e",
	'ę': "e", 'ě': "e", 'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'ł': "l", 'ñ': "n",
	'ń': "n", 'ň': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'œ': "oe", 'ř': "r",
	'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t", 'þ': "th", 'ù': "u", 'ú': "u",
	'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z"}
