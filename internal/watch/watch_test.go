package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestChanges(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name   string
		before func(t *testing.T, dir string) // before watching starts
		act    func(t *testing.T, dir string)
		want   []string // the one delivery, relative to dir
	}{{
		name:   "plain write",
		before: func(t *testing.T, dir string) { write(t, dir+"/x.md", "a") },
		act:    func(t *testing.T, dir string) { write(t, dir+"/x.md", "b") },
		want:   []string{"x.md"},
	}, {
		name: "create",
		act:  func(t *testing.T, dir string) { write(t, dir+"/docs/new.md", "a") },
		want: []string{"docs", "docs/new.md"},
	}, {
		name:   "atomic save through x.md.tmp",
		before: func(t *testing.T, dir string) { write(t, dir+"/x.md", "a") },
		act: func(t *testing.T, dir string) {
			write(t, dir+"/x.md.tmp", "b")
			rename(t, dir+"/x.md.tmp", dir+"/x.md")
		},
		want: []string{"x.md"},
	}, {
		name:   "atomic save through .x.md.swp",
		before: func(t *testing.T, dir string) { write(t, dir+"/x.md", "a") },
		act: func(t *testing.T, dir string) {
			write(t, dir+"/.x.md.swp", "b")
			rename(t, dir+"/.x.md.swp", dir+"/x.md")
		},
		want: []string{"x.md"},
	}, {
		name:   "vim save",
		before: func(t *testing.T, dir string) { write(t, dir+"/x.md", "a") },
		act: func(t *testing.T, dir string) {
			write(t, dir+"/4913", "")
			remove(t, dir+"/4913")
			rename(t, dir+"/x.md", dir+"/x.md~")
			write(t, dir+"/x.md", "b")
			remove(t, dir+"/x.md~")
		},
		want: []string{"x.md"},
	}, {
		name:   "delete",
		before: func(t *testing.T, dir string) { write(t, dir+"/x.md", "a") },
		act:    func(t *testing.T, dir string) { remove(t, dir+"/x.md") },
		want:   []string{"x.md"},
	}, {
		name:   "rename",
		before: func(t *testing.T, dir string) { write(t, dir+"/a.md", "a") },
		act:    func(t *testing.T, dir string) { rename(t, dir+"/a.md", dir+"/b.md") },
		want:   []string{"a.md", "b.md"},
	}, {
		name:   "rename out",
		before: func(t *testing.T, dir string) { write(t, dir+"/a.md", "a") },
		act: func(t *testing.T, dir string) {
			rename(t, dir+"/a.md", filepath.Join(outside, filepath.Base(dir)+".md"))
		},
		want: []string{"a.md"},
	}, {
		name: "rename in",
		act: func(t *testing.T, dir string) {
			from := filepath.Join(outside, filepath.Base(dir)+".in")
			write(t, from, "a")
			rename(t, from, dir+"/in.md")
		},
		want: []string{"in.md"},
	}, {
		name: "nested new folder written at once",
		act:  func(t *testing.T, dir string) { write(t, dir+"/a/b/c/f.md", "a") },
		want: []string{"a", "a/b", "a/b/c", "a/b/c/f.md"},
	}, {
		name: "folder renamed in with its files",
		act: func(t *testing.T, dir string) {
			from := filepath.Join(outside, filepath.Base(dir)+".dir")
			write(t, from+"/sub/x.md", "a")
			rename(t, from, dir+"/moved")
		},
		want: []string{"moved", "moved/sub", "moved/sub/x.md"},
	}, {
		name:   "removed folder",
		before: func(t *testing.T, dir string) { write(t, dir+"/sub/deep/x.md", "a") },
		act:    func(t *testing.T, dir string) { remove(t, dir+"/sub") },
		want:   []string{"sub", "sub/deep", "sub/deep/x.md"},
	}, {
		name:   "hidden file that is not an editor's",
		before: func(t *testing.T, dir string) { write(t, dir+"/.git/HEAD", "a") },
		act: func(t *testing.T, dir string) {
			write(t, dir+"/.git/HEAD", "b")
			write(t, dir+"/.htaccess", "a")
		},
		want: []string{".htaccess"},
	}, {
		name: "links are reported, not followed",
		before: func(t *testing.T, dir string) {
			if err := os.Symlink("..", dir+"/loop"); err != nil {
				t.Fatal(err)
			}
		},
		act: func(t *testing.T, dir string) {
			if err := os.Symlink(dir, dir+"/loop2"); err != nil {
				t.Fatal(err)
			}
		},
		want: []string{"loop2"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.before != nil {
				tt.before(t, dir)
			}
			_, got := run(t, Options{Dirs: []string{dir}})
			tt.act(t, dir)
			expectOne(t, got, abs(dir, tt.want...))
		})
	}
}

