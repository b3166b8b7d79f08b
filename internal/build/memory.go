package build

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// A memory limit for one build (Options.LimitMemory). Left to GOGC alone,
// the heap grows to twice what was live at the last collection, and near
// the build's peak that is most of its memory. The limit is set instead
// from what the site holds once read: the collector then works a little
// more often near the peak, and the process stays well under twice it.
// The limit is soft (debug.SetMemoryLimit): a build that needs more gets
// it, at the cost of more collections.
type memoryLimit struct {
	on    bool
	prev  int64 // the limit before the build's
	limit int64
}

// How far past what is live once the project files are read, and again
// once their bodies are converted (when the bodies pass converts them), a
// build's memory may grow. Measured at 1,000 to 100,000 projects, the
// collector finds at most about 3.5 times the first live later on, and
// twice the second. At 10,000 projects the first gives a limit of about
// 125 MiB, and a peak of about 135 MiB with the program's own pages.
const (
	readFactor   = 4.5
	bodiesFactor = 5 / 2.0
	leastLimit   = 64 << 20
)

func limitMemory(on bool) *memoryLimit {
	m := &memoryLimit{on: on}
	if on {
		m.prev = debug.SetMemoryLimit(-1)
	}
	return m
}

// fit raises the limit to factor times what is live now, after a
// collection (and to at least leastLimit); the first call sets it.
func (m *memoryLimit) fit(factor float64) {
	if !m.on {
		return
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	live := int64(s[0].Value.Uint64())
	m.limit = min(max(m.limit, int64(factor*float64(live)), leastLimit), m.prev) // never above the process's own
	debug.SetMemoryLimit(m.limit)
}

// lift puts back the limit the process had before the build.
func (m *memoryLimit) lift() {
	if m.on {
		debug.SetMemoryLimit(m.prev)
	}
}
