package content

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLoadSymlinksOutside: a symbolic link in content/ that leads outside
// the site, at once, through another link or through a linked folder, is
// an error and is not read; one that stays inside is read as before.
func TestLoadSymlinksOutside(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "site")
	projects := filepath.Join(root, "content", "projects")
	secret := filepath.Join(dir, "secret.md")
	for _, f := range []string{secret, filepath.Join(projects, "in.md"), filepath.Join(root, "notes", "kept.md"), filepath.Join(dir, "elsewhere", "x.md")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(yamlProject("title: "+filepath.Base(f))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(root, "notes", "away")); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ name, target string }{
		{"alias.md", "in.md"},                       // inside: read
		{"notes.md", "../../notes/kept.md"},         // inside the site: read
		{"up.md", "../../../secret.md"},             // relative, outside
		{"abs.md", secret},                          // absolute
		{"chain.md", "up.md"},                       // through another link
		{"via-folder.md", "../../notes/away/x.md"},  // through a linked folder
		{"folder", filepath.Join(dir, "elsewhere")}, // a folder outside
	} {
		if err := os.Symlink(l.target, filepath.Join(projects, l.name)); err != nil {
			t.Fatal(err)
		}
	}
	projs, l := Load(os.DirFS(root), NewParser(false))
	var got []string
	for _, p := range projs {
		got = append(got, p.Path)
	}
	if want := []string{"content/projects/alias.md", "content/projects/in.md", "content/projects/notes.md"}; !slices.Equal(got, want) {
		t.Errorf("read %q; want %q", got, want)
	}
	l.Sort()
	msg := func(name, target string) string {
		return name + `: symbolic link to "` + target + `" leads outside the site, which publishes only its own files; copy the file into content/projects instead`
	}
	want := []string{
		msg("content/projects/abs.md", secret),
		msg("content/projects/chain.md", "../../../secret.md"),
		msg("content/projects/folder", filepath.Join(dir, "elsewhere")),
		msg("content/projects/up.md", "../../../secret.md"),
		msg("content/projects/via-folder.md", filepath.Join(dir, "elsewhere")),
	}
	if got := strs(l); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%q\nwant\n%q", got, want)
	}

	// The whole content folder a link to elsewhere.
	root2 := filepath.Join(dir, "site2")
	if err := os.MkdirAll(root2, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "content"), filepath.Join(root2, "content")); err != nil {
		t.Fatal(err)
	}
	projs, l = Load(os.DirFS(root2), NewParser(false))
	if want := []string{msg("content", filepath.Join(root, "content"))}; len(projs) != 0 || !slices.Equal(strs(l), want) {
		t.Errorf("content linked outside: %d projects, %q; want none and %q", len(projs), strs(l), want)
	}
}
