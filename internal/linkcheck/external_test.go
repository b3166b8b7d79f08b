package linkcheck

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/site"
)

func TestExternal(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond) // let requests overlap
		switch r.URL.Path {
		case "/ok":
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	var links []content.Link
	for i, path := range []string{"/ok", "/no-head", "/gone", "/slow", "/ok#section"} {
		links = append(links, content.Link{URL: srv.URL + path, Pos: diag.Pos{Line: 10 + i, Col: 1}})
	}
	for i := range 20 { // many distinct links, to see the concurrency bound
		links = append(links, content.Link{URL: srv.URL + "/ok?n=" + strings.Repeat("x", i+1), Pos: diag.Pos{Line: 30 + i, Col: 1}})
	}
	p := &site.Project{Project: &content.Project{Path: "content/projects/a.md", Link: srv.URL + "/gone", LinkPos: diag.Pos{Line: 7, Col: 7}, Links: links}}
	start := time.Now()
	l := External(context.Background(), &site.Site{Projects: []*site.Project{p}}, ExternalOptions{Concurrency: 4, Timeout: 300 * time.Millisecond})
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		"content/projects/a.md:7:7: external link " + srv.URL + "/gone: the server answers 404 Not Found",
		"content/projects/a.md:12:1: external link " + srv.URL + "/gone: the server answers 404 Not Found",
		"content/projects/a.md:13:1: external link " + srv.URL + "/slow: no answer (context deadline exceeded)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := most.Load(); m > 4 {
		t.Errorf("%d requests at once, want at most 4", m)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %v: the timeout did not bound the slow link", d)
	}
}
