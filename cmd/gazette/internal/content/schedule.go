package content

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"
)

// Event kinds: what the clock does to a document at an Event's instant.
const (
	EventPublish = "publish" // the embargo ends: the document appears everywhere
	EventExpire  = "expire"  // expires is reached: validity turns to 失效
)

// An Event is a change the clock alone will make to the site: no file
// needs to change, only a build at or after At.
type Event struct {
	At   time.Time // in the site's time zone
	Kind string    // EventPublish or EventExpire
	Doc  *Document
}

// Schedule lists what is waiting at the clock the site was loaded at
// (Options.Now): every embargoed document, at the instant it will be
// published, and every coming expiry, soonest first. Drafts are never
// published by the clock and are left out; a document of an embargoed issue
// waits for the later of its own date and the issue's. A site loaded with
// Options.Drafts publishes everything at once, so only expiries wait.
func (s *Site) Schedule() []Event {
	loc := s.Config.Location
	var out []Event
	for _, d := range s.All {
		at, ok := d.Release()
		if !ok {
			continue
		}
		if !s.drafts && at.After(s.Now) {
			out = append(out, Event{At: at.In(loc), Kind: EventPublish, Doc: d})
		}
		// An expiry before the release is no event: the document is
		// published already expired.
		if e := d.ExpiresAt(); !e.IsZero() && e.After(s.Now) && !e.Before(at) {
			out = append(out, Event{At: e.In(loc), Kind: EventExpire, Doc: d})
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Doc.Path, b.Doc.Path), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// Release is when the clock publishes the document, as a build decides it:
// its date, or its issue's when that is later; false for drafts, pages and
// the documents of a draft issue, which the clock never publishes.
func (d *Document) Release() (time.Time, bool) {
	if d.Draft || d.Date.IsZero() {
		return time.Time{}, false
	}
	at := d.Date
	if d.Kind == KindGazette && d.Issue != nil {
		if d.Issue.Draft {
			return time.Time{}, false
		}
		if d.Issue.Date.After(at) {
			at = d.Issue.Date
		}
	}
	return at, true
}

// ID names the event's document without saying anything about it: a short
// hash of its path. A generation records a coming publication by this ID
// only, because nothing of an embargoed document — title, 索引號, file
// name, URL — may be in it before its time; gazette schedule prints the ID
// beside the path, so an operator can tell which document is late.
func (e Event) ID() string {
	h := sha256.Sum256([]byte("gazette event\x00" + e.Doc.Path))
	return hex.EncodeToString(h[:6])
}
