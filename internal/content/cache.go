package content

import (
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"portfolio/internal/diag"
)

// Cache remembers parsed project files by path and content, so that a
// rebuild (the preview server's, on every save) parses only the files that
// changed. Projects are not changed after parsing, so one may serve many
// builds.
//
// A file is found again by a hash of its bytes. Reading and hashing every
// file of a large site on every save costs more than the rest of a rebuild,
// so a file whose size and modification time are what they were when it
// was read is taken as unchanged without reading it — but only when that
// modification time was already settled then: a time within racyWindow of
// the read (or a file system that gives none) could be shared by a later
// write of the same size, so such a file is read and hashed every time, the
// way Git treats "racily clean" files.
type Cache struct {
	now       func() time.Time // the clock file times are compared with
	mu        sync.RWMutex
	allowHTML bool
	entries   map[string]cacheEntry
	listing   *listing // the last walk of Dir
}

// listing is a walk of Dir (list) and when it was made.
type listing struct {
	paths []string
	diags diag.List
	dirs  map[string]time.Time
	read  time.Time
}

type cacheEntry struct {
	sum   uint64
	proj  *Project
	diags diag.List
	size  int64     // the file's size and modification time when read
	mtime time.Time //
	read  time.Time // when it was read (Cache.now)
}

// racyWindow is how long after a file's modification time a read of it may
// still miss a write in the same clock tick. File systems' time stamps are
// as coarse as 2 s (FAT); Linux's are a scheduler tick, a few ms.
const racyWindow = 2 * time.Second

// unchanged returns the cached result for path when info shows the file has
// not changed since it was read.
func (c *Cache) unchanged(path string, info fs.FileInfo) (*Project, diag.List, bool) {
	c.mu.RLock()
	e, ok := c.entries[path]
	c.mu.RUnlock()
	mtime := info.ModTime()
	if !ok || mtime.IsZero() || info.Size() != e.size || !mtime.Equal(e.mtime) || e.read.Sub(mtime) < racyWindow {
		return nil, nil, false
	}
	return e.proj, e.diags, true
}

// list returns the project files' paths and what their folders give to
// report, as list does, taking them from the last walk while every folder
// it read has the modification time it had then, settled then as a file's
// must be (unchanged): a folder's time changes whenever a file in it is
// made, removed or renamed, as Git's untracked cache relies on. A walk
// that found an error is not kept: an unreadable folder may become
// readable without a new time. Like the files' times, the folders' can be
// defeated by a tool that sets them back (rsync -a, tar) to a settled time
// while changing what is in them, or by a network file system that caches
// them; the preview then misses a new or removed file until the next save
// in its folder.
func (c *Cache) list(fsys fs.FS) ([]string, diag.List) {
	c.mu.RLock()
	last := c.listing
	c.mu.RUnlock()
	if last != nil && last.current(fsys) {
		return last.paths, slices.Clone(last.diags)
	}
	read := c.now()
	paths, l, dirs := list(fsys)
	kept := &listing{paths: paths, diags: slices.Clone(l), dirs: dirs, read: read}
	if l.HasErrors() {
		kept = nil
	}
	c.mu.Lock()
	c.listing = kept
	c.mu.Unlock()
	return paths, l
}

// current reports whether every folder ls read is as it was then.
func (ls *listing) current(fsys fs.FS) bool {
	if _, ok := ls.dirs[Dir]; !ok {
		return false
	}
	for dir, mtime := range ls.dirs {
		info, err := fs.Stat(fsys, dir)
		if err != nil || !info.IsDir() || mtime.IsZero() || !info.ModTime().Equal(mtime) || ls.read.Sub(mtime) < racyWindow {
			return false
		}
	}
	return true
}

// NewCache returns an empty cache that reads the time from now (time.Now,
// but for tests): a file's time within racyWindow of when it was read is
// not trusted. The file system's clock must agree with now to within that
// window; a network share whose clock runs behind by more could have a
// same-size save missed.
func NewCache(now func() time.Time) *Cache {
	return &Cache{now: now, entries: map[string]cacheEntry{}}
}

// WithCache returns a Parser that consults c, which is emptied first if it
// was filled by a parser with other settings.
func (p *Parser) WithCache(c *Cache) *Parser {
	c.mu.Lock()
	if c.allowHTML != p.allowHTML {
		c.entries, c.allowHTML = map[string]cacheEntry{}, p.allowHTML
	}
	c.mu.Unlock()
	q := *p
	q.cache = c
	return &q
}

// parse returns the cached result for data at path, or parses it. info is
// the file's, taken before data was read at time read.
func (c *Cache) parse(p *Parser, path string, data []byte, info fs.FileInfo, read time.Time) (*Project, diag.List) {
	sum := Sum(data)
	c.mu.RLock()
	e, ok := c.entries[path]
	c.mu.RUnlock()
	if !ok || e.sum != sum {
		e.proj, e.diags = p.Parse(path, data)
		if e.proj != nil {
			e.proj.Sum, e.proj.Modified = sum, modified(info)
		}
	} else if e.proj != nil && !e.proj.Modified.Equal(modified(info)) {
		// The same bytes with a new time (a touch, a commit): a new
		// Project, since one handed out is never changed.
		cp := *e.proj
		cp.Modified = modified(info)
		e.proj = &cp
	}
	e.sum, e.size, e.mtime, e.read = sum, info.Size(), info.ModTime(), read
	c.mu.Lock()
	c.entries[path] = e
	c.mu.Unlock()
	return e.proj, e.diags
}

// prune forgets the files not among paths: deleted or renamed ones.
func (c *Cache) prune(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := 0
	for _, path := range paths {
		if _, ok := c.entries[path]; ok {
			kept++
		}
	}
	if kept == len(c.entries) { // the common case: every entry is still a file
		return
	}
	live := make(map[string]bool, len(paths))
	for _, path := range paths {
		live[path] = true
	}
	maps.DeleteFunc(c.entries, func(path string, _ cacheEntry) bool { return !live[path] })
}
