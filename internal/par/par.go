// Package par runs work on several goroutines as one call: Do returns when
// all of it is done, and a panic on any goroutine is raised again on the
// caller's, where the caller's own recover (build.Run turns any panic into
// an error naming the step) can see it. A panic on a goroutine of its own
// would end the process instead.
package par

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// Panic is what Do panics with when a goroutine panicked: the value, and
// the goroutine's stack where it panicked, which the caller's recover no
// longer sees.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) String() string { return fmt.Sprint(p.Value) }

// Do runs f(0), …, f(n-1) at once and waits for all of them. If any
// panics, Do panics with a *Panic for the first once all have returned (a
// *Panic from a Do within f comes through as it is).
func Do(n int, f func(i int)) {
	var wg sync.WaitGroup
	var once sync.Once
	var panicked *Panic
	for i := range n {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					p, ok := v.(*Panic)
					if !ok {
						p = &Panic{Value: v, Stack: debug.Stack()}
					}
					once.Do(func() { panicked = p })
				}
			}()
			f(i)
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}
