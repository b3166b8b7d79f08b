package preview

import (
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// serve runs srv.Serve on a fresh 127.0.0.1 listener and returns its base
// URL, a client, and a function that cancels Serve's context and returns
// what Serve returned.
func serve(t *testing.T, srv *Server) (string, *http.Client, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(wait):
			t.Fatal("Serve did not return after its context was cancelled")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return "http://" + ln.Addr().String(), &http.Client{Transport: tr, Timeout: wait}, stop
}

func TestServeStopsWithStreamOpen(t *testing.T) {
	baseline := runtime.NumGoroutine()
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>x</body>")}, Reload)
	base, c, stop := serve(t, srv)

	if res := do(t, c, "GET", base+"/"); res.status != 200 {
		t.Fatalf("GET / = %d", res.status)
	}
	s := connect(t, c, base+"/_preview/events", nil)
	began := time.Now()
	if err := stop(); err != nil {
		t.Errorf("Serve = %v, want nil after a clean shutdown", err)
	}
	if d := time.Since(began); d >= srv.limits.shutdownGrace {
		t.Errorf("Serve took %v to return with a stream open: it waited out the grace for requests", d)
	}
	select { // the stream was ended by the server, not by the client
	case _, ok := <-s.events:
		for ok {
			_, ok = <-s.events
		}
	case <-time.After(wait):
		t.Fatal("event stream still open after Serve returned")
	}
	c.Transport.(*http.Transport).CloseIdleConnections()
	waitGoroutines(t, baseline)
}

func TestServeLetsInFlightRequestsFinish(t *testing.T) {
	big := strings.Repeat("x", 16<<20) // far more than socket buffers hold
	srv := New()
	srv.Publish(Snapshot{Files: site("big.txt", big)}, Reload)
	base, c, stop := serve(t, srv)

	res, err := c.Get(base + "/big.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	body, err := io.ReadAll(res.Body)
	if err != nil || len(body) != len(big) {
		t.Errorf("read %d of %d bytes (%v) across the shutdown", len(body), len(big), err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}

func TestServeReturnsListenerError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := New().Serve(t.Context(), ln); err == nil {
		t.Error("Serve on a closed listener = nil, want an error")
	}
}

func TestServeSetsTimeouts(t *testing.T) {
	l := defaultLimits()
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": l.readHeader, "ReadTimeout": l.read, "WriteTimeout": l.write, "IdleTimeout": l.idle} {
		if d <= 0 || d > time.Minute+time.Second {
			t.Errorf("%s = %v, want a few seconds", name, d)
		}
	}
}

func TestStreamOutlivesServerTimeouts(t *testing.T) {
	srv := New()
	srv.limits.read = 50 * time.Millisecond
	srv.limits.write = 50 * time.Millisecond
	srv.limits.keepalive = 20 * time.Millisecond
	base, c, stop := serve(t, srv)
	defer stop()
	s := connect(t, c, base+"/_preview/events", nil)

	// Ten keepalives span 200ms, four times both timeouts.
	for n := 0; n < 10; {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream ended after %d keepalives", n)
			}
			if ev.comment == "keepalive" {
				n++
			}
		case <-time.After(wait):
			t.Fatal("no keepalive")
		}
	}
	srv.Publish(Snapshot{Files: site("index.html", "<body>y</body>")}, Reload)
	if ev := s.next(t); ev.name != "reload" {
		t.Errorf("event = %+v, want reload", ev)
	}
	if res := do(t, c, "GET", base+"/"); !strings.Contains(res.body, "y") {
		t.Errorf("GET / = %q", res.body)
	}
}
