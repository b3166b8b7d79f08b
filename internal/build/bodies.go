package build

// A build that never holds every project's body at once. The command's
// build reads the front matter of every file first (content's
// WithoutBodies), and converts each body only when it renders the
// project's page, at most a few hundred projects ahead of the open-data
// downloads and in the order they list them: the downloads, streamed at
// the same time, take each project's text as soon as it is ready, and once
// the page and every download have it, its HTML, text and sections are let
// go. Summaries, links and search words, which other pages and the link
// check read, are small and stay.
//
// It is used only with the repository's own layouts (render's
// KnownLayouts), which show a project's body on its own page and nowhere
// else; a site's own layouts may show any project's body on any page, so
// with them every body is converted while the files are read, as a build
// with a cache does.

import (
	"bytes"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/par"
	"portfolio/internal/render"
	"portfolio/internal/site"
)

// aheadOfDownloads bounds how far the pages may run ahead of the slowest
// download, and so how many converted bodies are held at once (tests
// lower it through Options.window).
const aheadOfDownloads = 256

// bodies is one build's pass over its projects' bodies.
type bodies struct {
	fsys   fs.FS
	parser *content.Parser
	ps     []*site.Project // in the downloads' order (export.Order)
	window int             // how far pages may run ahead of the slowest download

	mu      sync.Mutex
	moved   sync.Cond      // any of the below changed
	ready   []bool         // the body is converted (or failed to be)
	paged   []bool         // the page is rendered
	streams map[string]int // a download's path → its index in passed
	passed  []int          // per download: how many projects it is done with
	low     int            // the least of passed
	stopped bool           // a page worker failed: the others stop
	closed  bool           // no body will be converted any more
}

// newBodies prepares the pass over s's projects for the downloads at
// paths, each of which will wait on its own gate, with the pages at most
// window projects ahead of the slowest.
func newBodies(fsys fs.FS, parser *content.Parser, s *site.Site, paths []string, window int) *bodies {
	b := &bodies{fsys: fsys, parser: parser, ps: export.Order(s), window: window, streams: map[string]int{}}
	b.moved.L = &b.mu
	b.ready = make([]bool, len(b.ps))
	b.paged = make([]bool, len(b.ps))
	for i, path := range paths {
		b.streams[path] = i
	}
	b.passed = make([]int, len(paths))
	if len(paths) == 0 {
		b.low = len(b.ps)
	}
	return b
}

// pages converts every project's body and renders its page ahead (run),
// on every core, and returns what converting the bodies reported.
func (b *bodies) pages(run *render.Run) diag.List {
	defer b.close()
	diags := make([]diag.List, len(b.ps))
	var next atomic.Int64
	par.Do(runtime.GOMAXPROCS(0), func(int) {
		ok := false
		defer func() {
			if !ok { // panicking: let the other workers stop, so that Do returns
				b.stop()
			}
		}()
		var buf bytes.Buffer
		for i := int(next.Add(1) - 1); i < len(b.ps) && b.admit(i); i = int(next.Add(1) - 1) {
			diags[i] = b.parser.ConvertBody(b.fsys, b.ps[i].Project)
			b.set(b.ready, i)
			run.Project(&buf, b.ps[i])
			b.set(b.paged, i)
		}
		ok = true
	})
	var l diag.List
	for _, d := range diags {
		l = append(l, d...)
	}
	return l
}

// admit waits until project i is within window of the slowest download,
// and reports whether to go on.
func (b *bodies) admit(i int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i >= b.low+b.window && !b.stopped {
		b.moved.Wait()
	}
	return !b.stopped
}

// set marks project i in marks (ready or paged), letting its body go if
// that was the last use of it.
func (b *bodies) set(marks []bool, i int) {
	b.mu.Lock()
	marks[i] = true
	b.release(i)
	b.moved.Broadcast()
	b.mu.Unlock()
}

// release lets project i's HTML, text and sections go once its page is
// rendered and every download is past it: nothing else shows them.
func (b *bodies) release(i int) {
	if b.paged[i] && i < b.low {
		b.ps[i].Body, b.ps[i].Text, b.ps[i].Sections = "", "", nil
	}
}

// passes records that the download k is done with its first n projects.
func (b *bodies) passes(k, n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.passed[k] = max(b.passed[k], n)
	low := len(b.ps)
	for _, n := range b.passed {
		low = min(low, n)
	}
	old := b.low
	b.low = low
	for i := old; i < low; i++ {
		b.release(i)
	}
	b.moved.Broadcast()
}

// finished records that the download at path is done, whether or not it
// got through every project.
func (b *bodies) finished(path string) {
	if k, ok := b.streams[path]; ok {
		b.passes(k, len(b.ps))
	}
}

// finishAll records that every download is done.
func (b *bodies) finishAll() {
	for path := range b.streams {
		b.finished(path)
	}
}

// stop tells the page workers to take no more projects: one of them failed.
func (b *bodies) stop() {
	b.mu.Lock()
	b.stopped = true
	b.moved.Broadcast()
	b.mu.Unlock()
}

// close lets the downloads go on without waiting for bodies: called once
// no page worker is left (or none started), so that nothing writes a
// project any more.
func (b *bodies) close() {
	b.mu.Lock()
	b.closed = true
	b.moved.Broadcast()
	b.mu.Unlock()
}

// gate returns the download at path's export.Gate.
func (b *bodies) gate(path string) export.Gate {
	return gate{b, b.streams[path], path}
}

// gate holds one download back until each project's body is ready.
type gate struct {
	b    *bodies
	k    int // the download's index in passed
	path string
}

func (g gate) Wait(i int) {
	b := g.b
	b.mu.Lock()
	if i < b.passed[g.k] {
		b.mu.Unlock()
		panic(fmt.Sprintf("%s is written again, from project %d after %d: its bodies may be gone; a Stream must call write once", g.path, i, b.passed[g.k]))
	}
	for !b.ready[i] && !b.closed {
		b.moved.Wait()
	}
	b.mu.Unlock()
}

func (g gate) Done(i int) { g.b.passes(g.k, i+1) }

// convertAll converts the bodies of ps that a WithoutBodies parser left,
// on every core, and returns what it reports: for the projects no page
// shows (drafts left out), and for every project when the build has failed
// before rendering, so that one run still reports every problem.
// Unless keep, what no page shows is let go at once.
func convertAll(fsys fs.FS, parser *content.Parser, ps []*content.Project, keep bool) diag.List {
	diags := make([]diag.List, len(ps))
	var next atomic.Int64
	par.Do(runtime.GOMAXPROCS(0), func(int) {
		for i := int(next.Add(1) - 1); i < len(ps); i = int(next.Add(1) - 1) {
			diags[i] = parser.ConvertBody(fsys, ps[i])
			if !keep {
				ps[i].Body, ps[i].Text, ps[i].Sections = "", "", nil
			}
		}
	})
	var l diag.List
	for _, d := range diags {
		l = append(l, d...)
	}
	return l
}
