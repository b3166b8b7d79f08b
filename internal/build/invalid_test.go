package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/publish"
)

// The invalid sites under testdata/invalid are what an editor sees when
// something is wrong, end to end. Each folder is one site, holding only
// what differs from a site with the repository's own layouts and assets:
//
//	content/projects/*.md  the project files, hostile ones included
//	site.yaml              optional; absent means the defaults
//	layouts/, assets/      optional; each file replaces the repository's
//	                       file of that name (a broken layout, say)
//	removed.txt            optional; files of the repository's layouts/ or
//	                       assets/ the site lacks, one path a line
//	want.txt               the exact diagnostics, one per line as
//	                       diag.Diagnostic.String() prints them, in build order
//
// What should not or cannot be committed — a 50 MB file, a symlink loop,
// an unreadable file — is made at run time by setups. A case named
// "valid-..." must build; every other case must fail with at least one
// error, through build.Run and through the real command, which must exit 1
// and leave an existing output folder exactly as it was.
//
// Run go test ./internal/build -run TestInvalidSites -update to rewrite
// want.txt, then read every message the diff adds: it must name the file,
// line and column where there is one, say what was expected, and suggest
// a fix where it can.

const invalidDir = "testdata/invalid"

// setups make a case's files that cannot be committed, in its copy at root.
var setups = map[string]func(t *testing.T, root string){
	"file-50mb": func(t *testing.T, root string) {
		front := "---\ntitle: \"Fifty megabytes\"\nstart: 2019-01\nfunding: [Brazil]\nbudget: 1000\ncountries: [Nepal]\n---\n\n"
		line := []byte("A runaway export that pasted the same paragraph again and again.\n")
		chunk := bytes.Repeat(line, (1<<20)/len(line)+1)[:1<<20]
		data := make([]byte, 0, 50<<20)
		data = append(data, front...)
		for len(data) < 50<<20 {
			data = append(data, chunk[:min(len(chunk), 50<<20-len(data))]...)
		}
		writeFile(t, filepath.Join(root, content.Dir, "file-50mb.md"), data)
	},
	// A body of "[](" repeated to the size limit, which goldmark would
	// read in time quadratic in its length.
	"markdown-open-links": func(t *testing.T, root string) {
		front := "---\ntitle: \"Links left open\"\nstart: 2019-01\nfunding: [Brazil]\nbudget: 1000\ncountries: [Nepal]\n---\n\n"
		body := strings.Repeat("[](", (content.MaxFileSize-len(front))/3)
		mkdir(t, filepath.Join(root, content.Dir))
		writeFile(t, filepath.Join(root, content.Dir, "markdown-open-links.md"), []byte(front+body))
	},
	// Files whose names hold escape sequences, which would clear the
	// terminal, retitle its window and colour what follows: every message
	// must print them escaped. One is a project file with an error, one a
	// file that is not a project file, and one a symbolic link out.
	"escape-in-name": func(t *testing.T, root string) {
		dir := filepath.Join(root, content.Dir)
		writeFile(t, filepath.Join(dir, "\x1b[2J\x1b]0;pwned\x07red\x1b[31m.md"), []byte("---\ntitle: \"T\"\nstart: 2019-13\nfunding: [Brazil]\nbudget: 1000\ncountries: [Nepal]\n---\nBody.\n"))
		writeFile(t, filepath.Join(dir, "notes\x9b31m.txt"), []byte("notes"))
		if err := os.Symlink("/etc/\x1b[5mhostname", filepath.Join(dir, "out\x1b[0m.md")); err != nil {
			t.Fatal(err)
		}
	},
	"symlink-loop": func(t *testing.T, root string) {
		dir := filepath.Join(root, content.Dir)
		mkdir(t, dir)
		for _, l := range []struct{ name, target string }{
			{"symlink-loop.md", "symlink-loop.md"}, // a link to itself
			{"loop-a.md", "loop-b.md"},             // two links to each other
			{"loop-b.md", "loop-a.md"},
			{"loop-dir", "."}, // a folder link back to its own folder
		} {
			if err := os.Symlink(l.target, filepath.Join(dir, l.name)); err != nil {
				t.Fatal(err)
			}
		}
	},
	"unreadable-file": func(t *testing.T, root string) {
		if err := os.Chmod(filepath.Join(root, content.Dir, "unreadable-file.md"), 0); err != nil {
			t.Fatal(err)
		}
	},
}

