package publish

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"portfolio/internal/render"
)

// site makes a site's folder with its sources, each holding a file.
func site(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "site")
	for _, d := range []string{"content/projects", "layouts", "assets", "static"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "keep.txt"), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestGuard: an output folder that is the site's folder, above it, or
// inside or above one of its sources is refused, links followed; a folder
// of its own is not.
func TestGuard(t *testing.T) {
	root := site(t)
	if err := os.Symlink(filepath.Join(root, "content"), filepath.Join(root, "pub")); err != nil {
		t.Fatal(err)
	}
	sources := []string{"content", "layouts", "assets", "static"}
	for _, tc := range []struct {
		out, want string // want: a word of the refusal; "" for none
	}{
		{"public", ""},
		{"site-out", ""},
		{"../elsewhere", ""},
		{".", "the site's own folder"},
		{"..", "above the site's folder"},
		{"content", "the same folder as the site's content/"},
		{"content/projects", "inside the site's content/"},
		{"layouts/x", "inside the site's layouts/"},
		{"assets", "the same folder as the site's assets/"},
		{"static/new", "inside the site's static/"},
		{"pub", "the same folder as the site's content/"},
		{"pub/out", "inside the site's content/"},
	} {
		out := filepath.Join(root, tc.out)
		err := Guard(out, root, sources...)
		var r *Refusal
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.out, err)
		case tc.want != "" && (!errors.As(err, &r) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err = %v, want a refusal saying %q", tc.out, err, tc.want)
		}
	}
	// Relative to the current folder, as the command gives them.
	t.Chdir(root)
	if err := Guard("..", ".", sources...); err == nil {
		t.Error(`"..": not refused`)
	}
	if err := Guard("public", ".", sources...); err != nil {
		t.Errorf(`"public": %v`, err)
	}
}

// TestBeginRefuses: a file, a folder of someone else's files and a link
// to nothing are refused before anything is touched; an empty folder, one
// holding only .gitkeep, and a missing one are the build's.
func TestBeginRefuses(t *testing.T) {
	root := t.TempDir()
	notes := filepath.Join(root, "NOTES.md")
	os.WriteFile(notes, []byte("mine"), 0o644)
	docs := filepath.Join(root, "docs")
	os.MkdirAll(filepath.Join(docs, "sub"), 0o755)
	os.WriteFile(filepath.Join(docs, "sub", "report.pdf"), []byte("pdf"), 0o644)
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling"))
	for _, tc := range []struct{ dir, want string }{
		{notes, "it is a file"},
		{docs, `holds files or folders that portfolio did not write ("sub")`},
		{filepath.Join(root, "dangling"), "symbolic link to a folder that does not exist"},
		{filepath.Join(notes, "x"), "a file stands in its path"},
	} {
		_, err := Write(tc.dir, files("index.html", "site"))
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want a refusal saying %q", filepath.Base(tc.dir), err, tc.want)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "mine" {
		t.Error("the file was changed")
	}
	if got := tree(t, docs); len(got) != 1 || got["sub/report.pdf"] != "pdf" {
		t.Errorf("the folder was changed: %v", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 3 {
		t.Errorf("%d entries beside the outputs, want the 3 made: nothing staged or locked beside a refused folder", len(entries))
	}

	// Empty folders are someone's too.
	folders := filepath.Join(root, "folders")
	os.MkdirAll(filepath.Join(folders, "a", "b"), 0o755)
	if _, err := Write(folders, files("index.html", "site")); err == nil || !strings.Contains(err.Error(), `("a")`) {
		t.Errorf("a folder of empty folders: err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(folders, "a", "b")); err != nil {
		t.Error("the empty folders were removed")
	}
	os.RemoveAll(folders)

	empty, kept := filepath.Join(root, "empty"), filepath.Join(root, "kept")
	os.MkdirAll(empty, 0o755)
	os.MkdirAll(kept, 0o755)
	os.WriteFile(filepath.Join(kept, ".gitkeep"), nil, 0o644)
	for _, dir := range []string{empty, kept, filepath.Join(root, "new"), filepath.Join(root, "new", "parents", "too")} {
		if _, err := Write(dir, files("index.html", "site")); err != nil {
			t.Errorf("%s: %v", filepath.Base(dir), err)
		}
	}
}

// TestForeignFilesKept: a file put in a built folder by hand is carried
// over by every build, untouched, and the build may not replace it.
func TestForeignFilesKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, files("index.html", "one", "a/index.html", "A")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "CNAME"), []byte("projects.example.org"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".well-known"), 0o755)
	os.WriteFile(filepath.Join(dir, ".well-known", "security.txt"), []byte("Contact: x"), 0o644)
	tx, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx.Put(render.File{Path: "index.html", Data: []byte("two")})
	st, err := tx.Commit()
	if err != nil || st != (Stats{Written: 1, Removed: 1, Kept: 2}) {
		t.Fatalf("rebuild: %+v, %v", st, err)
	}
	if got := strings.Join(tx.Kept(), " "); got != ".well-known/security.txt CNAME" {
		t.Errorf("Kept() = %q", got)
	}
	want := map[string]string{"index.html": "two", "CNAME": "projects.example.org", ".well-known/security.txt": "Contact: x"}
	if got := tree(t, dir); !equal(got, want) {
		t.Errorf("output %v, want %v", got, want)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if string(manifest) != "index.html\n" {
		t.Errorf("manifest %q, want only the build's file", manifest)
	}

	if _, err := Write(dir, files("index.html", "two", ManifestName, "x")); err == nil || !strings.Contains(err.Error(), "the name is the build's own") {
		t.Errorf("a file named as the manifest: err = %v", err)
	}
	_, err = Write(dir, files("index.html", "three", "CNAME", "other.example.org"))
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), `refusing to replace "CNAME"`) {
		t.Errorf("a build writing over CNAME: err = %v, want a refusal", err)
	}
	if got := tree(t, dir); !equal(got, want) {
		t.Errorf("a refused build changed the folder: %v", got)
	}
}

