package preview

import (
	"bytes"
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// testSite has one file of each kind the routing and headers tests look at.
func testSite() map[string][]byte {
	return site(
		"index.html", "<html><body><h1>home</h1></body></html>",
		"about/index.html", "<html><body>about</body></html>",
		"café/index.html", "<html><body>café</body></html>",
		"assets/style.3f9a1c2b.css", "body{color:red}",
		"assets/app.js", "console.log(1)",
		"data/projects.json", `{"a":1}`,
		"data/projects.csv", "a,b\n1,2\n",
		"feed.xml", "<feed/>",
		"logo.svg", "<svg/>",
		"logo.png", "\x89PNG",
		"favicon.ico", "ico",
		"robots.txt", "User-agent: *",
		"site.webmanifest", "{}",
		"raw", "no extension",
		"bare.html", "<p>no body element",
		"upper.html", "<HTML><BODY>x</BODY></HTML>",
		"404.html", "<html><body>not here</body></html>",
	)
}

func TestRouting(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: testSite()}, Reload)
	base, c := start(t, srv)

	tests := []struct {
		method, path string
		status       int
		ctype        string // prefix of Content-Type
		body         string // substring of the body with the tag removed
		location     string
	}{
		{"GET", "/", 200, "text/html", "<h1>home</h1>", ""},
		{"GET", "/index.html", 200, "text/html", "<h1>home</h1>", ""},
		{"GET", "/about/", 200, "text/html", "about", ""},
		{"GET", "/about", 301, "text/plain", "", "/about/"},
		{"GET", "/about?lang=fr", 301, "text/plain", "", "/about/?lang=fr"},
		{"GET", "/caf%C3%A9/", 200, "text/html", "café", ""},
		{"GET", "/caf%C3%A9", 301, "text/plain", "", "/caf%C3%A9/"},
		{"GET", "/assets/style.3f9a1c2b.css", 200, "text/css", "body{color:red}", ""},
		{"GET", "/assets/app.js", 200, "text/javascript", "console.log(1)", ""},
		{"GET", "/data/projects.json", 200, "application/json", `{"a":1}`, ""},
		{"GET", "/data/projects.csv", 200, "text/csv", "a,b", ""},
		{"GET", "/feed.xml", 200, "application/xml", "<feed/>", ""},
		{"GET", "/logo.svg", 200, "image/svg+xml", "<svg/>", ""},
		{"GET", "/logo.png", 200, "image/png", "PNG", ""},
		{"GET", "/favicon.ico", 200, "image/vnd.microsoft.icon", "ico", ""},
		{"GET", "/robots.txt", 200, "text/plain", "User-agent", ""},
		{"GET", "/site.webmanifest", 200, "application/manifest+json", "{}", ""},
		{"GET", "/raw", 200, "application/octet-stream", "no extension", ""},
		{"GET", "/missing", 404, "text/html", "not here", ""},
		{"GET", "/assets/missing.css", 404, "text/html", "not here", ""},
		{"GET", "/about/index.html/", 404, "text/html", "not here", ""},
		{"GET", "/../etc/passwd", 400, "text/plain", "bad path", ""},
		{"GET", "/%2e%2e/etc/passwd", 400, "text/plain", "bad path", ""},
		{"GET", "/assets/%2E%2E/%2e%2e/etc/passwd", 400, "text/plain", "bad path", ""},
		{"GET", "/assets/./style.3f9a1c2b.css", 400, "text/plain", "bad path", ""},
		{"GET", "/..%5c..%5cetc%5cpasswd", 400, "text/plain", "bad path", ""},
		{"GET", "/index.html%00.png", 400, "text/plain", "bad path", ""},
		{"GET", "//evil.example/", 400, "text/plain", "bad path", ""},
		{"GET", "/_preview/client.js", 200, "text/javascript", "EventSource", ""},
		{"GET", "/_preview/client.css", 200, "text/css", ".dialog", ""},
		{"GET", "/_preview/nothing", 404, "text/plain", "404 page not found", ""},
		{"POST", "/", 405, "text/plain", "method not allowed", ""},
		{"PUT", "/about/", 405, "text/plain", "method not allowed", ""},
		{"DELETE", "/_preview/events", 405, "text/plain", "method not allowed", ""},
		{"HEAD", "/", 200, "text/html", "", ""},
		{"HEAD", "/missing", 404, "text/html", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := do(t, c, tt.method, base+tt.path)
			if res.status != tt.status {
				t.Errorf("status = %d, want %d (body %q)", res.status, tt.status, res.body)
			}
			if got := res.header.Get("Content-Type"); !strings.HasPrefix(got, tt.ctype) {
				t.Errorf("Content-Type = %q, want %q…", got, tt.ctype)
			}
			if got := res.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if got := res.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if got := res.header.Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if res.status == 405 {
				if got := res.header.Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow = %q, want %q", got, "GET, HEAD")
				}
			}
			page, _, tagged := stripTag(res.body)
			if !strings.Contains(page, tt.body) {
				t.Errorf("body = %q, want it to contain %q", res.body, tt.body)
			}
			if tt.method == "HEAD" {
				if res.body != "" {
					t.Errorf("HEAD body = %q, want none", res.body)
				}
				get := do(t, c, "GET", base+tt.path)
				if got, want := res.header.Get("Content-Length"), get.header.Get("Content-Length"); got != want {
					t.Errorf("HEAD Content-Length = %s, GET's = %s", got, want)
				}
			} else if wantTag := strings.HasPrefix(tt.ctype, "text/html"); tagged != wantTag {
				t.Errorf("injected script present = %v, want %v; body %q", tagged, wantTag, res.body)
			}
		})
	}
}

