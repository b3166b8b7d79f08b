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
	memory  func() memory               // readMemory, but for tests
}

// memory is what the tidier reads of the heap, in bytes.
type memory struct {
	allocated uint64 // allocated so far
	live      uint64 // in live and unswept objects now
	goal      uint64 // the size at which the next collection starts
}

// tidyDelay is how long after a rebuild the tidier looks: long enough for
// the browser's reload to be served first.
const tidyDelay = 250 * time.Millisecond

// begin is called as a rebuild starts.
func (t *tidier) begin() {
	t.mu.Lock()
	t.gen++
	t.start = t.read().allocated
	t.mu.Unlock()
}

// end is called once a rebuild is published: it schedules a collection
// if the headroom left before the next one is less than twice what the
// rebuild allocated, and no rebuild starts meanwhile.
func (t *tidier) end() {
	t.mu.Lock()
	gen, used := t.gen, t.read().allocated-t.start
	t.mu.Unlock()
	after := t.after
	if after == nil {
		after = func(d time.Duration, f func()) { time.AfterFunc(d, f) }
	}
	after(tidyDelay, func() {
		t.mu.Lock()
		stale := t.gen != gen
		t.mu.Unlock()
		// Collect if a rebuild like this one would likely run into a
		// collection: if the heap is within twice its allocation of the goal.
		if m := t.read(); !stale && m.live+2*used >= m.goal {
			if t.collect != nil {
				t.collect()
			} else {
				runtime.GC()
			}
		}
	})
}

func (t *tidier) read() memory {
	if t.memory != nil {
		return t.memory()
	}
	return readMemory()
}

// readMemory reads the heap's figures from the runtime.
func readMemory() memory {
	s := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/goal:bytes"},
	}
	metrics.Read(s)
	return memory{s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()}
}
