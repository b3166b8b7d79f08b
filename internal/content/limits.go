package content

import (
	"bytes"
	"fmt"

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
