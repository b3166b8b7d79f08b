package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/content"
	"portfolio/internal/diag"
	"portfolio/internal/export"
	"portfolio/internal/history"
	"portfolio/internal/linkcheck"
	"portfolio/internal/publish"
	"portfolio/internal/render"
)

// buildFlags are the flags build and check share.
type buildFlags struct {
	root, out, asOf, baseURL string
	drafts, external, noWait bool
	cpuProfile, memProfile   string
	concurrency              int
	timeout                  time.Duration
}

func (f *buildFlags) register(fs *flag.FlagSet, publishing bool) {
	fs.StringVar(&f.root, "root", ".", "the site's folder, holding content/, layouts/, assets/, translations/ and site.yaml")
	if publishing {
		fs.StringVar(&f.out, "out", "public", "the output folder (relative to the current folder): empty, or built before; never one holding the site's sources")
		fs.BoolVar(&f.noWait, "no-wait", false, "fail at once, rather than wait, when another build is writing the output folder")
	} else {
		fs.BoolVar(&f.external, "external", false, "also fetch every external link of the projects and report those that fail")
		fs.IntVar(&f.concurrency, "concurrency", 8, "with --external: requests in flight at once")
		fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "with --external: time allowed per request")
	}
	fs.StringVar(&f.asOf, "as-of", "", "the build date YYYY-MM-DD that statuses are derived for (default: SOURCE_DATE_EPOCH, else today)")
	fs.StringVar(&f.baseURL, "base-url", "", "the URL the site is published at, e.g. https://example.org/projects/ (default: site.yaml's base_url)")
	fs.BoolVar(&f.drafts, "drafts", false, "include projects marked draft: true")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this `file`, for go tool pprof")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a memory profile, taken at the end of the run, to this `file` (allocations; -sample_index=inuse_space for what is live)")
}

