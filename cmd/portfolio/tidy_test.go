package main

import (
	"testing"
	"time"
)

var sink [][]byte

// TestTidier: after a rebuild that allocated more than the heap has room
// for twice over, the tidier collects once the delay has passed; a
// rebuild started meanwhile, or one that allocated next to nothing,
// leaves the collector alone. The test holds the tidier's timer: it sees
// the delay asked for and runs the look itself, so nothing waits.
func TestTidier(t *testing.T) {
	var look func()
	collections := 0
	tt := &tidier{
		after: func(d time.Duration, f func()) {
			if d != tidyDelay {
				t.Errorf("the tidier looks after %v, want %v", d, tidyDelay)
			}
			look = f
		},
		collect: func() { collections++ },
	}
	rebuild := func(garbage int) {
		look = nil
		tt.begin()
		for range garbage {
			sink = append(sink, make([]byte, 1<<20))
		}
		sink = nil
		tt.end()
		if look == nil {
			t.Fatal("the tidier scheduled no look after a rebuild")
		}
	}

	rebuild(256)
	look()
	if collections != 1 {
		t.Errorf("%d collections after a rebuild that used more than the heap's room, want 1", collections)
	}

	rebuild(256)
	tt.begin() // the next rebuild starts before the tidier looks
	look()
	if collections != 1 {
		t.Error("a collection while a rebuild was under way")
	}
	tt.end()

	rebuild(0)
	look()
	if collections != 1 {
		t.Error("a collection after a rebuild that allocated nothing")
	}
}
