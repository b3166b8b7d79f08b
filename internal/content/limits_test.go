package content

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"portfolio/internal/diag"
)

// fullBody returns a project file whose body is unit repeated to fill the
// file to MaxFileSize, and the line the body starts on.
func fullBody(unit string) (src string, bodyLine int) {
	head := withBody("")
	return head + strings.Repeat(unit, (MaxFileSize-len(head))/len(unit)), strings.Count(head, "\n") + 1
}

// slowFamilies are bodies that goldmark reads in time quadratic in their
// size (up to minutes at MaxFileSize), with where the first error
// must be and what it says: links, emphasis or code spans left open. Each
// is refused before it is converted.
var slowFamilies = []struct {
	unit    string
	at      string // line:col, the body's first line being 1
	message string
}{
	{"[](", "1:4", "links from here on are left open"},
	{"[a](", "1:5", "links from here on are left open"},
	{"![a](", "1:6", "links from here on are left open"},
	{"[](<", "1:5", "links from here on are left open"},
	{"[a](<\\>", "1:6", "links from here on are left open"},
	{"[a](b (", "1:8", "links from here on are left open"},
	{"[a]( (", "1:13", "links from here on are left open"},
	{"[a](b\n(", "2:2", "links from here on are left open"},
	{"[a]\n", "1:1", `this paragraph's 65516 lines and 65516 "]"`},
	{"[a](\n", "1:1", `this paragraph's 52412 lines and 52412 "]"`},
	{"[a]:b\n", "1:1", `this paragraph's 43677 lines and 43677 "]"`},
	{"[a] x\n", "1:1", `this paragraph's 43677 lines and 43677 "]" that end no link`},
	{"> [a] x\n", "1:1", `this paragraph's 32758 lines and 32758 "]" that end no link`},
	{"[a](b \"t\") x\n", "1:1", `this paragraph's 20158 lines and 20158 "]" that end no link`},
	{"~* ", "1:17378", `the paragraph has 11585 marks of emphasis`},
	{"\n_*", "5794:2", `the paragraph has 11585 marks of emphasis`},
	{"_!~a", "1:16385", `the paragraph has 8192 marks of emphasis`},
	{"\\```", "1:3", "code spans from here on are opened with backticks and never closed by as many"},
	{"```a\\", "1:7", "code spans from here on are opened with backticks and never closed by as many"},
	{"![_)](&\\", "1:23173", "links whose text has marks of emphasis"},
	{"[*a*](b) ", "1:24575", "links whose text has marks of emphasis"},
}

// TestSlowBodiesRefused: each body goldmark would take quadratic time over
// is an error at its first unclosed link, and Parse never converts it.
func TestSlowBodiesRefused(t *testing.T) {
	p := NewParser(false)
	for _, f := range slowFamilies {
		src, bodyLine := fullBody(f.unit)
		proj, l := p.Parse(P, []byte(src))
		var line, col int
		fmt.Sscanf(f.at, "%d:%d", &line, &col)
		want := diag.Pos{Line: bodyLine + line - 1, Col: col}
		if len(l) != 1 || l[0].Severity != diag.Error || l[0].Pos != want || !strings.HasPrefix(l[0].Msg, f.message) {
			t.Errorf("%q repeated: %q; want one error at %v starting %q", f.unit, strs(l), want, f.message)
			continue
		}
		if proj != nil && proj.Body != "" {
			t.Errorf("%q repeated: the body was converted", f.unit)
		}
	}
}