// asOfDate resolves the build date: --as-of, then SOURCE_DATE_EPOCH, then now.
func asOfDate(flagValue string, now time.Time) (time.Time, error) {
	if flagValue != "" {
		t, err := time.Parse("2006-01-02", flagValue)
		if err != nil {
			return time.Time{}, fmt.Errorf("--as-of %q: want a date YYYY-MM-DD", flagValue)
		}
		return t, nil
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return now.UTC(), nil
}

func cmdBuild(args []string, stdout, stderr io.Writer, now time.Time, publishing bool) (code int) {
	name := "check"
	if publishing {
		name = "build"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f buildFlags
	f.register(fs, publishing)
	fs.Usage = func() {
		if publishing {
			fmt.Fprintf(stderr, "Usage: portfolio build [flags]\n\nBuilds the site into the output folder. The folder is replaced only when the\nwhole site has built without error; otherwise it is left exactly as it was.\n\nFlags:\n")
		} else {
			fmt.Fprintf(stderr, "Usage: portfolio check [flags]\n\nValidates every project file and layout and reports every problem; writes nothing.\n\nFlags:\n")
		}
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portfolio %s: unexpected argument %q\n", name, fs.Arg(0))
		return 2
	}
	asOf, err := asOfDate(f.asOf, now)
	if err != nil {
		fmt.Fprintf(stderr, "portfolio %s: %v\n", name, err)
		return 2
	}

	stop, err := startProfiles(f.cpuProfile, f.memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "portfolio %s: %v\n", name, err)
		return 1
	}
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintf(stderr, "portfolio %s: %v\n", name, err)
			code = max(code, 1)
		}
	}()

	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// The heap grows to half again what is live, not twice: at 10,000
		// projects a quarter less memory at the peak for 5% more time.
		debug.SetGCPercent(50)
	}
	opts := build.Options{AsOf: asOf, Drafts: f.drafts, BaseURL: f.baseURL}
	out := f.out
	var tx *publish.Tx
	if publishing {
		// Stream the files into the output folder's staging area as they
		// are rendered; they become the site only if the build succeeds.
		err := publish.Guard(out, f.root, "content", "layouts", "assets", "translations", "static")
		if err == nil {
			tx, err = publish.Begin(out, publish.Options{NoWait: f.noWait, Waiting: func() {
				fmt.Fprintf(stderr, "portfolio build: another build is writing %q; waiting for it to finish (--no-wait fails instead)\n", out)
			}})
		}
		var refused *publish.Refusal
		switch {
		case errors.As(err, &refused):
			fmt.Fprintf(stderr, "portfolio build: %v\n", err)
			return 2
		case errors.Is(err, publish.ErrBusy):
			fmt.Fprintf(stderr, "portfolio build: another build is writing %q (--no-wait); nothing was written\n", out)
			return 1
		case err != nil:
			fmt.Fprintf(stderr, "portfolio build: preparing %q: %s; the folder is unchanged\n", out, diag.Printable(err.Error()))
			return 1
		}
		opts.Emit = tx.Put
		opts.Stream = func(d export.Download) { tx.PutStream(d.Path, d.Write) }
	} else {
		// Every file is made, so that layouts and links are checked, and
		// dropped as soon as it is: check holds no more than build does.
		opts.Emit = func(render.File) {}
		opts.Stream = func(d export.Download) { d.Write(io.Discard) } // its error is the build's
	}
	res := build.Run(datedFS(f.root, stderr, name), opts)
	if f.external && res.Site != nil {
		res.Diags = append(res.Diags, linkcheck.External(context.Background(), res.Site,
			linkcheck.ExternalOptions{Concurrency: f.concurrency, Timeout: f.timeout})...)
		res.Diags.Sort()
	}
	for _, d := range res.Diags {
		fmt.Fprintln(stderr, d)
	}
	errs, warns := res.Diags.Count(diag.Error), res.Diags.Count(diag.Warning)
	counts := fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		if tx != nil {
			tx.Abort()
		}
		if publishing {
			fmt.Fprintf(stderr, "portfolio build: failed with %s; nothing was written\n", counts)
		} else {
			fmt.Fprintf(stderr, "portfolio check: failed with %s\n", counts)
		}
		return 1
	}
	projects := plural(len(res.Site.Projects), "project")
	if res.Site.Drafts > 0 {
		projects += fmt.Sprintf(" (and %s left out; --drafts includes them)", plural(res.Site.Drafts, "draft"))
	}
	if !publishing {
		fmt.Fprintf(stdout, "portfolio check: %s, %d files as of %s: %s (%s)\n",
			projects, res.Paths, asOf.Format("2006-01-02"), counts, since(start))
		return 0
	}
	st, err := tx.Commit()
	if err != nil {
		fmt.Fprintf(stderr, "portfolio build: writing %q: %s; the folder is unchanged\n", out, diag.Printable(err.Error()))
		if refused := (*publish.Refusal)(nil); errors.As(err, &refused) {
			return 2
		}
		return 1
	}
	if kept := tx.Kept(); len(kept) > 0 {
		fmt.Fprintf(stderr, "portfolio build: kept %s in %q that the build did not write (%s); to publish such files from the site's sources, move them to static/\n",
			plural(len(kept), "file"), out, diag.Few(kept))
	}
	fmt.Fprintf(stdout, "portfolio build: %s → %d files in %s (%d written, %d unchanged, %d removed) as of %s: %s (%s)\n",
		projects, res.Paths, out, st.Written, st.Unchanged, st.Removed,
		asOf.Format("2006-01-02"), counts, since(start))
	return 0
}

// datedFS is the site's folder with each project file dated by its last
// commit (package history), so that what the site says of a project's last
// change is the same for every checkout of a commit. A failing git leaves
// the files' own times, with a note.
func datedFS(root string, stderr io.Writer, name string) fs.FS {
	dates, err := history.Dates(root, content.Dir)
	if err != nil {
		fmt.Fprintf(stderr, "portfolio %s: dating the project files by their Git history: %s; using the files' modification times\n", name, diag.Printable(err.Error()))
	}
	return history.NewFS(os.DirFS(root), dates)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func since(t time.Time) string {
	return time.Since(t).Round(time.Millisecond).String()
}
