// Command bench measures portfolio against Hugo, building the same corpus
// with the shared Hugo site when hugo is installed, and against the floor:
// the least any generator must do — read every project file, convert its
// Markdown body with the same goldmark configuration, and write the HTML
// out.
//
//	go run ./internal/bench [--sizes 1000,10000] [--gen ../shared/bench/gen_corpus.py]
//	go run ./internal/bench floor DIR OUT     (the floor program itself)
//	go run ./internal/bench run CMD ARGS...   (runs CMD and reports its cost)
//
// For each corpus size it generates a deterministic corpus with the shared
// generator, then runs, each as a separate process measured with wait4's
// resource usage, three times (the median is reported, since the machine
// may be shared): the floor; a cold build into an empty folder; a no-op
// rebuild; and a rebuild after editing one project. It prints wall time,
// CPU time, peak RSS, output size and files written, and each wall time
// as a ratio to the floor measured in the same run; and what the site asks
// of a reader's connection (build.Weigh): its largest page, and what a
// search fetches before it shows results. Allocations are
// counted in process with runtime.MemStats around one build.Run.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/content"
	"portfolio/internal/export"
)

func main() {
	if len(os.Args) > 2 && os.Args[1] == "run" {
		os.Exit(runChild(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		if len(os.Args) != 4 {
			fmt.Fprintln(os.Stderr, "usage: bench floor DIR OUT")
			os.Exit(2)
		}
		if err := floor(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	sizes := flag.String("sizes", "1000,10000", "corpus sizes, comma-separated (add 100000 for the large run)")
	gen := flag.String("gen", filepath.Join("..", "shared", "bench", "gen_corpus.py"), "the corpus generator")
	work := flag.String("work", "", "folder for corpora and outputs (default: a temporary folder)")
	flag.Parse()
	if err := run(*sizes, *gen, *work); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// measurement is one process's cost.
type measurement struct {
	wall, cpu time.Duration
	rssKiB    int64
	out       string // its last line of output
}

// measure runs a command and returns its cost. It runs it through this
// program's run mode: a child started straight from this process would
// inherit, in its peak RSS, this process's own (Linux forks it sharing
// this process's memory until it execs), and at 10,000 projects that is
// more than the floor's.
func measure(name string, args ...string) (measurement, error) {
	self, err := os.Executable()
	if err != nil {
		return measurement{}, err
	}
	cmd := exec.Command(self, append([]string{"run", name}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	text, usage, _ := strings.Cut(out.String(), "\n"+usageTag+" ")
	var m measurement
	if _, serr := fmt.Sscan(usage, &m.wall, &m.cpu, &m.rssKiB); serr != nil && err == nil {
		err = fmt.Errorf("no usage reported: %v", serr)
	}
	if err != nil {
		return m, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, lastLines(text, 5))
	}
	m.out = lastLines(text, 1)
	return m, nil
}

// usageTag starts the line on which run mode reports its child's cost.
const usageTag = "bench-usage:"

// runChild runs args as a command, passing its output through, and then
// reports on a line of its own its wall time, CPU time (both in
// nanoseconds) and peak RSS in KiB. It returns the exit code for run mode.
func runChild(args []string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var cpu time.Duration
	var rss int64
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			cpu, rss = time.Duration(ru.Utime.Nano()+ru.Stime.Nano()), ru.Maxrss
		}
	}
	fmt.Printf("\n%s %d %d %d\n", usageTag, int64(wall), int64(cpu), rss)
	if err != nil {
		fmt.Fprintln(os.Stdout, err)
		return 1
	}
	return 0
}

// median runs one measurement three times and returns the one with the
// median wall time.
func median(run func(i int) (measurement, error)) (measurement, error) {
	var ms []measurement
	for i := range 3 {
		m, err := run(i)
		if err != nil {
			return m, err
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b measurement) int { return cmp.Compare(a.wall, b.wall) })
	return ms[1], nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func run(sizes, gen, work string) error {
	if work == "" {
		dir, err := os.MkdirTemp("", "portfolio-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat(gen); err != nil {
		return fmt.Errorf("no corpus generator at %s: set GEN= (make) or --gen to the shared bench/gen_corpus.py", gen)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bin := filepath.Join(work, "portfolio")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/portfolio").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	fmt.Printf("portfolio benchmark, %s, %d cores, %s, working in %s\n\n", runtime.Version(), runtime.NumCPU(), time.Now().UTC().Format("2006-01-02"), work)

	// The real site first: the 14 projects, cold into an empty folder.
	realOut := filepath.Join(work, "real-out")
	real, err := median(func(int) (measurement, error) {
		os.RemoveAll(realOut)
		return measure(bin, "build", "--out", realOut, "--as-of", "2026-11-29")
	})
	if err != nil {
		return err
	}
	fmt.Printf("real site (14 projects): cold build %v wall, %v CPU, %d MiB peak RSS (median of 3)\n\n", real.wall.Round(time.Millisecond), real.cpu.Round(time.Millisecond), real.rssKiB>>10)

	fmt.Println("Each figure is the median of three runs; rebuilds are full builds that write only the files whose bytes changed.")
	fmt.Printf("%-8s %-22s %10s %10s %9s %10s %8s %s\n", "projects", "run", "wall", "CPU", "peak RSS", "output", "vs floor", "files")
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			return fmt.Errorf("--sizes: %v", err)
		}
		if err := corpusRun(work, gen, self, bin, n); err != nil {
			return err
		}
	}
	return nil
}

var written = regexp.MustCompile(`\((\d+) written, (\d+) unchanged, (\d+) removed\)`)

func corpusRun(work, gen, self, bin string, n int) error {
	dir := filepath.Join(work, fmt.Sprintf("corpus-%d", n))
	if out, err := exec.Command("python3", gen, "--n", strconv.Itoa(n), "--out", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", gen, err, out)
	}
	if err := dropUnlisted(dir); err != nil {
		return err
	}
	for _, name := range []string{"layouts", "assets", "translations"} {
		// Those of a run before in the same --work go: CopyFS writes no file twice.
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(name)); err != nil {
			return err
		}
	}
	settings, err := os.ReadFile("site.yaml")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), settings, 0o644); err != nil {
		return err
	}
	floorOut, siteOut := filepath.Join(work, fmt.Sprintf("floor-%d", n)), filepath.Join(work, fmt.Sprintf("out-%d", n))
	fl, err := median(func(int) (measurement, error) {
		os.RemoveAll(floorOut)
		return measure(self, "floor", dir, floorOut)
	})
	if err != nil {
		return err
	}
	row := func(label string, m measurement, out string) {
		size := "-"
		if out != "" {
			size = fmt.Sprintf("%d MiB", dirSize(out)>>20)
		}
		w := "-"
		if s := written.FindStringSubmatch(m.out); s != nil {
			w = fmt.Sprintf("%s written, %s unchanged, %s removed", s[1], s[2], s[3])
		}
		fmt.Printf("%-8d %-22s %10v %10v %6d MiB %10s %7.2fx %s\n", n, label, m.wall.Round(time.Millisecond), m.cpu.Round(time.Millisecond), m.rssKiB>>10, size, m.wall.Seconds()/fl.wall.Seconds(), w)
	}
	row("floor", fl, floorOut)
	hugo, err := hugoBuild(gen, dir, filepath.Join(work, fmt.Sprintf("hugo-%d", n)))
	if err != nil {
		return err
	}
	if hugo != nil {
		row("Hugo cold build", *hugo, filepath.Join(work, fmt.Sprintf("hugo-%d", n)))
	}
	args := []string{"build", "--root", dir, "--out", siteOut, "--as-of", "2026-11-29"}
	cold, err := median(func(int) (measurement, error) {
		os.RemoveAll(siteOut)
		return measure(bin, args...)
	})
	if err != nil {
		return err
	}
	row("cold build", cold, siteOut)
	w, err := build.Weigh(os.DirFS(siteOut))
	if err != nil {
		return err
	}
	fmt.Printf("%-8d largest page %s, %d KB (budget %d KB); a search fetches %d KB gzip-compressed before its results (budget %d KB)\n",
		n, w.Page, w.PageBytes>>10, build.MaxPage>>10, w.Search>>10, build.MaxSearch>>10)
	if hugo != nil {
		fmt.Printf("%-8d cold build vs Hugo's: %.2fx wall, %.2fx CPU, %d MiB peak RSS against %d MiB\n", n,
			cold.wall.Seconds()/hugo.wall.Seconds(), cold.cpu.Seconds()/hugo.cpu.Seconds(), cold.rssKiB>>10, hugo.rssKiB>>10)
	}
	noop, err := median(func(int) (measurement, error) { return measure(bin, args...) })
	if err != nil {
		return err
	}
	row("no-op rebuild", noop, "")
	files, _ := filepath.Glob(filepath.Join(dir, "content", "projects", "*.md"))
	target := files[len(files)/2]
	data, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	edit, err := median(func(i int) (measurement, error) {
		if err := os.WriteFile(target, fmt.Appendf(data, "\nOne more sentence, %d.\n", i), 0o644); err != nil {
			return measurement{}, err
		}
		return measure(bin, args...)
	})
	if err != nil {
		return err
	}
	row("one-file edit rebuild", edit, "")

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	res := build.Run(os.DirFS(dir), build.Options{AsOf: asOf})
	runtime.ReadMemStats(&after)
	if res.Diags.HasErrors() {
		return res.Diags.Err()
	}
	fmt.Printf("%-8d in-process build: %d allocations, %d MiB allocated in all\n", n, after.Mallocs-before.Mallocs, (after.TotalAlloc-before.TotalAlloc)>>20)

	// The preview server's path: a build that keeps its cache, then edits
	// of three kinds, each made a moment after the last rebuild as a
	// person saving would (back to back, the CPU's caches flatter them).
	cache := build.NewCache(time.Now)
	preview := build.Options{AsOf: asOf, Cache: cache, Stream: func(export.Download) {}} // downloads joined when asked for
	build.Run(os.DirFS(dir), preview)
	const edits = 9 // a GC cycle lands in about one rebuild in three at 10,000 projects
	fmt.Printf("%-8d in-process one-file edit rebuilds with the preview's cache, median of %d (min to max), ratio to the floor:\n", n, edits)
	for _, e := range editKinds {
		if !e.applies(data) {
			fmt.Printf("%-8d   %-9s (the corpus's files have no such line)\n", n, e.name)
			continue
		}
		var times []time.Duration
		for i := range edits {
			time.Sleep(300 * time.Millisecond)
			if err := os.WriteFile(target, e.edit(data, i), 0o644); err != nil {
				return err
			}
			start := time.Now()
			if r := build.Run(os.DirFS(dir), preview); r.Diags.HasErrors() {
				return r.Diags.Err()
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		fmt.Printf("%-8d   %-9s %v (%v to %v; %.2fx)\n", n, e.name, times[edits/2].Round(time.Millisecond),
			times[0].Round(time.Millisecond), times[edits-1].Round(time.Millisecond), times[edits/2].Seconds()/fl.wall.Seconds())
	}
	fmt.Println()
	return os.WriteFile(target, data, 0o644)
}

// unlisted are country names the shared generator draws from that M49
// does not list, which a build refuses as unknown, with what stands in
// for them: a global scope, which has no page.
var unlisted = map[string]string{`  - "Taiwan"` + "\n": `  - "Developing Countries"` + "\n"}

// dropUnlisted replaces, in the corpus under dir, the countries entries
// that a build would refuse, so that the corpus builds.
func dropUnlisted(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "content", "projects", "*.md"))
	if err != nil {
		return err
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		fixed := data
		for from, to := range unlisted {
			fixed = bytes.ReplaceAll(fixed, []byte(from), []byte(to))
		}
		if !bytes.Equal(fixed, data) {
			if err := os.WriteFile(name, fixed, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// hugoBuild measures Hugo's cold build of the corpus in dir into out with
// the shared Hugo site beside the generator (bench/hugo/run.sh), which
// renders the same page set as a plain portfolio: the peer the build is
// held to. Without hugo on the PATH (apt-get install hugo) it measures
// nothing and says so.
func hugoBuild(gen, dir, out string) (*measurement, error) {
	script := filepath.Join(filepath.Dir(gen), "hugo", "run.sh")
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		fmt.Println("         (no hugo on the PATH: apt-get install hugo for the ratio to Hugo)")
		return nil, nil
	}
	if _, err := os.Stat(script); err != nil {
		fmt.Printf("         (no %s beside the generator: no ratio to Hugo)\n", script)
		return nil, nil
	}
	m, err := median(func(int) (measurement, error) {
		os.RemoveAll(out)
		return measure("bash", script, hugo, dir, out)
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// editKinds are the edits the benchmark makes to one project file: its
// body (the common save), its title (shown on every list that has it), and
// its countries (which moves it between place pages and related lists).
var editKinds = []struct {
	name    string
	applies func(data []byte) bool
	edit    func(data []byte, i int) []byte
}{
	{"body", func([]byte) bool { return true }, func(data []byte, i int) []byte {
		return fmt.Appendf(bytes.Clone(data), "\nAn edit in process, %d.\n", i)
	}},
	{"title", titleLine.Match, func(data []byte, i int) []byte {
		return titleLine.ReplaceAll(data, fmt.Appendf(nil, "title: \"Retitled project %d\"", i))
	}},
	{"countries", countriesLine.Match, func(data []byte, i int) []byte {
		return countriesLine.ReplaceAll(data, fmt.Appendf(nil, "countries:\n  - %s\n", []string{"Peru", "Kenya"}[i%2]))
	}},
}

var (
	titleLine     = regexp.MustCompile(`(?m)^title: .*$`)
	countriesLine = regexp.MustCompile(`(?m)^countries:\n`)
)

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// floor reads every project file under dir, converts its body with the
// site's goldmark configuration and writes each to out/<name>/index.html,
// in parallel on every core, as a generator's least possible work.
func floor(dir, out string) error {
	paths, err := filepath.Glob(filepath.Join(dir, "content", "projects", "*.md"))
	if err != nil {
		return err
	}
	md := content.NewMarkdown(false)
	errs := make(chan error, len(paths))
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		go func() {
			var buf bytes.Buffer
			for p := range next {
				errs <- func() error {
					data, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					// Skip the front matter: the floor converts the body only.
					if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
						if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
							data = rest[i+5:]
						}
					}
					buf.Reset()
					if err := md.Convert(data, &buf); err != nil {
						return err
					}
					d := filepath.Join(out, strings.TrimSuffix(filepath.Base(p), ".md"))
					if err := os.MkdirAll(d, 0o755); err != nil {
						return err
					}
					return os.WriteFile(filepath.Join(d, "index.html"), buf.Bytes(), 0o644)
				}()
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	for range paths {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