func TestNewFolderIsWatched(t *testing.T) {
	dir := t.TempDir()
	w, got := run(t, Options{Dirs: []string{dir}})
	write(t, dir+"/a/b/c/f.md", "a")
	collect(t, got, abs(dir, "a/b/c/f.md"))
	write(t, dir+"/a/b/c/g.md", "a")
	expectOne(t, got, abs(dir, "a/b/c/g.md"))

	// A renamed folder is watched under its new name only.
	rename(t, dir+"/a", dir+"/z")
	collect(t, got, abs(dir, "a", "z"))
	write(t, dir+"/z/b/c/h.md", "a")
	expectOne(t, got, abs(dir, "z/b/c/h.md"))

	// A removed folder's watches are dropped.
	remove(t, dir+"/z")
	collect(t, got, abs(dir, "z"))
	for _, p := range w.fsw.WatchList() {
		if strings.HasPrefix(p, dir+"/z") {
			t.Errorf("still watching %s after it was removed", p)
		}
	}
}

// TestFolderCreatedLater watches folders that do not exist yet, as a
// preview watches content/ or static/ before a site has them: each is
// watched from the moment it appears, and again when it is made anew,
// while the files beside it are not.
func TestFolderCreatedLater(t *testing.T) {
	dir := t.TempDir()
	content, static := filepath.Join(dir, "content"), filepath.Join(dir, "static")
	write(t, static+"/CNAME", "a")
	_, got := run(t, Options{Dirs: []string{content, static}})

	write(t, dir+"/README.md", "a")
	write(t, dir+"/public/index.html", "a")
	write(t, content+"/projects/x.md", "a")
	expectOne(t, got, abs(dir, "content", "content/projects", "content/projects/x.md"))
	write(t, content+"/projects/y.md", "a")
	expectOne(t, got, abs(dir, "content/projects/y.md"))

	// Removed, then made anew by a rename: watched again.
	for _, root := range []string{content, static} {
		remove(t, root)
		collect(t, got, []string{root})
		write(t, dir+"/elsewhere/sub/z.md", "a")
		rename(t, dir+"/elsewhere", root)
		collect(t, got, []string{root, root + "/sub", root + "/sub/z.md"})
		write(t, root+"/sub/w.md", "a")
		expectOne(t, got, []string{root + "/sub/w.md"})
	}
}

func TestBurst(t *testing.T) {
	dir := t.TempDir()
	_, got := run(t, Options{Dirs: []string{dir}, Quiet: 100 * time.Millisecond, MaxWait: 10 * time.Second})
	var want []string
	for i := range 200 {
		name := fmt.Sprintf("p%03d.md", i)
		write(t, filepath.Join(dir, name), "a")
		want = append(want, name)
	}
	expectOne(t, got, abs(dir, want...))
}

func TestMaxWait(t *testing.T) {
	dir := t.TempDir()
	_, got := run(t, Options{Dirs: []string{dir}, Quiet: 200 * time.Millisecond, MaxWait: 300 * time.Millisecond})
	begin := time.Now()
	stop := time.After(2 * time.Second)
	var first time.Duration
	for i := 0; first == 0; i++ {
		select {
		case <-got:
			first = time.Since(begin)
		case <-stop:
			t.Fatal("no delivery within 2s although MaxWait is 300ms")
		case <-time.After(20 * time.Millisecond): // never quiet for 200ms
			write(t, filepath.Join(dir, fmt.Sprintf("p%d.md", i)), "a")
		}
	}
	t.Logf("first delivery after %v of steady writes", first)
}

