package render

import (
	"bytes"
	"testing"
)

// TestSplices: each marker is replaced by its pieces once, and anything
// else — text around markers, a NUL that opens no marker held, a marker
// already written out, another build's — is kept as it is.
func TestSplices(t *testing.T) {
	s := newSplices()
	a := s.hold([]string{"<li>", "a", "</li>"})
	b := s.hold([]string{"<li>b</li>", "<li>c</li>"})
	empty := s.hold(nil)
	// A marker of another build's, with the same number as one held.
	other := "\x00" + newSplices().nonce + "1\x00"
	src := other + "<ol>" + string(a) + string(empty) + "</ol>\x00z\x00<ol>" + string(b) + "</ol>\x00" + string(a)
	var dst bytes.Buffer
	s.resolve(&dst, []byte(src))
	want := other + "<ol><li>a</li></ol>\x00z\x00<ol><li>b</li><li>c</li></ol>\x00" + string(a)
	if dst.String() != want {
		t.Errorf("resolved to %q, want %q", dst.String(), want)
	}
	n := 0
	s.m.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d lists still held after their page was written", n)
	}

	// spliced swaps in the result, and leaves a page without markers alone.
	c := s.hold([]string{"x"})
	buf, scratch := bytes.NewBufferString("1"+string(c)+"2"), new(bytes.Buffer)
	s.spliced(buf, scratch)
	if buf.String() != "1x2" {
		t.Errorf("spliced to %q", buf.String())
	}
	plain := bytes.NewBufferString("no lists")
	s.spliced(plain, scratch)
	if plain.String() != "no lists" {
		t.Errorf("a page without lists became %q", plain.String())
	}
}
