package serve

import (
	"cmp"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/publish"
)

// PageMaxAge is how long a page or file may be cached, by a browser, a CDN
// or nginx: short, because a scheduled release must not wait behind a cached
// home page or list for longer than the one-minute publishing target allows.
const PageMaxAge = 60 * time.Second

var pageCache = "public, max-age=" + strconv.Itoa(int(PageMaxAge/time.Second))

// OverdueAfter is how late a due change may be before /healthz fails: the
// publisher builds every minute and a build takes a few more, so five
// minutes late is a publisher that is not running or a build that fails.
const OverdueAfter = 5 * time.Minute

// health is the body of GET /healthz.
type health struct {
	// "ok"; "build failing" (200: the last build failed, nothing is
	// overdue yet); "overdue" or "search unavailable" (503)
	Status      string       `json:"status"`
	Generation  string       `json:"generation"`
	BuiltAt     *string      `json:"built_at"`
	Documents   int          `json:"documents"`
	NextDue     *string      `json:"next_due"`
	Overdue     []overdue    `json:"overdue"`
	FailedBuild *failedBuild `json:"failed_build"` // null when the last build succeeded
	Search      string       `json:"search"`       // "ok", or why the index cannot be opened
}

// overdue is a change due more than OverdueAfter ago that the live
// generation lacks: one it was itself waiting for, or one the content holds
// and a failed build could not publish. Path and URL are given when known,
// which is once the change was due when a failed build recorded it: a
// generation holds nothing of a publication but its ID before its time,
// and gazette schedule prints the ID beside the file.
type overdue struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Due  string `json:"due"`
	Path string `json:"path"`
	URL  string `json:"url"`
}

// failedBuild is the last build, when it failed (disk.Failure): its
// clock and how many errors; the errors themselves are in its log and in
// gazette check.
type failedBuild struct {
	At     string `json:"at"`
	Errors int    `json:"errors"`
}

// healthz answers 200 when nothing due more than OverdueAfter ago is
// missing from the live generation and its index opens, 503 otherwise,
// with the details as JSON either way. What is due is judged by the live
// generation's schedule and by what the last build, when it failed, found
// waiting in the content: a release committed with a file every build
// rejects is in no generation's schedule. Monitors and load balancers poll
// it; it is never cached. It names coming instants (next_due), so it is
// for the monitor alone: the replica's own port, which nginx does not pass
// on but to the monitor's addresses.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	now := s.opt.Clock()
	gen := generationOf(s.opt.Public)
	h := health{Status: "ok", Generation: gen, Search: "ok", Overdue: []overdue{}}
	loc := g.cfg.Location
	at := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	late := func(kind, id string, due time.Time, path, url string) {
		if now.Sub(due) <= OverdueAfter {
			return
		}
		for i, o := range h.Overdue {
			if o.Kind == kind && o.ID == id {
				h.Overdue[i].Path, h.Overdue[i].URL = cmp.Or(o.Path, path), cmp.Or(o.URL, url)
				return
			}
		}
		h.Overdue = append(h.Overdue, overdue{Kind: kind, ID: id, Due: at(due), Path: path, URL: url})
	}
	if sc, err := disk.ReadSchedule(s.opt.Index); err == nil {
		b := at(sc.BuiltAt)
		h.BuiltAt, h.Documents = &b, sc.Documents
		for _, p := range sc.Pending {
			if h.NextDue == nil && p.At.After(now) {
				n := at(p.At)
				h.NextDue = &n
			}
			late(p.Kind, p.ID, p.At, "", p.URL)
		}
	} else {
		s.opt.Log.Warn("healthz: no schedule in the index", "err", err)
	}
	if f, ok, err := disk.ReadFailure(s.opt.Public); err != nil {
		s.opt.Log.Warn("healthz: the record of the last failed build", "err", err)
	} else if ok {
		h.FailedBuild, h.Status = &failedBuild{At: at(f.At), Errors: f.Errors}, "build failing"
		if f.Live == gen { // about the generation served, not one a later build replaced
			for _, wt := range f.Waiting {
				late(wt.Kind, wt.ID, wt.At, wt.Path, wt.URL)
			}
		}
	}
	slices.SortStableFunc(h.Overdue, func(a, b overdue) int { return cmp.Compare(a.Due, b.Due) })
	code := http.StatusOK
	if len(h.Overdue) > 0 {
		h.Status, code = "overdue", http.StatusServiceUnavailable
	}
	if g.ix == nil {
		h.Search, h.Status, code = "unavailable", "search unavailable", http.StatusServiceUnavailable
		if g.err != nil {
			h.Search = g.err.Error()
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(h)
}

// generationOf names the live generation: its folder under .gazette/ when
// public/ is the usual link into it.
func generationOf(public string) string {
	if p, err := filepath.EvalSymlinks(public); err == nil {
		gen := filepath.Dir(p)
		if filepath.Base(filepath.Dir(gen)) == publish.StoreDir {
			return filepath.Base(gen)
		}
	}
	return ""
}