// skip says why a case cannot be checked in this environment, or "".
func skip(name string) string {
	if name == "unreadable-file" && os.Geteuid() == 0 {
		return "running as root, which reads every file whatever its mode"
	}
	return ""
}

func caseNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(invalidDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		t.Fatalf("no cases in %s", invalidDir)
	}
	return names
}

// materialize writes a case into a new folder — the repository's layouts
// and assets, with the case's files laid over them and its removed.txt
// taken away — runs its setup, and returns the folder. The folder is on
// disk because the real command reads it too.
func materialize(t *testing.T, name string) string {
	t.Helper()
	site := fstest.MapFS{}
	add(t, site, os.DirFS(filepath.Join("..", "..")), "layouts", "assets", "translations")
	add(t, site, os.DirFS(filepath.Join(invalidDir, name)), ".")
	delete(site, "want.txt")
	if list, ok := site["removed.txt"]; ok {
		delete(site, "removed.txt")
		for _, p := range strings.Fields(string(list.Data)) {
			if _, ok := site[p]; !ok {
				t.Fatalf("%s/%s/removed.txt: %s is not a file of the repository's layouts or assets", invalidDir, name, p)
			}
			delete(site, p)
		}
	}
	root := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(root, site); err != nil {
		t.Fatal(err)
	}
	mkdir(t, filepath.Join(root, content.Dir))
	if setup := setups[name]; setup != nil {
		setup(t, root)
	}
	return root
}

