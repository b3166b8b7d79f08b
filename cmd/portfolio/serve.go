package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/preview"
	"portfolio/internal/watch"
)

func cmdServe(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's folder, holding content/, layouts/, assets/, translations/ and site.yaml")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on; any but a loopback address lets other machines read the preview")
	port := fs.Int("port", 1313, "the port to listen on")
	asOf := fs.String("as-of", "", "the build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
	drafts := fs.Bool("drafts", false, "include projects marked draft: true")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: portfolio serve [flags]\n\nBuilds the site in memory, serves it, and rebuilds when content/, layouts/,\nassets/, translations/, static/ or site.yaml change; the browser reloads\nwhen the new site is ready, and shows build errors over the last good site.\npublic/ is never touched. Stop with Ctrl-C.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	date, err := asOfDate(*asOf, now)
	if err != nil {
		fmt.Fprintf(stderr, "portfolio serve: %v\n", err)
		return 2
	}
	addr := net.JoinHostPort(*bind, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "portfolio serve: %s is already in use; stop what is using it or choose another port with --port\n", addr)
		} else {
			fmt.Fprintf(stderr, "portfolio serve: %v\n", err)
		}
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, ln, serveOptions{root: *root, asOf: date, drafts: *drafts}, stdout); err != nil {
		fmt.Fprintf(stderr, "portfolio serve: %v\n", err)
		return 1
	}
	return 0
}

// serveOptions say what to preview.
type serveOptions struct {
	root   string
	asOf   time.Time
	drafts bool
	quiet  time.Duration // the watcher's debounce; 0 for its default
}

// previewer rebuilds the site in memory and hands it to the preview server.
type previewer struct {
	opts    serveOptions
	srv     *preview.Server
	out     io.Writer
	baseURL string
	cache   *build.Cache      // parsed files and rendered pages, kept between rebuilds
	sums    map[string]uint64 // the last build's downloads, joined when asked for (export.Download.Sum)
	files   map[string][]byte // the last good build's files
	tidy    tidier            // collects garbage between rebuilds
}