func TestNotFoundWithout404Page(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>home</body>")}, Reload)
	base, c := start(t, srv)
	res := do(t, c, "GET", base+"/missing")
	if res.status != 404 || res.body != "404 page not found\n" {
		t.Errorf("got %d %q, want 404 with a plain message", res.status, res.body)
	}
	if got := res.header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
}

func TestInjectionLeavesFilesAlone(t *testing.T) {
	files := testSite()
	// Spare capacity would let a careless append write into the snapshot.
	for name, b := range files {
		files[name] = append(make([]byte, 0, len(b)+4096), b...)
	}
	want := make(map[string][]byte, len(files))
	for name, b := range files {
		want[name] = bytes.Clone(b)
	}
	srv := New()
	srv.Publish(Snapshot{Files: files}, Reload)
	base, c := start(t, srv)

	for _, name := range slices.Sorted(maps.Keys(files)) {
		for range 2 {
			res := do(t, c, "GET", base+"/"+name)
			page, _, tagged := stripTag(res.body)
			if isHTML(name) {
				if !tagged {
					t.Fatalf("%s: no injected script in %q", name, res.body)
				}
				if page != string(want[name]) {
					t.Errorf("%s: page without the script = %q, want %q", name, page, want[name])
				}
			} else if res.body != string(want[name]) {
				t.Errorf("%s: body = %q, want the file unchanged %q", name, res.body, want[name])
			}
		}
	}
	if !maps.EqualFunc(files, want, bytes.Equal) {
		t.Error("serving changed the snapshot's Files")
	}
}

func TestInjectPosition(t *testing.T) {
	tag := []byte("<TAG>")
	tests := []struct{ page, want string }{
		{"<body>x</body></html>", "<body>x<TAG></body></html>"},
		{"<BODY>x</BODY >", "<BODY>x<TAG></BODY >"},
		{"<body>a</body><!-- </body> -->", "<body>a</body><!-- <TAG></body> -->"},
		{"<p>no body", "<p>no body<TAG>"},
		{"</bodyguard>", "</bodyguard><TAG>"},
		{"", "<TAG>"},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), tag)); got != tt.want {
			t.Errorf("inject(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

func TestSitePath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"/", "", true},
		{"", "", true},
		{"/a/b/", "a/b/", true},
		{"/a/b.css", "a/b.css", true},
		{"/a..b/c", "a..b/c", true},
		{"/..", "", false},
		{"/a/../b", "", false},
		{"/a/./b", "", false},
		{"/a//b", "", false},
		{"//a", "", false},
		{`/a\b`, "", false},
		{"/a\x00b", "", false},
		{"/a\nb", "", false},
		{"a", "", false},
	}
	for _, tt := range tests {
		got, ok := sitePath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("sitePath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLaterFiles: a file given in Snapshot.Later is made when first asked
// for, once per snapshot, and served like the others; a snapshot with
// errors keeps the last one's; a new one makes it anew.
func TestLaterFiles(t *testing.T) {
	srv := New()
	var made atomic.Int32
	later := func(body string) map[string]func() []byte {
		return map[string]func() []byte{"data/later.json": func() []byte { made.Add(1); return []byte(body) }}
	}
	srv.Publish(Snapshot{Files: testSite(), Later: later(`{"v":1}`)}, Reload)
	base, c := start(t, srv)
	get := func() string {
		t.Helper()
		resp, err := c.Get(base + "/data/later.json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		return string(b)
	}
	if made.Load() != 0 {
		t.Fatal("made before it was asked for")
	}
	if got := get() + get(); got != `{"v":1}{"v":1}` || made.Load() != 1 {
		t.Errorf("got %q after %d makes, want it twice from one", got, made.Load())
	}
	srv.Publish(Snapshot{Errors: []string{"x.md:1:1: broken"}}, Errors)
	if got := get(); got != `{"v":1}` || made.Load() != 1 {
		t.Errorf("after a failed build: %q after %d makes", got, made.Load())
	}
	srv.Publish(Snapshot{Files: testSite(), Later: later(`{"v":2}`)}, Reload)
	if got := get(); got != `{"v":2}` || made.Load() != 2 {
		t.Errorf("after a new build: %q after %d makes", got, made.Load())
	}
}