// add puts the files under each of dirs in fsys into site, over any
// already there.
func add(t *testing.T, site fstest.MapFS, fsys fs.FS, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			site[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	mkdir(t, filepath.Dir(name))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// diagLines returns what the build reported, one diagnostic per line.
func diagLines(res Result) []string {
	out := make([]string, len(res.Diags))
	for i, d := range res.Diags {
		out[i] = d.String()
	}
	return out
}

// readWant returns a case's want.txt, one diagnostic per line.
func readWant(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(invalidDir, name, "want.txt"))
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if len(data) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// wantText is want.txt for diagnostics lines.
func wantText(lines []string) []byte {
	if len(lines) == 0 {
		return nil
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// TestInvalidSites builds every case in testdata/invalid and expects exactly
// the diagnostics in its want.txt, all of them from one run.
func TestInvalidSites(t *testing.T) {
	start := time.Now()
	t.Cleanup(func() { t.Logf("%d cases in %v", len(caseNames(t)), time.Since(start).Round(time.Millisecond)) })
	for _, name := range caseNames(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if why := skip(name); why != "" {
				t.Skip(why)
			}
			root := materialize(t, name)
			res := Run(os.DirFS(root), Options{AsOf: asOf})
			got := diagLines(res)
			valid := strings.HasPrefix(name, "valid-")
			switch {
			case valid && res.Diags.HasErrors():
				t.Errorf("a valid site failed to build:\n%v", res.Diags.Err())
			case !valid && !res.Diags.HasErrors():
				t.Errorf("built without errors; an invalid case must fail")
			}
			for _, d := range res.Diags {
				if d.Path == "" {
					t.Errorf("%q names no file", d)
				}
			}
			if *update {
				writeFile(t, filepath.Join(invalidDir, name, "want.txt"), wantText(got))
			}
			if want := readWant(t, name); !slices.Equal(got, want) {
				t.Errorf("diagnostics differ from %s/%s/want.txt (run with -update if the change is intended)\n%s",
					invalidDir, name, lineDiff(want, got))
			}
			checkCommand(t, root, got, valid)
		})
	}
}

// notTogether lists the content-only cases whose diagnostics another file's
// errors hide, and why. Each is a limitation to lift, not a design.
var notTogether = map[string]string{
	"link-javascript": "build.Run checks links only when nothing else failed, so a bad link shows only once every other error is fixed",
	"images":          "build.Run checks that images exist only when nothing else failed, as it does links",
}

// TestInvalidSitesTogether puts every content-only case's files in one site
// and expects every case's diagnostics from one build: one bad file never
// hides another's problems.
func TestInvalidSitesTogether(t *testing.T) {
	root := filepath.Join(t.TempDir(), "site")
	copyTree(t, filepath.Join("..", "..", "assets"), filepath.Join(root, "assets"))
	copyTree(t, filepath.Join("..", "..", "layouts"), filepath.Join(root, "layouts"))
	copyTree(t, filepath.Join("..", "..", "translations"), filepath.Join(root, "translations"))
	var want []string
	for _, name := range caseNames(t) {
		src := filepath.Join(invalidDir, name)
		if strings.HasPrefix(name, "valid-") || skip(name) != "" || !contentOnly(src) {
			continue
		}
		if why := notTogether[name]; why != "" {
			t.Logf("leaving out %s: %s", name, why)
			continue
		}
		if exists(filepath.Join(src, "content")) {
			copyTree(t, filepath.Join(src, "content"), filepath.Join(root, "content"))
		}
		mkdir(t, filepath.Join(root, content.Dir))
		if setup := setups[name]; setup != nil {
			setup(t, root)
		}
		want = append(want, readWant(t, name)...)
	}
	res := Run(os.DirFS(root), Options{AsOf: asOf})
	// Run's order is checked case by case; here what matters is that every
	// line of every case is there, and nothing else.
	got := diagLines(res)
	slices.Sort(got)
	slices.Sort(want)
	want = slices.Compact(want) // the site's own warnings are in every case once, and in this build once
	if !slices.Equal(got, want) {
		t.Errorf("one build of every case's files differs from the cases' want.txt together:\n%s", lineDiff(want, got))
	}
}

// contentOnly reports whether the case in dir changes nothing but content
// (and so can share a site with the other such cases).
func contentOnly(dir string) bool {
	for _, name := range []string{"site.yaml", "layouts", "assets", "removed.txt"} {
		if exists(filepath.Join(dir, name)) {
			return false
		}
	}
	return true
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// lineDiff lists the lines only in want and only in got.
func lineDiff(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "+ %s\n", g)
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "same lines, different order:\nwant:\n  %s\ngot:\n  %s\n", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
	}
	return b.String()
}

// TestHostileFilesFailFast parses the hostile cases and bigger versions of
// them, and expects each to be refused in little memory. (The time each
// took is logged; the limits that bound it are tested in internal/content.)
func TestHostileFilesFailFast(t *testing.T) {
	front := "---\ntitle: \"Hostile\"\nstart: 2019-01\nfunding: [Brazil]\nbudget: 1000\n"
	body := front + "countries: [Nepal]\n---\n\n"
	half := content.MaxFileSize/2 - 256 // each of two halves that fill a file
	generated := map[string]string{
		// As deep as MaxFileSize allows, in YAML's flow and block styles.
		"yaml-flow.md":  front + "countries: " + strings.Repeat("[", half) + strings.Repeat("]", half) + "\n---\n",
		"yaml-block.md": front + "countries:\n" + deepBlock(480) + "---\n",
		// Ten levels of nine aliases: 9^10 "lol"s if expanded.
		"yaml-bomb-10.md": front + "countries: [Nepal]\n" + bomb(10) + "---\n",
		// Markdown that goldmark parses in time quadratic or worse in its
		// nesting, or expands without bound.
		"body-nested-quotes.md":   body + strings.Repeat("> ", half) + "quoted\n",
		"body-nested-lists.md":    body + strings.Repeat("- ", half) + "item\n",
		"body-indented-lists.md":  body + indentedList(480),
		"body-table-cells.md":     body + strings.Repeat("|a", 4000) + "\n" + strings.Repeat("|-", 4000) + "\n" + strings.Repeat("|b\n", (content.MaxFileSize-20_000)/3),
		"body-reference-bomb.md":  body + "[a]: /" + strings.Repeat("a", half) + "\n\n" + strings.Repeat("[a]", half/3-100) + "\n",
		"body-reference-bomb2.md": body + "[a]: /" + strings.Repeat("a", 20_000) + "\n\n" + strings.Repeat("[a]", 1_000) + "\n",
	}
	cases := []string{"yaml-alias-bomb", "yaml-deep-nesting", "file-50mb"}
	for name := range generated {
		cases = append(cases, name)
	}
	slices.Sort(cases)
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			var root string
			if src, ok := generated[name]; ok {
				if len(src) > content.MaxFileSize {
					t.Fatalf("generated %d bytes, more than MaxFileSize", len(src))
				}
				root = t.TempDir()
				writeFile(t, filepath.Join(root, content.Dir, name), []byte(src))
			} else {
				root = materialize(t, name)
			}
			fsys := os.DirFS(root)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, l := content.Load(fsys, content.NewParser(false))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v, %d MiB allocated: %v", took.Round(time.Millisecond), alloc>>20, l)
			if !l.HasErrors() {
				t.Errorf("accepted")
			}
			if alloc > 256<<20 {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
		})
	}
}

