package publish

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"portfolio/internal/render"
)

// tree reads every file under dir into a map, but for the manifest.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ManifestName || filepath.Dir(p) == dir && reserved(d.Name()) {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Write publishes files to dir, as a build does: one transaction.
func Write(dir string, files []render.File) (Stats, error) {
	tx, err := Begin(dir, Options{})
	if err != nil {
		return Stats{}, err
	}
	for _, f := range files {
		tx.Put(f)
	}
	return tx.Commit()
}

func files(kv ...string) []render.File {
	var out []render.File
	for i := 0; i < len(kv); i += 2 {
		out = append(out, render.File{Path: kv[i], Data: []byte(kv[i+1])})
	}
	return out
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return sysIno(info)
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	st, err := Write(dir, files("index.html", "home", "a/index.html", "A", "b/index.html", "B"))
	if err != nil || st != (Stats{Written: 3}) {
		t.Fatalf("first build: %+v, %v", st, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitkeep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	before := inode(t, filepath.Join(dir, "a/index.html"))

	// A no-op build touches nothing.
	st, err = Write(dir, files("index.html", "home", "a/index.html", "A", "b/index.html", "B"))
	if err != nil || st != (Stats{Unchanged: 3}) {
		t.Fatalf("no-op build: %+v, %v", st, err)
	}

	// One change, one removal: only the changed file is written; the
	// unchanged one is the same file (linked, not copied); the stale one goes.
	st, err = Write(dir, files("index.html", "home!", "a/index.html", "A"))
	if err != nil || st != (Stats{Written: 1, Unchanged: 1, Removed: 1}) {
		t.Fatalf("edit build: %+v, %v", st, err)
	}
	got := tree(t, dir)
	want := map[string]string{"index.html": "home!", "a/index.html": "A", ".gitkeep": ""}
	if len(got) != len(want) {
		t.Errorf("output %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if after := inode(t, filepath.Join(dir, "a/index.html")); after != before {
		t.Error("an unchanged file was rewritten rather than carried over")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), ".public.staging")); !os.IsNotExist(err) {
		t.Error("staging folder left behind")
	}
}

func TestWriteRefusesEscapingPaths(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if _, err := Write(dir, files("index.html", "old")); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../evil.html", "/etc/passwd", "a/../../x", "a//b", `a\b`, ""} {
		_, err := Write(dir, files("index.html", "new", bad, "x"))
		if err == nil || !strings.Contains(err.Error(), "inside the output folder") {
			t.Errorf("%q: err = %v, want a refusal", bad, err)
		}
	}
	if got := tree(t, dir); len(got) != 1 || got["index.html"] != "old" {
		t.Errorf("output changed after refused writes: %v", got)
	}
	if _, err := os.Stat(filepath.Join(root, "evil.html")); err == nil {
		t.Error("wrote outside the output folder")
	}
}

func TestWriteCleansLeftovers(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if _, err := Write(dir, files("index.html", "old")); err != nil {
		t.Fatal(err)
	}
	// A killed build leaves its staging folder behind.
	stale := filepath.Join(root, ".public.staging")
	if err := os.MkdirAll(filepath.Join(stale, "half"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("index.html", "new")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("leftover staging folder not removed")
	}
	if got := tree(t, dir); got["index.html"] != "new" || len(got) != 1 {
		t.Errorf("output %v", got)
	}
}

// TestPutStream: a streamed file is written like a put one, counts as
// unchanged (and keeps its inode) when its bytes are the same, including
// bytes of equal length that differ only at the end, and a failing writer
// fails the publication and leaves the folder as it was.
func TestPutStream(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	big := strings.Repeat("0123456789", 20000) // longer than one compare buffer
	publish := func(name, data string, werr error) (Stats, error) {
		t.Helper()
		tx, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		tx.Put(render.File{Path: "index.html", Data: []byte("home")})
		tx.PutStream(name, func(w io.Writer) error {
			if _, err := io.WriteString(w, data); err != nil {
				return err
			}
			return werr
		})
		return tx.Commit()
	}
	if st, err := publish("data/big.json", big, nil); err != nil || st != (Stats{Written: 2}) {
		t.Fatalf("first build: %+v, %v", st, err)
	}
	before := inode(t, filepath.Join(dir, "data/big.json"))
	if st, err := publish("data/big.json", big, nil); err != nil || st != (Stats{Unchanged: 2}) {
		t.Fatalf("same bytes: %+v, %v", st, err)
	}
	changed := big[:len(big)-1] + "X"
	if st, err := publish("data/big.json", changed, nil); err != nil || st != (Stats{Written: 1, Unchanged: 1}) {
		t.Fatalf("last byte changed: %+v, %v", st, err)
	}
	if got := tree(t, dir)["data/big.json"]; got != changed {
		t.Errorf("data/big.json has %d bytes ending %q, want the changed ones", len(got), got[len(got)-3:])
	}
	if after := inode(t, filepath.Join(dir, "data/big.json")); after == before {
		t.Error("a changed file kept its old inode")
	}
	if _, err := publish("data/big.json", "partial", errors.New("encoding failed")); err == nil || err.Error() != "encoding failed" {
		t.Fatalf("failing writer: err = %v", err)
	}
	if got := tree(t, dir)["data/big.json"]; got != changed {
		t.Error("a failed publication changed the folder")
	}
}

// TestSameNewFolderAtOnce: a page and a streamed download put at the same
// moment into a folder not made yet (data/index.html and
// data/projects.json in a cold build) both succeed.
func TestSameNewFolderAtOnce(t *testing.T) {
	for i := range 300 {
		dir := filepath.Join(t.TempDir(), "public")
		tx, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Go(func() { tx.Put(render.File{Path: "data/index.html", Data: []byte("page")}) })
		wg.Go(func() {
			tx.PutStream("data/projects.json", func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err })
		})
		wg.Wait()
		if _, err := tx.Commit(); err != nil {
			t.Fatalf("try %d: %v", i, err)
		}
	}
}

// TestHolds: a file holds data only when it has every byte of it and no
// more, across the chunks it is read in.
func TestHolds(t *testing.T) {
	dir := t.TempDir()
	chunk := 64 << 10
	for _, n := range []int{0, 1, 100, chunk - 1, chunk, chunk + 1, 3*chunk + 7} {
		data := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if !holds(name, data) {
			t.Errorf("%d bytes: not held", n)
		}
		if holds(name, append(bytes.Clone(data), 'x')) {
			t.Errorf("%d bytes: holds one byte more", n)
		}
		if n > 0 {
			if holds(name, data[:n-1]) {
				t.Errorf("%d bytes: holds one byte less", n)
			}
			other := bytes.Clone(data)
			other[n-1] ^= 1
			if holds(name, other) {
				t.Errorf("%d bytes: holds a different last byte", n)
			}
		}
	}
	if holds(filepath.Join(dir, "missing"), nil) {
		t.Error("a missing file holds nothing")
	}
}
