package build

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"testing"
	"time"

	"portfolio/internal/render"
)

func TestZZProfEdit(t *testing.T) {
	dir := os.Getenv("PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	cache := NewCache()
	Run(os.DirFS(dir), Options{AsOf: asOf, Cache: cache, Emit: func(f render.File) {}})
	target := dir + "/content/projects/" + os.Getenv("PROF_FILE")
	data, _ := os.ReadFile(target)
	defer os.WriteFile(target, data, 0o644)
	f, _ := os.Create("/tmp/edit.prof")
	pprof.StartCPUProfile(f)
	for i := range 10 {
		os.WriteFile(target, fmt.Appendf(data, "\nAn edit %d.\n", i), 0o644)
		start := time.Now()
		r := Run(os.DirFS(dir), Options{AsOf: asOf, Cache: cache, Emit: func(f render.File) {}})
		t.Logf("%v %d", time.Since(start), len(r.Diags))
	}
	pprof.StopCPUProfile()
	f.Close()
	m, _ := os.Create("/tmp/editmem.prof")
	pprof.Lookup("allocs").WriteTo(m, 0)
	m.Close()
}

func TestZZHeap(t *testing.T) {
	dir := os.Getenv("PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	var n atomic.Int32
	Run(os.DirFS(dir), Options{AsOf: asOf, Emit: func(f render.File) {
		if n.Add(1) == 1 {
			runtime.GC()
			h, _ := os.Create("/tmp/heap.prof")
			pprof.WriteHeapProfile(h)
			h.Close()
		}
	}})
}
