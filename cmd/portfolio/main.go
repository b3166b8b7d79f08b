// Command portfolio builds the division's project site from content/,
// layouts/ and assets/ into public/, checks project files, previews the site
// with live reload while it is edited, and starts new project files. It is
// the only part of portfolio that reads the clock, the command line and the
// environment, or exits.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// version is set at link time (-ldflags "-X main.version=..."); "dev" otherwise.
var version = "dev"

const usage = `portfolio builds a static site of projects from Markdown files.

Usage:
  portfolio build [flags]      build the site into public/
  portfolio check [flags]      validate every project file, write nothing
  portfolio serve [flags]      preview the site at http://127.0.0.1:1313/, rebuilding as files change
  portfolio new "Title"        start a new project file in content/projects/
  portfolio version            print the version

Run "portfolio <command> -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, time.Now()))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer, now time.Time) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr, now, true)
	case "check":
		return cmdBuild(args[1:], stdout, stderr, now, false)
	case "serve":
		return cmdServe(args[1:], stdout, stderr, now)
	case "new":
		return cmdNew(args[1:], stdout, stderr, now)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "portfolio %s\n", version)
		return 0
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" && slices.Contains([]string{"build", "check", "serve", "new"}, args[1]) {
			return run([]string{args[1], "-help"}, stdout, stderr, now) // "portfolio help build"
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "portfolio: unknown command %q\n\n%s", args[0], usage)
	return 2
}
