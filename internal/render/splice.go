package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
)

// Long lists are spliced into a page after the layout has run. Joined into
// one string for the layout to print, a list of thousands of entries was
// copied twice more — once into the string, once by the template's
// printing — and both copies were garbage at once; at 10,000 projects that
// was a sixth of all the build allocated. Instead, with the repository's
// layouts, items returns a marker, a NUL-delimited number, and the page's
// bytes are assembled with the entries written straight in. Nothing else
// a page shows holds a NUL: html/template writes one in text or an
// attribute as U+FFFD, goldmark does the same in bodies, project files with
// NULs are refused, and the base path goes into links escaped (a %00 in
// base_url is refused too). The markers also carry a number drawn afresh
// for each build, so that not even a page of the last build's could name
// one. With a site's own layouts, which may print a list anywhere, or
// measure it, items returns the joined string.

// splices are the lists waiting for the page they are in, by marker
// number. They are made anew for each build (Start), so that lists held
// for output that failed go with the build.
type splices struct {
	nonce string // the build's: every marker starts with it
	n     atomic.Uint64
	m     sync.Map // uint64 → []string, the pieces to write in order
}

func newSplices() *splices {
	return &splices{nonce: strconv.FormatUint(rand.Uint64(), 36) + "."}
}

// hold keeps pieces for a page and returns their marker.
func (s *splices) hold(pieces []string) template.HTML {
	n := s.n.Add(1)
	s.m.Store(n, pieces)
	return template.HTML("\x00" + s.nonce + strconv.FormatUint(n, 36) + "\x00")
}

// resolve writes src to dst with every marker replaced by its pieces, and
// lets the pieces go. A NUL that opens no marker held is written as it is.
func (s *splices) resolve(dst *bytes.Buffer, src []byte) {
	for {
		i := bytes.IndexByte(src, 0)
		if i < 0 {
			dst.Write(src)
			return
		}
		dst.Write(src[:i])
		src = src[i:]
		if j := bytes.IndexByte(src[1:], 0) + 1; j > 0 {
			if pieces, ok := s.take(src[1:j]); ok {
				for _, p := range pieces {
					dst.WriteString(p)
				}
				src = src[j+1:]
				continue
			}
		}
		dst.WriteByte(0)
		src = src[1:]
	}
}

// take returns, and lets go, the pieces held under marker, the text
// between a marker's NULs; ok is false for anything else.
func (s *splices) take(marker []byte) (pieces []string, ok bool) {
	id, mine := bytes.CutPrefix(marker, []byte(s.nonce))
	if !mine {
		return nil, false
	}
	n, err := strconv.ParseUint(string(id), 36, 64)
	if err != nil {
		return nil, false
	}
	v, ok := s.m.LoadAndDelete(n)
	if !ok {
		return nil, false
	}
	return v.([]string), true
}

// spliced resolves the markers in buf's bytes, if there are any, using
// scratch for the result and swapping the two buffers' storage.
func (s *splices) spliced(buf, scratch *bytes.Buffer) {
	if bytes.IndexByte(buf.Bytes(), 0) < 0 {
		return
	}
	scratch.Reset()
	scratch.Grow(buf.Len())
	s.resolve(scratch, buf.Bytes())
	*buf, *scratch = *scratch, *buf
}
