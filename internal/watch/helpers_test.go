package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const (
	timeout = 5 * time.Second        // generous, for a loaded 2-core machine
	settle  = 300 * time.Millisecond // wait this long to be sure no other delivery follows
)

// run starts a Watcher on opts and returns its deliveries. The Watcher is
// ready (its watches are set up) when run returns; Run is stopped, and
// must return, when the test ends.
func run(t *testing.T, opts Options) (*Watcher, <-chan []string) {
	t.Helper()
	w, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := make(chan []string, 1000)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(paths []string) { got <- paths }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(timeout):
			t.Errorf("Run still running %v after ctx ended", timeout)
		}
	})
	return w, got
}

// collect gathers deliveries until every path of want has been delivered,
// then waits until none has come for settle. It returns the deliveries.
func collect(t *testing.T, got <-chan []string, want []string) [][]string {
	t.Helper()
	var all [][]string
	seen := map[string]bool{}
	missing := func() []string {
		var m []string
		for _, p := range want {
			if !seen[p] {
				m = append(m, p)
			}
		}
		return m
	}
	deadline := time.After(timeout)
	for len(missing()) > 0 {
		select {
		case paths := <-got:
			all = append(all, paths)
			for _, p := range paths {
				seen[p] = true
			}
		case <-deadline:
			t.Fatalf("after %v, never delivered %q; got %q", timeout, missing(), all)
		}
	}
	for {
		select {
		case paths := <-got:
			all = append(all, paths)
		case <-time.After(settle):
			return all
		}
	}
}

// expectOne checks that exactly one delivery, of exactly want, follows.
func expectOne(t *testing.T, got <-chan []string, want []string) {
	t.Helper()
	all := collect(t, got, want)
	if len(all) != 1 || !slices.Equal(all[0], want) {
		t.Errorf("got deliveries %q, want one: %q", all, want)
	}
}

// expectNone checks that nothing is delivered for d.
func expectNone(t *testing.T, got <-chan []string, d time.Duration) {
	t.Helper()
	select {
	case paths := <-got:
		t.Errorf("got delivery %q, want none", paths)
	case <-time.After(d):
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
}

// abs joins every path of rel to dir, sorted like a delivery.
func abs(dir string, rel ...string) []string {
	var paths []string
	for _, r := range rel {
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(r)))
	}
	slices.Sort(paths)
	return paths
}
