package main

import (
	"sync/atomic"
	"testing"
	"time"
)

var sink [][]byte

// TestTidier: after a rebuild that allocated more than the heap has room
// for twice over, the tidier collects once the delay has passed; a
// rebuild started meanwhile, or one that allocated next to nothing,
// leaves the collector alone.
func TestTidier(t *testing.T) {
	rebuild := func(tt *tidier, garbage int) {
		tt.begin()
		for range garbage {
			sink = append(sink, make([]byte, 1<<20))
		}
		sink = nil
		tt.end()
	}
	var collections atomic.Int64
	tt := &tidier{delay: 20 * time.Millisecond, collect: func() { collections.Add(1) }}
	forcedCollections := collections.Load

	before := forcedCollections()
	rebuild(tt, 256)
	time.Sleep(200 * time.Millisecond)
	if forcedCollections() == before {
		t.Error("no collection after a rebuild that used more than the heap's room")
	}

	before = forcedCollections()
	rebuild(tt, 256)
	tt.begin() // the next rebuild starts before the tidier looks
	time.Sleep(200 * time.Millisecond)
	if forcedCollections() != before {
		t.Error("a collection while a rebuild was under way")
	}

	before = forcedCollections()
	rebuild(tt, 0)
	time.Sleep(200 * time.Millisecond)
	if forcedCollections() != before {
		t.Error("a collection after a rebuild that allocated nothing")
	}
}
