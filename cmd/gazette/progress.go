package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressDelay is how long a build runs before it gets a progress bar:
// a quick build should print its summary line and nothing else.
const progressDelay = time.Second

// progress draws a build's progress on a terminal: nothing for the first
// second, then a bar per stage (a spinner where the work is not counted).
// It is silent when stderr is not a terminal, under CI=true and with -q.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	on      bool
	start   time.Time
	bar     *progressbar.ProgressBar
	stage   string
	done    int
	total   int
	stopped bool
	tick    *time.Ticker
	quit    chan struct{}
}

func newProgress(e *env, quiet bool) *progress {
	on := !quiet && e.getenv("CI") != "true" && e.terminal(e.stderr)
	p := &progress{w: e.stderr, on: on, start: time.Now()}
	if on {
		// Stages that are not counted (load, write) call back rarely:
		// a ticker keeps the bar appearing on time and the spinner turning.
		p.tick, p.quit = time.NewTicker(100*time.Millisecond), make(chan struct{})
		go func() {
			for {
				select {
				case <-p.quit:
					return
				case <-p.tick.C:
				}
				p.mu.Lock()
				stage, done, total, stopped := p.stage, p.done, p.total, p.stopped
				p.mu.Unlock()
				if stopped {
					return
				}
				if stage != "" {
					p.update(stage, done, total)
				}
			}
		}()
	}
	return p
}

func (p *progress) update(stage string, done, total int) {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	if time.Since(p.start) < progressDelay && p.bar == nil {
		p.stage, p.done, p.total = stage, done, total
		return
	}
	if p.bar == nil || stage != p.stage || total != p.total {
		if p.bar != nil {
			p.bar.Finish()
		}
		max := total
		if max == 0 {
			max = -1 // a spinner
		}
		p.bar = progressbar.NewOptions(max,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(stage),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(65*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetElapsedTime(true),
		)
		p.stage, p.total = stage, total
	}
	p.done = done
	if total > 0 {
		_ = p.bar.Set(done)
	} else {
		_ = p.bar.Add(1)
	}
}

// finish clears the bar, so the summary line stands alone.
func (p *progress) finish() {
	if p == nil || !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	p.tick.Stop()
	close(p.quit)
	if p.bar != nil {
		p.bar.Finish()
		_ = p.bar.Clear()
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
