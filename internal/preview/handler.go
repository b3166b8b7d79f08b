package preview

import (
	"bytes"
	_ "embed" // for the client files
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// Reserved paths; see the package comment.
const (
	reservedPrefix = "/_preview/"
	clientJSPath   = reservedPrefix + "client.js"
	clientCSSPath  = reservedPrefix + "client.css"
	eventsPath     = reservedPrefix + "events"
)

// The live-reload client, served at clientJSPath and clientCSSPath.
var (
	//go:embed client/client.js
	clientJS string
	//go:embed client/client.css
	clientCSS string
)

// ServeHTTP answers a request from the current snapshot, or from the
// reserved paths under /_preview/, when its Host is the server's own.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !ownHost(r) {
		writePlain(w, r, http.StatusBadRequest, fmt.Sprintf("refused: %q is not this preview's address; open the address the preview printed, or localhost", r.Host))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		writePlain(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	rel, ok := sitePath(r.URL.Path)
	if !ok {
		writePlain(w, r, http.StatusBadRequest, "bad path")
		return
	}
	if strings.HasPrefix(r.URL.Path, reservedPrefix) {
		s.serveReserved(w, r)
		return
	}
	// One load: the whole response comes from this snapshot.
	s.serveFile(w, r, s.current.Load(), rel)
}

// serveReserved answers the paths the server keeps for itself.
func (s *Server) serveReserved(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case clientJSPath:
		writeBody(w, r, http.StatusOK, "client.js", []byte(clientJS))
	case clientCSSPath:
		writeBody(w, r, http.StatusOK, "client.css", []byte(clientCSS))
	case eventsPath:
		s.serveEvents(w, r)
	default:
		writePlain(w, r, http.StatusNotFound, "404 page not found")
	}
}

// serveFile answers rel, a path relative to the site root, from st.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, rel string) {
	name := rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		name = rel + "index.html"
	} else if _, ok := st.files[rel+"/index.html"]; ok {
		// Redirect so that relative links in x/index.html resolve under x/.
		loc := url.URL{Path: r.URL.Path + "/", RawQuery: r.URL.RawQuery}
		w.Header().Set("Location", loc.String())
		writePlain(w, r, http.StatusMovedPermanently, "moved to "+loc.String())
		return
	}
	status := http.StatusOK
	body, ok := st.files[name]
	if join, later := st.later[name]; !ok && later {
		body, ok = join(), true
	}
	if !ok {
		name, status = "404.html", http.StatusNotFound
		if body, ok = st.files[name]; !ok {
			writePlain(w, r, status, "404 page not found")
			return
		}
	}
	if isHTML(name) {
		body = inject(body, st.tag)
	}
	writeBody(w, r, status, name, body)
}

// sitePath checks a decoded URL path and returns it relative to the site
// root. It refuses anything that could name a file outside the site or that
// no generator writes: "." and ".." segments, empty segments (which would
// also make "//host" redirects), backslashes and control characters.
func sitePath(p string) (string, bool) {
	if p == "" {
		p = "/"
	}
	if p[0] != '/' {
		return "", false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '\\' || c < 0x20 || c == 0x7f {
			return "", false
		}
	}
	rel := p[1:]
	segs := strings.Split(rel, "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." || (seg == "" && i < len(segs)-1) {
			return "", false
		}
	}
	return rel, true
}

// writeBody sends body as the file name (which gives the Content-Type) with
// status; HEAD gets the same headers and no body.
func writeBody(w http.ResponseWriter, r *http.Request, status int, name string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body) // a failed write means the client left; nothing to do
	}
}

// writePlain sends a one-line plain-text response.
func writePlain(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeBody(w, r, status, "message.txt", []byte(msg+"\n"))
}

// inject returns a copy of page with tag inserted before its last </body>,
// or appended when there is none. page itself is never written to: it is
// shared with the snapshot and with concurrent requests.
func inject(page, tag []byte) []byte {
	at := lastBodyClose(page)
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// lastBodyClose returns the offset of the last "</body>" (any case, optional
// space before ">") in page, or len(page).
func lastBodyClose(page []byte) int {
	const end = "</body"
	for i := len(page) - len(end); i >= 0; i-- {
		if page[i] != '<' || !bytes.EqualFold(page[i:i+len(end)], []byte(end)) {
			continue
		}
		if j := i + len(end); j == len(page) || page[j] == '>' || page[j] == ' ' || page[j] == '\t' || page[j] == '\n' || page[j] == '\r' {
			return i
		}
	}
	return len(page)
}

// isHTML reports whether name is served as HTML and so gets the client.
func isHTML(name string) bool {
	return strings.HasPrefix(contentType(name), "text/html")
}

// contentType chooses the Content-Type from the extension of name, from a
// fixed table so that it does not depend on the machine's MIME database.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".geojson":
		return "application/geo+json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".xml":
		return "application/xml"
	case ".rss":
		return "application/rss+xml"
	case ".atom":
		return "application/atom+xml"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/vnd.microsoft.icon"
	case ".woff":
		return "font/woff"
	case ".woff2":
		return "font/woff2"
	case ".pdf":
		return "application/pdf"
	case ".wasm":
		return "application/wasm"
	case ".mp4":
		return "video/mp4"
	case ".webm":
		return "video/webm"
	}
	return "application/octet-stream"
}
