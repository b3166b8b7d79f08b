package history_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/history"
)

// gitAt runs git in dir with its commits dated when.
func gitAt(t *testing.T, dir string, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_DATE=2001-01-01T00:00:00Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDates: a file's date is its last commit's committer date (not the
// author's), in a site in a repository's subfolder too; a file changed
// since, or never committed, has none.
func TestDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	gitAt(t, repo, "2020-01-01T00:00:00Z", "init", "-q")
	root := filepath.Join(repo, "site")
	write(t, root, "content/projects/a.md", "a")
	write(t, root, "content/projects/b.md", "b")
	write(t, root, "content/projects/c d.md", "c")
	write(t, root, "content/projects/é.md", "e")
	write(t, root, "site.yaml", "")
	gitAt(t, repo, "2020-01-02T03:04:05Z", "add", ".")
	gitAt(t, repo, "2020-01-02T03:04:05Z", "commit", "-q", "-m", "one")
	write(t, root, "content/projects/a.md", "a, again")
	write(t, root, "site.yaml", "title: x")
	gitAt(t, repo, "2021-06-07T08:09:10Z", "commit", "-q", "-a", "-m", "two")
	gitAt(t, repo, "2022-01-01T00:00:00Z", "commit", "-q", "--allow-empty", "-m", "nothing")
	write(t, root, "content/projects/b.md", "b, uncommitted")
	write(t, root, "content/projects/new.md", "new")

	dates, err := history.Dates(root, "content/projects")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"content/projects/a.md":   "2021-06-07T08:09:10Z",
		"content/projects/c d.md": "2020-01-02T03:04:05Z",
		"content/projects/é.md":   "2020-01-02T03:04:05Z",
	}
	if len(dates) != len(want) {
		t.Errorf("dates %v, want %v", dates, want)
	}
	for name, w := range want {
		if got := dates[name].Format(time.RFC3339); got != w {
			t.Errorf("%s: %s, want %s", name, got, w)
		}
	}
}

// TestNoRepository: outside a repository every file keeps its own time.
func TestNoRepository(t *testing.T) {
	root := t.TempDir()
	write(t, root, "content/projects/a.md", "a")
	dates, err := history.Dates(root, "content/projects")
	if err != nil || len(dates) != 0 {
		t.Errorf("Dates = %v, %v; want none, no error", dates, err)
	}
}

// TestFS: fs.Stat, and Stat of an opened file, give a dated file its date;
// other files keep theirs, and reading is unchanged.
func TestFS(t *testing.T) {
	own := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	commit := time.Date(2020, 5, 6, 7, 8, 9, 0, time.UTC)
	fsys := history.NewFS(fstest.MapFS{
		"content/projects/a.md": {Data: []byte("a"), ModTime: own},
		"content/projects/b.md": {Data: []byte("b"), ModTime: own},
	}, map[string]time.Time{"content/projects/a.md": commit})
	for name, want := range map[string]time.Time{"content/projects/a.md": commit, "content/projects/b.md": own} {
		info, err := fs.Stat(fsys, name)
		if err != nil || !info.ModTime().Equal(want) {
			t.Errorf("fs.Stat(%s): %v, %v; want %v", name, info.ModTime(), err, want)
		}
		f, err := fsys.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		info, err = f.Stat()
		f.Close()
		if err != nil || !info.ModTime().Equal(want) {
			t.Errorf("Open(%s).Stat: %v, %v; want %v", name, info.ModTime(), err, want)
		}
	}
	if err := fstest.TestFS(fsys, "content/projects/a.md", "content/projects/b.md"); err != nil {
		t.Error(err)
	}
}
