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

// skeleton is the file `portfolio new` writes: valid as it stands (so the
// site still builds), with every field present or commented. The values
// required fields are filled with are marked content.Example (%[6]s), and
// the sections' texts are content's placeholders (%[5]s, %[7]s to %[9]s):
// a project published with any of them left is warned of.
const skeleton = `---
# Values marked "%[6]s" are examples: replace each, and delete the mark.
# Required. The project's name as readers should see it.
title: %[1]s
# Optional project code, e.g. "1617B".
# code: ""
# Optional. The page address is /projects/<slug>/; default: the file name.
# slug: %[2]s
# Required. YYYY-MM or YYYY-MM-DD.
start: %[3]s  %[6]s
# Optional. Leave out for open-ended work; a month means its last day.
# end: %[4]s
# Optional. Normally derived from the dates: upcoming, current or past.
# status: current
# Required, at least one donor or funding mechanism.
funding:
  - Development Account (DA)  %[6]s
# Optional. US dollars as a plain number (no "US$", no commas). Left out, the page says "not stated".
# budget: 500000
# Optional. Default: the site's division (site.yaml).
# division: DPADM
# Required, at least one: a country (name, short name or ISO code), an M49 region
# such as "Africa", or a group such as "Least Developed Countries".
countries:
  - Least Developed Countries  %[6]s
# Optional partner organisations.
# partners:
#   - United Nations Development Programme (UNDP)
# Optional. An http or https address of the project's own page.
# link: https://example.org/
# Optional. Sustainable Development Goal numbers, 1 to 17.
# sdgs: [16, 17]
# Drafts are left out of the site unless built with --drafts.
draft: true
---

## Brief description

%[5]s

## Objective

%[7]s

## Main expectations

- %[8]s

## Key accomplishments

%[9]s
`

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
	month := now.Format("2006-01")
	other := content.OtherPlaceholders
	text := fmt.Sprintf(skeleton, strconv.Quote(title), slug, month, now.AddDate(1, 0, 0).Format("2006-01"),
		content.Placeholder, content.Example, other[0], other[1], other[2])
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
