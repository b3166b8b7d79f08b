package content

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"portfolio/internal/diag"
)

// An offsets converts byte offsets in one text into lines and columns,
// as offsetPos does, for the many offsets of a body's links and warnings.
// offsetPos counts from the start of the text each time, which made a
// body of thousands of links ("www.a.b www.a.b …") take time quadratic in
// its size; offsets counts on from the last offset asked when the next is
// on the same line and after it, as a walk of a document asks, and
// otherwise finds the line among the line starts, counted once.
type offsets struct {
	text   []byte
	starts []int // byte offset of each line's start, made on the first jump back or to another line
	last   int   // the last offset asked, and its position
	pos    diag.Pos
	read   int // bytes looked at, which tests bound
}

func newOffsets(text []byte) *offsets {
	return &offsets{text: text, pos: diag.Pos{Line: 1, Col: 1}}
}

// at returns the line and column of byte offset off.
func (o *offsets) at(off int) diag.Pos {
	off = min(max(off, 0), len(o.text))
	if off >= o.last {
		o.read += off - o.last
		if bytes.IndexByte(o.text[o.last:off], '\n') < 0 {
			o.pos.Col += utf8.RuneCount(o.text[o.last:off])
			o.read += off - o.last
			o.last = off
			return o.pos
		}
	}
	if o.starts == nil {
		o.read += len(o.text)
		o.starts = []int{0}
		for i, c := range o.text {
			if c == '\n' {
				o.starts = append(o.starts, i+1)
			}
		}
	}
	line, found := slices.BinarySearch(o.starts, off)
	if !found {
		line-- // off is inside the line before the one starting after it
	}
	o.read += off - o.starts[line]
	o.last = off
	o.pos = diag.Pos{Line: line + 1, Col: utf8.RuneCount(o.text[o.starts[line]:off]) + 1}
	return o.pos
}

// offsetPos converts a byte offset into a line and column.
func offsetPos(data []byte, off int) diag.Pos {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off]) + 1 // in characters, as editors count
	return diag.Pos{Line: line, Col: col}
}
