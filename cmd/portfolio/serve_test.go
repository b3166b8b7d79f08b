package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/preview"
)

// wait bounds every wait in these tests; nothing sleeps for correctness.
const wait = 15 * time.Second

// syncBuffer is an io.Writer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// preview is a running preview server over a copy of the real site.
type previewRun struct {
	root, base string
	events     chan string
	cancel     context.CancelFunc
	done       chan error
	log        *syncBuffer
}

func startPreview(t *testing.T) *previewRun {
	t.Helper()
	return startPreviewAt(t, copySite(t))
}

// startPreviewAt serves the site at root and subscribes to its events.
func startPreviewAt(t testing.TB, root string) *previewRun {
	t.Helper()
	return startPreviewOn(t, root, "127.0.0.1:0")
}

// startPreviewOn is startPreviewAt listening on the address listen, and
// reached at its first URL (127.0.0.1 for every address).
func startPreviewOn(t testing.TB, root, listen string) *previewRun {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(preview.URLs(ln.Addr(), nil)[0], "/")
	ctx, cancel := context.WithCancel(context.Background())
	p := &previewRun{root: root, base: base, events: make(chan string, 100), cancel: cancel, done: make(chan error, 1), log: &syncBuffer{}}
	go func() {
		p.done <- serve(ctx, ln, serveOptions{root: root, asOf: now, quiet: 50 * time.Millisecond}, p.log)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(wait):
			t.Error("serve did not stop")
		}
	})
	// Subscribe to the events once the first build is served.
	deadline := time.Now().Add(wait)
	for {
		res, err := http.Get(p.base + "/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 || strings.Contains(p.log.String(), "initial build: failed") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("preview never served its first build: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", p.base+"/_preview/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				p.events <- name
			}
		}
	}()
	return p
}

// awaitEvent waits for the next event, which must be named want.
func (p *previewRun) awaitEvent(t testing.TB, want string) {
	t.Helper()
	select {
	case got := <-p.events:
		if got != want {
			t.Fatalf("event %q, want %q\nlog:\n%s", got, want, p.log)
		}
	case <-time.After(wait):
		t.Fatalf("no %q event\nlog:\n%s", want, p.log)
	}
}

// expect waits for one event named want, then checks that no other event
// follows it for a while: one change, one reload.
func (p *previewRun) expect(t *testing.T, want string) {
	t.Helper()
	p.awaitEvent(t, want)
	select {
	case got := <-p.events:
		t.Fatalf("a second event %q after %q; one change must give one event\nlog:\n%s", got, want, p.log)
	case <-time.After(400 * time.Millisecond):
	}
}

