package main

import (
	"testing"
	"time"
)

// TestTidier: after a rebuild that allocated more than the heap has room
// for twice over, the tidier collects once the delay has passed; a
// rebuild started meanwhile, or one that allocated next to nothing,
// leaves the collector alone. The test holds the tidier's timer and its
// reading of the heap, so nothing waits and other tests' allocations do
// not count.
func TestTidier(t *testing.T) {
	var look func()
	collections := 0
	heap := memory{allocated: 1 << 30, live: 200 << 20, goal: 400 << 20}
	tt := &tidier{
		after: func(d time.Duration, f func()) {
			if d != tidyDelay {
				t.Errorf("the tidier looks after %v, want %v", d, tidyDelay)
			}
			look = f
		},
		collect: func() { collections++ },
		memory:  func() memory { return heap },
	}
	rebuild := func(garbage uint64) {
		look = nil
		tt.begin()
		heap.allocated += garbage
		tt.end()
		if look == nil {
			t.Fatal("the tidier scheduled no look after a rebuild")
		}
	}

	rebuild(120 << 20) // 200 + 2×120 MiB passes the 400 MiB goal
	look()
	if collections != 1 {
		t.Errorf("%d collections after a rebuild that used more than the heap's room, want 1", collections)
	}

	rebuild(120 << 20)
	tt.begin() // the next rebuild starts before the tidier looks
	look()
	if collections != 1 {
		t.Error("a collection while a rebuild was under way")
	}
	tt.end()

	rebuild(1 << 20)
	look()
	if collections != 1 {
		t.Error("a collection after a rebuild that allocated next to nothing")
	}

	// The real reading: the runtime's figures are there and consistent.
	if m := readMemory(); m.allocated == 0 || m.live == 0 || m.goal == 0 {
		t.Errorf("readMemory() = %+v, want every figure above zero", m)
	}
}
