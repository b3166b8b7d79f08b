package export

// Downloads written a project at a time (Stream), and the assembly of a
// download from its head, parts and tail that Files, Stream and Memo
// share.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"portfolio/internal/key"
	"portfolio/internal/site"
)

// Download is one download to be written out (Stream, Memo.Stream).
type Download struct {
	Path  string
	Sum   uint64                  // with a Memo: changes whenever a part is made again; else 0
	Write func(w io.Writer) error // writes the bytes Files gives for Path
}

// Stream returns the downloads Files(s, orgRef, orgName) returns, in the
// same order, as writers: each project's part is encoded and written in
// turn, so that not even one whole download is held in memory. An error
// (the ones Files reports) can come after part of a download is written.
func Stream(s *site.Site, orgRef, orgName string) []Download {
	ps := bySlug(s)
	var m *Memo
	var out []Download
	for _, path := range Paths(s, orgRef) {
		out = append(out, Download{Path: path, Write: func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 64<<10)
			a := assembly{w: bw}
			if err := m.assemble(path, s, ps, nil, orgRef, orgName, &a); err != nil {
				return err
			}
			if a.err != nil {
				return a.err
			}
			return bw.Flush()
		}})
	}
	return out
}

// Paths returns the paths of the downloads Files and Stream make for s, in
// order: the IATI activity file only with a reporting organisation's
// identifier, and the organisation file only when that is the site's own
// (iati_org_ref), not a stand-in until the division has registered one;
// then the data package that describes them and the JSON's schema.
func Paths(s *site.Site, orgRef string) []string {
	var paths []string
	switch {
	case orgRef == "":
		paths = []string{JSONPath, CSVPath}
	case s.Settings.IATIOrgRef == "":
		paths = []string{JSONPath, CSVPath, IATIPath}
	default:
		paths = []string{JSONPath, CSVPath, IATIPath, IATIOrgPath}
	}
	return append(paths, PackagePath, SchemaPath)
}

// A layout is a download cut into the pieces it is assembled from: its
// head, one part per project (sep between two) and its tail. part encodes
// a project's part with the format's encoder; the bytes it returns may be
// reused by its next call. A download with no part per project (the IATI
// organisation file) is all head, and its part is nil.
type layout struct {
	head      []byte
	sep, tail string
	part      func(p *site.Project) ([]byte, error)
}

// layoutOf returns the layout of the download at path for the projects ps
// of s, sorted by slug, or the error that stops the download being made.
func layoutOf(path string, s *site.Site, ps []*site.Project, orgRef, orgName string) (*layout, error) {
	switch path {
	case JSONPath:
		return jsonLayout(s)
	case CSVPath:
		return csvLayout(s)
	case IATIPath:
		return iatiLayout(s, ps, orgRef, orgName)
	case IATIOrgPath:
		return iatiOrgLayout(s, ps, orgRef, orgName)
	case PackagePath:
		return packageLayout(s, orgRef)
	case SchemaPath:
		return schemaLayout(s)
	}
	return nil, fmt.Errorf("no download %s", path)
}

// assemble makes the download at path into a, taking the parts m keeps
// where their keys (keys, one per project; nil without a memo) allow.
func (m *Memo) assemble(path string, s *site.Site, ps []*site.Project, keys []uint64, orgRef, orgName string, a *assembly) error {
	l, err := layoutOf(path, s, ps, orgRef, orgName)
	if err != nil {
		return err
	}
	if l.part == nil {
		a.begin(l.head, "", 0)
		a.end(l.tail)
		return nil
	}
	a.begin(l.head, l.sep, len(ps))
	var kept parts
	var doc uint64
	if m != nil {
		kept, doc = m.kept[path], docKey(path, s, orgRef, orgName)
	}
	for i, p := range ps {
		key := m.partKey(doc, keys, i)
		data, ok := m.get(kept, key)
		if !ok {
			if data, err = l.part(p); err != nil {
				return err
			}
			if m != nil && key != 0 {
				data = bytes.Clone(data)
				m.put(kept, key, data)
				ok = true
			}
		}
		a.add(data, ok, key)
	}
	a.end(l.tail)
	return nil
}

// assembly receives a download's head, its projects' parts in order and
// its tail: written through to w when it is set, otherwise kept for join.
// A part handed to add may be a scratch buffer's bytes; add copies what it
// keeps.
type assembly struct {
	w     io.Writer
	err   error   // the first error writing to w
	sum   key.Key // without w: of the head, the parts' keys (or bytes) and the tail
	head  []byte
	parts [][]byte
	sep   string
	tail  string
	n     int // parts added
}

func (a *assembly) write(b []byte) {
	if a.err == nil {
		_, a.err = a.w.Write(b)
	}
}

// writeString writes s without the copy that []byte(s) would make for
// every part: Stream's writer is a bufio.Writer, which takes strings.
func (a *assembly) writeString(s string) {
	if a.err == nil {
		_, a.err = io.WriteString(a.w, s)
	}
}

func (a *assembly) begin(head []byte, sep string, n int) {
	a.sep, a.n = sep, 0
	if a.w != nil {
		a.write(head)
		return
	}
	a.head, a.parts = bytes.Clone(head), make([][]byte, 0, n)
	a.sum = key.New()
	a.sum.Bytes(head)
	a.sum.Str(sep)
}

// add appends a part; kept says it is already a copy of its own, and key
// is the memo's key for it (0 when it has none: then its bytes count in
// the sum).
func (a *assembly) add(part []byte, kept bool, key uint64) {
	if a.w != nil {
		if a.n > 0 {
			a.writeString(a.sep)
		}
		a.write(part)
	} else {
		if !kept {
			part = bytes.Clone(part)
		}
		a.parts = append(a.parts, part)
		if key != 0 {
			a.sum.U64(key)
		} else {
			a.sum.Bytes(part)
		}
	}
	a.n++
}

func (a *assembly) end(tail string) {
	if a.w != nil {
		a.writeString(tail)
		return
	}
	a.tail = tail
	a.sum.Str(tail)
}

func (a *assembly) join() []byte {
	if a.head == nil && a.parts == nil {
		return nil
	}
	return join(a.head, a.parts, a.sep, a.tail)
}

// join returns head, parts separated by sep, and tail, in one new buffer.
func join(head []byte, parts [][]byte, sep, tail string) []byte {
	n := len(head) + len(tail) + len(sep)*max(len(parts)-1, 0)
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	out = append(out, head...)
	for i, p := range parts {
		if i > 0 {
			out = append(out, sep...)
		}
		out = append(out, p...)
	}
	return append(out, tail...)
}
