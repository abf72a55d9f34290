package build

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gazette/cmd/gazette/internal/content"
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
	gen, ok := liveGeneration(public)
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
	if sc, err := ReadSchedule(filepath.Join(gen, "index")); err == nil {
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

// liveGeneration is the folder of the generation the link public leads
// to, holding its public and index.
func liveGeneration(public string) (string, bool) {
	p, err := filepath.EvalSymlinks(public)
	if err != nil {
		return "", false
	}
	gen := filepath.Dir(p)
	if _, err := os.Stat(filepath.Join(gen, "public", "index.html")); err != nil {
		return "", false
	}
	return gen, true
}

// FailureFile, in the store beside the generations (publish.StoreDir), is
// left by a build that failed and removed by the next one that succeeds:
// how a server, which reads no content, learns that builds are failing
// and what waits on them. It is not in any generation, and names a
// publication's file only once it is due, so that nothing of an embargoed
// document is anywhere a reader or a copy of the site can reach before its
// time.
const FailureFile = "failed-build.json"

// Failure is the content of FailureFile.
type Failure struct {
	At      time.Time `json:"at"`      // the failed build's clock
	Errors  int       `json:"errors"`  // how many errors it reported
	Live    string    `json:"live"`    // the generation it left live (its folder's name)
	Waiting []Waiting `json:"waiting"` // soonest first
}

// Waiting is a change of the content that the live generation lacks, as
// the failed build found it: due already (Overdue), or a publication to
// come.
type Waiting struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`           // content.EventPublish or content.EventExpire
	ID   string    `json:"id"`             // content.Event.ID
	Path string    `json:"path,omitempty"` // the file, e.g. content/news/2026/x.md: once due only
	URL  string    `json:"url,omitempty"`  // once due only
}

// remember records how a build that held the store went: after a failure
// (err), what the content it could read has waiting (s may be nil, or
// partial); after a success, no failure. A preview (Options.Drafts) waits
// for no clock and records nothing but the failure.
func (e *Engine) remember(lk *publish.Locked, s *content.Site, err error) error {
	file := filepath.Join(lk.Dir(), FailureFile)
	if err == nil {
		os.Remove(file + ".tmp") // left by a build killed while it wrote the record
		if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the record of the last failed build: %w", err)
		}
		return nil
	}
	f := Failure{At: e.opt.Now, Errors: 1, Waiting: []Waiting{}}
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
			f.Waiting = append(f.Waiting, Waiting{At: ev.At, Kind: ev.Kind, ID: ev.ID(), Path: path.Join(root, ev.Doc.Path), URL: ev.Doc.URL})
		}
		for _, ev := range s.Schedule() {
			if ev.Kind == content.EventPublish {
				f.Waiting = append(f.Waiting, Waiting{At: ev.At, Kind: ev.Kind, ID: ev.ID()})
			}
		}
	}
	data, _ := json.MarshalIndent(f, "", "  ") // times, strings and ints always marshal
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("recording the failed build: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("recording the failed build: %w", err)
	}
	return nil
}

// ReadFailure reads the FailureFile of the store behind public: ok is
// false when the last build succeeded (or there is no store).
func ReadFailure(public string) (f Failure, ok bool, err error) {
	gen, live := liveGeneration(public)
	if !live {
		return f, false, nil
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(gen), FailureFile))
	if errors.Is(err, fs.ErrNotExist) {
		return f, false, nil
	}
	if err != nil {
		return f, false, err
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, false, fmt.Errorf("%s: %w", FailureFile, err)
	}
	return f, true, nil
}
