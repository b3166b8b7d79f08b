package render

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"strconv"
	"sync"
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

// splices are the lists waiting for the page they are in, by marker number.
type splices struct {
	nonce string // the build's: every marker starts with it
	next  sync.Mutex
	n     uint64
	m     sync.Map // uint64 → []string, the pieces to write in order
}

func newSplices() *splices {
	return &splices{nonce: strconv.FormatUint(rand.Uint64(), 36) + "."}
}

// hold keeps pieces for a page and returns their marker.
func (s *splices) hold(pieces []string) template.HTML {
	s.next.Lock()
	s.n++
	n := s.n
	s.next.Unlock()
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
		j := bytes.IndexByte(src[1:], 0) + 1
		id, mine := bytes.CutPrefix(src[1:max(j, 1)], []byte(s.nonce))
		n, err := strconv.ParseUint(string(id), 36, 64)
		v, ok := s.m.LoadAndDelete(n)
		if j <= 0 || !mine || err != nil || !ok {
			dst.WriteByte(0)
			src = src[1:]
			continue
		}
		for _, p := range v.([]string) {
			dst.WriteString(p)
		}
		src = src[j+1:]
	}
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

// drop lets go the pieces of every marker in b, for output that failed.
func (s *splices) drop(b []byte) {
	var discard bytes.Buffer
	s.resolve(&discard, b)
}
