package export

import (
	"bytes"
	"cmp"
	"io"
	"runtime"
	"sync"

	"portfolio/internal/key"
	"portfolio/internal/par"
	"portfolio/internal/site"
)

// Memo keeps, between the builds of one process (the preview server's),
// each project's part of every download — its object in the JSON's
// projects list, its CSV row, its IATI activity element with the
// indentation it has in the file — so that a rebuild encodes again only
// the parts whose inputs changed and joins the rest. A download is its
// head, its projects' parts in slug order and its tail, byte for byte what
// Files gives. Each part is kept under a key hashed from everything its
// encoding reads (see keys.go); the parts the latest build did not use are
// dropped after it.
type Memo struct {
	mu    sync.Mutex       // held for a whole build: builds take turns
	build uint64           // counts builds, so that prune can tell which parts the latest used
	kept  map[string]parts // by download path; the map itself never changes
}

// parts are one download's parts by key.
type parts map[uint64]*part

type part struct {
	data  []byte // never handed out: downloads are assembled in new buffers
	build uint64 // the last build that used it
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{kept: map[string]parts{JSONPath: {}, CSVPath: {}, IATIPath: {}}}
}

// Files returns what Files(s, orgRef, orgName) returns, reusing the parts
// of earlier builds whose inputs have not changed. A nil Memo keeps
// nothing and calls Files. It is safe to call from several goroutines, one
// build at a time.
func (m *Memo) Files(s *site.Site, orgRef, orgName string) ([]File, error) {
	if m == nil {
		return Files(s, orgRef, orgName)
	}
	ds, err := m.Stream(s, orgRef, orgName)
	if err != nil {
		return nil, err
	}
	files := make([]File, len(ds))
	for i, d := range ds {
		var b bytes.Buffer
		d.Write(&b)
		files[i] = File{Path: d.Path, Data: b.Bytes()}
	}
	return files, nil
}

// Stream returns the downloads as Stream(s, orgRef, orgName) does, in the
// same order, with their parts made but not joined: each Write copies them
// to its writer, at any time, even during a later build (the parts it holds
// are never changed), so that the preview server joins a download only when
// it is asked for, which spares a rebuild copying tens of megabytes at
// 10,000 projects. Each Download's Sum changes whenever a part has been
// made again. A nil Memo keeps nothing and calls Stream.
func (m *Memo) Stream(s *site.Site, orgRef, orgName string) ([]Download, error) {
	if m == nil {
		return Stream(s, orgRef, orgName), nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.build++
	defer m.prune()

	ps := bySlug(s)
	keys := m.projectKeys(ps)
	// Each download has parts of its own, so the three are made at once;
	// the error returned is the first in Files' order.
	var ds []Download
	for _, path := range Paths(s, orgRef) {
		ds = append(ds, Download{Path: path})
	}
	errs := make([]error, len(ds))
	par.Do(len(ds), func(i int) {
		a := &assembly{}
		errs[i] = m.assemble(ds[i].Path, s, ps, keys, orgRef, orgName, a)
		join := sync.OnceValue(a.join)
		ds[i].Sum, ds[i].Write = a.sum.Sum(), func(w io.Writer) error {
			_, err := w.Write(join())
			return err
		}
	})
	if err := cmp.Or(errs...); err != nil {
		return nil, err
	}
	return ds, nil
}

// projectKeys returns the keys of ps (projectKey), computed on every
// CPU: reading what the site derived for each project misses the CPU's
// caches often enough to take a fifth of a rebuild at 10,000 projects.
func (m *Memo) projectKeys(ps []*site.Project) []uint64 {
	keys := make([]uint64, len(ps))
	size := max(len(ps)/runtime.GOMAXPROCS(0)+1, 1000)
	par.Do((len(ps)+size-1)/size, func(chunk int) {
		for i := chunk * size; i < min((chunk+1)*size, len(ps)); i++ {
			keys[i] = projectKey(ps[i])
		}
	})
	return keys
}

// get returns the part kept under key, marking it used; key 0 is never
// kept, and a nil Memo keeps nothing.
func (m *Memo) get(ps parts, key uint64) ([]byte, bool) {
	if m == nil || key == 0 {
		return nil, false
	}
	p, ok := ps[key]
	if !ok {
		return nil, false
	}
	p.build = m.build
	return p.data, true
}

// put keeps data under key.
func (m *Memo) put(ps parts, key uint64, data []byte) {
	if m != nil && key != 0 {
		ps[key] = &part{data: data, build: m.build}
	}
}

// prune forgets the parts the latest build did not use: those of deleted
// projects, and those whose keys have changed.
func (m *Memo) prune() {
	for _, ps := range m.kept {
		for key, p := range ps {
			if p.build != m.build {
				delete(ps, key)
			}
		}
	}
}

// partKey returns the key of the i'th project's part, its download's key
// doc mixed with its project's (keys.go); 0 without a memo or a project
// key.
func (m *Memo) partKey(doc uint64, keys []uint64, i int) uint64 {
	if m == nil || keys == nil || keys[i] == 0 {
		return 0
	}
	k := key.New()
	k.U64(doc)
	k.U64(keys[i])
	return k.Sum()
}
