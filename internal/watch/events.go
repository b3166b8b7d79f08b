package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// handle applies one event to the watches and adds the paths it changed to
// b. It reports whether the event counts, that is, was not ignored.
func (w *Watcher) handle(ev fsnotify.Event, b *burst) bool {
	name := filepath.Clean(ev.Name)
	if w.files[name] {
		b.add(name)
		return true
	}
	root, ok := w.rootOf(name)
	if !ok || w.ignored(root, name) {
		return false // another file beside a watched one, or an editor's file
	}
	var info fs.FileInfo // of what was created; nil if already gone
	if ev.Has(fsnotify.Create) {
		// Lstat, not Stat: a link to a folder is reported, never followed.
		info, _ = os.Lstat(name)
		if name != root && w.hiddenDir(name) {
			// A hidden name that is gone before we can tell whether it
			// was a folder is ignored until it goes, like a folder.
			if info == nil || info.IsDir() {
				w.hidden[name] = true
				return false
			}
			delete(w.hidden, name)
		}
	}
	gone := ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)
	if w.hidden[name] {
		if gone {
			delete(w.hidden, name)
		}
		return false
	}
	if gone && w.dirs[name] {
		w.dropTree(name)
	}
	if info != nil && info.IsDir() {
		if err := w.addTree(name, b); err != nil && !errors.Is(err, fs.ErrNotExist) {
			b.errs = append(b.errs, err)
		}
	}
	b.add(name)
	return true
}

// failed records a runtime error in b. When events were lost, every root
// and file is added so that the caller rebuilds everything, and the roots
// are walked again to watch the folders whose creation was missed.
func (w *Watcher) failed(err error, b *burst) {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		b.errs = append(b.errs, fmt.Errorf("watch: %w", err))
		return
	}
	b.errs = append(b.errs, fmt.Errorf("watch: events were lost, everything is reported as changed: %w", err))
	for _, root := range w.roots {
		b.add(root)
		if err := w.addTree(root, nil); err != nil && !errors.Is(err, fs.ErrNotExist) {
			b.errs = append(b.errs, err)
		}
	}
	for file := range w.files {
		b.add(file)
	}
}

// addTree watches dir and every folder below it that is not ignored, and
// adds what they hold to b, unless b is nil (in New). A folder is watched
// before it is read, so a file written meanwhile is either read or seen as
// an event. Links are not followed.
func (w *Watcher) addTree(dir string, b *burst) error {
	if err := w.fsw.Add(dir); err != nil {
		return watchError(dir, err)
	}
	w.dirs[dir] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if Ignored(e.Name()) || w.opts.Ignore != nil && w.opts.Ignore(path) {
			continue
		}
		if e.IsDir() {
			if w.hiddenDir(path) {
				w.hidden[path] = true
				continue
			}
			// A sub-folder removed while we walk is no reason to stop.
			if err := w.addTree(path, b); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if b != nil {
			b.add(path)
		}
	}
	return nil
}

// dropTree removes the watches of dir, removed or renamed away, and of the
// folders below it. The kernel drops the watches of a removed folder by
// itself, but a renamed folder keeps them under its new name, where they
// would report stale paths until the new name's Create re-adds them.
func (w *Watcher) dropTree(dir string) {
	for d := range w.dirs {
		if d == dir || within(d, dir) {
			// An error only means the kernel already dropped the watch.
			_ = w.fsw.Remove(d)
			delete(w.dirs, d)
		}
	}
	for d := range w.hidden {
		if within(d, dir) {
			delete(w.hidden, d)
		}
	}
}

// rootOf returns the innermost root folder that is or holds name.
func (w *Watcher) rootOf(name string) (string, bool) {
	best := ""
	for _, r := range w.roots {
		if (name == r || within(name, r)) && len(r) > len(best) {
			best = r
		}
	}
	return best, best != ""
}

// ignored reports whether name, below root, is an editor's file, is inside
// a hidden folder, or is rejected by Options.Ignore.
func (w *Watcher) ignored(root, name string) bool {
	if name == root {
		return false
	}
	rel := strings.TrimPrefix(name[len(root):], string(filepath.Separator))
	parts := strings.Split(rel, string(filepath.Separator))
	dir := root
	for _, p := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, p)
		if w.hiddenDir(dir) {
			return true
		}
	}
	if Ignored(parts[len(parts)-1]) {
		return true
	}
	return w.opts.Ignore != nil && w.opts.Ignore(name)
}

// hiddenDir reports whether the folder path is hidden and not kept by
// Options.KeepHidden.
func (w *Watcher) hiddenDir(path string) bool {
	return hidden(filepath.Base(path)) && (w.opts.KeepHidden == nil || !w.opts.KeepHidden(path))
}

// within reports whether path is strictly below dir.
func within(path, dir string) bool {
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(path, dir)
}
