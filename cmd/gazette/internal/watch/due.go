package watch

import "time"

// maxDueWait bounds the wait for the next due instant, so that a clock
// that jumps (a suspended laptop, a corrected system time) is noticed
// within it.
const maxDueWait = time.Hour

// untilDue is how long until the clock changes the last good build: an
// embargo that ends or an expiry. The preview is rebuilt then, as a
// scheduled build would be, so it shows what the public will see.
func (w *Watcher) untilDue() time.Duration {
	s := w.engine.Site()
	if s == nil {
		return maxDueWait
	}
	now := w.opt.Clock()
	for _, e := range s.Schedule() {
		if e.At.After(now) {
			return min(e.At.Sub(now), maxDueWait)
		}
	}
	return maxDueWait
}
