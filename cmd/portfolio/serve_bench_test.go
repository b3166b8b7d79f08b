package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// genCorpus is the shared benchmark corpus generator, beside the repository.
func genCorpus(b *testing.B, n int) string {
	b.Helper()
	gen := os.Getenv("PORTFOLIO_GEN_CORPUS")
	if gen == "" {
		gen = filepath.Join("..", "..", "..", "shared", "bench", "gen_corpus.py")
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no corpus generator at %s (set PORTFOLIO_GEN_CORPUS)", gen)
	}
	dir := b.TempDir()
	out, err := exec.Command("python3", gen, "--n", fmt.Sprint(n), "--out", dir).CombinedOutput()
	if err != nil {
		b.Fatalf("gen_corpus: %v\n%s", err, out)
	}
	for _, name := range []string{"layouts", "assets", "translations", "site.yaml"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", "..", name))); err != nil && name != "site.yaml" {
			b.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "site.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkReload measures the time from saving a project file to the
// browser's reload event, through the watcher, a full rebuild and publish.
func BenchmarkReload(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"real", 0}, {"corpus1000", 1000}} {
		b.Run(c.name, func(b *testing.B) {
			var root string
			if c.n == 0 {
				root = copySite(b)
			} else {
				root = genCorpus(b, c.n)
			}
			p := startPreviewAt(b, root)
			files, _ := filepath.Glob(filepath.Join(p.root, "content", "projects", "*.md"))
			target := files[len(files)/2]
			orig, err := os.ReadFile(target)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := range b.N {
				edited := append([]byte(nil), orig...)
				edited = append(edited, fmt.Sprintf("\nEdit %d.\n", i)...)
				if err := os.WriteFile(target, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				p.awaitEvent(b, "reload")
			}
		})
	}
}
