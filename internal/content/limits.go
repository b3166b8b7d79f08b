package content

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Limits on a body's Markdown. Goldmark takes time quadratic or worse in
// how deeply lists and block quotes nest, pads every table row to its
// header's width, and writes a reference link's address out at every use,
// so a few kilobytes of "- - - …", of a table header thousands of columns
// wide, or of "[a][a][a]…" under a long address would stall a build or
// fill memory. Real bodies nest two or three levels, have small tables and
// a few dozen links.
const (
	maxNesting    = 32      // lists and block quotes, one inside another on a line
	maxIndent     = 128     // columns of white space before a list item or block quote
	maxTableCells = 100_000 // rows × columns, over all of a body's tables
	maxLinkBytes  = 1 << 20 // of link addresses and titles beyond those written out in the body
)

// A bodyError is a body beyond one of the limits, at a byte offset in it.
type bodyError struct {
	off int
	msg string
}

// checkStructure finds the first line of body that nests or indents lists
// and block quotes beyond the limits, or a table that takes the body's
// tables beyond maxTableCells. It reads lines, not Markdown, so it may
// count a code block's text as structure; the limits are far enough from
// real text for that not to matter.
func checkStructure(body []byte) *bodyError {
	cells, columns := 0, 0 // columns of the table whose rows are being counted; 0 outside tables
	for off := 0; off < len(body); {
		end := len(body)
		if i := bytes.IndexByte(body[off:], '\n'); i >= 0 {
			end = off + i
		}
		line := body[off:end]
		depth, indent, first, rest := containers(line)
		switch {
		case depth > maxNesting:
			return &bodyError{off + first, fmt.Sprintf("lists and block quotes nest more than %d levels deep on this line; flatten them (two or three levels read best)", maxNesting)}
		case indent > maxIndent:
			return &bodyError{off + first, fmt.Sprintf("list item or block quote indented %d columns, more than %d; flatten the nesting", indent, maxIndent)}
		}
		rest = bytes.TrimSpace(rest)
		switch {
		case len(rest) == 0:
			columns = 0
		case columns > 0:
			cells += columns
		default:
			if n := delimiterCells(rest); n > 0 {
				columns = n
				cells += 2 * n // the header and this row
			}
		}
		if cells > maxTableCells {
			return &bodyError{off, fmt.Sprintf("tables reach more than %d cells (rows × columns) by this line; publish such data as a linked file rather than in the page", maxTableCells)}
		}
		off = end + 1
	}
	return nil
}

// containers reads the block-quote and list markers that open line, one
// inside another. It returns how many there are, the width of the white
// space before the first, that marker's byte offset, and the rest of the
// line. A thematic break ("* * *") opens nothing.
func containers(line []byte) (depth, indent, first int, rest []byte) {
	if isThematicBreak(line) {
		return 0, 0, 0, nil
	}
	i := 0
	for {
		j, width := i, 0
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			if line[j] == '\t' {
				width += 4 - width%4
			} else {
				width++
			}
			j++
		}
		n := markerLen(line[j:])
		if n == 0 {
			return depth, indent, first, line[i:]
		}
		if depth == 0 {
			indent, first = width, j
		}
		depth++
		if depth > maxNesting {
			return depth, indent, j, nil
		}
		i = j + n
	}
}

// markerLen returns the length of the block-quote marker (">") or list
// marker ("-", "*", "+", "1." or "1)" followed by white space) s starts
// with, or 0.
func markerLen(s []byte) int {
	spaceAt := func(i int) bool { return i == len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '\r' }
	if len(s) == 0 {
		return 0
	}
	switch s[0] {
	case '>':
		return 1
	case '-', '*', '+':
		if spaceAt(1) {
			return 1
		}
		return 0
	}
	k := 0
	for k < len(s) && k < 9 && '0' <= s[k] && s[k] <= '9' {
		k++
	}
	if k > 0 && k < len(s) && (s[k] == '.' || s[k] == ')') && spaceAt(k+1) {
		return k + 1
	}
	return 0
}

