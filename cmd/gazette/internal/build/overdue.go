package build

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/publish"
)

// Overdue lists what the live site behind public lacks although its
// instant has passed at s.Now, by document: every publication of s that is
// due and whose page the live site does not have — the build that would
// publish it failed, or none has run since — and every change the live
// generation itself was waiting for (its ScheduleFile) that is due,
// expiries included. The content decides, not the schedule of the last
// good build: a release committed together with a file every build rejects
// is in no generation's schedule. Soonest first; nil without a live site.
func Overdue(s *content.Site, public string) []content.Event {
	gen, ok := disk.LiveGeneration(public)
	if !ok {
		return nil
	}
	loc := s.Config.Location
	var out []content.Event
	seen := map[string]bool{}
	add := func(e content.Event) {
		if k := e.Kind + "\x00" + e.ID(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	for _, d := range s.Documents {
		at, ok := d.Release()
		if !ok || at.After(s.Now) {
			continue
		}
		page := filepath.Join(gen, "public", filepath.FromSlash(strings.TrimPrefix(d.URL, "/")), "index.html")
		if _, err := os.Stat(page); errors.Is(err, fs.ErrNotExist) {
			add(content.Event{At: at.In(loc), Kind: content.EventPublish, Doc: d})
		}
	}
	if sc, err := disk.ReadSchedule(filepath.Join(gen, "index")); err == nil {
		byID := make(map[string]*content.Document, len(s.All))
		for _, d := range s.All {
			byID[content.Event{Doc: d}.ID()] = d
		}
		for _, p := range sc.Pending {
			if d, ok := byID[p.ID]; ok && !p.At.After(s.Now) {
				add(content.Event{At: p.At.In(loc), Kind: p.Kind, Doc: d})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b content.Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Doc.Path, b.Doc.Path), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// remember records how a build that held the store went: after a failure
// (err), what the content it could read has waiting (s may be nil, or
// partial); after a success, no failure. A preview (Options.Drafts) waits
// for no clock and records nothing but the failure.
func (e *Engine) remember(lk *publish.Locked, s *content.Site, err error) error {
	if err == nil {
		if err := disk.RemoveFailure(lk.Dir()); err != nil {
			return fmt.Errorf("the record of the last failed build: %w", err)
		}
		return nil
	}
	f := disk.Failure{At: e.opt.Now, Errors: 1, Waiting: []disk.Waiting{}}
	if live := lk.Live(); live != "" {
		f.Live = filepath.Base(live)
	}
	var list content.ErrorList
	if errors.As(err, &list) {
		f.Errors = len(list)
	}
	if s != nil && !e.opt.Drafts {
		root := cmp.Or(e.opt.ContentRoot, "content")
		for _, ev := range Overdue(s, e.opt.Public) {
			f.Waiting = append(f.Waiting, disk.Waiting{At: ev.At, Kind: ev.Kind, ID: ev.ID(), Path: path.Join(root, ev.Doc.Path), URL: ev.Doc.URL})
		}
		for _, ev := range s.Schedule() {
			if ev.Kind == content.EventPublish {
				f.Waiting = append(f.Waiting, disk.Waiting{At: ev.At, Kind: ev.Kind, ID: ev.ID()})
			}
		}
	}
	if err := disk.WriteFailure(lk.Dir(), f); err != nil {
		return fmt.Errorf("recording the failed build: %w", err)
	}
	return nil
}
