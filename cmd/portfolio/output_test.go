package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"portfolio/internal/publish"
)

// TestOutputFolderRefused: an output folder that would overwrite the
// site's sources, a file, or someone else's files is refused with exit 2
// and one line, and nothing anywhere is touched.
func TestOutputFolderRefused(t *testing.T) {
	root := copySite(t)
	os.WriteFile(filepath.Join(root, "NOTES.md"), []byte("notes"), 0o644)
	os.MkdirAll(filepath.Join(root, "docs"), 0o755)
	os.WriteFile(filepath.Join(root, "docs", "guide.md"), []byte("guide"), 0o644)
	os.MkdirAll(filepath.Join(root, "static"), 0o755)
	os.WriteFile(filepath.Join(root, "static", "CNAME"), []byte("example.org"), 0o644)
	before := snapshot(t, filepath.Dir(root))
	for _, tc := range []struct{ out, want string }{
		{"content", "the same folder as the site's content/ folder"},
		{"content/projects", "inside the site's content/ folder"},
		{"layouts", "the same folder as the site's layouts/ folder"},
		{"assets/built", "inside the site's assets/ folder"},
		{"static", "the same folder as the site's static/ folder"},
		{".", "it is the site's own folder"},
		{"..", "it is a folder above the site's folder"},
		{"NOTES.md", "it is a file"},
		{"docs", `holds files or folders that portfolio did not write ("guide.md")`},
		{"NOTES.md/site", "a file stands in its path"},
	} {
		code, stdout, stderr := runCmd(t, "build", "--root", root, "--out", filepath.Join(root, tc.out))
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("--out %s: exit %d, stderr %q; want exit 2 and one line saying %q", tc.out, code, stderr, tc.want)
		}
	}
	if after := snapshot(t, filepath.Dir(root)); !maps.Equal(before, after) {
		t.Error("a refused build changed files")
	}

	// Run from inside the site, as people do.
	t.Chdir(filepath.Join(root, "content"))
	if code, _, stderr := runCmd(t, "build", "--root", "..", "--out", "../.."); code != 2 {
		t.Errorf("--out ../.. from content/: exit %d\n%s", code, stderr)
	}
	t.Chdir(root)
	if code, _, stderr := runCmd(t, "build", "--out", "../"+filepath.Base(root)); code != 2 {
		t.Errorf("--out ../site from the site: exit %d\n%s", code, stderr)
	}
	if after := snapshot(t, filepath.Dir(root)); !maps.Equal(before, after) {
		t.Error("a refused build changed files")
	}
}

// TestStaticAndKeptFiles: static/ is copied byte for byte, hidden folders
// included; a file put in the output folder by hand is kept, and said
// so; a static file at a path the site makes is an error.
func TestStaticAndKeptFiles(t *testing.T) {
	root := copySite(t)
	files := map[string]string{
		"CNAME":                    "projects.example.org\n",
		"_headers":                 "/*\n  X-Frame-Options: DENY\n",
		".well-known/security.txt": "Contact: mailto:security@example.org\n",
		"reports/annual.pdf":       "%PDF-1.7 \x00\xff binary",
	}
	for p, data := range files {
		name := filepath.Join(root, "static", p)
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte(data), 0o644)
	}
	out := filepath.Join(root, "public")
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for p, data := range files {
		if got, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(got) != data {
			t.Errorf("%s: %q, %v; want the static file's bytes", p, got, err)
		}
	}

	os.WriteFile(filepath.Join(out, "google1234.html"), []byte("verification"), 0o644)
	code, _, stderr := runCmd(t, "build", "--root", root, "--out", out)
	if code != 0 || !strings.Contains(stderr, `kept 1 file in`) || !strings.Contains(stderr, `"google1234.html"`) {
		t.Errorf("build over a hand-put file: exit %d\n%s", code, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "google1234.html")); string(got) != "verification" {
		t.Error("the hand-put file was not kept")
	}

	for name, want := range map[string]string{
		"index.html":     "static/index.html: the site makes index.html itself",
		"projects":       "static/projects: the site makes a folder projects/ for its pages",
		"404.html/x.txt": "static/404.html/x.txt: the site makes 404.html as a file",
	} {
		p := filepath.Join(root, "static", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("mine"), 0o644)
		code, _, stderr = runCmd(t, "build", "--root", root, "--out", out)
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("static/%s clashing with the site: exit %d\n%s", name, code, stderr)
		}
		os.RemoveAll(filepath.Join(root, "static", strings.Split(name, "/")[0]))
	}
}

