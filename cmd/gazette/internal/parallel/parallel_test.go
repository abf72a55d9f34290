package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]int32, n)
		var calls atomic.Int64
		For(n, func(i int) {
			atomic.AddInt32(&seen[i], 1)
			calls.Add(1)
		})
		if calls.Load() != int64(n) {
			t.Errorf("n=%d: %d calls", n, calls.Load())
		}
		for i, c := range seen {
			if c != 1 {
				t.Errorf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
}

func TestDoStopsAtFirstError(t *testing.T) {
	var calls atomic.Int64
	boom := errors.New("disk full")
	err := Do(context.Background(), 10000, func(i int) error {
		calls.Add(1)
		if i >= 10 {
			return fmt.Errorf("file %d: %w", i, boom)
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Do returned %v, want the first step's error", err)
	}
	if strings.Count(err.Error(), "disk full") != 1 {
		t.Errorf("error %q reports more than one failure", err)
	}
	// Each worker may take one more step before it sees the failure.
	if n := calls.Load(); n > 10+2*int64(runtime.GOMAXPROCS(0)) {
		t.Errorf("%d steps ran after the first failure; want it to stop", n)
	}
}

func TestDoStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	err := Do(ctx, 10000, func(i int) error {
		if calls.Add(1) == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Do returned %v, want context.Canceled", err)
	}
	if n := calls.Load(); n > 5+2*int64(runtime.GOMAXPROCS(0)) {
		t.Errorf("%d steps ran after the cancel", n)
	}
}
