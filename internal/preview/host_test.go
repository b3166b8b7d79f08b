package preview

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestHostCheck sends requests whose Host header names this server in
// every way a browser may, and names of other sites: a DNS-rebinding page
// sends its own name, and must not read the preview.
func TestHostCheck(t *testing.T) {
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>draft</body>")}, Reload)
	base, c := start(t, srv)
	port := base[strings.LastIndexByte(base, ':')+1:]
	tests := []struct {
		host   string
		status int
	}{
		{"127.0.0.1:" + port, 200},
		{"127.0.0.1", 200},
		{"localhost:" + port, 200},
		{"localhost", 200},
		{"LocalHost:" + port, 200},
		{"localhost:8080", 200}, // a forwarded port
		{"127.1.2.3:" + port, 200},
		{"[::1]:" + port, 200},
		{"[::ffff:127.0.0.1]:" + port, 200},
		{"evil.example:" + port, 400},
		{"evil.example", 400},
		{"localhost.evil.example:" + port, 400},
		{"127.0.0.1.nip.io:" + port, 400},
		{"mylaptop:" + port, 400},
		{"192.0.2.7:" + port, 400}, // an address this connection did not reach
		{"[2001:db8::1]:" + port, 400},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			for _, path := range []string{"/", "/_preview/client.js"} {
				req, err := http.NewRequest("GET", base+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Host = tt.host
				res, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != tt.status {
					t.Errorf("GET %s with Host %q: status %d, want %d", path, tt.host, res.StatusCode, tt.status)
				}
			}
		})
	}
	// The event stream is refused too, before it starts.
	req, _ := http.NewRequest("GET", base+"/_preview/events", nil)
	req.Host = "evil.example"
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Errorf("events with a foreign Host: status %d, want 400", res.StatusCode)
	}
}

// TestHostCheckWithoutConnection checks that a request with no connection
// address (the Server mounted where none is recorded) is served only to
// localhost and loopback addresses.
func TestHostCheckWithoutConnection(t *testing.T) {
	for host, want := range map[string]bool{"localhost:1313": true, "127.0.0.1:1313": true, "192.0.2.7:1313": false, "": false} {
		r := &http.Request{Host: host}
		r = r.WithContext(context.Background())
		if got := ownHost(r); got != want {
			t.Errorf("ownHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestHostCheckOnEveryAddress serves on every address and reaches the
// server at the machine's own non-loopback addresses, as another machine
// would: each is accepted as the Host it is reached at.
func TestHostCheckOnEveryAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New()
	srv.Publish(Snapshot{Files: site("index.html", "<body>draft</body>")}, Reload)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	ifaces, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	urls := URLs(ln.Addr(), ifaces)
	if len(urls) < 2 {
		t.Skipf("this machine has no non-loopback address to test with (%v)", ifaces)
	}
	c := &http.Client{Timeout: wait}
	for _, u := range urls {
		if res := do(t, c, "GET", u); res.status != 200 || !strings.Contains(res.body, "draft") {
			t.Errorf("GET %s: status %d", u, res.status)
		}
		req, _ := http.NewRequest("GET", u, nil)
		req.Host = "evil.example"
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("GET %s with Host evil.example: status %d, want 400", u, res.StatusCode)
		}
	}
}

// addr is a net.Addr as net.InterfaceAddrs and listeners give them.
type addr string

func (a addr) Network() string { return "ip+net" }
func (a addr) String() string  { return string(a) }

func TestURLs(t *testing.T) {
	ifaces := []net.Addr{addr("127.0.0.1/8"), addr("::1/128"), addr("192.0.2.2/24"), addr("fd00::2/64"),
		addr("fe80::fc:ff:fe00:1/64"), addr("169.254.3.4/16"), addr("198.51.100.9/24"), addr("192.0.2.2/24")}
	tests := []struct {
		listen  string
		want    []string
		exposed bool
	}{
		{"127.0.0.1:1313", []string{"http://127.0.0.1:1313/"}, false},
		{"[::1]:1313", []string{"http://[::1]:1313/"}, false},
		{"0.0.0.0:1313", []string{"http://127.0.0.1:1313/", "http://192.0.2.2:1313/", "http://198.51.100.9:1313/"}, true},
		{"[::]:1313", []string{"http://127.0.0.1:1313/", "http://192.0.2.2:1313/", "http://[fd00::2]:1313/", "http://198.51.100.9:1313/"}, true},
		{"192.0.2.2:8080", []string{"http://192.0.2.2:8080/"}, true},
		{"[fd00::2]:8080", []string{"http://[fd00::2]:8080/"}, true},
	}
	for _, tt := range tests {
		if got := URLs(addr(tt.listen), ifaces); !slices.Equal(got, tt.want) {
			t.Errorf("URLs(%s) = %q, want %q", tt.listen, got, tt.want)
		}
		if got := Exposed(addr(tt.listen)); got != tt.exposed {
			t.Errorf("Exposed(%s) = %v, want %v", tt.listen, got, tt.exposed)
		}
	}
}
