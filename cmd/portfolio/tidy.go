package main

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// tidier collects garbage while the preview is idle. A rebuild at 10,000
// projects allocates tens of megabytes over a live heap of hundreds, so
// one rebuild in four or five used to run into a collection and take
// 70-90 ms longer than the others. After each rebuild, once the browser
// has had its pages, the tidier collects if the next rebuild would likely
// start one anyway: the editor is typing, not waiting, then.
type tidier struct {
	mu      sync.Mutex
	gen     int                         // rebuilds so far: a collection waits for no rebuild after its own
	start   uint64                      // allocated bytes when the running rebuild began
	after   func(time.Duration, func()) // time.AfterFunc, but for tests
	collect func()                      // runtime.GC, but for tests
}

// tidyDelay is how long after a rebuild the tidier looks: long enough for
// the browser's reload to be served first.
const tidyDelay = 250 * time.Millisecond

// begin is called as a rebuild starts.
func (t *tidier) begin() {
	t.mu.Lock()
	t.gen++
	t.start = allocated()
	t.mu.Unlock()
}

// end is called once a rebuild is published: it schedules a collection
// if the headroom left before the next one is less than twice what the
// rebuild allocated, and no rebuild starts meanwhile.
func (t *tidier) end() {
	t.mu.Lock()
	gen, used := t.gen, allocated()-t.start
	t.mu.Unlock()
	after := t.after
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	after(tidyDelay, func() {
		t.mu.Lock()
		stale := t.gen != gen
		t.mu.Unlock()
		if !stale && needsCollection(used) {
			if t.collect != nil {
				t.collect()
			} else {
				runtime.GC()
			}
		}
	})
}

// needsCollection reports whether a rebuild allocating used bytes would
// likely run into a collection: whether the heap is within twice that of
// the collector's goal.
func needsCollection(used uint64) bool {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	goal, heap := s[0].Value.Uint64(), s[1].Value.Uint64()
	return heap+2*used >= goal
}

// allocated returns the bytes allocated on the heap so far.
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
