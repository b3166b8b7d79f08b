package content

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Reserved reports whether name is one Windows reserves for a device
// (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9), in any case, with or without
// an extension: a folder of the site named so cannot be made, copied or
// checked out there, so a slug must not be one.
func Reserved(name string) bool {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), ".")
	base = strings.TrimRight(base, " ")
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) && '1' <= base[3] && base[3] <= '9'
}

// reservedWhy says why a reserved name cannot be a slug.
const reservedWhy = "a name Windows reserves for a device, so a folder named so cannot be made or copied there"

// ReservedMsg says what is wrong with a slug that is a reserved name:
// what names it, and how to choose another.
func ReservedMsg(what, slug, fix string) string {
	return fmt.Sprintf("%s %q, %s; %s", what, slug, reservedWhy, fix)
}

// invisible returns the first character of s that changes or hides what a
// reader sees without being seen itself — a bidirectional embedding,
// override or isolate, or a zero-width space, joiner or non-joiner — with
// its index in characters (from 1) and its name, or 0. A joiner or
// non-joiner between two letters that are not ASCII is left: some scripts
// (Persian, the Indic ones) need it there.
func invisible(s string) (r rune, at int, name string) {
	prev := rune(-1)
	i := 0
	for k, c := range s {
		i++
		if n := invisibleNames[c]; n != "" {
			next, _ := utf8.DecodeRuneInString(s[k+utf8.RuneLen(c):])
			joiner := c == '\u200c' || c == '\u200d'
			if !joiner || prev < utf8.RuneSelf || next < utf8.RuneSelf {
				return c, i, n
			}
		}
		prev = c
	}
	return 0, 0, ""
}

var invisibleNames = map[rune]string{
	'\u202a': "LEFT-TO-RIGHT EMBEDDING", '\u202b': "RIGHT-TO-LEFT EMBEDDING", '\u202c': "POP DIRECTIONAL FORMATTING",
	'\u202d': "LEFT-TO-RIGHT OVERRIDE", '\u202e': "RIGHT-TO-LEFT OVERRIDE",
	'\u2066': "LEFT-TO-RIGHT ISOLATE", '\u2067': "RIGHT-TO-LEFT ISOLATE", '\u2068': "FIRST STRONG ISOLATE", '\u2069': "POP DIRECTIONAL ISOLATE",
	'\u200b': "ZERO WIDTH SPACE", '\u200c': "ZERO WIDTH NON-JOINER", '\u200d': "ZERO WIDTH JOINER",
	'\u2060': "WORD JOINER", '\ufeff': "ZERO WIDTH NO-BREAK SPACE",
}
