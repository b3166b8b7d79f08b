package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// git runs git in dir, its commits dated when, and fails the test if it
// fails.
func git(t *testing.T, dir, when string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+when, "GIT_AUTHOR_DATE="+when)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestSameCommitSameBytes: two checkouts of one commit, their files
// written at different times, build to the same bytes, dated by the
// commit, not by the checkout or the build.
func TestSameCommitSameBytes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := copySite(t)
	settings := filepath.Join(repo, "site.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("\nbase_url: /\n"), []byte("\nbase_url: https://example.org/projects/\n"), 1)
	if err := os.WriteFile(settings, data, 0o644); err != nil {
		t.Fatal(err)
	}
	const commit = "2026-05-06T07:08:09Z"
	git(t, repo, commit, "init", "-q")
	git(t, repo, commit, "add", ".")
	git(t, repo, commit, "commit", "-q", "-m", "the site")

	built := map[string]string{}
	for i, age := range []time.Duration{0, 3 * 24 * time.Hour} {
		root := filepath.Join(t.TempDir(), "site")
		git(t, repo, commit, "clone", "-q", repo, root)
		if age > 0 { // a checkout made at another time
			err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, _ os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				return os.Chtimes(p, time.Now().Add(-age), time.Now().Add(-age))
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(t.TempDir(), "public")
		if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out, "--as-of", "2026-11-29"); code != 0 {
			t.Fatalf("build %d: exit %d\n%s", i, code, stderr)
		}
		err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(out, p)
			if i == 0 {
				built[rel] = string(b)
			} else if built[rel] != string(b) {
				t.Errorf("%s differs between two checkouts of one commit", rel)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if feed := built["feed.xml"]; !strings.Contains(feed, "<updated>"+commit+"</updated>") {
		t.Errorf("feed.xml is not dated by the commit:\n%.600s", feed)
	}
	page := built[filepath.Join("projects", "igf-brazil-2014-2016", "index.html")]
	if !strings.Contains(page, `<time datetime="2026-05-06">6 May 2026</time>`) {
		t.Errorf("the project page does not say it was last updated on the commit's day")
	}
}
