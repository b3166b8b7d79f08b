// Package publish writes a rendered site to its output folder so that the
// folder is, at every instant, either the old site or the new one, and so
// that nothing in it that the build did not write is ever lost.
//
// The output folder is the build's alone. Guard refuses a folder that
// holds the site's sources or lies above them; Begin refuses a file, and
// a folder that is neither empty nor built before. What the build wrote
// is listed in a manifest inside the folder (ManifestName); a file there
// that the manifest does not list (a CNAME put in by hand) is carried
// over untouched into every new site, and the build may not overwrite it.
// One build at a time writes a folder: Begin takes a lock beside it
// (flock, let go by the kernel however the process ends) and a second
// build waits for it, or fails at once with NoWait.
//
// The new site is assembled in a staging folder beside the output folder,
// as its files are rendered (so a large site need not be held in memory):
// changed files are written there at once; files whose bytes are unchanged
// are hard-linked from the old site rather than copied, once the build is
// known to change anything; files that no longer belong are simply not
// carried over. Then the two folders are exchanged in one atomic rename
// (renameat2 RENAME_EXCHANGE on Linux; elsewhere two renames with a short
// window) and the old tree is removed. A build killed at any point leaves
// the old site in place and a stale staging folder, which the next build
// removes first. When nothing changed, nothing is written.
//
// An output folder that is a symbolic link is published through: the
// folder the link leads to is replaced, and the link stays. One that
// cannot be renamed, a mount point (a container's volume, a tmpfs), is
// staged inside itself, and its top-level files and
// folders are exchanged one at a time: each is old or new at every
// instant, but for a moment the site as a whole is part old, part new.
//
// File paths are checked before anything is touched: a path that is
// absolute, climbs with "..", or is not clean is refused, so nothing is ever
// written outside the output folder.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"portfolio/internal/render"
)

// Stats counts what a Write did.
type Stats struct {
	Written   int // files whose bytes are new or changed
	Unchanged int //
	Removed   int // files of the old site not in the new one
	Kept      int // files the build did not write, carried over as they were (.gitkeep aside): Tx.Kept names them
}

// Options say how Begin waits for another build.
type Options struct {
	NoWait  bool   // fail at once (ErrBusy) when another build holds the folder
	Waiting func() // called once before waiting for another build
}

// ErrBusy is Begin's error when another build is writing the folder and
// Options.NoWait is set.
var ErrBusy = errors.New("another build is writing this folder")

// Tx is one publication in progress: files are Put as they are rendered,
// in any order and from any goroutine, and nothing is visible in the
// output folder until Commit. Abort (or a crash) leaves it as it was.
type Tx struct {
	dir, staging string
	inPlace      bool             // staged inside dir, whose entries are exchanged one by one
	lock         *os.File         // held until Commit or Abort
	old          map[string]int64 // the files the last build wrote, and their sizes
	foreign      map[string]bool  // the other files of the output folder

	mu        sync.Mutex
	err       error
	put       map[string]bool
	unchanged []string // put with the bytes the output folder already has
	written   int
	made      map[string]bool // folders created in staging
}

// Begin starts publishing to dir, once no other build is writing it,
// first removing whatever a killed build left. It refuses (*Refusal) a
// dir that is a file, and a folder that holds files but no manifest: one
// the build neither made nor wrote before.
func Begin(dir string, o Options) (*Tx, error) {
	dir, err := target(filepath.Clean(dir))
	if err != nil {
		return nil, err
	}
	if dir, err = real(dir); err != nil {
		return nil, err
	}
	t := &Tx{dir: dir, put: map[string]bool{}, made: map[string]bool{}}
	beside := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir))
	t.staging = beside + ".staging"
	lockName := beside + ".lock"
	if t.inPlace = exists(dir) && mounted(dir); t.inPlace {
		t.staging, lockName = filepath.Join(dir, insideStaging), filepath.Join(dir, insideLock)
	}
	if err := refuseOthers(dir); err != nil {
		return nil, err // before the lock file is made beside it
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	t.lock, err = lock(lockName, o.NoWait, o.Waiting)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Tx, error) {
		t.unlock()
		return nil, err
	}
	for _, leftover := range []string{t.staging, t.staging + ".old"} {
		if err := os.RemoveAll(leftover); err != nil {
			return fail(fmt.Errorf("removing the last build's leftovers: %w", err))
		}
	}
	if err := t.readOld(); err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(t.staging, 0o755); err != nil {
		return fail(err)
	}
	return t, nil
}

