package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/content"
	"portfolio/internal/publish"
)

var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// copySite copies the repository's site (content, layouts, assets,
// settings) into a temporary folder and returns it.
func copySite(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"content", "layouts", "assets", "translations"} {
		if err := os.CopyFS(filepath.Join(dst, name), os.DirFS(filepath.Join("..", "..", name))); err != nil {
			t.Fatal(err)
		}
	}
	settings, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
	if err == nil {
		err = os.WriteFile(filepath.Join(dst, "site.yaml"), settings, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e, now)
	return code, o.String(), e.String()
}

// snapshot reads every file under dir, with its modification time, so that
// "untouched" means untouched.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data := ""
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			data = string(b)
		}
		out[p] = info.ModTime().String() + "\x00" + data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildFailureLeavesOutputUntouched(t *testing.T) {
	root := copySite(t)
	out := filepath.Join(root, "public")
	code, stdout, stderr := runCmd(t, "build", "--root", root, "--out", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if !regexp.MustCompile(`\d+ projects → \d+ files`).MatchString(stdout) || !strings.Contains(stdout, "0 errors") {
		t.Errorf("summary line: %q", stdout)
	}
	before := snapshot(t, out)

	bad := filepath.Join(root, "content", "projects", "broken.md")
	text := "---\ntitle: Broken\nstart: December 2019\nfunding: [Brazil]\ncountries:\n  - Bangaldesh\n---\nBody.\n"
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(root, "layouts", "funder.html")
	if err := os.WriteFile(broken, []byte("{{define \"main\"}}\n{{.Nope}\n{{end}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "build", "--root", root, "--out", out)
	if code != 1 {
		t.Fatalf("broken build: exit %d, want 1", code)
	}
	for _, want := range []string{
		"content/projects/broken.md:3:8: start: date \"December 2019\" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12",
		"content/projects/broken.md:6:5: unknown country or group \"Bangaldesh\"; did you mean \"Bangladesh\"?",
		"layouts/funder.html:2:",
		"nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	after := snapshot(t, out)
	if len(before) != len(after) {
		t.Fatalf("output changed: %d entries, then %d", len(before), len(after))
	}
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed after a failed build", p)
		}
	}
}

func TestCheckWritesNothing(t *testing.T) {
	root := copySite(t)
	code, stdout, stderr := runCmd(t, "check", "--root", root)
	if code != 0 || !regexp.MustCompile(`\d+ projects`).MatchString(stdout) {
		t.Fatalf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "warning: no budget") {
		t.Errorf("check does not show warnings:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "public")); !os.IsNotExist(err) {
		t.Error("check wrote an output folder")
	}
}

func TestNew(t *testing.T) {
	root := copySite(t)
	code, stdout, stderr := runCmd(t, "new", "--root", root, "Digital government in Small Island States")
	if code != 0 {
		t.Fatalf("new: exit %d\n%s", code, stderr)
	}
	path := strings.TrimSpace(stdout)
	if filepath.Base(path) != "digital-government-in-small-island-states.md" {
		t.Errorf("new wrote %s", path)
	}
	// The scaffold is a valid draft: left out by default, built with --drafts.
	out := filepath.Join(root, "public")
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out, "--drafts"); code != 0 {
		t.Fatalf("build --drafts with the new file: exit %d\n%s", code, stderr)
	}
	page := filepath.Join(out, "projects", "digital-government-in-small-island-states", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Errorf("the new project's page was not built: %v", err)
	}
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if _, err := os.Stat(page); !os.IsNotExist(err) {
		t.Error("a draft was built without --drafts")
	}
	// Published without its placeholder text replaced, it builds with a warning.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("draft: true\n"), nil, 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "build", "--root", root, "--out", out)
	if code != 0 {
		t.Fatalf("build of an unedited new project: exit %d\n%s", code, stderr)
	}
	// Each example value and placeholder text left is a warning, at its
	// place in the file.
	var want []string
	key := "" // of the field the line is in
	for i, line := range strings.Split(string(data), "\n") {
		if k, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "#") {
			key = k
		}
		if value, ok := strings.CutSuffix(line, "  "+content.Example); ok {
			start := strings.LastIndex(value, ": ") + 2 // "key: value"
			if strings.HasPrefix(value, "  - ") {
				start = 4
			}
			want = append(want, fmt.Sprintf(":%d:%d: warning: %s: %q is still the example portfolio new wrote", i+1, start+1, key, value[start:]))
		}
		for _, text := range append([]string{content.Placeholder}, content.OtherPlaceholders...) {
			if j := strings.Index(line, text); j >= 0 {
				want = append(want, fmt.Sprintf(":%d:%d: warning: the body still has the placeholder text that portfolio new wrote", i+1, j+1))
			}
		}
	}
	if len(want) != 7 { // start, funding, countries and four section texts
		t.Errorf("the new file has %d example values and placeholder texts, want 7:\n%s", len(want), data)
	}
	for _, want := range want {
		if !strings.Contains(stderr, "digital-government-in-small-island-states.md"+want) {
			t.Errorf("build of an unedited new project: no warning %q in\n%s", want, stderr)
		}
	}
	if code, _, _ := runCmd(t, "new", "--root", root, "Digital government in Small Island States"); code != 1 {
		t.Errorf("new over an existing file: exit %d, want 1", code)
	}
	// Anywhere but a site's folder, new writes nothing.
	elsewhere := filepath.Join(root, "content", "projects")
	if code, _, stderr := runCmd(t, "new", "--root", elsewhere, "Lost"); code != 2 || !strings.Contains(stderr, "is not a site's folder") {
		t.Errorf("new outside a site: exit %d, want 2 and a word of it:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "content")); !os.IsNotExist(err) {
		t.Errorf("new outside a site made a folder there (%v)", err)
	}
}

func TestAsOf(t *testing.T) {
	tests := []struct {
		flag, env, want string
	}{
		{"", "", "2026-11-29"},
		{"2015-06-01", "", "2015-06-01"},
		{"", "1433116800", "2015-06-01"},
		{"2010-01-01", "1433116800", "2010-01-01"}, // the flag wins
	}
	for _, tt := range tests {
		t.Setenv("SOURCE_DATE_EPOCH", tt.env)
		got, err := asOfDate(tt.flag, now)
		if err != nil || got.Format("2006-01-02") != tt.want {
			t.Errorf("asOfDate(%q) with SOURCE_DATE_EPOCH=%q = %v, %v; want %s", tt.flag, tt.env, got, err, tt.want)
		}
	}
	if _, err := asOfDate("2015-13-01", now); err == nil {
		t.Error("a bad --as-of was accepted")
	}
	// Time travel: as of mid-2015 the IGF projects were current.
	root := copySite(t)
	out := filepath.Join(root, "public")
	t.Setenv("SOURCE_DATE_EPOCH", "")
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out, "--as-of", "2015-06-01"); code != 0 {
		t.Fatal(stderr)
	}
	current, err := os.ReadFile(filepath.Join(out, "current", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(current), "Internet Governance Forum secretariat, 2011–2015 (funded by Türkiye)") {
		t.Error("as of 2015-06-01 the Türkiye-funded IGF project is not current")
	}
}

func TestUsage(t *testing.T) {
	if code, _, stderr := runCmd(t); code != 2 || !strings.Contains(stderr, "Usage:") {
		t.Errorf("no arguments: exit %d", code)
	}
	if code, _, _ := runCmd(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, stderr := runCmd(t, "build", "-h"); code != 0 || !strings.Contains(stderr, "--as-of") && !strings.Contains(stderr, "-as-of") {
		t.Errorf("build -h: exit %d\n%s", code, stderr)
	}
	for _, cmd := range []string{"build", "check", "serve", "new"} {
		if code, _, stderr := runCmd(t, "help", cmd); code != 0 || !strings.HasPrefix(stderr, "Usage: portfolio "+cmd) {
			t.Errorf("help %s: exit %d\n%s", cmd, code, stderr)
		}
	}
	if code, stdout, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(stdout, "portfolio ") {
		t.Errorf("version: %d %q", code, stdout)
	}
}

func TestCheckExternal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	root := copySite(t)
	text := fmt.Sprintf("---\ntitle: Linked\nstart: 2020-01\nend: 2020-12\nfunding: [Brazil]\nbudget: 1\ncountries: [Togo]\nlink: %s/ok\n---\n\nSee [the report](%s/missing).\n", srv.URL, srv.URL)
	if err := os.WriteFile(filepath.Join(root, "content", "projects", "linked.md"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "check", "--root", root); code != 0 {
		t.Fatalf("check without --external fetches nothing and passes; exit %d\n%s", code, stderr)
	}
	code, _, stderr := runCmd(t, "check", "--root", root, "--external", "--timeout", "2s")
	if code != 1 || !strings.Contains(stderr, "content/projects/linked.md:11:5: external link "+srv.URL+"/missing: the server answers 404 Not Found") {
		t.Errorf("check --external: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, srv.URL+"/ok") {
		t.Errorf("a working link was reported:\n%s", stderr)
	}
}

// TestPublishedEqualsBuilt: what `portfolio build` leaves in the output
// folder — pages emitted as they render, downloads streamed a project at a
// time — is byte for byte what the build makes in memory, and a second
// build writes nothing.
func TestPublishedEqualsBuilt(t *testing.T) {
	root := copySite(t)
	out := filepath.Join(root, "public")
	if code, _, stderr := runCmd(t, "build", "--root", root, "--out", out, "--as-of", "2026-11-29"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	res := build.Run(os.DirFS(root), build.Options{AsOf: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	want := map[string]string{}
	for _, f := range res.Files {
		want[f.Path] = string(f.Data)
	}
	got := map[string]string{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(out, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	delete(got, ".gitkeep")
	delete(got, publish.ManifestName)
	if len(got) != len(want) {
		t.Errorf("published %d files, built %d", len(got), len(want))
	}
	for p, data := range want {
		if got[p] != data {
			t.Errorf("%s: published %d bytes, built %d, or they differ", p, len(got[p]), len(data))
		}
	}
	code, stdout, _ := runCmd(t, "build", "--root", root, "--out", out, "--as-of", "2026-11-29")
	if code != 0 || !strings.Contains(stdout, "(0 written,") {
		t.Errorf("second build: exit %d, %q; want nothing written", code, stdout)
	}
}

// TestProfiles: --cpuprofile and --memprofile write pprof files (gzipped);
// a profile that cannot be written fails the run before it starts.
func TestProfiles(t *testing.T) {
	root := copySite(t)
	cpu, mem := filepath.Join(root, "cpu.out"), filepath.Join(root, "mem.out")
	if code, _, stderr := runCmd(t, "check", "--root", root, "--cpuprofile", cpu, "--memprofile", mem); code != 0 {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		data, err := os.ReadFile(p)
		if err != nil || len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s: not a pprof profile (%d bytes, %v)", filepath.Base(p), len(data), err)
		}
	}
	for _, flag := range []string{"--cpuprofile", "--memprofile"} {
		code, stdout, stderr := runCmd(t, "check", "--root", root, flag, filepath.Join(root, "no", "such", "p.out"))
		if code != 1 || !strings.Contains(stderr, flag) || stdout != "" {
			t.Errorf("unwritable %s: exit %d, stdout %q, stderr %q; want exit 1 before the run", flag, code, stdout, stderr)
		}
	}
}
