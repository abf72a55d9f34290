package accounts

import (
	"sync"
	"time"
)

// The throttle's rules (see the package doc).
const (
	freeFailures = 2                // failures before attempts must wait
	firstWait    = 2 * time.Second  // the wait after the third failure, doubling
	longestWait  = time.Minute      // the longest wait before a lockout
	lockFailures = 10               // failures within failWindow that lock out
	failWindow   = 15 * time.Minute // how long a failure counts
	lockout      = 15 * time.Minute
	maxTracked   = 100000 // names and addresses remembered at most
)

// Throttle slows and locks out repeated wrong passwords, by account name
// and by client address.
type Throttle struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[string]*failures
}

type failures struct {
	at     []time.Time // within failWindow
	locked time.Time   // locked out until then
}

// NewThrottle makes a throttle on the clock now.
func NewThrottle(now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{now: now, m: map[string]*failures{}}
}

// Wait is how long the caller must wait before trying again under any of
// keys ("name:alice", "addr:10.0.0.7"): 0 to go on.
func (t *Throttle) Wait(keys ...string) time.Duration {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		f := t.m[k]
		if f == nil {
			continue
		}
		f.trim(now)
		w := f.locked.Sub(now)
		if n := len(f.at); n > freeFailures {
			d := min(firstWait<<(n-freeFailures-1), longestWait)
			w = max(w, f.at[n-1].Add(d).Sub(now))
		}
		wait = max(wait, w)
	}
	return wait
}

// Fail records a failed attempt under keys.
func (t *Throttle) Fail(keys ...string) {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.m) >= maxTracked {
		for k, f := range t.m {
			if f.trim(now); len(f.at) == 0 && !f.locked.After(now) {
				delete(t.m, k)
			}
		}
	}
	for _, k := range keys {
		f := t.m[k]
		if f == nil {
			f = &failures{}
			t.m[k] = f
		}
		f.trim(now)
		f.at = append(f.at, now)
		if len(f.at) >= lockFailures {
			f.locked, f.at = now.Add(lockout), nil
		}
	}
}

// Succeed clears the failures of key (the account logged in).
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.m[key]; f != nil && !f.locked.After(t.now()) {
		delete(t.m, key)
	}
}

func (f *failures) trim(now time.Time) {
	i := 0
	for i < len(f.at) && now.Sub(f.at[i]) >= failWindow {
		i++
	}
	f.at = f.at[i:]
}
