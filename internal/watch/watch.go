// Package watch tells a caller which files changed under a set of folders,
// so that a preview server can rebuild when content is edited.
//
// It is a leaf: it knows nothing about sites, only folders, files and
// events (the shape of gostatic's watcher). The contract:
//
//   - Every folder in Options.Dirs is watched recursively, including
//     sub-folders created later. A folder that appears while running is
//     watched at once, and the files it already holds when its creation is
//     handled are reported too, since they may have been written before the
//     watch was in place. The watches of a removed or renamed folder are
//     dropped. A folder of Options.Dirs need not exist yet: its parent
//     folder is watched (non-recursively, filtered by name, as for
//     Options.Files), so the folder is watched, and delivered, from the
//     moment it appears, and again if it is removed and made anew.
//     Symbolic links are reported as paths but never followed, so a link
//     loop cannot hang the watcher.
//   - Every file in Options.Files is watched through its parent folder,
//     non-recursively, and filtered by name, so an atomic save (write a
//     temporary file, rename it over the original) is seen. The file itself
//     need not exist yet; its folder must.
//   - Ignored, never causing a delivery: editor temporary and backup files
//     (the names listed at Ignored), anything inside a hidden folder (a name
//     starting with "."; .git among them) that Options.KeepHidden does not
//     keep, and whatever Options.Ignore rejects. Hidden files that are not
//     editor files (.htaccess) count.
//   - Changes are debounced: a burst is delivered once no event has arrived
//     for Options.Quiet (100ms by default), or Options.MaxWait (2s by
//     default) after its first event if events keep coming, so a git
//     checkout rewriting hundreds of files is one delivery, or a few.
//   - A delivery is the sorted, de-duplicated list of the absolute, clean
//     paths created, written, removed, renamed (both names) or chmod-ed in
//     the burst; chmod counts so that "touch" forces a rebuild. A folder in
//     the list means everything under it may have changed: a removed or
//     renamed-away folder is delivered only as itself.
//   - When the kernel drops events (its queue overflowed), the delivery
//     holds every watched root folder and file: the caller should rebuild
//     everything. Runtime errors (that overflow, or a new folder that cannot
//     be watched) go to Options.OnError just before the delivery they belong
//     to; the package prints nothing.
//
// New sets up every watch before it returns, so a caller, or a test, may
// change files as soon as it holds a Watcher and those changes are seen.
// Run delivers until its context is done, from one goroutine, and leaves
// no goroutine behind when it returns. The package-level Run combines both.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults for the zero values of Options.Quiet and Options.MaxWait.
const (
	DefaultQuiet   = 100 * time.Millisecond
	DefaultMaxWait = 2 * time.Second
)

// Options configure a Watcher.
type Options struct {
	Dirs    []string               // folders watched recursively, including sub-folders created later; each may appear later, its parent must exist
	Files   []string               // single files (e.g. site.yaml), watched through their parent folder
	Quiet   time.Duration          // deliver once no event has arrived for this long; DefaultQuiet if zero
	MaxWait time.Duration          // deliver at the latest this long after a burst's first event; DefaultMaxWait if zero
	Ignore  func(path string) bool // extra filter on absolute paths, asked about folders too; the defaults always apply
	// KeepHidden, asked with the absolute path of a hidden folder, keeps
	// it watched like any other (a site's static/.well-known); nil keeps none.
	KeepHidden func(path string) bool
	OnError    func(err error) // runtime errors, on onChange's goroutine just before their delivery; nil drops them (an overflow is still delivered)
}

// A Watcher holds the watches set up by New; Run delivers their events.
type Watcher struct {
	fsw     *fsnotify.Watcher
	opts    Options
	roots   []string        // absolute Dirs
	files   map[string]bool // absolute Files
	dirs    map[string]bool // every watched folder under a root; owned by Run after New
	hidden  map[string]bool // hidden folders seen under a root, so their removal is ignored too
	closing sync.Once
	closed  error
}