// TestConcurrentBuilds: builds into one folder at the same moment take
// turns; every one succeeds and the folder always ends a whole site.
func TestConcurrentBuilds(t *testing.T) {
	bin := buildBinary(t)
	root := copySite(t)
	out := filepath.Join(root, "public")
	build := func() (string, error) {
		var stderr bytes.Buffer
		cmd := exec.Command(bin, "build", "--root", root, "--out", out, "--as-of", "2026-11-29")
		cmd.Stderr = &stderr
		err := cmd.Run()
		return stderr.String(), err
	}
	if stderr, err := build(); err != nil {
		t.Fatalf("first build: %v\n%s", err, stderr)
	}
	want := tree(t, out)
	for round := range 4 {
		os.RemoveAll(out) // each round starts from nothing, so every build writes the whole site
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if stderr, err := build(); err != nil {
					t.Errorf("round %d: %v\n%s", round, err, stderr)
				}
			})
		}
		wg.Wait()
		if got := tree(t, out); !sameTree(got, want) {
			t.Fatalf("round %d: the folder holds %d files, not the %d-file site", round, len(got), len(want))
		}
	}
}

// TestNoWait: while another build holds the folder, a build waits and
// says so, or with --no-wait fails at once with nothing written.
func TestNoWait(t *testing.T) {
	bin := buildBinary(t)
	root := copySite(t)
	out := filepath.Join(root, "public")
	held, err := publish.Begin(out, publish.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "build", "--root", root, "--out", out, "--no-wait")
	b, err := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(b), "another build is writing") {
		t.Errorf("--no-wait: %v\n%s", err, b)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err == nil {
		t.Error("--no-wait wrote the site")
	}

	var stderr bytes.Buffer
	cmd = exec.Command(bin, "build", "--root", root, "--out", out)
	r, w, _ := os.Pipe()
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	line := make([]byte, 512)
	n, _ := r.Read(line) // the build's first words: it is waiting
	stderr.Write(line[:n])
	held.Abort()
	rest, _ := readAll(r)
	stderr.Write(rest)
	if err := cmd.Wait(); err != nil || !strings.Contains(stderr.String(), "waiting for it to finish") {
		t.Errorf("waiting build: %v\n%s", err, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error("the build that waited did not write the site")
	}
}

func readAll(f *os.File) ([]byte, error) {
	defer f.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(f)
	return b.Bytes(), err
}

// TestMakeClean: make clean removes the files the last build wrote and
// nothing else, through a symbolic link too, and the next build works.
func TestMakeClean(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	root := copySite(t)
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "Makefile"), makefile, 0o644)
	webroot := filepath.Join(t.TempDir(), "www")
	os.MkdirAll(webroot, 0o755)
	if err := os.Symlink(webroot, filepath.Join(root, "public")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", filepath.Join(root, "public")); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	mine := map[string]string{"handmade.txt": "mine", ".well-known/security.txt": "Contact: x", "projects/notes.txt": "notes"}
	for p, data := range mine {
		os.MkdirAll(filepath.Dir(filepath.Join(webroot, p)), 0o755)
		os.WriteFile(filepath.Join(webroot, p), []byte(data), 0o644)
	}
	if b, err := exec.Command("make", "-C", root, "clean").CombinedOutput(); err != nil {
		t.Fatalf("make clean: %v\n%s", err, b)
	}
	if got := tree(t, webroot); !maps.Equal(got, mine) {
		t.Errorf("after make clean the web root holds %v, want only %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(mine)))
	}
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", filepath.Join(root, "public")); code != 2 || !strings.Contains(stderr, "did not write") {
		t.Errorf("a build over files of one's own after make clean: exit %d\n%s", code, stderr)
	}
}
