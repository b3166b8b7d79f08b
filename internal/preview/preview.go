// Package preview serves a site from memory while it is being edited, and
// tells the browsers looking at it when to reload.
//
// It is a leaf: it knows nothing about how a site is built. The caller hands
// it complete [Snapshot]s — output paths to bytes, plus the errors of the
// latest build — with [Server.Publish], and the [Server] answers HTTP from
// whichever snapshot is current. Every request is answered entirely from one
// snapshot, because a snapshot is immutable once published and is swapped in
// with a single atomic pointer store.
//
// # URLs
//
// "/" serves index.html, "/x/" serves x/index.html, and "/x" redirects (301)
// to "/x/" when x/index.html exists, otherwise serves the file "x". The path
// is percent-decoded first; a path with a "." or ".." segment, an empty
// segment, a backslash or a control character (NUL included) is answered 400
// and never reaches a file. A missing file is answered 404 with the body of
// 404.html when the site has one, else with a plain-text message. Only GET
// and HEAD are allowed (405 with an Allow header otherwise); HEAD sends the
// headers GET would send.
// Every response carries Cache-Control: no-store, X-Content-Type-Options:
// nosniff and a Content-Type chosen from the file extension by a fixed table
// (application/octet-stream when the extension is unknown), so the result
// does not depend on the machine's MIME database.
//
// # Hosts
//
// A request whose Host header is not the server's own is answered 400 and
// nothing else: own means "localhost", a loopback address, or the address
// the request's connection reached (so a server listening on every address
// answers to each of the machine's addresses, as they are reached), with
// any port. A page on another site that points its own name at this
// machine (DNS rebinding) sends that name, and cannot read the preview.
// [URLs] lists the addresses to advertise for a listener, and [Exposed]
// tells whether other machines can reach it.
//
// # Reserved paths
//
// Paths under /_preview/ belong to the server and shadow any site file there:
//
//	/_preview/client.js   the live-reload client (the script in client/)
//	/_preview/client.css  the error overlay's styles, loaded into a shadow root
//	/_preview/events      the Server-Sent Events stream
//
// # Injection
//
// Every HTML response (text/html by extension, including the 404 page) gets
//
//	<script src="/_preview/client.js" data-version="…" data-errors="…"></script>
//
// inserted before its last </body>, or appended when there is none. The
// snapshot's bytes are never modified: injection copies. The script is an
// external file rather than inline so that a page with a strict
// Content-Security-Policy (script-src 'self') still gets live reload.
// data-version names the snapshot the page came from; data-errors is the
// snapshot's build errors as a JSON array, so a page loaded while the build is
// broken shows the error overlay at once.
//
// # Events
//
// The client opens an EventSource on /_preview/events?v=<version>. Each
// [Server.Publish] installs the new snapshot first and then queues exactly one
// event for every connected client, so a browser that reloads on "reload" gets
// the new site:
//
//	event: reload   data: {}                                  reload, keeping the scroll position
//	event: css      data: {"stylesheets":["/assets/style.9d8e7f6a.css"]}   swap stylesheets in place
//	event: errors   data: {"errors":["path:line:col: message"]}           show the error overlay
//
// Every event carries the new snapshot's version as its id. A client that
// connects (or reconnects, sending Last-Event-ID) with a version other than
// the current one missed a Publish, or is talking to a restarted server whose
// versions start afresh, and is sent one "reload" at once. Each client has a
// small buffer; a client too slow to drain it loses its pending events and is
// sent a single "reload" instead, so Publish never waits for a browser.
// Memory is bounded: at most 256 streams, each with at most 16 queued
// events; further streams are refused with 503. A restarted server does not
// ask browsers to reload until its first Publish, so publish the first
// snapshot before (or soon after) calling Serve.
//
// # Lifetime
//
// [Server.Serve] runs an http.Server until its context is done, then ends the
// event streams, lets in-flight requests finish within 3 seconds and
// returns. When the Server is mounted elsewhere as an http.Handler, each
// event stream ends when its request's context does.
package preview

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Snapshot is one complete site to serve.
type Snapshot struct {
	// Files maps output paths ("index.html", "projects/x/index.html",
	// "assets/style.3f9a1c2b.css", "404.html") to their bytes. Publish copies
	// the map but not the byte slices, which must not change afterwards. A nil
	// Files keeps the files of the previous snapshot.
	Files map[string][]byte
	// Later maps more output paths to functions that make their bytes,
	// called (once per snapshot) only when the file is first asked for:
	// large files a rebuild need not assemble. Like Files, nil keeps the
	// previous snapshot's.
	Later map[string]func() []byte
	// Errors are the errors of the latest build, "path:line:col: message"
	// lines; empty when it succeeded.
	Errors []string
}

// Change says what a Publish tells the connected browsers.
type Change int