// deepBlock returns YAML block lists nested depth deep.
func deepBlock(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", 2*i+2))
		b.WriteString("-\n")
	}
	return b.String()
}

// indentedList returns a list nested depth deep by indentation, each item
// two columns further in than the one before.
func indentedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- item\n")
	}
	return b.String()
}

// bomb returns a YAML "billion laughs" of the given number of levels.
func bomb(levels int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < levels; i++ {
		a := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.Repeat(a+", ", 8)+a)
	}
	return b.String()
}

// The portfolio command, built once for the package's tests by command and
// removed by TestMain.
var (
	commandOnce sync.Once
	commandDir  string
	commandPath string
	commandErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if commandDir != "" {
		os.RemoveAll(commandDir)
	}
	os.Exit(code)
}

// command returns the path of the portfolio command, building it on first
// use (so that fuzzing workers and -run filters that never need it do not
// pay for it).
func command(t *testing.T) string {
	t.Helper()
	commandOnce.Do(func() {
		commandDir, commandErr = os.MkdirTemp("", "portfolio-command-")
		if commandErr != nil {
			return
		}
		commandPath = filepath.Join(commandDir, "portfolio")
		out, err := exec.Command("go", "build", "-o", commandPath, "portfolio/cmd/portfolio").CombinedOutput()
		if err != nil {
			commandErr = fmt.Errorf("go build ./cmd/portfolio: %v\n%s", err, out)
		}
	})
	if commandErr != nil {
		t.Fatal(commandErr)
	}
	return commandPath
}

