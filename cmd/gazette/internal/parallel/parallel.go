// Package parallel runs the independent steps of a build stage — one per
// document, page or feed — across all cores.
package parallel

import (
	"context"
	"runtime"
	"sync"
)

// For calls f(0) … f(n-1) on at most GOMAXPROCS goroutines and returns
// when all calls have returned. f must be safe to call concurrently; it
// writes its result into slot i of a slice the caller owns.
func For(n int, f func(i int)) {
	_ = Do(context.Background(), n, func(i int) error { f(i); return nil })
}

// Do is For for steps that can fail: it stops handing out steps at the
// first error, or when ctx ends, waits for the steps already running, and
// returns that first error (or the context's). A build that cannot write
// one file must say so once, not once for every file after it.
func Do(ctx context.Context, n int, f func(i int) error) error {
	if n <= 0 {
		return ctx.Err()
	}
	var (
		once  sync.Once
		first error
		stop  = make(chan struct{})
	)
	fail := func(err error) {
		once.Do(func() {
			first = err
			close(stop)
		})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				if err := f(i); err != nil {
					fail(err)
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-stop:
			break feed
		case <-ctx.Done():
			fail(ctx.Err())
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		// Steps may all have finished just as ctx ended: a cancelled
		// build is cancelled, however far it got.
		return ctx.Err()
	}
	return first
}
