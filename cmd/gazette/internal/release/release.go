// Package release publishes on time without a person: gazette serve
// -publish. It runs the build the CLI runs (a build.Engine, kept from one
// build to the next, given as a Builder) at each instant the
// live generation is waiting for — an embargo that ends, an expiry — and
// every Options.Every besides, so that a document added or rescheduled
// since the last build is picked up too. A build whose inputs have not
// changed stops after loading the content, so the regular builds cost a
// load each.
//
// The next instant is read from the schedule the build leaves in the index
// (disk.ScheduleFile), so the publisher waits for exactly what the live
// generation lacks. Dates are the editors': a date without an offset is
// read in the site's time zone by the loader, and the schedule holds
// absolute instants, so the process's own time zone never matters.
package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
)

// DefaultEvery is how often the publisher builds when nothing is due: a
// minute, the target for a document to go live after its instant, and the
// period of the deploy/ timer that does the same for a static-only setup.
const DefaultEvery = time.Minute

// A Builder runs the site's build with the clock at now: in gazette, a
// build.Engine's Build after SetNow. A Publisher calls it from one
// goroutine at a time.
type Builder func(ctx context.Context, now time.Time) (Outcome, error)

// Outcome is what a build did.
type Outcome struct {
	Summary   string // one line, for Options.Out
	Unchanged bool   // nothing was written: the live site is as it was
}

// Options configure a Publisher.
type Options struct {
	Build   Builder
	Index   string           // the index directory the build writes, where it leaves its schedule
	Clock   func() time.Time // time.Now when nil
	Every   time.Duration    // DefaultEvery when zero
	Out     io.Writer        // one line per build that changed the site, and every failure
	Log     *slog.Logger
	Changed func() // after a build made a new generation live: serve.Server.Reload
}

// Publisher runs the scheduled builds.
type Publisher struct {
	opt  Options
	next time.Duration // how long Run waits before its first build
	last time.Time     // the clock of the last Step

	mu      sync.Mutex
	changed func()
}

// New returns a Publisher for opt.
func New(opt Options) *Publisher {
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Every <= 0 {
		opt.Every = DefaultEvery
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Changed == nil {
		opt.Changed = func() {}
	}
	return &Publisher{opt: opt, changed: opt.Changed}
}

// SetChanged sets what to call after a build made a new generation live
// (the server's Reload); set it before Run.
func (p *Publisher) SetChanged(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.changed = f
}

// recheckEvery is how often Run reads the live generation's schedule
// between its own builds: a build made by hand (or by a timer) may add a
// document due sooner than the publisher planned for.
const recheckEvery = 5 * time.Second

// Run builds at every due instant and every Options.Every until ctx ends,
// starting with the build the last Step planned (at once when there was
// none). Between builds it rereads the live schedule, so a document that a
// build someone else ran has scheduled sooner is published on time too. A
// failed build is reported and tried again — after Options.Every for a
// content error an editor committed, after a few seconds for anything else
// (another build holding the lock) — and the live site stays as it was.
func (p *Publisher) Run(ctx context.Context) error {
	deadline := p.opt.Clock().Add(p.next)
	for {
		if at, ok := p.scheduledElsewhere(); ok && at.Before(deadline) {
			deadline = at
		}
		t := time.NewTimer(min(max(deadline.Sub(p.opt.Clock()), 0), recheckEvery))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		if now := p.opt.Clock(); !now.Before(deadline) {
			_ = p.Step(ctx)
			deadline = now.Add(p.next)
		}
	}
}

// scheduledElsewhere is the first change the live generation waits for
// that came due after the publisher's last build, if any: a build run by
// someone else made the generation wait for it.
func (p *Publisher) scheduledElsewhere() (time.Time, bool) {
	sc, err := disk.ReadSchedule(p.opt.Index)
	if err != nil {
		return time.Time{}, false
	}
	for _, e := range sc.Pending {
		if e.At.After(p.last) {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// Step builds at the clock's time and plans the next build: at the live
// generation's next pending instant, or after Options.Every, whichever
// comes first. Next says when.
func (p *Publisher) Step(ctx context.Context) error {
	now := p.opt.Clock()
	p.last = now
	sum, err := p.opt.Build(ctx, now)
	switch {
	case err != nil:
		fmt.Fprintf(p.opt.Out, "%v\nscheduled build at %s failed; the live site is unchanged\n", err, now.Format(time.RFC3339))
	case !sum.Unchanged:
		fmt.Fprintf(p.opt.Out, "scheduled build at %s: %s\n", now.Format(time.RFC3339), sum.Summary)
		p.mu.Lock()
		f := p.changed
		p.mu.Unlock()
		f()
	default:
		p.opt.Log.Debug("scheduled build: nothing changed", "now", now)
	}
	next, nerr := nextDue(p.opt.Index, now)
	if nerr != nil && !errors.Is(nerr, os.ErrNotExist) {
		p.opt.Log.Warn("reading the schedule", "err", nerr)
	}
	p.next = wait(now, next, p.opt.Every)
	var list content.ErrorList
	if err != nil && !errors.As(err, &list) {
		// Not the content but the moment (another build holding the
		// store's lock, a full disk): try again soon, not in a minute.
		p.next = min(p.next, recheckEvery)
	}
	return err
}

// Next is how long after the last Step the next build is due.
func (p *Publisher) Next() time.Duration { return p.next }

// wait is how long to sleep at now before building for next (zero when
// there is none): never longer than every, and a little past the instant,
// never before it.
func wait(now, next time.Time, every time.Duration) time.Duration {
	if next.IsZero() || !next.After(now) {
		return every
	}
	return min(next.Sub(now), every)
}

// nextDue is the first instant after now that the live generation in the
// index directory is waiting for, or the zero time when it waits for none.
func nextDue(index string, now time.Time) (time.Time, error) {
	sc, err := disk.ReadSchedule(index)
	if err != nil {
		return time.Time{}, err
	}
	for _, e := range sc.Pending {
		if e.At.After(now) {
			return e.At, nil
		}
	}
	return time.Time{}, nil
}