// checkCommand runs `portfolio build` on root over an existing output
// folder. An invalid site must exit 1, print want and a summary, leave the
// folder exactly as it was and nothing beside it (such as a staging
// folder); a valid one must exit 0 and publish. `portfolio check` must
// say the same.
func checkCommand(t *testing.T, root string, want []string, valid bool) {
	t.Helper()
	defer checkCheck(t, root, want, valid)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, text := range map[string]string{
		"index.html":                 "<p>The site as it was.</p>\n",
		"projects/old/index.html":    "<p>A project page.</p>\n",
		"assets/style.00000000.css":  "body{}\n",
		"countries/nepal/index.html": "<p>Nepal.</p>\n",
		// As a build wrote them.
		publish.ManifestName: "assets/style.00000000.css\ncountries/nepal/index.html\nindex.html\nprojects/old/index.html\n",
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		writeFile(t, p, []byte(text))
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	before, beside := snapshot(t, out), names(t, parent)

	cmd := exec.Command(command(t), "build", "--root", root, "--out", out, "--as-of", asOf.Format("2006-01-02"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	code := cmd.ProcessState.ExitCode()
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if stderr.Len() == 0 {
		lines = nil
	}

	if valid {
		if code != 0 {
			t.Fatalf("portfolio build: exit %d, want 0\n%s", code, stderr.String())
		}
		if !slices.Equal(lines, want) {
			t.Errorf("portfolio build printed other diagnostics than build.Run:\n%s", lineDiff(want, lines))
		}
		if _, err := os.Stat(filepath.Join(out, "projects", "old")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a valid build left a stale page in the output: %v", err)
		}
		return
	}
	if code != 1 {
		t.Errorf("portfolio build: exit %d, want 1\n%s", code, stderr.String())
	}
	if len(lines) == 0 || !strings.HasSuffix(lines[len(lines)-1], "; nothing was written") {
		t.Errorf("portfolio build: no summary line saying nothing was written:\n%s", stderr.String())
	} else if !slices.Equal(lines[:len(lines)-1], want) {
		t.Errorf("portfolio build printed other diagnostics than build.Run:\n%s", lineDiff(want, lines[:len(lines)-1]))
	}
	if stdout.Len() > 0 {
		t.Errorf("portfolio build printed to stdout on failure: %q", stdout.String())
	}
	after := snapshot(t, out)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed after a failed build", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared after a failed build", p)
		}
	}
	if now := names(t, parent); !slices.Equal(now, beside) {
		t.Errorf("beside the output folder, %v became %v after a failed build", beside, now)
	}
}

// checkCheck runs `portfolio check` on root: it must exit as build does
// and print want, then its summary line when the site is invalid.
func checkCheck(t *testing.T, root string, want []string, valid bool) {
	t.Helper()
	cmd := exec.Command(command(t), "check", "--root", root, "--as-of", asOf.Format("2006-01-02"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if stderr.Len() == 0 {
		lines = nil
	}
	code := cmd.ProcessState.ExitCode()
	if !valid {
		if code != 1 || len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], "portfolio check: failed with ") {
			t.Errorf("portfolio check: exit %d, want 1 with a summary line\n%s", code, stderr.String())
			return
		}
		lines = lines[:len(lines)-1]
	} else if code != 0 {
		t.Errorf("portfolio check: exit %d, want 0\n%s", code, stderr.String())
	}
	if !slices.Equal(lines, want) {
		t.Errorf("portfolio check printed other diagnostics than build.Run:\n%s", lineDiff(want, lines))
	}
}

// names lists the entries of dir, hidden ones included.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// snapshot records every file and folder under dir with its mode,
// modification time and contents, so that "unchanged" means unchanged.
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
		data := []byte(nil)
		if info.Mode().IsRegular() {
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		out[p] = fmt.Sprintf("%v %v %q", info.Mode(), info.ModTime().UnixNano(), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestValidQuirks makes sure the valid-quirks case still holds its quirks
// (a checkout that converted line endings would quietly lose them), and that
// they do not leak into what is built.
func TestValidQuirks(t *testing.T) {
	name := filepath.Join(invalidDir, "valid-quirks", "content", "projects", "valid-quirks.md")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeff")) || bytes.Count(data, []byte("\r\n")) != bytes.Count(data, []byte("\n")) {
		t.Fatalf("%s has lost its byte-order mark or CRLF line endings", name)
	}
	res := Run(os.DirFS(materialize(t, "valid-quirks")), Options{AsOf: asOf})
	if res.Diags.HasErrors() || len(res.Site.Projects) != 1 {
		t.Fatalf("did not build: %v", res.Diags.Err())
	}
	p := res.Site.Projects[0]
	if p.Title != "Saved with a byte-order mark and Windows line endings" || p.Slug != "valid-quirks" || p.End.String() != "2019-12" {
		t.Errorf("read as title %q, slug %q, end %v", p.Title, p.Slug, p.End)
	}
	if strings.ContainsAny(string(p.Body)+p.Text, "\r\ufeff") || len(p.Sections) != 1 || p.Sections[0].Title != "Brief description" {
		t.Errorf("quirks leak into the body: %q, sections %v", p.Body, p.Sections)
	}
}
