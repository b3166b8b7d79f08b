// Package publish writes a rendered site to its output folder so that the
// folder is, at every instant, either the old site or the new one.
//
// The new site is assembled in a staging folder beside the output folder:
// files whose bytes are unchanged are hard-linked from the old site rather
// than copied, changed files are written, and files that no longer belong
// are simply not carried over. Then the two folders are exchanged in one
// atomic rename (renameat2 RENAME_EXCHANGE on Linux; elsewhere two renames
// with a short window) and the old tree is removed. A build killed at any
// point leaves the old site in place and a stale staging folder, which the
// next build removes first. When nothing changed, nothing is written.
//
// File paths are checked before anything is touched: a path that is
// absolute, climbs with "..", or is not clean is refused, so nothing is ever
// written outside the output folder.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"portfolio/internal/render"
)

// Stats counts what a Write did.
type Stats struct {
	Written   int // files whose bytes are new or changed
	Unchanged int
	Removed   int // files of the old site not in the new one
}

// keep lists files of the output folder that are not the site's but are
// carried over: the placeholder that keeps the empty folder in git.
var keep = []string{".gitkeep"}

// Write publishes files to dir. On error dir is left as it was.
func Write(dir string, files []render.File) (Stats, error) {
	var st Stats
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return st, err
		}
	}
	dir = filepath.Clean(dir)
	staging := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".staging")
	if err := os.RemoveAll(staging); err != nil {
		return st, fmt.Errorf("removing the last build's leftovers: %w", err)
	}
	old, err := existing(dir)
	if err != nil {
		return st, err
	}

	// Decide first, so that a build that changes nothing touches nothing.
	changed := make([]bool, len(files))
	wanted := map[string]bool{}
	for i, f := range files {
		wanted[f.Path] = true
		if size, ok := old[f.Path]; ok && size == int64(len(f.Data)) {
			cur, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err == nil && bytes.Equal(cur, f.Data) {
				st.Unchanged++
				continue
			}
		}
		changed[i] = true
		st.Written++
	}
	for p := range old {
		if !wanted[p] && !isKept(p) {
			st.Removed++
		}
	}
	if st.Written == 0 && st.Removed == 0 {
		return st, nil
	}

	fail := func(err error) (Stats, error) {
		os.RemoveAll(staging)
		return Stats{}, err
	}
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return fail(err)
	}
	made := map[string]bool{}
	mkdir := func(rel string) error {
		d := path.Dir(rel)
		if d == "." || made[d] {
			return nil
		}
		made[d] = true
		return os.MkdirAll(filepath.Join(staging, filepath.FromSlash(d)), 0o755)
	}
	for i, f := range files {
		if err := mkdir(f.Path); err != nil {
			return fail(err)
		}
		dst := filepath.Join(staging, filepath.FromSlash(f.Path))
		if !changed[i] {
			if err := os.Link(filepath.Join(dir, filepath.FromSlash(f.Path)), dst); err == nil {
				continue
			}
			// No hard links here (another file system): write the bytes.
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			return fail(err)
		}
	}
	for _, k := range keep {
		if _, ok := old[k]; ok {
			_ = os.Link(filepath.Join(dir, k), filepath.Join(staging, k))
		}
	}
	if err := swap(staging, dir, len(old) > 0 || exists(dir)); err != nil {
		return fail(err)
	}
	if err := os.RemoveAll(staging); err != nil {
		return st, fmt.Errorf("removing the previous site: %w", err)
	}
	return st, nil
}

// swap puts staging in dir's place, leaving the old dir (if any) at staging.
func swap(staging, dir string, hadOld bool) error {
	if !hadOld {
		return os.Rename(staging, dir)
	}
	if err := exchange(staging, dir); err == nil {
		return nil
	}
	// No atomic exchange on this system: two renames, a moment apart.
	aside := staging + ".old"
	os.RemoveAll(aside)
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	if err := os.Rename(staging, dir); err != nil {
		os.Rename(aside, dir)
		return err
	}
	return os.Rename(aside, staging)
}

// existing maps each file under dir to its size; a missing dir is empty.
func existing(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Size()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the output folder: %w", err)
	}
	return out, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isKept(p string) bool {
	for _, k := range keep {
		if p == k {
			return true
		}
	}
	return false
}

// checkPath refuses output paths that could land outside the output folder.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p ||
		p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") {
		return fmt.Errorf("refusing to write %q: output paths must stay inside the output folder", p)
	}
	return nil
}
