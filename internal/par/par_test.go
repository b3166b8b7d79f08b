package par

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	var sum atomic.Int64
	Do(10, func(i int) { sum.Add(int64(i)) })
	if sum.Load() != 45 {
		t.Errorf("sum = %d, want 45", sum.Load())
	}
}

// TestDoPanics: a panic on one goroutine reaches the caller, after the
// others have finished.
func TestDoPanics(t *testing.T) {
	var done atomic.Int32
	defer func() {
		p, ok := recover().(*Panic)
		if !ok || p.Value != "boom" || !strings.Contains(string(p.Stack), "par.TestDoPanics") {
			t.Errorf("recovered %+v, want boom with the stack where it was raised", p)
		}
		if done.Load() != 3 {
			t.Errorf("%d of the other goroutines finished before the panic came through, want 3", done.Load())
		}
	}()
	Do(4, func(i int) {
		if i == 2 {
			panic("boom")
		}
		done.Add(1)
	})
	t.Error("Do returned after a panic")
}
