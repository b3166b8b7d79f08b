package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"portfolio/internal/diag"
	"slices"
	"strings"
)

// ManifestName is the file in the output folder that lists, one path a
// line, every file the last build wrote there.
const ManifestName = ".portfolio-manifest"

// inside are the names a folder staged inside itself keeps for the build.
const (
	insideStaging = ".portfolio-staging"
	insideLock    = ".portfolio-lock"
)

// keep lists files of the output folder that are not the site's but are
// carried over without a word: the placeholder that keeps the empty
// folder in git.
var keep = []string{".gitkeep"}

// refuseOthers refuses a folder with no manifest that holds files, but for
// .gitkeep: they are not the build's to replace.
func refuseOthers(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading the output folder: %w", err)
	}
	var others []string
	for _, e := range entries {
		if !isKept(e.Name()) && !reserved(e.Name()) {
			others = append(others, e.Name())
		}
	}
	if len(others) == 0 {
		return nil
	}
	return refuse("refusing to build into %s: it holds files or folders that portfolio did not write (%s), and no %s listing a build's files; empty the folder or choose another --out (files to publish as they are, such as CNAME, go in the site's static/ folder)",
		quote(dir), diag.Few(others), ManifestName)
}

// readOld sorts the output folder's files into the last build's and the
// others, by its manifest.
func (t *Tx) readOld() error {
	files, err := existing(t.dir)
	if err != nil {
		return err
	}
	listed, err := os.ReadFile(filepath.Join(t.dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		if err := refuseOthers(t.dir); err != nil {
			return err
		}
		listed, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("reading the output folder's manifest: %w", err)
	}
	ours := map[string]bool{}
	for _, p := range strings.Split(string(listed), "\n") {
		ours[p] = true
	}
	t.old, t.foreign = map[string]int64{}, map[string]bool{}
	for p, size := range files {
		switch {
		case p == ManifestName:
		case ours[p]:
			t.old[p] = size
		default:
			t.foreign[p] = true
		}
	}
	return nil
}

// Kept names, sorted, the output folder's files that the build did not
// write and carries over as they are (.gitkeep aside).
func (t *Tx) Kept() []string {
	var out []string
	for p := range t.foreign {
		if !isKept(p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// manifest lists the files put, sorted, one a line.
func (t *Tx) manifest() []byte {
	paths := slices.Sorted(maps.Keys(t.put))
	return []byte(strings.Join(paths, "\n") + "\n")
}

// existing maps each file under dir to its size, but for the build's own
// files of a folder staged in itself; a missing dir is empty.
func existing(dir string) (map[string]int64, error) {
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if filepath.Dir(p) == dir && reserved(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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

func lexists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// reserved reports whether a top-level name of the output folder is the
// build's own, when it stages inside the folder.
func reserved(name string) bool {
	return name == insideStaging || name == insideStaging+".old" || name == insideLock
}

func isKept(p string) bool {
	for _, k := range keep {
		if p == k {
			return true
		}
	}
	return false
}