const (
	// Reload asks browsers to reload the page, keeping the scroll position.
	Reload Change = iota
	// CSS says only stylesheets changed: browsers swap their stylesheet links
	// to the new fingerprinted URLs without reloading.
	CSS
	// Errors says the build failed: browsers show the error overlay. Publish
	// it with Files == nil to keep serving the previous files.
	Errors
)

// String returns the event name browsers receive for c.
func (c Change) String() string {
	switch c {
	case Reload:
		return "reload"
	case CSS:
		return "css"
	case Errors:
		return "errors"
	}
	return "Change(" + strconv.Itoa(int(c)) + ")"
}

// Server serves the current snapshot and streams change events. Create it
// with New; the zero value is not usable.
type Server struct {
	instance string                // random per Server, so a restarted server's versions never match old pages
	current  atomic.Pointer[state] // read lock-free by every request
	limits   limits

	mu      sync.Mutex // serialises Publish against itself and against subscribers
	gen     uint64     // snapshots published so far; guarded by mu
	clients map[*client]struct{}
}

// limits are the server's timeouts and bounds; tests shorten them.
type limits struct {
	readHeader, read, write, idle time.Duration // http.Server timeouts
	shutdownGrace                 time.Duration // how long Serve waits for in-flight requests
	keepalive                     time.Duration // comment sent on idle event streams, to notice dead peers
	eventWrite                    time.Duration // deadline for writing one event
	maxClients                    int           // concurrent event streams
}

// defaultLimits suit a preview on localhost.
func defaultLimits() limits {
	return limits{
		readHeader:    5 * time.Second,
		read:          10 * time.Second,
		write:         30 * time.Second,
		idle:          60 * time.Second,
		shutdownGrace: 3 * time.Second,
		keepalive:     20 * time.Second,
		eventWrite:    10 * time.Second,
		maxClients:    256,
	}
}

// eventBuffer is how many events may wait for one slow client.
const eventBuffer = 16

// New returns a Server serving an empty site until the first Publish.
func New() *Server {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	s := &Server{
		instance: hex.EncodeToString(b[:]),
		limits:   defaultLimits(),
		clients:  make(map[*client]struct{}),
	}
	s.current.Store(newState(map[string][]byte{}, nil, s.instance+"-0"))
	return s
}

// Publish makes snap the served site and then notifies every connected
// browser of kind. The swap is atomic: a request is answered entirely from the
// old snapshot or entirely from the new one, and a browser acting on the event
// is answered from the new one. A snapshot with Errors is announced as Errors
// whatever kind says, so browsers never miss a failed build. Publish never
// waits for a browser.
func (s *Server) Publish(snap Snapshot, kind Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	files, later := s.current.Load().files, s.current.Load().later
	if snap.Files != nil {
		files, later = maps.Clone(snap.Files), map[string]func() []byte{}
		for path, fn := range snap.Later {
			later[path] = sync.OnceValue(fn)
		}
	}
	s.gen++
	next := newState(files, slices.Clone(snap.Errors), s.instance+"-"+strconv.FormatUint(s.gen, 10))
	next.later = later
	s.current.Store(next)
	if len(next.errors) > 0 {
		kind = Errors
	}
	frame := next.event(kind)
	for c := range s.clients {
		c.send(frame)
	}
}

// state is one published snapshot with what is derived from it. It is never
// modified after it is stored.
type state struct {
	files   map[string][]byte
	later   map[string]func() []byte // made on first request (Snapshot.Later), once
	errors  []string
	version string // instance-generation, as sent in data-version and event ids
	tag     []byte // the script tag injected into this snapshot's HTML
}

func newState(files map[string][]byte, errs []string, version string) *state {
	errJSON := mustJSON(nonNil(errs))
	tag := fmt.Sprintf(`<script src="%s" data-version="%s" data-errors="%s"></script>`,
		clientJSPath, html.EscapeString(version), html.EscapeString(string(errJSON)))
	return &state{files: files, errors: errs, version: version, tag: []byte(tag)}
}

// event encodes the Server-Sent Event announcing st as kind.
func (st *state) event(kind Change) []byte {
	var data any = struct{}{}
	switch kind {
	case CSS:
		data = struct {
			Stylesheets []string `json:"stylesheets"`
		}{st.stylesheets()}
	case Errors:
		data = struct {
			Errors []string `json:"errors"`
		}{nonNil(st.errors)}
	default:
		kind = Reload
	}
	return fmt.Appendf(nil, "id: %s\nevent: %s\ndata: %s\n\n", st.version, kind, mustJSON(data))
}

// stylesheets lists the URL paths of the snapshot's .css files, sorted.
func (st *state) stylesheets() []string {
	urls := []string{}
	for name := range st.files {
		if strings.EqualFold(path.Ext(name), ".css") {
			urls = append(urls, (&url.URL{Path: "/" + name}).EscapedPath())
		}
	}
	slices.Sort(urls)
	return urls
}

// mustJSON encodes values that cannot fail to encode (strings and structs of
// strings).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("preview: " + err.Error())
	}
	return b
}

// nonNil makes a nil list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
