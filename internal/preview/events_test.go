package preview

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestReloadArrivesAfterNewContent(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>old</body>")}, Reload)
	base, c := start(t, srv)
	s := connect(t, c, base+"/_preview/events", nil)

	srv.Publish(Snapshot{Files: site("index.html", "<body>new</body>")}, Reload)
	ev := s.next(t)
	if ev.name != "reload" || ev.id != srv.current.Load().version {
		t.Fatalf("event = %+v, want reload with id %s", ev, srv.current.Load().version)
	}
	if res := do(t, c, "GET", base+"/"); !strings.Contains(res.body, "new") {
		t.Errorf("GET / after the reload event = %q, want the new page", res.body)
	}
	// The next event belongs to the next Publish: there was exactly one reload.
	srv.Publish(Snapshot{Files: site("index.html", "<body>new</body>", "a.1234abcd.css", "")}, CSS)
	if ev := s.next(t); ev.name != "css" {
		t.Errorf("event after the second Publish = %+v, want css", ev)
	}
}

func TestEveryClientGetsOneEventPerPublish(t *testing.T) {
	srv := New()
	base, c := start(t, srv)
	streams := make([]*stream, 5)
	for i := range streams {
		streams[i] = connect(t, c, base+"/_preview/events", nil)
	}
	kinds := []Change{Reload, CSS, Reload, Errors, Reload}
	var versions []string
	for _, kind := range kinds {
		snap := Snapshot{Files: site("index.html", "x")}
		if kind == Errors {
			snap = Snapshot{Errors: []string{"a.md:1:1: bad"}}
		}
		srv.Publish(snap, kind)
		versions = append(versions, srv.current.Load().version)
	}
	for i, s := range streams {
		for j, kind := range kinds {
			if ev := s.next(t); ev.name != kind.String() || ev.id != versions[j] {
				t.Errorf("client %d, event %d = %s %s, want %s %s", i, j, ev.name, ev.id, kind, versions[j])
			}
		}
	}
}

func TestCSSEventNamesNewStylesheets(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "x", "assets/style.3f9a1c2b.css", "a{}")}, Reload)
	base, c := start(t, srv)
	s := connect(t, c, base+"/_preview/events", nil)

	srv.Publish(Snapshot{Files: site(
		"index.html", "x",
		"assets/style.9d8e7f6a.css", "b{}",
		"assets/print.0a1b2c3d.css", "c{}",
		"assets/app.js", "",
	)}, CSS)
	ev := s.next(t)
	var data struct{ Stylesheets []string }
	if err := json.Unmarshal([]byte(ev.data), &data); ev.name != "css" || err != nil {
		t.Fatalf("event = %+v (%v), want css with JSON data", ev, err)
	}
	want := []string{"/assets/print.0a1b2c3d.css", "/assets/style.9d8e7f6a.css"}
	if !slices.Equal(data.Stylesheets, want) {
		t.Errorf("stylesheets = %q, want %q", data.Stylesheets, want)
	}
}

func TestErrorsKeepFilesUntilNextReload(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>good</body>", "404.html", "<body>gone</body>")}, Reload)
	base, c := start(t, srv)
	s := connect(t, c, base+"/_preview/events", nil)

	errs := []string{`content/a.md:3:7: unknown country "Bangaldesh"; did you mean "Bangladesh"?`, "content/b.md:1:1: <b> & \"quotes\""}
	srv.Publish(Snapshot{Errors: errs}, Errors)
	ev := s.next(t)
	var data struct{ Errors []string }
	if err := json.Unmarshal([]byte(ev.data), &data); ev.name != "errors" || err != nil {
		t.Fatalf("event = %+v (%v), want errors with JSON data", ev, err)
	}
	if !slices.Equal(data.Errors, errs) {
		t.Errorf("event errors = %q, want %q", data.Errors, errs)
	}
	for _, path := range []string{"/", "/missing"} {
		res := do(t, c, "GET", base+path)
		page, got, ok := stripTag(res.body)
		if !ok || !slices.Equal(got, errs) {
			t.Errorf("GET %s: overlay errors = %q (tag found %v), want %q", path, got, ok, errs)
		}
		if !strings.Contains(page, "good") && !strings.Contains(page, "gone") {
			t.Errorf("GET %s = %q, want the previous site", path, page)
		}
	}

	srv.Publish(Snapshot{Files: site("index.html", "<body>fixed</body>")}, Reload)
	if ev := s.next(t); ev.name != "reload" {
		t.Fatalf("event = %+v, want reload", ev)
	}
	page, got, ok := stripTag(do(t, c, "GET", base+"/").body)
	if !ok || len(got) != 0 || !strings.Contains(page, "fixed") {
		t.Errorf("after the fix: page %q with errors %q, want the new page and none", page, got)
	}
}

func TestErrorsWinOverKind(t *testing.T) {
	srv := New()
	base, c := start(t, srv)
	s := connect(t, c, base+"/_preview/events", nil)
	srv.Publish(Snapshot{Files: site("index.html", "x"), Errors: []string{"a:1:1: e"}}, Reload)
	if ev := s.next(t); ev.name != "errors" {
		t.Errorf("event = %+v, want errors", ev)
	}
}

