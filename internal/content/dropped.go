package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Raw HTML in a body is left out of the page unless the site allows it
// (allow_html), so that a project file cannot put script into the site.
// Nothing is left out without a word: each piece of HTML dropped is a
// warning at its place, saying what to write instead. So are the other
// things a body shows otherwise than its editor meant: the legacy page's
// stray "br />", and a "#" heading beside the page's title.

// droppedHTML returns where raw HTML node n (inline or a block) starts in
// src and what to tell the editor; "" for what needs no word: a closing
// tag (its opening one was told of) or an HTML comment, which is a note
// to other editors and meant to be left out.
func droppedHTML(n ast.Node, src []byte) (int, string) {
	var segs *text.Segments
	raw, inline := n.(*ast.RawHTML)
	if inline {
		segs = raw.Segments // an inline tag's pieces, over lines
	} else {
		segs = n.Lines() // a block's lines; only the first is quoted
	}
	if segs.Len() == 0 {
		return 0, ""
	}
	var tag []byte
	for i := range segs.Len() {
		if seg := segs.At(i); i == 0 || inline {
			tag = append(tag, seg.Value(src)...)
		}
	}
	tag = bytes.TrimSpace(tag)
	if bytes.HasPrefix(tag, []byte("</")) || bytes.HasPrefix(tag, []byte("<!--")) {
		return 0, ""
	}
	if !inline {
		return segs.At(0).Start, fmt.Sprintf("HTML block %s is left out of the page, with the text in it: project pages publish Markdown only; write it as Markdown paragraphs, lists or links", short(tag))
	}
	return segs.At(0).Start, fmt.Sprintf("HTML %s is left out of the page: project pages publish Markdown only; %s", short(tag), instead(tag))
}

// instead says what Markdown does what an inline HTML tag meant to.
func instead(tag []byte) string {
	name := strings.ToLower(string(tag[1:]))
	if i := strings.IndexAny(name, " \t\n/>"); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "br":
		return "end the line with a backslash for a line break, or leave a blank line for a new paragraph"
	case "a":
		return "write a link as [text](https://…)"
	case "b", "strong":
		return "write **bold**"
	case "i", "em":
		return "write *emphasis*"
	case "p":
		return "leave a blank line between paragraphs"
	}
	return "write it as Markdown"
}

// short returns s on one line, cut to a few dozen characters.
func short(s []byte) string {
	const most = 40
	one := collapseSpace(string(s))
	if r := []rune(one); len(r) > most {
		return string(r[:most]) + "…"
	}
	return one
}

const strayBreakMsg = `stray "br />", what is left of an HTML line break; delete it`

// strayBreak finds "br />" or "br/>" in the lines of text block n (a
// paragraph, heading or a list item's text) that is neither part of a tag
// (goldmark would have taken that as raw HTML) nor code: the legacy page's
// broken line breaks. It returns its offset in src, or -1.
func strayBreak(n ast.Node, src []byte) int {
	inCode := func(at int) bool { // in a code span's text, where "br />" is meant
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Kind() != ast.KindCodeSpan {
				continue
			}
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok && t.Segment.Start <= at && at < t.Segment.Stop {
					return true
				}
			}
		}
		return false
	}
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(src)
		for j := 0; ; j++ {
			k := bytes.Index(line[j:], []byte("br"))
			if k < 0 {
				break
			}
			j += k
			rest := line[j+2:]
			if !bytes.HasPrefix(rest, []byte(" />")) && !bytes.HasPrefix(rest, []byte("/>")) || j > 0 && line[j-1] == '<' {
				continue
			}
			if at := seg.Start + j; !inCode(at) {
				return at
			}
		}
	}
	return -1
}

const titleHeadingMsg = `a "#" heading is a second top-level heading, after the title the page shows from title:; use "##" for a section`

// headingStart returns where heading n begins in src: its first "#", or
// for a heading underlined with "=" its text; -1 for one without text.
func headingStart(n ast.Node, src []byte) int {
	if n.Lines().Len() == 0 {
		return -1
	}
	text := n.Lines().At(0).Start
	i := text
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i == 0 || src[i-1] != '#' {
		return text
	}
	for i > 0 && src[i-1] == '#' {
		i--
	}
	return i
}
