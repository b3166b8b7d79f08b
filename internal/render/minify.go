package render

import (
	"bytes"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// newMinifier returns the minifier for pages and assets. Document and end
// tags are kept, so that tools that look for </body> (the preview server's
// script injection) still find it.
func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/ld+json", json.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}

// mediaTypes maps the extensions minified to their media types.
var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".svg": "image/svg+xml", ".js": "application/javascript",
}

// minified returns data minified by its file name's type, or data itself
// when the type is not minified or the minifier fails (the output is then
// correct, only larger).
func minified(m *minify.M, name string, data []byte) []byte {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data
	}
	var b bytes.Buffer
	b.Grow(len(data))
	if err := m.Minify(mt, &b, bytes.NewReader(data)); err != nil {
		return data
	}
	return b.Bytes()
}