// New sets up watches on every folder of opts.Dirs (recursively) and on the
// parent folder of every folder of opts.Dirs and file of opts.Files, and
// returns once they are all in place. It fails if a parent folder is
// missing, if a path of opts.Dirs is not a folder, or if the system's
// limit on watches is reached; the error then says how to raise it.
func New(opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		if errors.Is(err, syscall.EMFILE) {
			return nil, fmt.Errorf("watch: %w (too many inotify instances; raise fs.inotify.max_user_instances, e.g. sudo sysctl fs.inotify.max_user_instances=1024)", err)
		}
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{
		fsw:    fsw,
		opts:   opts,
		files:  make(map[string]bool),
		dirs:   make(map[string]bool),
		hidden: make(map[string]bool),
	}
	if err := w.setup(); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// setup adds the watches of New.
func (w *Watcher) setup() error {
	for _, d := range w.opts.Dirs {
		dir, err := filepath.Abs(d)
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		// The parent first, so that a folder made meanwhile is seen.
		if err := w.addParent(dir, d); err != nil {
			return err
		}
		w.roots = append(w.roots, dir)
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // watched once it appears
		}
		if _, err := folder(d); err != nil {
			return err
		}
		if err := w.addTree(dir, nil); err != nil {
			return err
		}
	}
	for _, f := range w.opts.Files {
		file, err := filepath.Abs(f)
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		if err := w.addParent(file, f); err != nil {
			return err
		}
		w.files[file] = true
	}
	return nil
}

// addParent watches the folder holding path (absolute; given as name),
// which must exist.
func (w *Watcher) addParent(path, name string) error {
	dir, err := folder(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("watch %s: %w", name, err)
	}
	if err := w.fsw.Add(dir); err != nil {
		return watchError(dir, err)
	}
	return nil
}

// folder returns the absolute form of dir after checking that it is a folder.
func folder(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("watch: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("watch: %w", err)
	}
	if !info.IsDir() {
		return "", fmt.Errorf("watch: %s is not a folder", dir)
	}
	return abs, nil
}

// watchError wraps an error from adding the watch on dir, with advice when
// the cause is the system's limit on inotify watches.
func watchError(dir string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("watch %s: %w (too many folders for the inotify watch limit; raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288)", dir, err)
	}
	return fmt.Errorf("watch %s: %w", dir, err)
}

// Close removes every watch and frees the Watcher. Run calls it when it
// returns; calling it again, or from another goroutine to stop Run, is safe.
func (w *Watcher) Close() error {
	w.closing.Do(func() { w.closed = w.fsw.Close() })
	return w.closed
}

// Run watches opts until ctx is done, calling onChange (from one goroutine,
// never concurrently) with the sorted, de-duplicated paths of each
// debounced burst. It returns nil when ctx ends, or an error if the watches
// cannot be set up (see New).
func Run(ctx context.Context, opts Options, onChange func(paths []string)) error {
	w, err := New(opts)
	if err != nil {
		return err
	}
	return w.Run(ctx, onChange)
}

// batch is one delivery: the errors first, then the paths.
type batch struct {
	paths []string
	errs  []error
}

// Run delivers debounced changes to onChange until ctx is done or Close is
// called, then closes the Watcher and returns nil; it is meant to be called
// once. onChange and Options.OnError run on one goroutine, never
// concurrently, and while they run new events are gathered into the next
// delivery. Run returns within a few milliseconds of ctx ending, but not
// before a call to onChange in progress has returned.
func (w *Watcher) Run(ctx context.Context, onChange func(paths []string)) error {
	defer w.Close()

	batches := make(chan batch)
	idle := make(chan struct{}, 1) // at most one batch is out at a time
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := range batches {
			if w.opts.OnError != nil {
				for _, err := range b.errs {
					w.opts.OnError(err)
				}
			}
			if len(b.paths) > 0 {
				onChange(b.paths)
			}
			idle <- struct{}{}
		}
	})
	defer wg.Wait()
	defer close(batches)

	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	defer quiet.Stop()
	latest := time.NewTimer(time.Hour)
	latest.Stop()
	defer latest.Stop()

	var (
		next = newBurst()
		due  bool // the burst's quiet or maximum wait is over
		busy bool // a batch is being delivered
	)
	// wait restarts the quiet period, and the maximum wait if the burst is new.
	wait := func(fresh bool) {
		if fresh {
			latest.Reset(w.opts.MaxWait)
		}
		quiet.Reset(w.opts.Quiet)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			fresh := next.empty()
			if w.handle(ev, next) {
				wait(fresh)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			wait(next.empty())
			w.failed(err, next)
		case <-quiet.C:
			due = true
		case <-latest.C:
			due = true
		case <-idle:
			busy = false
		}
		if due && !busy && !next.empty() {
			quiet.Stop()
			latest.Stop()
			batches <- batch{paths: slices.Sorted(maps.Keys(next.paths)), errs: next.errs}
			next, due, busy = newBurst(), false, true
		}
	}
}

// burst gathers the paths and errors of one delivery.
type burst struct {
	paths map[string]struct{}
	errs  []error
}

func newBurst() *burst { return &burst{paths: make(map[string]struct{})} }

func (b *burst) add(path string) { b.paths[path] = struct{}{} }

func (b *burst) empty() bool { return len(b.paths) == 0 && len(b.errs) == 0 }
