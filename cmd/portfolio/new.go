package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

// skeleton returns the file `portfolio new` writes: valid as it stands (so
// the site still builds), with every field of content.Fields present or
// commented, after its help. The values required fields are filled with
// are marked content.Example, and the sections' texts are content's
// placeholders: a project published with any of them left is warned of.
func skeleton(title, slug string, now time.Time) string {
	given := map[string]string{"title": strconv.Quote(title), "slug": slug,
		"start": now.Format("2006-01"), "end": now.AddDate(1, 0, 0).Format("2006-01")}
	var b strings.Builder
	fmt.Fprintf(&b, "---\n# Values marked %q are examples: replace each, and delete the mark.\n", content.Example)
	for _, f := range content.Fields {
		need := "Optional."
		if f.Required {
			need = "Required."
		}
		fmt.Fprintf(&b, "# %s %s\n", need, strings.TrimSpace(f.Help+" "+f.Rule))
		yaml := f.YAML(given[f.Key])
		switch {
		case f.Key == "draft": // left out of the site until the editor says
		case f.Required && f.Key != "title":
			yaml += "  " + content.Example
		case !f.Required:
			yaml = "# " + strings.ReplaceAll(yaml, "\n", "\n# ")
		}
		b.WriteString(yaml + "\n")
	}
	other := content.OtherPlaceholders
	fmt.Fprintf(&b, "---\n\n## Brief description\n\n%s\n\n## Objective\n\n%s\n\n## Main expectations\n\n- %s\n\n## Key accomplishments\n\n%s\n",
		content.Placeholder, other[0], other[1], other[2])
	return b.String()
}

func cmdNew(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "the site's folder")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: portfolio new [flags] \"Project title\"\n\nWrites content/projects/<slug>.md, a draft with every field explained,\nand prints its path. It never overwrites a file.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	title := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if title == "" {
		fmt.Fprintf(stderr, "portfolio new: give the project's title, e.g. portfolio new \"Digital government in Small Island Developing States\"\n\n")
		fs.Usage()
		return 2
	}
	if !isSite(*root) {
		fmt.Fprintf(stderr, "portfolio new: %s is not a site's folder (it has neither %s nor content/); run it in the site's folder, or pass --root\n", *root, site.SettingsFile)
		return 2
	}
	slug := content.Slugify(title)
	if slug == "" {
		fmt.Fprintf(stderr, "portfolio new: cannot make a file name from %q; use letters or digits\n", title)
		return 2
	}
	if len(slug) > 80 {
		slug = strings.TrimRight(slug[:80], "-")
	}
	dir := filepath.Join(*root, filepath.FromSlash(content.Dir))
	path := filepath.Join(dir, slug+".md")
	text := skeleton(title, slug, now)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "portfolio new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "portfolio new: %s already exists; choose another title or edit that file\n", path)
		} else {
			fmt.Fprintf(stderr, "portfolio new: %v\n", err)
		}
		return 1
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "portfolio new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", path)
	fmt.Fprintf(stderr, "Created a draft: fill it in, set draft: false (or remove it), then run `make build`.\n")
	return 0
}

// isSite reports whether root looks like a site's folder: one with
// site.yaml or content/, so that new, run from a subfolder or elsewhere,
// does not start a site of its own there.
func isSite(root string) bool {
	for _, name := range []string{site.SettingsFile, "content"} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			return true
		}
	}
	return false
}
