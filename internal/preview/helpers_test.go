package preview

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// wait bounds every wait in these tests; nothing should take near this long.
const wait = 5 * time.Second

// start serves srv over real HTTP for the length of the test and returns its
// base URL and a client that does not follow redirects.
func start(t *testing.T, srv *Server) (string, *http.Client) {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	t.Cleanup(tr.CloseIdleConnections)
	return ts.URL, &http.Client{
		Transport:     tr,
		Timeout:       wait,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// response is what a test looks at in an HTTP response.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends one request and reads the whole response.
func do(t *testing.T, c *http.Client, method, url string) response {
	t.Helper()
	res, err := fetch(c, method, url)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fetch is do for goroutines other than the test's, which may not call
// t.Fatal.
func fetch(c *http.Client, method, url string) (response, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return response{}, err
	}
	res, err := c.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading body: %w", method, url, err)
	}
	return response{res.StatusCode, res.Header, string(body)}, nil
}

// tagRE matches the injected script tag.
var tagRE = regexp.MustCompile(`<script src="/_preview/client\.js" data-version="([^"]*)" data-errors="([^"]*)"></script>`)

// stripTag returns body without the injected tag, and the errors the tag
// carried; ok is false when there was not exactly one tag.
func stripTag(body string) (page string, errs []string, ok bool) {
	m := tagRE.FindAllStringSubmatchIndex(body, -1)
	if len(m) != 1 {
		return body, nil, false
	}
	raw := html.UnescapeString(body[m[0][4]:m[0][5]])
	if err := json.Unmarshal([]byte(raw), &errs); err != nil {
		return body, nil, false
	}
	return body[:m[0][0]] + body[m[0][1]:], errs, true
}

// event is one Server-Sent Event, or a comment when name is "".
type event struct {
	id, name, data, comment string
}

// stream is an open connection to the events endpoint.
type stream struct {
	events chan event // closed when the stream ends
	cancel context.CancelFunc
}

// connect opens the event stream at url with the given header, and returns
// once the server has sent its opening comment, which it does only after the
// client is subscribed. The stream is closed when the test ends.
func connect(t *testing.T, c *http.Client, url string, header http.Header) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	noTimeout := *c
	noTimeout.Timeout = 0 // a stream outlives the per-request timeout
	res, err := noTimeout.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("connect %s: %v", url, err)
	}
	if res.StatusCode != http.StatusOK {
		cancel()
		res.Body.Close()
		t.Fatalf("connect %s: status %d", url, res.StatusCode)
	}
	s := &stream{events: make(chan event, 64), cancel: cancel}
	br := bufio.NewReader(res.Body)
	first := make(chan event, 1)
	go func() {
		defer res.Body.Close()
		defer close(s.events)
		out := first
		for {
			ev, err := readEvent(br)
			if err != nil {
				return
			}
			if out != nil {
				out <- ev
				out = nil
				continue
			}
			s.events <- ev
		}
	}()
	t.Cleanup(cancel)
	select {
	case ev := <-first:
		if ev.comment != "preview" {
			t.Fatalf("first frame = %+v, want the opening comment", ev)
		}
	case <-time.After(wait):
		t.Fatal("no opening comment")
	}
	return s
}

// readEvent reads one frame: lines up to a blank line.
func readEvent(br *bufio.Reader) (event, error) {
	var ev event
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return ev, err
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			if ev == (event{}) {
				continue
			}
			return ev, nil
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "":
			ev.comment = value
		case "id":
			ev.id = value
		case "event":
			ev.name = value
		case "data":
			ev.data = value
		}
	}
}

// next returns the next event, skipping comments.
func (s *stream) next(t *testing.T) event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("stream ended, want an event")
			}
			if ev.name != "" {
				return ev
			}
		case <-timeout:
			t.Fatal("no event")
		}
	}
}

// waitGoroutines waits until no more goroutines run than baseline.
func waitGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want at most %d:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// site builds a Files map from name/content pairs.
func site(pairs ...string) map[string][]byte {
	files := make(map[string][]byte, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		files[pairs[i]] = []byte(pairs[i+1])
	}
	return files
}
