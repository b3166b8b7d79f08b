package build

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"path"
	"strings"
)

// The weight budgets of a page at any size (issue 18): a reader on a slow
// mobile connection should get no page heavier than MaxPage bytes of HTML,
// and the find page's script should fetch no more than MaxSearch bytes,
// gzip-compressed, before it shows the results of a search.
const (
	MaxPage   = 150 << 10
	MaxSearch = 300 << 10
)

// Weight is what a built site asks of a reader's connection.
type Weight struct {
	Page      string // the largest HTML page's path
	PageBytes int    // its size, uncompressed
	Search    int    // what a one-word search fetches before its results, gzip-compressed
}

// Weigh measures the site built into fsys. A search's fetch is
// data/index.json and the shard of data/words/ its word falls in: the
// largest, for the worst word (assets/filter.js fetches nothing else).
func Weigh(fsys fs.FS) (Weight, error) {
	var w Weight
	var shard int
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		isPage, isShard := strings.HasSuffix(p, ".html"), path.Dir(p) == "data/words"
		if !isPage && !isShard && p != "data/index.json" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		switch {
		case isPage:
			if len(data) > w.PageBytes {
				w.Page, w.PageBytes = p, len(data)
			}
		case isShard:
			shard = max(shard, gzipped(data))
		default:
			w.Search += gzipped(data)
		}
		return nil
	})
	w.Search += shard
	return w, err
}

// gzipped is the size of data gzip-compressed at the default level, as a
// web server sends it.
func gzipped(data []byte) int {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write(data)
	z.Close()
	return b.Len()
}