// serve previews the site at opts.root on ln until ctx is done.
func serve(ctx context.Context, ln net.Listener, opts serveOptions, out io.Writer) error {
	root, err := filepath.Abs(opts.root)
	if err != nil {
		return err
	}
	opts.root = root
	ifaces, _ := net.InterfaceAddrs() // without them, only 127.0.0.1 is advertised
	urls := preview.URLs(ln.Addr(), ifaces)
	if urls == nil {
		urls = []string{"http://" + ln.Addr().String() + "/"}
	}
	p := &previewer{opts: opts, srv: preview.New(), out: out, baseURL: urls[0], cache: build.NewCache(time.Now)}

	// Watch before the first build, so that nothing saved meanwhile is
	// missed; a folder the site does not have yet is watched once made.
	var dirs []string
	for _, d := range sourceDirs {
		dirs = append(dirs, filepath.Join(root, d))
	}
	w, err := watch.New(watch.Options{
		Dirs: dirs, Files: []string{filepath.Join(root, "site.yaml")}, Quiet: opts.quiet,
		// static/ is copied as it is, .well-known/ and all.
		KeepHidden: func(path string) bool {
			return strings.HasPrefix(path, filepath.Join(root, "static")+string(filepath.Separator))
		},
		OnError: func(err error) { fmt.Fprintf(out, "watch: %s\n", diag.Printable(err.Error())) },
	})
	if err != nil {
		ln.Close()
		return err
	}
	p.rebuild(nil)
	fmt.Fprintf(out, "Serving %s at %s (as of %s). Press Ctrl-C to stop.\n", root, urls[0], opts.asOf.Format("2006-01-02"))
	if preview.Exposed(ln.Addr()) {
		warnExposed(out, ln.Addr(), urls, opts.drafts)
	}

	errc := make(chan error, 2)
	go func() { errc <- p.srv.Serve(ctx, ln) }()
	go func() { errc <- w.Run(ctx, p.rebuild) }()
	var first error
	for range 2 {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	fmt.Fprintln(out, "Stopped.")
	return first
}

// sourceDirs are the folders of a site that serve watches, whether or not
// they exist when it starts.
var sourceDirs = []string{"content", "layouts", "assets", "translations", "static"}

// warnExposed says that a preview listening on addr, reached at urls, can
// be read from other machines.
func warnExposed(out io.Writer, addr net.Addr, urls []string, drafts bool) {
	if others := urls[1:]; len(others) > 0 {
		fmt.Fprintf(out, "From other machines: %s\n", strings.Join(others, " "))
	}
	what := "unpublished changes"
	if drafts {
		what += " and drafts"
	}
	where := "every address of this machine"
	if at, err := netip.ParseAddrPort(addr.String()); err == nil && !at.Addr().IsUnspecified() {
		where = at.Addr().Unmap().String()
	}
	fmt.Fprintf(out, "Warning: listening on %s, the preview (%s included) can be read by anyone who can reach this machine over the network; without --bind it listens on 127.0.0.1, for this machine only.\n", where, what)
}

// rebuild builds the site anew and publishes it; changed lists the source
// paths that caused it (nil for the first build).
func (p *previewer) rebuild(changed []string) {
	p.tidy.begin()
	defer p.tidy.end()
	start := time.Now()
	// The downloads are joined when first asked for; their sums tell
	// whether they may have changed.
	var mu sync.Mutex
	later := map[string]func() []byte{}
	sums := map[string]uint64{}
	res := build.Run(os.DirFS(p.opts.root), build.Options{AsOf: p.opts.asOf, Drafts: p.opts.drafts, BaseURL: p.baseURL,
		Cache: p.cache, Stream: func(d export.Download) {
			mu.Lock()
			defer mu.Unlock()
			later[d.Path] = func() []byte {
				var b bytes.Buffer
				d.Write(&b) // bytes from the cache: no error but the buffer's
				return b.Bytes()
			}
			sums[d.Path] = d.Sum
		}})
	took := time.Since(start).Round(time.Millisecond)
	what := p.describe(changed)
	errs := res.Diags.Count(diag.Error)
	if errs > 0 {
		var lines []string
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				lines = append(lines, d.String())
			}
		}
		snap := preview.Snapshot{Files: nil, Errors: lines} // keep serving the last good site
		status := "still serving the last good site"
		if p.files == nil {
			// Nothing has built yet: serve a page that says so, which the
			// overlay then covers with the errors.
			page := []byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No site yet</title></head>" +
				"<body><h1>No site yet</h1><p>The site has not built yet; the errors are listed over this page, and it reloads by itself once they are fixed.</p></body></html>")
			snap.Files = map[string][]byte{"index.html": page, "404.html": page}
			status = "no site to serve until they are fixed"
		}
		p.srv.Publish(snap, preview.Errors)
		fmt.Fprintf(p.out, "%s: failed in %v with %s; %s\n", what, took, plural(errs, "error"), status)
		for _, l := range lines {
			fmt.Fprintf(p.out, "  %s\n", l)
		}
		return
	}
	files := make(map[string][]byte, len(res.Files))
	written := 0
	for _, f := range res.Files {
		files[f.Path] = f.Data
		if old, ok := p.files[f.Path]; !ok || string(old) != string(f.Data) {
			written++
		}
	}
	for path, sum := range sums {
		if old, ok := p.sums[path]; !ok || old != sum {
			written++
		}
	}
	removed := 0
	for path := range p.files {
		if _, ok := files[path]; !ok {
			removed++
		}
	}
	for path := range p.sums {
		if _, ok := sums[path]; !ok {
			removed++
		}
	}
	kind := preview.Reload
	if cssOnly(changed) && p.files != nil {
		kind = preview.CSS
	}
	p.files, p.sums = files, sums
	p.srv.Publish(preview.Snapshot{Files: files, Later: later}, kind)
	if changed != nil {
		fmt.Fprintf(p.out, "%s: rebuilt in %v, %d of %d files changed, %d removed, %s\n",
			what, took, written, len(files)+len(later), removed, plural(res.Diags.Count(diag.Warning), "warning"))
	}
}

// describe names what changed: "content/projects/x.md" or "3 files (a, b, …)".
func (p *previewer) describe(changed []string) string {
	if changed == nil {
		return "initial build"
	}
	var rel []string
	for _, c := range changed {
		if _, err := os.Stat(c); err != nil && !sourceExt[filepath.Ext(c)] {
			continue // a temporary file that came and went during the save
		}
		r, err := filepath.Rel(p.opts.root, c)
		if err != nil {
			r = c
		}
		rel = append(rel, diag.Printable(filepath.ToSlash(r))) // a name may hold an escape sequence
	}
	if len(rel) == 0 {
		return "a save"
	}
	if len(rel) == 1 {
		return rel[0]
	}
	shown := rel[:min(3, len(rel))]
	more := ""
	if len(rel) > len(shown) {
		more = ", …"
	}
	return fmt.Sprintf("%d files (%s%s)", len(rel), strings.Join(shown, ", "), more)
}

// sourceExt are the extensions of files the site is built from; a deleted
// file with another extension was an editor's or tool's temporary file.
var sourceExt = map[string]bool{".md": true, ".html": true, ".css": true, ".js": true, ".svg": true, ".yaml": true, ".png": true, ".ico": true}

// cssOnly reports whether every changed path is a stylesheet, so browsers
// can swap stylesheets instead of reloading.
func cssOnly(changed []string) bool {
	return len(changed) > 0 && !slices.ContainsFunc(changed, func(c string) bool {
		return filepath.Ext(c) != ".css"
	})
}
