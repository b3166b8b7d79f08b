package browser

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portfolio/internal/build"
	"portfolio/internal/render"
)

const (
	chromiumPath = "/usr/bin/chromium"
	axePath      = "node_modules/axe-core/axe.min.js" // installed by npm ci --prefix internal/browser
	requiredEnv  = "PORTFOLIO_BROWSER_TESTS"          // "1": a missing browser or axe-core fails the tests
)

// asOf is the fixed build date, so that statuses and lists do not move.
var asOf = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// suite is what all tests share: the site built once, its server and one
// browser. Starting Chromium costs seconds on a small machine, so it is
// started once per test binary, on first use, and stopped by TestMain.
type suite struct {
	once    sync.Once
	missing string // why the tests cannot run here, or ""
	err     error  // setting up failed

	res     build.Result
	srv     *httptest.Server
	base    string // the server's root URL, ending in "/"
	axe     string // axe.min.js
	browser context.Context
	stop    []func() // in the order to call them
}

// shared is the one suite of this test binary.
var shared suite

func TestMain(m *testing.M) {
	code := m.Run()
	shared.close()
	os.Exit(code)
}

// setup returns the shared suite, starting it if needed. It skips the test
// when Chromium or axe-core is missing, or fails it when the environment
// requires the browser tests to run.
func setup(t *testing.T) *suite {
	t.Helper()
	s := &shared
	s.once.Do(s.start)
	if s.missing != "" {
		if os.Getenv(requiredEnv) == "1" {
			t.Fatalf("%s, and %s=1 requires the browser tests to run", s.missing, requiredEnv)
		}
		t.Skipf("skipping the browser tests: %s (set %s=1 to make this a failure)", s.missing, requiredEnv)
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s
}

func (s *suite) start() {
	if _, err := os.Stat(chromiumPath); err != nil {
		s.missing = fmt.Sprintf("no Chromium at %s (apt-get install chromium)", chromiumPath)
		return
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		s.missing = fmt.Sprintf("no axe-core at internal/browser/%s (npm ci --prefix internal/browser)", axePath)
		return
	}
	s.axe = string(axe)
	if s.err = s.serve(); s.err != nil {
		return
	}
	s.err = s.startBrowser()
}

// serve builds the site for the address it will be served from, then
// serves it.
func (s *suite) serve() error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.base = "http://" + l.Addr().String() + "/"
	s.res = build.Run(os.DirFS("../.."), build.Options{AsOf: asOf, BaseURL: s.base})
	if s.res.Diags.HasErrors() {
		l.Close()
		return fmt.Errorf("building the site: %v", s.res.Diags.Err())
	}
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: siteHandler(s.res.Files)}}
	s.srv.Start()
	s.stop = append(s.stop, s.srv.Close)
	return nil
}

// startBrowser starts Chromium. chromedp gives it a fresh --user-data-dir
// in the temporary folder and removes it when the browser stops.
func (s *suite) startBrowser() error {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	// The first run starts the browser and ties it to this context, so it
	// has no time limit; the tests' tabs have theirs.
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		return fmt.Errorf("starting %s: %w", chromiumPath, err)
	}
	s.browser = browser
	s.stop = append([]func(){func() {
		if err := chromedp.Cancel(browser); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(os.Stderr, "stopping the browser: %v\n", err)
		}
		cancelBrowser()
		cancelAlloc()
	}}, s.stop...)
	return nil
}

// close stops the browser, then the server.
func (s *suite) close() {
	for _, f := range s.stop {
		f()
	}
}

// url returns the address of the site path p, e.g. "/projects/".
func (s *suite) url(p string) string { return s.base + strings.TrimPrefix(p, "/") }

// siteHandler serves the built files as a static host would: a path ending
// in "/" is its index.html, and a missing file is 404.html with status 404.
func siteHandler(files []render.File) http.Handler {
	byPath := make(map[string][]byte, len(files))
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		status := http.StatusOK
		body, ok := byPath[name]
		if !ok {
			name, status, body = "404.html", http.StatusNotFound, byPath["404.html"]
		}
		h := w.Header()
		h.Set("Content-Type", contentType(name))
		h.Set("X-Content-Type-Options", "nosniff") // a wrong type fails the load, as on a strict host
		w.WriteHeader(status)
		_, _ = w.Write(body) // a failed write means the browser left
	})
}

// contentType gives the types a host should send, independent of the
// machine's mime.types.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".csv":
		return "text/csv; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
