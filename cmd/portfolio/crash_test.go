package main

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"portfolio/internal/publish"
)

// binary is the command built once, for the tests that must run it as a
// separate process (buildBinary); TestMain removes it.
var binary struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// buildBinary compiles the command, once for all the tests that ask.
func buildBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "portfolio-test-"); binary.err != nil {
			return
		}
		if out, err := exec.Command("go", "build", "-o", binary.dir, ".").CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return filepath.Join(binary.dir, "portfolio")
}

// tree reads every file under dir; it fails on anything but regular files
// and folders.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
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

func sameTree(a, b map[string]string) bool {
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

// writeProjects writes n generated projects whose titles carry version, so
// that two versions differ on most pages.
func writeProjects(t *testing.T, root, version string, n int) {
	t.Helper()
	dir := filepath.Join(root, "content", "projects", "generated")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	countries := []string{"Kenya", "Togo", "Nepal", "Peru", "Fiji", "Bangladesh", "Least Developed Countries", "Africa"}
	for i := range n {
		text := fmt.Sprintf("---\ntitle: \"Project %d, %s\"\nstart: %d-01\nend: %d-12\nfunding: [Brazil]\nbudget: %d\ncountries: [%s]\n---\n\n## Brief description\n\n%s\n",
			i, version, 2005+i%20, 2007+i%20, 1000*(i+1), countries[i%len(countries)], strings.Repeat("Words about the project "+version+". ", 40))
		name := filepath.Join(dir, fmt.Sprintf("p%04d.md", i))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// The file's time is its last change (outside a repository), which
		// the pages show: the same version, the same time, the same site.
		when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := os.Chtimes(name, when, when); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKilledBuildLeavesOldOrNewSite kills builds at random moments: the
// output folder is always exactly the old site or exactly the new one, and
// the next build cleans up whatever the killed one left.
func TestKilledBuildLeavesOldOrNewSite(t *testing.T) {
	if testing.Short() {
		t.Skip("long: runs the command many times; make test-long runs it")
	}
	root := copySite(t)
	outcomes := map[string]int{}
	killBuilds(t, root, filepath.Join(root, "public"), func(i int, got, oldSite, newSite map[string]string) {
		switch {
		case sameTree(got, oldSite):
			outcomes["old"]++
		case sameTree(got, newSite):
			outcomes["new"]++
		default:
			t.Fatalf("kill %d: the output folder is neither the old site nor the new one (%d files)", i, len(got))
		}
	})
	t.Logf("outcomes of builds killed at random: %v", outcomes)
}

// TestKilledBuildInMountPoint kills builds into a mount point, whose
// top-level entries are exchanged one at a time: every file is always
// its old or its new self, and the next build makes the new site whole.
// It needs to mount a tmpfs (root).
func TestKilledBuildInMountPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("long: runs the command many times; make test-long runs it")
	}
	root := copySite(t)
	out := filepath.Join(root, "public")
	os.MkdirAll(out, 0o755)
	if b, err := exec.Command("mount", "-t", "tmpfs", "tmpfs", out).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, b)
	}
	t.Cleanup(func() { exec.Command("umount", out).Run() })
	killBuilds(t, root, out, func(i int, got, oldSite, newSite map[string]string) {
		for p, data := range got {
			if p != publish.ManifestName && !strings.HasPrefix(p, ".portfolio-") && data != oldSite[p] && data != newSite[p] {
				t.Fatalf("kill %d: %s is neither its old nor its new self", i, p)
			}
		}
	})
}

// killBuilds builds the site of root into out as it is, then as it is
// with most pages changed, and then eight times kills the second build at
// a random moment, hands check what the folder holds, and builds again:
// the build after a kill must make the new site, with nothing of the
// killed one left in it.
func killBuilds(t *testing.T, root, out string, check func(i int, got, oldSite, newSite map[string]string)) {
	bin := buildBinary(t)
	build := func(version string) (map[string]string, time.Duration) {
		writeProjects(t, root, version, 300)
		start := time.Now()
		cmd := exec.Command(bin, "build", "--root", root, "--out", out, "--as-of", "2026-11-29")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", version, err, b)
		}
		return tree(t, out), time.Since(start)
	}
	oldSite, _ := build("old")
	newSite, took := build("new")
	if sameTree(oldSite, newSite) {
		t.Fatal("the two versions build the same site")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 8 {
		build("old")
		writeProjects(t, root, "new", 300)
		cmd := exec.Command(bin, "build", "--root", root, "--out", out, "--as-of", "2026-11-29")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The sleep is the point of the test, not a wait: it picks the
		// moment of the kill, anywhere in a build's time and a little
		// past it. (The test is long, and behind -short.)
		time.Sleep(time.Duration(rng.Int64N(int64(took + took/2))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		check(i, tree(t, out), oldSite, newSite)
		if after, _ := build("new"); !sameTree(after, newSite) {
			t.Fatalf("kill %d: the build after the kill did not produce the new site", i)
		}
		beside, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
		inside, _ := filepath.Glob(filepath.Join(out, ".portfolio-*"))
		for _, l := range append(beside, inside...) {
			if filepath.Base(l) != publish.ManifestName {
				t.Errorf("kill %d: %s left behind after the next build", i, l)
			}
		}
	}
}