// isThematicBreak reports whether line is three or more of one of "-",
// "*" or "_", with only white space besides.
func isThematicBreak(line []byte) bool {
	var mark byte
	n := 0
	for _, c := range line {
		switch {
		case c == ' ' || c == '\t' || c == '\r':
		case mark == 0 && (c == '-' || c == '*' || c == '_'):
			mark, n = c, 1
		case c == mark:
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// delimiterCells returns the number of cells of a table's delimiter row
// ("| --- | :-: |"), or 0 when row is not one.
func delimiterCells(row []byte) int {
	if bytes.IndexByte(row, '|') < 0 || bytes.IndexByte(row, '-') < 0 {
		return 0
	}
	cells := 0
	for cell := range bytes.SplitSeq(row, []byte("|")) {
		cell = bytes.TrimSpace(cell)
		if len(cell) == 0 {
			continue
		}
		if len(bytes.Trim(cell, ":-")) > 0 || bytes.IndexByte(cell, '-') < 0 {
			return 0
		}
		cells++
	}
	return cells
}

// checkLinks finds the link that takes doc's link addresses and titles more
// than maxLinkBytes beyond the body's own size: only reference links, which
// repeat a definition's address at every use, can do that.
func checkLinks(doc ast.Node, body []byte) *bodyError {
	total, limit := 0, len(body)+maxLinkBytes
	var found *bodyError
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			total += len(n.Destination) + len(n.Title)
		case *ast.Image:
			total += len(n.Destination) + len(n.Title)
		default:
			return ast.WalkContinue, nil
		}
		if total > limit {
			found = &bodyError{nodeOffset(n, body), fmt.Sprintf("links repeat reference addresses beyond %d MiB by this one; use a long reference address less often", maxLinkBytes>>20)}
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// Goldmark reads a link's address from its "](" to the ")" that closes it,
// the first white space or the end of the line, and a title from its
// opening "(", '"' or "'" to the closer, across the paragraph's lines;
// when there is none, it gives up and reads on from just after the "](".
// So a paragraph of "[](" repeated, or of "[a](b (", is read again from
// each "](": time quadratic in its length. Looking a "]" up as a
// reference, or a link's title, also searches back through the lines of
// its paragraph, for every "]" that ends no inline link. These limits
// bound both: real links are closed a few characters on, and real
// paragraphs have tens of lines.
const (
	maxLinkScan     = 8 << 20  // bytes read looking for the ends of link addresses and titles, over a body
	maxBracketLines = 16 << 20 // a paragraph's lines × its "]", over a body
)

// Goldmark matches an emphasis mark ("*", "_", "~") that can close by
// searching back through every mark of its paragraph not yet matched, all
// of them again for the next: a paragraph of "~* " repeated, whose marks
// never match, takes time quadratic in its length (the CommonMark
// reference implementation keeps, for each kind of mark, where the last
// search ended; goldmark does not). This limit bounds the marks searched.
// A real paragraph has tens of marks, which match and leave the search.
const maxMarkSearch = 32 << 20 // closing marks × marks before each in their paragraph, over a body

// When a link's text has marks of emphasis, goldmark matches them by
// walking back from the last mark to the one before the text's "[" — but
// when that one has been matched already, to the paragraph's start: a
// paragraph of "![_)](&\\" repeated takes time quadratic in its length.
// This limit bounds the walk: for each link with marks in its text, the
// bytes of its paragraph before it.
const maxLabelWalk = 32 << 20

// Goldmark reads a code span from a run of backticks to the next run as
// long, across the paragraph's lines, and when there is none reads on
// from just after the first run: a paragraph of "\```" repeated (an
// escaped backtick, then runs that never match) is read again from each.
// This limit bounds the bytes so read; real code spans close on their
// line.
const maxCodeScan = 8 << 20 // bytes read looking for the ends of code spans, over a body

// checkInlineWork follows body as goldmark reads its links and emphasis
// (see above), counting the bytes read past each "](" for an address and
// a title, the lines searched for each "]", and the marks searched for
// each that may close. It returns where a count passes its limit. Each
// count is an upper bound: it counts every "](" after a "[" of the
// paragraph, whether or not it ends a link's text, every mark after a
// character that is not white space as one that may close, marks matched
// as if they were not, and code as text.
func checkInlineWork(body []byte) *bodyError {
	var s inlineWork
	for off := 0; off <= len(body); {
		end := len(body)
		if i := bytes.IndexByte(body[off:], '\n'); i >= 0 {
			end = off + i
		}
		if len(bytes.TrimSpace(body[off:end])) == 0 {
			if err := s.endParagraph(off); err != nil {
				return err
			}
		} else if err := s.line(body, off, end); err != nil {
			return err
		}
		off = end + 1
	}
	return s.endParagraph(len(body))
}

// inlineWork is checkInlineWork's count.
type inlineWork struct {
	read   int // bytes read for addresses and titles so far
	pairs  int // lines × "]" of the paragraphs so far
	marks  int // emphasis marks searched so far, at most
	code   int // bytes read for code spans so far
	walked int // bytes of paragraphs before links with marks in their text, so far

	start              int          // where the paragraph under way starts; -1 before its first line
	lines, brackets    int          // of the paragraph under way: its lines, and its "]" that may end no link
	runs               int          // and its runs of emphasis marks
	runsAtOpen         int          // runs before its last "["
	ticks              map[int]open // its code spans under way, by the length of their opening run
	tickEscaped        bool         // the run of backticks at hand follows a backslash
	depth              int          // "(" not yet closed on the line
	parens             []int        // starts of addresses read to an unmatched ")", innermost last; see depths
	depths             []int        // the depth each of parens ends below
	angles             open         // addresses in "<>", read to ">"
	titles             [3]open
	opened             bool // a "[" is in the paragraph: only after one can a "](" end a link's text
	ended              int  // addresses that ended at the white space under way, whose title may follow
	addressAfterSpaces bool // a "](" was followed by white space, which goldmark skips before the address
}

// open counts reads under way to the same closer: how many, the sum of
// where they started, and where the first started.
type open struct{ n, sum, first int }

func (o *open) add(at, n int) {
	if o.n == 0 {
		o.first = at
	}
	o.n += n
	o.sum += n * at
}

// closeAt ends o's reads at off, adding what they read to s.
func (s *inlineWork) closeAt(o *open, off int) *bodyError {
	s.read += o.n*off - o.sum
	first := o.first
	*o = open{}
	return s.over(first)
}

func (s *inlineWork) over(at int) *bodyError {
	if s.read > maxLinkScan {
		return &bodyError{at, `links from here on are left open ("](" with no ")" on its line, "](<" with no ">", or a title's "(" with no ")"), too many for the converter to read in time; close each link, or write "\]" for a "]" that ends no link text`}
	}
	return nil
}

// closeParens ends the addresses that end below depth d at off.
func (s *inlineWork) closeParens(d, off int) (int, *bodyError) {
	n := 0
	for len(s.parens) > 0 && s.depths[len(s.depths)-1] > d {
		s.read += off - s.parens[len(s.parens)-1]
		s.parens, s.depths = s.parens[:len(s.parens)-1], s.depths[:len(s.depths)-1]
		n++
	}
	if n == 0 {
		return 0, nil
	}
	return n, s.over(s.parens[:len(s.parens)+n][len(s.parens)]) // the first of those ended
}

// titleCloser is where '"', "'" and ")" close titles in inlineWork.titles.
func titleCloser(c byte) int { return strings.IndexByte(`"')`, c) }

// line counts the line body[off:end] of a paragraph, or of a list item
// that starts a block of its own.
func (s *inlineWork) line(body []byte, off, end int) *bodyError {
	if s.lines > 0 && startsItem(body[off:end]) {
		if err := s.endParagraph(off); err != nil {
			return err
		}
	}
	if s.lines == 0 {
		s.start = off
	}
	s.lines++
	for i := off; i < end; i++ {
		c := body[i]
		if s.ended > 0 && c != ' ' && c != '\t' {
			if k := strings.IndexByte(`"'(`, c); k >= 0 {
				s.titles[k].add(i+1, s.ended)
			}
			s.ended = 0
		}
		if s.addressAfterSpaces && c != ' ' && c != '\t' {
			s.addressAfterSpaces = false
			s.address(body, i)
		}
		switch {
		case c == '\\' && i+1 < end && body[i+1] == '`':
			s.tickEscaped = true // the backslash escapes a backtick outside code only
		case c == '\\' && i+1 < end && isASCIIPunct(body[i+1]):
			i++
		case c == '`':
			j := i
			for j < end && body[j] == '`' {
				j++
			}
			if err := s.backticks(i, j, s.tickEscaped); err != nil {
				return err
			}
			s.tickEscaped = false
			i = j - 1
		case c == '*' || c == '_' || c == '~':
			if i > off && body[i-1] != ' ' && body[i-1] != '\t' { // it may close
				s.marks += s.runs
				if s.marks > maxMarkSearch {
					return &bodyError{i, fmt.Sprintf(`the paragraph has %d marks of emphasis ("*", "_", "~") by this one, most of them unmatched: too many for the converter to read in time; split it with blank lines, or write "\*" for a mark that is no emphasis`, s.runs)}
				}
			}
			s.runs++
			for i+1 < end && body[i+1] == c {
				i++
			}
		case c == '[':
			s.opened, s.runsAtOpen = true, s.runs
		case c == ']' && s.opened:
			s.brackets++
			if s.runs > s.runsAtOpen { // marks in the link's text
				s.walked += i - s.start
				if s.walked > maxLabelWalk {
					return &bodyError{i, "links whose text has marks of emphasis (\"*\", \"_\", \"~\"), so many in the paragraph that the converter cannot read them in time; split it with blank lines, or write \"\\*\" for a mark that is no emphasis"}
				}
			}
			if i+1 < end && body[i+1] == '(' {
				i++
				s.depth++
				if i+1 < end && (body[i+1] == ' ' || body[i+1] == '\t') {
					s.addressAfterSpaces = true
				} else if i+1 < end {
					s.address(body, i+1)
				}
			}
		case c == '(':
			s.depth++
		case c == ')':
			s.depth--
			n, err := s.closeParens(s.depth, i)
			if err != nil {
				return err
			}
			s.brackets -= n // a link closed as it opened: its "]" is not searched for
			if err := s.closeAt(&s.titles[titleCloser(c)], i); err != nil {
				return err
			}
		case c == '"' || c == '\'':
			if err := s.closeAt(&s.titles[titleCloser(c)], i); err != nil {
				return err
			}
		case c == '>':
			n := s.angles.n
			if err := s.closeAt(&s.angles, i); err != nil {
				return err
			}
			s.ended += n
		case c == ' ' || c == '\t':
			n, err := s.closeParens(-1<<62, i)
			if err != nil {
				return err
			}
			s.ended += n
		}
	}
	// The line's end ends its addresses; goldmark looks for a title on
	// the next line of the paragraph.
	n, err := s.closeParens(-1<<62, end)
	if err != nil {
		return err
	}
	s.ended += n
	s.depth, s.addressAfterSpaces = 0, false
	return s.closeAt(&s.angles, end)
}

// address starts an address at body[i], after a "](" and white space.
// One in "<>" is read to the ">"; another to the ")" that closes the "(".
func (s *inlineWork) address(body []byte, i int) {
	if body[i] == '<' {
		s.angles.add(i+1, 1)
		return
	}
	s.parens = append(s.parens, i)
	s.depths = append(s.depths, s.depth)
}

// endParagraph ends the paragraph under way at off, where a blank line
// or the body's end is: its titles are read to there.
func (s *inlineWork) endParagraph(off int) *bodyError {
	if s.lines == 0 {
		return nil
	}
	for k := range s.titles {
		if err := s.closeAt(&s.titles[k], off); err != nil {
			return err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(s.ticks)) {
		if err := s.closeTicks(n, off); err != nil {
			return err
		}
	}
	s.pairs += s.lines * s.brackets
	start, lines, brackets := s.start, s.lines, s.brackets
	s.lines, s.brackets, s.runs, s.runsAtOpen, s.ended, s.opened = 0, 0, 0, 0, 0, false
	if s.pairs > maxBracketLines {
		return &bodyError{start, fmt.Sprintf(`this paragraph's %d lines and %d "]" that end no link are too many for the converter to read in time; split it with blank lines`, lines, brackets)}
	}
	return nil
}

// backticks counts the run of backticks body[i:j], escaped or not: it
// ends the code spans opened by a run as long, and may open one itself,
// a backtick shorter when the first is escaped.
func (s *inlineWork) backticks(i, j int, escaped bool) *bodyError {
	n := j - i
	if err := s.closeTicks(n, i); err != nil {
		return err
	}
	if escaped {
		n--
	}
	if n > 0 {
		if s.ticks == nil {
			s.ticks = map[int]open{}
		}
		o := s.ticks[n]
		o.add(j, 1)
		s.ticks[n] = o
	}
	return nil
}

// closeTicks ends the code spans opened by runs of n backticks at off.
func (s *inlineWork) closeTicks(n, off int) *bodyError {
	o, ok := s.ticks[n]
	if !ok {
		return nil
	}
	delete(s.ticks, n)
	s.code += o.n*off - o.sum
	if s.code > maxCodeScan {
		return &bodyError{o.first - n, "code spans from here on are opened with backticks and never closed by as many, too many for the converter to read in time; close each, or write \"\\`\" for a backtick that opens no code"}
	}
	return nil
}

// startsItem reports whether line opens a list item, in block quotes or
// not, that starts a block of its own even after a paragraph's line: a
// bullet item, or an item numbered 1, with text.
func startsItem(line []byte) bool {
	for {
		line = bytes.TrimLeft(line, " \t")
		n := markerLen(line)
		switch {
		case n == 0:
			return false
		case line[0] == '>':
			line = line[1:]
			continue
		case n > 1 && !(n == 2 && line[0] == '1'):
			return false // "2." goes on a paragraph
		}
		return len(bytes.TrimSpace(line[n:])) > 0
	}
}

// isASCIIPunct reports whether c is ASCII punctuation, which a backslash
// escapes.
func isASCIIPunct(c byte) bool {
	return '!' <= c && c <= '/' || ':' <= c && c <= '@' || '[' <= c && c <= '`' || '{' <= c && c <= '~'
}