// TestFastBodiesKept: bodies as long, with as many links, that goldmark
// reads in linear time are converted whole, every link found at its place.
func TestFastBodiesKept(t *testing.T) {
	p := NewParser(false)
	for _, tt := range []struct {
		unit, url string
		col       int // of the first link on the body's line
	}{
		{"www.a.b ", "http://www.a.b", 1},
		{"a@b.c ", "mailto:a@b.c", 1},
		{"[a](b) ", "b", 1},
		{"[a](<b> \"t\") ", "b", 1},
		{"x [a](b(c)d) ", "b(c)d", 3},
		{"[a](b 't') ", "b", 1},
		{"a]( [b](c) ", "c", 5}, // a "](" with no "[" before it is read no further
	} {
		src, bodyLine := fullBody(tt.unit)
		proj, l := p.Parse(P, []byte(src))
		if l.HasErrors() || proj == nil {
			t.Errorf("%q repeated: %q; want no error", tt.unit, strs(l))
			continue
		}
		n := (len(src) - len(withBody(""))) / len(tt.unit)
		if len(proj.Links) != n {
			t.Errorf("%q repeated: %d links; want %d", tt.unit, len(proj.Links), n)
			continue
		}
		last := proj.Links[n-1]
		want := diag.Pos{Line: bodyLine, Col: (n-1)*len(tt.unit) + tt.col}
		if last.URL != tt.url || last.Pos != want {
			t.Errorf("%q repeated: last link %q at %v; want %q at %v", tt.unit, last.URL, last.Pos, tt.url, want)
		}
	}
}

// TestLongListsKept: a body at the size limit of one long list, table,
// quoted paragraph or paragraph of links, which goldmark converts in
// linear time, is kept, with every link.
func TestLongListsKept(t *testing.T) {
	for _, tt := range []struct {
		head, unit string
		links      int // in each unit
	}{
		{"", "- [Report](https://example.org/r) and [b](c)\n", 2},
		{"", "- [a] and [b](c \"title\")\n", 1},
		{"| a | b |\n|---|---|\n", "| [Report](https://example.org/r) | [b](c) |\n", 2},
		{"", "[Report](https://example.org/r) and [b](c)\n", 2},
		{"", "> [Report](https://example.org/r) and [b](c)\n", 2},
		{"", "1. [Report](https://example.org/r) and [b](c)\n", 2},
	} {
		src := withBody(tt.head)
		src += strings.Repeat(tt.unit, (MaxFileSize-len(src))/len(tt.unit))
		proj, l := NewParser(false).Parse(P, []byte(src))
		if l.HasErrors() || proj == nil {
			t.Errorf("%q repeated: %q; want no error", tt.unit, strs(l))
			continue
		}
		if want := strings.Count(src, tt.unit) * tt.links; len(proj.Links) != want {
			t.Errorf("%q repeated: %d links; want %d", tt.unit, len(proj.Links), want)
		}
	}
}

// TestNoLinkText: a "](" with no "[" before it in the paragraph ends no
// link's text, and goldmark reads no address after it: a body of them is
// kept.
func TestNoLinkText(t *testing.T) {
	src, _ := fullBody("a](")
	if _, l := NewParser(false).Parse(P, []byte(src)); len(l) > 0 {
		t.Errorf("\"a](\" repeated: %q; want nothing", strs(l))
	}
}

// TestOffsetsWork: finding the position of each of a long line's links,
// in order, looks at each byte a bounded number of times, and jumping back
// and forth gives what offsetPos does.
func TestOffsetsWork(t *testing.T) {
	text := []byte(strings.Repeat("www.a.b ", MaxFileSize/8))
	o := newOffsets(text)
	for off := 0; off < len(text); off += 8 {
		if got := o.at(off); got.Col != off+1 {
			t.Fatalf("at(%d) = %v; want column %d", off, got, off+1)
		}
	}
	if o.read > 3*len(text) {
		t.Errorf("positions of %d links in %d bytes looked at %d bytes; want at most 3 per byte", len(text)/8, len(text), o.read)
	}

	text = []byte("héllo\nwörld, [a](b)\n\nlast line é\n")
	o = newOffsets(text)
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		off := r.IntN(len(text) + 1)
		for off < len(text) && !utf8.RuneStart(text[off]) {
			off++ // goldmark's offsets are at characters
		}
		if got, want := o.at(off), offsetPos(text, off); got != want {
			t.Fatalf("at(%d) = %v; want %v", off, got, want)
		}
	}
}