func TestStaleClientIsToldToReload(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>x</body>")}, Reload)
	base, c := start(t, srv)
	current := srv.current.Load().version

	tests := []struct {
		name   string
		query  string
		header http.Header
		reload bool
	}{
		{"current version", "?v=$current", nil, false},
		{"no version", "", nil, false},
		{"missed a publish", "?v=" + srv.instance + "-0", nil, true},
		{"restarted server", "?v=0123456789ab-1", nil, true},
		{"reconnect after a missed publish", "?v=$current", http.Header{"Last-Event-Id": {"0123456789ab-7"}}, true},
		{"reconnect, nothing missed", "?v=stale", http.Header{"Last-Event-Id": {"$current"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// $current stands for the version current when the case runs.
			header := http.Header{}
			for k, v := range tt.header {
				header.Set(k, strings.ReplaceAll(v[0], "$current", current))
			}
			s := connect(t, c, base+"/_preview/events"+strings.ReplaceAll(tt.query, "$current", current), header)
			if tt.reload {
				if ev := s.next(t); ev.name != "reload" || ev.id != current {
					t.Fatalf("first event = %+v, want reload %s", ev, current)
				}
			}
			// Whatever came first, the next event is the next Publish's.
			srv.Publish(Snapshot{Files: site("index.html", "<body>x</body>", "a.css", "")}, CSS)
			current = srv.current.Load().version
			if ev := s.next(t); ev.name != "css" || ev.id != current {
				t.Errorf("event = %+v, want css %s", ev, current)
			}
		})
	}
}

func TestNoReloadBeforeFirstPublish(t *testing.T) {
	srv := New()
	base, c := start(t, srv)
	// A page of the previous server process reconnects to a new one that
	// has nothing to serve yet: it waits for the first snapshot.
	s := connect(t, c, base+"/_preview/events", http.Header{"Last-Event-Id": {"0123456789ab-4"}})
	srv.Publish(Snapshot{Files: site("index.html", "x")}, Reload)
	if ev := s.next(t); ev.name != "reload" || ev.id != srv.current.Load().version {
		t.Errorf("event = %+v, want the first Publish's reload", ev)
	}
}

func TestVersionInjectedMatchesEvents(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>x</body>")}, Reload)
	base, c := start(t, srv)
	m := tagRE.FindStringSubmatch(do(t, c, "GET", base+"/").body)
	if m == nil || m[1] != srv.current.Load().version {
		t.Fatalf("injected version = %q, want %q", m, srv.current.Load().version)
	}
}

// blockingWriter is a ResponseWriter whose writes wait until release is
// closed, standing in for a browser that stopped reading.
type blockingWriter struct {
	header  http.Header
	release chan struct{}
	frames  chan string
}

func (w *blockingWriter) Header() http.Header { return w.header }
func (w *blockingWriter) WriteHeader(int)     {}
func (w *blockingWriter) Flush()              {}
func (w *blockingWriter) Write(p []byte) (int, error) {
	w.frames <- string(p)
	<-w.release
	return len(p), nil
}

func TestSlowClientDoesNotBlockPublish(t *testing.T) {
	srv := New()
	w := &blockingWriter{header: http.Header{}, release: make(chan struct{}), frames: make(chan string, 100)}
	req, _ := http.NewRequest("GET", "http://localhost/_preview/events", nil)
	ctx, cancel := context.WithCancel(t.Context())
	req = req.WithContext(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { srv.ServeHTTP(w, req) })
	defer wg.Wait()
	defer cancel()
	var once sync.Once
	unblock := func() { once.Do(func() { close(w.release) }) }
	defer unblock() // a failing test must not leave the handler stuck in Write
	if got := <-w.frames; !strings.HasPrefix(got, ": preview") {
		t.Fatalf("first write = %q, want the opening comment", got)
	}

	published := make(chan struct{})
	go func() {
		defer close(published)
		for range 3 * eventBuffer {
			srv.Publish(Snapshot{Files: site("index.html", "x")}, Reload)
		}
	}()
	select {
	case <-published:
	case <-time.After(wait):
		t.Fatal("Publish blocked on a client that does not read")
	}

	// Once the browser reads again it gets what fitted in its buffer and then
	// one reload for the current version, which makes up for the rest.
	unblock()
	last := srv.current.Load().version
	for n := 0; ; n++ {
		select {
		case frame := <-w.frames:
			if n > eventBuffer+2 {
				t.Fatalf("%d frames after the stall; the buffer should bound them", n)
			}
			if strings.Contains(frame, "id: "+last+"\n") {
				if !strings.Contains(frame, "event: reload\n") {
					t.Errorf("last frame = %q, want a reload", frame)
				}
				return
			}
		case <-time.After(wait):
			t.Fatal("no reload for the current version")
		}
	}
}

func TestTooManyStreams(t *testing.T) {
	srv := New()
	srv.limits.maxClients = 2
	base, c := start(t, srv)
	connect(t, c, base+"/_preview/events", nil)
	second := connect(t, c, base+"/_preview/events", nil)
	if res := do(t, c, "GET", base+"/_preview/events"); res.status != http.StatusServiceUnavailable {
		t.Errorf("third stream: status %d, want 503", res.status)
	}
	second.cancel()
	deadline := time.Now().Add(wait)
	for { // the server notices the closed stream on its own schedule
		srv.mu.Lock()
		n := len(srv.clients)
		srv.mu.Unlock()
		if n < 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("closed stream still subscribed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	connect(t, c, base+"/_preview/events", nil)
}
