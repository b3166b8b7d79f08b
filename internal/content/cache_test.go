package content

import (
	"io/fs"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// countingFS counts the reads of each file.
type countingFS struct {
	fstest.MapFS
	opens map[string]*atomic.Int32
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.count(name)
	return c.MapFS.Open(name)
}

func (c countingFS) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return c.MapFS.ReadFile(name)
}

func (c countingFS) count(name string) {
	if n, ok := c.opens[name]; ok {
		n.Add(1)
	}
}

// TestCacheTrustsSettledFileTimes: a file whose size and modification time
// are unchanged since it was read, and whose time was settled then, is not
// read again; a file changed within the racy window, or on a file system
// without times, is read and hashed every build.
func TestCacheTrustsSettledFileTimes(t *testing.T) {
	const name = "content/projects/a.md"
	clock := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) // the time of every read
	old := clock.Add(-time.Hour)
	fsys := countingFS{MapFS: fstest.MapFS{name: {Data: []byte(yamlProject("title: Aaaa")), ModTime: old}},
		opens: map[string]*atomic.Int32{name: {}}}
	cache := NewCache(func() time.Time { return clock })
	load := func() (title string, opens int32) {
		t.Helper()
		fsys.opens[name].Store(0)
		ps, l := Load(fsys, NewParser(false).WithCache(cache))
		if l.HasErrors() || len(ps) != 1 {
			t.Fatalf("Load: %d projects, %v", len(ps), l)
		}
		return ps[0].Title, fsys.opens[name].Load()
	}
	recent := clock.Add(-time.Second) // within the racy window
	steps := []struct {
		what      string
		title     string // written, the same length each time
		mtime     time.Time
		wantTitle string
		wantOpens int32
	}{
		{"first build reads", "Aaaa", old, "Aaaa", 1},
		{"settled and unchanged: not read", "Aaaa", old, "Aaaa", 0},
		{"a new time: read", "Bbbb", recent, "Bbbb", 1},
		{"same size and time, but within the racy window: read again", "Cccc", recent, "Cccc", 1},
		{"no time at all: read", "Dddd", time.Time{}, "Dddd", 1},
		{"no time at all, unchanged: read again", "Dddd", time.Time{}, "Dddd", 1},
	}
	for _, s := range steps {
		f := fsys.MapFS[name]
		f.Data, f.ModTime = []byte(yamlProject("title: "+s.title)), s.mtime
		title, opens := load()
		if title != s.wantTitle || opens != s.wantOpens {
			t.Errorf("%s: title %q after %d opens, want %q after %d", s.what, title, opens, s.wantTitle, s.wantOpens)
		}
	}
}

func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.count(name)
	return c.MapFS.ReadDir(name)
}

// TestCacheTrustsSettledFolderTimes: the project files are listed again
// only when a folder's modification time has changed since the last
// listing, or was not settled then, or is not given; a folder within
// counts as the top one does.
func TestCacheTrustsSettledFolderTimes(t *testing.T) {
	clock := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) // the time of every listing
	old := clock.Add(-time.Hour)
	file := &fstest.MapFile{Data: []byte(yamlProject("title: Aaaa")), ModTime: old}
	fsys := countingFS{MapFS: fstest.MapFS{
		Dir:                {Mode: fs.ModeDir | 0o755, ModTime: old},
		Dir + "/sub":       {Mode: fs.ModeDir | 0o755, ModTime: old},
		Dir + "/a.md":      file,
		Dir + "/sub/b.md":  file,
		Dir + "/notes.txt": {Data: []byte("x"), ModTime: old},
	}, opens: map[string]*atomic.Int32{Dir: {}}}
	cache := NewCache(func() time.Time { return clock })
	steps := []struct {
		what      string
		edit      func()
		wantFiles int
		wantReads int32 // of Dir's listing
	}{
		{"first build lists", func() {}, 2, 1},
		{"settled and unchanged: not listed", func() {}, 2, 0},
		{"a file added without a new folder time (no file system does that): not seen", func() {
			fsys.MapFS[Dir+"/c.md"] = file
		}, 2, 0},
		{"a new time on the top folder: listed", func() {
			fsys.MapFS[Dir].ModTime = old.Add(time.Minute)
		}, 3, 1},
		{"a new time on a folder within: listed", func() {
			delete(fsys.MapFS, Dir+"/sub/b.md")
			fsys.MapFS[Dir+"/sub"].ModTime = old.Add(time.Minute)
		}, 2, 1},
		{"a time within the racy window: listed", func() {
			fsys.MapFS[Dir].ModTime = clock.Add(-time.Second)
		}, 2, 1},
		{"the same time, still within the window then: listed again", func() {}, 2, 1},
		{"no time at all: listed", func() {
			delete(fsys.MapFS, Dir)
		}, 2, 1},
		{"no time at all, unchanged: listed again", func() {}, 2, 1},
	}
	for _, s := range steps {
		s.edit()
		fsys.opens[Dir].Store(0)
		ps, l := Load(fsys, NewParser(false).WithCache(cache))
		if l.HasErrors() || len(l) != 1 {
			t.Fatalf("%s: want one warning (notes.txt), got %v", s.what, l)
		}
		if len(ps) != s.wantFiles || fsys.opens[Dir].Load() != s.wantReads {
			t.Errorf("%s: %d projects after %d listings, want %d after %d", s.what, len(ps), fsys.opens[Dir].Load(), s.wantFiles, s.wantReads)
		}
	}
}

// TestModifiedFollowsTheFile: a project's Modified is its file's time,
// with or without a cache, and a file touched without a change of bytes
// gives a project with the new time, the one handed out before unchanged.
func TestModifiedFollowsTheFile(t *testing.T) {
	const name = "content/projects/a.md"
	clock := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	first := time.Date(2026, 3, 1, 9, 30, 15, 500, time.UTC)
	fsys := fstest.MapFS{name: {Data: []byte(yamlProject("title: Aaaa")), ModTime: first}}
	ps, _ := Load(fsys, NewParser(false))
	if len(ps) != 1 || !ps[0].Modified.Equal(first.Truncate(time.Second)) {
		t.Fatalf("without a cache: Modified %v, want %v", ps[0].Modified, first.Truncate(time.Second))
	}
	cache := NewCache(func() time.Time { return clock })
	load := func() *Project {
		ps, l := Load(fsys, NewParser(false).WithCache(cache))
		if l.HasErrors() || len(ps) != 1 {
			t.Fatalf("Load: %d projects, %v", len(ps), l)
		}
		return ps[0]
	}
	a := load()
	later := first.Add(48 * time.Hour).Truncate(time.Second)
	fsys[name].ModTime = later
	b := load()
	if !a.Modified.Equal(first.Truncate(time.Second)) || !b.Modified.Equal(later) {
		t.Errorf("Modified %v, then %v after a touch; want %v, then %v", a.Modified, b.Modified, first, later)
	}
}
