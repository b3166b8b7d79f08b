// Package par runs work on several goroutines as one call: Do returns when
// all of it is done, and a panic on any goroutine is raised again on the
// caller's, where the caller's own recover (build.Run turns any panic into
// an error naming the step) can see it. A panic on a goroutine of its own
// would end the process instead.
package par

import "sync"

// Do runs f(0), …, f(n-1) at once and waits for all of them. If any
// panics, Do panics with the first value once all have returned.
func Do(n int, f func(i int)) {
	var wg sync.WaitGroup
	var once sync.Once
	var panicked any
	for i := range n {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					once.Do(func() { panicked = v })
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
