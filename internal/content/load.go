package content

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"portfolio/internal/diag"
)

// Dir is where project files live, relative to the site root.
const Dir = "content/projects"

// MaxFileSize bounds a project file. The longest real one is a few
// kilobytes; the bound keeps a runaway file from exhausting memory, and
// keeps the Markdown parser's worst cases (some inline patterns cost time
// quadratic in the body's length) to seconds.
const MaxFileSize = 256 << 10

// Load parses every project file under Dir in fsys, in parallel, and returns
// the projects sorted by path together with every problem found. Files that
// are not Markdown are reported as warnings, never skipped silently; hidden
// files (".git", editor locks) are passed over.
func Load(fsys fs.FS, p *Parser) ([]*Project, diag.List) {
	var paths []string
	var l diag.List
	if p.cache != nil {
		paths, l = p.cache.list(fsys)
	} else {
		paths, l, _ = list(fsys)
	}

	projects := make([]*Project, len(paths))
	diags := make([]diag.List, len(paths))
	// When the files are read, for the cache: taken before any is, which
	// only makes a time within the racy window likelier, never less.
	var read time.Time
	if p.cache != nil {
		read = p.cache.now()
	}
	// Files are handed out in small batches: a rebuild finds most of them
	// unchanged at the cost of a stat each, and a channel send per file
	// would cost as much again.
	var wg sync.WaitGroup
	var next atomic.Int64
	const batch = 64
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				from := int(next.Add(batch)) - batch
				if from >= len(paths) {
					return
				}
				for i := from; i < min(from+batch, len(paths)); i++ {
					projects[i], diags[i] = p.readAndParse(fsys, paths[i], read)
				}
			}
		})
	}
	wg.Wait()

	if p.cache != nil {
		p.cache.prune(paths)
	}
	var out []*Project
	for i, proj := range projects {
		l = append(l, diags[i]...)
		if proj != nil {
			out = append(out, proj)
		}
	}
	return out, l
}

// list walks Dir for project files. It returns their paths, sorted, what
// it found to report, and the modification time of each folder it read,
// taken before reading it (zero when the file system gives none).
func list(fsys fs.FS) (paths []string, l diag.List, dirs map[string]time.Time) {
	dirs = map[string]time.Time{}
	if link, target, out := leavesSite(fsys, Dir); out {
		l.Errorf(link, diag.Pos{}, "%s", outsideMsg(target))
		return nil, l, dirs
	}
	err := fs.WalkDir(fsys, Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == Dir && errors.Is(err, fs.ErrNotExist) {
				l.Errorf(Dir, diag.Pos{}, "no such folder; project files go in %s/ (start one with `portfolio new \"Title\"`)", Dir)
				return nil
			}
			l.Errorf(name, diag.Pos{}, "cannot read: %v", unwrapPath(err))
			return nil
		}
		base := path.Base(name)
		if name != Dir && strings.HasPrefix(base, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if _, target, out := leavesSite(fsys, name); out {
				l.Errorf(name, diag.Pos{}, "%s", outsideMsg(target))
				return nil
			}
		}
		switch {
		case d.IsDir():
			var mtime time.Time
			if info, err := d.Info(); err == nil {
				mtime = info.ModTime()
			}
			dirs[name] = mtime
		case strings.HasSuffix(base, ".md"):
			paths = append(paths, name)
		case strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasPrefix(base, "#"):
		default:
			l.Warnf(name, diag.Pos{}, "not a project file (only .md files are read); move it out of %s", Dir)
		}
		return nil
	})
	if err != nil {
		l.Errorf(Dir, diag.Pos{}, "cannot read: %v", err)
	}
	slices.Sort(paths)
	return paths, l, dirs
}

// outsideMsg says what is wrong with a symbolic link to target, outside
// the site.
func outsideMsg(target string) string {
	return fmt.Sprintf("symbolic link to %q leads outside the site, which publishes only its own files; copy the file into %s instead", target, Dir)
}

// readAndParse reads one file and parses it; read is when the reading
// began, for the cache. A panic while doing so becomes an error naming the
// file rather than taking the build down.
func (p *Parser) readAndParse(fsys fs.FS, name string, read time.Time) (proj *Project, l diag.List) {
	defer func() {
		if r := recover(); r != nil {
			proj, l = nil, nil
			l.Errorf(name, diag.Pos{}, "internal error while parsing this file: %v (please report it)", r)
		}
	}()
	info, err := fs.Stat(fsys, name)
	if err != nil {
		l.Errorf(name, diag.Pos{}, "cannot read: %v", unwrapPath(err))
		return nil, l
	}
	if p.cache != nil {
		if proj, l, ok := p.cache.unchanged(name, info); ok {
			return proj, l
		}
	}
	if !info.Mode().IsRegular() {
		l.Errorf(name, diag.Pos{}, "not a regular file")
		return nil, l
	}
	if info.Size() > MaxFileSize {
		// In bytes: a file just over the limit would round to the limit in MiB.
		l.Errorf(name, diag.Pos{}, "file is %d bytes; a project file may be at most %d bytes (%d KiB): move long annexes to a linked document", info.Size(), MaxFileSize, MaxFileSize>>10)
		return nil, l
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		l.Errorf(name, diag.Pos{}, "cannot read: %v", unwrapPath(err))
		return nil, l
	}
	if p.cache != nil {
		return p.cache.parse(p, name, data, info, read)
	}
	proj, l = p.Parse(name, data)
	if proj != nil {
		proj.Sum, proj.Modified = Sum(data), modified(info)
	}
	return proj, l
}

// modified is a file's Project.Modified: its modification time in UTC, to
// the second, as the downloads and the feed give it.
func modified(info fs.FileInfo) time.Time { return info.ModTime().UTC().Truncate(time.Second) }

// Sum is the hash of a file's bytes that Project.Sum holds.
func Sum(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// unwrapPath drops the path from a *fs.PathError, since the message is
// already prefixed with it.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
