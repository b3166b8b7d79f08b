// Package history dates a site's files by their Git history: a file's date
// is the commit date of the last commit that changed it. FS hands those
// dates to the rest of the build as the files' modification times, so that
// a page's "last updated" is the same for every checkout of a commit, where
// a file system's times are those of the checkout.
//
// A file Git cannot date keeps its file system time: outside a repository
// (or without git), a file never committed, and a file changed since its
// last commit (its commit date would be older than what it says). In a
// shallow clone, files last changed before the clone's first commit take
// that commit's date.
package history

import (
	"bytes"
	"fmt"
	"io/fs"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"
)

// Dates returns the commit date of the last commit that changed each file
// under dir (a slash path relative to root) in the repository holding the
// folder root, by slash path relative to root, leaving out the files
// changed since HEAD. It is empty, without error, when root is in no
// repository, the repository has no commit, or git is not installed.
func Dates(root, dir string) (map[string]time.Time, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return map[string]time.Time{}, nil
	}
	if err := exec.Command("git", "-C", root, "rev-parse", "--verify", "--quiet", "HEAD").Run(); err != nil {
		return map[string]time.Time{}, nil // no repository, or no commit yet
	}
	// One walk of the history: each commit that changed a file under dir,
	// newest first, as "\x01" and its committer time, then the names.
	out, err := git(root, "log", "--relative", "--format=%x01%ct", "--name-only", "-z", "--no-renames", "--", dir)
	if err != nil {
		return nil, err
	}
	dates, err := parseLog(out)
	if err != nil {
		return nil, err
	}
	changed, err := git(root, "diff", "--relative", "--name-only", "-z", "--no-renames", "HEAD", "--", dir)
	if err != nil {
		return nil, err
	}
	for name := range strings.SplitSeq(string(changed), "\x00") {
		delete(dates, name)
	}
	return dates, nil
}

// parseLog reads Dates' log, NUL-separated fields: a commit's header
// ("\x01" and its time) and then, each after a newline for the first, the
// names it changed. A name's date is the latest of its commits': newest
// first is the log's order, but a merged branch's commits may be dated out
// of it.
func parseLog(out []byte) (map[string]time.Time, error) {
	dates := map[string]time.Time{}
	var when time.Time
	for field := range strings.SplitSeq(string(out), "\x00") {
		field = strings.TrimPrefix(field, "\n")
		if field == "" {
			continue
		}
		if stamp, ok := strings.CutPrefix(field, "\x01"); ok {
			sec, err := strconv.ParseInt(stamp, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("git log: unexpected header %q", field)
			}
			when = time.Unix(sec, 0).UTC()
			continue
		}
		if when.IsZero() {
			return nil, fmt.Errorf("git log: name %q before any commit", field)
		}
		if when.After(dates[field]) {
			dates[field] = when
		}
	}
	return dates, nil
}

func git(root string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", root, "-c", "core.quotePath=false"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %s (%w)", args[0], strings.TrimSpace(stderr.String()), err)
	}
	return out, nil
}

// FS is a file system whose files under dates' names (Dates') give those
// dates as their modification times through fs.Stat; every other file,
// and everything else, is the underlying file system's.
type FS struct {
	fsys  fs.FS
	dates map[string]time.Time
}

// NewFS returns fsys with dates as its files' modification times.
func NewFS(fsys fs.FS, dates map[string]time.Time) *FS { return &FS{fsys: fsys, dates: dates} }

// Open opens name in the underlying file system; its Stat gives the date.
func (f *FS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if when, ok := f.dates[name]; ok {
		return dated{file, when}, nil
	}
	if dir, ok := file.(fs.ReadDirFile); ok {
		return datedDir{dir, f, name}, nil
	}
	return file, nil
}

// Stat is fs.Stat of the underlying file system, with the date.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, err
	}
	if when, ok := f.dates[name]; ok {
		return datedInfo{info, when}, nil
	}
	return info, nil
}

// ReadDir is fs.ReadDir of the underlying file system, with the dates.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(f.fsys, name)
	return f.entries(name, es), err
}

func (f *FS) entries(dir string, es []fs.DirEntry) []fs.DirEntry {
	for i, e := range es {
		if when, ok := f.dates[path.Join(dir, e.Name())]; ok {
			es[i] = datedEntry{e, when}
		}
	}
	return es
}

// ReadFile, ReadLink and Lstat pass through, so that wrapping costs the
// build nothing and its checks of symbolic links still work.
func (f *FS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(f.fsys, name) }
func (f *FS) ReadLink(name string) (string, error) { return fs.ReadLink(f.fsys, name) }
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	info, err := fs.Lstat(f.fsys, name)
	if err == nil {
		if when, ok := f.dates[name]; ok && info.Mode().IsRegular() {
			return datedInfo{info, when}, nil
		}
	}
	return info, err
}

type dated struct {
	fs.File
	when time.Time
}

func (d dated) Stat() (fs.FileInfo, error) {
	info, err := d.File.Stat()
	if err != nil {
		return nil, err
	}
	return datedInfo{info, d.when}, nil
}

type datedInfo struct {
	fs.FileInfo
	when time.Time
}

func (i datedInfo) ModTime() time.Time { return i.when }

type datedDir struct {
	fs.ReadDirFile
	fsys *FS
	name string
}

func (d datedDir) ReadDir(n int) ([]fs.DirEntry, error) {
	es, err := d.ReadDirFile.ReadDir(n)
	return d.fsys.entries(d.name, es), err
}

type datedEntry struct {
	fs.DirEntry
	when time.Time
}

func (e datedEntry) Info() (fs.FileInfo, error) {
	info, err := e.DirEntry.Info()
	if err != nil {
		return nil, err
	}
	return datedInfo{info, e.when}, nil
}
