package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuf is a terminal the bar's goroutines and the test share.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuf) Len() int       { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Len() }
func (l *lockedBuf) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// The bar stays away for a quick build and appears for a slow one; it is
// never drawn under CI=true.
func TestProgress(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		e, _, _ := testEnv()
		errb := &lockedBuf{}
		e.stderr = errb
		e.terminal = func(io.Writer) bool { return true }
		e.getenv = func(k string) string {
			if k == "CI" {
				return ci
			}
			return ""
		}
		p := newProgress(e, false)
		p.update("render", 10, 100)
		if errb.Len() != 0 && ci == "" {
			t.Fatalf("bar before a second: %q", errb)
		}
		time.Sleep(progressDelay + 200*time.Millisecond)
		p.update("render", 50, 100)
		p.update("write", 0, 0)
		time.Sleep(150 * time.Millisecond)
		p.finish()
		got := errb.String()
		if ci == "" && !strings.Contains(got, "render") {
			t.Errorf("no bar for a slow build: %q", got)
		}
		if ci == "true" && got != "" {
			t.Errorf("bar under CI=true: %q", got)
		}
	}
}