func TestIgnoredOnly(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/.git/HEAD", "a")
	write(t, dir+"/public/index.html", "a")
	ignore := func(path string) bool { return path == filepath.Join(dir, "public") }
	_, got := run(t, Options{Dirs: []string{dir}, Ignore: ignore})
	for _, name := range []string{
		"x.md.swp", ".x.md.swx", "x.swo", "x.md~", ".#x.md", "#x.md#", "4913", "x.tmp",
		".DS_Store", "x.crdownload", ".x.md.kate-swp", "x.md___jb_tmp___", "x.md___jb_old___",
		".git/HEAD", ".git/objects/ab/cdef", ".cache/x.md", "public/index.html", "public/new/x.html",
	} {
		write(t, filepath.Join(dir, name), "b")
	}
	remove(t, dir+"/.cache")
	remove(t, dir+"/x.tmp")
	expectNone(t, got, 500*time.Millisecond)
}

// TestKeepHidden watches the hidden folders KeepHidden keeps, as a site's
// static/.well-known, whether they exist at start or are made later, and
// still ignores the others.
func TestKeepHidden(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/a/.well-known/security.txt", "a")
	write(t, dir+"/.git/HEAD", "a")
	keep := func(path string) bool { return filepath.Base(path) == ".well-known" }
	_, got := run(t, Options{Dirs: []string{dir}, KeepHidden: keep})
	write(t, dir+"/.git/HEAD", "b")
	write(t, dir+"/a/.well-known/security.txt", "b")
	expectOne(t, got, abs(dir, "a/.well-known/security.txt"))
	write(t, dir+"/b/.well-known/x/y.txt", "a")
	write(t, dir+"/b/.cache/z.txt", "a")
	expectOne(t, got, abs(dir, "b", "b/.well-known", "b/.well-known/x", "b/.well-known/x/y.txt"))
	write(t, dir+"/b/.well-known/x/y.txt", "b")
	expectOne(t, got, abs(dir, "b/.well-known/x/y.txt"))
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.yaml")
	write(t, site, "a")
	_, got := run(t, Options{Files: []string{site}})
	write(t, dir+"/other.yaml", "a")
	write(t, dir+"/tmp1234", "b")
	rename(t, dir+"/tmp1234", site)
	expectOne(t, got, []string{site})

	// The watch outlives the file it replaced.
	write(t, dir+"/tmp5678", "c")
	rename(t, dir+"/tmp5678", site)
	expectOne(t, got, []string{site})
}

func TestOverflow(t *testing.T) {
	dir, etc := t.TempDir(), t.TempDir()
	site := filepath.Join(etc, "site.yaml")
	errs := make(chan error, 10)
	w, got := run(t, Options{Dirs: []string{dir}, Files: []string{site}, OnError: func(err error) { errs <- err }})
	w.fsw.Errors <- fsnotify.ErrEventOverflow
	expectOne(t, got, []string{dir, site})
	select {
	case err := <-errs:
		if !errors.Is(err, fsnotify.ErrEventOverflow) {
			t.Errorf("OnError got %v, want an overflow", err)
		}
	default:
		t.Error("OnError was not called before the delivery")
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/file", "a")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"folder in missing folder", Options{Dirs: []string{dir + "/nope/content"}}, "no such file or directory"},
		{"file as folder", Options{Dirs: []string{dir + "/file"}}, "is not a folder"},
		{"file in missing folder", Options{Files: []string{dir + "/nope/site.yaml"}}, "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := New(tt.opts)
			if err == nil {
				w.Close()
				t.Fatalf("New succeeded, want an error with %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: got %q, want it to contain %q", err, tt.want)
			}
			if rerr := Run(t.Context(), tt.opts, func([]string) {}); rerr == nil || rerr.Error() != err.Error() {
				t.Errorf("Run: got %v, want %q as from New", rerr, err)
			}
		})
	}
}

func TestShutdown(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	w, err := New(Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []string, 10)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(paths []string) { got <- paths }) }()
	write(t, dir+"/x.md", "a")
	collect(t, got, abs(dir, "x.md"))
	write(t, dir+"/y.md", "a") // pending when ctx ends

	cancel()
	begin := time.Now()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(timeout):
		t.Fatalf("Run still running %v after ctx ended", timeout)
	}
	t.Logf("Run returned %v after ctx ended", time.Since(begin))
	for deadline := time.Now().Add(timeout); runtime.NumGoroutine() > base; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after Run returned, %d before", runtime.NumGoroutine(), base)
		}
	}
}