// TestNoChangeWritesNothing: a build equal to the last writes nothing,
// manifest included; one into a folder with no manifest yet writes it.
func TestNoChangeWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(dir, files("index.html", "one")); err != nil {
		t.Fatal(err)
	}
	before := inode(t, filepath.Join(dir, ManifestName))
	if st, err := Write(dir, files("index.html", "one")); err != nil || st != (Stats{Unchanged: 1}) {
		t.Fatalf("no-op: %+v, %v", st, err)
	}
	if inode(t, filepath.Join(dir, ManifestName)) != before {
		t.Error("a no-op build rewrote the manifest")
	}
}

// TestLock: while one build holds the folder, another waits for it (and
// says so first), or with NoWait fails at once; the waiting one goes on
// when the first ends, and sees its site.
func TestLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dir, Options{NoWait: true}); !errors.Is(err, ErrBusy) {
		t.Fatalf("NoWait: err = %v, want ErrBusy", err)
	}
	waiting := make(chan bool)
	second := make(chan *Tx)
	go func() {
		tx, err := Begin(dir, Options{Waiting: func() { waiting <- true }})
		if err != nil {
			t.Error(err)
		}
		second <- tx
	}()
	<-waiting
	first.Put(render.File{Path: "index.html", Data: []byte("first")})
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	tx := <-second
	tx.Put(render.File{Path: "index.html", Data: []byte("first")})
	if st, err := tx.Commit(); err != nil || st != (Stats{Unchanged: 1}) {
		t.Fatalf("second build: %+v, %v (it must start from the first's site)", st, err)
	}
	// Aborting lets the folder go too.
	tx, _ = Begin(dir, Options{})
	tx.Abort()
	if tx, err = Begin(dir, Options{NoWait: true}); err != nil {
		t.Fatalf("after an abort: %v", err)
	}
	tx.Abort()
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("beside the output folder: %v; want nothing but the folder", entries)
	}
}

// TestSymlinkedOutput: an output folder that is a link to a web root
// publishes into the web root, and stays a link.
func TestSymlinkedOutput(t *testing.T) {
	root := t.TempDir()
	webroot := filepath.Join(root, "srv", "www")
	os.MkdirAll(webroot, 0o755)
	link := filepath.Join(root, "site", "public")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(webroot, link); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"one", "two"} {
		if _, err := Write(link, files("index.html", v)); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, webroot); got["index.html"] != v {
			t.Errorf("web root holds %v after build %s", got, v)
		}
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("the link was replaced: %v, %v", info, err)
		}
	}
}

// TestMountedOutput: a mount point cannot be renamed; its contents are
// exchanged, the build's files replaced and others kept, and nothing of
// the build's own is left inside. It needs to mount a tmpfs (root).
func TestMountedOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(dir, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	if !mounted(dir) {
		t.Fatal("mounted() does not see the mount point")
	}
	if _, err := Write(dir, files("index.html", "one", "a/index.html", "A", "b/x.css", "B")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "CNAME"), []byte("mine"), 0o644)
	st, err := Write(dir, files("index.html", "two", "a/index.html", "A", "c/index.html", "C"))
	if err != nil || st != (Stats{Written: 2, Unchanged: 1, Removed: 1, Kept: 1}) {
		t.Fatalf("rebuild: %+v, %v", st, err)
	}
	want := map[string]string{"index.html": "two", "a/index.html": "A", "c/index.html": "C", "CNAME": "mine"}
	if got := tree(t, dir); !equal(got, want) {
		t.Errorf("output %v, want %v", got, want)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if string(manifest) != "a/index.html\nc/index.html\nindex.html\n" {
		t.Errorf("manifest %q", manifest)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".portfolio-staging") {
			t.Errorf("%s left inside the mount point", e.Name())
		}
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
