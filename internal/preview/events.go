package preview

import (
	"errors"
	"net/http"
	"time"
)

// client is one connected event stream.
type client struct {
	events chan []byte   // encoded events, buffered eventBuffer deep
	lagged chan struct{} // signalled (capacity 1) when an event was dropped
}

// send queues frame for c without waiting; when c's buffer is full the frame
// is dropped and c is marked lagged, to be sent one "reload" instead.
func (c *client) send(frame []byte) {
	select {
	case c.events <- frame:
	default:
		select {
		case c.lagged <- struct{}{}:
		default: // already marked
		}
	}
}

// subscribe registers a new client that last saw the snapshot version seen
// ("" when unknown). If seen is known and not current, the client missed a
// Publish (or this is a restarted server) and is queued one "reload". Both
// happen under mu, so no Publish can fall between the check and the
// registration: the client gets exactly one event per later Publish. It
// reports false when maxClients streams are already open.
func (s *Server) subscribe(seen string) (*client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.clients) >= s.limits.maxClients {
		return nil, false
	}
	c := &client{events: make(chan []byte, eventBuffer), lagged: make(chan struct{}, 1)}
	// Before the first Publish there is nothing to reload into; the client
	// hears of the first snapshot when it is published.
	if st := s.current.Load(); seen != "" && seen != st.version && s.gen > 0 {
		c.events <- st.event(Reload)
	}
	s.clients[c] = struct{}{}
	return c, true
}

// unsubscribe forgets c; later Publishes skip it.
func (s *Server) unsubscribe(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c)
}

// serveEvents streams events to one browser until the request's context is
// done (the browser left, or Serve is shutting down) or a write fails.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // ask any proxy in between not to buffer
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	seen := r.Header.Get("Last-Event-ID") // set by EventSource when it reconnects
	if seen == "" {
		seen = r.URL.Query().Get("v")
	}
	c, ok := s.subscribe(seen)
	if !ok {
		h.Set("Retry-After", "5")
		writePlain(w, r, http.StatusServiceUnavailable, "too many event streams")
		return
	}
	defer s.unsubscribe(c)

	// The server's WriteTimeout is meant for ordinary responses; a stream
	// lives on. Each write gets a deadline of its own instead, so a peer that
	// stops reading is dropped. (The read deadline needs no lifting: the
	// server clears it once the request has been read.)
	rc := http.NewResponseController(w)
	write := func(frame []byte) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(s.limits.eventWrite)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := w.Write(frame); err != nil {
			return false
		}
		return rc.Flush() == nil
	}

	w.WriteHeader(http.StatusOK)
	// The opening comment tells the peer it is subscribed; retry shortens
	// EventSource's reconnect delay for when the server restarts.
	if !write([]byte(": preview\nretry: 1000\n\n")) {
		return
	}
	keepalive := time.NewTicker(s.limits.keepalive)
	defer keepalive.Stop()
	for {
		var frame []byte
		select {
		case <-r.Context().Done():
			return
		case frame = <-c.events:
		case <-c.lagged:
			drain(c.events)
			frame = s.current.Load().event(Reload)
		case <-keepalive.C:
			frame = []byte(": keepalive\n\n")
		}
		if !write(frame) {
			return
		}
	}
}

// drain empties ch without waiting.
func drain(ch chan []byte) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}