// Put adds one file. Bytes equal to the output folder's are not written
// again (they are linked in at Commit, if anything changed at all). Put
// is done with f.Data when it returns: the caller may reuse it.
func (t *Tx) Put(f render.File) {
	if !t.claim(f.Path) {
		return
	}
	same := false
	if size, ok := t.old[f.Path]; ok && size == int64(len(f.Data)) {
		same = holds(filepath.Join(t.dir, filepath.FromSlash(f.Path)), f.Data)
	}
	t.mu.Lock()
	if same {
		t.unchanged = append(t.unchanged, f.Path)
		t.mu.Unlock()
		return
	}
	t.written++
	t.mu.Unlock()
	if err := t.mkdir(f.Path); err != nil {
		t.fail(err)
		return
	}
	if err := os.WriteFile(filepath.Join(t.staging, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
		t.fail(err)
	}
}

// claim records that the build writes p, or fails the publication: p
// must stay inside the output folder, be put once, and not be a file of
// the folder's that the build did not write.
func (t *Tx) claim(p string) bool {
	err := checkPath(p)
	switch {
	case err != nil:
	case p == ManifestName || !strings.Contains(p, "/") && reserved(p):
		err = refuse("refusing to write %s: the name is the build's own, for its manifest or while it runs; rename the file", quote(p))
	case t.foreign[p]:
		err = refuse("refusing to replace %s in %s: the build did not write it; to publish a file as it is, put it in the site's static/ folder and remove it from the output folder", quote(p), quote(t.dir))
	}
	t.mu.Lock()
	if err == nil && t.put[p] {
		err = fmt.Errorf("two files at %s", p)
	}
	t.put[p] = true
	t.mu.Unlock()
	if err != nil {
		t.fail(err)
		return false
	}
	return true
}

// PutStream adds one file whose bytes write makes, writing them straight
// into the staging folder, so that a large file need not be held in
// memory. As with Put, bytes equal to the output folder's count as
// unchanged (the staged copy is dropped, and the old file linked in at
// Commit).
func (t *Tx) PutStream(p string, write func(io.Writer) error) {
	if !t.claim(p) {
		return
	}
	if err := t.mkdir(p); err != nil {
		t.fail(err)
		return
	}
	dst := filepath.Join(t.staging, filepath.FromSlash(p))
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644) // as os.WriteFile in Put
	if err != nil {
		t.fail(err)
		return
	}
	cw := &countingWriter{w: f}
	err = write(cw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.fail(err)
		return
	}
	if size, ok := t.old[p]; ok && size == cw.n && sameFile(filepath.Join(t.dir, filepath.FromSlash(p)), dst) {
		if err := os.Remove(dst); err != nil {
			t.fail(err)
			return
		}
		t.mu.Lock()
		t.unchanged = append(t.unchanged, p)
		t.mu.Unlock()
		return
	}
	t.mu.Lock()
	t.written++
	t.mu.Unlock()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// chunks are the buffers holds reads files into: a rebuild compares every
// page with the one before, and reading each whole would make as much
// garbage as the site is large.
var chunks = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// holds reports whether the file at name holds exactly data; any error
// reading it counts as a difference.
func holds(name string, data []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	bp := chunks.Get().(*[]byte)
	defer chunks.Put(bp)
	buf := *bp
	for {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)+1)]) // one byte more: the file must end with data
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err != nil {
			return (err == io.EOF || err == io.ErrUnexpectedEOF) && len(data) == 0
		}
	}
}

// sameFile reports whether files a and b hold the same bytes; any error
// reading them counts as a difference.
func sameFile(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, erra := io.ReadFull(fa, ba)
		nb, errb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if erra != nil || errb != nil {
			return (erra == io.EOF || erra == io.ErrUnexpectedEOF) && (errb == io.EOF || errb == io.ErrUnexpectedEOF)
		}
	}
}

func (t *Tx) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err == nil {
		t.err = err
	}
}

// mkdir creates the staging folder that will hold rel.
func (t *Tx) mkdir(rel string) error {
	d := path.Dir(rel)
	t.mu.Lock()
	done := d == "." || t.made[d]
	t.mu.Unlock()
	if done {
		return nil
	}
	// Marked made only once it is: another file for the same new folder
	// may be put meanwhile, and MkdirAll is safe to run twice at once.
	// Mostly the parent exists (projects/ for each project's folder), and
	// one mkdir does where MkdirAll would stat twice first.
	dir := filepath.Join(t.staging, filepath.FromSlash(d))
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	t.mu.Lock()
	t.made[d] = true
	t.mu.Unlock()
	return nil
}

// Abort drops everything put; the output folder is untouched.
func (t *Tx) Abort() {
	os.RemoveAll(t.staging)
	t.unlock()
}

func (t *Tx) unlock() {
	if t.lock != nil {
		unlock(t.lock)
		t.lock = nil
	}
}

// Commit makes the files put, with the folder's files the build did not
// write, the output folder's whole content, in one atomic exchange. When
// nothing changed it writes nothing at all.
func (t *Tx) Commit() (Stats, error) {
	defer t.unlock()
	if t.err != nil {
		t.Abort()
		return Stats{}, t.err
	}
	st := Stats{Written: t.written, Unchanged: len(t.unchanged)}
	for p := range t.old {
		if !t.put[p] {
			st.Removed++
		}
	}
	st.Kept = len(t.Kept())
	manifest := t.manifest()
	if st.Written == 0 && st.Removed == 0 && holds(filepath.Join(t.dir, ManifestName), manifest) {
		t.Abort()
		return st, nil
	}
	fail := func(err error) (Stats, error) {
		t.Abort()
		return Stats{}, err
	}
	carried := slices.Concat(t.unchanged, slices.Collect(maps.Keys(t.foreign)))
	for _, p := range carried {
		if err := t.mkdir(p); err != nil {
			return fail(err)
		}
		src, dst := filepath.Join(t.dir, filepath.FromSlash(p)), filepath.Join(t.staging, filepath.FromSlash(p))
		if err := os.Link(src, dst); err != nil {
			// No hard links here (another file system): copy the bytes.
			data, err := os.ReadFile(src)
			if err == nil {
				err = os.WriteFile(dst, data, 0o644)
			}
			if err != nil {
				return fail(err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(t.staging, ManifestName), manifest, 0o644); err != nil {
		return fail(err)
	}
	var err error
	if t.inPlace {
		err = t.exchangeEntries()
	} else {
		err = swap(t.staging, t.dir, exists(t.dir))
	}
	if err != nil {
		return fail(err)
	}
	if err := os.RemoveAll(t.staging); err != nil {
		return st, fmt.Errorf("removing the previous site: %w", err)
	}
	return st, nil
}

// checkPath refuses output paths that could land outside the output folder.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p ||
		p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") {
		return fmt.Errorf("refusing to write %q: output paths must stay inside the output folder", p)
	}
	return nil
}
