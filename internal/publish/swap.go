package publish

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// exchangeEntries makes the staged site the output folder's content when
// the folder itself cannot be renamed: each top-level file or folder is
// exchanged with the staged one in one rename, and those the new site
// has not are moved out; the old ones end up in staging.
func (t *Tx) exchangeEntries() error {
	// First a manifest that lists the old files and the new: a build
	// killed halfway leaves some of each, and the next must know them all
	// for its own.
	union := slices.Concat(slices.Collect(maps.Keys(t.old)), slices.Collect(maps.Keys(t.put)))
	slices.Sort(union)
	tmp := filepath.Join(t.staging, ManifestName+".both")
	if err := os.WriteFile(tmp, []byte(strings.Join(slices.Compact(union), "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(t.dir, ManifestName)); err != nil {
		return err
	}
	entries, err := os.ReadDir(t.staging)
	if err != nil {
		return err
	}
	staged := map[string]bool{}
	for _, e := range entries {
		staged[e.Name()] = true
		if e.Name() == ManifestName {
			continue // last, once every file it lists is in place
		}
		if err := swap(filepath.Join(t.staging, e.Name()), filepath.Join(t.dir, e.Name()), lexists(filepath.Join(t.dir, e.Name()))); err != nil {
			return err
		}
	}
	olds, err := os.ReadDir(t.dir)
	if err != nil {
		return err
	}
	for _, e := range olds {
		if name := e.Name(); !staged[name] && !reserved(name) {
			if err := os.Rename(filepath.Join(t.dir, name), filepath.Join(t.staging, name)); err != nil {
				return err
			}
		}
	}
	return os.Rename(filepath.Join(t.staging, ManifestName), filepath.Join(t.dir, ManifestName))
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
