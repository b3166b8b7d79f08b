package diag

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printable returns s with what a terminal would act on rather than show
// escaped as Go writes it in a string: control characters ("\x1b",
// "\n"), the C1 controls, the bidirectional controls that reorder a line
// as it is shown, and bytes that are not UTF-8. File names and editors'
// text reach every message, and a name holding an escape sequence could
// otherwise recolour, retitle or rewrite the editor's terminal. Printable
// text, a backslash included, is kept as it is.
func Printable(s string) string {
	clean := func(r rune, size int) bool {
		return (r != utf8.RuneError || size > 1) && !unsafeRune(r)
	}
	ok := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !clean(r, size) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafeRune(r):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether a terminal acts on r rather than shows it.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 ||
		0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// Few quotes the first five names, in the order given, as Go quotes them
// (so control characters are escaped), and counts the rest: for a
// message that names files without running on for lines.
func Few(names []string) string {
	const most = 5
	var out []string
	for _, n := range names[:min(most, len(names))] {
		out = append(out, strconv.Quote(n))
	}
	if len(names) > most {
		out = append(out, fmt.Sprintf("and %d more", len(names)-most))
	}
	return strings.Join(out, ", ")
}
