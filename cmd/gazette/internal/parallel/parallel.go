// Package parallel runs the independent steps of a build stage — one per
// document, page or feed — across all cores.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0) … f(n-1) on at most GOMAXPROCS goroutines and returns
// when all calls have returned. f must be safe to call concurrently; it
// writes its result into slot i of a slice the caller owns.
func For(n int, f func(i int)) {
	if n <= 0 {
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