// settle waits for one or more events named want, until a second passes
// without one: a burst of writes on a loaded machine may span two of the
// watcher's quiet periods, and so two rebuilds, each of which reloads.
func (p *previewRun) settle(t *testing.T, want string) int {
	t.Helper()
	p.awaitEvent(t, want)
	for n := 1; ; n++ {
		select {
		case got := <-p.events:
			if got != want {
				t.Fatalf("event %q after %d %q, want only %q\nlog:\n%s", got, n, want, want, p.log)
			}
		case <-time.After(time.Second):
			return n
		}
	}
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

var injected = regexp.MustCompile(`<script src="/_preview/client\.js"[^>]*></script>`)

// matchesCleanBuild checks that every file of a clean build of the same
// folder is served with the same bytes (less the injected script), and
// that pages named gone are not served.
func (p *previewRun) matchesCleanBuild(t *testing.T, gone ...string) {
	t.Helper()
	res := build.Run(os.DirFS(p.root), build.Options{AsOf: now, BaseURL: p.base + "/"})
	if res.Diags.HasErrors() {
		t.Fatalf("clean build failed: %v", res.Diags.Err())
	}
	for _, f := range res.Files {
		status, body := get(t, p.base+"/"+f.Path)
		body = injected.ReplaceAll(body, nil)
		if status != 200 || !bytes.Equal(body, f.Data) {
			t.Fatalf("%s: served %d, %d bytes, differs from a clean build (%d bytes)", f.Path, status, len(body), len(f.Data))
		}
	}
	for _, g := range gone {
		if status, _ := get(t, p.base+g); status != 404 {
			t.Errorf("%s: status %d, want 404", g, status)
		}
	}
}

func projectFile(root, slug string) string {
	return filepath.Join(root, "content", "projects", slug+".md")
}

func newProject(title, country string) string {
	return fmt.Sprintf("---\ntitle: %q\nstart: 2025-01\nend: 2027-12\nfunding: [Brazil]\nbudget: 1000\ncountries: [%s]\n---\n\nBody of %s.\n", title, country, title)
}

func TestPreviewFollowsEdits(t *testing.T) {
	p := startPreview(t)
	togo := projectFile(p.root, "togo-public-administration-reform-2009-2010")

	t.Run("atomic save", func(t *testing.T) {
		data, _ := os.ReadFile(togo)
		tmp := togo + ".tmp"
		if err := os.WriteFile(tmp, bytes.Replace(data, []byte("title: "), []byte("title: Saved atomically, "), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, togo); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t)
		if _, body := get(t, p.base+"/projects/togo-public-administration-reform-2009-2010/"); !bytes.Contains(body, []byte("Saved atomically")) {
			t.Error("the saved title is not served")
		}
	})
	t.Run("rename", func(t *testing.T) {
		if err := os.Rename(togo, projectFile(p.root, "togo-reform")); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t, "/projects/togo-public-administration-reform-2009-2010/")
	})
	t.Run("delete", func(t *testing.T) {
		if err := os.Remove(projectFile(p.root, "togo-reform")); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t, "/projects/togo-reform/")
	})
	t.Run("new nested folder", func(t *testing.T) {
		dir := filepath.Join(p.root, "content", "projects", "2025", "africa")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "ghana-data.md"), []byte(newProject("Open data in Ghana", "Ghana")), 0o644); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t)
		if status, _ := get(t, p.base+"/countries/ghana/"); status != 200 {
			t.Errorf("the new project's country page: status %d", status)
		}
	})
	t.Run("burst of 200 writes", func(t *testing.T) {
		for i := range 200 {
			name := projectFile(p.root, fmt.Sprintf("burst-%03d", i))
			if err := os.WriteFile(name, []byte(newProject(fmt.Sprintf("Burst project %d", i), "Kenya")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if n := p.settle(t, "reload"); n > 1 {
			t.Logf("the burst took %d rebuilds", n)
		}
		p.matchesCleanBuild(t)
	})
	t.Run("broken file shows errors and keeps the site", func(t *testing.T) {
		bad := projectFile(p.root, "burst-000")
		if err := os.WriteFile(bad, []byte("---\ntitle: Broken\nstart: 2025-13\nfunding: [Brazil]\ncountries: [Kenya]\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "errors")
		status, body := get(t, p.base+"/projects/burst-000/")
		if status != 200 || !bytes.Contains(body, []byte("Burst project 0")) {
			t.Errorf("the last good page is not served: status %d", status)
		}
		if !bytes.Contains(body, []byte("content/projects/burst-000.md:3:8: start: date")) {
			t.Errorf("the page does not carry the error for the overlay:\n%s", injected.Find(body))
		}
		if err := os.WriteFile(bad, []byte(newProject("Fixed project", "Kenya")), 0o644); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t)
		if _, body := get(t, p.base+"/projects/burst-000/"); !bytes.Contains(body, []byte(`data-errors="[]"`)) {
			t.Error("the errors are still attached after the fix")
		}
	})
	t.Run("stylesheet only", func(t *testing.T) {
		css := filepath.Join(p.root, "assets", "style.css")
		f, err := os.OpenFile(css, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(f, ".added-in-test { color: #000; }")
		f.Close()
		p.expect(t, "css")
		p.matchesCleanBuild(t)
	})
	t.Run("message catalog", func(t *testing.T) {
		cat := filepath.Join(p.root, "translations", "en.yaml")
		data, err := os.ReadFile(cat)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cat, bytes.Replace(data, []byte("title.funders: Funders"), []byte("title.funders: Donors"), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		p.matchesCleanBuild(t)
		if _, body := get(t, p.base+"/funders/"); !bytes.Contains(body, []byte("<h1>Donors</h1>")) {
			t.Error("the edited message is not served")
		}
	})
	t.Run("editor temp files are ignored", func(t *testing.T) {
		for _, name := range []string{".x.md.swp", "x.md~", "4913", ".#x.md"} {
			if err := os.WriteFile(filepath.Join(p.root, "content", "projects", name), []byte("junk"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case ev := <-p.events:
			t.Errorf("event %q for editor temp files", ev)
		case <-time.After(600 * time.Millisecond):
		}
	})
	if !strings.Contains(p.log.String(), "rebuilt in") {
		t.Errorf("no rebuild line in the terminal output:\n%s", p.log)
	}
}

func TestPreviewNeverTouchesPublic(t *testing.T) {
	p := startPreview(t)
	if _, err := os.Stat(filepath.Join(p.root, "public")); !os.IsNotExist(err) {
		t.Errorf("preview wrote public/: %v", err)
	}
}

func TestPreviewShutdown(t *testing.T) {
	p := startPreview(t)
	start := time.Now()
	p.cancel()
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
		p.done <- nil // for the cleanup
	case <-time.After(wait):
		t.Fatal("serve did not stop")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
}

// TestPreviewUnderLoad sends 1,000 requests from 50 concurrent clients
// while a project file flips between two versions and the site rebuilds:
// no request fails, every page served is entirely one version's page, and
// memory stays bounded.
func TestPreviewUnderLoad(t *testing.T) {
	p := startPreview(t)
	file := projectFile(p.root, "igf-brazil-2014-2016")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	versionB := bytes.Replace(orig, []byte("title: "), []byte("title: Version B of "), 1)
	paths := []string{"/", "/projects/igf-brazil-2014-2016/", "/projects/", "/funders/brazil/", "/current/", "/past/"}
	valid := map[string]map[string]bool{}
	for _, content := range [][]byte{orig, versionB} {
		if err := os.WriteFile(file+".tmp", content, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(file+".tmp", file); err != nil {
			t.Fatal(err)
		}
		p.expect(t, "reload")
		res := build.Run(os.DirFS(p.root), build.Options{AsOf: now, BaseURL: p.base + "/"})
		for _, f := range res.Files {
			for _, path := range paths {
				if f.Path == strings.TrimPrefix(path, "/")+"index.html" || (path == "/" && f.Path == "index.html") {
					if valid[path] == nil {
						valid[path] = map[string]bool{}
					}
					valid[path][string(f.Data)] = true
				}
			}
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	stop := make(chan struct{})
	flipped := make(chan int)
	go func() { // flip the file while the clients read
		n := 0
		for {
			select {
			case <-stop:
				flipped <- n
				return
			case <-time.After(80 * time.Millisecond):
			}
			content := orig
			if n%2 == 0 {
				content = versionB
			}
			os.WriteFile(file+".tmp", content, 0o644)
			os.Rename(file+".tmp", file)
			n++
		}
	}()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 50}, Timeout: wait}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	versionsSeen := map[string]int{}
	for w := range 50 {
		wg.Go(func() {
			for i := range 20 {
				// Pacing, not a wait: it spreads the requests over the
				// rebuilds, and no check depends on when one lands (either
				// version of a page is right, a torn one never).
				time.Sleep(time.Duration(20+(w*7+i*13)%40) * time.Millisecond)
				path := paths[(w+i)%len(paths)]
				res, err := client.Get(p.base + path)
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				body = injected.ReplaceAll(body, nil)
				mu.Lock()
				switch {
				case err != nil || res.StatusCode != 200:
					failures = append(failures, fmt.Sprintf("%s: status %d, %v", path, res.StatusCode, err))
				case !valid[path][string(body)]:
					failures = append(failures, path+": a page that is neither version (torn or stale)")
				default:
					versionsSeen[fmt.Sprint(bytes.Contains(body, []byte("Version B")))]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(stop)
	flips := <-flipped
	for len(p.events) > 0 {
		<-p.events
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(failures) > 0 {
		t.Fatalf("%d of 1000 requests failed, first: %s", len(failures), failures[0])
	}
	t.Logf("1000 requests during %d flips; pages seen per version (B?): %v; heap %d → %d KiB", flips, versionsSeen, before.HeapInuse>>10, after.HeapInuse>>10)
	if growth := int64(after.HeapInuse) - int64(before.HeapInuse); growth > 64<<20 {
		t.Errorf("heap grew by %d MiB under load", growth>>20)
	}
}

// TestPreviewBrokenFromTheStart serves a site that does not build: the
// preview says so with the errors attached, and serves the site once fixed.
func TestPreviewBrokenFromTheStart(t *testing.T) {
	root := copySite(t)
	bad := projectFile(root, "togo-public-administration-reform-2009-2010")
	good, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("---\ntitle: Broken\nstart: 2019-13\nfunding: [Brazil]\ncountries: [Togo]\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startPreviewAt(t, root)
	status, body := get(t, p.base+"/projects/anything/")
	if status != 404 || !bytes.Contains(body, []byte("No site yet")) || !bytes.Contains(body, []byte("2019-13")) {
		t.Errorf("status %d, page without the errors:\n%s", status, body)
	}
	if err := os.WriteFile(bad, good, 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	p.matchesCleanBuild(t)
}

// TestPreviewBind serves on a loopback address and on every address (as
// --bind 0.0.0.0 and an empty --bind do): only the latter warns, every
// address advertised is one a browser reaches and the Host check accepts,
// and none is the unspecified address.
func TestPreviewBind(t *testing.T) {
	root := copySite(t)
	tests := []struct {
		listen string
		warn   bool
	}{
		{"127.0.0.1:0", false},
		{"0.0.0.0:0", true},
		{":0", true},
	}
	advertised := regexp.MustCompile(`http://\S+/`)
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			p := startPreviewOn(t, root, tt.listen)
			log := p.log.String()
			if warned := strings.Contains(log, "Warning: listening on every address of this machine, the preview (unpublished changes included) can be read by anyone"); warned != tt.warn {
				t.Errorf("warned: %v, want %v; log:\n%s", warned, tt.warn, log)
			}
			urls := advertised.FindAllString(log, -1)
			if len(urls) == 0 || urls[0] != p.base+"/" {
				t.Fatalf("advertised %q, want %s first; log:\n%s", urls, p.base+"/", log)
			}
			for _, u := range urls {
				if strings.Contains(u, "0.0.0.0") || strings.Contains(u, "[::]") {
					t.Errorf("advertised %s, which no browser reaches", u)
				}
				if status, _ := get(t, u); status != 200 {
					t.Errorf("GET %s: status %d", u, status)
				}
				req, _ := http.NewRequest("GET", u, nil)
				req.Host = "rebound.example"
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 400 {
					t.Errorf("GET %s with Host rebound.example: status %d, want 400", u, res.StatusCode)
				}
			}
			t.Logf("advertised %q", urls)
		})
	}
}

// TestPreviewWatchesFoldersMadeLater starts the preview of a site without
// content/ or static/, then makes them: each is watched from then on.
func TestPreviewWatchesFoldersMadeLater(t *testing.T) {
	root := copySite(t)
	away := filepath.Join(t.TempDir(), "content")
	if err := os.Rename(filepath.Join(root, "content"), away); err != nil {
		t.Fatal(err)
	}
	p := startPreviewAt(t, root)
	if !strings.Contains(p.log.String(), "initial build: failed") {
		t.Fatalf("a site without content/ built:\n%s", p.log)
	}

	if err := os.Rename(away, filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	p.matchesCleanBuild(t)
	// Watched, not only seen made: a file saved in it later counts.
	if err := os.WriteFile(projectFile(p.root, "ghana-data"), []byte(newProject("Open data in Ghana", "Ghana")), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	p.matchesCleanBuild(t)
	if status, _ := get(t, p.base+"/projects/ghana-data/"); status != 200 {
		t.Errorf("the project saved in the new content/: status %d", status)
	}

	static := filepath.Join(root, "static")
	if err := os.MkdirAll(filepath.Join(static, ".well-known"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(static, "CNAME"), []byte("projects.example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	if err := os.WriteFile(filepath.Join(static, "CNAME"), []byte("portfolio.example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	if err := os.WriteFile(filepath.Join(static, ".well-known", "security.txt"), []byte("Contact: mailto:x@example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "reload")
	p.matchesCleanBuild(t)
	for _, want := range []string{"static/CNAME: rebuilt in", "static/.well-known/security.txt: rebuilt in"} {
		if !strings.Contains(p.log.String(), want) {
			t.Errorf("no %q line:\n%s", want, p.log)
		}
	}
}

// TestDescribeEscapesNames: a changed file's name is printed with any
// escape sequence in it escaped, so that it cannot drive the terminal.
func TestDescribeEscapesNames(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "content", "projects", "x\x1b[2Jy.md")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte("---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &previewer{opts: serveOptions{root: root}}
	for _, changed := range [][]string{{name}, {name, name}} {
		if got := p.describe(changed); strings.ContainsRune(got, 0x1b) || !strings.Contains(got, `x\x1b[2Jy.md`) {
			t.Errorf("describe(%d files) = %q; want the escape written out", len(changed), got)
		}
	}
}
